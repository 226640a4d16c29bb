"""Elastic IP addresses, network interfaces and NAT gateways, as the EC2 API Reference (AllocateAddress,
AssociateAddress, ReleaseAddress, CreateNetworkInterface, AssignPrivateIpAddresses, CreateNatGateway, ...,
"Error codes for the Amazon EC2 API") and the Amazon VPC User Guide ("Elastic IP addresses", "Subnet CIDR blocks",
"NAT gateways", "Amazon VPC quotas") describe them.

Every test works in an account of its own (access key = a 12-digit id derived from the test's node id), so the
per-Region Elastic IP quota of one test never meets another's."""
import ipaddress
import re

import pytest

from ec2support import FAST_WAIT, ClientError, account_id, code, new_igw
from ec2support import acct, net  # noqa: F401  (fixtures: the test's own account, a VPC with one subnet in it)

RFC1918 = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]
MISSING_ALLOCATION = "eipalloc-0123456789abcdef0"


def allocate(ec2, **kwargs) -> dict:
    return ec2.allocate_address(Domain="vpc", **kwargs)


def address(ec2, allocation_id: str) -> dict:
    return ec2.describe_addresses(AllocationIds=[allocation_id])["Addresses"][0]


def new_eni(ec2, subnet_id: str, **kwargs) -> dict:
    eni = ec2.create_network_interface(SubnetId=subnet_id, **kwargs)["NetworkInterface"]
    assert eni["NetworkInterfaceId"].startswith("eni-")
    return eni


def eni(ec2, eni_id: str) -> dict:
    return ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]


def private_ips(eni_doc: dict) -> list[str]:
    return [p["PrivateIpAddress"] for p in eni_doc["PrivateIpAddresses"]]


def free_ips(ec2, subnet_id: str) -> int:
    return ec2.describe_subnets(SubnetIds=[subnet_id])["Subnets"][0]["AvailableIpAddressCount"]


def is_public_ipv4(text: str) -> bool:
    ip = ipaddress.ip_address(text)
    return ip.version == 4 and not any(ip in n for n in RFC1918) and not ip.is_loopback and not ip.is_unspecified


# ---------------------------------------------------------------------------------------------------------------
# Elastic IP addresses
# ---------------------------------------------------------------------------------------------------------------

# AllocateAddress, Amazon EC2 API Reference
def test_allocate_address(acct):
    out = allocate(acct.ec2)
    assert out["AllocationId"].startswith("eipalloc-") and out["Domain"] == "vpc"
    assert is_public_ipv4(out["PublicIp"])
    assert out["PublicIpv4Pool"] == "amazon" and out["NetworkBorderGroup"] == "us-east-1"
    described = address(acct.ec2, out["AllocationId"])
    assert described["PublicIp"] == out["PublicIp"] and described["Domain"] == "vpc"
    assert "AssociationId" not in described and "NetworkInterfaceId" not in described


# "Amazon VPC quotas" (Elastic IP addresses per Region: 5); "Error codes for the Amazon EC2 API" (AddressLimitExceeded)
def test_five_addresses_per_region(acct, nimbus):
    allocations = [allocate(acct.ec2)["AllocationId"] for _ in range(5)]
    with pytest.raises(ClientError) as excinfo:
        allocate(acct.ec2)
    assert code(excinfo) == "AddressLimitExceeded"
    elsewhere = nimbus.client("ec2", region="us-west-2", access_key=acct.id)  # the quota is per Region
    allocate(elsewhere)
    acct.ec2.release_address(AllocationId=allocations[0])
    allocate(acct.ec2)


# "Elastic IP addresses" (a public IPv4 address that is yours until you release it), Amazon VPC User Guide
def test_public_ips_never_repeat(acct, nimbus, request):
    other = nimbus.client("ec2", access_key=account_id(request, "other"))
    seen = []
    for _ in range(2):
        batch = [allocate(acct.ec2) for _ in range(5)] + [allocate(other) for _ in range(5)]
        seen += [a["PublicIp"] for a in batch]
        for a in batch[:5]:
            acct.ec2.release_address(AllocationId=a["AllocationId"])
        for a in batch[5:]:
            other.release_address(AllocationId=a["AllocationId"])
    assert len(set(seen)) == len(seen) == 20


# AssociateAddress (NetworkInterfaceId; "If no private IP address is specified, the Elastic IP address is associated
# with the primary private IP address"), Amazon EC2 API Reference
def test_associate_with_a_network_interface(acct, net):
    new_igw(acct.ec2, net.vpc)  # a public address needs the VPC's internet gateway
    eip = allocate(acct.ec2)
    interface = new_eni(acct.ec2, net.subnet)
    assoc = acct.ec2.associate_address(AllocationId=eip["AllocationId"],
                                       NetworkInterfaceId=interface["NetworkInterfaceId"])["AssociationId"]
    assert assoc.startswith("eipassoc-")
    described = address(acct.ec2, eip["AllocationId"])
    assert described["AssociationId"] == assoc
    assert described["NetworkInterfaceId"] == interface["NetworkInterfaceId"]
    assert described["PrivateIpAddress"] == interface["PrivateIpAddress"]
    assert described["NetworkInterfaceOwnerId"] == acct.id
    after = eni(acct.ec2, interface["NetworkInterfaceId"])
    assert after["Association"]["PublicIp"] == eip["PublicIp"] and after["Association"]["AllocationId"] == eip["AllocationId"]


# AssociateAddress (PrivateIpAddress: "The primary or secondary private IP address to associate with the Elastic IP
# address"), Amazon EC2 API Reference
def test_associate_with_a_chosen_private_ip(acct, net):
    new_igw(acct.ec2, net.vpc)  # a public address needs the VPC's internet gateway
    interface = new_eni(acct.ec2, net.subnet, PrivateIpAddresses=[
        {"PrivateIpAddress": "10.0.1.10", "Primary": True}, {"PrivateIpAddress": "10.0.1.11", "Primary": False}])
    eni_id = interface["NetworkInterfaceId"]
    primary, secondary = allocate(acct.ec2), allocate(acct.ec2)
    acct.ec2.associate_address(AllocationId=primary["AllocationId"], NetworkInterfaceId=eni_id)
    acct.ec2.associate_address(AllocationId=secondary["AllocationId"], NetworkInterfaceId=eni_id,
                               PrivateIpAddress="10.0.1.11")
    assert address(acct.ec2, secondary["AllocationId"])["PrivateIpAddress"] == "10.0.1.11"
    by_ip = {p["PrivateIpAddress"]: p["Association"]["PublicIp"] for p in eni(acct.ec2, eni_id)["PrivateIpAddresses"]}
    assert by_ip == {"10.0.1.10": primary["PublicIp"], "10.0.1.11": secondary["PublicIp"]}


# AssociateAddress (AllowReassociation: "Reassociation is automatic, but you can specify false to ensure the operation
# fails if the Elastic IP address is already associated with another resource"), Amazon EC2 API Reference;
# "Error codes for the Amazon EC2 API" (Resource.AlreadyAssociated)
def test_reassociation(acct, net):
    new_igw(acct.ec2, net.vpc)  # a public address needs the VPC's internet gateway
    eip = allocate(acct.ec2)["AllocationId"]
    first, second = new_eni(acct.ec2, net.subnet), new_eni(acct.ec2, net.subnet)
    acct.ec2.associate_address(AllocationId=eip, NetworkInterfaceId=first["NetworkInterfaceId"])
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.associate_address(AllocationId=eip, NetworkInterfaceId=second["NetworkInterfaceId"],
                                   AllowReassociation=False)
    assert code(excinfo) == "Resource.AlreadyAssociated"
    assert address(acct.ec2, eip)["NetworkInterfaceId"] == first["NetworkInterfaceId"]
    acct.ec2.associate_address(AllocationId=eip, NetworkInterfaceId=second["NetworkInterfaceId"])
    assert address(acct.ec2, eip)["NetworkInterfaceId"] == second["NetworkInterfaceId"]
    assert "Association" not in eni(acct.ec2, first["NetworkInterfaceId"])


# ReleaseAddress ("[Nondefault VPC] You must disassociate the Elastic IP address before you can release it. Otherwise,
# Amazon EC2 returns an error (InvalidIPAddress.InUse)"), DisassociateAddress, Amazon EC2 API Reference
def test_disassociate_then_release(acct, net):
    new_igw(acct.ec2, net.vpc)  # a public address needs the VPC's internet gateway
    eip = allocate(acct.ec2)["AllocationId"]
    interface = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    assoc = acct.ec2.associate_address(AllocationId=eip, NetworkInterfaceId=interface)["AssociationId"]
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.release_address(AllocationId=eip)
    assert code(excinfo) == "InvalidIPAddress.InUse"
    acct.ec2.disassociate_address(AssociationId=assoc)
    assert "AssociationId" not in address(acct.ec2, eip)
    assert "Association" not in eni(acct.ec2, interface)
    acct.ec2.release_address(AllocationId=eip)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_addresses(AllocationIds=[eip])
    assert code(excinfo) == "InvalidAllocationID.NotFound"


# "Error codes for the Amazon EC2 API" (InvalidAllocationID.NotFound, InvalidAssociationID.NotFound)
def test_unknown_allocation_and_association(acct, net):
    interface = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    for call in (lambda: acct.ec2.describe_addresses(AllocationIds=[MISSING_ALLOCATION]),
                 lambda: acct.ec2.release_address(AllocationId=MISSING_ALLOCATION),
                 lambda: acct.ec2.associate_address(AllocationId=MISSING_ALLOCATION, NetworkInterfaceId=interface)):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert code(excinfo) == "InvalidAllocationID.NotFound"
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.disassociate_address(AssociationId="eipassoc-0123456789abcdef0")
    assert code(excinfo) == "InvalidAssociationID.NotFound"


# AssociateAddress, Amazon EC2 API Reference
def test_associate_with_an_unknown_interface(acct):
    eip = allocate(acct.ec2)["AllocationId"]
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.associate_address(AllocationId=eip, NetworkInterfaceId="eni-0123456789abcdef0")
    assert code(excinfo) == "InvalidNetworkInterfaceID.NotFound"


# DescribeAddresses (filters allocation-id, association-id, domain, network-interface-id, private-ip-address,
# public-ip, tag:<key>), Amazon EC2 API Reference
def test_address_filters(acct, net):
    new_igw(acct.ec2, net.vpc)  # a public address needs the VPC's internet gateway
    tagged = allocate(acct.ec2, TagSpecifications=[
        {"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "bastion"}]}])
    loose = allocate(acct.ec2)
    interface = new_eni(acct.ec2, net.subnet)
    assoc = acct.ec2.associate_address(AllocationId=tagged["AllocationId"],
                                       NetworkInterfaceId=interface["NetworkInterfaceId"])["AssociationId"]

    def found(name, value):
        out = acct.ec2.describe_addresses(Filters=[{"Name": name, "Values": [value]}])
        return {a["AllocationId"] for a in out["Addresses"]}

    assert found("domain", "vpc") == {tagged["AllocationId"], loose["AllocationId"]}
    assert found("allocation-id", loose["AllocationId"]) == {loose["AllocationId"]}
    assert found("public-ip", loose["PublicIp"]) == {loose["AllocationId"]}
    assert found("association-id", assoc) == {tagged["AllocationId"]}
    assert found("network-interface-id", interface["NetworkInterfaceId"]) == {tagged["AllocationId"]}
    assert found("private-ip-address", interface["PrivateIpAddress"]) == {tagged["AllocationId"]}
    assert found("tag:Name", "bastion") == {tagged["AllocationId"]}
    assert acct.ec2.describe_addresses(PublicIps=[loose["PublicIp"]])["Addresses"][0]["AllocationId"] == loose["AllocationId"]


# ---------------------------------------------------------------------------------------------------------------
# Network interfaces
# ---------------------------------------------------------------------------------------------------------------

# CreateNetworkInterface, Amazon EC2 API Reference; "Subnet CIDR blocks" (the first four addresses and the last one
# are reserved), Amazon VPC User Guide. Nimbus hands out the lowest free address (AWS picks one of the free ones).
def test_create_network_interface(acct, net):
    created = new_eni(acct.ec2, net.subnet, Description="app server")
    assert created["PrivateIpAddress"] == "10.0.1.4"
    described = eni(acct.ec2, created["NetworkInterfaceId"])
    assert (described["SubnetId"], described["VpcId"], described["AvailabilityZone"]) == (net.subnet, net.vpc, net.az)
    assert described["Status"] == "available" and described["InterfaceType"] == "interface"
    assert described["OwnerId"] == acct.id and described["RequesterManaged"] is False
    assert described["SourceDestCheck"] is True and described["Description"] == "app server"
    assert re.fullmatch(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}", described["MacAddress"])
    [primary] = described["PrivateIpAddresses"]
    assert primary["Primary"] is True and primary["PrivateIpAddress"] == "10.0.1.4"
    default_sg = acct.ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [net.vpc]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
    assert [g["GroupId"] for g in described["Groups"]] == [default_sg["GroupId"]]  # none given: the VPC's default
    assert new_eni(acct.ec2, net.subnet)["PrivateIpAddress"] == "10.0.1.5"
    other = new_eni(acct.ec2, net.subnet)
    assert other["MacAddress"] != described["MacAddress"]


# CreateNetworkInterface (PrivateIpAddress), Amazon EC2 API Reference
def test_chosen_private_ip(acct, net):
    assert new_eni(acct.ec2, net.subnet, PrivateIpAddress="10.0.1.200")["PrivateIpAddress"] == "10.0.1.200"
    with pytest.raises(ClientError) as excinfo:
        new_eni(acct.ec2, net.subnet, PrivateIpAddress="10.0.1.200")
    assert code(excinfo) == "InvalidIPAddress.InUse"


# "Subnet CIDR blocks" (reserved: network address, +1 router, +2 DNS, +3 future use, broadcast), Amazon VPC User
# Guide; AWS answers InvalidParameterValue "Address 10.0.1.1 is in subnet's reserved address range"
@pytest.mark.parametrize("reserved", ["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255"])
def test_reserved_private_ip(acct, net, reserved):
    with pytest.raises(ClientError) as excinfo:
        new_eni(acct.ec2, net.subnet, PrivateIpAddress=reserved)
    assert code(excinfo) == "InvalidParameterValue"


# CreateNetworkInterface; AWS answers InvalidParameterValue "Address does not fall within the subnet's address range"
@pytest.mark.parametrize("outside", ["10.0.2.10", "192.168.0.10"])
def test_private_ip_outside_the_subnet(acct, net, outside):
    with pytest.raises(ClientError) as excinfo:
        new_eni(acct.ec2, net.subnet, PrivateIpAddress=outside)
    assert code(excinfo) == "InvalidParameterValue"


# CreateNetworkInterface, Amazon EC2 API Reference
def test_create_in_a_missing_subnet(acct):
    with pytest.raises(ClientError) as excinfo:
        new_eni(acct.ec2, "subnet-0123456789abcdef0")
    assert code(excinfo) == "InvalidSubnetID.NotFound"


# CreateNetworkInterface (SecondaryPrivateIpAddressCount, PrivateIpAddresses), Amazon EC2 API Reference
def test_secondary_private_ips(acct, net):
    counted = new_eni(acct.ec2, net.subnet, SecondaryPrivateIpAddressCount=2)
    ips = private_ips(counted)
    assert len(set(ips)) == 3 and counted["PrivateIpAddress"] == ips[0] == "10.0.1.4"
    assert [p["Primary"] for p in counted["PrivateIpAddresses"]] == [True, False, False]
    assert all(ipaddress.ip_address(ip) in ipaddress.ip_network("10.0.1.0/24") for ip in ips)
    listed = new_eni(acct.ec2, net.subnet, PrivateIpAddresses=[
        {"PrivateIpAddress": "10.0.1.50", "Primary": True}, {"PrivateIpAddress": "10.0.1.51", "Primary": False}])
    assert listed["PrivateIpAddress"] == "10.0.1.50" and sorted(private_ips(listed)) == ["10.0.1.50", "10.0.1.51"]


# CreateNetworkInterface (Groups), ModifyNetworkInterfaceAttribute (Groups, SourceDestCheck, Description),
# DescribeNetworkInterfaceAttribute, Amazon EC2 API Reference
def test_modify_interface_attributes(acct, net):
    web = acct.ec2.create_security_group(GroupName="web", Description="web", VpcId=net.vpc)["GroupId"]
    app = acct.ec2.create_security_group(GroupName="app", Description="app", VpcId=net.vpc)["GroupId"]
    interface = new_eni(acct.ec2, net.subnet, Groups=[web])
    eni_id = interface["NetworkInterfaceId"]
    assert [(g["GroupId"], g["GroupName"]) for g in interface["Groups"]] == [(web, "web")]
    acct.ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, SourceDestCheck={"Value": False})
    acct.ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Groups=[web, app])
    acct.ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Description={"Value": "nat box"})
    after = eni(acct.ec2, eni_id)
    assert after["SourceDestCheck"] is False and after["Description"] == "nat box"
    assert sorted(g["GroupId"] for g in after["Groups"]) == sorted([web, app])
    attr = acct.ec2.describe_network_interface_attribute(NetworkInterfaceId=eni_id, Attribute="sourceDestCheck")
    assert attr["SourceDestCheck"] == {"Value": False}
    attr = acct.ec2.describe_network_interface_attribute(NetworkInterfaceId=eni_id, Attribute="groupSet")
    assert sorted(g["GroupId"] for g in attr["Groups"]) == sorted([web, app])


# AssignPrivateIpAddresses / UnassignPrivateIpAddresses, Amazon EC2 API Reference
def test_assign_and_unassign_private_ips(acct, net):
    eni_id = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    out = acct.ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, SecondaryPrivateIpAddressCount=2)
    assigned = [a["PrivateIpAddress"] for a in out["AssignedPrivateIpAddresses"]]
    assert out["NetworkInterfaceId"] == eni_id and len(set(assigned)) == 2
    acct.ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, PrivateIpAddresses=["10.0.1.100"])
    assert sorted(private_ips(eni(acct.ec2, eni_id))) == sorted(["10.0.1.4", *assigned, "10.0.1.100"])
    acct.ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni_id, PrivateIpAddresses=["10.0.1.100", assigned[0]])
    assert sorted(private_ips(eni(acct.ec2, eni_id))) == sorted(["10.0.1.4", assigned[1]])
    other = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    with pytest.raises(ClientError) as excinfo:  # taken by the first interface
        acct.ec2.assign_private_ip_addresses(NetworkInterfaceId=other, PrivateIpAddresses=[assigned[1]])
    assert code(excinfo) == "InvalidIPAddress.InUse"
    acct.ec2.assign_private_ip_addresses(NetworkInterfaceId=other, PrivateIpAddresses=["10.0.1.100"])  # freed


# DescribeSubnets (AvailableIpAddressCount), Amazon EC2 API Reference; "Subnet CIDR blocks" (a /24 has 251 usable)
def test_available_ip_address_count_follows_interfaces(acct, net):
    assert free_ips(acct.ec2, net.subnet) == 251
    interface = new_eni(acct.ec2, net.subnet, SecondaryPrivateIpAddressCount=2)["NetworkInterfaceId"]
    assert free_ips(acct.ec2, net.subnet) == 248
    acct.ec2.assign_private_ip_addresses(NetworkInterfaceId=interface, SecondaryPrivateIpAddressCount=1)
    assert free_ips(acct.ec2, net.subnet) == 247
    acct.ec2.delete_network_interface(NetworkInterfaceId=interface)
    assert free_ips(acct.ec2, net.subnet) == 251


# DeleteNetworkInterface, Amazon EC2 API Reference ("Error codes": InvalidNetworkInterfaceID.NotFound / .Malformed)
def test_delete_network_interface(acct, net):
    eni_id = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    acct.ec2.delete_network_interface(NetworkInterfaceId=eni_id)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])
    assert code(excinfo) == "InvalidNetworkInterfaceID.NotFound"
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.delete_network_interface(NetworkInterfaceId=eni_id)
    assert code(excinfo) == "InvalidNetworkInterfaceID.NotFound"
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_network_interfaces(NetworkInterfaceIds=["eni-zzz"])
    assert code(excinfo) == "InvalidNetworkInterfaceId.Malformed"  # spelled so in AWS's error list
    assert new_eni(acct.ec2, net.subnet)["PrivateIpAddress"] == "10.0.1.4"  # the address is free again


# DeleteSubnet ("You must terminate all running instances in the subnet before you can delete the subnet"), EC2 API
# Reference: a subnet that still holds a network interface is a DependencyViolation
def test_subnet_with_an_interface_cannot_be_deleted(acct, net):
    eni_id = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.delete_subnet(SubnetId=net.subnet)
    assert code(excinfo) == "DependencyViolation"
    acct.ec2.delete_network_interface(NetworkInterfaceId=eni_id)
    acct.ec2.delete_subnet(SubnetId=net.subnet)


# DescribeNetworkInterfaces (filters subnet-id, vpc-id, private-ip-address, addresses.private-ip-address, group-id,
# status, mac-address, description, tag:<key>), Amazon EC2 API Reference
def test_network_interface_filters(acct, net):
    second_subnet = acct.ec2.create_subnet(VpcId=net.vpc, CidrBlock="10.0.2.0/24")["Subnet"]["SubnetId"]
    web = acct.ec2.create_security_group(GroupName="web", Description="web", VpcId=net.vpc)["GroupId"]
    a = new_eni(acct.ec2, net.subnet, Groups=[web], Description="alpha", SecondaryPrivateIpAddressCount=1,
                TagSpecifications=[{"ResourceType": "network-interface", "Tags": [{"Key": "Name", "Value": "alpha"}]}])
    b = new_eni(acct.ec2, second_subnet)
    a_id, b_id = a["NetworkInterfaceId"], b["NetworkInterfaceId"]
    secondary = [p["PrivateIpAddress"] for p in a["PrivateIpAddresses"] if not p["Primary"]][0]

    def found(name, value):
        out = acct.ec2.describe_network_interfaces(Filters=[{"Name": name, "Values": [value]}])
        return {n["NetworkInterfaceId"] for n in out["NetworkInterfaces"]}

    assert found("vpc-id", net.vpc) == {a_id, b_id}
    assert found("subnet-id", second_subnet) == {b_id}
    assert found("private-ip-address", a["PrivateIpAddress"]) == {a_id}
    assert found("addresses.private-ip-address", secondary) == {a_id}
    assert found("group-id", web) == {a_id}
    assert found("status", "available") == {a_id, b_id}
    assert found("mac-address", b["MacAddress"]) == {b_id}
    assert found("description", "alpha") == {a_id}
    assert found("tag:Name", "alpha") == {a_id}


# ---------------------------------------------------------------------------------------------------------------
# NAT gateways
# ---------------------------------------------------------------------------------------------------------------

def nat(ec2, nat_id: str) -> dict:
    return ec2.describe_nat_gateways(NatGatewayIds=[nat_id])["NatGateways"][0]


def wait_available(ec2, nat_id: str) -> dict:
    ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat_id], WaiterConfig=FAST_WAIT)
    return nat(ec2, nat_id)


# CreateNatGateway ("This action creates a network interface in the specified subnet with a private IP address from
# the IP address range of the subnet"), Amazon EC2 API Reference; "NAT gateways", Amazon VPC User Guide
def test_public_nat_gateway(acct, net):
    new_igw(acct.ec2, net.vpc)
    eip = allocate(acct.ec2)
    before = free_ips(acct.ec2, net.subnet)
    created = acct.ec2.create_nat_gateway(SubnetId=net.subnet, AllocationId=eip["AllocationId"])["NatGateway"]
    nat_id = created["NatGatewayId"]
    assert nat_id.startswith("nat-") and created["State"] in ("pending", "available")
    assert (created["SubnetId"], created["VpcId"], created["ConnectivityType"]) == (net.subnet, net.vpc, "public")
    ready = wait_available(acct.ec2, nat_id)
    assert ready["State"] == "available"
    [addr] = ready["NatGatewayAddresses"]
    assert (addr["AllocationId"], addr["PublicIp"]) == (eip["AllocationId"], eip["PublicIp"])
    private_ip = ipaddress.ip_address(addr["PrivateIp"])
    assert private_ip in ipaddress.ip_network("10.0.1.0/24") and int(private_ip) & 0xFF not in (0, 1, 2, 3, 255)
    assert free_ips(acct.ec2, net.subnet) == before - 1
    nat_eni = eni(acct.ec2, addr["NetworkInterfaceId"])
    assert nat_eni["SubnetId"] == net.subnet and nat_eni["PrivateIpAddress"] == addr["PrivateIp"]
    assert nat_eni["RequesterManaged"] is True
    assert nat_eni["InterfaceType"] == "nat_gateway"  # UNSURE: botocore's enum says natGateway; AWS sends nat_gateway
    described = address(acct.ec2, eip["AllocationId"])  # the EIP now shows the NAT gateway's interface
    assert described["NetworkInterfaceId"] == addr["NetworkInterfaceId"]
    assert described["PrivateIpAddress"] == addr["PrivateIp"] and described["AssociationId"].startswith("eipassoc-")


# CreateNatGateway (AllocationId: "[Public NAT gateways only] The allocation ID of an Elastic IP address"; the
# connectivity type defaults to public), Amazon EC2 API Reference
def test_public_nat_gateway_needs_an_allocation_id(acct, net):
    # UNSURE: the code is not documented; MissingParameter ("The request must contain the parameter ...") is the
    # documented common code for a missing required parameter. Emulators differ (one answers MissingParameter).
    new_igw(acct.ec2, net.vpc)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.create_nat_gateway(SubnetId=net.subnet)
    assert code(excinfo) == "MissingParameter"
    assert acct.ec2.describe_nat_gateways(Filter=[{"Name": "vpc-id", "Values": [net.vpc]}])["NatGateways"] == []


# CreateNatGateway (ConnectivityType private, PrivateIpAddress), Amazon EC2 API Reference
def test_private_nat_gateway(acct, net):
    created = acct.ec2.create_nat_gateway(SubnetId=net.subnet, ConnectivityType="private",
                                          PrivateIpAddress="10.0.1.50")["NatGateway"]
    ready = wait_available(acct.ec2, created["NatGatewayId"])
    assert ready["ConnectivityType"] == "private"
    [addr] = ready["NatGatewayAddresses"]
    assert addr["PrivateIp"] == "10.0.1.50" and "PublicIp" not in addr and "AllocationId" not in addr
    assert eni(acct.ec2, addr["NetworkInterfaceId"])["PrivateIpAddress"] == "10.0.1.50"


# CreateNatGateway, Amazon EC2 API Reference
def test_nat_gateway_with_unknown_allocation(acct, net):
    new_igw(acct.ec2, net.vpc)
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.create_nat_gateway(SubnetId=net.subnet, AllocationId=MISSING_ALLOCATION)
    assert code(excinfo) == "InvalidAllocationID.NotFound"
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.create_nat_gateway(SubnetId="subnet-0123456789abcdef0", ConnectivityType="private")
    assert code(excinfo) == "InvalidSubnetID.NotFound"


# DeleteNatGateway ("Deletes the specified NAT gateway. Deleting a public NAT gateway disassociates its Elastic IP
# address, but does not release the address"), Amazon EC2 API Reference; botocore's nat_gateway_deleted waiter
def test_delete_nat_gateway(acct, net):
    new_igw(acct.ec2, net.vpc)
    eip = allocate(acct.ec2)["AllocationId"]
    nat_id = acct.ec2.create_nat_gateway(SubnetId=net.subnet, AllocationId=eip)["NatGateway"]["NatGatewayId"]
    nat_eni = wait_available(acct.ec2, nat_id)["NatGatewayAddresses"][0]["NetworkInterfaceId"]
    assert acct.ec2.delete_nat_gateway(NatGatewayId=nat_id)["NatGatewayId"] == nat_id
    try:
        assert nat(acct.ec2, nat_id)["State"] in ("deleting", "deleted")
    except ClientError as exc:  # a deleted gateway may already be gone from the listing
        assert exc.response["Error"]["Code"] == "NatGatewayNotFound"
    acct.ec2.get_waiter("nat_gateway_deleted").wait(NatGatewayIds=[nat_id], WaiterConfig=FAST_WAIT)
    described = address(acct.ec2, eip)
    assert "AssociationId" not in described and "NetworkInterfaceId" not in described
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_network_interfaces(NetworkInterfaceIds=[nat_eni])
    assert code(excinfo) == "InvalidNetworkInterfaceID.NotFound"
    acct.ec2.release_address(AllocationId=eip)


# DescribeNatGateways / DeleteNatGateway, Amazon EC2 API Reference ("Error codes": NatGatewayNotFound; botocore's
# nat_gateway_available waiter retries on it)
def test_unknown_nat_gateway(acct):
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.describe_nat_gateways(NatGatewayIds=["nat-0123456789abcdef0"])
    assert code(excinfo) == "NatGatewayNotFound"
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.delete_nat_gateway(NatGatewayId="nat-0123456789abcdef0")
    assert code(excinfo) == "NatGatewayNotFound"


# DescribeNatGateways (Filter: nat-gateway-id, state, subnet-id, vpc-id, tag:<key>), Amazon EC2 API Reference
def test_nat_gateway_filters(acct, net):
    other_subnet = acct.ec2.create_subnet(VpcId=net.vpc, CidrBlock="10.0.2.0/24")["Subnet"]["SubnetId"]
    first = acct.ec2.create_nat_gateway(SubnetId=net.subnet, ConnectivityType="private", TagSpecifications=[
        {"ResourceType": "natgateway", "Tags": [{"Key": "Name", "Value": "first"}]}])["NatGateway"]["NatGatewayId"]
    second = acct.ec2.create_nat_gateway(SubnetId=other_subnet, ConnectivityType="private")["NatGateway"]["NatGatewayId"]
    for nat_id in (first, second):
        wait_available(acct.ec2, nat_id)

    def found(name, value):
        out = acct.ec2.describe_nat_gateways(Filter=[{"Name": name, "Values": [value]}])
        return {g["NatGatewayId"] for g in out["NatGateways"]}

    assert found("vpc-id", net.vpc) == {first, second}
    assert found("subnet-id", other_subnet) == {second}
    assert found("nat-gateway-id", first) == {first}
    assert found("tag:Name", "first") == {first}
    assert found("state", "available") == {first, second}
    assert nat(acct.ec2, first)["Tags"] == [{"Key": "Name", "Value": "first"}]


# AssociateAddress: an Elastic IP reaches nothing without the VPC's internet gateway; AWS refuses the association
# with Gateway.NotAttached ("Error codes for the Amazon EC2 API": "Gateway.NotAttached").
def test_associate_needs_an_internet_gateway(acct, net):
    eip = allocate(acct.ec2)["AllocationId"]
    interface = new_eni(acct.ec2, net.subnet)["NetworkInterfaceId"]
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.associate_address(AllocationId=eip, NetworkInterfaceId=interface)
    assert code(excinfo) == "Gateway.NotAttached"
