"""STS temporary credentials ("GetSessionToken" and "GetAccessKeyInfo", STS API Reference;
"Temporary security credentials in IAM": expired credentials answer ExpiredToken; "GetFederationToken")."""
import json

import botocore.exceptions
import pytest


def test_session_token_for_a_user_expires(fresh_nimbus):
    server = fresh_nimbus()
    iam = server.client("iam")
    iam.create_user(UserName="dev")
    key = iam.create_access_key(UserName="dev")["AccessKey"]
    user_sts = server.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    creds = user_sts.get_session_token(DurationSeconds=900)["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and creds["SessionToken"]
    session = server.client("sts", access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"], session_token=creds["SessionToken"])
    assert session.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:user/dev"
    # Without the session token the key is refused.
    no_token = server.client("sts", access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"])
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        no_token.get_caller_identity()
    assert excinfo.value.response["Error"]["Code"] == "InvalidClientTokenId"
    # Session credentials cannot ask for more session credentials.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        session.get_session_token()
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"
    assert server.http("POST", "/_nimbus/clock", b'{"advanceSeconds": 901}')[0] == 200
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        session.get_caller_identity()
    assert excinfo.value.response["Error"]["Code"] == "ExpiredToken"
    server.restart()  # sessions persist; the clock does not move back past their expiry


def test_session_duration_limits(nimbus):
    sts = nimbus.raw_client("sts")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sts.get_session_token(DurationSeconds=7200)  # root: at most one hour
    assert excinfo.value.response["Error"]["Code"] == "ValidationError"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sts.get_session_token(DurationSeconds=60)
    assert excinfo.value.response["Error"]["Code"] == "ValidationError"


def test_get_access_key_info(nimbus):
    sts = nimbus.client("sts")
    assert sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")["Account"] == "000000000000"
    iam = nimbus.client("iam", access_key="444455556666")
    iam.create_user(UserName="k")
    key = iam.create_access_key(UserName="k")["AccessKey"]
    assert sts.get_access_key_info(AccessKeyId=key["AccessKeyId"])["Account"] == "444455556666"


# "GetFederationToken" (STS API Reference) and "Session policies": a federated user can do only what its session
# policy allows within the calling user's permissions; without a session policy it can do nothing.
def test_get_federation_token(nimbus):
    account = "314159265358"
    admin = nimbus.client("iam", access_key=account)
    admin.create_user(UserName="broker")
    admin.put_user_policy(UserName="broker", PolicyName="broker", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["sts:GetFederationToken", "ec2:DescribeVpcs", "ec2:DescribeSubnets"], "Resource": "*"}]}))
    key = admin.create_access_key(UserName="broker")["AccessKey"]
    broker = nimbus.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    session_policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["ec2:DescribeVpcs", "iam:ListUsers"], "Resource": "*"}]})
    answer = broker.get_federation_token(Name="alice-app", Policy=session_policy, DurationSeconds=900)
    assert answer["FederatedUser"] == {"FederatedUserId": f"{account}:alice-app",
                                       "Arn": f"arn:aws:sts::{account}:federated-user/alice-app"}
    assert answer["Credentials"]["AccessKeyId"].startswith("ASIA") and answer["PackedPolicySize"] >= 1
    creds = answer["Credentials"]

    def as_federated(service):
        return nimbus.client(service, access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"],
                             session_token=creds["SessionToken"])

    assert as_federated("sts").get_caller_identity()["Arn"] == f"arn:aws:sts::{account}:federated-user/alice-app"
    as_federated("ec2").describe_vpcs()                       # both the user and the session policy allow it
    for call in (lambda: as_federated("ec2").describe_subnets(),   # the user allows it, the session policy does not
                 lambda: as_federated("iam").list_users()):          # the session policy allows it, the user does not
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call()
        assert excinfo.value.response["Error"]["Code"] in ("UnauthorizedOperation", "AccessDenied")
    bare = broker.get_federation_token(Name="nobody")["Credentials"]   # no session policy: no permissions
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        nimbus.client("ec2", access_key=bare["AccessKeyId"], secret_key=bare["SecretAccessKey"],
                      session_token=bare["SessionToken"]).describe_vpcs()
    assert excinfo.value.response["Error"]["Code"] == "UnauthorizedOperation"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:    # not from session credentials
        as_federated("sts").get_federation_token(Name="again", Policy=session_policy)
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"
    for bad in ({"Name": "x"}, {"Name": "has space"}, {"Name": "ok-name", "DurationSeconds": 200000}):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            nimbus.raw_client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"]).get_federation_token(**bad)
        assert excinfo.value.response["Error"]["Code"] == "ValidationError"
