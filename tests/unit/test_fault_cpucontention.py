"""cpu_contention: the CPU limit is set for the fault and put back exactly from the journal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from gameday.clock import FakeClock
from gameday.faults import FaultContext
from gameday.faults.cpucontention import CpuContention, CpuContentionParams
from gameday.params import ParamError


@dataclass
class FakeContainer:
    quota: int = 0
    period: int = 0
    updates: list[dict[str, int]] = field(default_factory=list)

    @property
    def attrs(self) -> dict[str, Any]:
        return {"HostConfig": {"CpuQuota": self.quota, "CpuPeriod": self.period}}

    target: Any = None
    status: str = "running"

    def reload(self) -> None:
        pass

    def top(self, ps_args: str = "") -> dict[str, Any]:
        rows = [["1", "gunicorn"]] + [[str(i + 2), "/bin/sh /usr/local/bin/log-shipper"]
                                       for i in range(self.target.spinning)]  # fmt: skip
        return {"Titles": ["PID", "COMMAND"], "Processes": rows}

    def update(self, *, cpu_period: int, cpu_quota: int) -> None:
        self.updates.append({"cpu_period": cpu_period, "cpu_quota": cpu_quota})
        self.period, self.quota = cpu_period, cpu_quota


@dataclass
class FakeTarget:
    box: FakeContainer = field(default_factory=FakeContainer)
    spinning: int = 0
    argvs: list[list[str]] = field(default_factory=list)

    def container(self, service: str) -> FakeContainer:
        assert service == "api"
        self.box.target = self
        return self.box

    def exec(self, service: str, argv: list[str], timeout: float = 60.0) -> tuple[int, str]:
        self.argvs.append(argv)
        if argv[:2] == ["sh", "-c"] and "nohup" in argv[2]:
            self.spinning = int(argv[-1])
        elif argv[0] == "pkill":
            found, self.spinning = self.spinning, 0
            return (0, "") if found else (1, "")
        return 0, ""


def _ctx(target: FakeTarget, **params: Any) -> FaultContext:
    return FaultContext(target=target, params=CpuContentionParams(service="api", **params),  # type: ignore[arg-type]
                        clock=FakeClock())  # fmt: skip


@pytest.mark.parametrize("before", [(0, 0), (-1, 100000), (150000, 100000)])
def test_limit_set_for_the_fault_and_put_back(before: tuple[int, int]) -> None:
    target = FakeTarget(FakeContainer(quota=before[0], period=before[1]))
    fault, ctx = CpuContention(), _ctx(target, name="log-shipper", processes=12, cpus=0.3)
    ctx.state.update(fault.prepare(ctx))
    fault.inject(ctx)
    fault.verify_live(ctx)
    assert target.box.quota == 30000 and target.box.period == 100000
    assert target.spinning == 12
    fault.undo(ctx)
    fault.verify_undone(ctx)
    assert target.spinning == 0
    assert target.box.quota == (before[0] if before[0] > 0 else -1)


def test_undo_from_an_empty_journal_entry_lifts_the_limit() -> None:
    target = FakeTarget(FakeContainer(quota=50000, period=100000), spinning=3)
    fault, ctx = CpuContention(), _ctx(target)
    fault.undo(ctx)  # killed before prepare's state was journaled: undo still works
    assert target.spinning == 0 and target.box.quota == -1


@pytest.mark.parametrize("name", ["Log", "x;rm -rf /", "a b", "", "-x", "a" * 41])
def test_program_name_is_checked(name: str) -> None:
    with pytest.raises(ParamError):
        CpuContention().check_params(CpuContentionParams(service="api", name=name))
