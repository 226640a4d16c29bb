"""S3 Control: Block Public Access for a whole account ("Blocking public access to your Amazon S3 storage";
PutPublicAccessBlock, GetPublicAccessBlock, DeletePublicAccessBlock in the S3 Control API Reference).

SDKs send S3 Control calls to `ACCOUNT.<endpoint host>` (the service's endpoint rules put the account id in the
host). `ACCOUNT.127.0.0.1` does not resolve, so these clients connect to the server's address while sending and
signing the Host the SDK chose, as a wildcard DNS name for the endpoint would let them do."""
import json
import subprocess
from urllib.parse import urlsplit, urlunsplit

import botocore.exceptions
import pytest

from s3support import error_code, status, unique_bucket

ACCOUNT = "777788889999"
SETTINGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def control_client(nimbus, access_key=ACCOUNT, secret_key="test"):
    client = nimbus.client("s3control", access_key=access_key, secret_key=secret_key)
    server = urlsplit(nimbus.endpoint).netloc

    def connect_to_server(request, **_):
        parts = urlsplit(request.url)
        request.headers["Host"] = parts.netloc  # as signed
        request.url = urlunsplit(parts._replace(netloc=server))

    client.meta.events.register("before-send.s3-control.*", connect_to_server)
    return client


def all_settings(value):
    return {name: value for name in SETTINGS}


def bucket_open_to_public_policies(nimbus, account, prefix):
    """An S3 client and an S3 Control client of `account`, and a new bucket of it whose own Block Public Access is off."""
    s3 = nimbus.client("s3", access_key=account)
    name = unique_bucket(prefix)
    s3.create_bucket(Bucket=name)
    s3.delete_public_access_block(Bucket=name)
    return s3, control_client(nimbus, access_key=account), name


def public_policy(bucket):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]})


def test_account_settings_put_get_delete(nimbus):
    control = control_client(nimbus)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        control.get_public_access_block(AccountId=ACCOUNT)
    assert error_code(excinfo) == "NoSuchPublicAccessBlockConfiguration"
    assert status(excinfo) == 404

    # A setting left out is off, and Get shows all four.
    control.put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration={"BlockPublicPolicy": True})
    got = control.get_public_access_block(AccountId=ACCOUNT)["PublicAccessBlockConfiguration"]
    assert got == {**all_settings(False), "BlockPublicPolicy": True}

    control.delete_public_access_block(AccountId=ACCOUNT)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        control.get_public_access_block(AccountId=ACCOUNT)
    assert error_code(excinfo) == "NoSuchPublicAccessBlockConfiguration"


def test_another_accounts_settings_are_refused(nimbus):
    control = control_client(nimbus)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        control.put_public_access_block(AccountId="123456789012", PublicAccessBlockConfiguration=all_settings(True))
    assert error_code(excinfo) == "AccessDenied"


# "Actions, resources, and condition keys for Amazon S3": the account-level settings are s3:GetAccountPublicAccessBlock
# and s3:PutAccountPublicAccessBlock (Delete needs the Put action).
def test_iam_users_need_the_account_level_actions(nimbus):
    account = "777788880003"
    iam = nimbus.client("iam", access_key=account)
    iam.create_user(UserName="reader")
    iam.put_user_policy(UserName="reader", PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetAccountPublicAccessBlock", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    reader = control_client(nimbus, access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    control_client(nimbus, access_key=account).put_public_access_block(
        AccountId=account, PublicAccessBlockConfiguration=all_settings(True))
    assert reader.get_public_access_block(AccountId=account)["PublicAccessBlockConfiguration"] == all_settings(True)
    for call in (lambda: reader.delete_public_access_block(AccountId=account),
                 lambda: reader.put_public_access_block(AccountId=account, PublicAccessBlockConfiguration=all_settings(False))):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "AccessDenied"
        assert "s3:PutAccountPublicAccessBlock" in excinfo.value.response["Error"]["Message"]


# "The most restrictive combination of the bucket-level and account-level settings" applies.
def test_account_setting_overrides_a_bucket_that_allows_public_policies(nimbus):
    account = "777788880001"
    s3, control, name = bucket_open_to_public_policies(nimbus, account, "bpa-account")

    control.put_public_access_block(AccountId=account, PublicAccessBlockConfiguration={"BlockPublicPolicy": True})
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_policy(Bucket=name, Policy=public_policy(name))
    assert error_code(excinfo) == "AccessDenied"

    control.put_public_access_block(AccountId=account, PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    s3.put_bucket_policy(Bucket=name, Policy=public_policy(name))  # BlockPublicPolicy is off at both levels now
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_object(Bucket=name, Key="k", Body=b"x", ACL="public-read")
    assert error_code(excinfo) == "AccessDenied"
    s3.put_object(Bucket=name, Key="k", Body=b"x", ACL="private")


def test_restrict_public_buckets_for_the_account_stops_anonymous_reads(nimbus):
    account = "777788880002"
    s3, control, name = bucket_open_to_public_policies(nimbus, account, "bpa-restrict")
    s3.put_bucket_policy(Bucket=name, Policy=public_policy(name))
    s3.put_object(Bucket=name, Key="index.html", Body=b"hi")
    url = f"{nimbus.endpoint}/{name}/index.html"
    assert _curl_status(url) == 200
    control.put_public_access_block(AccountId=account, PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
    assert _curl_status(url) == 403
    control.delete_public_access_block(AccountId=account)
    assert _curl_status(url) == 200


def test_health_lists_s3_control(nimbus):
    assert nimbus.health()["services"]["s3control"]["implemented"] == 3


def _curl_status(url):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url], capture_output=True, text=True, check=True)
    return int(out.stdout)
