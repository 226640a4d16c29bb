"""The "Architecting on AWS" lab network, built with boto3 and again with the AWS CLI, checked with Describe calls
and filters, then torn down in the right order (the wrong order answers DependencyViolation).

    VPC 10.0.0.0/16 across two Availability Zones
      public-a  10.0.0.0/24  (AZ 1)   public-b  10.0.1.0/24  (AZ 2)    -> public route table: 0.0.0.0/0 -> igw
      private-a 10.0.2.0/23  (AZ 1)   private-b 10.0.4.0/23  (AZ 2)    -> private route table per AZ: 0.0.0.0/0 -> that
                                                                          AZ's NAT gateway; custom network ACL
      a NAT gateway with its Elastic IP in each public subnet
      bastion-sg: tcp 22 from 203.0.113.0/24;  app-sg: tcp 80 from bastion-sg only

Pages: Amazon VPC User Guide ("VPC with servers in private subnets and NAT", "NAT gateways", "Route tables",
"Security group rules", "Control traffic to subnets using network ACLs", "Delete your VPC"); EC2 API Reference
(DeleteVpc, DetachInternetGateway, DeleteSubnet, DeleteSecurityGroup, DeleteNetworkAcl, DeleteRouteTable,
DeleteNatGateway, ReleaseAddress)."""
import ipaddress
import re

import pytest

from ec2support import FAST_WAIT, account_for, fails, filters
from labnet import LAYOUT, OFFICE, Lab, build_lab, move_subnet_acl

@pytest.fixture(scope="module")
def lab_ec2(nimbus):
    return nimbus.client("ec2", access_key=account_for(__name__ + "::boto3-lab"))


@pytest.fixture(scope="module")
def lab(lab_ec2) -> Lab:
    return build_lab(lab_ec2)


# ---------------------------------------------------------------------------------------------------------------
# The lab built with boto3, checked piece by piece
# ---------------------------------------------------------------------------------------------------------------

# "VPC with servers in private subnets and NAT" (Overview), Amazon VPC User Guide; DescribeVpcs / DescribeSubnets
def test_lab_vpc_and_subnets(lab, lab_ec2):
    [vpc] = lab_ec2.describe_vpcs(Filters=filters(**{"tag:Name": "lab-vpc"}))["Vpcs"]
    assert (vpc["VpcId"], vpc["CidrBlock"], vpc["State"], vpc["IsDefault"]) == (lab.vpc, "10.0.0.0/16", "available", False)
    subnets = lab_ec2.describe_subnets(Filters=filters(**{"vpc-id": lab.vpc}))["Subnets"]
    by_name = {next(t["Value"] for t in s["Tags"] if t["Key"] == "Name"): s for s in subnets}
    assert set(by_name) == set(LAYOUT)
    for name, (cidr, az, public) in LAYOUT.items():
        s = by_name[name]
        assert (s["SubnetId"], s["CidrBlock"], s["AvailabilityZone"]) == (lab.subnets[name], cidr, lab.azs[az])
        assert s["MapPublicIpOnLaunch"] is public
        # "Subnet CIDR blocks": 5 reserved addresses; each public subnet also holds its NAT gateway's interface
        usable = ipaddress.ip_network(cidr).num_addresses - 5
        assert s["AvailableIpAddressCount"] == (usable - 1 if public else usable)
    in_first_az = lab_ec2.describe_subnets(Filters=filters(**{"vpc-id": lab.vpc, "availability-zone": lab.azs[0]}))["Subnets"]
    assert {s["SubnetId"] for s in in_first_az} == {lab.subnets["public-a"], lab.subnets["private-a"]}
    public = lab_ec2.describe_subnets(Filters=filters(**{"vpc-id": lab.vpc, "map-public-ip-on-launch": "true"}))["Subnets"]
    assert {s["SubnetId"] for s in public} == {lab.subnets["public-a"], lab.subnets["public-b"]}


# "Connect to the internet using an internet gateway", Amazon VPC User Guide; DescribeInternetGateways
def test_lab_internet_gateway(lab, lab_ec2):
    [igw] = lab_ec2.describe_internet_gateways(Filters=filters(**{"attachment.vpc-id": lab.vpc}))["InternetGateways"]
    assert igw["InternetGatewayId"] == lab.igw
    assert igw["Attachments"] == [{"State": "available", "VpcId": lab.vpc}]
    assert [g["InternetGatewayId"] for g in lab_ec2.describe_internet_gateways(
        Filters=filters(**{"tag:Name": "lab-igw"}))["InternetGateways"]] == [lab.igw]


# "NAT gateways" (a public NAT gateway in a public subnet, with an Elastic IP), Amazon VPC User Guide;
# DescribeNatGateways / DescribeAddresses
def test_lab_nat_gateways_and_their_addresses(lab, lab_ec2):
    nats = lab_ec2.describe_nat_gateways(Filter=filters(**{"vpc-id": lab.vpc}))["NatGateways"]
    assert {n["NatGatewayId"] for n in nats} == set(lab.nats.values())
    for side in ("a", "b"):
        [n] = lab_ec2.describe_nat_gateways(Filter=filters(**{"subnet-id": lab.subnets[f"public-{side}"]}))["NatGateways"]
        assert (n["NatGatewayId"], n["State"], n["ConnectivityType"]) == (lab.nats[side], "available", "public")
        [addr] = n["NatGatewayAddresses"]
        assert (addr["AllocationId"], addr["PublicIp"]) == (lab.eips[side]["AllocationId"], lab.eips[side]["PublicIp"])
        assert ipaddress.ip_address(addr["PrivateIp"]) in ipaddress.ip_network(LAYOUT[f"public-{side}"][0])
        [eip] = lab_ec2.describe_addresses(Filters=filters(**{"tag:Name": f"nat-{side}"}))["Addresses"]
        assert eip["NetworkInterfaceId"] == addr["NetworkInterfaceId"] and eip["PrivateIpAddress"] == addr["PrivateIp"]
    tagged = lab_ec2.describe_nat_gateways(Filter=filters(**{"tag:Name": "nat-b"}))["NatGateways"]
    assert [n["NatGatewayId"] for n in tagged] == [lab.nats["b"]]
    assert len(lab_ec2.describe_addresses(Filters=filters(domain="vpc"))["Addresses"]) == 2


def routes(table: dict) -> set[tuple]:
    return {(r["DestinationCidrBlock"], r.get("GatewayId") or r.get("NatGatewayId"), r["State"]) for r in table["Routes"]}


def table_for(ec2, subnet_id: str) -> dict:
    [table] = ec2.describe_route_tables(Filters=filters(**{"association.subnet-id": subnet_id}))["RouteTables"]
    return table


# "Route tables" (subnet route tables, the main route table, the local route), Amazon VPC User Guide;
# DescribeRouteTables (filters association.subnet-id, association.main, route.gateway-id, route.nat-gateway-id)
def test_lab_route_tables(lab, lab_ec2):
    for side in ("a", "b"):
        assert table_for(lab_ec2, lab.subnets[f"public-{side}"])["RouteTableId"] == lab.public_rt
        private = table_for(lab_ec2, lab.subnets[f"private-{side}"])
        assert private["RouteTableId"] == lab.private_rts[side]
        assert routes(private) == {("10.0.0.0/16", "local", "active"), ("0.0.0.0/0", lab.nats[side], "active")}
    public = table_for(lab_ec2, lab.subnets["public-a"])
    assert routes(public) == {("10.0.0.0/16", "local", "active"), ("0.0.0.0/0", lab.igw, "active")}
    assert sorted(a["SubnetId"] for a in public["Associations"]) == sorted([lab.subnets["public-a"], lab.subnets["public-b"]])
    via_igw = lab_ec2.describe_route_tables(Filters=filters(**{"route.gateway-id": lab.igw}))["RouteTables"]
    assert [t["RouteTableId"] for t in via_igw] == [lab.public_rt]
    via_nat = lab_ec2.describe_route_tables(Filters=filters(**{"route.nat-gateway-id": lab.nats["b"]}))["RouteTables"]
    assert [t["RouteTableId"] for t in via_nat] == [lab.private_rts["b"]]
    [main] = lab_ec2.describe_route_tables(Filters=filters(**{"vpc-id": lab.vpc, "association.main": "true"}))["RouteTables"]
    assert main["RouteTableId"] not in (lab.public_rt, *lab.private_rts.values())
    assert routes(main) == {("10.0.0.0/16", "local", "active")}
    assert len(lab_ec2.describe_route_tables(Filters=filters(**{"vpc-id": lab.vpc}))["RouteTables"]) == 4


# "Security group rules" (Security group referencing), Amazon VPC User Guide; DescribeSecurityGroups /
# DescribeSecurityGroupRules
def test_lab_security_groups(lab, lab_ec2):
    groups = lab_ec2.describe_security_groups(Filters=filters(**{"vpc-id": lab.vpc}))["SecurityGroups"]
    assert sorted(g["GroupName"] for g in groups) == ["app-sg", "bastion-sg", "default"]
    [bastion] = [g for g in groups if g["GroupId"] == lab.bastion]
    [ssh] = bastion["IpPermissions"]
    assert (ssh["IpProtocol"], ssh["FromPort"], ssh["ToPort"]) == ("tcp", 22, 22)
    assert [r["CidrIp"] for r in ssh["IpRanges"]] == [OFFICE]
    [app] = [g for g in groups if g["GroupId"] == lab.app]
    [http] = app["IpPermissions"]
    assert (http["IpProtocol"], http["FromPort"], http["ToPort"]) == ("tcp", 80, 80) and not http.get("IpRanges")
    assert [p["GroupId"] for p in http["UserIdGroupPairs"]] == [lab.bastion]

    def group_ids(name, value):
        out = lab_ec2.describe_security_groups(Filters=filters(**{"vpc-id": lab.vpc, name: value}))
        return {g["GroupId"] for g in out["SecurityGroups"]}

    assert group_ids("ip-permission.group-id", lab.bastion) == {lab.app}
    assert group_ids("ip-permission.cidr", OFFICE) == {lab.bastion}
    assert group_ids("ip-permission.from-port", "80") == {lab.app}
    assert group_ids("tag:Name", "bastion-sg") == {lab.bastion}
    rules = lab_ec2.describe_security_group_rules(Filters=filters(**{"group-id": lab.app}))["SecurityGroupRules"]
    [inbound] = [r for r in rules if not r["IsEgress"]]
    assert inbound["ReferencedGroupInfo"]["GroupId"] == lab.bastion


# "Control traffic to subnets using network ACLs", Amazon VPC User Guide; DescribeNetworkAcls (filters
# association.subnet-id, default, entry.rule-number, vpc-id)
def test_lab_network_acl(lab, lab_ec2):
    for side in ("a", "b"):
        for kind, expected in (("private", lab.nacl), ("public", lab.default_nacl)):
            [acl] = lab_ec2.describe_network_acls(
                Filters=filters(**{"association.subnet-id": lab.subnets[f"{kind}-{side}"]}))["NetworkAcls"]
            assert acl["NetworkAclId"] == expected
    [custom] = lab_ec2.describe_network_acls(Filters=filters(**{"vpc-id": lab.vpc, "default": "false"}))["NetworkAcls"]
    assert custom["NetworkAclId"] == lab.nacl
    assert sorted(a["SubnetId"] for a in custom["Associations"]) == sorted(
        [lab.subnets["private-a"], lab.subnets["private-b"]])
    assert {(e["Egress"], e["RuleNumber"], e["Protocol"], e["RuleAction"], e["CidrBlock"]) for e in custom["Entries"]} == {
        (False, 100, "-1", "allow", "10.0.0.0/16"), (False, 110, "6", "allow", "0.0.0.0/0"),
        (True, 100, "-1", "allow", "0.0.0.0/0"),
        (False, 32767, "-1", "deny", "0.0.0.0/0"), (True, 32767, "-1", "deny", "0.0.0.0/0")}
    with_110 = lab_ec2.describe_network_acls(Filters=filters(**{"vpc-id": lab.vpc, "entry.rule-number": "110"}))["NetworkAcls"]
    assert [a["NetworkAclId"] for a in with_110] == [lab.nacl]


# ---------------------------------------------------------------------------------------------------------------
# Teardown: the wrong order first, then the right one
# ---------------------------------------------------------------------------------------------------------------

# "Delete your VPC", Amazon VPC User Guide; DeleteVpc, DetachInternetGateway ("The VPC must not contain any running
# instances with Elastic IP addresses or public IPv4 addresses"), DeleteInternetGateway, DeleteSubnet,
# DeleteSecurityGroup, DeleteNetworkAcl, DeleteRouteTable, DeleteNatGateway, ReleaseAddress, EC2 API Reference
def test_lab_teardown_order(nimbus):
    ec2 = nimbus.client("ec2", access_key=account_for(__name__ + "::teardown-lab"))
    lab = build_lab(ec2)

    # the wrong order: everything still has dependents
    assert fails(lambda: ec2.delete_vpc(VpcId=lab.vpc)) == "DependencyViolation"
    assert fails(lambda: ec2.delete_internet_gateway(InternetGatewayId=lab.igw)) == "DependencyViolation"
    assert fails(lambda: ec2.detach_internet_gateway(InternetGatewayId=lab.igw, VpcId=lab.vpc)) == "DependencyViolation"
    assert fails(lambda: ec2.delete_subnet(SubnetId=lab.subnets["public-a"])) == "DependencyViolation"
    assert fails(lambda: ec2.delete_security_group(GroupId=lab.bastion)) == "DependencyViolation"
    assert fails(lambda: ec2.delete_network_acl(NetworkAclId=lab.nacl)) == "DependencyViolation"
    assert fails(lambda: ec2.delete_route_table(RouteTableId=lab.public_rt)) == "DependencyViolation"

    # 1. NAT gateways; their routes turn into blackholes ("Route" State, EC2 API Reference)
    for nat_id in lab.nats.values():
        ec2.delete_nat_gateway(NatGatewayId=nat_id)
    ec2.get_waiter("nat_gateway_deleted").wait(NatGatewayIds=list(lab.nats.values()), WaiterConfig=FAST_WAIT)
    nat_route = {r["DestinationCidrBlock"]: r for r in table_for(ec2, lab.subnets["private-a"])["Routes"]}["0.0.0.0/0"]
    assert (nat_route["NatGatewayId"], nat_route["State"]) == (lab.nats["a"], "blackhole")
    # 2. Elastic IPs (DeleteNatGateway disassociates them but does not release them)
    for eip in lab.eips.values():
        assert "AssociationId" not in ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]
        ec2.release_address(AllocationId=eip["AllocationId"])
    # 3. security groups: the referencing one first
    ec2.delete_security_group(GroupId=lab.app)
    ec2.delete_security_group(GroupId=lab.bastion)
    # 4. the custom network ACL, once its subnets are back on the default one
    for side in ("a", "b"):
        move_subnet_acl(ec2, lab.subnets[f"private-{side}"], lab.default_nacl)
    ec2.delete_network_acl(NetworkAclId=lab.nacl)
    # 5. route tables, once disassociated
    for assoc in lab.rt_associations:
        ec2.disassociate_route_table(AssociationId=assoc)
    for rt in (lab.public_rt, *lab.private_rts.values()):
        ec2.delete_route_table(RouteTableId=rt)
    # 6. the internet gateway: detach, then delete
    ec2.detach_internet_gateway(InternetGatewayId=lab.igw, VpcId=lab.vpc)
    ec2.delete_internet_gateway(InternetGatewayId=lab.igw)
    # 7. subnets, then the VPC (its default security group, network ACL and main route table go with it)
    for subnet in lab.subnets.values():
        ec2.delete_subnet(SubnetId=subnet)
    ec2.delete_vpc(VpcId=lab.vpc)

    assert fails(lambda: ec2.describe_vpcs(VpcIds=[lab.vpc])) == "InvalidVpcID.NotFound"
    assert ec2.describe_subnets(Filters=filters(**{"vpc-id": lab.vpc}))["Subnets"] == []
    assert ec2.describe_security_groups(Filters=filters(**{"vpc-id": lab.vpc}))["SecurityGroups"] == []
    assert ec2.describe_network_acls(Filters=filters(**{"vpc-id": lab.vpc}))["NetworkAcls"] == []
    assert ec2.describe_route_tables(Filters=filters(**{"vpc-id": lab.vpc}))["RouteTables"] == []
    assert ec2.describe_addresses()["Addresses"] == []
    assert fails(lambda: ec2.describe_internet_gateways(InternetGatewayIds=[lab.igw])) == "InvalidInternetGatewayID.NotFound"


# ---------------------------------------------------------------------------------------------------------------
# The same lab with the AWS CLI
# ---------------------------------------------------------------------------------------------------------------

class Cli:
    def __init__(self, nimbus, account: str):
        self.nimbus, self.env = nimbus, {"AWS_ACCESS_KEY_ID": account}

    def __call__(self, *args: str):
        return self.nimbus.cli_json("ec2", *args, env_extra=self.env)

    def error(self, *args: str) -> str:
        rc, out, err = self.nimbus.cli("ec2", *args, check=False, env_extra=self.env)
        assert rc != 0, f"`aws ec2 {' '.join(args)}` succeeded: {out}"
        found = re.search(r"An error occurred \(([^)]+)\)", err)
        assert found, err
        return found.group(1)


def cli_tags(resource_type: str, name: str) -> str:
    return f"ResourceType={resource_type},Tags=[{{Key=Name,Value={name}}}]"


# The lab again, with the AWS CLI (aws ec2 ...): "VPC with servers in private subnets and NAT", Amazon VPC User Guide;
# AWS CLI Command Reference (create-vpc, create-nat-gateway, wait nat-gateway-available, create-network-acl-entry, ...)
def test_lab_with_the_cli(nimbus):
    aws = Cli(nimbus, account_for(__name__ + "::cli-lab"))
    azs = sorted(aws("describe-availability-zones", "--filters", "Name=zone-type,Values=availability-zone",
                     "--query", "AvailabilityZones[?State=='available'].ZoneName"))[:2]
    vpc = aws("create-vpc", "--cidr-block", "10.0.0.0/16", "--tag-specifications", cli_tags("vpc", "cli-lab"),
              "--query", "Vpc.VpcId")
    subnets = {}
    for name, (cidr, az, public) in LAYOUT.items():
        subnets[name] = aws("create-subnet", "--vpc-id", vpc, "--cidr-block", cidr, "--availability-zone", azs[az],
                            "--tag-specifications", cli_tags("subnet", name), "--query", "Subnet.SubnetId")
        if public:
            aws("modify-subnet-attribute", "--subnet-id", subnets[name], "--map-public-ip-on-launch")
    igw = aws("create-internet-gateway", "--query", "InternetGateway.InternetGatewayId")
    aws("attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
    eips, nats = {}, {}
    for side in ("a", "b"):
        eips[side] = aws("allocate-address", "--domain", "vpc")
        nats[side] = aws("create-nat-gateway", "--subnet-id", subnets[f"public-{side}"],
                         "--allocation-id", eips[side]["AllocationId"], "--tag-specifications",
                         cli_tags("natgateway", f"cli-nat-{side}"), "--query", "NatGateway.NatGatewayId")
    aws("wait", "nat-gateway-available", "--nat-gateway-ids", *nats.values())

    public_rt = aws("create-route-table", "--vpc-id", vpc, "--query", "RouteTable.RouteTableId")
    aws("create-route", "--route-table-id", public_rt, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw)
    associations, private_rts = [], {}
    for side in ("a", "b"):
        associations.append(aws("associate-route-table", "--route-table-id", public_rt,
                                "--subnet-id", subnets[f"public-{side}"], "--query", "AssociationId"))
        private_rts[side] = aws("create-route-table", "--vpc-id", vpc, "--query", "RouteTable.RouteTableId")
        aws("create-route", "--route-table-id", private_rts[side], "--destination-cidr-block", "0.0.0.0/0",
            "--nat-gateway-id", nats[side])
        associations.append(aws("associate-route-table", "--route-table-id", private_rts[side],
                                "--subnet-id", subnets[f"private-{side}"], "--query", "AssociationId"))

    bastion = aws("create-security-group", "--group-name", "bastion-sg", "--description", "SSH from the office",
                  "--vpc-id", vpc, "--query", "GroupId")
    aws("authorize-security-group-ingress", "--group-id", bastion, "--protocol", "tcp", "--port", "22", "--cidr", OFFICE)
    app = aws("create-security-group", "--group-name", "app-sg", "--description", "HTTP from the bastion",
              "--vpc-id", vpc, "--query", "GroupId")
    aws("authorize-security-group-ingress", "--group-id", app, "--protocol", "tcp", "--port", "80",
        "--source-group", bastion)

    default_nacl = aws("describe-network-acls", "--filters", f"Name=vpc-id,Values={vpc}", "Name=default,Values=true",
                       "--query", "NetworkAcls[0].NetworkAclId")
    nacl = aws("create-network-acl", "--vpc-id", vpc, "--query", "NetworkAcl.NetworkAclId")
    aws("create-network-acl-entry", "--network-acl-id", nacl, "--ingress", "--rule-number", "100",
        "--protocol=-1", "--cidr-block", "10.0.0.0/16", "--rule-action", "allow")
    aws("create-network-acl-entry", "--network-acl-id", nacl, "--ingress", "--rule-number", "110", "--protocol", "6",
        "--port-range", "From=1024,To=65535", "--cidr-block", "0.0.0.0/0", "--rule-action", "allow")
    aws("create-network-acl-entry", "--network-acl-id", nacl, "--egress", "--rule-number", "100",
        "--protocol=-1", "--cidr-block", "0.0.0.0/0", "--rule-action", "allow")

    def acl_association(subnet):
        return aws("describe-network-acls", "--filters", f"Name=association.subnet-id,Values={subnet}", "--query",
                   f"NetworkAcls[0].Associations[?SubnetId=='{subnet}'].NetworkAclAssociationId | [0]")

    for side in ("a", "b"):
        aws("replace-network-acl-association", "--association-id", acl_association(subnets[f"private-{side}"]),
            "--network-acl-id", nacl)

    # --- verify with describe calls and filters
    assert aws("describe-vpcs", "--filters", "Name=tag:Name,Values=cli-lab", "--query", "Vpcs[].CidrBlock") == ["10.0.0.0/16"]
    assert sorted(aws("describe-subnets", "--filters", f"Name=vpc-id,Values={vpc}", f"Name=availability-zone,Values={azs[1]}",
                      "--query", "Subnets[].CidrBlock")) == ["10.0.1.0/24", "10.0.4.0/23"]
    assert aws("describe-internet-gateways", "--filters", f"Name=attachment.vpc-id,Values={vpc}",
               "--query", "InternetGateways[].InternetGatewayId") == [igw]
    assert sorted(aws("describe-nat-gateways", "--filter", f"Name=vpc-id,Values={vpc}", "Name=state,Values=available",
                      "--query", "NatGateways[].NatGatewayId")) == sorted(nats.values())
    assert aws("describe-nat-gateways", "--filter", "Name=tag:Name,Values=cli-nat-b",
               "--query", "NatGateways[0].NatGatewayAddresses[0].PublicIp") == eips["b"]["PublicIp"]
    assert aws("describe-route-tables", "--filters", f"Name=route.nat-gateway-id,Values={nats['a']}",
               "--query", "RouteTables[].RouteTableId") == [private_rts["a"]]
    assert aws("describe-route-tables", "--filters", f"Name=association.subnet-id,Values={subnets['public-b']}",
               "--query", "RouteTables[].RouteTableId") == [public_rt]
    assert aws("describe-security-groups", "--filters", f"Name=vpc-id,Values={vpc}",
               f"Name=ip-permission.group-id,Values={bastion}", "--query", "SecurityGroups[].GroupName") == ["app-sg"]
    assert aws("describe-security-groups", "--group-ids", app,
               "--query", "SecurityGroups[0].IpPermissions[0].UserIdGroupPairs[0].GroupId") == bastion
    assert aws("describe-network-acls", "--filters", f"Name=association.subnet-id,Values={subnets['private-b']}",
               "--query", "NetworkAcls[].NetworkAclId") == [nacl]
    assert aws("describe-network-acls", "--filters", f"Name=vpc-id,Values={vpc}", "Name=entry.rule-number,Values=110",
               "--query", "NetworkAcls[].NetworkAclId") == [nacl]
    assert aws("describe-addresses", "--filters", "Name=domain,Values=vpc",
               "--query", "length(Addresses[?AssociationId])") == 2

    # --- teardown: the wrong order is refused ...
    assert aws.error("delete-vpc", "--vpc-id", vpc) == "DependencyViolation"
    assert aws.error("detach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc) == "DependencyViolation"
    assert aws.error("delete-security-group", "--group-id", bastion) == "DependencyViolation"
    assert aws.error("delete-network-acl", "--network-acl-id", nacl) == "DependencyViolation"
    # ... the right order works
    for nat_id in nats.values():
        aws("delete-nat-gateway", "--nat-gateway-id", nat_id)
    aws("wait", "nat-gateway-deleted", "--nat-gateway-ids", *nats.values())
    for eip in eips.values():
        aws("release-address", "--allocation-id", eip["AllocationId"])
    aws("delete-security-group", "--group-id", app)
    aws("delete-security-group", "--group-id", bastion)
    for side in ("a", "b"):
        aws("replace-network-acl-association", "--association-id", acl_association(subnets[f"private-{side}"]),
            "--network-acl-id", default_nacl)
    aws("delete-network-acl", "--network-acl-id", nacl)
    for assoc in associations:
        aws("disassociate-route-table", "--association-id", assoc)
    for rt in (public_rt, *private_rts.values()):
        aws("delete-route-table", "--route-table-id", rt)
    aws("detach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc)
    aws("delete-internet-gateway", "--internet-gateway-id", igw)
    for subnet in subnets.values():
        aws("delete-subnet", "--subnet-id", subnet)
    aws("delete-vpc", "--vpc-id", vpc)
    assert aws.error("describe-vpcs", "--vpc-ids", vpc) == "InvalidVpcID.NotFound"
    assert aws("describe-addresses", "--query", "Addresses") == []
