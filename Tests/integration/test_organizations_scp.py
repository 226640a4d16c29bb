"""Service control policies enforced on every call of a member account: its IAM users, its roles' sessions and its
root user, never the management account; deny wins, an allow must exist at every level, conditions and NotAction
work as in IAM policies ("SCP evaluation", "Service control policies (SCPs)", "SCP syntax", "Policy evaluation
logic")."""
import json

import pytest

from ec2support import al2023
from orgsupport import ClientError, error, make_org, mgmt, policy  # noqa: F401  (mgmt is a fixture)

SCP = "SERVICE_CONTROL_POLICY"


def attach_new(o, name, content, target):
    pid = o.org.create_policy(Name=name, Description=name, Type=SCP, Content=content)["Policy"]["PolicySummary"]["Id"]
    o.org.attach_policy(PolicyId=pid, TargetId=target)
    return pid


def member_user(o, account, name="admin"):
    """An IAM user of `account` with AdministratorAccess, made by that account's root user."""
    iam = o.client("iam", account)
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return lambda service, **kw: o.nimbus.client(service, access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"], **kw)


def denied(call):
    with pytest.raises(ClientError) as excinfo:
        call()
    return error(excinfo)


def launch(ec2, instance_type):
    image = al2023(ec2)["ImageId"]
    return ec2.run_instances(ImageId=image, InstanceType=instance_type, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]


# ec2:InstanceType belongs to the instance resource only: AWS's example SCP scopes the deny to instance/*, since with
# "Resource": "*" the image, subnet and volume resources (which lack the key) would meet StringNotEquals and be denied.
INSTANCES = "arn:aws:ec2:*:*:instance/*"


# The course's guardrail ("Example SCPs for Amazon EC2": require an instance type): an SCP on the Workloads OU denies
# ec2:RunInstances unless ec2:InstanceType is t3.micro. It binds an administrator of a member account and the
# member's root user; the management account is never bound; detaching the SCP opens it again.
def test_instance_type_guardrail_on_the_workloads_ou(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    o.org.create_organizational_unit(ParentId=o.root_id, Name="Security")
    workloads = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    member = o.new_account("app", parent=workloads)
    guardrail = attach_new(o, "t3-micro-only", policy("ec2:RunInstances", effect="Deny", resource=INSTANCES,
                                                      condition={"StringNotEquals": {"ec2:InstanceType": "t3.micro"}}), workloads)
    admin = member_user(o, member)
    assert launch(admin("ec2"), "t3.micro").startswith("i-")
    code, message = denied(lambda: launch(admin("ec2"), "t3.large"))
    assert code == "UnauthorizedOperation"
    assert message.startswith(f"You are not authorized to perform this operation. User: arn:aws:iam::{member}:user/admin is not authorized to perform: ec2:RunInstances")
    assert "with an explicit deny in a service control policy" in message
    # The member's root user is bound too; the management account (root and administrators) never is.
    assert denied(lambda: launch(o.client("ec2", member), "t3.large"))[0] == "UnauthorizedOperation"
    assert launch(o.client("ec2"), "t3.large").startswith("i-")
    assert launch(member_user(o, mgmt, "mgmt-admin")("ec2"), "t3.large").startswith("i-")
    # The session of OrganizationAccountAccessRole in the member account is a principal of the member account.
    as_admin = o.admin_session(member)
    assert denied(lambda: launch(as_admin("ec2"), "t3.large"))[0] == "UnauthorizedOperation"
    o.org.detach_policy(PolicyId=guardrail, TargetId=workloads)
    assert launch(admin("ec2"), "t3.large").startswith("i-")


# "SCP evaluation": explicit deny at any level wins; SCPs don't grant, so a user without identity policies is still
# denied; the management account's users are not bound.
def test_deny_wins_and_scps_never_grant(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("dev")
    admin = member_user(o, member)
    o.client("iam", member).create_user(UserName="nobody")
    management_admin = member_user(o, mgmt, "mgmt-admin")
    attach_new(o, "no-iam-users", policy("iam:CreateUser", effect="Deny"), o.root_id)
    code, message = denied(lambda: admin("iam").create_user(UserName="x"))
    assert code == "AccessDenied"
    assert message == (f"User: arn:aws:iam::{member}:user/admin is not authorized to perform: iam:CreateUser on resource: "
                       f"arn:aws:iam::{member}:user/x with an explicit deny in a service control policy")
    assert denied(lambda: o.client("iam", member).create_user(UserName="x"))[0] == "AccessDenied"
    assert admin("iam").list_users()["Users"]  # everything else stays allowed (FullAWSAccess)
    key = o.client("iam", member).create_access_key(UserName="nobody")["AccessKey"]
    nobody = o.nimbus.client("iam", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    assert "because no identity-based policy allows" in denied(nobody.list_users)[1]
    # The management account: the same SCP is attached to its root, and binds nothing there.
    o.client("iam").create_user(UserName="created-in-management")
    management_admin("iam").create_user(UserName="created-by-management-admin")


# "SCP evaluation" (an Allow must exist at every level from the root down to the account): replacing FullAWSAccess on
# an OU by a narrower allow denies the rest to every account below it, whatever the account's own SCPs allow.
def test_an_allow_is_needed_at_every_level(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Sandbox")["OrganizationalUnit"]["Id"]
    nested = o.org.create_organizational_unit(ParentId=ou, Name="Team")["OrganizationalUnit"]["Id"]
    member = o.new_account("sandbox", parent=nested)
    admin = member_user(o, member)
    attach_new(o, "iam-and-sts-only", policy(["iam:*", "sts:*"]), ou)
    o.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ou)
    assert admin("iam").list_users()["Users"]
    code, message = denied(lambda: admin("ec2").describe_vpcs())
    assert code == "UnauthorizedOperation" and "because no service control policy allows the ec2:DescribeVpcs action" in message
    # FullAWSAccess still on the nested OU and the account: no help, the Sandbox level has no allow for EC2.
    assert [p["Id"] for p in o.org.list_policies_for_target(TargetId=member, Filter=SCP)["Policies"]] == ["p-FullAWSAccess"]
    assert denied(lambda: o.client("ec2", member).describe_vpcs())[0] == "UnauthorizedOperation"
    # Moving the account out of the OU frees it.
    o.org.move_account(AccountId=member, SourceParentId=nested, DestinationParentId=o.root_id)
    assert "Vpcs" in admin("ec2").describe_vpcs()


# Issue #8's last guardrail: an OU whose only allow was FullAWSAccess, left with a deny-only SCP, denies everything
# below it ("SCP evaluation": a level without an Allow is an implicit deny).
def test_removing_full_aws_access_from_an_ou_denies_everything_below(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Quarantine")["OrganizationalUnit"]["Id"]
    member = o.new_account("quarantined", parent=ou)
    admin = member_user(o, member)
    attach_new(o, "deny-billing", policy("aws-portal:*", effect="Deny"), ou)
    assert admin("iam").list_users()["Users"]
    o.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ou)
    for call in (admin("iam").list_users, admin("ec2").describe_vpcs, lambda: o.client("iam", member).list_roles()):
        denied(call)
    assert admin("sts").get_caller_identity()["Account"] == member  # needs no permission, as in AWS


# "SCP syntax" (NotAction) and "Example SCPs": deny everything except IAM and STS.
def test_not_action_scp(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("identity-only")
    admin = member_user(o, member)
    attach_new(o, "only-identity", policy(["iam:*", "sts:*"], effect="Deny", not_action=True), member)
    assert admin("iam").list_users()["Users"]
    assert "explicit deny in a service control policy" in denied(lambda: admin("ec2").describe_vpcs())[1]
    assert denied(lambda: admin("ssm").get_parameter(Name="/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"))[0] == "AccessDeniedException"


# "Example SCPs: Deny access to AWS based on the requested AWS Region" (aws:RequestedRegion in an SCP condition).
def test_region_condition_in_an_scp(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("eu-only")
    admin = member_user(o, member)
    attach_new(o, "eu-west-1-only", policy(["iam:*", "sts:*", "organizations:*"], effect="Deny", not_action=True,
                                           condition={"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}), o.root_id)
    assert "Vpcs" in admin("ec2", region="eu-west-1").describe_vpcs()
    assert denied(lambda: admin("ec2", region="us-east-1").describe_vpcs())[0] == "UnauthorizedOperation"
    assert denied(lambda: o.client("ec2", member, region="us-west-2").describe_vpcs())[0] == "UnauthorizedOperation"
    assert admin("iam").list_users()["Users"]  # IAM is global: excepted by NotAction


# "Disabling a policy type" and "Removing a member account from your organization": without SCPs enabled, or outside
# the organization, nothing binds the account any more.
def test_disabling_scps_or_leaving_frees_the_account(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("freed")
    admin = member_user(o, member)
    attach_new(o, "no-ec2", policy("ec2:*", effect="Deny"), member)
    denied(lambda: admin("ec2").describe_vpcs())
    o.org.disable_policy_type(RootId=o.root_id, PolicyType=SCP)
    assert "Vpcs" in admin("ec2").describe_vpcs()
    o.org.enable_policy_type(RootId=o.root_id, PolicyType=SCP)
    assert "Vpcs" in admin("ec2").describe_vpcs()  # re-enabled: FullAWSAccess only, the deny was detached
    attach_new(o, "no-ec2-again", policy("ec2:*", effect="Deny"), member)
    denied(lambda: admin("ec2").describe_vpcs())
    o.client("organizations", member).leave_organization()
    assert "Vpcs" in admin("ec2").describe_vpcs()


# "SCP evaluation" with IAM's other policy types: the permissions boundary and the identity policy still apply inside
# what the SCPs allow (the intersection).
def test_scps_combine_with_identity_policies_and_boundaries(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("combined")
    attach_new(o, "iam-and-ec2", policy(["iam:*", "ec2:Describe*", "sts:*"]), member)
    o.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=member)
    iam = o.client("iam", member)
    admin = member_user(o, member)
    boundary = iam.create_policy(PolicyName="describe-vpcs", PolicyDocument=policy(["ec2:DescribeVpcs", "ec2:DescribeSubnets"]))["Policy"]["Arn"]
    iam.put_user_permissions_boundary(UserName="admin", PermissionsBoundary=boundary)
    assert "Vpcs" in admin("ec2").describe_vpcs()                     # identity, boundary and SCPs allow
    assert "because no permissions boundary allows" in denied(lambda: admin("ec2").describe_security_groups())[1]
    assert "because no service control policy allows" in denied(lambda: admin("ssm").describe_parameters())[1]


# "SimulatePrincipalPolicy" (IAM API Reference): for an entity of a member account the simulation includes the SCPs,
# and OrganizationsDecisionDetail says whether they allowed the action; the management account has none.
def test_simulate_principal_policy_reports_the_organizations_decision(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("simulated")
    member_user(o, member)
    attach_new(o, "no-ec2-run", policy("ec2:RunInstances", effect="Deny"), member)
    iam = o.client("iam", member)
    arn = f"arn:aws:iam::{member}:user/admin"
    results = {r["EvalActionName"]: r for r in iam.simulate_principal_policy(
        PolicySourceArn=arn, ActionNames=["ec2:RunInstances", "ec2:DescribeVpcs"])["EvaluationResults"]}
    assert results["ec2:RunInstances"]["EvalDecision"] == "explicitDeny"
    assert results["ec2:RunInstances"]["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": False}
    assert results["ec2:DescribeVpcs"]["EvalDecision"] == "allowed"
    assert results["ec2:DescribeVpcs"]["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": True}
    management_admin = member_user(o, mgmt, "mgmt-admin")
    del management_admin
    result = o.client("iam").simulate_principal_policy(PolicySourceArn=f"arn:aws:iam::{mgmt}:user/mgmt-admin",
                                                       ActionNames=["ec2:RunInstances"])["EvaluationResults"][0]
    assert result["EvalDecision"] == "allowed" and "OrganizationsDecisionDetail" not in result


# "SCP evaluation" and "Cross-account policy evaluation logic": SCPs limit the principals of the member account, not
# its resources, so the management account's administrator still assumes a role there; the session it gets is a
# principal of the member account and is bound. A member's own call into another account is bound by its SCPs.
def test_scps_bind_principals_not_resources_across_accounts(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("locked")
    admin = member_user(o, member)
    outside = str(int(mgmt) + 1)  # an account in no organization, with a role that trusts the member account
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{member}:root"},
                                                     "Action": "sts:AssumeRole"}]}
    role = o.client("iam", outside).create_role(RoleName="partner", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    assert admin("sts").assume_role(RoleArn=role, RoleSessionName="before")["Credentials"]
    attach_new(o, "no-assume-no-ec2", policy(["sts:AssumeRole", "ec2:*"], effect="Deny"), member)
    code, message = denied(lambda: admin("sts").assume_role(RoleArn=role, RoleSessionName="after"))
    assert code == "AccessDenied" and "explicit deny in a service control policy" in message
    # The management account's administrator assumes OrganizationAccountAccessRole: the member's SCP doesn't apply to
    # the caller, but the session is the member's principal and cannot use EC2.
    as_admin = o.admin_session(member)
    assert as_admin("iam").list_users()["Users"]
    assert denied(lambda: as_admin("ec2").describe_vpcs())[0] == "UnauthorizedOperation"


# "Example SCPs: Prevent member accounts from leaving the organization".
def test_scp_prevents_leaving_the_organization(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("stays")
    attach_new(o, "no-leaving", policy("organizations:LeaveOrganization", effect="Deny"), o.root_id)
    code, message = denied(lambda: o.client("organizations", member).leave_organization())
    assert code == "AccessDeniedException" and "explicit deny in a service control policy" in message
    assert o.client("organizations", member).describe_organization()["Organization"]["MasterAccountId"] == mgmt


# "AWS global condition context keys" (aws:PrincipalOrgID, aws:PrincipalOrgPaths) and "IAM tutorial: Delegate access
# across AWS accounts using IAM roles": a role trusting every principal of the organization, or of one OU, by condition.
def test_principal_org_id_and_paths_in_a_trust_policy(nimbus, mgmt, request):
    o = make_org(nimbus, mgmt)
    org_id = o.org.describe_organization()["Organization"]["Id"]
    workloads = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    owner = o.new_account("owner")
    in_workloads = o.new_account("in-workloads", parent=workloads)
    at_root = o.new_account("at-root")
    outside = str(int(owner) + 7)

    def trust(condition):
        return json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": condition}]})

    iam = o.client("iam", owner)
    org_role = iam.create_role(RoleName="org-wide", AssumeRolePolicyDocument=trust({"StringEquals": {"aws:PrincipalOrgID": org_id}}))["Role"]["Arn"]
    ou_role = iam.create_role(RoleName="workloads-only", AssumeRolePolicyDocument=trust(
        {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": [f"{org_id}/{o.root_id}/{workloads}/*"]}}))["Role"]["Arn"]
    users = {name: member_user(o, account) for name, account in
             (("workloads", in_workloads), ("root-level", at_root), ("outside", outside))}
    assume = lambda who, role: users[who]("sts").assume_role(RoleArn=role, RoleSessionName="org-session")
    assert assume("workloads", org_role)["AssumedRoleUser"]["Arn"].startswith(f"arn:aws:sts::{owner}:assumed-role/org-wide/")
    assert assume("root-level", org_role)
    assert denied(lambda: assume("outside", org_role))[0] == "AccessDenied"
    assert assume("workloads", ou_role)
    assert denied(lambda: assume("root-level", ou_role))[0] == "AccessDenied"


# "Data perimeter" SCP ("Example SCPs", aws:ResourceOrgID with the ${aws:PrincipalOrgID} variable): principals of the
# organization may assume roles only in accounts of the organization.
def test_resource_org_id_keeps_sessions_inside_the_organization(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member, sibling = o.new_account("perimeter"), o.new_account("sibling")
    outside = str(int(member) + 11)
    admin = member_user(o, member)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{member}:root"}, "Action": "sts:AssumeRole"}]})
    inside_role = o.client("iam", sibling).create_role(RoleName="inside", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    outside_role = o.client("iam", outside).create_role(RoleName="outside", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    assert admin("sts").assume_role(RoleArn=outside_role, RoleSessionName="before")
    attach_new(o, "perimeter", policy("sts:AssumeRole", effect="Deny",
                                      condition={"StringNotEquals": {"aws:ResourceOrgID": "${aws:PrincipalOrgID}"}}), o.root_id)
    assert admin("sts").assume_role(RoleArn=inside_role, RoleSessionName="inside")
    code, message = denied(lambda: admin("sts").assume_role(RoleArn=outside_role, RoleSessionName="after"))
    assert code == "AccessDenied" and "explicit deny in a service control policy" in message


# "Example SCPs: Prevent IAM users and roles from making certain changes" (a Resource and an ArnNotLike condition on
# aws:PrincipalARN): nobody in the member account but the access role itself may change OrganizationAccountAccessRole.
def test_scp_protects_the_access_role(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    member = o.new_account("protected")
    admin = member_user(o, member)
    attach_new(o, "protect-access-role", policy(
        ["iam:AttachRolePolicy", "iam:DeleteRole", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"],
        effect="Deny", resource="arn:aws:iam::*:role/OrganizationAccountAccessRole",
        condition={"ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/OrganizationAccountAccessRole"}}), o.root_id)
    detach = lambda client: client("iam").detach_role_policy(RoleName="OrganizationAccountAccessRole",
                                                             PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    code, message = denied(lambda: detach(admin))
    assert code == "AccessDenied"
    assert f"on resource: arn:aws:iam::{member}:role/OrganizationAccountAccessRole with an explicit deny in a service control policy" in message
    admin("iam").create_role(RoleName="other", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{member}:root"}, "Action": "sts:AssumeRole"}]}))
    admin("iam").put_role_policy(RoleName="other", PolicyName="p", PolicyDocument=policy("s3:*"))  # other roles: allowed
    as_role = o.admin_session(member)
    as_role("iam").put_role_policy(RoleName="OrganizationAccountAccessRole", PolicyName="note", PolicyDocument=policy("s3:ListAllMyBuckets"))


# "SCP evaluation", with the AWS CLI: the member account's root user is refused t3.large by the Workloads guardrail.
def test_cli_member_root_is_bound_by_the_guardrail(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    workloads = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    member = o.new_account("cli", parent=workloads)
    attach_new(o, "t3-micro-only", policy("ec2:RunInstances", effect="Deny", resource=INSTANCES,
                                          condition={"StringNotEquals": {"ec2:InstanceType": "t3.micro"}}), workloads)
    image = al2023(o.client("ec2", member))["ImageId"]
    env = {"AWS_ACCESS_KEY_ID": member}
    launched = nimbus.cli_json("ec2", "run-instances", "--image-id", image, "--instance-type", "t3.micro", "--count", "1", env_extra=env)
    assert launched["Instances"][0]["InstanceType"] == "t3.micro"
    code, _, stderr = nimbus.cli("ec2", "run-instances", "--image-id", image, "--instance-type", "t3.large", "--count", "1",
                                 check=False, env_extra=env)
    assert code != 0 and "UnauthorizedOperation" in stderr and "service control policy" in stderr


# "SCP evaluation" with "Bucket owner granting cross-account bucket permissions": a bucket policy naming a member
# account's principal is one side; the member's identity policy and its SCPs are the other, and all must allow. The
# bucket policy may use aws:PrincipalOrgID to admit the whole organization.
def test_cross_account_bucket_access_needs_both_sides_and_the_scps(nimbus, mgmt):
    import uuid
    org = make_org(nimbus, mgmt)
    member = org.new_account("data-consumer")
    bucket = f"org-shared-{uuid.uuid4().hex[:10]}"
    owner_s3 = org.client("s3")
    owner_s3.create_bucket(Bucket=bucket)
    owner_s3.put_object(Bucket=bucket, Key="reports/q1.csv", Body=b"1,2,3")
    org_id = org.org.describe_organization()["Organization"]["Id"]
    owner_s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "OrgRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/reports/*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": org_id}}}]}))
    session = org.admin_session(member)  # AdministratorAccess in the member account: its side allows
    assert session("s3").get_object(Bucket=bucket, Key="reports/q1.csv")["Body"].read() == b"1,2,3"
    # an account outside the organization is refused by the condition
    with pytest.raises(ClientError) as excinfo:
        nimbus.client("s3", access_key="909090909090").get_object(Bucket=bucket, Key="reports/q1.csv")
    assert error(excinfo)[0] == "AccessDenied"
    # an SCP on the member denying S3 reads closes it although both policies allow
    deny = org.org.create_policy(Name="no-s3-reads", Type="SERVICE_CONTROL_POLICY", Description="",
                                 Content=policy("s3:GetObject", effect="Deny"))["Policy"]["PolicySummary"]["Id"]
    org.org.attach_policy(PolicyId=deny, TargetId=member)
    with pytest.raises(ClientError) as excinfo:
        session("s3").get_object(Bucket=bucket, Key="reports/q1.csv")
    assert error(excinfo)[0] == "AccessDenied" and "service control policy" in error(excinfo)[1]
    # the management account, owner of the bucket, is never bound by SCPs
    assert owner_s3.get_object(Bucket=bucket, Key="reports/q1.csv")["Body"].read() == b"1,2,3"
