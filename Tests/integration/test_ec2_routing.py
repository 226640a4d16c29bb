"""EC2 networking: internet gateways, egress-only internet gateways, route tables, DHCP options sets, VPC peering,
and the Describe calls of VPC endpoints, managed prefix lists and flow logs, with AWS's rules (Amazon VPC User
Guide: "Configure route tables", "Internet gateways", "Egress-only internet gateways", "DHCP option sets";
Amazon VPC Peering Guide; EC2 API Reference: each action's page and "Error codes for the Amazon EC2 API").

Every test works in an account of its own (a 12-digit access key names its account), so nothing collides
between tests, whatever else the shared server holds."""
import pytest

from ec2support import (REGION, account_for, al2023, fails, filters, main_route_table, new_igw, new_subnet, new_vpc, only,
                        run_instance, vpc, wait_instances)
from ec2support import ec2  # noqa: F401  (a fixture: an EC2 client for `account`)

ACCOUNT_SALT = "ec2-routing:"  # this file's accounts: account_for(ACCOUNT_SALT + the test's name)


@pytest.fixture
def account(request):
    return account_for(ACCOUNT_SALT + request.node.name)


def new_eni(ec2, subnet_id):
    return ec2.create_network_interface(SubnetId=subnet_id)["NetworkInterface"]["NetworkInterfaceId"]


def new_table(ec2, vpc_id):
    return ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]


def table(ec2, table_id):
    return only(ec2.describe_route_tables(RouteTableIds=[table_id])["RouteTables"])


def routes(ec2, table_id) -> dict:
    """Destination (IPv4 or IPv6 CIDR) -> route."""
    return {r.get("DestinationCidrBlock") or r.get("DestinationIpv6CidrBlock"): r for r in table(ec2, table_id)["Routes"]}


def igw(ec2, igw_id):
    return only(ec2.describe_internet_gateways(InternetGatewayIds=[igw_id])["InternetGateways"])


def peering(ec2, pcx_id):
    return only(ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx_id])["VpcPeeringConnections"])


# ---------------------------------------------------------------------------------------------
# Internet gateways
# ---------------------------------------------------------------------------------------------

# CreateInternetGateway / InternetGateway, EC2 API Reference
def test_create_internet_gateway(ec2, account):
    created = ec2.create_internet_gateway()["InternetGateway"]
    assert created["InternetGatewayId"].startswith("igw-")
    assert created.get("Attachments", []) == []
    found = igw(ec2, created["InternetGatewayId"])
    assert found["OwnerId"] == account and found.get("Attachments", []) == []


# "Internet gateways" > "Attach an internet gateway to your VPC" / "Detach", Amazon VPC User Guide;
# InternetGatewayAttachment ("the state is available when attached to a VPC"), EC2 API Reference
def test_attach_and_detach_internet_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.1.0.0/16")
    igw_id = new_igw(ec2)
    ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    assert igw(ec2, igw_id)["Attachments"] == [{"State": "available", "VpcId": vpc_id}]
    ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    assert igw(ec2, igw_id).get("Attachments", []) == []


# "Error codes for the Amazon EC2 API": Resource.AlreadyAssociated ("You also cannot attach an internet gateway to
# more than one VPC at a time")
def test_attach_internet_gateway_already_attached_elsewhere(ec2):
    first, second = new_vpc(ec2, "10.2.0.0/16"), new_vpc(ec2, "10.3.0.0/16")
    igw_id = new_igw(ec2, first)
    assert fails(ec2.attach_internet_gateway, InternetGatewayId=igw_id, VpcId=second) == "Resource.AlreadyAssociated"
    assert igw(ec2, igw_id)["Attachments"] == [{"State": "available", "VpcId": first}]


# "Internet gateways": one internet gateway per VPC, Amazon VPC User Guide
# UNSURE: the brief expected Resource.AlreadyAssociated, but every captured AWS answer (Terraform and CloudFormation
# logs) is InvalidParameterValue "Network vpc-… already has an internet gateway attached"; we assert AWS's answer.
def test_attach_second_internet_gateway_to_vpc(ec2):
    vpc_id = new_vpc(ec2, "10.4.0.0/16")
    new_igw(ec2, vpc_id)
    second = new_igw(ec2)
    assert fails(ec2.attach_internet_gateway, InternetGatewayId=second, VpcId=vpc_id) == "InvalidParameterValue"
    assert igw(ec2, second).get("Attachments", []) == []


# DeleteInternetGateway: "You must detach the internet gateway from the VPC before you can delete it",
# EC2 API Reference; "Error codes for the Amazon EC2 API": DependencyViolation
def test_delete_attached_internet_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.5.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    assert fails(ec2.delete_internet_gateway, InternetGatewayId=igw_id) == "DependencyViolation"
    ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    ec2.delete_internet_gateway(InternetGatewayId=igw_id)
    assert fails(ec2.describe_internet_gateways, InternetGatewayIds=[igw_id]) == "InvalidInternetGatewayID.NotFound"


# "Error codes for the Amazon EC2 API": Gateway.NotAttached ("If you are trying to detach an internet gateway, ensure
# that you specify the correct VPC")
def test_detach_internet_gateway_from_wrong_vpc(ec2):
    attached, other = new_vpc(ec2, "10.6.0.0/16"), new_vpc(ec2, "10.7.0.0/16")
    igw_id = new_igw(ec2, attached)
    assert fails(ec2.detach_internet_gateway, InternetGatewayId=igw_id, VpcId=other) == "Gateway.NotAttached"
    assert igw(ec2, igw_id)["Attachments"] == [{"State": "available", "VpcId": attached}]


# "Error codes for the Amazon EC2 API": Gateway.NotAttached ("An internet gateway is not attached to a VPC")
def test_detach_unattached_internet_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.8.0.0/16")
    igw_id = new_igw(ec2)
    assert fails(ec2.detach_internet_gateway, InternetGatewayId=igw_id, VpcId=vpc_id) == "Gateway.NotAttached"


# "Error codes for the Amazon EC2 API": InvalidInternetGatewayID.NotFound
def test_unknown_internet_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.9.0.0/16")
    unknown = "igw-0123456789abcdef0"
    assert fails(ec2.describe_internet_gateways, InternetGatewayIds=[unknown]) == "InvalidInternetGatewayID.NotFound"
    assert fails(ec2.attach_internet_gateway, InternetGatewayId=unknown, VpcId=vpc_id) == "InvalidInternetGatewayID.NotFound"
    assert fails(ec2.delete_internet_gateway, InternetGatewayId=unknown) == "InvalidInternetGatewayID.NotFound"


# "Error codes for the Amazon EC2 API": InvalidInternetGatewayId.Malformed (note the casing: "Id", not "ID")
# UNSURE: "igw-zzzzzzzz" is malformed by the documented form igw-xxxxxxxxxxxxxxxxx only; no captured AWS answer.
@pytest.mark.parametrize("igw_id", ["foo", "igw-zzzzzzzz"])
def test_malformed_internet_gateway_id(ec2, igw_id):
    assert fails(ec2.describe_internet_gateways, InternetGatewayIds=[igw_id]) == "InvalidInternetGatewayId.Malformed"


# AttachInternetGateway to a VPC that does not exist, EC2 API Reference; "Error codes": InvalidVpcID.NotFound
def test_attach_internet_gateway_to_unknown_vpc(ec2):
    igw_id = new_igw(ec2)
    assert fails(ec2.attach_internet_gateway, InternetGatewayId=igw_id, VpcId="vpc-0123456789abcdef0") == "InvalidVpcID.NotFound"


# DescribeInternetGateways filters (attachment.vpc-id, attachment.state, internet-gateway-id, tag), EC2 API Reference
def test_describe_internet_gateways_filters(ec2):
    vpc_id = new_vpc(ec2, "10.10.0.0/16")
    attached = new_igw(ec2, vpc_id)
    loose = ec2.create_internet_gateway(TagSpecifications=[{"ResourceType": "internet-gateway",
                                                            "Tags": [{"Key": "Name", "Value": "spare"}]}])["InternetGateway"]["InternetGatewayId"]
    ids = lambda **named: {g["InternetGatewayId"] for g in ec2.describe_internet_gateways(Filters=filters(**named))["InternetGateways"]}  # noqa: E731
    assert ids(**{"attachment.vpc-id": vpc_id}) == {attached}
    assert attached in ids(**{"attachment.state": "available"}) and loose not in ids(**{"attachment.state": "available"})
    assert ids(**{"internet-gateway-id": loose}) == {loose}
    assert ids(**{"tag:Name": "spare"}) == {loose}


# ---------------------------------------------------------------------------------------------
# Egress-only internet gateways
# ---------------------------------------------------------------------------------------------

# "Egress-only internet gateways", Amazon VPC User Guide; CreateEgressOnlyInternetGateway /
# DescribeEgressOnlyInternetGateways / DeleteEgressOnlyInternetGateway, EC2 API Reference
def test_egress_only_internet_gateway_lifecycle(ec2):
    vpc_id = new_vpc(ec2, "10.11.0.0/16", AmazonProvidedIpv6CidrBlock=True)
    created = ec2.create_egress_only_internet_gateway(VpcId=vpc_id)["EgressOnlyInternetGateway"]
    eigw_id = created["EgressOnlyInternetGatewayId"]
    assert eigw_id.startswith("eigw-")
    assert created["Attachments"] == [{"State": "attached", "VpcId": vpc_id}]
    found = only(ec2.describe_egress_only_internet_gateways(EgressOnlyInternetGatewayIds=[eigw_id])["EgressOnlyInternetGateways"])
    assert found["Attachments"] == [{"State": "attached", "VpcId": vpc_id}]
    assert ec2.delete_egress_only_internet_gateway(EgressOnlyInternetGatewayId=eigw_id)["ReturnCode"] is True
    remaining = ec2.describe_egress_only_internet_gateways()["EgressOnlyInternetGateways"]
    assert eigw_id not in {g["EgressOnlyInternetGatewayId"] for g in remaining}


# "Error codes for the Amazon EC2 API": InvalidEgressOnlyInternetGatewayId.NotFound
def test_delete_unknown_egress_only_internet_gateway(ec2):
    code = fails(ec2.delete_egress_only_internet_gateway, EgressOnlyInternetGatewayId="eigw-0123456789abcdef0")
    assert code == "InvalidEgressOnlyInternetGatewayId.NotFound"


# CreateEgressOnlyInternetGateway VpcId, EC2 API Reference; "Error codes": InvalidVpcID.NotFound
def test_egress_only_internet_gateway_for_unknown_vpc(ec2):
    assert fails(ec2.create_egress_only_internet_gateway, VpcId="vpc-0123456789abcdef0") == "InvalidVpcID.NotFound"


# ---------------------------------------------------------------------------------------------
# Route tables: routes
# ---------------------------------------------------------------------------------------------

# "Configure route tables" > "Custom route tables" (every table has the local route), Amazon VPC User Guide;
# CreateRouteTable, EC2 API Reference
def test_custom_route_table_has_the_local_route(ec2, account):
    vpc_id = new_vpc(ec2, "10.20.0.0/16")
    created = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]
    assert created["RouteTableId"].startswith("rtb-") and created["VpcId"] == vpc_id
    found = table(ec2, created["RouteTableId"])
    assert found["OwnerId"] == account and found.get("Associations", []) == []
    local = only(found["Routes"])
    assert (local["DestinationCidrBlock"], local["GatewayId"], local["State"], local["Origin"]) == (
        "10.20.0.0/16", "local", "active", "CreateRouteTable")


# "Configure route tables" > "Routes" (a local route for each IPv4 and the IPv6 block), Amazon VPC User Guide
def test_route_table_local_routes_of_a_dual_stack_vpc(ec2):
    vpc_id = new_vpc(ec2, "10.21.0.0/16", AmazonProvidedIpv6CidrBlock=True)
    v6 = only(vpc(ec2, vpc_id)["Ipv6CidrBlockAssociationSet"])["Ipv6CidrBlock"]
    found = routes(ec2, new_table(ec2, vpc_id))
    assert set(found) == {"10.21.0.0/16", v6}
    assert all(r["GatewayId"] == "local" for r in found.values())


# "Configure route tables" > "Routes" (0.0.0.0/0 to the internet gateway), Amazon VPC User Guide; CreateRoute,
# EC2 API Reference
def test_route_to_internet_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.22.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    rtb = new_table(ec2, vpc_id)
    assert ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)["Return"] is True
    route = routes(ec2, rtb)["0.0.0.0/0"]
    assert (route["GatewayId"], route["State"], route["Origin"]) == (igw_id, "active", "CreateRoute")


# "Egress-only internet gateways" (route ::/0 to the egress-only internet gateway), Amazon VPC User Guide
def test_route_to_egress_only_internet_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.23.0.0/16", AmazonProvidedIpv6CidrBlock=True)
    eigw_id = ec2.create_egress_only_internet_gateway(VpcId=vpc_id)["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"]
    rtb = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=eigw_id)
    route = routes(ec2, rtb)["::/0"]
    assert route["EgressOnlyInternetGatewayId"] == eigw_id and route["State"] == "active"


# "NAT gateways" > route to the NAT gateway, Amazon VPC User Guide; CreateNatGateway ConnectivityType private and
# CreateRoute NatGatewayId, EC2 API Reference
def test_route_to_nat_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.24.0.0/16")
    subnet_id = new_subnet(ec2, vpc_id, "10.24.1.0/24")
    nat = ec2.create_nat_gateway(SubnetId=subnet_id, ConnectivityType="private")["NatGateway"]
    assert nat["NatGatewayId"].startswith("nat-") and nat["SubnetId"] == subnet_id and nat["VpcId"] == vpc_id
    rtb = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat["NatGatewayId"])
    assert routes(ec2, rtb)["0.0.0.0/0"]["NatGatewayId"] == nat["NatGatewayId"]


# "Example routing options" > "Routing for a middlebox appliance" (route to a network interface), Amazon VPC User
# Guide; CreateRoute NetworkInterfaceId, EC2 API Reference
def test_route_to_network_interface(ec2):
    vpc_id = new_vpc(ec2, "10.25.0.0/16")
    eni_id = new_eni(ec2, new_subnet(ec2, vpc_id, "10.25.1.0/24"))
    rtb = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="192.168.0.0/16", NetworkInterfaceId=eni_id)
    assert routes(ec2, rtb)["192.168.0.0/16"]["NetworkInterfaceId"] == eni_id


# "Update your route tables for a VPC peering connection", Amazon VPC Peering Guide; CreateRoute VpcPeeringConnectionId
def test_route_to_vpc_peering_connection(ec2):
    a, b = new_vpc(ec2, "10.26.0.0/16"), new_vpc(ec2, "10.27.0.0/16")
    pcx = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    ec2.create_route(RouteTableId=main_route_table(ec2, a)["RouteTableId"], DestinationCidrBlock="10.27.0.0/16", VpcPeeringConnectionId=pcx)
    assert routes(ec2, main_route_table(ec2, a)["RouteTableId"])["10.27.0.0/16"]["VpcPeeringConnectionId"] == pcx


# "Error codes for the Amazon EC2 API": RouteAlreadyExists ("A route for the specified CIDR block already exists in
# this route table")
def test_duplicate_route_destination(ec2):
    vpc_id = new_vpc(ec2, "10.28.0.0/16")
    first, second = new_igw(ec2, vpc_id), new_eni(ec2, new_subnet(ec2, vpc_id, "10.28.1.0/24"))
    rtb = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=first)
    assert fails(ec2.create_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NetworkInterfaceId=second) == "RouteAlreadyExists"
    assert routes(ec2, rtb)["0.0.0.0/0"]["GatewayId"] == first


# "Error codes for the Amazon EC2 API": RouteAlreadyExists, for the local route's own destination
# UNSURE: AWS documents RouteAlreadyExists for any destination already in the table; we found no captured answer
# for the local route's destination specifically.
def test_route_with_the_local_destination(ec2):
    vpc_id = new_vpc(ec2, "10.29.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    rtb = new_table(ec2, vpc_id)
    assert fails(ec2.create_route, RouteTableId=rtb, DestinationCidrBlock="10.29.0.0/16", GatewayId=igw_id) == "RouteAlreadyExists"


# DeleteRoute, EC2 API Reference; "Error codes for the Amazon EC2 API": InvalidRoute.NotFound
def test_delete_route(ec2):
    vpc_id = new_vpc(ec2, "10.30.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    rtb = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
    ec2.delete_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0")
    assert set(routes(ec2, rtb)) == {"10.30.0.0/16"}
    assert fails(ec2.delete_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0") == "InvalidRoute.NotFound"
    assert fails(ec2.delete_route, RouteTableId=rtb, DestinationCidrBlock="172.16.0.0/12") == "InvalidRoute.NotFound"


# "Configure route tables" > "Routes": the local route cannot be removed (its target can be replaced), Amazon VPC
# User Guide; AWS answers InvalidParameterValue "cannot remove local route 10.31.0.0/16 in route table rtb-…"
def test_delete_local_route(ec2):
    vpc_id = new_vpc(ec2, "10.31.0.0/16")
    rtb = main_route_table(ec2, vpc_id)["RouteTableId"]
    assert fails(ec2.delete_route, RouteTableId=rtb, DestinationCidrBlock="10.31.0.0/16") == "InvalidParameterValue"
    assert routes(ec2, rtb)["10.31.0.0/16"]["GatewayId"] == "local"


# ReplaceRoute, EC2 API Reference
def test_replace_route(ec2):
    vpc_id = new_vpc(ec2, "10.32.0.0/16")
    subnet_id = new_subnet(ec2, vpc_id, "10.32.1.0/24")
    igw_id, eni_id = new_igw(ec2, vpc_id), new_eni(ec2, subnet_id)
    rtb = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
    ec2.replace_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NetworkInterfaceId=eni_id)
    route = routes(ec2, rtb)["0.0.0.0/0"]
    assert route["NetworkInterfaceId"] == eni_id and "GatewayId" not in route


# ReplaceRoute of a destination the table lacks; AWS answers InvalidParameterValue "There is no route defined for
# '0.0.0.0/0' in the route table. Use CreateRoute instead." (captured responses; the API page lists no code)
def test_replace_missing_route(ec2):
    vpc_id = new_vpc(ec2, "10.33.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    rtb = new_table(ec2, vpc_id)
    assert fails(ec2.replace_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id) == "InvalidParameterValue"


# "Replace or restore the target for a local route" (targets: a network interface, Gateway Load Balancer endpoint),
# Amazon VPC User Guide
# UNSURE: the guide lists the allowed targets but no code for a disallowed one (an internet gateway); we expect
# InvalidParameterValue, as for the other local-route refusals.
def test_replace_local_route_with_internet_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.34.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    rtb = new_table(ec2, vpc_id)
    assert fails(ec2.replace_route, RouteTableId=rtb, DestinationCidrBlock="10.34.0.0/16", GatewayId=igw_id) == "InvalidParameterValue"
    assert routes(ec2, rtb)["10.34.0.0/16"]["GatewayId"] == "local"


# "Replace or restore the target for a local route", Amazon VPC User Guide; ReplaceRoute LocalTarget ("reset the
# local route to its default target (local)"), EC2 API Reference
def test_replace_and_restore_local_route_target(ec2):
    vpc_id = new_vpc(ec2, "10.35.0.0/16")
    eni_id = new_eni(ec2, new_subnet(ec2, vpc_id, "10.35.1.0/24"))
    rtb = new_table(ec2, vpc_id)
    ec2.replace_route(RouteTableId=rtb, DestinationCidrBlock="10.35.0.0/16", NetworkInterfaceId=eni_id)
    assert routes(ec2, rtb)["10.35.0.0/16"]["NetworkInterfaceId"] == eni_id
    ec2.replace_route(RouteTableId=rtb, DestinationCidrBlock="10.35.0.0/16", LocalTarget=True)
    restored = routes(ec2, rtb)["10.35.0.0/16"]
    assert restored["GatewayId"] == "local" and "NetworkInterfaceId" not in restored


# Route ("The blackhole state indicates that the route's target isn't available (for example, the specified gateway
# isn't attached to the VPC …)"), EC2 API Reference
def test_route_becomes_blackhole_when_gateway_detached_and_deleted(ec2):
    vpc_id = new_vpc(ec2, "10.36.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    rtb = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
    ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    assert routes(ec2, rtb)["0.0.0.0/0"]["State"] == "blackhole"
    blackholed = ec2.describe_route_tables(Filters=filters(**{"route.state": "blackhole", "vpc-id": vpc_id}))["RouteTables"]
    assert [t["RouteTableId"] for t in blackholed] == [rtb]
    ec2.delete_internet_gateway(InternetGatewayId=igw_id)
    route = routes(ec2, rtb)["0.0.0.0/0"]
    assert route["State"] == "blackhole" and route["GatewayId"] == igw_id


# Route (blackhole: "the route's target isn't available"), for a deleted NAT gateway, EC2 API Reference
def test_route_becomes_blackhole_when_nat_gateway_deleted(ec2):
    vpc_id = new_vpc(ec2, "10.37.0.0/16")
    nat_id = ec2.create_nat_gateway(SubnetId=new_subnet(ec2, vpc_id, "10.37.1.0/24"), ConnectivityType="private")["NatGateway"]["NatGatewayId"]
    rtb = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat_id)
    ec2.delete_nat_gateway(NatGatewayId=nat_id)
    assert routes(ec2, rtb)["0.0.0.0/0"]["State"] == "blackhole"


# CreateRoute with a gateway that is attached to another VPC, EC2 API Reference
# UNSURE: AWS answers InvalidParameterValue ("route table rtb-… and network gateway igw-… belong to different
# networks") in the responses we know of; the API page names no code.
def test_route_to_gateway_of_another_vpc(ec2):
    mine, other = new_vpc(ec2, "10.38.0.0/16"), new_vpc(ec2, "10.39.0.0/16")
    igw_id = new_igw(ec2, other)
    rtb = new_table(ec2, mine)
    assert fails(ec2.create_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id) == "InvalidParameterValue"


# "Error codes for the Amazon EC2 API": InvalidGatewayID.NotFound ("The specified gateway does not exist")
# UNSURE: InvalidInternetGatewayID.NotFound is also listed; for CreateRoute's GatewayId we expect the generic code.
def test_route_to_unknown_gateway(ec2):
    vpc_id = new_vpc(ec2, "10.40.0.0/16")
    rtb = new_table(ec2, vpc_id)
    code = fails(ec2.create_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId="igw-0123456789abcdef0")
    assert code == "InvalidGatewayID.NotFound"


# CreateRoute with a destination that is not a CIDR, EC2 API Reference; "Error codes": InvalidParameterValue
def test_route_with_malformed_destination(ec2):
    vpc_id = new_vpc(ec2, "10.41.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    rtb = new_table(ec2, vpc_id)
    assert fails(ec2.create_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/33", GatewayId=igw_id) == "InvalidParameterValue"


# ---------------------------------------------------------------------------------------------
# Route tables: associations
# ---------------------------------------------------------------------------------------------

# "Subnet route tables" > "Subnet route table association", Amazon VPC User Guide; AssociateRouteTable,
# EC2 API Reference
def test_associate_route_table_with_subnet(ec2):
    vpc_id = new_vpc(ec2, "10.50.0.0/16")
    subnet_id = new_subnet(ec2, vpc_id, "10.50.1.0/24")
    rtb = new_table(ec2, vpc_id)
    answer = ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet_id)
    assert answer["AssociationId"].startswith("rtbassoc-")
    assert answer["AssociationState"]["State"] in ("associating", "associated")
    assoc = only(table(ec2, rtb)["Associations"])
    assert assoc["SubnetId"] == subnet_id and assoc["Main"] is False
    assert assoc["RouteTableAssociationId"] == answer["AssociationId"]
    assert assoc["AssociationState"]["State"] == "associated"
    found = ec2.describe_route_tables(Filters=filters(**{"association.subnet-id": subnet_id}))["RouteTables"]
    assert [t["RouteTableId"] for t in found] == [rtb]


# "Subnet route tables": "A subnet can only be associated with one route table at a time", Amazon VPC User Guide;
# "Error codes for the Amazon EC2 API": Resource.AlreadyAssociated
def test_associate_subnet_already_associated(ec2):
    vpc_id = new_vpc(ec2, "10.51.0.0/16")
    subnet_id = new_subnet(ec2, vpc_id, "10.51.1.0/24")
    first, second = new_table(ec2, vpc_id), new_table(ec2, vpc_id)
    ec2.associate_route_table(RouteTableId=first, SubnetId=subnet_id)
    assert fails(ec2.associate_route_table, RouteTableId=second, SubnetId=subnet_id) == "Resource.AlreadyAssociated"
    assert table(ec2, second).get("Associations", []) == []


# AssociateRouteTable: "The route table and subnet must be in the same VPC", EC2 API Reference
# UNSURE: no code is documented; AWS answers InvalidParameterValue ("… belong to different networks") as far as we know.
def test_associate_route_table_with_subnet_of_another_vpc(ec2):
    mine, other = new_vpc(ec2, "10.52.0.0/16"), new_vpc(ec2, "10.53.0.0/16")
    subnet_id = new_subnet(ec2, other, "10.53.1.0/24")
    assert fails(ec2.associate_route_table, RouteTableId=new_table(ec2, mine), SubnetId=subnet_id) == "InvalidParameterValue"


# ReplaceRouteTableAssociation ("Changes the route table associated with a given subnet"), EC2 API Reference
def test_replace_route_table_association(ec2):
    vpc_id = new_vpc(ec2, "10.54.0.0/16")
    subnet_id = new_subnet(ec2, vpc_id, "10.54.1.0/24")
    first, second = new_table(ec2, vpc_id), new_table(ec2, vpc_id)
    assoc_id = ec2.associate_route_table(RouteTableId=first, SubnetId=subnet_id)["AssociationId"]
    new_assoc = ec2.replace_route_table_association(AssociationId=assoc_id, RouteTableId=second)["NewAssociationId"]
    assert new_assoc.startswith("rtbassoc-") and new_assoc != assoc_id
    assert table(ec2, first).get("Associations", []) == []
    assoc = only(table(ec2, second)["Associations"])
    assert (assoc["SubnetId"], assoc["RouteTableAssociationId"]) == (subnet_id, new_assoc)


# DisassociateRouteTable ("the subnet … uses the routes in the VPC's main route table"), EC2 API Reference
def test_disassociate_route_table(ec2):
    vpc_id = new_vpc(ec2, "10.55.0.0/16")
    subnet_id = new_subnet(ec2, vpc_id, "10.55.1.0/24")
    rtb = new_table(ec2, vpc_id)
    assoc_id = ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet_id)["AssociationId"]
    ec2.disassociate_route_table(AssociationId=assoc_id)
    assert table(ec2, rtb).get("Associations", []) == []
    assert ec2.describe_route_tables(Filters=filters(**{"association.subnet-id": subnet_id}))["RouteTables"] == []
    assert fails(ec2.disassociate_route_table, AssociationId=assoc_id) == "InvalidAssociationID.NotFound"
    ec2.delete_route_table(RouteTableId=rtb)


# "Work with route tables" > "Replace the main route table", Amazon VPC User Guide; ReplaceRouteTableAssociation
# ("You can also use this action to change which table is the main route table in the VPC"), EC2 API Reference
def test_replace_main_route_table(ec2):
    vpc_id = new_vpc(ec2, "10.56.0.0/16")
    old_main = main_route_table(ec2, vpc_id)
    main_assoc = only(old_main["Associations"])["RouteTableAssociationId"]
    custom = new_table(ec2, vpc_id)
    new_assoc = ec2.replace_route_table_association(AssociationId=main_assoc, RouteTableId=custom)["NewAssociationId"]
    now = main_route_table(ec2, vpc_id)
    assert now["RouteTableId"] == custom
    assoc = only(now["Associations"])
    assert assoc["Main"] is True and assoc["RouteTableAssociationId"] == new_assoc
    assert table(ec2, old_main["RouteTableId"]).get("Associations", []) == []
    ec2.delete_route_table(RouteTableId=old_main["RouteTableId"])  # no longer main: deletable
    assert fails(ec2.delete_route_table, RouteTableId=custom) == "DependencyViolation"


# "Subnet route tables" > "Custom route tables": "You can delete a custom route table only if it has no
# associations", Amazon VPC User Guide; "Error codes": DependencyViolation
def test_delete_associated_route_table(ec2):
    vpc_id = new_vpc(ec2, "10.57.0.0/16")
    rtb = new_table(ec2, vpc_id)
    assoc_id = ec2.associate_route_table(RouteTableId=rtb, SubnetId=new_subnet(ec2, vpc_id, "10.57.1.0/24"))["AssociationId"]
    assert fails(ec2.delete_route_table, RouteTableId=rtb) == "DependencyViolation"
    ec2.disassociate_route_table(AssociationId=assoc_id)
    ec2.delete_route_table(RouteTableId=rtb)
    assert fails(ec2.describe_route_tables, RouteTableIds=[rtb]) == "InvalidRouteTableID.NotFound"


# "Subnet route tables" > "Main route table": "You cannot delete the main route table", Amazon VPC User Guide;
# AWS answers DependencyViolation "The routeTable 'rtb-…' has dependencies and cannot be deleted."
def test_delete_main_route_table(ec2):
    vpc_id = new_vpc(ec2, "10.58.0.0/16")
    assert fails(ec2.delete_route_table, RouteTableId=main_route_table(ec2, vpc_id)["RouteTableId"]) == "DependencyViolation"


# "Error codes for the Amazon EC2 API": InvalidRouteTableID.NotFound and InvalidRouteTableId.Malformed (two casings,
# both as documented)
def test_unknown_and_malformed_route_table_ids(ec2):
    assert fails(ec2.describe_route_tables, RouteTableIds=["rtb-0123456789abcdef0"]) == "InvalidRouteTableID.NotFound"
    assert fails(ec2.delete_route_table, RouteTableId="rtb-0123456789abcdef0") == "InvalidRouteTableID.NotFound"
    vpc_id = new_vpc(ec2, "10.59.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    code = fails(ec2.create_route, RouteTableId="rtb-0123456789abcdef0", DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
    assert code == "InvalidRouteTableID.NotFound"
    assert fails(ec2.describe_route_tables, RouteTableIds=["foo"]) == "InvalidRouteTableId.Malformed"


# DescribeRouteTables filters (route.destination-cidr-block, association.subnet-id, vpc-id, route-table-id,
# association.main, route.gateway-id), EC2 API Reference
def test_describe_route_tables_filters(ec2):
    vpc_id = new_vpc(ec2, "10.60.0.0/16")
    other_vpc = new_vpc(ec2, "10.61.0.0/16")
    subnet_id = new_subnet(ec2, vpc_id, "10.60.1.0/24")
    igw_id = new_igw(ec2, vpc_id)
    public = new_table(ec2, vpc_id)
    ec2.create_route(RouteTableId=public, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id)
    ec2.associate_route_table(RouteTableId=public, SubnetId=subnet_id)
    main = main_route_table(ec2, vpc_id)["RouteTableId"]
    ids = lambda **named: {t["RouteTableId"] for t in ec2.describe_route_tables(Filters=filters(**named))["RouteTables"]}  # noqa: E731
    assert ids(**{"route.destination-cidr-block": "0.0.0.0/0", "vpc-id": vpc_id}) == {public}
    assert ids(**{"route.gateway-id": igw_id}) == {public}
    assert ids(**{"association.subnet-id": subnet_id}) == {public}
    assert ids(**{"vpc-id": vpc_id}) == {public, main}
    assert ids(**{"vpc-id": [vpc_id, other_vpc], "association.main": "true"}) == {main, main_route_table(ec2, other_vpc)["RouteTableId"]}
    assert ids(**{"route-table-id": public}) == {public}
    assert ids(**{"route.destination-cidr-block": "10.60.0.0/16"}) == {public, main}


# CreateRouteTable / CreateRoute DryRun ("the error response is DryRunOperation"), EC2 API Reference
def test_dry_run_route_table_actions(ec2):
    vpc_id = new_vpc(ec2, "10.62.0.0/16")
    igw_id = new_igw(ec2, vpc_id)
    assert fails(ec2.create_route_table, VpcId=vpc_id, DryRun=True) == "DryRunOperation"
    rtb = main_route_table(ec2, vpc_id)["RouteTableId"]
    assert fails(ec2.create_route, RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw_id, DryRun=True) == "DryRunOperation"
    assert fails(ec2.create_internet_gateway, DryRun=True) == "DryRunOperation"
    assert set(routes(ec2, rtb)) == {"10.62.0.0/16"}
    assert len(ec2.describe_route_tables(Filters=filters(**{"vpc-id": vpc_id}))["RouteTables"]) == 1


# ---------------------------------------------------------------------------------------------
# DHCP options sets
# ---------------------------------------------------------------------------------------------

def _options(dhcp) -> dict:
    return {c["Key"]: [v["Value"] for v in c["Values"]] for c in dhcp["DhcpConfigurations"]}


# "DHCP option sets" > "Amazon DNS server" ("domain-name-servers=AmazonProvidedDNS, and domain-name=
# domain-name-for-your-region": ec2.internal in us-east-1, region.compute.internal elsewhere), Amazon VPC User Guide
@pytest.mark.parametrize("region,domain", [("us-east-1", "ec2.internal"), ("eu-west-1", "eu-west-1.compute.internal")])
def test_vpc_gets_the_default_dhcp_options(nimbus, account, region, domain):
    ec2 = nimbus.client("ec2", region=region, access_key=account)
    dopt_id = vpc(ec2, new_vpc(ec2, "10.70.0.0/16"))["DhcpOptionsId"]
    assert dopt_id.startswith("dopt-")
    dhcp = only(ec2.describe_dhcp_options(DhcpOptionsIds=[dopt_id])["DhcpOptions"])
    assert _options(dhcp) == {"domain-name": [domain], "domain-name-servers": ["AmazonProvidedDNS"]}
    assert dhcp["OwnerId"] == account


# "DHCP option sets" > "Changing the Set of DHCP Options a VPC Uses", Amazon VPC User Guide; CreateDhcpOptions /
# AssociateDhcpOptions, EC2 API Reference
def test_create_and_associate_dhcp_options(ec2):
    vpc_id = new_vpc(ec2, "10.71.0.0/16")
    created = ec2.create_dhcp_options(DhcpConfigurations=[
        {"Key": "domain-name", "Values": ["example.com"]},
        {"Key": "domain-name-servers", "Values": ["10.2.5.1", "10.2.5.2"]}])["DhcpOptions"]
    assert created["DhcpOptionsId"].startswith("dopt-")
    assert _options(created) == {"domain-name": ["example.com"], "domain-name-servers": ["10.2.5.1", "10.2.5.2"]}
    ec2.associate_dhcp_options(DhcpOptionsId=created["DhcpOptionsId"], VpcId=vpc_id)
    assert vpc(ec2, vpc_id)["DhcpOptionsId"] == created["DhcpOptionsId"]
    using = ec2.describe_vpcs(Filters=filters(**{"dhcp-options-id": created["DhcpOptionsId"]}))["Vpcs"]
    assert [v["VpcId"] for v in using] == [vpc_id]


# AssociateDhcpOptions: "Specify default to associate no DHCP options with the VPC", EC2 API Reference;
# "Changing a VPC to use No DHCP Options", Amazon VPC User Guide
def test_associate_no_dhcp_options(ec2):
    vpc_id = new_vpc(ec2, "10.72.0.0/16")
    ec2.associate_dhcp_options(DhcpOptionsId="default", VpcId=vpc_id)
    assert vpc(ec2, vpc_id)["DhcpOptionsId"] == "default"


# "Deleting a DHCP Options Set": "The VPC must not be using the set of options", Amazon VPC User Guide;
# "Error codes": DependencyViolation, then InvalidDhcpOptionID.NotFound
# UNSURE: the error list documents both InvalidDhcpOptionID.NotFound and InvalidDhcpOptionsID.NotFound; we accept either.
def test_delete_dhcp_options(ec2):
    vpc_id = new_vpc(ec2, "10.73.0.0/16")
    dopt_id = ec2.create_dhcp_options(DhcpConfigurations=[{"Key": "domain-name", "Values": ["corp.example"]}])["DhcpOptions"]["DhcpOptionsId"]
    ec2.associate_dhcp_options(DhcpOptionsId=dopt_id, VpcId=vpc_id)
    assert fails(ec2.delete_dhcp_options, DhcpOptionsId=dopt_id) == "DependencyViolation"
    ec2.associate_dhcp_options(DhcpOptionsId="default", VpcId=vpc_id)
    ec2.delete_dhcp_options(DhcpOptionsId=dopt_id)
    assert fails(ec2.describe_dhcp_options, DhcpOptionsIds=[dopt_id]) in ("InvalidDhcpOptionID.NotFound", "InvalidDhcpOptionsID.NotFound")


# ---------------------------------------------------------------------------------------------
# VPC peering
# ---------------------------------------------------------------------------------------------

# "VPC peering connection lifecycle" (initiating-request -> pending-acceptance -> active), Amazon VPC Peering Guide;
# CreateVpcPeeringConnection / AcceptVpcPeeringConnection, EC2 API Reference
def test_peering_request_and_accept(ec2, account):
    a, b = new_vpc(ec2, "10.80.0.0/16"), new_vpc(ec2, "10.81.0.0/16")
    created = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]
    pcx_id = created["VpcPeeringConnectionId"]
    assert pcx_id.startswith("pcx-")
    assert created["Status"]["Code"] in ("initiating-request", "pending-acceptance")
    pending = peering(ec2, pcx_id)
    assert pending["Status"]["Code"] == "pending-acceptance"
    assert (pending["RequesterVpcInfo"]["VpcId"], pending["RequesterVpcInfo"]["CidrBlock"], pending["RequesterVpcInfo"]["OwnerId"]) == (a, "10.80.0.0/16", account)
    assert (pending["AccepterVpcInfo"]["VpcId"], pending["AccepterVpcInfo"]["OwnerId"]) == (b, account)
    accepted = ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)["VpcPeeringConnection"]
    assert accepted["Status"]["Code"] in ("provisioning", "active")
    active = peering(ec2, pcx_id)
    assert active["Status"]["Code"] == "active"
    assert active["AccepterVpcInfo"]["CidrBlock"] == "10.81.0.0/16"
    assert active["RequesterVpcInfo"]["Region"] == active["AccepterVpcInfo"]["Region"] == REGION


# "Reject a VPC peering connection", Amazon VPC Peering Guide; "Error codes": InvalidStateTransition ("you may be
# trying to accept a VPC peering request that has failed, or that was rejected")
def test_peering_reject(ec2):
    a, b = new_vpc(ec2, "10.82.0.0/16"), new_vpc(ec2, "10.83.0.0/16")
    pcx_id = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    assert ec2.reject_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)["Return"] is True
    assert peering(ec2, pcx_id)["Status"]["Code"] == "rejected"
    assert fails(ec2.accept_vpc_peering_connection, VpcPeeringConnectionId=pcx_id) == "InvalidStateTransition"


# "Delete a VPC peering connection" ("the status is set to Deleting and then Deleted … remains visible"), Amazon VPC
# Peering Guide; DeleteVpcPeeringConnection, EC2 API Reference
# UNSURE: "After you delete a connection, it can't be accepted"; the code is not given for that case, and
# InvalidStateTransition is the documented code for accepting a connection in the wrong state.
def test_peering_delete(ec2):
    a, b = new_vpc(ec2, "10.84.0.0/16"), new_vpc(ec2, "10.85.0.0/16")
    pcx_id = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
    assert ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)["Return"] is True
    assert peering(ec2, pcx_id)["Status"]["Code"] in ("deleting", "deleted")
    assert fails(ec2.accept_vpc_peering_connection, VpcPeeringConnectionId=pcx_id) == "InvalidStateTransition"


# CreateVpcPeeringConnection: "If you create a VPC peering connection request between VPCs with overlapping CIDR
# blocks, the VPC peering connection has a status of failed", EC2 API Reference; "Error codes": InvalidStateTransition
def test_peering_overlapping_cidrs_fails(ec2):
    a, b = new_vpc(ec2, "10.86.0.0/16"), new_vpc(ec2, "10.86.0.0/20")
    pcx_id = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    assert peering(ec2, pcx_id)["Status"]["Code"] == "failed"
    assert fails(ec2.accept_vpc_peering_connection, VpcPeeringConnectionId=pcx_id) == "InvalidStateTransition"


# "VPC peering" with a VPC in another account (PeerOwnerId; the accepter's owner accepts), Amazon VPC Peering Guide;
# CreateVpcPeeringConnection PeerOwnerId, EC2 API Reference
def test_peering_across_accounts(nimbus, ec2, account):
    peer_account = account_for(ACCOUNT_SALT + f"peer-of-{account}")
    peer = nimbus.client("ec2", region=REGION, access_key=peer_account)
    a, b = new_vpc(ec2, "10.87.0.0/16"), new_vpc(peer, "10.88.0.0/16")
    pcx_id = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b, PeerOwnerId=peer_account)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    seen_by_peer = peering(peer, pcx_id)
    assert seen_by_peer["Status"]["Code"] == "pending-acceptance"
    assert (seen_by_peer["RequesterVpcInfo"]["OwnerId"], seen_by_peer["AccepterVpcInfo"]["OwnerId"]) == (account, peer_account)
    peer.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
    assert peering(ec2, pcx_id)["Status"]["Code"] == "active"


# "Error codes for the Amazon EC2 API": InvalidVpcID.NotFound and InvalidVpcPeeringConnectionID.NotFound
def test_peering_unknown_ids(ec2):
    a = new_vpc(ec2, "10.89.0.0/16")
    assert fails(ec2.create_vpc_peering_connection, VpcId=a, PeerVpcId="vpc-0123456789abcdef0") == "InvalidVpcID.NotFound"
    unknown = "pcx-0123456789abcdef0"
    assert fails(ec2.describe_vpc_peering_connections, VpcPeeringConnectionIds=[unknown]) == "InvalidVpcPeeringConnectionID.NotFound"
    assert fails(ec2.accept_vpc_peering_connection, VpcPeeringConnectionId=unknown) == "InvalidVpcPeeringConnectionID.NotFound"


# DescribeVpcPeeringConnections filters (status-code, requester-vpc-info.vpc-id, accepter-vpc-info.vpc-id),
# EC2 API Reference
def test_describe_peering_filters(ec2):
    a, b, c = new_vpc(ec2, "10.90.0.0/16"), new_vpc(ec2, "10.91.0.0/16"), new_vpc(ec2, "10.92.0.0/16")
    ab = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ac = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=c)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=ab)
    ids = lambda **named: {p["VpcPeeringConnectionId"] for p in ec2.describe_vpc_peering_connections(Filters=filters(**named))["VpcPeeringConnections"]}  # noqa: E731
    assert ids(**{"requester-vpc-info.vpc-id": a}) == {ab, ac}
    assert ids(**{"accepter-vpc-info.vpc-id": c}) == {ac}
    assert ids(**{"status-code": "active"}) == {ab}
    assert ids(**{"status-code": "pending-acceptance"}) == {ac}


# ---------------------------------------------------------------------------------------------
# Other Describe calls answer with lists the SDKs can read
# ---------------------------------------------------------------------------------------------

# DescribeVpcEndpoints, EC2 API Reference
def test_describe_vpc_endpoints(ec2):
    new_vpc(ec2, "10.95.0.0/16")
    assert ec2.describe_vpc_endpoints()["VpcEndpoints"] == []
    assert ec2.describe_vpc_endpoints(Filters=filters(**{"vpc-endpoint-type": "Gateway"}))["VpcEndpoints"] == []


# DescribeManagedPrefixLists ("Describes your managed prefix lists and any Amazon Web Services-managed prefix
# lists"), EC2 API Reference
def test_describe_managed_prefix_lists(ec2):
    lists = ec2.describe_managed_prefix_lists()["PrefixLists"]
    assert isinstance(lists, list)
    for pl in lists:
        assert pl["PrefixListId"].startswith("pl-") and pl["PrefixListName"]


# DescribeFlowLogs, EC2 API Reference
def test_describe_flow_logs(ec2):
    vpc_id = new_vpc(ec2, "10.96.0.0/16")
    assert ec2.describe_flow_logs()["FlowLogs"] == []
    assert ec2.describe_flow_logs(Filter=filters(**{"resource-id": vpc_id}))["FlowLogs"] == []


# ---------------------------------------------------------------------------------------------
# AWS CLI
# ---------------------------------------------------------------------------------------------

def _cli_env(account):
    return {"AWS_ACCESS_KEY_ID": account}


# create-internet-gateway / attach-internet-gateway / create-route-table / create-route / describe-route-tables,
# AWS CLI Command Reference
def test_cli_public_route_table(nimbus, account):
    env = _cli_env(account)
    vpc_id = nimbus.cli_json("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16", env_extra=env)["Vpc"]["VpcId"]
    igw_id = nimbus.cli_json("ec2", "create-internet-gateway", env_extra=env)["InternetGateway"]["InternetGatewayId"]
    nimbus.cli("ec2", "attach-internet-gateway", "--internet-gateway-id", igw_id, "--vpc-id", vpc_id, env_extra=env)
    rtb = nimbus.cli_json("ec2", "create-route-table", "--vpc-id", vpc_id, env_extra=env)["RouteTable"]["RouteTableId"]
    answer = nimbus.cli_json("ec2", "create-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0",
                             "--gateway-id", igw_id, env_extra=env)
    assert answer == {"Return": True}
    found = nimbus.cli_json("ec2", "describe-route-tables", "--route-table-ids", rtb, env_extra=env)["RouteTables"]
    assert {r["DestinationCidrBlock"]: r["GatewayId"] for r in only(found)["Routes"]} == {"10.0.0.0/16": "local", "0.0.0.0/0": igw_id}


# delete-internet-gateway while attached: the CLI reports AWS's code, AWS CLI Command Reference
def test_cli_delete_attached_internet_gateway(nimbus, account):
    env = _cli_env(account)
    vpc_id = nimbus.cli_json("ec2", "create-vpc", "--cidr-block", "10.1.0.0/16", env_extra=env)["Vpc"]["VpcId"]
    igw_id = nimbus.cli_json("ec2", "create-internet-gateway", env_extra=env)["InternetGateway"]["InternetGatewayId"]
    nimbus.cli("ec2", "attach-internet-gateway", "--internet-gateway-id", igw_id, "--vpc-id", vpc_id, env_extra=env)
    code, _, err = nimbus.cli("ec2", "delete-internet-gateway", "--internet-gateway-id", igw_id, check=False, env_extra=env)
    assert code != 0 and "(DependencyViolation)" in err


# create-vpc-peering-connection / accept-vpc-peering-connection, AWS CLI Command Reference
def test_cli_peering(nimbus, account):
    env = _cli_env(account)
    a = nimbus.cli_json("ec2", "create-vpc", "--cidr-block", "10.2.0.0/16", env_extra=env)["Vpc"]["VpcId"]
    b = nimbus.cli_json("ec2", "create-vpc", "--cidr-block", "10.3.0.0/16", env_extra=env)["Vpc"]["VpcId"]
    pcx = nimbus.cli_json("ec2", "create-vpc-peering-connection", "--vpc-id", a, "--peer-vpc-id", b, env_extra=env)
    pcx_id = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    nimbus.cli("ec2", "accept-vpc-peering-connection", "--vpc-peering-connection-id", pcx_id, env_extra=env)
    found = nimbus.cli_json("ec2", "describe-vpc-peering-connections", "--vpc-peering-connection-ids", pcx_id, env_extra=env)
    assert only(found["VpcPeeringConnections"])["Status"]["Code"] == "active"


# describe-vpc-endpoints / describe-managed-prefix-lists / describe-flow-logs, AWS CLI Command Reference
def test_cli_other_describes(nimbus, account):
    env = _cli_env(account)
    assert nimbus.cli_json("ec2", "describe-vpc-endpoints", env_extra=env)["VpcEndpoints"] == []
    assert isinstance(nimbus.cli_json("ec2", "describe-managed-prefix-lists", env_extra=env)["PrefixLists"], list)
    assert nimbus.cli_json("ec2", "describe-flow-logs", env_extra=env)["FlowLogs"] == []


# CreateRoute with InstanceId ("Route tables": a route to an instance; the route is a blackhole while the
# instance is stopped), Amazon VPC User Guide
def test_route_to_an_instance(ec2):
    vpc_id = new_vpc(ec2, "10.60.0.0/16")
    subnet = new_subnet(ec2, vpc_id, "10.60.1.0/24")
    instance = run_instance(ec2, al2023(ec2)["ImageId"], subnet)
    table = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="192.168.0.0/16", InstanceId=instance)
    [route] = [r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"] if r.get("InstanceId")]
    assert route["InstanceId"] == instance and route["State"] == "active"
    ec2.stop_instances(InstanceIds=[instance])
    wait_instances(ec2, "instance_stopped", instance)
    [route] = [r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"] if r.get("InstanceId")]
    assert route["State"] == "blackhole"
    assert fails(ec2.create_route, RouteTableId=table, DestinationCidrBlock="172.16.0.0/16",
                 InstanceId="i-0123456789abcdef0") == "InvalidInstanceID.NotFound"
