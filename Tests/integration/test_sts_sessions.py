"""STS temporary credentials ("GetSessionToken" and "GetAccessKeyInfo", STS API Reference;
"Temporary security credentials in IAM": expired credentials answer ExpiredToken; "GetFederationToken";
"AssumeRoleWithWebIdentity")."""
import base64
import json
import time

import boto3
import botocore.exceptions
import pytest
from botocore import UNSIGNED
from botocore.config import Config


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


def jwt(claims: dict) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


# "Create an OpenID Connect (OIDC) identity provider in IAM", "Configuring a role for GitHub OIDC identity provider",
# AssumeRoleWithWebIdentity (STS API Reference): the issuer, audience, expiry and the trust policy's claims decide.
def test_assume_role_with_web_identity(nimbus):
    account = "271828182845"
    iam = nimbus.client("iam", access_key=account)
    issuer = "token.actions.githubusercontent.com"
    provider = iam.create_open_id_connect_provider(Url=f"https://{issuer}", ClientIDList=["sts.amazonaws.com"],
                                                   ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"])["OpenIDConnectProviderArn"]
    assert provider == f"arn:aws:iam::{account}:oidc-provider/{issuer}"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_open_id_connect_provider(Url=f"https://{issuer}", ClientIDList=["x"], ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"])
    assert excinfo.value.response["Error"]["Code"] == "EntityAlreadyExists"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:  # 40 characters, not hexadecimal
        iam.create_open_id_connect_provider(Url="https://other.example.com", ClientIDList=["x"], ThumbprintList=["z" * 40])
    assert excinfo.value.response["Error"]["Code"] == "InvalidInput"
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=provider, ClientID="extra")
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider)["ClientIDList"] == ["sts.amazonaws.com", "extra"]
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=provider, ClientID="extra")
    assert [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]] == [provider]

    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {f"{issuer}:aud": "sts.amazonaws.com"},
                      "StringLike": {f"{issuer}:sub": "repo:octo/app:*"}}}]}
    role = iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="deploy", PolicyName="vpcs", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ec2:DescribeVpcs", "Resource": "*"}]}))
    sts = boto3_unsigned(nimbus, Config(signature_version=UNSIGNED))
    good = {"iss": f"https://{issuer}", "aud": "sts.amazonaws.com", "sub": "repo:octo/app:ref:refs/heads/main",
            "exp": int(time.time()) + 30 * 86400}
    answer = sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="ci", WebIdentityToken=jwt(good))
    assert answer["SubjectFromWebIdentityToken"] == good["sub"] and answer["Audience"] == "sts.amazonaws.com"
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{account}:assumed-role/deploy/ci"
    creds = answer["Credentials"]
    nimbus.client("ec2", access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"],
                  session_token=creds["SessionToken"]).describe_vpcs()
    for claims, expected in (({**good, "sub": "repo:evil/app:ref:refs/heads/main"}, "AccessDenied"),
                             ({**good, "aud": "someone-else"}, "InvalidIdentityToken"),
                             ({**good, "iss": "https://unknown.example.com"}, "InvalidIdentityToken"),
                             ({**good, "exp": int(time.time()) - 60}, "ExpiredTokenException")):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="ci", WebIdentityToken=jwt(claims))
        assert excinfo.value.response["Error"]["Code"] == expected, claims
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="ci", WebIdentityToken="not-a-jwt")
    assert excinfo.value.response["Error"]["Code"] == "InvalidIdentityToken"
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=provider)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider)
    assert excinfo.value.response["Error"]["Code"] == "NoSuchEntity"


def boto3_unsigned(nimbus, config):
    return boto3.session.Session().client("sts", endpoint_url=nimbus.endpoint, region_name="us-east-1", config=config)
