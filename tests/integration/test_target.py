"""The staging stack against the real engine: up, TLS through the staging CA, checkout, status,
deploy/rollback, certificates, guardrail, clear errors, and a down that leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import ssl
import textwrap
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from gameday.cli import main
from gameday.dockerutil import LABEL_PROJECT, client
from gameday.errors import GuardrailError, TargetError
from gameday.target import resolve_target

from .conftest import isolated_env, remove_project

pytestmark = pytest.mark.docker


def _request(
    target: Any, path: str, *, body: dict | None = None, cafile: str | None = "ca"
) -> tuple[int, dict]:
    ctx = ssl.create_default_context(cafile=str(target.ca_path) if cafile == "ca" else cafile)
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        target.endpoints()["proxy"] + path,
        data=data,
        headers={"Content-Type": "application/json"} if data else {},
    )
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=15) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, {"raw": raw.decode("utf-8", "replace")}


def _psql(target: Any, sql: str) -> str:
    code, out = target.exec("db", ["psql", "-U", "shop", "-d", "shop", "-tAc", sql])
    assert code == 0, out
    return out.strip()


def test_every_service_is_up_and_healthy(shop: Any) -> None:
    rows = {r.service: r for r in shop.status()}
    assert set(rows) == {"proxy", "api", "db", "payments"}
    for row in rows.values():
        assert (row.state, row.health) == ("running", "healthy"), row
    assert f"127.0.0.1:{shop.proxy_port}->8443/tcp" in rows["proxy"].ports
    assert f"127.0.0.1:{shop.db_port}->5432/tcp" in rows["db"].ports


def test_https_verifies_against_the_staging_ca_and_fails_without_it(shop: Any) -> None:
    status, body = _request(shop, "/health")
    assert status == 200
    assert body["checks"] == {"db": "ok", "payments": "ok"}
    with pytest.raises(urllib.error.URLError) as info:
        _request(shop, "/health", cafile=None)  # system trust store only
    assert isinstance(info.value.reason, ssl.SSLCertVerificationError)


def test_checkout_creates_an_order_row_in_postgres(shop: Any) -> None:
    customer = f"it-{os.getpid()}"
    status, body = _request(
        shop, "/checkout", body={"product_id": 7, "quantity": 2, "customer": customer}
    )
    assert status == 201, body
    row = _psql(
        shop, f"SELECT product_id, quantity, customer FROM orders WHERE id = {body['order_id']}"
    )
    assert row == f"7|2|{customer}"
    assert int(_psql(shop, "SELECT count(*) FROM orders")) > 300_000


def test_status_json_reports_versions(
    shop: Any, shop_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["target", "status", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["project"] == shop.project
    services = {s["service"]: s for s in doc["services"]}
    assert services["api"]["version"] == "v1"
    assert services["api"]["deployed_version"] == "v1"
    assert services["api"]["image"] == "gameday-shop-api:v1"
    assert {s["health"] for s in services.values()} == {"healthy"}
    assert doc["endpoints"]["ca"] == str(shop.ca_path)


def test_bad_deploy_then_rollback_is_real(shop: Any) -> None:
    shop.deploy("api", "v2")
    try:
        assert _request(shop, "/version")[1]["version"] == "v2"
        status, _ = _request(shop, "/checkout", body={"product_id": 3})
        assert status == 500  # v2's checkout bug
        assert shop.deploy_history("api")[-2:] == ["v1", "v2"]
    finally:
        assert shop.rollback("api") == ("v2", "v1")
    assert shop.deployed_version("api") == "v1"
    assert _request(shop, "/version")[1]["version"] == "v1"
    assert _request(shop, "/checkout", body={"product_id": 3})[0] == 201


def test_expired_certificate_fails_customers_until_renewed(shop: Any, shop_env: dict) -> None:
    now = dt.datetime.now(dt.UTC)
    shop.install_certificate(now - dt.timedelta(days=30), now - dt.timedelta(days=1))
    try:
        with pytest.raises(urllib.error.URLError) as info:
            _request(shop, "/health")
        assert "expired" in str(info.value.reason)
    finally:
        assert main(["target", "cert", "renew"]) == 0
    assert _request(shop, "/health")[0] == 200
    assert shop.certificate().valid_at(dt.datetime.now(dt.UTC))


def test_payments_schema_switch_and_pin(shop: Any) -> None:
    assert shop.exec("payments", ["payments-admin", "set-default", "v2"])[0] == 0
    try:
        status, body = _request(shop, "/checkout", body={"product_id": 9})
        assert status == 502, body
        logs = shop.container("api").logs(tail=20).decode()
        assert "cannot parse payment response" in logs
        _psql(shop, "UPDATE settings SET value = 'v1' WHERE key = 'payments_version'")
        # the API caches the pin for up to 2 s; retry until it reads the new value
        for _ in range(40):
            status, body = _request(shop, "/checkout", body={"product_id": 9})
            if status == 201:
                break
        assert status == 201, body
    finally:
        shop.exec("payments", ["payments-admin", "set-default", "v1"])
        _psql(shop, "UPDATE settings SET value = '' WHERE key = 'payments_version'")


def test_guardrail_refuses_unlabelled_containers(shop: Any) -> None:
    base = shop.container("api").image
    foreign = client().containers.create(
        base.id, ["true"], labels={"com.docker.compose.project": shop.project}
    )
    try:
        with pytest.raises(GuardrailError):
            shop.check_guardrail(foreign)
    finally:
        foreign.remove(force=True)
    shop.check_guardrail(shop.container("api"))  # ours: no error


def test_exec_takes_an_argv_list(shop: Any) -> None:
    code, out = shop.exec("proxy", ["nginx", "-t"])
    assert code == 0 and "successful" in out
    with pytest.raises(TypeError):
        shop.exec("proxy", "nginx -t")


def test_port_in_use_is_named_and_nothing_is_created(monkeypatch: pytest.MonkeyPatch) -> None:
    env = isolated_env("gdtest-port")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", int(env["GAMEDAY_PROXY_PORT"])))
        blocker.listen()
        t = resolve_target(None)
        with pytest.raises(TargetError, match=f"port {env['GAMEDAY_PROXY_PORT']} .*in use"):
            t.up()
    label = {"label": f"{LABEL_PROJECT}={env['GAMEDAY_PROJECT']}"}
    assert client().containers.list(all=True, filters=label, ignore_removed=True) == []


def test_unknown_target_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match="unknown target"):
        resolve_target(str(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(TargetError, match=r"no docker-compose\.yml"):
        resolve_target(str(tmp_path / "empty"))


def test_failed_build_shows_the_failing_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = isolated_env("gdtest-build")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    folder = tmp_path / "broken"
    (folder / "bad").mkdir(parents=True)
    (folder / "bad" / "Dockerfile").write_text(
        "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo about-to-fail && exit 3\n"
    )
    project = env["GAMEDAY_PROJECT"]
    (folder / "docker-compose.yml").write_text(
        textwrap.dedent(
            """\
            version: "2.4"
            services:
              bad:
                build:
                  context: ./bad
                  args:
                    BASE_IMAGE: ${GAMEDAY_BASE_IMAGE}
                image: gdtest-broken:v1
                labels:
                  gameday.target: broken
                  gameday.project: ${GAMEDAY_PROJECT}
            """
        )
    )
    t = resolve_target(str(folder))
    with pytest.raises(TargetError) as info:
        t.up()
    message = str(info.value)
    assert "RUN echo about-to-fail" in message and "about-to-fail" in message.split("\n", 1)[1]
    assert (
        client().containers.list(
            all=True, filters={"label": f"{LABEL_PROJECT}={project}"}, ignore_removed=True
        )
        == []
    )


def test_down_leaves_nothing_labelled(
    docker_available: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = isolated_env("gdtest-down")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    label = {"label": f"{LABEL_PROJECT}={env['GAMEDAY_PROJECT']}"}
    docker = client()
    t = resolve_target(None)
    try:
        t.up()
        assert len(t.containers()) == 4
        assert main(["target", "down", "--keep-data"]) == 0
        assert docker.containers.list(all=True, filters=label, ignore_removed=True) == []
        kept = {str(v.name).rsplit("_", 1)[-1] for v in docker.volumes.list(filters=label)}
        assert "dbdata" in kept  # the database survives (beside the receipts tmpfs volume)
        t.up()  # reuses the seeded volume
        assert int(_psql(t, "SELECT count(*) FROM products")) == 1000
        assert main(["target", "down"]) == 0
        assert docker.containers.list(all=True, filters=label, ignore_removed=True) == []
        assert docker.networks.list(filters=label) == []
        assert docker.volumes.list(filters=label) == []
        assert main(["target", "down"]) == 0  # nothing up: still no error
    finally:
        remove_project(env["GAMEDAY_PROJECT"])


def test_locust_customers_browse_and_check_out_over_verified_tls(shop: Any) -> None:
    import subprocess
    import sys

    locust = Path(sys.executable).with_name("locust")
    done = subprocess.run(
        [
            str(locust),
            "-f",
            str(shop.path / "locustfile.py"),
            "--headless",
            "-u",
            "10",
            "-r",
            "10",
            "-t",
            "8s",
            "--host",
            shop.endpoints()["proxy"],
            "--json",
            "--only-summary",
        ],
        env={**os.environ, "GAMEDAY_CA": str(shop.ca_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    stats = {s["name"]: s for s in json.loads(done.stdout)}
    assert {"/products", "/checkout"} <= set(stats), done.stderr[-2000:]
    assert sum(s["num_requests"] for s in stats.values()) > 0
    assert sum(s["num_failures"] for s in stats.values()) == 0, done.stderr[-2000:]
