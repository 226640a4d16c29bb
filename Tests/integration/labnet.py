"""The "Architecting on AWS" lab network, shared by the lab tests (test_ec2_lab.py) and the reachability tests
(test_ec2_reachability.py): see test_ec2_lab.py for its layout and the pages it follows."""
from dataclasses import dataclass, field

from ec2support import FAST_WAIT, filters, new_igw, new_subnet, new_vpc

LAYOUT = {  # name: (CIDR, index of the Availability Zone, public?)
    "public-a": ("10.0.0.0/24", 0, True),
    "public-b": ("10.0.1.0/24", 1, True),
    "private-a": ("10.0.2.0/23", 0, False),
    "private-b": ("10.0.4.0/23", 1, False),
}
OFFICE = "203.0.113.0/24"


def name_tag(resource_type: str, name: str) -> list[dict]:
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]


def two_azs(ec2) -> list[str]:
    zones = ec2.describe_availability_zones(
        Filters=filters(**{"zone-type": "availability-zone", "state": "available"}))["AvailabilityZones"]
    names = sorted(z["ZoneName"] for z in zones)
    assert len(names) >= 2
    return names[:2]


@dataclass
class Lab:
    vpc: str = ""
    azs: list[str] = field(default_factory=list)
    subnets: dict[str, str] = field(default_factory=dict)        # name -> subnet id
    igw: str = ""
    eips: dict[str, dict] = field(default_factory=dict)          # "a"/"b" -> AllocateAddress answer
    nats: dict[str, str] = field(default_factory=dict)           # "a"/"b" -> nat id
    public_rt: str = ""
    private_rts: dict[str, str] = field(default_factory=dict)    # "a"/"b" -> route table id
    rt_associations: list[str] = field(default_factory=list)
    bastion: str = ""
    app: str = ""
    nacl: str = ""
    default_nacl: str = ""


def build_lab(ec2) -> Lab:
    lab = Lab()
    lab.azs = two_azs(ec2)
    lab.vpc = new_vpc(ec2, "10.0.0.0/16", TagSpecifications=name_tag("vpc", "lab-vpc"))
    for name, (cidr, az, public) in LAYOUT.items():
        lab.subnets[name] = new_subnet(ec2, lab.vpc, cidr, AvailabilityZone=lab.azs[az],
                                       TagSpecifications=name_tag("subnet", name))
        if public:
            ec2.modify_subnet_attribute(SubnetId=lab.subnets[name], MapPublicIpOnLaunch={"Value": True})
    lab.igw = new_igw(ec2, lab.vpc, TagSpecifications=name_tag("internet-gateway", "lab-igw"))

    for side in ("a", "b"):
        lab.eips[side] = ec2.allocate_address(Domain="vpc", TagSpecifications=name_tag("elastic-ip", f"nat-{side}"))
        lab.nats[side] = ec2.create_nat_gateway(
            SubnetId=lab.subnets[f"public-{side}"], AllocationId=lab.eips[side]["AllocationId"],
            TagSpecifications=name_tag("natgateway", f"nat-{side}"))["NatGateway"]["NatGatewayId"]
    ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=list(lab.nats.values()), WaiterConfig=FAST_WAIT)

    lab.public_rt = ec2.create_route_table(
        VpcId=lab.vpc, TagSpecifications=name_tag("route-table", "public-rt"))["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=lab.public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=lab.igw)
    for side in ("a", "b"):
        lab.rt_associations.append(ec2.associate_route_table(
            RouteTableId=lab.public_rt, SubnetId=lab.subnets[f"public-{side}"])["AssociationId"])
    for side in ("a", "b"):
        rt = ec2.create_route_table(VpcId=lab.vpc, TagSpecifications=name_tag(
            "route-table", f"private-rt-{side}"))["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=lab.nats[side])
        lab.rt_associations.append(ec2.associate_route_table(
            RouteTableId=rt, SubnetId=lab.subnets[f"private-{side}"])["AssociationId"])
        lab.private_rts[side] = rt

    lab.bastion = ec2.create_security_group(GroupName="bastion-sg", Description="SSH from the office", VpcId=lab.vpc,
                                            TagSpecifications=name_tag("security-group", "bastion-sg"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=lab.bastion, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": OFFICE, "Description": "office"}]}])
    lab.app = ec2.create_security_group(GroupName="app-sg", Description="HTTP from the bastion", VpcId=lab.vpc,
                                        TagSpecifications=name_tag("security-group", "app-sg"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=lab.app, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "UserIdGroupPairs": [{"GroupId": lab.bastion}]}])

    lab.default_nacl = ec2.describe_network_acls(
        Filters=filters(**{"vpc-id": lab.vpc, "default": "true"}))["NetworkAcls"][0]["NetworkAclId"]
    lab.nacl = ec2.create_network_acl(
        VpcId=lab.vpc, TagSpecifications=name_tag("network-acl", "private-nacl"))["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=lab.nacl, RuleNumber=100, Egress=False, Protocol="-1",
                                 RuleAction="allow", CidrBlock="10.0.0.0/16")
    ec2.create_network_acl_entry(NetworkAclId=lab.nacl, RuleNumber=110, Egress=False, Protocol="6",
                                 RuleAction="allow", CidrBlock="0.0.0.0/0", PortRange={"From": 1024, "To": 65535})
    ec2.create_network_acl_entry(NetworkAclId=lab.nacl, RuleNumber=100, Egress=True, Protocol="-1",
                                 RuleAction="allow", CidrBlock="0.0.0.0/0")
    for side in ("a", "b"):
        move_subnet_acl(ec2, lab.subnets[f"private-{side}"], lab.nacl)
    return lab


def move_subnet_acl(ec2, subnet_id: str, acl_id: str) -> str:
    [current] = ec2.describe_network_acls(Filters=filters(**{"association.subnet-id": subnet_id}))["NetworkAcls"]
    [assoc] = [a["NetworkAclAssociationId"] for a in current["Associations"] if a["SubnetId"] == subnet_id]
    return ec2.replace_network_acl_association(AssociationId=assoc, NetworkAclId=acl_id)["NewAssociationId"]
