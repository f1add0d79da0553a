"""Fault types of the scenario catalogue (issue 11) that the generic ones cannot express.

``upstream_latency``: the payments provider slows down (upstream-latency, cascade). Its
packets are really delayed (the ``network_latency`` mechanism: netem, or the NFQUEUE delayer on
this project's kernels), so the API's charges wait, time out, are retried and pile up in its
worker threads: p95 climbs before errors do. It is its own fault type, not a
``network_latency`` step, for one reason: the accepted mitigation is a switch on our side (the
API's deferred-capture mode, ``settings.payments_capture = 'deferred'``: take the order, charge
later), and the next drill must start without it, so the undo switches it back off -- as
``upstream_schema_change`` clears a responder's version pin.

``deploy``: a real deploy that is not the cause (red-herring).
"""

from __future__ import annotations

from typing import Any

from gameday.errors import FaultError
from gameday.faults import FaultContext, FaultType
from gameday.faults._util import psql
from gameday.faults.netfault import Method, NetworkLatency
from gameday.faults.seed import BadDeploy
from gameday.params import Delay
from gameday.records import record

CAPTURE_KEY = "payments_capture"


@record
class UpstreamLatencyParams:
    delay: Delay  # added to every packet the provider receives (a request waits about twice)
    jitter: Delay = 0.0
    service: str = "payments"
    device: str = "eth0"
    method: Method = "auto"


def _capture_mode(ctx: FaultContext) -> str:
    return psql(ctx.target, f"SELECT value FROM settings WHERE key = '{CAPTURE_KEY}'")


class UpstreamLatency(FaultType):
    """``network_latency`` on the provider (delegated: the same params by name) plus the
    mitigation's reset."""

    name = "upstream_latency"
    summary = (
        "The payments provider answers slowly (its packets delayed); the undo also turns the "
        "API's deferred-capture mitigation off."
    )
    Params = UpstreamLatencyParams
    _net = NetworkLatency()

    def check_params(self, params: Any) -> None:
        self._net.check_params(params)

    def services(self, params: Any) -> tuple[str, ...]:
        return (params.service, "db")  # the undo resets the mitigation in the database

    def inject(self, ctx: FaultContext) -> None:
        self._net.inject(ctx)

    def verify_live(self, ctx: FaultContext) -> None:
        self._net.verify_live(ctx)

    def undo(self, ctx: FaultContext) -> None:
        self._net.undo(ctx)
        # A responder's mitigation is not steady state: the next drill starts without it.
        psql(ctx.target, f"DELETE FROM settings WHERE key = '{CAPTURE_KEY}'")

    def verify_undone(self, ctx: FaultContext) -> None:
        self._net.verify_undone(ctx)
        mode = _capture_mode(ctx)
        if mode:
            raise FaultError(f"settings.{CAPTURE_KEY} is still {mode!r}")


class Deploy(BadDeploy):
    """A real deploy that is not the cause: the red herring every deploy log offers ("api
    v1.1, 3 minutes before the page"). The same mechanism as ``bad_deploy`` (staged warm,
    switched blue/green, in the deploy log under ``by`` with its ``note``); only what it
    means differs, so it has its own name for the facilitator's view and the journal."""

    name = "deploy"
    summary = (
        "A service is deployed at another version (in the deploy log, under `by`, with its "
        "`note`); harmless or not, the undo returns to the previous version."
    )


CATALOGUE_FAULTS = (UpstreamLatency, Deploy)
