"""AWS Organizations' API: the organization, its root and OUs, accounts made or invited, policies and their
attachments, tags, delegated administrators, paging, the AWS CLI, and a restart ("AWS Organizations User Guide",
"AWS Organizations API Reference")."""
import json
import re

import botocore
import pytest

from orgsupport import ClientError, account_for, error, make_org, mgmt, policy, reason  # noqa: F401  (mgmt is a fixture)

SCP = "SERVICE_CONTROL_POLICY"


# "Creating an organization" and "Deleting an organization": the caller's account becomes the management account;
# an organization with member accounts can't be deleted.
def test_create_describe_and_delete_an_organization(nimbus, mgmt):
    org = nimbus.client("organizations", access_key=mgmt)
    with pytest.raises(ClientError) as excinfo:
        org.describe_organization()
    assert error(excinfo)[0] == "AWSOrganizationsNotInUseException"
    created = org.create_organization()["Organization"]
    assert re.fullmatch(r"o-[a-z0-9]{10,32}", created["Id"])
    assert created["FeatureSet"] == "ALL" and created["MasterAccountId"] == mgmt
    assert created["Arn"] == f"arn:aws:organizations::{mgmt}:organization/{created['Id']}"
    assert created["MasterAccountArn"] == f"arn:aws:organizations::{mgmt}:account/{created['Id']}/{mgmt}"
    assert org.describe_organization()["Organization"] == created
    with pytest.raises(ClientError) as excinfo:
        org.create_organization()
    assert error(excinfo)[0] == "AlreadyInOrganizationException"
    root = org.list_roots()["Roots"][0]
    assert re.fullmatch(r"r-[0-9a-z]{4,32}", root["Id"]) and root["Name"] == "Root" and root["PolicyTypes"] == []
    assert root["Arn"] == f"arn:aws:organizations::{mgmt}:root/{created['Id']}/{root['Id']}"
    accounts = org.list_accounts()["Accounts"]
    assert [a["Id"] for a in accounts] == [mgmt]
    member = org.create_account(Email="member@example.com", AccountName="member")["CreateAccountStatus"]["AccountId"]
    with pytest.raises(ClientError) as excinfo:
        org.delete_organization()
    assert error(excinfo)[0] == "OrganizationNotEmptyException"
    org.remove_account_from_organization(AccountId=member)
    org.delete_organization()
    with pytest.raises(ClientError) as excinfo:
        org.describe_organization()
    assert error(excinfo)[0] == "AWSOrganizationsNotInUseException"
    # Free again: the account can make a new organization.
    assert org.create_organization(FeatureSet="CONSOLIDATED_BILLING")["Organization"]["FeatureSet"] == "CONSOLIDATED_BILLING"


# "Enabling a policy type" and "Disabling a policy type": FullAWSAccess goes on the root and every OU and account;
# disabling detaches every SCP; attaching needs the type enabled.
def test_enable_and_disable_service_control_policies(nimbus, mgmt):
    o = make_org(nimbus, mgmt, scps=False)
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Before")["OrganizationalUnit"]["Id"]
    with pytest.raises(ClientError) as excinfo:
        o.org.attach_policy(PolicyId="p-FullAWSAccess", TargetId=ou)
    assert error(excinfo)[0] == "PolicyTypeNotEnabledException"
    root = o.org.enable_policy_type(RootId=o.root_id, PolicyType=SCP)["Root"]
    assert root["PolicyTypes"] == [{"Type": SCP, "Status": "ENABLED"}]
    assert o.org.list_roots()["Roots"][0]["PolicyTypes"] == [{"Type": SCP, "Status": "ENABLED"}]
    with pytest.raises(ClientError) as excinfo:
        o.org.enable_policy_type(RootId=o.root_id, PolicyType=SCP)
    assert error(excinfo)[0] == "PolicyTypeAlreadyEnabledException"
    after = o.org.create_organizational_unit(ParentId=o.root_id, Name="After")["OrganizationalUnit"]["Id"]
    member = o.new_account("member")
    for target in (o.root_id, ou, after, member, mgmt):
        names = [p["Name"] for p in o.org.list_policies_for_target(TargetId=target, Filter=SCP)["Policies"]]
        assert names == ["FullAWSAccess"], target
    full = o.org.describe_policy(PolicyId="p-FullAWSAccess")["Policy"]
    assert full["PolicySummary"]["AwsManaged"] is True
    assert full["PolicySummary"]["Arn"] == "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
    assert json.loads(full["Content"])["Statement"][0]["Action"] == "*"
    targets = {t["TargetId"]: t["Type"] for t in o.org.list_targets_for_policy(PolicyId="p-FullAWSAccess")["Targets"]}
    assert targets == {o.root_id: "ROOT", ou: "ORGANIZATIONAL_UNIT", after: "ORGANIZATIONAL_UNIT", member: "ACCOUNT", mgmt: "ACCOUNT"}
    assert o.org.disable_policy_type(RootId=o.root_id, PolicyType=SCP)["Root"]["PolicyTypes"] == []
    assert o.org.list_policies_for_target(TargetId=ou, Filter=SCP)["Policies"] == []
    with pytest.raises(ClientError) as excinfo:
        o.org.disable_policy_type(RootId=o.root_id, PolicyType=SCP)
    assert error(excinfo)[0] == "PolicyTypeNotEnabledException"
    with pytest.raises(ClientError) as excinfo:
        o.org.enable_policy_type(RootId="r-zzzz", PolicyType=SCP)
    assert error(excinfo)[0] == "RootNotFoundException"


# "Service control policies (SCPs)": SCPs are not available in an organization that has only consolidated billing.
def test_consolidated_billing_refuses_scps(nimbus, mgmt):
    o = make_org(nimbus, mgmt, feature_set="CONSOLIDATED_BILLING", scps=False)
    assert o.org.describe_organization()["Organization"]["AvailablePolicyTypes"] == []
    with pytest.raises(ClientError) as excinfo:
        o.org.enable_policy_type(RootId=o.root_id, PolicyType=SCP)
    assert error(excinfo)[0] == "PolicyTypeNotAvailableForOrganizationException"
    with pytest.raises(ClientError) as excinfo:
        o.org.create_policy(Name="deny", Description="", Type=SCP, Content=policy("ec2:*", effect="Deny"))
    assert error(excinfo)[0] == "PolicyTypeNotAvailableForOrganizationException"


# "Managing organizational units (OUs)" and "Quotas for AWS Organizations" (OU nesting: five levels under the root).
def test_organizational_unit_tree(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    security = o.org.create_organizational_unit(ParentId=o.root_id, Name="Security")["OrganizationalUnit"]
    workloads = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads", Tags=[{"Key": "team", "Value": "apps"}])["OrganizationalUnit"]
    org_id = o.org.describe_organization()["Organization"]["Id"]
    assert re.fullmatch(r"ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}", security["Id"]) and security["Id"].startswith("ou-" + o.root_id[2:] + "-")
    assert security["Arn"] == f"arn:aws:organizations::{mgmt}:ou/{org_id}/{security['Id']}"
    assert security["Path"] == f"{org_id}/{o.root_id}/{security['Id']}/"
    with pytest.raises(ClientError) as excinfo:
        o.org.create_organizational_unit(ParentId=o.root_id, Name="Security")
    assert error(excinfo)[0] == "DuplicateOrganizationalUnitException"
    # The same name under another parent is fine.
    prod = o.org.create_organizational_unit(ParentId=workloads["Id"], Name="Security")["OrganizationalUnit"]
    children = o.org.list_children(ParentId=o.root_id, ChildType="ORGANIZATIONAL_UNIT")["Children"]
    assert children == [{"Id": security["Id"], "Type": "ORGANIZATIONAL_UNIT"}, {"Id": workloads["Id"], "Type": "ORGANIZATIONAL_UNIT"}]
    assert o.org.list_children(ParentId=o.root_id, ChildType="ACCOUNT")["Children"] == [{"Id": mgmt, "Type": "ACCOUNT"}]
    assert o.org.list_parents(ChildId=prod["Id"])["Parents"] == [{"Id": workloads["Id"], "Type": "ORGANIZATIONAL_UNIT"}]
    assert o.org.list_parents(ChildId=mgmt)["Parents"] == [{"Id": o.root_id, "Type": "ROOT"}]
    assert [u["Name"] for u in o.org.list_organizational_units_for_parent(ParentId=workloads["Id"])["OrganizationalUnits"]] == ["Security"]
    renamed = o.org.update_organizational_unit(OrganizationalUnitId=prod["Id"], Name="Prod")["OrganizationalUnit"]
    assert renamed["Name"] == "Prod" and o.org.describe_organizational_unit(OrganizationalUnitId=prod["Id"])["OrganizationalUnit"]["Name"] == "Prod"
    # Levels 1 (Workloads) and 2 (Prod) exist; 3, 4 and 5 can be made, a sixth can't.
    parent = prod["Id"]
    for level in (3, 4, 5):
        parent = o.org.create_organizational_unit(ParentId=parent, Name=f"L{level}")["OrganizationalUnit"]["Id"]
    with pytest.raises(ClientError) as excinfo:
        o.org.create_organizational_unit(ParentId=parent, Name="L6")
    assert error(excinfo)[0] == "ConstraintViolationException" and reason(excinfo) == "OU_DEPTH_LIMIT_EXCEEDED"
    with pytest.raises(ClientError) as excinfo:
        o.org.delete_organizational_unit(OrganizationalUnitId=workloads["Id"])
    assert error(excinfo)[0] == "OrganizationalUnitNotEmptyException"
    member = o.new_account("in-security", parent=security["Id"])
    with pytest.raises(ClientError) as excinfo:
        o.org.delete_organizational_unit(OrganizationalUnitId=security["Id"])
    assert error(excinfo)[0] == "OrganizationalUnitNotEmptyException"
    o.org.move_account(AccountId=member, SourceParentId=security["Id"], DestinationParentId=o.root_id)
    o.org.delete_organizational_unit(OrganizationalUnitId=security["Id"])
    with pytest.raises(ClientError) as excinfo:
        o.org.describe_organizational_unit(OrganizationalUnitId=security["Id"])
    assert error(excinfo)[0] == "OrganizationalUnitNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        o.org.create_organizational_unit(ParentId=security["Id"], Name="Orphan")
    assert error(excinfo)[0] == "ParentNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        o.org.list_parents(ChildId="ou-zzzz-zzzzzzzz")
    assert error(excinfo)[0] == "ChildNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        o.org.list_children(ParentId="not-an-id", ChildType="ACCOUNT")
    assert error(excinfo)[0] == "InvalidInputException"


# "Creating a member account in your organization" and "Accessing a member account that has a management account
# access role": the new account holds OrganizationAccountAccessRole, trusted by the management account, with
# AdministratorAccess.
def test_create_account_and_assume_its_access_role(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    status = o.org.create_account(Email="dev@example.com", AccountName="dev", Tags=[{"Key": "env", "Value": "dev"}])["CreateAccountStatus"]
    assert status["State"] == "SUCCEEDED" and re.fullmatch(r"car-[a-z0-9]{8,32}", status["Id"])
    account = status["AccountId"]
    assert re.fullmatch(r"\d{12}", account) and account != mgmt
    assert o.org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"] == status
    assert [s["AccountId"] for s in o.org.list_create_account_status(States=["SUCCEEDED"])["CreateAccountStatuses"]] == [account]
    assert o.org.list_create_account_status(States=["FAILED"])["CreateAccountStatuses"] == []
    with pytest.raises(ClientError) as excinfo:
        o.org.describe_create_account_status(CreateAccountRequestId="car-00000000000000000000000000000000")
    assert error(excinfo)[0] == "CreateAccountStatusNotFoundException"
    described = o.org.describe_account(AccountId=account)["Account"]
    assert described["Name"] == "dev" and described["Email"] == "dev@example.com" and described["JoinedMethod"] == "CREATED"
    assert described["Status"] == "ACTIVE"
    assert o.org.list_tags_for_resource(ResourceId=account)["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert {a["Id"] for a in o.org.list_accounts_for_parent(ParentId=o.root_id)["Accounts"]} == {mgmt, account}

    as_admin = o.admin_session(account)
    assert as_admin("sts").get_caller_identity()["Account"] == account
    iam = as_admin("iam")
    role = iam.get_role(RoleName="OrganizationAccountAccessRole")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{mgmt}:root"}
    attached = iam.list_attached_role_policies(RoleName="OrganizationAccountAccessRole")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == ["arn:aws:iam::aws:policy/AdministratorAccess"]
    iam.create_user(UserName="made-in-member")  # administrator of the member account
    assert [u["UserName"] for u in o.client("iam", account).list_users()["Users"]] == ["made-in-member"]

    # A RoleName of one's own choosing.
    other = o.org.create_account(Email="ops@example.com", AccountName="ops", RoleName="Admin")["CreateAccountStatus"]["AccountId"]
    assert o.client("iam", other).get_role(RoleName="Admin")["Role"]["Arn"] == f"arn:aws:iam::{other}:role/Admin"
    with pytest.raises(ClientError) as excinfo:
        o.org.create_account(Email="not-an-email", AccountName="bad")
    assert error(excinfo)[0] == "InvalidInputException"


# "MoveAccount", "Removing a member account from your organization", "Leaving an organization as a member account",
# and "AWS Organizations API Reference" (management-only operations answer AccessDeniedException to members).
def test_move_remove_and_leave(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    member = o.new_account("mover")
    o.org.move_account(AccountId=member, SourceParentId=o.root_id, DestinationParentId=ou)
    assert o.org.list_parents(ChildId=member)["Parents"] == [{"Id": ou, "Type": "ORGANIZATIONAL_UNIT"}]
    assert [a["Id"] for a in o.org.list_accounts_for_parent(ParentId=ou)["Accounts"]] == [member]
    with pytest.raises(ClientError) as excinfo:
        o.org.move_account(AccountId=member, SourceParentId=ou, DestinationParentId=ou)
    assert error(excinfo)[0] == "DuplicateAccountException"
    with pytest.raises(ClientError) as excinfo:
        o.org.move_account(AccountId=member, SourceParentId=o.root_id, DestinationParentId="ou-zzzz-zzzzzzzz")
    assert error(excinfo)[0] == "DestinationParentNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        o.org.describe_account(AccountId="999999999999")
    assert error(excinfo)[0] == "AccountNotFoundException"

    member_org = o.client("organizations", member)
    assert member_org.describe_organization()["Organization"]["MasterAccountId"] == mgmt
    for call in (member_org.list_accounts, lambda: member_org.create_organizational_unit(ParentId=o.root_id, Name="X")):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error(excinfo)[0] == "AccessDeniedException"
    with pytest.raises(ClientError) as excinfo:
        o.org.remove_account_from_organization(AccountId=mgmt)
    assert error(excinfo)[0] == "MasterCannotLeaveOrganizationException"
    with pytest.raises(ClientError) as excinfo:
        o.org.leave_organization()
    assert error(excinfo)[0] == "MasterCannotLeaveOrganizationException"
    member_org.leave_organization()
    with pytest.raises(ClientError) as excinfo:
        member_org.describe_organization()
    assert error(excinfo)[0] == "AWSOrganizationsNotInUseException"
    other = o.new_account("removed")
    o.org.remove_account_from_organization(AccountId=other)
    assert [a["Id"] for a in o.org.list_accounts()["Accounts"]] == [mgmt]


# "Inviting an AWS account to join your organization" and "Accepting or declining an invitation from an
# organization": an existing account's root user accepts the handshake.
def test_invite_accept_decline_and_cancel(nimbus, mgmt, request):
    o = make_org(nimbus, mgmt)
    invitee = account_for(request.node.nodeid + "invitee")
    handshake = o.org.invite_account_to_organization(Target={"Id": invitee, "Type": "ACCOUNT"}, Notes="join us")["Handshake"]
    assert handshake["State"] == "OPEN" and handshake["Action"] == "INVITE"
    assert {p["Type"]: p["Id"] for p in handshake["Parties"]} == {"ORGANIZATION": o.org.describe_organization()["Organization"]["Id"], "ACCOUNT": invitee}
    with pytest.raises(ClientError) as excinfo:
        o.org.invite_account_to_organization(Target={"Id": invitee, "Type": "ACCOUNT"})
    assert error(excinfo)[0] == "DuplicateHandshakeException"
    invited = o.client("organizations", invitee)
    assert [h["Id"] for h in invited.list_handshakes_for_account()["Handshakes"]] == [handshake["Id"]]
    assert [h["Id"] for h in o.org.list_handshakes_for_organization()["Handshakes"]] == [handshake["Id"]]
    with pytest.raises(ClientError) as excinfo:
        o.org.accept_handshake(HandshakeId=handshake["Id"])  # only the invited account accepts
    assert error(excinfo)[0] == "AccessDeniedException"
    accepted = invited.accept_handshake(HandshakeId=handshake["Id"])["Handshake"]
    assert accepted["State"] == "ACCEPTED"
    assert o.org.describe_account(AccountId=invitee)["Account"]["JoinedMethod"] == "INVITED"
    # SCPs are enabled: the new member gets FullAWSAccess like every account.
    assert [p["Id"] for p in o.org.list_policies_for_target(TargetId=invitee, Filter=SCP)["Policies"]] == ["p-FullAWSAccess"]
    with pytest.raises(ClientError) as excinfo:
        invited.accept_handshake(HandshakeId=handshake["Id"])
    assert error(excinfo)[0] == "HandshakeAlreadyInStateException"
    with pytest.raises(ClientError) as excinfo:
        o.org.invite_account_to_organization(Target={"Id": invitee, "Type": "ACCOUNT"})
    assert error(excinfo)[0] == "HandshakeConstraintViolationException"

    decliner = account_for(request.node.nodeid + "decliner")
    second = o.org.invite_account_to_organization(Target={"Id": decliner, "Type": "ACCOUNT"})["Handshake"]["Id"]
    declining = o.client("organizations", decliner)
    assert declining.decline_handshake(HandshakeId=second)["Handshake"]["State"] == "DECLINED"
    with pytest.raises(ClientError) as excinfo:
        declining.accept_handshake(HandshakeId=second)
    assert error(excinfo)[0] == "InvalidHandshakeTransitionException"
    third = o.org.invite_account_to_organization(Target={"Id": decliner, "Type": "ACCOUNT"})["Handshake"]["Id"]
    assert o.org.cancel_handshake(HandshakeId=third)["Handshake"]["State"] == "CANCELED"
    with pytest.raises(ClientError) as excinfo:
        declining.describe_organization()
    assert error(excinfo)[0] == "AWSOrganizationsNotInUseException"
    with pytest.raises(ClientError) as excinfo:
        declining.describe_handshake(HandshakeId="h-0000000000")
    assert error(excinfo)[0] == "HandshakeNotFoundException"


# "Creating organization policies", "SCP syntax", "Attaching and detaching organization policies" and "Quotas for
# AWS Organizations" (5,120 characters per SCP; every entity keeps at least one SCP).
def test_policies_attachments_and_their_errors(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    created = o.org.create_policy(Name="no-ec2", Description="deny EC2", Type=SCP,
                                  Content=policy("ec2:*", effect="Deny"), Tags=[{"Key": "k", "Value": "v"}])["Policy"]
    summary = created["PolicySummary"]
    org_id = o.org.describe_organization()["Organization"]["Id"]
    assert re.fullmatch(r"p-[0-9a-zA-Z_]{8,128}", summary["Id"]) and summary["AwsManaged"] is False
    assert summary["Arn"] == f"arn:aws:organizations::{mgmt}:policy/{org_id}/service_control_policy/{summary['Id']}"
    pid = summary["Id"]
    with pytest.raises(ClientError) as excinfo:
        o.org.create_policy(Name="no-ec2", Description="", Type=SCP, Content=policy("ec2:*", effect="Deny"))
    assert error(excinfo)[0] == "DuplicatePolicyException"
    bad_scp = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})
    for content in (bad_scp, "{not json", json.dumps({"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]})):
        with pytest.raises(ClientError) as excinfo:
            o.org.create_policy(Name="bad", Description="", Type=SCP, Content=content)
        assert error(excinfo)[0] == "MalformedPolicyDocumentException", content
    huge = policy(["ec2:" + "Describe" * 40 + str(i) for i in range(20)], effect="Deny")
    assert len(huge) > 5120
    with pytest.raises(ClientError) as excinfo:
        o.org.create_policy(Name="huge", Description="", Type=SCP, Content=huge)
    assert error(excinfo)[0] == "ConstraintViolationException" and reason(excinfo) == "POLICY_CONTENT_LIMIT_EXCEEDED"
    tag_policy = o.org.create_policy(Name="tags", Description="", Type="TAG_POLICY",
                                     Content=json.dumps({"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"}}}}))["Policy"]
    with pytest.raises(ClientError) as excinfo:
        o.org.create_policy(Name="bad-tags", Description="", Type="BACKUP_POLICY", Content="[1, 2")
    assert error(excinfo)[0] == "MalformedPolicyDocumentException"
    assert [p["Name"] for p in o.org.list_policies(Filter="TAG_POLICY")["Policies"]] == ["tags"]
    assert [p["Name"] for p in o.org.list_policies(Filter=SCP)["Policies"]] == ["FullAWSAccess", "no-ec2"]
    with pytest.raises(ClientError) as excinfo:
        o.org.attach_policy(PolicyId=tag_policy["PolicySummary"]["Id"], TargetId=ou)
    assert error(excinfo)[0] == "PolicyTypeNotEnabledException"

    o.org.attach_policy(PolicyId=pid, TargetId=ou)
    with pytest.raises(ClientError) as excinfo:
        o.org.attach_policy(PolicyId=pid, TargetId=ou)
    assert error(excinfo)[0] == "DuplicatePolicyAttachmentException"
    with pytest.raises(ClientError) as excinfo:
        o.org.attach_policy(PolicyId=pid, TargetId="ou-zzzz-zzzzzzzz")
    assert error(excinfo)[0] == "TargetNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        o.org.attach_policy(PolicyId="p-00000000", TargetId=ou)
    assert error(excinfo)[0] == "PolicyNotFoundException"
    assert [t["TargetId"] for t in o.org.list_targets_for_policy(PolicyId=pid)["Targets"]] == [ou]
    assert [p["Name"] for p in o.org.list_policies_for_target(TargetId=ou, Filter=SCP)["Policies"]] == ["FullAWSAccess", "no-ec2"]
    with pytest.raises(ClientError) as excinfo:
        o.org.delete_policy(PolicyId=pid)
    assert error(excinfo)[0] == "PolicyInUseException"
    with pytest.raises(ClientError) as excinfo:
        o.org.detach_policy(PolicyId=pid, TargetId=o.root_id)
    assert error(excinfo)[0] == "PolicyNotAttachedException"
    with pytest.raises(ClientError) as excinfo:
        o.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=o.root_id)  # the root's only SCP
    assert error(excinfo)[0] == "ConstraintViolationException" and reason(excinfo) == "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
    o.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ou)  # no-ec2 remains: allowed
    with pytest.raises(ClientError) as excinfo:
        o.org.detach_policy(PolicyId=pid, TargetId=ou)
    assert error(excinfo)[0] == "ConstraintViolationException"
    o.org.attach_policy(PolicyId="p-FullAWSAccess", TargetId=ou)
    o.org.detach_policy(PolicyId=pid, TargetId=ou)

    updated = o.org.update_policy(PolicyId=pid, Name="no-ec2-terminate", Content=policy("ec2:TerminateInstances", effect="Deny"))["Policy"]
    assert updated["PolicySummary"]["Name"] == "no-ec2-terminate" and updated["PolicySummary"]["Description"] == "deny EC2"
    assert json.loads(o.org.describe_policy(PolicyId=pid)["Policy"]["Content"])["Statement"][0]["Action"] == "ec2:TerminateInstances"
    with pytest.raises(ClientError) as excinfo:
        o.org.update_policy(PolicyId=pid, Content=bad_scp)
    assert error(excinfo)[0] == "MalformedPolicyDocumentException"
    with pytest.raises(ClientError) as excinfo:
        o.org.update_policy(PolicyId="p-FullAWSAccess", Name="mine")
    assert error(excinfo)[0] == "InvalidInputException"
    o.org.delete_policy(PolicyId=pid)
    with pytest.raises(ClientError) as excinfo:
        o.org.describe_policy(PolicyId=pid)
    assert error(excinfo)[0] == "PolicyNotFoundException"


# "Tagging AWS Organizations resources": the root, OUs, accounts and policies take tags.
def test_tags_on_root_ou_account_and_policy(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Tagged")["OrganizationalUnit"]["Id"]
    pid = o.org.create_policy(Name="p", Description="", Type=SCP, Content=policy("s3:*", effect="Deny"))["Policy"]["PolicySummary"]["Id"]
    for resource in (o.root_id, ou, mgmt, pid):
        o.org.tag_resource(ResourceId=resource, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        o.org.tag_resource(ResourceId=resource, Tags=[{"Key": "a", "Value": "3"}])
        o.org.untag_resource(ResourceId=resource, TagKeys=["b"])
        assert o.org.list_tags_for_resource(ResourceId=resource)["Tags"] == [{"Key": "a", "Value": "3"}], resource
    with pytest.raises(ClientError) as excinfo:
        o.org.tag_resource(ResourceId="ou-zzzz-zzzzzzzz", Tags=[{"Key": "a", "Value": "1"}])
    assert error(excinfo)[0] == "TargetNotFoundException"


# "ListAccounts" (AWS Organizations API Reference): MaxResults and NextToken page every list.
def test_paging_accounts(nimbus, mgmt):
    o = make_org(nimbus, mgmt, scps=False)
    made = [o.new_account(f"paged-{i}") for i in range(4)]
    seen, token, pages = [], None, 0
    while True:
        page = o.org.list_accounts(MaxResults=2, **({"NextToken": token} if token else {}))
        seen += [a["Id"] for a in page["Accounts"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert pages == 3 and seen == [mgmt] + made
    assert [a["Id"] for a in o.org.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 3}).build_full_result()["Accounts"]] == [mgmt] + made
    with pytest.raises(ClientError) as excinfo:
        o.org.list_accounts(NextToken="garbage")
    assert error(excinfo)[0] == "InvalidInputException"


# "Delegated administrator for AWS Organizations" (RegisterDelegatedAdministrator, ListDelegatedAdministrators).
def test_delegated_administrators(nimbus, mgmt):
    o = make_org(nimbus, mgmt, scps=False)
    member = o.new_account("security-tooling")
    o.org.register_delegated_administrator(AccountId=member, ServicePrincipal="guardduty.amazonaws.com")
    with pytest.raises(ClientError) as excinfo:
        o.org.register_delegated_administrator(AccountId=member, ServicePrincipal="guardduty.amazonaws.com")
    assert error(excinfo)[0] == "AccountAlreadyRegisteredException"
    with pytest.raises(ClientError) as excinfo:
        o.org.register_delegated_administrator(AccountId=mgmt, ServicePrincipal="guardduty.amazonaws.com")
    assert error(excinfo)[0] == "ConstraintViolationException" and reason(excinfo) == "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"
    admins = o.org.list_delegated_administrators(ServicePrincipal="guardduty.amazonaws.com")["DelegatedAdministrators"]
    assert [a["Id"] for a in admins] == [member] and "DelegationEnabledDate" in admins[0]
    assert o.org.list_delegated_administrators(ServicePrincipal="config.amazonaws.com")["DelegatedAdministrators"] == []
    # A delegated administrator reads the organization; changing it stays the management account's.
    delegated = o.client("organizations", member)
    assert {a["Id"] for a in delegated.list_accounts()["Accounts"]} == {mgmt, member}
    assert delegated.list_roots()["Roots"][0]["Id"] == o.root_id
    with pytest.raises(ClientError) as excinfo:
        delegated.create_organizational_unit(ParentId=o.root_id, Name="Nope")
    assert error(excinfo)[0] == "AccessDeniedException"
    services = o.org.list_delegated_services_for_account(AccountId=member)["DelegatedServices"]
    assert [s["ServicePrincipal"] for s in services] == ["guardduty.amazonaws.com"]
    with pytest.raises(ClientError) as excinfo:
        o.org.remove_account_from_organization(AccountId=member)
    assert error(excinfo)[0] == "ConstraintViolationException"
    o.org.deregister_delegated_administrator(AccountId=member, ServicePrincipal="guardduty.amazonaws.com")
    with pytest.raises(ClientError) as excinfo:
        delegated.list_accounts()
    assert error(excinfo)[0] == "AccessDeniedException"
    with pytest.raises(ClientError) as excinfo:
        o.org.deregister_delegated_administrator(AccountId=member, ServicePrincipal="guardduty.amazonaws.com")
    assert error(excinfo)[0] == "AccountNotRegisteredException"


# "Creating an organization" and "Managing organizational units (OUs)", with the AWS CLI's organizations commands.
def test_aws_cli_builds_an_organization(nimbus, mgmt):
    env = {"AWS_ACCESS_KEY_ID": mgmt}
    org = nimbus.cli_json("organizations", "create-organization", "--feature-set", "ALL", env_extra=env)["Organization"]
    assert org["MasterAccountId"] == mgmt
    root = nimbus.cli_json("organizations", "list-roots", env_extra=env)["Roots"][0]["Id"]
    ou = nimbus.cli_json("organizations", "create-organizational-unit", "--parent-id", root, "--name", "Security", env_extra=env)
    assert ou["OrganizationalUnit"]["Name"] == "Security"
    listed = nimbus.cli_json("organizations", "list-organizational-units-for-parent", "--parent-id", root, env_extra=env)
    assert [u["Name"] for u in listed["OrganizationalUnits"]] == ["Security"]
    nimbus.cli_json("organizations", "enable-policy-type", "--root-id", root, "--policy-type", "SERVICE_CONTROL_POLICY", env_extra=env)
    made = nimbus.cli_json("organizations", "create-policy", "--name", "deny-ec2", "--description", "no EC2", "--type",
                           "SERVICE_CONTROL_POLICY", "--content", policy("ec2:*", effect="Deny"), env_extra=env)["Policy"]
    nimbus.cli("organizations", "attach-policy", "--policy-id", made["PolicySummary"]["Id"], "--target-id",
               ou["OrganizationalUnit"]["Id"], env_extra=env)
    code, _, stderr = nimbus.cli("organizations", "delete-organizational-unit", "--organizational-unit-id", "ou-zzzz-zzzzzzzz",
                                 check=False, env_extra=env)
    assert code != 0 and "OrganizationalUnitNotFoundException" in stderr


# "Creating an organization": an acknowledged organization, its tree, policies and attachments survive a restart.
def test_organization_survives_restart(fresh_nimbus):
    server = fresh_nimbus()
    o = make_org(server, "222200001111")
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    member = o.new_account("kept", parent=ou)
    pid = o.org.create_policy(Name="no-iam-users", Description="", Type=SCP, Content=policy("iam:CreateUser", effect="Deny"))["Policy"]["PolicySummary"]["Id"]
    o.org.attach_policy(PolicyId=pid, TargetId=ou)
    o.org.register_delegated_administrator(AccountId=member, ServicePrincipal="config.amazonaws.com")
    o.org.enable_aws_service_access(ServicePrincipal="config.amazonaws.com")
    delegation = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": member},
                                                                      "Action": "organizations:List*", "Resource": "*"}]})
    o.org.put_resource_policy(Content=delegation)
    before = o.org.describe_organization()["Organization"]
    server.restart()
    org = server.client("organizations", access_key="222200001111")
    assert org.describe_organization()["Organization"] == before
    assert org.list_parents(ChildId=member)["Parents"] == [{"Id": ou, "Type": "ORGANIZATIONAL_UNIT"}]
    assert [p["Id"] for p in org.list_policies_for_target(TargetId=ou, Filter=SCP)["Policies"]] == ["p-FullAWSAccess", pid]
    with pytest.raises(ClientError) as excinfo:
        server.client("iam", access_key=member).create_user(UserName="nope")  # the SCP still binds after the restart
    assert error(excinfo)[0] == "AccessDenied"
    assert server.client("iam", access_key=member).get_role(RoleName="OrganizationAccountAccessRole")["Role"]
    assert [a["Id"] for a in org.list_delegated_administrators()["DelegatedAdministrators"]] == [member]
    assert [s["ServicePrincipal"] for s in org.list_aws_service_access_for_organization()["EnabledServicePrincipals"]] == ["config.amazonaws.com"]
    assert org.describe_resource_policy()["ResourcePolicy"]["Content"] == delegation


# "Common errors" (AWS Organizations API Reference): bad input of every kind gets an AWS error, never a crash, in an
# organization and outside one.
def test_every_operation_answers_bad_input_with_an_aws_error(nimbus, mgmt):
    raw = nimbus.raw_client("organizations", access_key=mgmt)
    model = raw.meta.service_model
    values = ["", "x" * 300, "ou-", "r-", "p-", "h-", "car-", "123", "999999999999", "ou-zzzz-zzzzzzzz", "p-FullAWSAccess", "r-zzzz"]

    def inputs(operation):
        shape = operation.input_shape
        if shape is None:
            return [{}]
        made = [{}]
        for value in values:
            params = {}
            for name, member in shape.members.items():
                if member.type_name == "string":
                    params[name] = value
                elif member.type_name == "integer":
                    params[name] = -1
                elif member.type_name == "list":
                    params[name] = [value] if member.member.type_name == "string" else [{"Key": value, "Value": value}]
                elif member.type_name == "structure":
                    params[name] = {m: value for m in member.members}
            made.append(params)
        return made

    def sweep(skip):
        for name in model.operation_names:
            if name in skip:
                continue
            method = getattr(raw, botocore.xform_name(name))
            for params in inputs(model.operation_model(name)):
                try:
                    method(**params)
                except ClientError as exc:
                    status = exc.response["ResponseMetadata"]["HTTPStatusCode"]
                    assert status < 500 or exc.response["Error"]["Code"] != "InternalFailure", (name, params, exc)
                    assert status != 500, (name, params, exc.response["Error"])

    sweep({"CreateOrganization"})                         # outside any organization
    make_org(nimbus, mgmt)
    sweep({"DeleteOrganization", "LeaveOrganization"})    # as its management account
    assert raw.describe_organization()["Organization"]["MasterAccountId"] == mgmt
    assert nimbus.health()["status"] == "running"


# "Enabling all features for an organization": invited members approve, accounts made with CreateAccount need not,
# then the management account finalizes by accepting the ENABLE_ALL_FEATURES handshake; SCPs become available.
def test_enable_all_features_after_consolidated_billing(nimbus, mgmt, request):
    o = make_org(nimbus, mgmt, feature_set="CONSOLIDATED_BILLING", scps=False)
    o.new_account("created")
    invitee = account_for(request.node.nodeid + "invitee")
    invitation = o.org.invite_account_to_organization(Target={"Id": invitee, "Type": "ACCOUNT"})["Handshake"]["Id"]
    member = o.client("organizations", invitee)
    member.accept_handshake(HandshakeId=invitation)
    parent = o.org.enable_all_features()["Handshake"]
    assert parent["Action"] == "ENABLE_ALL_FEATURES" and parent["State"] == "OPEN"
    with pytest.raises(ClientError) as excinfo:
        o.org.enable_all_features()
    assert error(excinfo)[0] == "HandshakeConstraintViolationException" and reason(excinfo) == "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION"
    with pytest.raises(ClientError) as excinfo:
        o.org.invite_account_to_organization(Target={"Id": account_for(request.node.nodeid + "late"), "Type": "ACCOUNT"})
    assert reason(excinfo) == "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES"
    approvals = member.list_handshakes_for_account(Filter={"ActionType": "APPROVE_ALL_FEATURES"})["Handshakes"]
    assert len(approvals) == 1 and {"Type": "PARENT_HANDSHAKE", "Value": parent["Id"]} in approvals[0]["Resources"]
    assert [h["Id"] for h in o.org.list_handshakes_for_organization(Filter={"ParentHandshakeId": parent["Id"]})["Handshakes"]] == [approvals[0]["Id"]]
    with pytest.raises(ClientError) as excinfo:
        o.org.accept_handshake(HandshakeId=parent["Id"])  # the invited member has not approved yet
    assert error(excinfo)[0] == "HandshakeConstraintViolationException"
    member.accept_handshake(HandshakeId=approvals[0]["Id"])
    assert o.org.accept_handshake(HandshakeId=parent["Id"])["Handshake"]["State"] == "ACCEPTED"
    assert o.org.describe_organization()["Organization"]["FeatureSet"] == "ALL"
    o.org.enable_policy_type(RootId=o.root_id, PolicyType=SCP)
    with pytest.raises(ClientError) as excinfo:
        o.org.enable_all_features()
    assert reason(excinfo) == "ORGANIZATION_ALREADY_HAS_ALL_FEATURES"


# "Closing a member account in your organization" (CloseAccount): the account stays in the organization, suspended,
# and can do nothing; the management account can't be closed this way.
def test_close_account(nimbus, mgmt):
    o = make_org(nimbus, mgmt, scps=False)
    member = o.new_account("to-close")
    assert o.client("iam", member).list_users()["Users"] == []
    o.org.close_account(AccountId=member)
    assert o.org.describe_account(AccountId=member)["Account"]["Status"] == "SUSPENDED"
    with pytest.raises(ClientError) as excinfo:
        o.client("iam", member).list_users()
    assert error(excinfo)[0] == "AccessDenied"
    with pytest.raises(ClientError) as excinfo:
        o.org.close_account(AccountId=member)
    assert error(excinfo)[0] == "AccountAlreadyClosedException"
    with pytest.raises(ClientError) as excinfo:
        o.org.close_account(AccountId=mgmt)
    assert error(excinfo)[0] == "ConstraintViolationException" and reason(excinfo) == "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"
    assert o.client("iam").list_users()["Users"] == []  # the management account is untouched


# "Using AWS Organizations with other AWS services" (EnableAWSServiceAccess): trusted access needs all features.
def test_trusted_service_access(nimbus, mgmt, request):
    o = make_org(nimbus, mgmt, scps=False)
    o.org.enable_aws_service_access(ServicePrincipal="cloudtrail.amazonaws.com")
    o.org.enable_aws_service_access(ServicePrincipal="cloudtrail.amazonaws.com")  # again: nothing changes
    o.org.enable_aws_service_access(ServicePrincipal="sso.amazonaws.com")
    enabled = o.org.list_aws_service_access_for_organization()["EnabledServicePrincipals"]
    assert [s["ServicePrincipal"] for s in enabled] == ["cloudtrail.amazonaws.com", "sso.amazonaws.com"]
    o.org.disable_aws_service_access(ServicePrincipal="cloudtrail.amazonaws.com")
    assert [s["ServicePrincipal"] for s in o.org.list_aws_service_access_for_organization()["EnabledServicePrincipals"]] == ["sso.amazonaws.com"]
    with pytest.raises(ClientError) as excinfo:
        o.org.enable_aws_service_access(ServicePrincipal="not-a-service")
    assert error(excinfo)[0] == "InvalidInputException"
    billing = make_org(nimbus, account_for(request.node.nodeid + "billing"), feature_set="CONSOLIDATED_BILLING", scps=False)
    with pytest.raises(ClientError) as excinfo:
        billing.org.enable_aws_service_access(ServicePrincipal="cloudtrail.amazonaws.com")
    assert error(excinfo)[0] == "ConstraintViolationException" and reason(excinfo) == "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE"


# "Inheritance operators" and "Viewing effective policies" (DescribeEffectivePolicy): the tag policies of the root,
# the OU and the account merge into the account's effective policy; a parent's child control operator locks a value.
def test_effective_tag_policy(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    o.org.enable_policy_type(RootId=o.root_id, PolicyType="TAG_POLICY")
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    member = o.new_account("tagged", parent=ou)

    def attach(name, content, target):
        pid = o.org.create_policy(Name=name, Description="", Type="TAG_POLICY", Content=json.dumps(content))["Policy"]["PolicySummary"]["Id"]
        o.org.attach_policy(PolicyId=pid, TargetId=target)

    with pytest.raises(ClientError) as excinfo:
        o.org.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=member)
    assert error(excinfo)[0] == "EffectivePolicyNotFoundException"
    attach("root-tags", {"tags": {"costcenter": {
        "tag_key": {"@@assign": "CostCenter", "@@operators_allowed_for_child_policies": ["@@none"]},
        "tag_value": {"@@assign": ["100", "200"]}}}}, o.root_id)
    attach("ou-tags", {"tags": {"costcenter": {"tag_value": {"@@append": ["300"]}},
                                "project": {"tag_key": {"@@assign": "Project"}}}}, ou)
    attach("account-tags", {"tags": {"costcenter": {"tag_key": {"@@assign": "costcenter"}, "tag_value": {"@@remove": ["100"]}}}}, member)
    effective = o.org.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=member)["EffectivePolicy"]
    assert effective["TargetId"] == member and effective["PolicyType"] == "TAG_POLICY"
    assert json.loads(effective["PolicyContent"]) == {"tags": {
        "costcenter": {"tag_key": "CostCenter", "tag_value": ["200", "300"]},
        "project": {"tag_key": "Project"}}}
    # The member account reads its own effective policy; roots and OUs have none to read.
    mine = o.client("organizations", member).describe_effective_policy(PolicyType="TAG_POLICY")["EffectivePolicy"]
    assert json.loads(mine["PolicyContent"]) == json.loads(effective["PolicyContent"])
    with pytest.raises(ClientError) as excinfo:
        o.org.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=ou)
    assert error(excinfo)[0] == "InvalidInputException"


# "Actions, resources, and condition keys for AWS Organizations" with "Delegating administration of policies": an
# administrator of the management account allowed to attach SCPs only to one OU, and to make only SCPs.
def test_iam_policies_name_organizations_resources_and_policy_types(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    org_id = o.org.describe_organization()["Organization"]["Id"]
    workloads = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    security = o.org.create_organizational_unit(ParentId=o.root_id, Name="Security")["OrganizationalUnit"]["Id"]
    iam = o.client("iam")
    iam.create_user(UserName="ou-admin")
    iam.put_user_policy(UserName="ou-admin", PolicyName="workloads-only", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["organizations:Describe*", "organizations:List*"], "Resource": "*"},
        {"Effect": "Allow", "Action": "organizations:CreatePolicy", "Resource": "*",
         "Condition": {"StringEquals": {"organizations:PolicyType": "SERVICE_CONTROL_POLICY"}}},
        {"Effect": "Allow", "Action": ["organizations:AttachPolicy", "organizations:DetachPolicy"],
         "Resource": [f"arn:aws:organizations::{mgmt}:ou/{org_id}/{workloads}", f"arn:aws:organizations::{mgmt}:policy/{org_id}/service_control_policy/*"]},
    ]}))
    key = iam.create_access_key(UserName="ou-admin")["AccessKey"]
    admin = nimbus.client("organizations", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    pid = admin.create_policy(Name="no-ec2", Description="", Type=SCP, Content=policy("ec2:*", effect="Deny"))["Policy"]["PolicySummary"]["Id"]
    with pytest.raises(ClientError) as excinfo:
        admin.create_policy(Name="tags", Description="", Type="TAG_POLICY", Content="{}")
    assert error(excinfo)[0] == "AccessDeniedException"
    admin.attach_policy(PolicyId=pid, TargetId=workloads)
    with pytest.raises(ClientError) as excinfo:
        admin.attach_policy(PolicyId=pid, TargetId=security)
    code, message = error(excinfo)
    assert code == "AccessDeniedException" and f"ou/{org_id}/{security}" in message
    admin.detach_policy(PolicyId=pid, TargetId=workloads)


# "Delegated administrator for AWS Organizations" (PutResourcePolicy): the management account lets a member account
# manage tag policies and read the organization; other calls stay the management account's.
def test_delegation_policy_lets_a_member_manage_tag_policies(nimbus, mgmt):
    o = make_org(nimbus, mgmt)
    o.org.enable_policy_type(RootId=o.root_id, PolicyType="TAG_POLICY")
    ou = o.org.create_organizational_unit(ParentId=o.root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    delegate = o.new_account("tag-admins")
    member_org = o.client("organizations", delegate)
    with pytest.raises(ClientError) as excinfo:
        member_org.list_accounts()
    assert error(excinfo)[0] == "AccessDeniedException"
    with pytest.raises(ClientError) as excinfo:
        o.org.describe_resource_policy()
    assert error(excinfo)[0] == "ResourcePolicyNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        o.org.put_resource_policy(Content=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": delegate}, "Action": "ec2:*", "Resource": "*"}]}))
    assert error(excinfo)[0] == "InvalidInputException" and reason(excinfo) == "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY"
    with pytest.raises(ClientError) as excinfo:
        o.org.put_resource_policy(Content=policy("organizations:*"))  # no Principal: not a resource policy
    assert error(excinfo)[0] == "InvalidInputException" and reason(excinfo) == "INVALID_RESOURCE_POLICY_JSON"
    delegation = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{delegate}:root"},
         "Action": ["organizations:Describe*", "organizations:List*"], "Resource": "*"},
        {"Sid": "TagPolicies", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{delegate}:root"},
         "Action": ["organizations:CreatePolicy", "organizations:UpdatePolicy", "organizations:DeletePolicy",
                    "organizations:AttachPolicy", "organizations:DetachPolicy"], "Resource": "*",
         "Condition": {"StringEquals": {"organizations:PolicyType": "TAG_POLICY"}}}]})
    summary = o.org.put_resource_policy(Content=delegation)["ResourcePolicy"]["ResourcePolicySummary"]
    org_id = o.org.describe_organization()["Organization"]["Id"]
    assert summary["Arn"] == f"arn:aws:organizations::{mgmt}:resourcepolicy/{org_id}/{summary['Id']}"
    assert {a["Id"] for a in member_org.list_accounts()["Accounts"]} == {mgmt, delegate}
    assert member_org.describe_resource_policy()["ResourcePolicy"]["Content"] == delegation
    tags = member_org.create_policy(Name="cost-center", Description="", Type="TAG_POLICY",
                                    Content=json.dumps({"tags": {"cc": {"tag_key": {"@@assign": "CostCenter"}}}}))["Policy"]["PolicySummary"]["Id"]
    member_org.attach_policy(PolicyId=tags, TargetId=ou)
    assert [p["Id"] for p in o.org.list_policies_for_target(TargetId=ou, Filter="TAG_POLICY")["Policies"]] == [tags]
    for call in (lambda: member_org.create_policy(Name="scp", Description="", Type=SCP, Content=policy("ec2:*", effect="Deny")),
                 lambda: member_org.attach_policy(PolicyId="p-FullAWSAccess", TargetId=ou),
                 lambda: member_org.create_organizational_unit(ParentId=o.root_id, Name="Nope")):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error(excinfo)[0] == "AccessDeniedException"
    o.org.delete_resource_policy()
    with pytest.raises(ClientError) as excinfo:
        member_org.list_accounts()
    assert error(excinfo)[0] == "AccessDeniedException"
