"""EC2 security groups and their rules, as the Amazon VPC User Guide ("Security group rules", "Default security
groups for your VPCs", "Amazon VPC quotas", "Delete a security group") and the EC2 API Reference (each action's
page, "Error codes for the Amazon EC2 API") describe them.

Every test works in an account of its own (access key = a 12-digit id derived from the test's node id), so
default VPCs, names and quotas never collide on the shared server."""
import pytest

from ec2support import ClientError, code, default_vpc, filters, new_vpc, only
from ec2support import acct  # noqa: F401  (a fixture: the test's own account)


def new_group(ec2, vpc_id: str, name: str = "web", description: str = "web servers", **kwargs) -> str:
    group_id = ec2.create_security_group(GroupName=name, Description=description, VpcId=vpc_id, **kwargs)["GroupId"]
    assert group_id.startswith("sg-")
    return group_id


def group(ec2, group_id: str) -> dict:
    return ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]


def default_group(ec2, vpc_id: str) -> dict:
    return only(ec2.describe_security_groups(Filters=filters(**{"vpc-id": vpc_id, "group-name": "default"}))["SecurityGroups"])


def default_vpc_id(ec2) -> str:
    return default_vpc(ec2)["VpcId"]  # every account has a default VPC in each region


def tcp(port_from: int, port_to: int | None = None, cidr: str = "203.0.113.0/24", **extra) -> dict:
    perm = {"IpProtocol": "tcp", "FromPort": port_from, "ToPort": port_from if port_to is None else port_to,
            "IpRanges": [{"CidrIp": cidr}]}
    perm.update(extra)
    return perm


def rules_of(ec2, group_id: str) -> list[dict]:
    return ec2.describe_security_group_rules(Filters=filters(**{"group-id": group_id}))["SecurityGroupRules"]


def cidrs(perm: dict) -> list[str]:
    return [r["CidrIp"] for r in perm.get("IpRanges", [])]


# ---------------------------------------------------------------------------------------------------------------
# What a group starts with
# ---------------------------------------------------------------------------------------------------------------

# "Security group rules" (Characteristics of security group rules), Amazon VPC User Guide
def test_new_group_has_no_inbound_and_one_all_outbound_rule(acct):
    vpc = new_vpc(acct.ec2)
    sg = group(acct.ec2, new_group(acct.ec2, vpc))
    assert sg["GroupName"] == "web" and sg["Description"] == "web servers"
    assert sg["VpcId"] == vpc and sg["OwnerId"] == acct.id
    assert sg["IpPermissions"] == []
    [egress] = sg["IpPermissionsEgress"]
    assert egress["IpProtocol"] == "-1" and "FromPort" not in egress and "ToPort" not in egress
    assert cidrs(egress) == ["0.0.0.0/0"]
    assert not egress.get("Ipv6Ranges") and not egress.get("UserIdGroupPairs") and not egress.get("PrefixListIds")


# "Default security groups for your VPCs", Amazon VPC User Guide
def test_every_vpc_gets_a_default_group_open_to_itself(acct):
    vpc = new_vpc(acct.ec2)
    sg = default_group(acct.ec2, vpc)
    assert sg["GroupName"] == "default" and sg["Description"] == "default VPC security group"
    [inbound] = sg["IpPermissions"]
    assert inbound["IpProtocol"] == "-1" and not inbound.get("IpRanges")
    assert [(p["GroupId"], p["UserId"]) for p in inbound["UserIdGroupPairs"]] == [(sg["GroupId"], acct.id)]
    [outbound] = sg["IpPermissionsEgress"]
    assert outbound["IpProtocol"] == "-1" and cidrs(outbound) == ["0.0.0.0/0"]
    assert not outbound.get("Ipv6Ranges"), "the ::/0 rule is only added when the VPC has an IPv6 block"


# "Default security groups for your VPCs", Amazon VPC User Guide
def test_default_group_cannot_be_deleted(acct):
    vpc = new_vpc(acct.ec2)
    sg = default_group(acct.ec2, vpc)["GroupId"]
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.delete_security_group(GroupId=sg)
    assert code(excinfo) == "CannotDelete"  # the guide spells it Client.CannotDelete; the wire code has no prefix


# CreateSecurityGroup, Amazon EC2 API Reference ("Error codes for the Amazon EC2 API": InvalidGroup.Reserved)
def test_the_name_default_is_reserved(acct):
    # UNSURE: the error list documents InvalidGroup.Reserved ("default" is reserved) and OpenStack's ec2-api
    # functional tests (run against AWS) expect it for GroupName="default"; inside a VPC that already has its
    # "default" group AWS could conceivably answer InvalidGroup.Duplicate instead.
    vpc = new_vpc(acct.ec2)
    with pytest.raises(ClientError) as excinfo:
        new_group(acct.ec2, vpc, name="default")
    assert code(excinfo) == "InvalidGroup.Reserved"


# CreateSecurityGroup, Amazon EC2 API Reference ("you can't have two security groups for use in a VPC with the same name")
def test_names_are_unique_per_vpc(acct):
    vpc_a, vpc_b = new_vpc(acct.ec2, "10.0.0.0/16"), new_vpc(acct.ec2, "10.1.0.0/16")
    first = new_group(acct.ec2, vpc_a, name="app")
    with pytest.raises(ClientError) as excinfo:
        new_group(acct.ec2, vpc_a, name="app")
    assert code(excinfo) == "InvalidGroup.Duplicate"
    second = new_group(acct.ec2, vpc_b, name="app")
    assert second != first


# CreateSecurityGroup, Amazon EC2 API Reference
def test_create_in_a_missing_vpc(acct):
    with pytest.raises(ClientError) as excinfo:
        new_group(acct.ec2, "vpc-0123456789abcdef0")
    assert code(excinfo) == "InvalidVpcID.NotFound"


# ---------------------------------------------------------------------------------------------------------------
# Authorizing rules
# ---------------------------------------------------------------------------------------------------------------

# AuthorizeSecurityGroupIngress, Amazon EC2 API Reference; "Security group rules" (rule IDs), Amazon VPC User Guide
def test_authorize_tcp_port_range_returns_the_new_rule(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    out = acct.ec2.authorize_security_group_ingress(
        GroupId=sg, IpPermissions=[tcp(8000, 8080, IpRanges=[{"CidrIp": "203.0.113.0/24", "Description": "office"}])])
    assert out["Return"] is True
    [rule] = out["SecurityGroupRules"]
    assert rule["SecurityGroupRuleId"].startswith("sgr-")
    assert (rule["GroupId"], rule["GroupOwnerId"], rule["IsEgress"]) == (sg, acct.id, False)
    assert (rule["IpProtocol"], rule["FromPort"], rule["ToPort"]) == ("tcp", 8000, 8080)
    assert rule["CidrIpv4"] == "203.0.113.0/24" and rule["Description"] == "office"
    [perm] = group(acct.ec2, sg)["IpPermissions"]
    assert (perm["IpProtocol"], perm["FromPort"], perm["ToPort"]) == ("tcp", 8000, 8080)
    assert perm["IpRanges"] == [{"CidrIp": "203.0.113.0/24", "Description": "office"}]


# AuthorizeSecurityGroupIngress (Ipv6Ranges), Amazon EC2 API Reference
def test_authorize_udp_from_an_ipv6_range(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    [rule] = acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{
        "IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]}])["SecurityGroupRules"]
    assert (rule["IpProtocol"], rule["FromPort"], rule["ToPort"], rule["CidrIpv6"]) == ("udp", 53, 53, "2001:db8::/32")
    assert "CidrIpv4" not in rule
    [perm] = group(acct.ec2, sg)["IpPermissions"]
    assert perm["Ipv6Ranges"] == [{"CidrIpv6": "2001:db8::/32"}] and not perm.get("IpRanges")


# AuthorizeSecurityGroupIngress (FromPort/ToPort are the ICMP type and code; -1 means all), Amazon EC2 API Reference
def test_icmp_rules_carry_type_and_code(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    rules = acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},     # echo request
        {"IpProtocol": "icmp", "FromPort": 3, "ToPort": 4, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},        # frag needed
        {"IpProtocol": "icmpv6", "FromPort": 128, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},    # echo request
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "192.0.2.0/24"}]},   # everything
    ])["SecurityGroupRules"]
    got = sorted((r["IpProtocol"], r["FromPort"], r["ToPort"]) for r in rules)
    assert got == [("icmp", -1, -1), ("icmp", 3, 4), ("icmp", 8, -1), ("icmpv6", 128, -1)]


# AuthorizeSecurityGroupIngress (IpProtocol "-1" = all protocols, or a protocol number), Amazon EC2 API Reference
def test_all_protocols_and_protocol_numbers(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/16"}]},
        {"IpProtocol": "50", "IpRanges": [{"CidrIp": "198.51.100.0/24"}]},  # ESP: no ports
    ])
    perms = {p["IpProtocol"]: p for p in group(acct.ec2, sg)["IpPermissions"]}
    assert set(perms) == {"-1", "50"}
    assert "FromPort" not in perms["-1"] and cidrs(perms["-1"]) == ["10.0.0.0/16"]
    assert cidrs(perms["50"]) == ["198.51.100.0/24"]


# AuthorizeSecurityGroupIngress (IpProtocol: name or number), Amazon EC2 API Reference
def test_tcp_and_udp_numbers_are_stored_by_name(acct):
    # Observed AWS behaviour (hashicorp/terraform PR #5881): 6/17 come back as tcp/udp; -1 and other numbers stay.
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "6", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "17", "FromPort": 123, "ToPort": 123, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    ])
    assert sorted(p["IpProtocol"] for p in group(acct.ec2, sg)["IpPermissions"]) == ["tcp", "udp"]
    with pytest.raises(ClientError) as excinfo:  # and "tcp" now names the same rule
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(443, cidr="0.0.0.0/0")])
    assert code(excinfo) == "InvalidPermission.Duplicate"


# "Security group rules" (Security group referencing), Amazon VPC User Guide
def test_rule_that_references_another_group(acct):
    vpc = new_vpc(acct.ec2)
    bastion = new_group(acct.ec2, vpc, name="bastion")
    app = new_group(acct.ec2, vpc, name="app")
    [rule] = acct.ec2.authorize_security_group_ingress(GroupId=app, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [{"GroupId": bastion}]}])["SecurityGroupRules"]
    assert rule["ReferencedGroupInfo"]["GroupId"] == bastion and rule["ReferencedGroupInfo"]["UserId"] == acct.id
    assert "CidrIpv4" not in rule
    [perm] = group(acct.ec2, app)["IpPermissions"]
    assert [(p["GroupId"], p["UserId"]) for p in perm["UserIdGroupPairs"]] == [(bastion, acct.id)]
    assert not perm.get("IpRanges")


# "Security group rules" (Components: the ID of a prefix list), Amazon VPC User Guide
def test_rule_that_references_a_prefix_list(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    pl = acct.ec2.create_managed_prefix_list(PrefixListName="partners", MaxEntries=2, AddressFamily="IPv4",
                                             Entries=[{"Cidr": "198.51.100.0/24"}])["PrefixList"]["PrefixListId"]
    assert pl.startswith("pl-")
    [rule] = acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl}]}])["SecurityGroupRules"]
    assert rule["PrefixListId"] == pl
    [perm] = group(acct.ec2, sg)["IpPermissions"]
    assert [p["PrefixListId"] for p in perm["PrefixListIds"]] == [pl]


# AuthorizeSecurityGroupEgress, Amazon EC2 API Reference
def test_authorize_egress(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    [rule] = acct.ec2.authorize_security_group_egress(
        GroupId=sg, IpPermissions=[tcp(5432, cidr="10.0.2.0/24")])["SecurityGroupRules"]
    assert rule["IsEgress"] is True and rule["SecurityGroupRuleId"].startswith("sgr-")
    egress = group(acct.ec2, sg)["IpPermissionsEgress"]
    assert sorted((p["IpProtocol"], cidrs(p)[0]) for p in egress) == [("-1", "0.0.0.0/0"), ("tcp", "10.0.2.0/24")]


# AuthorizeSecurityGroupIngress, Amazon EC2 API Reference ("Error codes": InvalidPermission.Duplicate)
def test_duplicate_rule(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22)])
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22)])
    assert code(excinfo) == "InvalidPermission.Duplicate"
    with pytest.raises(ClientError) as excinfo:  # the all-outbound rule every new group has
        acct.ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    assert code(excinfo) == "InvalidPermission.Duplicate"


# AuthorizeSecurityGroupIngress, Amazon EC2 API Reference
def test_same_permission_twice_in_one_request(acct):
    # AWS answers "The same permission must not appear multiple times" (input-output-hk/bitte PR #24).
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22), tcp(22)])
    assert code(excinfo) == "InvalidParameterValue"
    assert group(acct.ec2, sg)["IpPermissions"] == []


# AuthorizeSecurityGroupIngress (a malformed CIDR), Amazon EC2 API Reference
@pytest.mark.parametrize("cidr", ["10.0.0.0/33", "203.0.113.300/32", "203.0.113.5", "not-a-cidr"])
def test_malformed_cidr(acct, cidr):
    # AWS: InvalidParameterValue "CIDR block 10.0.0.0/33 is malformed".
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22, cidr=cidr)])
    assert code(excinfo) == "InvalidParameterValue"


# AuthorizeSecurityGroupIngress ("For the TCP and UDP protocols, you must also specify the destination port"),
# Amazon EC2 API Reference
@pytest.mark.parametrize("protocol", ["tcp", "udp"])
def test_tcp_and_udp_need_ports(acct, protocol):
    # AWS: InvalidParameterValue "Invalid value for portRange. Must specify both from and to ports with TCP/UDP."
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": protocol, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    assert code(excinfo) == "InvalidParameterValue"


# AuthorizeSecurityGroupIngress, Amazon EC2 API Reference
def test_port_range_must_not_be_reversed(acct):
    # UNSURE: no AWS page names the code for FromPort > ToPort; EC2-compatible implementations (OpenStack
    # ec2-api "Invalid TCP/UDP port range.") answer InvalidParameterValue, the documented generic code.
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(8080, 80)])
    assert code(excinfo) == "InvalidParameterValue"


# AuthorizeSecurityGroupIngress (ICMP type and code), Amazon EC2 API Reference
def test_icmp_type_out_of_range(acct):
    # UNSURE: ICMP types are 0-255 and -1; the code for 256 is not documented; InvalidParameterValue assumed.
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "icmp", "FromPort": 256, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    assert code(excinfo) == "InvalidParameterValue"


# AuthorizeSecurityGroupIngress, Amazon EC2 API Reference
def test_authorize_on_a_missing_group(acct):
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId="sg-0123456789abcdef0", IpPermissions=[tcp(22)])
    assert code(excinfo) == "InvalidGroup.NotFound"


# ---------------------------------------------------------------------------------------------------------------
# Quotas
# ---------------------------------------------------------------------------------------------------------------

def many_cidrs(n: int, second_octet: int = 0) -> list[dict]:
    return [{"CidrIp": f"10.{second_octet}.{i}.0/24"} for i in range(n)]


# "Amazon VPC quotas" (Inbound or outbound rules per security group: 60, IPv4 and IPv6 counted separately)
def test_sixty_inbound_rules_per_address_family(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": many_cidrs(60)}])
    assert len(rules_of(acct.ec2, sg)) == 61  # 60 inbound + the default outbound rule
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(443, cidr="10.1.0.0/24")])
    assert code(excinfo) == "RulesPerSecurityGroupLimitExceeded"
    acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]}])


# "Amazon VPC quotas" (the quota applies to inbound and outbound rules alike)
def test_sixty_outbound_rules_including_the_default_one(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    acct.ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": many_cidrs(59)}])
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[tcp(443, cidr="10.1.0.0/24")])
    assert code(excinfo) == "RulesPerSecurityGroupLimitExceeded"


# "Amazon VPC quotas"; AuthorizeSecurityGroupIngress is all or nothing
def test_a_request_that_would_pass_the_quota_adds_nothing(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": many_cidrs(61)}])
    assert code(excinfo) == "RulesPerSecurityGroupLimitExceeded"
    assert group(acct.ec2, sg)["IpPermissions"] == []


# ---------------------------------------------------------------------------------------------------------------
# Revoking, describing and modifying rules
# ---------------------------------------------------------------------------------------------------------------

# RevokeSecurityGroupIngress ("For a non-default VPC ... an InvalidPermission.NotFound client error is returned,
# and no rules are revoked"), Amazon EC2 API Reference
def test_revoke_a_missing_rule_in_a_nondefault_vpc(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22)])
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22), tcp(23)])
    assert code(excinfo) == "InvalidPermission.NotFound"
    assert [p["FromPort"] for p in group(acct.ec2, sg)["IpPermissions"]] == [22]


# RevokeSecurityGroupIngress ("For a default VPC, if the values you specify do not match the existing rule's values,
# no error is returned, and the output describes the security group rules that were not revoked"), EC2 API Reference
def test_revoke_a_missing_rule_in_the_default_vpc(acct):
    sg = acct.ec2.create_security_group(GroupName="legacy", Description="in the default VPC")["GroupId"]
    out = acct.ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[tcp(25)])
    [unknown] = out["UnknownIpPermissions"]
    assert (unknown["IpProtocol"], unknown["FromPort"], unknown["ToPort"]) == ("tcp", 25, 25)
    assert cidrs(unknown) == ["203.0.113.0/24"]
    # UNSURE: whether Return is true or false in this case is not documented; not asserted.


# RevokeSecurityGroupIngress / RevokeSecurityGroupEgress (by rule properties or by rule ID), EC2 API Reference
def test_revoke_by_properties_and_by_rule_id(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    rules = acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22), tcp(443)])["SecurityGroupRules"]
    by_port = {r["FromPort"]: r["SecurityGroupRuleId"] for r in rules}
    assert acct.ec2.revoke_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22)])["Return"] is True
    assert acct.ec2.revoke_security_group_ingress(GroupId=sg, SecurityGroupRuleIds=[by_port[443]])["Return"] is True
    assert group(acct.ec2, sg)["IpPermissions"] == []
    acct.ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    assert group(acct.ec2, sg)["IpPermissionsEgress"] == [] and rules_of(acct.ec2, sg) == []


# DescribeSecurityGroupRules / RevokeSecurityGroupIngress, Amazon EC2 API Reference
def test_unknown_rule_id(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_security_group_rules(SecurityGroupRuleIds=["sgr-0123456789abcdef0"])
    assert code(excinfo) == "InvalidSecurityGroupRuleId.NotFound"
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.revoke_security_group_ingress(GroupId=sg, SecurityGroupRuleIds=["sgr-0123456789abcdef0"])
    assert code(excinfo) == "InvalidSecurityGroupRuleId.NotFound"


# DescribeSecurityGroupRules (filters group-id, security-group-rule-id, tag:<key>), Amazon EC2 API Reference
def test_describe_security_group_rules_filters(acct):
    vpc = new_vpc(acct.ec2)
    sg, other = new_group(acct.ec2, vpc), new_group(acct.ec2, vpc, name="other")
    [ssh] = acct.ec2.authorize_security_group_ingress(
        GroupId=sg, IpPermissions=[tcp(22)],
        TagSpecifications=[{"ResourceType": "security-group-rule", "Tags": [{"Key": "Name", "Value": "ssh"}]}],
    )["SecurityGroupRules"]
    rules = rules_of(acct.ec2, sg)
    assert sorted((r["IsEgress"], r["IpProtocol"]) for r in rules) == [(False, "tcp"), (True, "-1")]
    assert all(r["GroupId"] == sg and r["SecurityGroupRuleId"].startswith("sgr-") for r in rules)
    egress = next(r for r in rules if r["IsEgress"])
    assert (egress["FromPort"], egress["ToPort"], egress["CidrIpv4"]) == (-1, -1, "0.0.0.0/0")
    by_id = acct.ec2.describe_security_group_rules(
        Filters=[{"Name": "security-group-rule-id", "Values": [ssh["SecurityGroupRuleId"]]}])["SecurityGroupRules"]
    assert [r["SecurityGroupRuleId"] for r in by_id] == [ssh["SecurityGroupRuleId"]]
    by_param = acct.ec2.describe_security_group_rules(SecurityGroupRuleIds=[ssh["SecurityGroupRuleId"]])["SecurityGroupRules"]
    assert by_param[0]["Tags"] == [{"Key": "Name", "Value": "ssh"}]
    by_tag = acct.ec2.describe_security_group_rules(Filters=[{"Name": "tag:Name", "Values": ["ssh"]}])["SecurityGroupRules"]
    assert [r["SecurityGroupRuleId"] for r in by_tag] == [ssh["SecurityGroupRuleId"]]
    assert [r["IsEgress"] for r in rules_of(acct.ec2, other)] == [True]


# ModifySecurityGroupRules, Amazon EC2 API Reference; "Security group rules" (Update security group rules)
def test_modify_security_group_rules_keeps_the_rule_id(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    [rule] = acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22)])["SecurityGroupRules"]
    rule_id = rule["SecurityGroupRuleId"]
    out = acct.ec2.modify_security_group_rules(GroupId=sg, SecurityGroupRules=[{
        "SecurityGroupRuleId": rule_id,
        "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 2222, "ToPort": 2222,
                              "CidrIpv4": "198.51.100.0/24", "Description": "moved"}}])
    assert out["Return"] is True
    [after] = acct.ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule_id])["SecurityGroupRules"]
    assert (after["FromPort"], after["ToPort"]) == (2222, 2222)
    assert (after["CidrIpv4"], after["Description"]) == ("198.51.100.0/24", "moved")
    [perm] = group(acct.ec2, sg)["IpPermissions"]
    assert perm["FromPort"] == 2222 and cidrs(perm) == ["198.51.100.0/24"]


# ---------------------------------------------------------------------------------------------------------------
# Deleting groups, IDs
# ---------------------------------------------------------------------------------------------------------------

# "Delete a security group" (can't be referenced by a rule in another security group), Amazon VPC User Guide;
# DeleteSecurityGroup ("the operation fails with DependencyViolation"), Amazon EC2 API Reference
def test_delete_a_group_referenced_by_another_groups_rule(acct):
    vpc = new_vpc(acct.ec2)
    bastion, app = new_group(acct.ec2, vpc, name="bastion"), new_group(acct.ec2, vpc, name="app")
    pair = {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [{"GroupId": bastion}]}
    acct.ec2.authorize_security_group_ingress(GroupId=app, IpPermissions=[pair])
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.delete_security_group(GroupId=bastion)
    assert code(excinfo) == "DependencyViolation"
    acct.ec2.revoke_security_group_ingress(GroupId=app, IpPermissions=[pair])
    acct.ec2.delete_security_group(GroupId=bastion)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_security_groups(GroupIds=[bastion])
    assert code(excinfo) == "InvalidGroup.NotFound"


# DeleteSecurityGroup ("associated with an instance or network interface ... fails with DependencyViolation")
def test_delete_a_group_in_use_by_a_network_interface(acct):
    vpc = new_vpc(acct.ec2)
    subnet = acct.ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    sg = new_group(acct.ec2, vpc)
    eni = acct.ec2.create_network_interface(SubnetId=subnet, Groups=[sg])["NetworkInterface"]["NetworkInterfaceId"]
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.delete_security_group(GroupId=sg)
    assert code(excinfo) == "DependencyViolation"
    acct.ec2.delete_network_interface(NetworkInterfaceId=eni)
    acct.ec2.delete_security_group(GroupId=sg)


# DescribeSecurityGroups / DeleteSecurityGroup, Amazon EC2 API Reference ("Error codes": InvalidGroup.NotFound)
def test_unknown_group_id(acct):
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_security_groups(GroupIds=["sg-0123456789abcdef0"])
    assert code(excinfo) == "InvalidGroup.NotFound"
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.delete_security_group(GroupId="sg-0123456789abcdef0")
    assert code(excinfo) == "InvalidGroup.NotFound"


# "Error codes for the Amazon EC2 API" (InvalidGroupId.Malformed: "Ensure that you specify the ID in the form sg-xxxxxxxx")
@pytest.mark.parametrize("bad_id", ["sg-xyz", "web", "sg-0123456789abcdefg"])
def test_malformed_group_id(acct, bad_id):
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_security_groups(GroupIds=[bad_id])
    assert code(excinfo) == "InvalidGroupId.Malformed"
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.delete_security_group(GroupId=bad_id)
    assert code(excinfo) == "InvalidGroupId.Malformed"


# ---------------------------------------------------------------------------------------------------------------
# Filters and names
# ---------------------------------------------------------------------------------------------------------------

def ids(out: dict) -> set[str]:
    return {g["GroupId"] for g in out["SecurityGroups"]}


# DescribeSecurityGroups (filters group-name, vpc-id, tag:<key>, description), Amazon EC2 API Reference
def test_filters_by_name_vpc_and_tag(acct):
    vpc_a, vpc_b = new_vpc(acct.ec2, "10.0.0.0/16"), new_vpc(acct.ec2, "10.1.0.0/16")
    web_a = new_group(acct.ec2, vpc_a, TagSpecifications=[
        {"ResourceType": "security-group", "Tags": [{"Key": "Team", "Value": "blue"}]}])
    web_b = new_group(acct.ec2, vpc_b, description="the other web")
    f = acct.ec2.describe_security_groups
    assert ids(f(Filters=[{"Name": "group-name", "Values": ["web"]}])) == {web_a, web_b}
    assert ids(f(Filters=[{"Name": "vpc-id", "Values": [vpc_a]}])) == {web_a, default_group(acct.ec2, vpc_a)["GroupId"]}
    assert ids(f(Filters=[{"Name": "tag:Team", "Values": ["blue"]}])) == {web_a}
    assert ids(f(Filters=[{"Name": "description", "Values": ["the other web"]}])) == {web_b}
    assert ids(f(Filters=[{"Name": "group-name", "Values": ["web"]}, {"Name": "vpc-id", "Values": [vpc_b]}])) == {web_b}
    assert ids(f(Filters=[{"Name": "group-name", "Values": ["nothing-here"]}])) == set()


# DescribeSecurityGroups (filters ip-permission.from-port, ip-permission.to-port, ip-permission.protocol,
# ip-permission.cidr, ip-permission.group-id, egress.ip-permission.cidr), Amazon EC2 API Reference
def test_filters_on_rules(acct):
    vpc = new_vpc(acct.ec2)
    bastion, app, db = (new_group(acct.ec2, vpc, name=n) for n in ("bastion", "app", "db"))
    acct.ec2.authorize_security_group_ingress(GroupId=bastion, IpPermissions=[tcp(22)])
    acct.ec2.authorize_security_group_ingress(GroupId=app, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [{"GroupId": bastion}]}])
    acct.ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[tcp(5432, cidr="10.0.0.0/16")])
    acct.ec2.authorize_security_group_egress(GroupId=db, IpPermissions=[tcp(443, cidr="192.0.2.0/24")])
    f = lambda name, value: ids(acct.ec2.describe_security_groups(  # noqa: E731
        Filters=[{"Name": name, "Values": [value]}, {"Name": "vpc-id", "Values": [vpc]}]))
    assert f("ip-permission.from-port", "22") == {bastion}
    assert f("ip-permission.to-port", "5432") == {db}
    assert f("ip-permission.group-id", bastion) == {app}
    assert f("ip-permission.cidr", "10.0.0.0/16") == {db}
    assert f("ip-permission.protocol", "tcp") == {bastion, app, db}
    assert f("egress.ip-permission.cidr", "192.0.2.0/24") == {db}


# DescribeSecurityGroups (GroupNames: "[Default VPC] ... For security groups in a nondefault VPC, use the group-name
# filter"), CreateSecurityGroup (no VpcId: the default VPC), DeleteSecurityGroup (GroupName), EC2 API Reference
def test_group_names_address_the_default_vpc(acct):
    default_vpc = default_vpc_id(acct.ec2)
    web = acct.ec2.create_security_group(GroupName="web", Description="default VPC web")["GroupId"]
    assert group(acct.ec2, web)["VpcId"] == default_vpc
    [found] = acct.ec2.describe_security_groups(GroupNames=["web"])["SecurityGroups"]
    assert found["GroupId"] == web
    [dflt] = acct.ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"]
    assert dflt["VpcId"] == default_vpc
    acct.ec2.authorize_security_group_ingress(GroupName="web", IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0")
    assert [p["FromPort"] for p in group(acct.ec2, web)["IpPermissions"]] == [80]
    acct.ec2.delete_security_group(GroupName="web")
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_security_groups(GroupNames=["web"])
    assert code(excinfo) == "InvalidGroup.NotFound"


# DescribeSecurityGroups (GroupNames only reach the default VPC), Amazon EC2 API Reference
def test_group_names_do_not_reach_a_nondefault_vpc(acct):
    vpc = new_vpc(acct.ec2)
    new_group(acct.ec2, vpc, name="private-only")
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_security_groups(GroupNames=["private-only"])
    assert code(excinfo) == "InvalidGroup.NotFound"
    assert len(acct.ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["private-only"]}])["SecurityGroups"]) == 1


# DeleteVpc ("delete all security groups associated with the VPC (except the default one)"), EC2 API Reference
def test_deleting_a_vpc_deletes_its_default_group(acct):
    vpc = new_vpc(acct.ec2)
    sg = default_group(acct.ec2, vpc)["GroupId"]
    acct.ec2.delete_vpc(VpcId=vpc)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_security_groups(GroupIds=[sg])
    assert code(excinfo) == "InvalidGroup.NotFound"


# UpdateSecurityGroupRuleDescriptionsIngress ("Update the description of an existing rule"), EC2 API Reference:
# the rule is matched on protocol, ports and source; only its description changes
def test_update_rule_descriptions(acct):
    sg = new_group(acct.ec2, new_vpc(acct.ec2))
    acct.ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[tcp(22)])
    described = tcp(22, IpRanges=[{"CidrIp": "203.0.113.0/24", "Description": "bastion ssh"}])
    acct.ec2.update_security_group_rule_descriptions_ingress(GroupId=sg, IpPermissions=[described])
    [permission] = group(acct.ec2, sg)["IpPermissions"]
    assert permission["IpRanges"] == [{"CidrIp": "203.0.113.0/24", "Description": "bastion ssh"}]
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.update_security_group_rule_descriptions_ingress(GroupId=sg, IpPermissions=[tcp(23)])
    assert code(excinfo) == "InvalidPermission.NotFound"


# GetManagedPrefixListEntries / ModifyManagedPrefixList ("Managed prefix lists"): entries added and removed, each
# change a new version; CurrentVersion must match
def test_prefix_list_entries_and_versions(acct):
    ec2 = acct.ec2
    pl = ec2.create_managed_prefix_list(PrefixListName="offices", MaxEntries=3, AddressFamily="IPv4",
                                        Entries=[{"Cidr": "198.51.100.0/24", "Description": "paris"}])["PrefixList"]["PrefixListId"]
    modified = ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "203.0.113.0/24"}],
                                              RemoveEntries=[{"Cidr": "198.51.100.0/24"}])["PrefixList"]
    assert modified["Version"] == 2
    assert [e["Cidr"] for e in ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"]] == ["203.0.113.0/24"]
    with pytest.raises(ClientError) as excinfo:
        ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "192.0.2.0/24"}])
    assert code(excinfo) == "PrefixListVersionMismatch"
