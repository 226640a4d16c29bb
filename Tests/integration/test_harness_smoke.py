"""Smoke tests of the harness itself: the server starts, answers health, and
signed STS GetCallerIdentity works through boto3 and the AWS CLI."""

from __future__ import annotations

import json
import os
import subprocess


def _identity(resp: dict) -> dict:
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def test_health_answers_running(nimbus):
    status, headers, body = nimbus.http("GET", "/_nimbus/health")
    assert status == 200, body
    assert "json" in headers.get("Content-Type", headers.get("content-type", "")), headers
    health = json.loads(body)
    assert health["status"] == "running"
    assert isinstance(health["version"], str) and health["version"]
    assert isinstance(health["uptimeSeconds"], (int, float)) and health["uptimeSeconds"] >= 0
    assert os.path.realpath(health["dataDirectory"]) == os.path.realpath(nimbus.data_dir)
    sts = health["services"]["sts"]
    assert sts["implemented"] >= 1
    assert sts["operations"] >= sts["implemented"]


def test_version_command(nimbus_bin):
    proc = subprocess.run([str(nimbus_bin), "version"], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def test_get_caller_identity_default_account(nimbus):
    resp = nimbus.client("sts").get_caller_identity()
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["Account"] == "000000000000"
    assert resp["Arn"] == "arn:aws:iam::000000000000:root"


def test_get_caller_identity_twelve_digit_key_is_that_account(nimbus):
    resp = nimbus.client("sts", access_key="123456789012").get_caller_identity()
    assert resp["Account"] == "123456789012"
    assert resp["Arn"] == "arn:aws:iam::123456789012:root"


def test_get_caller_identity_any_region(nimbus):
    resp = nimbus.client("sts", region="eu-west-1").get_caller_identity()
    assert resp["Account"] == "000000000000"


def test_cli_get_caller_identity_matches_boto3(nimbus):
    rc, out, err = nimbus.cli("sts", "get-caller-identity")
    assert rc == 0, err
    cli_identity = json.loads(out)
    assert cli_identity["Account"] == "000000000000"
    assert cli_identity["Arn"] == "arn:aws:iam::000000000000:root"
    assert cli_identity == _identity(nimbus.client("sts").get_caller_identity())


def test_cli_with_twelve_digit_key(nimbus):
    out = nimbus.cli_json("sts", "get-caller-identity",
                          env_extra={"AWS_ACCESS_KEY_ID": "123456789012"})
    assert out["Account"] == "123456789012"
    assert out["Arn"] == "arn:aws:iam::123456789012:root"


def test_reset_endpoints(nimbus):
    nimbus.reset()
    status, _, body = nimbus.http("POST", "/moto-api/reset", b"")
    assert status == 200, body
    assert nimbus.client("sts").get_caller_identity()["Account"] == "000000000000"


def test_default_account_flag(fresh_nimbus):
    srv = fresh_nimbus("--default-account", "111122223333")
    resp = srv.client("sts").get_caller_identity()
    assert resp["Account"] == "111122223333"
    assert resp["Arn"] == "arn:aws:iam::111122223333:root"


def test_restart_and_crash_keep_port_and_data_dir(fresh_nimbus):
    srv = fresh_nimbus()
    first_pid = srv.proc.pid
    srv.restart()
    assert srv.proc.pid != first_pid
    health = srv.health()
    assert health["status"] == "running"
    assert os.path.realpath(health["dataDirectory"]) == os.path.realpath(srv.data_dir)
    srv.kill9()
    assert not srv.running
    srv.start()
    assert srv.client("sts").get_caller_identity()["Account"] == "000000000000"
