"""SigV4 and credentials: issued keys are verified strictly, unknown keys are an account's root,
clock skew is refused ("Signature Version 4 signing process", "Common Errors": SignatureDoesNotMatch,
InvalidClientTokenId, MissingAuthenticationToken)."""
import datetime
import itertools

import botocore.exceptions
import pytest

import awsraw


def code_of(excinfo):
    return excinfo.value.response["Error"]["Code"]


_names = itertools.count()


@pytest.fixture
def iam_user_key(nimbus):
    iam = nimbus.client("iam")
    name = f"authuser{next(_names)}"
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return name, key


def test_account_from_12_digit_key(nimbus):
    sts = nimbus.client("sts", access_key="111122223333")
    assert sts.get_caller_identity()["Account"] == "111122223333"
    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::111122223333:root"


def test_issued_key_is_the_user(nimbus, iam_user_key):
    name, key = iam_user_key
    sts = nimbus.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    identity = sts.get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::000000000000:user/{name}"
    assert identity["UserId"].startswith("AIDA")
    assert key["AccessKeyId"].startswith("AKIA") and len(key["AccessKeyId"]) == 20
    assert len(key["SecretAccessKey"]) == 40


def test_wrong_secret_is_refused(nimbus, iam_user_key):
    _, key = iam_user_key
    for service, call, expected in [("sts", "get_caller_identity", "SignatureDoesNotMatch"),
                                    ("ec2", "describe_regions", "AuthFailure"),
                                    ("logs", "describe_log_groups", "InvalidSignatureException")]:
        client = nimbus.client(service, access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"][:-1] + "X")
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            getattr(client, call)()
        assert code_of(excinfo) == expected, service


def test_tampered_body_is_refused(nimbus, iam_user_key):
    _, key = iam_user_key
    ok = awsraw.signed("POST", nimbus.endpoint + "/", "sts", awsraw.form("GetCallerIdentity", "2011-06-15"), awsraw.FORM,
                       access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    assert ok.status == 200 and "<Arn>arn:aws:iam::000000000000:user/" in ok.text


def test_inactive_and_deleted_keys_are_refused(nimbus, iam_user_key):
    name, key = iam_user_key
    iam = nimbus.client("iam")
    user_sts = nimbus.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    iam.update_access_key(UserName=name, AccessKeyId=key["AccessKeyId"], Status="Inactive")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        user_sts.get_caller_identity()
    assert code_of(excinfo) == "InvalidClientTokenId"
    iam.update_access_key(UserName=name, AccessKeyId=key["AccessKeyId"], Status="Active")
    assert user_sts.get_caller_identity()["Arn"].endswith(f":user/{name}")
    iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        user_sts.get_caller_identity()
    assert code_of(excinfo) == "InvalidClientTokenId"


def test_clock_skew_over_15_minutes(nimbus):
    # "Signature Version 4 signing process": a request signed more than 15 minutes away from the server's time fails.
    old = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "sts", awsraw.form("GetCallerIdentity", "2011-06-15"), awsraw.FORM, at=old)
    assert reply.status == 403 and "<Code>SignatureDoesNotMatch</Code>" in reply.text and "Signature expired" in reply.text
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "ec2", awsraw.form("DescribeRegions", "2016-11-15"), awsraw.FORM, at=old)
    assert "<Code>RequestExpired</Code>" in reply.text
    recent = datetime.datetime.utcnow() - datetime.timedelta(minutes=10)
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "sts", awsraw.form("GetCallerIdentity", "2011-06-15"), awsraw.FORM, at=recent)
    assert reply.status == 200


def test_malformed_authorization_header(nimbus):
    reply = awsraw.send("POST", nimbus.endpoint + "/", awsraw.form("GetCallerIdentity", "2011-06-15"),
                        {**awsraw.FORM, "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request",
                         "X-Amz-Date": "20260101T000000Z"})
    assert reply.status in (400, 403) and "<Code>IncompleteSignature</Code>" in reply.text


def test_presigned_url(nimbus, iam_user_key):
    _, key = iam_user_key
    import boto3
    from botocore.config import Config
    session = boto3.session.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], region_name="us-east-1")
    sts = session.client("sts", endpoint_url=nimbus.endpoint, config=Config(signature_version="v4"))
    # botocore signs query-protocol URLs as POST unless told which method they will be used with.
    url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    reply = awsraw.send("GET", url)
    assert reply.status == 200, reply.text
    assert "<Arn>arn:aws:iam::000000000000:user/" in reply.text
    tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    assert awsraw.send("GET", tampered).status == 403


def test_strict_credentials(fresh_nimbus):
    server = fresh_nimbus()
    iam = server.client("iam")
    iam.create_user(UserName="ci")
    key = iam.create_access_key(UserName="ci")["AccessKey"]
    server.stop()
    server.extra_args = ("--strict-credentials",)
    server.start()
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        server.client("sts").get_caller_identity()
    assert code_of(excinfo) == "InvalidClientTokenId"
    sts = server.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:user/ci"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        server.client("ec2").describe_regions()
    assert code_of(excinfo) == "AuthFailure"


def test_default_account_option(fresh_nimbus):
    server = fresh_nimbus("--default-account", "123456789012")
    assert server.client("sts").get_caller_identity()["Account"] == "123456789012"
