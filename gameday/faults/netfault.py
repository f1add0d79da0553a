"""Network faults (latency, loss) inside a service's network namespace, from helper containers.

The first choice is ``tc qdisc ... netem`` (egress of the service's interface). Kernels built
without ``sch_netem`` (this project's CI host is one) answer "qdisc kind is unknown"; then the
same fault is made with netfilter, on the service's ingress: loss with ``iptables -m statistic
... -j DROP``; latency with an ``NFQUEUE --queue-bypass`` rule served by a delayer process
(``nfqdelay``) in a long-running helper container. Either way the packets of the real service
are really delayed or dropped, and ``undo`` removes every trace of both mechanisms.

Helpers run from ``gameday-helper``: the base image plus iptables, built once and cached.
The fault acts on every running container of the service: the one container on compose, every
task (replica) on swarm. A task swarm starts later (a replacement) comes up clean, as it would
with any namespace-level fault; ``undo`` cleans whatever tasks run then.
"""

from __future__ import annotations

import io
import os
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gameday.dockerutil import LABEL_HELPER, LABEL_PROJECT
from gameday.errors import FaultError
from gameday.faults import FaultContext, FaultType
from gameday.faults._util import helper_labels, wait_for
from gameday.params import Delay, ParamError, Percent
from gameday.records import record

if TYPE_CHECKING:
    from gameday.target import Target

HELPER_REPO = "gameday-helper"
LABEL_HELPER_KIND = "gameday.helper.kind"
LABEL_HELPER_SERVICE = "gameday.helper.service"
LABEL_HELPER_CONTAINER = "gameday.helper.container"
COMMENT_LATENCY = "gameday-latency"
COMMENT_LOSS = "gameday-loss"
_DEVICE = re.compile(r"^[A-Za-z0-9_.-]{1,15}$")
_HELPER_DOCKERFILE = """\
FROM {base}
RUN command -v iptables >/dev/null || (apt-get update \\
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iptables \\
    && rm -rf /var/lib/apt/lists/*)
LABEL gameday.helper-image=1
"""
Method = Literal["auto", "netem", "netfilter"]


def ensure_helper_image(target: Target) -> str:
    """The helper image for ``target`` (built from its base image once; cached like it)."""
    import hashlib  # here, as in inject_netfilter: validate imports every fault type

    from gameday import dockerutil
    from gameday.target import baseimage

    client = dockerutil.client()
    base = getattr(target, "base_image", None)
    if not base or not baseimage.image_exists(client, base):
        base, _ = baseimage.ensure_base_image(client)
    base_id = client.images.get(base).id
    recipe = _HELPER_DOCKERFILE.format(base=base_id)
    tag = f"{HELPER_REPO}:{hashlib.sha256(recipe.encode()).hexdigest()[:12]}"
    if baseimage.image_exists(client, tag):
        return tag
    with baseimage.build_lock("helper-image"):
        if not baseimage.image_exists(client, tag):
            try:
                client.images.build(
                    fileobj=io.BytesIO(recipe.encode()), tag=tag, rm=True, forcerm=True
                )
            except Exception as exc:
                raise FaultError(f"cannot build the {HELPER_REPO} image: {exc}") from None
    return tag


def _run_helper(
    target: Target, container: Any, argv: list[str], timeout: float = 60
) -> tuple[int, str]:
    """Run ``argv`` in a helper sharing ``container``'s network namespace (which the caller
    got through the guardrail: ``Target.container`` or ``Target.service_containers``)."""
    from gameday import dockerutil

    helper = dockerutil.client().containers.run(
        ensure_helper_image(target),
        argv,
        name=f"{target.project}-gdhelper-{os.urandom(4).hex()}",
        network_mode=f"container:{container.id}",
        cap_add=["NET_ADMIN"],
        labels=helper_labels(target),
        detach=True,
    )
    try:
        result: Any = helper.wait(timeout=timeout)
        out = helper.logs(stdout=True, stderr=True).decode(errors="replace")
        return int(result.get("StatusCode", 1)), out
    finally:
        try:
            helper.remove(force=True)
        except Exception:
            pass  # the restore sweep removes anything left


def net_state(
    target: Target, service: str, device: str, container: Any | None = None
) -> tuple[str, str]:
    """(``tc qdisc show`` of the device, ``iptables -S INPUT``) inside the service's netns
    (of ``container``, one of its tasks, if given)."""
    container = container if container is not None else target.container(service)
    script = 'tc qdisc show dev "$1"; echo ---gameday---; iptables -w -S INPUT'
    code, out = _run_helper(target, container, ["sh", "-c", script, "sh", device])
    if "---gameday---" not in out:
        raise FaultError(f"cannot read the network state of {service} (exit {code}): {out[:300]}")
    tc, _, ipt = out.partition("---gameday---")
    return tc, ipt


def _running(target: Target, service: str) -> list[Any]:
    """The running containers of ``service`` (each checked by the guardrail)."""
    found = target.service_containers(service)
    if not found:
        raise FaultError(f"{service} has no running container to act on")
    return found


def _delayers(target: Target, service: str) -> list[Any]:
    from gameday import dockerutil

    labels = [f"{LABEL_HELPER}=1", f"{LABEL_PROJECT}={target.project}",
              f"{LABEL_HELPER_KIND}=delay", f"{LABEL_HELPER_SERVICE}={service}"]  # fmt: skip
    return dockerutil.client().containers.list(
        all=True, filters={"label": labels}, ignore_removed=True
    )


def _ms(seconds: float) -> str:
    return f"{round(seconds * 1000)}ms"


@record
class LatencyParams:
    service: str
    delay: Delay
    jitter: Delay = 0.0
    device: str = "eth0"
    method: Method = "auto"


@record
class LossParams:
    service: str
    percent: Percent
    device: str = "eth0"
    method: Method = "auto"


class _NetFault(FaultType):
    comment = ""

    def check_params(self, params: Any) -> None:
        if not _DEVICE.match(params.device):
            raise ParamError("device", f"{params.device!r} is not an interface name like eth0")

    def netem_args(self, params: Any) -> list[str]:
        raise NotImplementedError

    def inject_netfilter(self, ctx: FaultContext, container: Any) -> None:
        raise NotImplementedError

    def live_netfilter(self, ctx: FaultContext, container: Any, iptables: str) -> bool:
        raise NotImplementedError

    def inject(self, ctx: FaultContext) -> None:
        p = ctx.params
        method = p.method
        for container in _running(ctx.target, p.service):
            if method != "netfilter":
                args = self.netem_args(p)
                argv = ["tc", "qdisc", "replace", "dev", p.device, "root", "netem", *args]
                code, out = _run_helper(ctx.target, container, argv)
                if code == 0:
                    continue
                if method == "netem" or "qdisc kind is unknown" not in out:
                    raise FaultError(f"tc netem on {p.service}/{p.device} failed: {out.strip()}")
                ctx.progress("kernel has no sch_netem: using netfilter instead")
                method = "netfilter"
            self.inject_netfilter(ctx, container)

    def verify_live(self, ctx: FaultContext) -> None:
        p = ctx.params
        netem = " ".join(self.netem_args(p)[:2])
        for container in _running(ctx.target, p.service):
            tc, ipt = net_state(ctx.target, p.service, p.device, container)
            if ("netem" in tc and netem in tc) or self.live_netfilter(ctx, container, ipt):
                continue
            raise FaultError(
                f"{p.service}/{p.device} (container {container.name}) has neither netem "
                f"{netem} nor a {self.comment} rule"
            )

    def undo(self, ctx: FaultContext) -> None:
        p = ctx.params
        for helper in _delayers(ctx.target, p.service):
            helper.stop(timeout=5)  # SIGTERM: it deletes its rule and releases held packets
            helper.remove(force=True)
        # no running container: no network namespace left, qdiscs and rules died with it
        for container in ctx.target.service_containers(p.service):
            tc, ipt = net_state(ctx.target, p.service, p.device, container)
            if "netem" in tc:
                argv = ["tc", "qdisc", "del", "dev", p.device, "root"]
                _run_helper(ctx.target, container, argv)
            for line in ipt.splitlines():
                if f"--comment {self.comment}" in line and line.startswith("-A "):
                    spec = shlex.split(line)
                    _run_helper(ctx.target, container, ["iptables", "-w", "-D", *spec[1:]])

    def verify_undone(self, ctx: FaultContext) -> None:
        p = ctx.params
        if _delayers(ctx.target, p.service):
            raise FaultError(f"a delayer helper of {p.service} is still there")
        for container in ctx.target.service_containers(p.service):
            tc, ipt = net_state(ctx.target, p.service, p.device, container)
            if "netem" in tc or f"--comment {self.comment}" in ipt:
                raise FaultError(
                    f"{p.service}/{p.device} (container {container.name}) still has a netem "
                    f"qdisc or {self.comment} rule"
                )


class NetworkLatency(_NetFault):
    name = "network_latency"
    summary = "Delay every packet of a service (tc netem; NFQUEUE delayer without sch_netem)."
    Params = LatencyParams
    comment = COMMENT_LATENCY

    def check_params(self, params: Any) -> None:
        super().check_params(params)
        if params.delay <= 0 or params.delay > 60:
            raise ParamError("delay", "must be more than 0 and at most 60s")
        if params.jitter > params.delay:
            raise ParamError("jitter", "must not be more than the delay")

    def netem_args(self, params: Any) -> list[str]:
        args = ["delay", _ms(params.delay)]
        if params.jitter:
            args.append(_ms(params.jitter))
        return args

    def inject_netfilter(self, ctx: FaultContext, container: Any) -> None:
        import hashlib

        from gameday import dockerutil

        p = ctx.params
        target = ctx.target
        source = (Path(__file__).with_name("nfqdelay.py")).read_text()
        queue = 1000 + int(hashlib.sha256(p.service.encode()).hexdigest(), 16) % 30000
        labels = {
            **helper_labels(target),
            LABEL_HELPER_KIND: "delay",
            LABEL_HELPER_SERVICE: p.service,
            LABEL_HELPER_CONTAINER: container.id,
        }
        argv = ["python3", "-c", source, str(queue), f"{p.delay * 1000:g}", f"{p.jitter * 1000:g}",
                p.device, COMMENT_LATENCY]  # fmt: skip
        helper = dockerutil.client().containers.run(
            ensure_helper_image(target),
            argv,
            name=f"{target.project}-gdhelper-delay-{p.service}-{os.urandom(3).hex()}",
            network_mode=f"container:{container.id}",
            cap_add=["NET_ADMIN"],
            labels=labels,
            detach=True,
        )

        def started() -> str | None:
            helper.reload()
            logs = helper.logs().decode(errors="replace")
            if "delaying" in logs:
                return None
            if helper.status != "running":
                raise FaultError(f"the delayer for {p.service} exited: {logs.strip()[:300]}")
            return "starting"

        wait_for(ctx.clock, 20.0, started, f"delayer for {p.service}", 0.1)

    def live_netfilter(self, ctx: FaultContext, container: Any, iptables: str) -> bool:
        running = [
            h
            for h in _delayers(ctx.target, ctx.params.service)
            if h.status == "running" and h.labels.get(LABEL_HELPER_CONTAINER) == container.id
        ]
        return (
            bool(running) and f"--comment {COMMENT_LATENCY}" in iptables and "NFQUEUE" in iptables
        )


class NetworkLoss(_NetFault):
    name = "network_loss"
    summary = "Drop a share of a service's packets (tc netem loss; iptables statistic without it)."
    Params = LossParams
    comment = COMMENT_LOSS

    def check_params(self, params: Any) -> None:
        super().check_params(params)
        if not 0 < params.percent <= 100:
            raise ParamError("percent", f"{params.percent:g} must be more than 0 and at most 100")

    def netem_args(self, params: Any) -> list[str]:
        return ["loss", f"{params.percent:g}%"]

    def inject_netfilter(self, ctx: FaultContext, container: Any) -> None:
        p = ctx.params
        argv = ["iptables", "-w", "-I", "INPUT", "-i", p.device]
        if p.percent < 100:
            argv += [
                "-m",
                "statistic",
                "--mode",
                "random",
                "--probability",
                f"{p.percent / 100:.4f}",
            ]
        argv += ["-m", "comment", "--comment", COMMENT_LOSS, "-j", "DROP"]
        code, out = _run_helper(ctx.target, container, argv)
        if code != 0:
            raise FaultError(f"iptables on {p.service} failed: {out.strip()[:300]}")

    def live_netfilter(self, ctx: FaultContext, container: Any, iptables: str) -> bool:
        return any(
            f"--comment {COMMENT_LOSS}" in line and "-j DROP" in line
            for line in iptables.splitlines()
        )
