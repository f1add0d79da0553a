"""DNS failure: one service can no longer resolve one name; everything else keeps resolving.

Real DNS outages are that selective: a provider's zone breaks, a resolver refuses one domain,
and the service that needs the name fails while the thing behind the name is perfectly healthy
(and reachable by address). The fault reproduces it below the resolver library, where nothing in
the service can tell it from the real thing: in the service's network namespace an iptables rule
(string match on the name as it is encoded in a DNS question, ``|08|payments|00|``) rejects the
queries for that name, so ``getaddrinfo`` fails with "Temporary failure in name resolution"
(``mode: refuse``) or hangs until the resolver gives up (``mode: timeout``).

The rules carry a comment, so ``undo`` (also from the restore journal after a ``kill -9``)
deletes exactly them. ``undo`` also removes ``/etc/hosts`` pins of the name that were not there
before the fault (the workaround a team applies, ``pin_host``), so a restored stack resolves
the name by DNS again, as it did before the drill.
"""

from __future__ import annotations

import re
import shlex
from typing import Any, Literal

from gameday.errors import FaultError
from gameday.faults import FaultContext, FaultType
from gameday.faults.netfault import _run_helper
from gameday.params import ParamError
from gameday.records import record

COMMENT_DNS = "gameday-dns"
_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
Mode = Literal["refuse", "timeout"]


@record
class DnsParams:
    service: str
    name: str  # the host name whose lookups fail (as the service looks it up)
    mode: Mode = "refuse"


def qname_pattern(name: str) -> str:
    """``name`` as iptables' ``--hex-string`` of its DNS wire form: ``|08|payments|00|``."""
    return "".join(f"|{len(label):02x}|{label}" for label in name.rstrip(".").split(".")) + "|00|"


def _rules(params: Any) -> list[list[str]]:
    target = ["-j", "REJECT"] if params.mode == "refuse" else ["-j", "DROP"]
    return [
        ["-p", proto, "-m", "string", "--algo", "bm", "--icase",
         "--hex-string", qname_pattern(params.name),
         "-m", "comment", "--comment", COMMENT_DNS, *target]
        for proto in ("udp", "tcp")
    ]  # fmt: skip


def _state(ctx: FaultContext, container: Any) -> tuple[str, int]:
    """(``iptables -S OUTPUT``, exit of ``getent hosts NAME``) in the container's netns."""
    script = 'iptables -w -S OUTPUT; echo ---gameday---; getent hosts "$1" >/dev/null; echo "$?"'
    code, out = _run_helper(ctx.target, container, ["sh", "-c", script, "sh", ctx.params.name])
    if "---gameday---" not in out:
        raise FaultError(
            f"cannot read the DNS state of {ctx.params.service} (exit {code}): {out[:300]}"
        )
    rules, _, tail = out.partition("---gameday---")
    lines = tail.strip().splitlines()
    lookup = int(lines[-1]) if lines and lines[-1].isdigit() else 1
    return rules, lookup


def _exec(container: Any, argv: list[str]) -> tuple[int, str]:
    """Run ``argv`` in ``container`` (which the caller got through the guardrail)."""
    result = container.exec_run(argv, demux=False)
    out = result.output.decode(errors="replace") if isinstance(result.output, bytes) else ""
    return int(result.exit_code or 0), out


def _hosts_lines(container: Any) -> list[str]:
    code, out = _exec(container, ["cat", "/etc/hosts"])
    return out.splitlines() if code == 0 else []


class DnsFailure(FaultType):
    name = "dns_failure"
    summary = "Lookups of one host name fail inside a service (its DNS queries rejected)."
    Params = DnsParams

    def check_params(self, params: Any) -> None:
        labels = params.name.rstrip(".").split(".")
        if len(params.name) > 253 or not all(_LABEL.match(label) for label in labels):
            raise ParamError("name", f"{params.name!r} is not a host name like payments")

    def prepare(self, ctx: FaultContext) -> dict[str, Any]:
        container = ctx.target.container(ctx.params.service)
        return {"hosts": _hosts_lines(container)}

    def inject(self, ctx: FaultContext) -> None:
        containers = ctx.target.service_containers(ctx.params.service)
        if not containers:
            raise FaultError(f"{ctx.params.service} has no running container to act on")
        for container in containers:
            for rule in _rules(ctx.params):
                code, out = _run_helper(
                    ctx.target, container, ["iptables", "-w", "-I", "OUTPUT", *rule]
                )
                if code != 0:
                    raise FaultError(f"iptables on {ctx.params.service} failed: {out[:300]}")

    def verify_live(self, ctx: FaultContext) -> None:
        p = ctx.params
        for container in ctx.target.service_containers(p.service):
            rules, lookup = _state(ctx, container)
            if f"--comment {COMMENT_DNS}" not in rules:
                raise FaultError(f"{p.service} ({container.name}) has no {COMMENT_DNS} rule")
            if lookup == 0:
                raise FaultError(f"{p.name} still resolves in {p.service} ({container.name})")

    def undo(self, ctx: FaultContext) -> None:
        p = ctx.params
        for container in ctx.target.service_containers(p.service):
            rules, _ = _state(ctx, container)
            for line in rules.splitlines():
                if f"--comment {COMMENT_DNS}" in line and line.startswith("-A "):
                    spec = shlex.split(line)
                    _run_helper(ctx.target, container, ["iptables", "-w", "-D", *spec[1:]])
            self._unpin(ctx, container)

    def _unpin(self, ctx: FaultContext, container: Any) -> None:
        """Drop /etc/hosts lines naming the host that were not there before the fault."""
        before = set(ctx.state.get("hosts") or ())
        lines = _hosts_lines(container)
        keep = [
            line for line in lines
            if line in before or ctx.params.name not in line.split("#")[0].split()[1:]
        ]  # fmt: skip
        if len(keep) == len(lines):
            return
        text = "".join(f"{line}\n" for line in keep)
        # /etc/hosts is a bind mount: rewrite it in place (a rename would not reach the mount)
        argv = ["sh", "-c", 'printf "%s" "$1" > /etc/hosts', "sh", text]
        code, out = _exec(container, argv)
        if code != 0:
            ctx.progress(f"could not remove the /etc/hosts pin of {ctx.params.name}: {out[:200]}")
        else:
            ctx.progress(f"removed {len(lines) - len(keep)} /etc/hosts pin(s) of {ctx.params.name}")

    def verify_undone(self, ctx: FaultContext) -> None:
        p = ctx.params
        for container in ctx.target.service_containers(p.service):
            rules, _ = _state(ctx, container)
            if f"--comment {COMMENT_DNS}" in rules:
                raise FaultError(f"{p.service} ({container.name}) still has a {COMMENT_DNS} rule")


DNS_FAULTS: tuple[type[FaultType], ...] = (DnsFailure,)
