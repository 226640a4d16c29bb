"""State survives restarts and kill -9: every acknowledged write is durable before its answer."""
import threading

import botocore.exceptions
import pytest


def test_restart_keeps_users_and_keys(fresh_nimbus):
    server = fresh_nimbus()
    iam = server.client("iam")
    iam.create_user(UserName="alice", Path="/team/", Tags=[{"Key": "env", "Value": "dev"}])
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    server.restart()
    iam = server.client("iam")
    user = iam.get_user(UserName="alice")["User"]
    assert user["Path"] == "/team/" and user["Tags"] == [{"Key": "env", "Value": "dev"}]
    sts = server.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:user/team/alice"


def test_kill_9_loses_no_acknowledged_write(fresh_nimbus):
    server = fresh_nimbus()
    iam = server.client("iam")
    acknowledged = []
    stop = threading.Event()

    def writer():
        i = 0
        while not stop.is_set():
            name = f"user{i:05d}"
            try:
                iam.create_user(UserName=name)
                acknowledged.append(name)
            except Exception:
                return  # the server is gone
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    while len(acknowledged) < 150:
        pass
    server.kill9()
    stop.set()
    thread.join(timeout=30)
    server.start()
    names = {u["UserName"] for u in server.client("iam").get_paginator("list_users").paginate().build_full_result()["Users"]}
    missing = [n for n in acknowledged if n not in names]
    assert not missing, f"{len(missing)} acknowledged users lost, e.g. {missing[:3]}"
    assert len(acknowledged) >= 150


def test_reset_wipes_state(fresh_nimbus):
    server = fresh_nimbus()
    server.client("iam").create_user(UserName="temp")
    server.reset()
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        server.client("iam").get_user(UserName="temp")
    assert excinfo.value.response["Error"]["Code"] == "NoSuchEntity"
    server.client("iam").create_user(UserName="temp")
    assert server.http("POST", "/moto-api/reset")[0] == 200
    assert server.client("iam").list_users()["Users"] == []


def test_ephemeral_keeps_nothing(fresh_nimbus):
    server = fresh_nimbus("--ephemeral")
    server.client("iam").create_user(UserName="gone")
    server.restart()
    assert server.client("iam").list_users()["Users"] == []


def test_iam_user_rules(nimbus):
    # IAM API Reference: CreateUser (EntityAlreadyExists, names unique regardless of case), DeleteUser (DeleteConflict),
    # "IAM and AWS STS quotas": 2 access keys per user.
    iam = nimbus.client("iam")
    iam.create_user(UserName="Bob")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_user(UserName="bob")
    assert excinfo.value.response["Error"]["Code"] == "EntityAlreadyExists"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    iam.create_access_key(UserName="Bob")
    iam.create_access_key(UserName="Bob")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_access_key(UserName="Bob")
    assert excinfo.value.response["Error"]["Code"] == "LimitExceeded"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_user(UserName="Bob")
    assert excinfo.value.response["Error"]["Code"] == "DeleteConflict"
    for key in iam.list_access_keys(UserName="Bob")["AccessKeyMetadata"]:
        iam.delete_access_key(UserName="Bob", AccessKeyId=key["AccessKeyId"])
    iam.delete_user(UserName="Bob")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.get_user(UserName="Bob")
    assert excinfo.value.response["Error"]["Code"] == "NoSuchEntity"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_iam_list_users_paginates(nimbus):
    iam = nimbus.client("iam", access_key="222233334444")
    for i in range(7):
        iam.create_user(UserName=f"p{i}")
    first = iam.list_users(MaxItems=3)
    assert [u["UserName"] for u in first["Users"]] == ["p0", "p1", "p2"] and first["IsTruncated"]
    everyone = iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2}).build_full_result()["Users"]
    assert [u["UserName"] for u in everyone] == [f"p{i}" for i in range(7)]
    out = nimbus.cli_json("iam", "list-users", env_extra={"AWS_ACCESS_KEY_ID": "222233334444"})
    assert len(out["Users"]) == 7
