"""The restore journal and the apply/restore lifecycle, with a fake fault on a fake target."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from gameday import plugins
from gameday.errors import FaultError, GuardrailError, RestorePending
from gameday.faults.apply import inject_fault, undo_fault
from gameday.faults.guard import restoring
from gameday.faults.restore import restore
from gameday.journal import Journal, ensure_no_pending, pending_restores
from tests.unit.fault_fakes import FakeTarget, FlagFault, install_fake_registries


@pytest.fixture(autouse=True)
def fake_registries(state_dir: Path) -> Iterator[None]:
    saved = install_fake_registries()
    FlagFault.journal_seen.clear()
    yield
    plugins.install(saved)


def _record(j: Journal, fault: str) -> str:
    return j.record(fault=fault, type="flag", params={"flag": fault}, target="t", project="p").id


def test_entries_are_pending_until_done_and_survive_a_new_process_view(state_dir: Path) -> None:
    j = Journal()
    a, b = _record(j, "a"), _record(j, "b")
    assert [e.id for e in Journal().pending()] == [a, b]
    j.mark_done(a)
    assert [e.fault for e in pending_restores()] == ["b"]
    assert (state_dir / "journal" / "restore.jsonl").exists()


def test_a_torn_last_line_is_ignored() -> None:
    j = Journal()
    _record(j, "a")
    with open(j.path, "ab") as f:
        f.write(b'{"op": "pending", "id": "zz", "fau')  # crash mid-write
    assert [e.fault for e in j.pending()] == ["a"]
    _record(j, "b")  # appending after a torn line still works
    assert [e.fault for e in j.pending()] == ["a", "b"]


def test_compact_keeps_only_pending() -> None:
    j = Journal()
    a = _record(j, "a")
    _record(j, "b")
    j.mark_done(a)
    j.compact()
    records = [json.loads(x) for x in j.path.read_text().splitlines()]
    assert [r["fault"] for r in records] == ["b"]
    assert [e.fault for e in j.pending()] == ["b"]


def test_entry_records_the_environment_that_found_the_target(monkeypatch) -> None:
    monkeypatch.setenv("GAMEDAY_PROJECT", "gd-xyz")
    monkeypatch.setenv("GAMEDAY_PROXY_PORT", "38443")
    e = Journal().record(fault="a", type="flag", params={}, target="t", project="gd-xyz")
    assert e.env["GAMEDAY_PROJECT"] == "gd-xyz" and e.env["GAMEDAY_PROXY_PORT"] == "38443"
    assert e.pid == os.getpid()


def test_ensure_no_pending_names_what_is_left() -> None:
    ensure_no_pending()
    _record(Journal(), "cert")
    with pytest.raises(RestorePending) as info:
        ensure_no_pending()
    assert info.value.exit_code == 7
    assert "1 fault(s) applied" in str(info.value) and "cert" in str(info.value)
    assert "gameday restore" in (info.value.hint or "")
    ensure_no_pending(project="another-stack")  # other projects' faults do not block this one


def test_journal_entry_is_durable_before_the_fault_acts() -> None:
    t = FakeTarget()
    applied = inject_fault(t, "flag", {"flag": "x"}, name="x")
    assert FlagFault.journal_seen == [1]
    assert t.applied == ["x"]
    assert applied.entry.state == {"before": []}
    undo_fault(applied)
    assert t.applied == [] and pending_restores() == []


def test_guardrail_refuses_before_anything_is_written() -> None:
    t = FakeTarget()
    with pytest.raises(GuardrailError):
        inject_fault(t, "flag", {"flag": "x", "service": "decoy"})
    assert t.log == [] and pending_restores() == []


def test_bad_params_fail_before_anything_is_written() -> None:
    with pytest.raises(FaultError, match=r"params\.flag: required"):
        inject_fault(FakeTarget(), "flag", {})
    assert pending_restores() == []


def test_a_failed_inject_is_undone_on_the_spot() -> None:
    t = FakeTarget()
    with pytest.raises(FaultError, match="boom"):
        inject_fault(t, "flag", {"flag": "x", "fail_inject": True})
    assert t.log == ["inject x", "undo x"] and t.applied == []
    assert pending_restores() == []


def test_restore_undoes_in_reverse_order_and_is_idempotent() -> None:
    t = FakeTarget()
    for flag in ("a", "b", "c"):
        inject_fault(t, "flag", {"flag": flag}, name=flag)
    report = restore(targets={t.project: t})
    assert report.ok
    assert [f.entry.fault for f in report.faults] == ["c", "b", "a"]
    assert t.log[-3:] == ["undo c", "undo b", "undo a"] and t.applied == []
    again = restore(targets={t.project: t})
    assert again.faults == [] and again.ok
    assert Journal().path.read_bytes() == b""  # compacted once nothing is pending


def test_a_failing_undo_stays_pending_and_others_still_run() -> None:
    t = FakeTarget()
    inject_fault(t, "flag", {"flag": "a"}, name="a")
    inject_fault(t, "flag", {"flag": "b", "fail_undo": True}, name="b")
    report = restore(targets={t.project: t})
    assert not report.ok
    assert [(f.entry.fault, f.ok) for f in report.faults] == [("b", False), ("a", True)]
    assert "cannot undo" in (report.faults[0].error or "")
    assert [e.fault for e in pending_restores()] == ["b"]


def test_guard_restores_on_exception_and_leaves_older_entries() -> None:
    t = FakeTarget()
    _record(Journal(), "older")  # another drill's entry: not this block's to undo
    with pytest.raises(RuntimeError), restoring(targets={t.project: t}, check_steady=False) as g:
        inject_fault(t, "flag", {"flag": "mine"}, name="mine")
        raise RuntimeError("drill crashed")
    assert t.applied == [] and g.report is not None and g.report.ok
    assert [e.fault for e in pending_restores()] == ["older"]


def test_guard_restores_on_sigterm(state_dir: Path, tmp_path: Path) -> None:
    """A real process gets SIGTERM while a fault is applied; it restores, then exits 143."""
    marker = tmp_path / "applied"
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path.cwd())!r})
        from tests.unit.fault_fakes import FakeTarget, install_fake_registries
        from gameday.faults.apply import inject_fault
        from gameday.faults.guard import restoring
        install_fake_registries()
        t = FakeTarget()
        with restoring(targets={{t.project: t}}, check_steady=False):
            inject_fault(t, "flag", {{"flag": "x"}})
            open({str(marker)!r}, "w").write(",".join(t.applied))
            os.kill(os.getpid(), signal.SIGTERM)
            signal.pause()
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=60)
    assert proc.returncode == 143
    assert marker.read_text() == "x"
    assert pending_restores() == []
