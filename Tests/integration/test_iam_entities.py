"""IAM users, groups, roles and managed policies with AWS's rules ("IAM API Reference" for each action,
"IAM and AWS STS quotas", "Versioning IAM policies", "Permissions boundaries for IAM entities")."""
import json
import zlib

import botocore.exceptions
import pytest

from ec2support import fails

ALLOW_S3_READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}
TRUST_EC2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


@pytest.fixture
def iam(nimbus, request):
    # Each test works in an account of its own, so names never collide.
    account = str(100000000000 + zlib.crc32(request.node.name.encode()) % 899999999999)
    return nimbus.client("iam", access_key=account), account


def test_groups_and_membership(iam):
    iam, account = iam
    group = iam.create_group(GroupName="Developers", Path="/eng/")["Group"]
    assert group["Arn"] == f"arn:aws:iam::{account}:group/eng/Developers" and group["GroupId"].startswith("AGPA")
    iam.create_user(UserName="ana")
    iam.add_user_to_group(GroupName="Developers", UserName="ana")
    assert [u["UserName"] for u in iam.get_group(GroupName="Developers")["Users"]] == ["ana"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="ana")["Groups"]] == ["Developers"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_group(GroupName="Developers")
    assert code(excinfo) == "DeleteConflict"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_user(UserName="ana")
    assert code(excinfo) == "DeleteConflict"
    iam.remove_user_from_group(GroupName="Developers", UserName="ana")
    iam.delete_group(GroupName="Developers")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.get_group(GroupName="Developers")
    assert code(excinfo) == "NoSuchEntity"


def test_roles_keep_their_trust_policy(iam):
    iam, account = iam
    role = iam.create_role(RoleName="web", AssumeRolePolicyDocument=json.dumps(TRUST_EC2), MaxSessionDuration=7200,
                           Description="web servers")["Role"]
    assert role["Arn"] == f"arn:aws:iam::{account}:role/web" and role["RoleId"].startswith("AROA")
    fetched = iam.get_role(RoleName="web")["Role"]
    assert fetched["AssumeRolePolicyDocument"] == TRUST_EC2  # botocore decodes IAM's URL-encoded JSON
    assert fetched["MaxSessionDuration"] == 7200
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_role(RoleName="WEB", AssumeRolePolicyDocument=json.dumps(TRUST_EC2))
    assert code(excinfo) == "EntityAlreadyExists"


def test_role_trust_policy_must_name_a_principal(iam):
    iam, _ = iam
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(ALLOW_S3_READ))
    assert code(excinfo) == "MalformedPolicyDocument"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument="{not json")
    assert code(excinfo) == "MalformedPolicyDocument"


def test_max_session_duration_range(nimbus):
    # CreateRole: MaxSessionDuration 3600 to 43200 seconds.
    iam = nimbus.raw_client("iam", access_key="300000000001")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_role(RoleName="long", AssumeRolePolicyDocument=json.dumps(TRUST_EC2), MaxSessionDuration=50000)
    assert code(excinfo) == "ValidationError"


def test_managed_policy_versions(iam):
    iam, account = iam
    policy = iam.create_policy(PolicyName="S3Read", PolicyDocument=json.dumps(ALLOW_S3_READ))["Policy"]
    arn = policy["Arn"]
    assert arn == f"arn:aws:iam::{account}:policy/S3Read" and policy["DefaultVersionId"] == "v1"
    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(ALLOW_S3_READ))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(ALLOW_S3_READ))
    assert code(excinfo) == "LimitExceeded"
    versions = [v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]]
    assert sorted(versions) == ["v1", "v2", "v3", "v4", "v5"]
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v3")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v3"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
    assert code(excinfo) == "DeleteConflict"
    document = iam.get_policy_version(PolicyArn=arn, VersionId="v3")["PolicyVersion"]["Document"]
    assert document == ALLOW_S3_READ
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_policy(PolicyArn=arn)
    assert code(excinfo) == "DeleteConflict"
    for version in ("v1", "v2", "v4", "v5"):
        iam.delete_policy_version(PolicyArn=arn, VersionId=version)
    iam.delete_policy(PolicyArn=arn)


def test_attach_detach_and_counts(iam):
    iam, _ = iam
    arn = iam.create_policy(PolicyName="P", PolicyDocument=json.dumps(ALLOW_S3_READ))["Policy"]["Arn"]
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST_EC2))
    iam.attach_user_policy(UserName="u", PolicyArn=arn)
    iam.attach_group_policy(GroupName="g", PolicyArn=arn)
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    iam.attach_role_policy(RoleName="r", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 3
    assert [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName="r")["AttachedPolicies"]] == ["P", "AdministratorAccess"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_policy(PolicyArn=arn)
    assert code(excinfo) == "DeleteConflict"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_role(RoleName="r")
    assert code(excinfo) == "DeleteConflict"
    iam.detach_user_policy(UserName="u", PolicyArn=arn)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.detach_user_policy(UserName="u", PolicyArn=arn)
    assert code(excinfo) == "NoSuchEntity"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.attach_user_policy(UserName="u", PolicyArn="arn:aws:iam::aws:policy/NoSuchPolicyAnywhere")
    assert code(excinfo) == "NoSuchEntity"


def test_attached_policy_quota(iam):
    iam, _ = iam
    iam.create_user(UserName="many")
    arns = [iam.create_policy(PolicyName=f"p{i}", PolicyDocument=json.dumps(ALLOW_S3_READ))["Policy"]["Arn"] for i in range(11)]
    for arn in arns[:10]:
        iam.attach_user_policy(UserName="many", PolicyArn=arn)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.attach_user_policy(UserName="many", PolicyArn=arns[10])
    assert code(excinfo) == "LimitExceeded"


def test_inline_policies(iam):
    iam, _ = iam
    iam.create_user(UserName="inl")
    iam.put_user_policy(UserName="inl", PolicyName="read", PolicyDocument=json.dumps(ALLOW_S3_READ))
    assert iam.list_user_policies(UserName="inl")["PolicyNames"] == ["read"]
    assert iam.get_user_policy(UserName="inl", PolicyName="read")["PolicyDocument"] == ALLOW_S3_READ
    # "IAM and AWS STS quotas": a user's inline policies total at most 2,048 characters (white space not counted).
    big = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": f"s3:GetObject", "Resource": f"arn:aws:s3:::bucket-{i:04d}/*"} for i in range(40)]}
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.put_user_policy(UserName="inl", PolicyName="big", PolicyDocument=json.dumps(big))
    assert code(excinfo) == "LimitExceeded"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.put_user_policy(UserName="inl", PolicyName="bad", PolicyDocument=json.dumps(TRUST_EC2))
    assert code(excinfo) == "MalformedPolicyDocument"
    iam.delete_user_policy(UserName="inl", PolicyName="read")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.get_user_policy(UserName="inl", PolicyName="read")
    assert code(excinfo) == "NoSuchEntity"


def test_permissions_boundary(iam):
    iam, _ = iam
    arn = iam.create_policy(PolicyName="Boundary", PolicyDocument=json.dumps(ALLOW_S3_READ))["Policy"]["Arn"]
    iam.create_user(UserName="capped", PermissionsBoundary=arn)
    assert iam.get_user(UserName="capped")["User"]["PermissionsBoundary"] == {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}
    iam.delete_user_permissions_boundary(UserName="capped")
    assert "PermissionsBoundary" not in iam.get_user(UserName="capped")["User"]
    iam.create_role(RoleName="capped-role", AssumeRolePolicyDocument=json.dumps(TRUST_EC2))
    iam.put_role_permissions_boundary(RoleName="capped-role", PermissionsBoundary=arn)
    assert iam.get_role(RoleName="capped-role")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == arn


def test_aws_managed_policies_are_listed(iam):
    iam, _ = iam
    aws = iam.list_policies(Scope="AWS", MaxItems=1000)["Policies"]
    names = {p["PolicyName"] for p in aws}
    assert "AdministratorAccess" in names
    admin = iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")["Policy"]
    version = iam.get_policy_version(PolicyArn=admin["Arn"], VersionId=admin["DefaultVersionId"])["PolicyVersion"]
    assert version["Document"]["Statement"][0]["Action"] == "*"
    assert iam.list_policies(Scope="Local")["Policies"] == []


def test_role_cli_round_trip(nimbus, tmp_path):
    doc = tmp_path / "trust.json"
    doc.write_text(json.dumps(TRUST_EC2))
    env = {"AWS_ACCESS_KEY_ID": "300000000002"}
    out = nimbus.cli_json("iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document", f"file://{doc}", env_extra=env)
    assert out["Role"]["RoleName"] == "cli-role"
    listed = nimbus.cli_json("iam", "list-roles", env_extra=env)
    assert [r["RoleName"] for r in listed["Roles"]] == ["cli-role"]


def test_instance_profiles_hold_one_role(iam):
    iam, account = iam
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST_EC2))
    iam.create_role(RoleName="other", AssumeRolePolicyDocument=json.dumps(TRUST_EC2))
    profile = iam.create_instance_profile(InstanceProfileName="app-profile")["InstanceProfile"]
    assert profile["Arn"] == f"arn:aws:iam::{account}:instance-profile/app-profile" and profile["InstanceProfileId"].startswith("AIPA")
    iam.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="app")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="other")
    assert code(excinfo) == "LimitExceeded"
    assert [r["RoleName"] for r in iam.get_instance_profile(InstanceProfileName="app-profile")["InstanceProfile"]["Roles"]] == ["app"]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles_for_role(RoleName="app")["InstanceProfiles"]] == ["app-profile"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_role(RoleName="app")
    assert code(excinfo) == "DeleteConflict"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_instance_profile(InstanceProfileName="app-profile")
    assert code(excinfo) == "DeleteConflict"
    iam.remove_role_from_instance_profile(InstanceProfileName="app-profile", RoleName="app")
    iam.delete_instance_profile(InstanceProfileName="app-profile")


def test_tags_on_users_roles_and_policies(iam):
    iam, _ = iam
    iam.create_user(UserName="t")
    iam.tag_user(UserName="t", Tags=[{"Key": "team", "Value": "blue"}, {"Key": "Team", "Value": "red"}])
    iam.tag_user(UserName="t", Tags=[{"Key": "team", "Value": "green"}])
    assert sorted((t["Key"], t["Value"]) for t in iam.list_user_tags(UserName="t")["Tags"]) == [("Team", "red"), ("team", "green")]
    iam.untag_user(UserName="t", TagKeys=["Team"])
    assert iam.list_user_tags(UserName="t")["Tags"] == [{"Key": "team", "Value": "green"}]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.tag_user(UserName="t", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert code(excinfo) == "LimitExceeded"
    arn = iam.create_policy(PolicyName="tagged", PolicyDocument=json.dumps(ALLOW_S3_READ))["Policy"]["Arn"]
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "owner", "Value": "me"}])
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "owner", "Value": "me"}]


def test_account_alias_login_profile_and_summary(iam, nimbus):
    iam, _ = iam
    iam.create_account_alias(AccountAlias="my-lab")
    assert iam.list_account_aliases()["AccountAliases"] == ["my-lab"]
    other = nimbus.client("iam", access_key="300000000003")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        other.create_account_alias(AccountAlias="my-lab")
    assert code(excinfo) == "EntityAlreadyExists"
    iam.delete_account_alias(AccountAlias="my-lab")
    iam.create_user(UserName="console")
    iam.create_login_profile(UserName="console", Password="Secr3t!pass", PasswordResetRequired=True)
    assert iam.get_login_profile(UserName="console")["LoginProfile"]["PasswordResetRequired"] is True
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.delete_user(UserName="console")
    assert code(excinfo) == "DeleteConflict"
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["Users"] == 1 and summary["AccessKeysPerUserQuota"] == 2 and summary["VersionsPerPolicyQuota"] == 5


def test_account_authorization_details(iam):
    iam, _ = iam
    iam.create_user(UserName="d")
    iam.create_group(GroupName="dg")
    iam.add_user_to_group(GroupName="dg", UserName="d")
    iam.put_user_policy(UserName="d", PolicyName="inline", PolicyDocument=json.dumps(ALLOW_S3_READ))
    iam.attach_user_policy(UserName="d", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_role(RoleName="dr", AssumeRolePolicyDocument=json.dumps(TRUST_EC2))
    arn = iam.create_policy(PolicyName="local", PolicyDocument=json.dumps(ALLOW_S3_READ))["Policy"]["Arn"]
    details = iam.get_account_authorization_details()
    user = details["UserDetailList"][0]
    assert user["GroupList"] == ["dg"] and user["UserPolicyList"][0]["PolicyDocument"] == ALLOW_S3_READ
    assert user["AttachedManagedPolicies"] == [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]
    assert details["RoleDetailList"][0]["AssumeRolePolicyDocument"] == TRUST_EC2
    policies = {p["Arn"]: p for p in details["Policies"]}
    assert set(policies) == {arn, "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    assert policies[arn]["PolicyVersionList"][0]["Document"] == ALLOW_S3_READ
    only_roles = iam.get_account_authorization_details(Filter=["Role"])
    assert "UserDetailList" not in only_roles and len(only_roles["RoleDetailList"]) == 1


@pytest.mark.parametrize("document", [
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": "*"}]},
    {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}]},
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:Get*", "Resource": "*"}]},
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
                                             "Condition": {"StringEqualsSometimes": {"aws:username": "x"}}}]},
    {"Version": "2001-01-01", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]},
])
def test_malformed_policies_are_refused(iam, document):
    # "IAM JSON policy elements reference": each of these breaks the grammar.
    iam, _ = iam
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_policy(PolicyName="bad", PolicyDocument=json.dumps(document))
    assert code(excinfo) == "MalformedPolicyDocument"
    assert excinfo.value.response["Error"]["Message"]


def test_password_policy_and_login_profiles(iam):
    # "Set an account password policy for IAM users".
    iam, acct = iam
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.get_account_password_policy()
    assert code(excinfo) == "NoSuchEntity"
    iam.update_account_password_policy(MinimumPasswordLength=12, RequireNumbers=True, RequireSymbols=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 12 and policy["RequireNumbers"] and policy["ExpirePasswords"] is False
    iam.create_user(UserName="pw")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_login_profile(UserName="pw", Password="short1!")
    assert code(excinfo) == "PasswordPolicyViolation"
    iam.create_login_profile(UserName="pw", Password="long-enough-123!")
    iam.delete_account_password_policy()


def test_list_entities_for_policy(iam):
    iam, _ = iam
    arn = iam.create_policy(PolicyName="shared", PolicyDocument=json.dumps(ALLOW_S3_READ))["Policy"]["Arn"]
    iam.create_user(UserName="eu")
    iam.create_group(GroupName="eg")
    iam.create_role(RoleName="er", AssumeRolePolicyDocument=json.dumps(TRUST_EC2), PermissionsBoundary=arn)
    iam.attach_user_policy(UserName="eu", PolicyArn=arn)
    iam.attach_group_policy(GroupName="eg", PolicyArn=arn)
    entities = iam.list_entities_for_policy(PolicyArn=arn)
    assert [u["UserName"] for u in entities["PolicyUsers"]] == ["eu"]
    assert [g["GroupName"] for g in entities["PolicyGroups"]] == ["eg"] and entities["PolicyRoles"] == []
    bounded = iam.list_entities_for_policy(PolicyArn=arn, PolicyUsageFilter="PermissionsBoundary")
    assert [r["RoleName"] for r in bounded["PolicyRoles"]] == ["er"]


def test_context_keys_for_policies(iam):
    iam, _ = iam
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*",
                         "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}}]})
    keys = iam.get_context_keys_for_custom_policy(PolicyInputList=[policy])["ContextKeyNames"]
    assert sorted(k.lower() for k in keys) == ["aws:multifactorauthpresent", "ec2:instancetype"]
    iam.create_user(UserName="ck")
    iam.put_user_policy(UserName="ck", PolicyName="p", PolicyDocument=policy)
    arn = iam.get_user(UserName="ck")["User"]["Arn"]
    assert len(iam.get_context_keys_for_principal_policy(PolicySourceArn=arn)["ContextKeyNames"]) == 2


def test_access_key_last_used(iam, nimbus):
    # "GetAccessKeyLastUsed": N/A until the key signs a request.
    iam, acct = iam
    iam.create_user(UserName="lu")
    key = iam.create_access_key(UserName="lu")["AccessKey"]
    fresh = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert fresh["UserName"] == "lu" and fresh["AccessKeyLastUsed"]["ServiceName"] == "N/A"
    nimbus.client("sts", region="eu-west-1", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"]).get_caller_identity()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used["ServiceName"] == "sts" and used["Region"] == "eu-west-1" and "LastUsedDate" in used


def test_tags_on_instance_profiles_and_mfa_devices(iam):
    iam, _ = iam
    iam.create_instance_profile(InstanceProfileName="tagged-profile", Tags=[{"Key": "app", "Value": "web"}])
    assert iam.list_instance_profile_tags(InstanceProfileName="tagged-profile")["Tags"] == [{"Key": "app", "Value": "web"}]
    iam.untag_instance_profile(InstanceProfileName="tagged-profile", TagKeys=["app"])
    assert iam.list_instance_profile_tags(InstanceProfileName="tagged-profile")["Tags"] == []
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="tagged-device")["VirtualMFADevice"]["SerialNumber"]
    iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "owner", "Value": "ops"}])
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == [{"Key": "owner", "Value": "ops"}]


# "Renaming an IAM user" / UpdateUser: the ID stays, the ARN follows; keys, groups and the login profile follow
def test_update_user_renames_everything_that_points_at_it(nimbus, iam):
    iam, _ = iam
    iam.create_user(UserName="olduser")
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="olduser")
    iam.create_login_profile(UserName="olduser", Password="Correct-Horse-9")
    key = iam.create_access_key(UserName="olduser")["AccessKey"]
    user_id = iam.get_user(UserName="olduser")["User"]["UserId"]
    iam.update_user(UserName="olduser", NewUserName="newuser", NewPath="/team/")
    renamed = iam.get_user(UserName="newuser")["User"]
    assert (renamed["UserId"], renamed["Path"]) == (user_id, "/team/")
    assert renamed["Arn"].endswith(":user/team/newuser")
    assert fails(iam.get_user, UserName="olduser") == "NoSuchEntity"
    assert [u["UserName"] for u in iam.get_group(GroupName="devs")["Users"]] == ["newuser"]
    assert iam.get_login_profile(UserName="newuser")["LoginProfile"]["UserName"] == "newuser"
    assert [k["AccessKeyId"] for k in iam.list_access_keys(UserName="newuser")["AccessKeyMetadata"]] == [key["AccessKeyId"]]
    caller = nimbus.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    assert caller.get_caller_identity()["Arn"] == renamed["Arn"]
    iam.create_user(UserName="taken")
    assert fails(iam.update_user, UserName="newuser", NewUserName="taken") == "EntityAlreadyExists"
    iam.update_group(GroupName="devs", NewGroupName="engineers")
    assert iam.get_group(GroupName="engineers")["Group"]["Arn"].endswith(":group/engineers")
    assert fails(iam.get_group, GroupName="devs") == "NoSuchEntity"


# "Permit IAM users to change their own passwords" / ChangePassword
def test_change_password(nimbus, iam):
    iam, _ = iam
    iam.create_user(UserName="pat")
    iam.create_login_profile(UserName="pat", Password="First-Pass-1", PasswordResetRequired=True)
    iam.put_user_policy(UserName="pat", PolicyName="own", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}"}]}))
    key = iam.create_access_key(UserName="pat")["AccessKey"]
    pat = nimbus.client("iam", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    assert fails(pat.change_password, OldPassword="wrong", NewPassword="Second-Pass-2") == "InvalidUserType"
    iam.update_account_password_policy(MinimumPasswordLength=12)
    assert fails(pat.change_password, OldPassword="First-Pass-1", NewPassword="short") == "PasswordPolicyViolation"
    pat.change_password(OldPassword="First-Pass-1", NewPassword="Second-Pass-22")
    assert iam.get_login_profile(UserName="pat")["LoginProfile"]["PasswordResetRequired"] is False
    assert fails(iam.change_password, OldPassword="x", NewPassword="Second-Pass-22") == "InvalidUserType"  # the root user


# "Using service-linked roles", CreateServiceLinkedRole / DeleteServiceLinkedRole / GetServiceLinkedRoleDeletionStatus
def test_service_linked_roles(iam):
    iam, _ = iam
    role = iam.create_service_linked_role(AWSServiceName="elasticloadbalancing.amazonaws.com")["Role"]
    assert (role["RoleName"], role["Path"]) == ("AWSServiceRoleForElasticLoadBalancing", "/aws-service-role/elasticloadbalancing.amazonaws.com/")
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "elasticloadbalancing.amazonaws.com"}
    assert fails(iam.create_service_linked_role, AWSServiceName="elasticloadbalancing.amazonaws.com") == "InvalidInput"
    custom = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="web")["Role"]
    assert custom["RoleName"] == "AWSServiceRoleForAutoScaling_web"
    assert fails(iam.create_service_linked_role, AWSServiceName="not a service") == "InvalidInput"
    # The ordinary calls may not change or delete it.
    name = role["RoleName"]
    assert fails(iam.delete_role, RoleName=name) == "UnmodifiableEntity"
    assert fails(iam.update_assume_role_policy, RoleName=name, PolicyDocument=json.dumps(TRUST_EC2)) == "UnmodifiableEntity"
    task = iam.delete_service_linked_role(RoleName=name)["DeletionTaskId"]
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == "SUCCEEDED"
    assert fails(iam.get_role, RoleName=name) == "NoSuchEntity"
