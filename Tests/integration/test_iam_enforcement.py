"""IAM enforced on every call, as a user learning IAM would try it ("Policy evaluation logic",
"Access denied error messages", "Permissions boundaries for IAM entities", "IAM tutorial: Delegate access
across AWS accounts using IAM roles", "AWS global condition context keys", "IAM policy elements: Variables")."""
import base64
import hashlib
import hmac
import json
import struct
import time
import zlib

import botocore.exceptions
import pytest

from ec2support import al2023


def allow(actions, resource="*", condition=None, effect="Allow"):
    statement = {"Effect": effect, "Action": actions, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def error(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


@pytest.fixture
def account(nimbus, request):
    account = str(200000000000 + zlib.crc32(request.node.name.encode()) % 799999999999)
    return nimbus.client("iam", access_key=account), account


def new_user(nimbus, admin_iam, name):
    admin_iam.create_user(UserName=name)
    key = admin_iam.create_access_key(UserName=name)["AccessKey"]
    return lambda service, **kw: nimbus.client(service, access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"], **kw)


def test_a_new_user_can_do_nothing(nimbus, account):
    iam, acct = account
    client = new_user(nimbus, iam, "newbie")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam").list_users()
    code, message = error(excinfo)
    assert code == "AccessDenied"
    assert message == f"User: arn:aws:iam::{acct}:user/newbie is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("ec2").describe_availability_zones()
    assert error(excinfo)[0] == "UnauthorizedOperation"
    assert client("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{acct}:user/newbie"  # needs no permission


def test_policy_grants_and_explicit_deny_wins(nimbus, account):
    iam, acct = account
    client = new_user(nimbus, iam, "dev")
    iam.put_user_policy(UserName="dev", PolicyName="read-iam", PolicyDocument=allow(["iam:List*", "iam:Get*"]))
    assert [u["UserName"] for u in client("iam").list_users()["Users"]] == ["dev"]
    deny = iam.create_policy(PolicyName="no-list-users", PolicyDocument=allow("iam:ListUsers", effect="Deny"))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="dev", PolicyArn=deny)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam").list_users()
    code, message = error(excinfo)
    assert code == "AccessDenied" and message.endswith("with an explicit deny in an identity-based policy")
    assert client("iam").list_groups()["Groups"] == []  # the rest of the allow still stands


def test_group_grants(nimbus, account):
    iam, _ = account
    client = new_user(nimbus, iam, "member")
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    with pytest.raises(botocore.exceptions.ClientError):
        client("iam").list_roles()
    iam.add_user_to_group(GroupName="readers", UserName="member")
    assert client("iam").list_roles()["Roles"] == []


def test_permissions_boundary_caps_an_administrator(nimbus, account):
    iam, _ = account
    client = new_user(nimbus, iam, "capped-admin")
    iam.attach_user_policy(UserName="capped-admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    client("iam").create_user(UserName="made-by-admin")
    boundary = iam.create_policy(PolicyName="read-only-boundary", PolicyDocument=allow(["iam:Get*", "iam:List*"]))["Policy"]["Arn"]
    iam.put_user_permissions_boundary(UserName="capped-admin", PermissionsBoundary=boundary)
    assert client("iam").get_user(UserName="made-by-admin")["User"]["UserName"] == "made-by-admin"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam").create_user(UserName="another")
    code, message = error(excinfo)
    assert code == "AccessDenied" and message.endswith("because no permissions boundary allows the iam:CreateUser action")


def test_assumed_role_works_until_it_expires(fresh_nimbus):
    server = fresh_nimbus()
    iam = server.client("iam", access_key="123456789012")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName="auditor", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(RoleName="auditor", PolicyName="read", PolicyDocument=allow(["iam:List*"]))
    alice_sts = server.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    # The trust policy names the account: alice also needs an identity policy that allows sts:AssumeRole.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        alice_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")
    assert error(excinfo)[0] == "AccessDenied"
    iam.put_user_policy(UserName="alice", PolicyName="assume", PolicyDocument=allow("sts:AssumeRole", role["Arn"]))
    answer = alice_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", DurationSeconds=900)
    creds = answer["Credentials"]
    assert answer["AssumedRoleUser"]["Arn"] == "arn:aws:sts::123456789012:assumed-role/auditor/s1"
    as_role = lambda svc: server.client(svc, access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"], session_token=creds["SessionToken"])
    assert as_role("sts").get_caller_identity()["Arn"] == "arn:aws:sts::123456789012:assumed-role/auditor/s1"
    assert [u["UserName"] for u in as_role("iam").list_users()["Users"]] == ["alice"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        as_role("iam").create_user(UserName="nope")
    code, message = error(excinfo)
    assert code == "AccessDenied" and "assumed-role/auditor/s1 is not authorized to perform: iam:CreateUser" in message
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        alice_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s2", DurationSeconds=7200)  # over MaxSessionDuration
    assert error(excinfo)[0] == "ValidationError"
    server.http("POST", "/_nimbus/clock", b'{"advanceSeconds": 901}')
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        as_role("iam").list_users()
    assert error(excinfo)[0] == "ExpiredToken"


def test_trust_policy_naming_the_user_is_enough_and_root_cannot_assume(nimbus, account):
    iam, acct = account
    client = new_user(nimbus, iam, "named")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:user/named"}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName="direct", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    assert client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="xy")["Credentials"]["AccessKeyId"].startswith("ASIA")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        nimbus.client("sts", access_key=acct).assume_role(RoleArn=role["Arn"], RoleSessionName="xy")
    assert error(excinfo) == ("AccessDenied", "Roles may not be assumed by root accounts.")


def test_source_ip_condition(nimbus, account):
    iam, _ = account
    client = new_user(nimbus, iam, "office")
    iam.put_user_policy(UserName="office", PolicyName="office-only",
                        PolicyDocument=allow("iam:ListUsers", condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    with pytest.raises(botocore.exceptions.ClientError):
        client("iam").list_users()
    iam.put_user_policy(UserName="office", PolicyName="office-only",
                        PolicyDocument=allow("iam:ListUsers", condition={"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "127.0.0.0/8"]}}))
    assert client("iam").list_users()["Users"]


def totp(seed, counter):
    key = base64.b32decode(seed + b"=" * (-len(seed) % 8))
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def test_multi_factor_auth_present_condition(nimbus, account):
    iam, _ = account
    client = new_user(nimbus, iam, "careful")
    iam.put_user_policy(UserName="careful", PolicyName="mfa-only",
                        PolicyDocument=allow("iam:ListUsers", condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))
    with pytest.raises(botocore.exceptions.ClientError):
        client("iam").list_users()
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="careful-phone")["VirtualMFADevice"]
    now = int(time.time() // 30)
    iam.enable_mfa_device(UserName="careful", SerialNumber=device["SerialNumber"],
                          AuthenticationCode1=totp(device["Base32StringSeed"], now - 1), AuthenticationCode2=totp(device["Base32StringSeed"], now))
    creds = client("sts").get_session_token(SerialNumber=device["SerialNumber"], TokenCode=totp(device["Base32StringSeed"], now + 1))["Credentials"]
    session = nimbus.client("iam", access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"], session_token=creds["SessionToken"])
    assert session.list_users()["Users"]


def test_username_variable_scopes_a_user_to_itself(nimbus, account):
    iam, acct = account
    client = new_user(nimbus, iam, "self")
    iam.create_user(UserName="someone-else")
    iam.put_user_policy(UserName="self", PolicyName="own", PolicyDocument=allow(["iam:GetUser", "iam:ListAccessKeys"], f"arn:aws:iam::{acct}:user/${{aws:username}}"))
    assert client("iam").get_user()["User"]["UserName"] == "self"
    assert client("iam").list_access_keys()["AccessKeyMetadata"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("iam").get_user(UserName="someone-else")
    assert error(excinfo)[0] == "AccessDenied"


def test_ec2_dry_run_and_encoded_message(nimbus, account):
    iam, _ = account
    client = new_user(nimbus, iam, "ec2-user")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("ec2").describe_availability_zones(DryRun=True)
    code, message = error(excinfo)
    assert code == "UnauthorizedOperation" and "Encoded authorization failure message: " in message
    encoded = message.split("Encoded authorization failure message: ")[1]
    iam.put_user_policy(UserName="ec2-user", PolicyName="decode", PolicyDocument=allow(["sts:DecodeAuthorizationMessage", "ec2:Describe*"]))
    decoded = json.loads(client("sts").decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"])
    assert decoded["allowed"] is False and decoded["context"]["action"] == "ec2:DescribeAvailabilityZones"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("ec2").describe_availability_zones(DryRun=True)
    assert error(excinfo)[0] == "DryRunOperation"
    assert client("ec2").describe_availability_zones()["AvailabilityZones"]


def test_trust_policy_external_id(nimbus, account):
    # "How to use an external ID when granting access to your AWS resources to a third party".
    iam, acct = account
    client = new_user(nimbus, iam, "partner")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:user/partner"},
                                                     "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "Unique-1234"}}}]}
    role = iam.create_role(RoleName="third-party", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="p1")
    assert error(excinfo)[0] == "AccessDenied"
    with pytest.raises(botocore.exceptions.ClientError):
        client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="p1", ExternalId="wrong")
    assert client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="p1", ExternalId="Unique-1234")["Credentials"]


# "Grant a user permissions to pass a role to an AWS service" (IAM User Guide) and "IAM roles for Amazon EC2":
# launching with an instance profile needs iam:PassRole on its role, with iam:PassedToService ec2.amazonaws.com.
def test_run_instances_with_a_profile_needs_pass_role(nimbus, account):
    iam, acct = account
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.create_instance_profile(InstanceProfileName="app")
    iam.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
    client = new_user(nimbus, iam, "launcher")
    iam.put_user_policy(UserName="launcher", PolicyName="ec2", PolicyDocument=allow(["ec2:*"]))
    ec2 = client("ec2")
    image = al2023(ec2)["ImageId"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "app"})
    code, message = error(excinfo)
    assert code == "UnauthorizedOperation" and "Encoded authorization failure message" in message
    # Allowed to pass the role, but only to another service: still refused.
    iam.put_user_policy(UserName="launcher", PolicyName="pass", PolicyDocument=allow(
        "iam:PassRole", role["Arn"], {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "app"})
    assert error(excinfo)[0] == "UnauthorizedOperation"
    iam.put_user_policy(UserName="launcher", PolicyName="pass", PolicyDocument=allow(
        "iam:PassRole", role["Arn"], {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}))
    launched = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "app"})
    assert launched["Instances"][0]["IamInstanceProfile"]["Arn"].endswith(":instance-profile/app")
    # Without a profile, no role is passed and ec2:* is enough.
    ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)


def statements(*items) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(items)})


# "Actions, resources, and condition keys for Amazon EC2" (Service Authorization Reference) and "Example: Restrict
# launching to specific instance types" (EC2 User Guide, IAM policy examples): RunInstances is authorized on every
# resource it touches, and ec2:InstanceType belongs to the instance resource only.
def test_run_instances_resource_level_permissions(nimbus, account):
    iam, acct = account
    image = al2023(nimbus.client("ec2", access_key=acct))["ImageId"]
    client = new_user(nimbus, iam, "launcher-rl")
    ec2 = client("ec2")
    only_instances = {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "arn:aws:ec2:*:*:instance/*",
                      "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}}
    iam.put_user_policy(UserName="launcher-rl", PolicyName="launch", PolicyDocument=statements(only_instances))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:  # the image, subnet, group... are not allowed
        ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)
    assert error(excinfo)[0] == "UnauthorizedOperation"
    the_rest = {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": [
        "arn:aws:ec2:*::image/*", "arn:aws:ec2:*:*:subnet/*", "arn:aws:ec2:*:*:network-interface/*",
        "arn:aws:ec2:*:*:security-group/*", "arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:key-pair/*"]}
    iam.put_user_policy(UserName="launcher-rl", PolicyName="launch", PolicyDocument=statements(only_instances, the_rest))
    ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        ec2.run_instances(ImageId=image, InstanceType="m5.large", MinCount=1, MaxCount=1)
    assert error(excinfo)[0] == "UnauthorizedOperation"
    # The condition on every resource ("Resource": "*") refuses: the image has no instance type.
    iam.put_user_policy(UserName="launcher-rl", PolicyName="launch", PolicyDocument=allow(
        "ec2:RunInstances", "*", {"StringEquals": {"ec2:InstanceType": "t3.micro"}}))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)
    assert error(excinfo)[0] == "UnauthorizedOperation"


# "Example: Work with instances" / "Control access to EC2 resources using resource tags" (EC2 User Guide):
# ec2:ResourceTag and aws:ResourceTag decide per instance.
def test_tag_based_access_to_instances(nimbus, account):
    iam, acct = account
    root_ec2 = nimbus.client("ec2", access_key=acct)
    image = al2023(root_ec2)["ImageId"]

    def launch(team):
        return root_ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Team", "Value": team}]}])["Instances"][0]["InstanceId"]

    blue, red = launch("blue"), launch("red")
    client = new_user(nimbus, iam, "operator")
    iam.put_user_policy(UserName="operator", PolicyName="ops", PolicyDocument=statements(
        {"Effect": "Allow", "Action": ["ec2:StopInstances", "ec2:StartInstances"], "Resource": "arn:aws:ec2:*:*:instance/*",
         "Condition": {"StringEquals": {"ec2:ResourceTag/Team": "blue"}}},
        {"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/Team": "blue"}}}))
    ec2 = client("ec2")
    ec2.stop_instances(InstanceIds=[blue])
    for call in (ec2.stop_instances, ec2.terminate_instances):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call(InstanceIds=[red])
        assert error(excinfo)[0] == "UnauthorizedOperation"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:  # one refused instance refuses the call
        ec2.terminate_instances(InstanceIds=[blue, red])
    assert error(excinfo)[0] == "UnauthorizedOperation"
    ec2.terminate_instances(InstanceIds=[blue])


# "Passing session tags in AWS STS" (sts:TagSession in the trust policy) and "Chaining roles with session tags"
# (transitive tags pass down a role chain and cannot be changed there)
def test_session_tags_need_tag_session_and_transitive_tags_follow_the_chain(nimbus, account):
    iam, acct = account
    client = new_user(nimbus, iam, "chainer")
    iam.put_user_policy(UserName="chainer", PolicyName="assume", PolicyDocument=allow(["sts:AssumeRole", "sts:TagSession"]))
    user_arn = f"arn:aws:iam::{acct}:user/chainer"

    def trust(principal_arn, tag_session):
        actions = ["sts:AssumeRole"] + (["sts:TagSession"] if tag_session else [])
        return json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": principal_arn}, "Action": actions}]})

    role_a = iam.create_role(RoleName="first", AssumeRolePolicyDocument=trust(user_arn, False))["Role"]["Arn"]
    role_b = iam.create_role(RoleName="second", AssumeRolePolicyDocument=trust(role_a, True))["Role"]["Arn"]
    iam.put_role_policy(RoleName="first", PolicyName="chain", PolicyDocument=allow(["sts:AssumeRole", "sts:TagSession"], role_b))
    iam.put_role_policy(RoleName="second", PolicyName="vpcs", PolicyDocument=allow(
        "ec2:DescribeVpcs", "*", {"StringEquals": {"aws:PrincipalTag/Project": "blue"}}))
    sts = client("sts")
    tags = [{"Key": "Project", "Value": "blue"}, {"Key": "Team", "Value": "x"}]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:  # the trust policy does not allow sts:TagSession
        sts.assume_role(RoleArn=role_a, RoleSessionName="s1", Tags=tags)
    assert error(excinfo)[0] == "AccessDenied"
    iam.update_assume_role_policy(RoleName="first", PolicyDocument=trust(user_arn, True))

    def session(sts_client, role, name, **kwargs):
        creds = sts_client.assume_role(RoleArn=role, RoleSessionName=name, **kwargs)["Credentials"]
        return lambda service: nimbus.client(service, access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"],
                                             session_token=creds["SessionToken"])

    first = session(sts, role_a, "s1", Tags=tags, TransitiveTagKeys=["Project"])
    second = session(first("sts"), role_b, "s2")
    second("ec2").describe_vpcs()  # Project=blue came down the chain
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        first("sts").assume_role(RoleArn=role_b, RoleSessionName="s3", Tags=[{"Key": "Project", "Value": "red"}])
    assert error(excinfo)[0] == "InvalidParameterValue"
    not_transitive = session(sts, role_a, "s4", Tags=tags)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        session(not_transitive("sts"), role_b, "s5")("ec2").describe_vpcs()
    assert error(excinfo)[0] == "UnauthorizedOperation"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        sts.assume_role(RoleArn=role_a, RoleSessionName="s6", Tags=tags, TransitiveTagKeys=["Missing"])
    assert error(excinfo)[0] == "InvalidParameterValue"


# GetRole's RoleLastUsed ("View role access"): when and where a session of the role was last made
def test_role_last_used(nimbus, account):
    iam, acct = account
    client = new_user(nimbus, iam, "assumer")
    iam.put_user_policy(UserName="assumer", PolicyName="assume", PolicyDocument=allow("sts:AssumeRole"))
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:user/assumer"}, "Action": "sts:AssumeRole"}]})
    arn = iam.create_role(RoleName="used", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    assert "LastUsedDate" not in iam.get_role(RoleName="used")["Role"].get("RoleLastUsed", {})
    client("sts", region="eu-west-1").assume_role(RoleArn=arn, RoleSessionName="once")
    last = iam.get_role(RoleName="used")["Role"]["RoleLastUsed"]
    assert last["Region"] == "eu-west-1" and last["LastUsedDate"]
