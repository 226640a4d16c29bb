"""STS temporary credentials ("GetSessionToken" and "GetAccessKeyInfo", STS API Reference;
"Temporary security credentials in IAM": expired credentials answer ExpiredToken)."""
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
