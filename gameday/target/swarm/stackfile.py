"""One compose file for both engines: the swarm stack file is generated from it.

Why generated: the target's ``docker-compose.yml`` is format 2.4 because Debian's docker-compose
1.29 needs it for ``depends_on: condition``, and ``docker stack deploy`` only reads format 3.
compose 1.29 also *honours* ``deploy.replicas``, so ``deploy:`` sections in the shared file would
change the compose stack too. So:

* the compose file stays the one source of services, images, environment, healthchecks, labels,
  ports and volumes; ``compose config`` (the user's compose tool) resolves it;
* the swarm-only part, one ``deploy:`` section per service, lives in an overlay next to it
  (``docker-compose.swarm.yml``, format 3.8, nothing but ``services.<name>.deploy``), which
  compose never reads;
* ``build_stack`` turns the resolved model plus the overlay into a format-3.8 stack file:
  ``build``/``depends_on`` dropped (images are built by gameday; swarm restarts a task until its
  dependencies answer), ``shm_size`` becomes a tmpfs on ``/dev/shm``, ports are published in
  ``host`` mode and services resolve by ``dnsrr`` (the routing mesh and VIPs need IPVS, which
  kernels such as this project's CI host lack), and every service, network, volume, config and
  secret carries the target's labels.

Pure: no Docker, no files; ``load_overlay`` reads the overlay through ``gameday.yamlsrc``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from gameday import yamlsrc
from gameday.dockerutil import LABEL_PROJECT, LABEL_TARGET
from gameday.errors import TargetError
from gameday.records import record

STACK_VERSION = "3.8"
LABEL_SERVICE = "gameday.service"
LABEL_COMPOSE_FILE = "gameday.compose-file"
LABEL_ENGINE = "gameday.engine"

# Keys of a resolved compose service that mean the same in a stack file.
PASS_THROUGH = (
    "image", "command", "entrypoint", "environment", "healthcheck", "labels", "stop_signal",
    "stop_grace_period", "user", "working_dir", "hostname", "init", "networks", "extra_hosts",
    "tty", "stdin_open", "read_only", "cap_add", "cap_drop", "sysctls", "ulimits", "logging",
    "secrets", "configs", "tmpfs", "dns", "dns_search", "env_file", "isolation",
)  # fmt: skip
# Keys swarm has no use for: handled elsewhere (build), or replaced by orchestration.
DROPPED = ("build", "depends_on", "container_name", "links", "restart", "scale", "x-")

_DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")
_SIZE = re.compile(r"^(\d+(\.\d+)?)\s*([bkmg]?)b?$", re.IGNORECASE)
_PORT = re.compile(
    r"^(?:(?P<ip>\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(?P<published>\d+):)?"
    r"(?P<target>\d+)"
    r"(?:/(?P<proto>tcp|udp|sctp))?$"
)


@record
class Stack:
    """The generated stack file and what the conversion changed (shown to the user once)."""

    document: dict[str, Any]
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- the overlay -----------------------------------------------------------------------------

_DEPLOY_KEYS = {
    "replicas", "mode", "endpoint_mode", "update_config", "rollback_config", "restart_policy",
    "labels", "resources", "placement",
}  # fmt: skip
_UPDATE_KEYS = {"parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"}
_RESTART_KEYS = {"condition", "delay", "max_attempts", "window"}


def overlay_path(compose_file: Path) -> Path:
    """``docker-compose.yml`` -> ``docker-compose.swarm.yml`` (same folder, same suffix)."""
    return compose_file.with_name(f"{compose_file.stem}.swarm{compose_file.suffix}")


def load_overlay(path: Path, services: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """``{service: deploy}`` from the overlay; ``{}`` if there is none. Errors: file:line: key."""
    if not path.is_file():
        return {}
    return parse_overlay(yamlsrc.load_file(path), services)


def parse_overlay(src: yamlsrc.Source, services: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    data = src.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise src.error([], "a swarm overlay is a mapping with `services:`")
    for key in data:
        if key not in ("version", "services") and not str(key).startswith("x-"):
            raise src.error([key], "the swarm overlay holds only `services.<name>.deploy`")
    version = data.get("version")
    if version is not None and not re.fullmatch(r"3(\.\d+)?", str(version)):
        raise src.error(["version"], f"{version!r}: a stack file overlay is format 3.x")
    raw_services = data.get("services") or {}
    if not isinstance(raw_services, dict):
        raise src.error(["services"], "must be a mapping of service names")
    out: dict[str, dict[str, Any]] = {}
    for name, body in raw_services.items():
        path: list[yamlsrc.PathPart] = ["services", name]
        if name not in services:
            raise src.error(path, f"no service {name!r} in the compose file")
        if not isinstance(body, dict):
            raise src.error(path, "must be a mapping with a `deploy:` section")
        extra = sorted(str(k) for k in body if k != "deploy")
        if extra:
            raise src.error(
                [*path, extra[0]],
                "only `deploy` belongs here: the rest comes from the compose file",
            )
        out[name] = _check_deploy(src, [*path, "deploy"], body.get("deploy"))
    return out


def _check_deploy(src: yamlsrc.Source, path: list[yamlsrc.PathPart], deploy: Any) -> dict[str, Any]:
    if deploy is None:
        return {}
    if not isinstance(deploy, dict):
        raise src.error(path, "must be a mapping")
    for key, value in deploy.items():
        at = [*path, key]
        if key not in _DEPLOY_KEYS:
            raise src.error(at, f"unknown deploy key (known: {', '.join(sorted(_DEPLOY_KEYS))})")
        if key == "replicas":
            _want_int(src, at, value)
        elif key == "mode":
            _want_choice(src, at, value, ("replicated", "global"))
        elif key == "endpoint_mode":
            _want_choice(src, at, value, ("vip", "dnsrr"))
        elif key in ("update_config", "rollback_config"):
            _check_update(src, at, value, rollback=key == "rollback_config")
        elif key == "restart_policy":
            _check_restart(src, at, value)
        elif key == "labels":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str | int | float) for k, v in value.items()
            ):
                raise src.error(at, "must be a mapping of label names to strings")
        elif not isinstance(value, dict):  # resources, placement: swarm checks the details
            raise src.error(at, "must be a mapping")
    return copy.deepcopy(deploy)


def _check_update(
    src: yamlsrc.Source, path: list[yamlsrc.PathPart], value: Any, rollback: bool
) -> None:
    if not isinstance(value, dict):
        raise src.error(path, "must be a mapping")
    actions = ("continue", "pause") if rollback else ("continue", "pause", "rollback")
    for key, v in value.items():
        at = [*path, key]
        if key not in _UPDATE_KEYS:
            raise src.error(at, f"unknown key (known: {', '.join(sorted(_UPDATE_KEYS))})")
        if key == "parallelism":
            _want_int(src, at, v)
        elif key in ("delay", "monitor"):
            _want_duration(src, at, v)
        elif key == "failure_action":
            _want_choice(src, at, v, actions)
        elif key == "order":
            _want_choice(src, at, v, ("start-first", "stop-first"))
        elif key == "max_failure_ratio" and (
            isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= 1
        ):
            raise src.error(at, "must be a number from 0 to 1")


def _check_restart(src: yamlsrc.Source, path: list[yamlsrc.PathPart], value: Any) -> None:
    if not isinstance(value, dict):
        raise src.error(path, "must be a mapping")
    for key, v in value.items():
        at = [*path, key]
        if key not in _RESTART_KEYS:
            raise src.error(at, f"unknown key (known: {', '.join(sorted(_RESTART_KEYS))})")
        if key == "condition":
            _want_choice(src, at, v, ("none", "on-failure", "any"))
        elif key == "max_attempts":
            _want_int(src, at, v)
        else:
            _want_duration(src, at, v)


def _want_int(src: yamlsrc.Source, path: list[yamlsrc.PathPart], v: Any) -> None:
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise src.error(path, f"{v!r} is not a whole number >= 0")


def _want_choice(
    src: yamlsrc.Source, path: list[yamlsrc.PathPart], v: Any, allowed: tuple[str, ...]
) -> None:
    if v not in allowed:
        raise src.error(path, f"{v!r} is not one of {', '.join(allowed)}")


def _want_duration(src: yamlsrc.Source, path: list[yamlsrc.PathPart], v: Any) -> None:
    if not isinstance(v, str) or not _DURATION.match(v):
        raise src.error(path, f"{v!r} is not a duration like 10s, 1m30s or 500ms")


# --- conversion ------------------------------------------------------------------------------


def parse_port(raw: Any, service: str) -> dict[str, Any]:
    """A compose port (``"127.0.0.1:8443:8443/tcp"``, ``"5000"``, or a mapping) as a host-mode
    stack port. The host IP is dropped: swarm publishes on every interface of the node."""
    if isinstance(raw, Mapping):
        target = raw.get("target")
        published = raw.get("published")
        proto = str(raw.get("protocol") or "tcp")
    elif isinstance(raw, str | int) and not isinstance(raw, bool):
        m = _PORT.match(str(raw).strip())
        if not m:
            raise TargetError(
                f"service {service}: port {raw!r} is not HOST:CONTAINER[/PROTO] "
                "(port ranges cannot be published on swarm)"
            )
        target, published, proto = m["target"], m["published"], m["proto"] or "tcp"
    else:
        raise TargetError(f"service {service}: port {raw!r} is neither a string nor a mapping")
    try:
        port: dict[str, Any] = {"target": int(str(target)), "protocol": proto, "mode": "host"}
        if published not in (None, ""):
            port["published"] = int(str(published))
    except ValueError:
        raise TargetError(f"service {service}: port {raw!r} has a non-numeric port") from None
    for key in ("target", "published"):
        if key in port and not 0 < port[key] <= 65535:
            raise TargetError(f"service {service}: port {raw!r}: {port[key]} is outside 1-65535")
    if proto not in ("tcp", "udp", "sctp"):
        raise TargetError(f"service {service}: port {raw!r}: unknown protocol {proto!r}")
    return port


def parse_volume(raw: Any, service: str) -> dict[str, Any]:
    """A compose volume (``"name:/path:rw"``, ``"/host:/path:ro"``, or a mapping), long syntax."""
    if isinstance(raw, Mapping):
        out = {k: copy.deepcopy(v) for k, v in raw.items() if k in _VOLUME_KEYS}
        if "target" not in out:
            raise TargetError(f"service {service}: volume {dict(raw)!r} has no target")
        out.setdefault("type", "volume")
        return out
    if not isinstance(raw, str) or not raw.strip():
        raise TargetError(f"service {service}: volume {raw!r} is not SOURCE:TARGET[:MODE]")
    parts = raw.split(":")
    if len(parts) == 1:
        return {"type": "volume", "target": parts[0]}
    if len(parts) > 3 or not all(parts[:2]):
        raise TargetError(f"service {service}: volume {raw!r} is not SOURCE:TARGET[:MODE]")
    source, target = parts[0], parts[1]
    mode = parts[2] if len(parts) == 3 else "rw"
    flags = set(mode.split(","))
    if not flags <= {"rw", "ro", "z", "Z", "nocopy"}:
        raise TargetError(f"service {service}: volume {raw!r}: unknown mode {mode!r}")
    kind = "bind" if source.startswith(("/", ".", "~")) else "volume"
    vol: dict[str, Any] = {"type": kind, "source": source, "target": target}
    if "ro" in flags:
        vol["read_only"] = True
    return vol


_VOLUME_KEYS = ("type", "source", "target", "read_only", "volume", "bind", "tmpfs")


def parse_size(raw: Any, service: str) -> int:
    """``256m`` / ``1g`` / ``67108864`` as bytes (compose's size syntax)."""
    if isinstance(raw, int) and not isinstance(raw, bool) and raw > 0:
        return raw
    m = _SIZE.match(str(raw).strip()) if isinstance(raw, str) else None
    if not m:
        raise TargetError(f"service {service}: {raw!r} is not a size like 256m")
    unit = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m[3].lower()]
    size = int(float(m[1]) * unit)
    if size <= 0:
        raise TargetError(f"service {service}: size {raw!r} must be more than 0")
    return size


def build_stack(
    config: Mapping[str, Any],
    deploys: Mapping[str, Mapping[str, Any]],
    *,
    target: str,
    project: str,
    compose_file: str = "",
) -> Stack:
    """The format-3.8 stack document for a resolved compose model (``compose config``)."""
    base_labels = {LABEL_TARGET: target, LABEL_PROJECT: project}
    notes: list[str] = []
    services_in = config.get("services") or {}
    if not isinstance(services_in, Mapping) or not services_in:
        raise TargetError("the compose model has no services")
    services: dict[str, Any] = {}
    for name, svc in services_in.items():
        if not isinstance(svc, Mapping):
            raise TargetError(f"service {name}: not a mapping in the compose model")
        services[name] = _service(
            str(name), svc, deploys.get(name) or {}, base_labels, compose_file, notes
        )
    doc: dict[str, Any] = {"version": STACK_VERSION, "services": services}
    doc["networks"] = _networks(config.get("networks") or {}, base_labels, notes)
    for section in ("volumes", "secrets", "configs"):
        items = config.get(section) or {}
        if items:
            doc[section] = {k: _labelled(v, base_labels) for k, v in items.items()}
    return Stack(doc, tuple(notes))


def _service(
    name: str,
    svc: Mapping[str, Any],
    deploy_in: Mapping[str, Any],
    base_labels: dict[str, str],
    compose_file: str,
    notes: list[str],
) -> dict[str, Any]:
    if not svc.get("image"):
        raise TargetError(
            f"service {name} has no image: swarm runs images, it cannot build them",
            hint="name the image the build produces (`image:` next to `build:`)",
        )
    out: dict[str, Any] = {k: copy.deepcopy(svc[k]) for k in PASS_THROUGH if k in svc}
    labels = dict(_as_mapping(out.get("labels")))
    labels.update(base_labels)  # container labels: the guardrail looks at these on every task
    out["labels"] = labels
    if svc.get("ports"):
        out["ports"] = [parse_port(p, name) for p in svc["ports"]]
    volumes = [parse_volume(v, name) for v in svc.get("volumes") or []]
    if svc.get("shm_size"):
        size = parse_size(svc["shm_size"], name)
        volumes.append({"type": "tmpfs", "target": "/dev/shm", "tmpfs": {"size": size}})
        notes.append(f"{name}: shm_size is a tmpfs on /dev/shm")
    if volumes:
        out["volumes"] = volumes
    ignored = sorted(
        k for k in svc if k not in PASS_THROUGH and k not in ("ports", "volumes", "shm_size")
        and not any(k == d or (d.endswith("-") and k.startswith(d)) for d in DROPPED)
    )  # fmt: skip
    if ignored:
        notes.append(f"{name}: not supported by swarm, ignored: {', '.join(ignored)}")
    deploy = copy.deepcopy(dict(deploy_in))
    deploy.setdefault("endpoint_mode", "dnsrr")
    if "restart_policy" not in deploy and svc.get("restart") == "no":
        deploy["restart_policy"] = {"condition": "none"}
    service_labels = {**labels, LABEL_SERVICE: name, LABEL_ENGINE: "swarm"}
    if compose_file:
        service_labels[LABEL_COMPOSE_FILE] = compose_file
    service_labels.update({str(k): str(v) for k, v in _as_mapping(deploy.get("labels")).items()})
    service_labels.update(base_labels)  # the overlay cannot relabel a service out of the guardrail
    deploy["labels"] = service_labels
    out["deploy"] = deploy
    return out


def _networks(
    networks: Mapping[str, Any], base_labels: dict[str, str], notes: list[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, net in {"default": {}, **dict(networks)}.items():
        net = dict(net or {})
        if net.get("external"):
            out[name] = net
            continue
        if (net.get("driver") or "bridge") == "bridge":
            net["driver"] = "overlay"  # a bridge stays on one host; tasks may not
            net.pop("driver_opts", None)
        net.pop("enable_ipv6", None)
        out[name] = _labelled(net, base_labels)
    return out


def _labelled(item: Any, base_labels: dict[str, str]) -> Any:
    item = copy.deepcopy(dict(item or {}))
    if item.get("external"):
        return item
    item["labels"] = {**dict(_as_mapping(item.get("labels"))), **base_labels}
    return item


def _as_mapping(raw: Any) -> dict[str, Any]:
    """Compose allows labels as a mapping or a list of ``key=value``."""
    if isinstance(raw, Mapping):
        return dict(raw)
    out: dict[str, Any] = {}
    for item in raw if isinstance(raw, list) else ():
        key, _, value = str(item).partition("=")
        out[key] = value
    return out
