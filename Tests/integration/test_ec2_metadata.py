"""The instance metadata service (IMDS) of Nimbus instances, as the Amazon EC2 User Guide describes it ("Use the
Instance Metadata Service to access instance metadata", "How Instance Metadata Service Version 2 works", "Instance
metadata categories", "Retrieve instance metadata", "Instance identity documents", "Work with instance user data",
"Configure the instance metadata options", "Retrieve security credentials from instance metadata"), and an
instance's IAM role used the way software on the instance uses it: botocore's credential chain reading IMDS.

Nimbus serves each instance's IMDS at http://127.0.0.1:PORT/_nimbus/imds/INSTANCE_ID/ (PORT: the server's port),
which stands in for http://169.254.169.254/ on that instance: .../_nimbus/imds/i-0abc.../latest/meta-data/instance-id.
The requests here are plain urllib calls, unsigned, as on an instance.

Every test works in an account of its own (ec2support's `acct`)."""
import datetime
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from ec2support import al2023, fails, instance, new_igw, new_instance, only
from ec2support import acct, net  # noqa: F401  (fixtures: the test's own account, a VPC with one subnet in it)

TTL = "X-aws-ec2-metadata-token-ttl-seconds"
TOKEN = "X-aws-ec2-metadata-token"
MISSING_INSTANCE = "i-0123456789abcdef0"
EC2_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
LIST_USERS_ONLY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]})

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------

def imds_base(nimbus, instance_id: str) -> str:
    return f"http://127.0.0.1:{nimbus.port}/_nimbus/imds/{instance_id}/"


def imds(nimbus, instance_id: str, path: str, method: str = "GET", headers: dict | None = None):
    """One IMDS request; answers (status, headers, body text)."""
    request = urllib.request.Request(imds_base(nimbus, instance_id) + path, method=method, headers=headers or {},
                                     data=b"" if method == "PUT" else None)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode(errors="replace")


def token(nimbus, instance_id: str, ttl: str = "60") -> str:
    status, _, body = imds(nimbus, instance_id, "latest/api/token", "PUT", {TTL: ttl})
    assert status == 200, (status, body)
    assert body
    return body


def get(nimbus, instance_id: str, path: str, session_token: str | None = None) -> str:
    """A metadata value that must be there (IMDSv2 unless session_token is "")."""
    if session_token is None:
        session_token = token(nimbus, instance_id)
    status, _, body = imds(nimbus, instance_id, path, headers={TOKEN: session_token} if session_token else {})
    assert status == 200, (path, status, body)
    return body


def status_of(nimbus, instance_id: str, path: str, session_token: str | None = None) -> int:
    return imds(nimbus, instance_id, path, headers={TOKEN: session_token} if session_token else {})[0]


@pytest.fixture
def image_id(acct) -> str:
    return al2023(acct.ec2)["ImageId"]


def launch(ec2, image: str, subnet: str, **kwargs) -> dict:
    """One running t3.micro; answers its DescribeInstances document."""
    return instance(ec2, new_instance(ec2, image, subnet, **kwargs))


def new_instance_profile(iam, name: str = "app") -> dict:
    """Role `name`-role trusted by ec2.amazonaws.com, allowed iam:ListUsers and nothing else, in profile `name`."""
    role = iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=EC2_TRUST)["Role"]
    iam.put_role_policy(RoleName=role["RoleName"], PolicyName="list-users-only", PolicyDocument=LIST_USERS_ONLY)
    profile = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role["RoleName"])
    return {"role": role, "profile": profile}


# ---------------------------------------------------------------------------------------------------------------
# IMDSv2 sessions
# ---------------------------------------------------------------------------------------------------------------

# "How Instance Metadata Service Version 2 works" (PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds;
# GET with X-aws-ec2-metadata-token), "Retrieve instance metadata", EC2 User Guide
def test_token_then_values(nimbus, acct, net, image_id):
    described = launch(acct.ec2, image_id, net.subnet)
    instance_id = described["InstanceId"]
    status, headers, session = imds(nimbus, instance_id, "latest/api/token", "PUT", {TTL: "60"})
    assert status == 200 and session
    # the answer carries the token's TTL back (SDKs read it: a token answer without it is an error to them)
    # UNSURE: the User Guide shows the header in requests only; the SDKs' IMDS clients require it in the answer.
    assert {k.lower(): v for k, v in headers.items()}[TTL.lower()] == "60"
    assert get(nimbus, instance_id, "latest/meta-data/instance-id", session) == instance_id
    assert get(nimbus, instance_id, "latest/meta-data/ami-id", session) == image_id
    listing = get(nimbus, instance_id, "latest/meta-data/", session).splitlines()
    assert {"ami-id", "instance-id", "instance-type", "local-ipv4", "mac", "hostname", "security-groups",
            "placement/", "network/"} <= set(listing)
    # the same token serves many requests
    assert get(nimbus, instance_id, "latest/meta-data/instance-type", session) == "t3.micro"


# "How Instance Metadata Service Version 2 works" ("The TTL ... can be a minimum of one second, and a maximum of six
# hours (21,600 seconds)"), "Instance metadata ... error codes" (400 - Missing or Invalid Parameters: "The PUT
# request is not valid"), EC2 User Guide
@pytest.mark.parametrize("ttl,expected", [("0", 400), ("21601", 400), ("-5", 400), ("soon", 400),
                                          ("1", 200), ("21600", 200)])
def test_token_ttl_bounds(nimbus, acct, net, image_id, ttl, expected):
    instance_id = launch(acct.ec2, image_id, net.subnet)["InstanceId"]
    assert imds(nimbus, instance_id, "latest/api/token", "PUT", {TTL: ttl})[0] == expected


# "How Instance Metadata Service Version 2 works" (a PUT without the TTL header is not valid), EC2 User Guide
def test_token_without_ttl(nimbus, acct, net, image_id):
    instance_id = launch(acct.ec2, image_id, net.subnet)["InstanceId"]
    assert imds(nimbus, instance_id, "latest/api/token", "PUT")[0] == 400


# "How Instance Metadata Service Version 2 works" ("After the token expires, you must create a new session token";
# 401 - Unauthorized: "The GET request uses an invalid token"), EC2 User Guide
def test_token_expires(nimbus, acct, net, image_id):
    instance_id = launch(acct.ec2, image_id, net.subnet, MetadataOptions={"HttpTokens": "required"})["InstanceId"]
    short = token(nimbus, instance_id, ttl="1")
    assert get(nimbus, instance_id, "latest/meta-data/instance-id", short) == instance_id
    time.sleep(2.5)
    assert status_of(nimbus, instance_id, "latest/meta-data/instance-id", short) == 401
    assert get(nimbus, instance_id, "latest/meta-data/instance-id", token(nimbus, instance_id)) == instance_id


# "Configure the instance metadata options" (HttpTokens required: "IMDSv1 requests ... fail"), "How Instance Metadata
# Service Version 2 works" ("The token is an instance-specific key. The token is not valid on other EC2 instances"),
# error codes (401 Unauthorized), EC2 User Guide; RunInstances MetadataOptions, Amazon EC2 API Reference
def test_tokens_required(nimbus, acct, net, image_id):
    described = launch(acct.ec2, image_id, net.subnet, MetadataOptions={"HttpTokens": "required"})
    instance_id = described["InstanceId"]
    assert described["MetadataOptions"]["HttpTokens"] == "required"
    assert status_of(nimbus, instance_id, "latest/meta-data/instance-id") == 401           # IMDSv1
    assert status_of(nimbus, instance_id, "latest/meta-data/instance-id", "not-a-token") == 401
    other = launch(acct.ec2, image_id, net.subnet, MetadataOptions={"HttpTokens": "required"})["InstanceId"]
    foreign = token(nimbus, other)
    assert status_of(nimbus, instance_id, "latest/meta-data/instance-id", foreign) == 401
    assert get(nimbus, other, "latest/meta-data/instance-id", foreign) == other


# "Configure the instance metadata options" (HttpTokens optional: IMDSv1 and IMDSv2 both work), EC2 User Guide;
# ModifyInstanceMetadataOptions, Amazon EC2 API Reference
def test_imdsv1_when_tokens_are_optional(nimbus, acct, net, image_id):
    described = launch(acct.ec2, image_id, net.subnet, MetadataOptions={"HttpTokens": "optional"})
    instance_id = described["InstanceId"]
    assert described["MetadataOptions"]["HttpTokens"] == "optional"
    assert get(nimbus, instance_id, "latest/meta-data/instance-id", "") == instance_id        # IMDSv1
    assert get(nimbus, instance_id, "latest/meta-data/instance-id") == instance_id            # IMDSv2
    # UNSURE: with tokens optional, a token that is sent must still be valid (AWS answers 401 for a bad one).
    assert status_of(nimbus, instance_id, "latest/meta-data/instance-id", "not-a-token") == 401
    # require tokens on the running instance
    answer = acct.ec2.modify_instance_metadata_options(InstanceId=instance_id, HttpTokens="required")
    assert answer["InstanceId"] == instance_id
    assert answer["InstanceMetadataOptions"]["HttpTokens"] == "required"
    assert status_of(nimbus, instance_id, "latest/meta-data/instance-id") == 401


# "Instance metadata options" (for an AMI with ImdsSupport v2.0, such as Amazon Linux 2023, HttpTokens defaults to
# required), EC2 User Guide; RunInstances (InstanceMetadataOptionsRequest.HttpTokens "Default: If the value of
# ImdsSupport for the Amazon Machine Image (AMI) for your instance is v2.0, the default is required"), API Reference
def test_default_metadata_options(nimbus, acct, net, image_id):
    described = launch(acct.ec2, image_id, net.subnet)
    options = described["MetadataOptions"]
    # UNSURE: AWS may also take the account-level IMDS defaults (none set here) into account first.
    assert options["HttpTokens"] == "required" and options["HttpEndpoint"] == "enabled"
    assert options["State"] == "applied"
    assert status_of(nimbus, described["InstanceId"], "latest/meta-data/instance-id") == 401


# "Configure the instance metadata options" (HttpEndpoint disabled), error codes ("403 - Forbidden: The request is
# not allowed or the IMDS is turned off"), EC2 User Guide
# UNSURE: on AWS a turned-off IMDS may also just not answer; Nimbus is held to the documented 403.
def test_endpoint_disabled(nimbus, acct, net, image_id):
    instance_id = launch(acct.ec2, image_id, net.subnet, MetadataOptions={"HttpEndpoint": "disabled"})["InstanceId"]
    assert imds(nimbus, instance_id, "latest/api/token", "PUT", {TTL: "60"})[0] == 403
    assert status_of(nimbus, instance_id, "latest/meta-data/instance-id") == 403


# Not AWS: the path names an instance that does not exist (or is not running there): 404, as IMDS answers for
# "no such resource" ("404 - Not Found"), EC2 User Guide
def test_unknown_instance(nimbus):
    assert imds(nimbus, MISSING_INSTANCE, "latest/api/token", "PUT", {TTL: "60"})[0] == 404
    assert imds(nimbus, MISSING_INSTANCE, "latest/meta-data/instance-id")[0] == 404
    assert imds(nimbus, "not-an-instance", "latest/meta-data/instance-id")[0] == 404


# "Instance metadata categories" ("404 - Not Found: The resource is not available or there is no such resource"),
# EC2 User Guide
def test_unknown_category(nimbus, acct, net, image_id):
    instance_id = launch(acct.ec2, image_id, net.subnet)["InstanceId"]
    assert status_of(nimbus, instance_id, "latest/meta-data/no-such-thing", token(nimbus, instance_id)) == 404


# ---------------------------------------------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------------------------------------------

# "Instance metadata categories" (ami-id, instance-id, instance-type, local-ipv4, local-hostname, hostname, mac,
# network/interfaces/macs/mac/subnet-id, .../vpc-id, .../local-ipv4s, placement/availability-zone, placement/region,
# security-groups, public-ipv4), EC2 User Guide
def test_categories(nimbus, acct, net, image_id):
    web = acct.ec2.create_security_group(GroupName="web", Description="web", VpcId=net.vpc)["GroupId"]
    described = launch(acct.ec2, image_id, net.subnet, SecurityGroupIds=[web])
    instance_id = described["InstanceId"]
    session = token(nimbus, instance_id)

    def meta(path):
        return get(nimbus, instance_id, "latest/meta-data/" + path, session)

    assert meta("ami-id") == image_id
    assert meta("instance-id") == instance_id
    assert meta("instance-type") == "t3.micro"
    assert meta("local-ipv4") == described["PrivateIpAddress"] == "10.0.1.4"
    assert meta("hostname") == described["PrivateDnsName"] == "ip-10-0-1-4.ec2.internal"
    assert meta("local-hostname") == "ip-10-0-1-4.ec2.internal"
    mac = meta("mac")
    assert mac == described["NetworkInterfaces"][0]["MacAddress"]
    assert re.fullmatch(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}", mac)
    assert meta("network/interfaces/macs/").splitlines() == [mac + "/"]
    assert meta(f"network/interfaces/macs/{mac}/subnet-id") == net.subnet
    assert meta(f"network/interfaces/macs/{mac}/vpc-id") == net.vpc
    assert meta(f"network/interfaces/macs/{mac}/local-ipv4s") == "10.0.1.4"
    assert meta(f"network/interfaces/macs/{mac}/interface-id") == described["NetworkInterfaces"][0]["NetworkInterfaceId"]
    assert meta("placement/availability-zone") == net.az
    assert meta("placement/region") == "us-east-1"
    assert meta("security-groups").splitlines() == ["web"]
    # no public address: the category is not there
    assert status_of(nimbus, instance_id, "latest/meta-data/public-ipv4", session) == 404


# "Instance metadata categories" (public-ipv4: "The public IPv4 address. If an Elastic IP address is associated with
# the instance, the value returned is the Elastic IP address"), EC2 User Guide
def test_public_ipv4(nimbus, acct, net, image_id):
    new_igw(acct.ec2, net.vpc)
    acct.ec2.modify_subnet_attribute(SubnetId=net.subnet, MapPublicIpOnLaunch={"Value": True})
    described = launch(acct.ec2, image_id, net.subnet)
    instance_id = described["InstanceId"]
    assert get(nimbus, instance_id, "latest/meta-data/public-ipv4") == described["PublicIpAddress"]
    mac = get(nimbus, instance_id, "latest/meta-data/mac")
    assert get(nimbus, instance_id, f"latest/meta-data/network/interfaces/macs/{mac}/public-ipv4s") == described["PublicIpAddress"]
    eip = acct.ec2.allocate_address(Domain="vpc")
    acct.ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=instance_id)
    assert get(nimbus, instance_id, "latest/meta-data/public-ipv4") == eip["PublicIp"]


# "Work with instance user data" ("If you retrieve the data using instance metadata or the console, it's decoded for
# you automatically"; http://169.254.169.254/latest/user-data), EC2 User Guide
def test_user_data(nimbus, acct, net, image_id):
    script = "#!/bin/bash\nyum install -y httpd\necho 'héllo' > /var/www/html/index.html\n"
    with_data = launch(acct.ec2, image_id, net.subnet, UserData=script)["InstanceId"]
    assert get(nimbus, with_data, "latest/user-data") == script
    without = launch(acct.ec2, image_id, net.subnet)["InstanceId"]
    assert status_of(nimbus, without, "latest/user-data", token(nimbus, without)) == 404


# "Instance identity documents" (latest/dynamic/instance-identity/document: accountId, architecture,
# availabilityZone, imageId, instanceId, instanceType, pendingTime, privateIp, region, version), EC2 User Guide
def test_instance_identity_document(nimbus, acct, net, image_id):
    described = launch(acct.ec2, image_id, net.subnet)
    instance_id = described["InstanceId"]
    document = json.loads(get(nimbus, instance_id, "latest/dynamic/instance-identity/document"))
    assert document["instanceId"] == instance_id
    assert document["accountId"] == acct.id
    assert document["region"] == "us-east-1"
    assert document["availabilityZone"] == net.az
    assert document["privateIp"] == "10.0.1.4"
    assert document["imageId"] == image_id
    assert document["instanceType"] == "t3.micro"
    assert document["architecture"] == "x86_64"
    assert document["version"] == "2017-09-30"
    assert document["pendingTime"].endswith("Z")


# ---------------------------------------------------------------------------------------------------------------
# IAM roles for EC2
# ---------------------------------------------------------------------------------------------------------------

# "IAM roles for Amazon EC2" / "Retrieve security credentials from instance metadata" (iam/info: Code,
# InstanceProfileArn, InstanceProfileId; iam/security-credentials/ lists the role; iam/security-credentials/ROLE:
# Code Success, Type AWS-HMAC, AccessKeyId, SecretAccessKey, Token, Expiration), EC2 User Guide; RunInstances
# (IamInstanceProfile), Amazon EC2 API Reference; "IAM identifiers" (ASIA: temporary credentials; AIPA: instance
# profiles), IAM User Guide
def test_iam_info_and_credentials(nimbus, acct, net, image_id):
    iam = nimbus.client("iam", access_key=acct.id)
    made = new_instance_profile(iam)
    described = launch(acct.ec2, image_id, net.subnet, IamInstanceProfile={"Name": "app"})
    instance_id = described["InstanceId"]
    assert described["IamInstanceProfile"] == {"Arn": made["profile"]["Arn"], "Id": made["profile"]["InstanceProfileId"]}
    session = token(nimbus, instance_id)

    info = json.loads(get(nimbus, instance_id, "latest/meta-data/iam/info", session))
    assert info["Code"] == "Success"
    assert info["InstanceProfileArn"] == made["profile"]["Arn"] == f"arn:aws:iam::{acct.id}:instance-profile/app"
    assert info["InstanceProfileId"] == made["profile"]["InstanceProfileId"]
    assert get(nimbus, instance_id, "latest/meta-data/iam/security-credentials/", session).strip() == "app-role"

    creds = json.loads(get(nimbus, instance_id, "latest/meta-data/iam/security-credentials/app-role", session))
    assert creds["Code"] == "Success" and creds["Type"] == "AWS-HMAC"
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", creds["AccessKeyId"])
    assert creds["SecretAccessKey"] and creds["Token"]
    expiration = datetime.datetime.strptime(creds["Expiration"], "%Y-%m-%dT%H:%M:%SZ")  # botocore's format
    assert expiration > datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    assert "LastUpdated" in creds

    # the credentials are the role's session named after the instance
    sts = nimbus.client("sts", access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"],
                        session_token=creds["Token"])
    identity = sts.get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{acct.id}:assumed-role/app-role/{instance_id}"
    assert identity["Account"] == acct.id
    assert identity["UserId"] == f"{made['role']['RoleId']}:{instance_id}"
    # another role name is not there
    assert status_of(nimbus, instance_id, "latest/meta-data/iam/security-credentials/other-role", session) == 404


# "Instance metadata categories" (iam/ "If there is an IAM role associated with the instance"), EC2 User Guide
def test_no_instance_profile(nimbus, acct, net, image_id):
    instance_id = launch(acct.ec2, image_id, net.subnet)["InstanceId"]
    session = token(nimbus, instance_id)
    assert status_of(nimbus, instance_id, "latest/meta-data/iam/info", session) == 404
    assert status_of(nimbus, instance_id, "latest/meta-data/iam/security-credentials/", session) == 404
    assert "IamInstanceProfile" not in only(only(acct.ec2.describe_instances(
        InstanceIds=[instance_id])["Reservations"])["Instances"])


# RunInstances with an instance profile that does not exist; AWS answers InvalidParameterValue "Value (nope) for
# parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"
def test_unknown_instance_profile(acct, net, image_id):
    assert fails(acct.ec2.run_instances, ImageId=image_id, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                 SubnetId=net.subnet, IamInstanceProfile={"Name": "nope"}) == "InvalidParameterValue"


CALLER = r"""
import json, sys
import boto3, botocore.config, botocore.exceptions

endpoint = sys.argv[1]
session = boto3.session.Session(region_name="us-east-1")
credentials = session.get_credentials()
out = {"method": credentials.method if credentials else None}
if credentials:
    out["access_key"] = credentials.get_frozen_credentials().access_key
    config = botocore.config.Config(retries={"total_max_attempts": 1})

    def client(service):
        return session.client(service, endpoint_url=endpoint, config=config)

    def attempt(name, call):
        try:
            out[name] = call()
        except botocore.exceptions.ClientError as err:
            out[name] = "error:" + err.response["Error"]["Code"]

    attempt("arn", lambda: client("sts").get_caller_identity()["Arn"])
    attempt("users", lambda: sorted(u["UserName"] for u in client("iam").list_users()["Users"]))
    attempt("create_user", lambda: client("iam").create_user(UserName="intruder")["User"]["UserName"])
    attempt("ec2", lambda: len(client("ec2").describe_instances()["Reservations"]))
print(json.dumps(out))
"""


def instance_environment(nimbus, instance_id: str) -> dict:
    """The environment of software on the instance: no credentials anywhere but IMDS (the harness sets
    AWS_EC2_METADATA_DISABLED=true for every test; it must go)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") or k in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CA_BUNDLE")}
    env.update({"AWS_EC2_METADATA_SERVICE_ENDPOINT": imds_base(nimbus, instance_id),
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_METADATA_SERVICE_TIMEOUT": "5",
                "AWS_MAX_ATTEMPTS": "1",
                "AWS_PAGER": ""})
    assert "AWS_EC2_METADATA_DISABLED" not in env and "AWS_ACCESS_KEY_ID" not in env
    return env


# "Use an IAM role to grant permissions to applications running on Amazon EC2 instances" ("the AWS SDKs ... get the
# credentials from the instance metadata"), IAM User Guide; "Retrieve security credentials from instance metadata",
# EC2 User Guide; botocore's credential chain (provider "iam-role", AWS_EC2_METADATA_SERVICE_ENDPOINT); "Policy
# evaluation logic" (implicit deny), IAM User Guide; "Error codes for the Amazon EC2 API" (UnauthorizedOperation)
def test_sdk_on_the_instance_uses_the_role(nimbus, acct, net, image_id):
    iam = nimbus.client("iam", access_key=acct.id)
    iam.create_user(UserName="alice")
    new_instance_profile(iam)
    instance_id = launch(acct.ec2, image_id, net.subnet, IamInstanceProfile={"Name": "app"})["InstanceId"]

    proc = subprocess.run([sys.executable, "-c", CALLER, nimbus.endpoint], capture_output=True, text=True,
                          env=instance_environment(nimbus, instance_id), timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["method"] == "iam-role", out
    assert out["access_key"].startswith("ASIA")
    assert out["arn"] == f"arn:aws:sts::{acct.id}:assumed-role/app-role/{instance_id}"
    assert out["users"] == ["alice"]                      # iam:ListUsers is allowed
    assert out["create_user"] == "error:AccessDenied"     # nothing else is
    assert out["ec2"] == "error:UnauthorizedOperation"
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["alice"]


# The same with the AWS CLI on the instance: `aws sts get-caller-identity` with no credentials but IMDS
# ("Configuration and credential file settings" > credential precedence: "Amazon EC2 instance profile
# credentials", AWS CLI User Guide)
def test_cli_on_the_instance_uses_the_role(nimbus, acct, net, image_id):
    from conftest import find_aws_cli

    iam = nimbus.client("iam", access_key=acct.id)
    new_instance_profile(iam, "cli")
    instance_id = launch(acct.ec2, image_id, net.subnet, IamInstanceProfile={"Name": "cli"})["InstanceId"]
    env = instance_environment(nimbus, instance_id)

    def aws(*args):
        return subprocess.run([find_aws_cli(), "--endpoint-url", nimbus.endpoint, "--region", "us-east-1",
                               "--output", "json", *args], capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL, timeout=120)

    identity = aws("sts", "get-caller-identity")
    assert identity.returncode == 0, identity.stderr
    assert json.loads(identity.stdout)["Arn"] == f"arn:aws:sts::{acct.id}:assumed-role/cli-role/{instance_id}"
    denied = aws("iam", "create-user", "--user-name", "intruder")
    assert denied.returncode != 0 and "(AccessDenied)" in denied.stderr
