"""What a responder action is: its parameters declared once, as data (after httpie's
``cli/options.py``), and a ``build`` that turns parsed params into the event payload.

The params are a frozen dataclass whose fields carry an ``arg(...)`` (help, positional or
option, choices); from that one declaration ``gameday.cli.actions`` derives the command,
``gameday.drill.api`` the HTTP route and its listing, a doc generator the reference, and
``gameday.params.parse_params`` the validation every caller shares. A plugin's action is the
same kind of value, returned from its ``gameday_actions`` hook.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from gameday.params import Duration, ParamError, parse_params
from gameday.records import record
from gameday.registry import RegistryError, accepts

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.drill.log import EventLog
    from gameday.target import Target

ARG = "gameday.arg"  # the dataclass field metadata key
ACTION_NAME = re.compile(r"[a-z][a-z0-9_-]*")
TYPE_NAMES: dict[Any, str] = {
    str: "text",
    int: "whole number",
    float: "number",
    bool: "yes/no",
    Duration: "duration",
}


class Arg(NamedTuple):
    """How one parameter is given on the command line (HTTP and scripts use its name)."""

    help: str
    positional: bool = False
    words: bool = False  # a positional taking the remaining words, joined by spaces
    choices: tuple[str, ...] = ()
    metavar: str | None = None
    repeat: bool = False  # an option given several times; the values are joined by commas


def arg(
    help: str,
    *,
    positional: bool = False,
    words: bool = False,
    choices: tuple[str, ...] = (),
    metavar: str | None = None,
    repeat: bool = False,
    default: Any = dataclasses.MISSING,
) -> Any:
    """A params field with its command-line form. A positional is always given on the command
    line (it cannot be skipped unambiguously); its default applies to HTTP and scripts.
    ``repeat``: a text option that may be given several times (``--component a=x
    --component b=y``); HTTP, forms and scripts give the values comma-separated."""
    meta = {ARG: Arg(help, positional or words, words, tuple(choices), metavar, repeat)}
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


class ParamSpec(NamedTuple):
    """One parameter as a doc generator, the CLI and the HTTP listing read it."""

    name: str
    type: str  # text | whole number | number | yes/no | duration
    help: str
    required: bool
    positional: bool = False
    words: bool = False
    choices: tuple[str, ...] = ()
    default: Any = None
    metavar: str = ""
    python_type: Any = str
    repeat: bool = False

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "help": self.help,
            "required": self.required,
            "positional": self.positional,
        }
        if not self.positional:
            d["option"] = self.option
        if self.words:
            d["words"] = True
        if self.choices:
            d["choices"] = list(self.choices)
        if self.repeat:
            d["repeat"] = True
        if not self.required:
            d["default"] = self.default
        return d


def _base_type(hint: Any) -> tuple[Any, bool]:
    """(the one base type, whether None is allowed) or raise for anything else."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(hint)
        return args[0], True
    return hint, False


@cache
def param_specs(params: type) -> tuple[ParamSpec, ...]:
    """The ``ParamSpec`` of every field of ``params``; ``RegistryError`` if a field cannot be
    given on a command line (a type other than text, numbers, yes/no, duration)."""
    hints = typing.get_type_hints(params)
    out: list[ParamSpec] = []
    for f in dataclasses.fields(params):
        try:
            base, _optional = _base_type(hints[f.name])
        except TypeError:
            base = None
        if base not in TYPE_NAMES:
            allowed = ", ".join(t.__name__ for t in TYPE_NAMES)
            got = getattr(hints[f.name], "__name__", None) or str(hints[f.name])
            raise RegistryError(f"param {f.name!r} has type {got}; use {allowed} (or X | None)")
        a: Arg = f.metadata.get(ARG) or Arg(help="")
        if a.words and base is not str:
            raise RegistryError(f"param {f.name!r}: only a text param can take words")
        if a.choices and base is not str:
            raise RegistryError(f"param {f.name!r}: only a text param can have choices")
        if a.repeat and (base is not str or a.positional):
            raise RegistryError(f"param {f.name!r}: only a text option can repeat")
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        default = None if required else f.default
        out.append(
            ParamSpec(
                name=f.name,
                type=TYPE_NAMES[base],
                help=a.help,
                required=required,
                positional=a.positional,
                words=a.words,
                choices=a.choices,
                default=default,
                metavar=a.metavar or "",
                python_type=base,
                repeat=a.repeat,
            )
        )
    positional = [p for p in out if p.positional]
    if any(p.words for p in positional[:-1]):
        raise RegistryError("only the last positional param can take words")
    return tuple(out)


@dataclass
class ActionContext:
    """What an action's ``build`` may use; the target is resolved only if asked for."""

    drill: Drill
    log: EventLog
    actor: str
    clock: Clock | None = None
    target: Target | None = None

    def get_target(self) -> Target:
        if self.target is None:
            from gameday.drill.actions import target_of

            self.target = target_of(self.drill)
        return self.target


Build = Callable[[ActionContext, Any], dict[str, Any]]


@record
class ActionSpec:
    """One responder action. ``event`` is the ``action.*`` kind recorded; ``build`` validates
    beyond types (raise ``ParamError(key, msg)``), performs side effects if any and returns
    the payload. ``exclusive`` actions (touching the target) run one at a time on the
    endpoint; ``command=False`` gives no ``gameday NAME`` command (one exists elsewhere)."""

    name: str
    event: str
    summary: str
    Params: type
    build: Build
    exclusive: bool = False
    command: bool = True
    description: str = ""

    @property
    def params(self) -> tuple[ParamSpec, ...]:
        return param_specs(self.Params)

    def parse_params(self, raw: Any) -> Any:
        """Typed params (``ParamError`` names the key): types by ``gameday.params``, then the
        declared choices, matched case-insensitively and stored as declared."""
        params: Any = parse_params(self.Params, raw)
        fixed: dict[str, str] = {}
        for ps in self.params:
            value = getattr(params, ps.name)
            if not ps.choices or value is None or value in ps.choices:
                continue
            match = [c for c in ps.choices if c.lower() == str(value).strip().lower()]
            if not match:
                raise ParamError(ps.name, f"{value!r} is not one of {', '.join(ps.choices)}")
            fixed[ps.name] = match[0]
        return dataclasses.replace(params, **fixed) if fixed else params

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "event": self.event,
            "summary": self.summary,
            "description": self.description or self.summary,
            "exclusive": self.exclusive,
            "params": [p.to_dict() for p in self.params],
        }


ActionKind = ActionSpec  # the historical name


def check_action(name: str, spec: ActionSpec) -> None:
    """Registration check of the ``actions`` extension point (``gameday.plugins``)."""
    if not isinstance(spec, ActionSpec):
        raise RegistryError(f"action {name!r} is a {type(spec).__name__}, not an ActionSpec")
    if spec.name != name:
        raise RegistryError(f"action {name!r} calls itself {spec.name!r}")
    if not ACTION_NAME.fullmatch(name):
        raise RegistryError(f"action {name!r}: a command name is lowercase letters, digits, - or _")
    if not str(spec.event).startswith("action."):
        raise RegistryError(f"action {name!r} records {spec.event!r}; must be an action.* kind")
    if not str(spec.summary).strip():
        raise RegistryError(f"action {name!r} has no summary")
    params = spec.Params
    if not (isinstance(params, type) and dataclasses.is_dataclass(params)):
        raise RegistryError(f"action {name!r}: Params must be a dataclass")
    if not params.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        raise RegistryError(f"action {name!r}: Params must be a frozen dataclass")
    try:
        param_specs(params)
    except (RegistryError, NameError) as exc:
        raise RegistryError(f"action {name!r}: {exc}") from None
    if not accepts(spec.build, 2):
        raise RegistryError(f"action {name!r}: build must be callable as build(ctx, params)")
