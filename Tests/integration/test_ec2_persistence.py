"""EC2 networking state survives a restart and a kill -9, and the default VPC is made once, not again after a
restart ("Default VPCs", Amazon VPC User Guide: deleting the default VPC does not bring it back on its own)."""
from ec2support import default_vpc, filters, new_subnet, new_vpc


def build(ec2):
    vpc = new_vpc(ec2, "10.9.0.0/16", TagSpecifications=[
        {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "kept"}]}])
    subnet = new_subnet(ec2, vpc, "10.9.1.0/24")
    eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]
    sg = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    eip = ec2.allocate_address(Domain="vpc")
    return vpc, subnet, eni, sg, eip


def check(ec2, vpc, subnet, eni, sg, eip):
    [kept] = ec2.describe_vpcs(Filters=filters(**{"tag:Name": "kept"}))["Vpcs"]
    assert kept["VpcId"] == vpc
    [sub] = ec2.describe_subnets(SubnetIds=[subnet])["Subnets"]
    assert sub["AvailableIpAddressCount"] == 250  # 251 usable in a /24, one held by the interface
    [interface] = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"]
    assert interface["PrivateIpAddress"] == eni["PrivateIpAddress"] and interface["MacAddress"] == eni["MacAddress"]
    [group] = ec2.describe_security_groups(GroupIds=[sg])["SecurityGroups"]
    assert [(p["IpProtocol"], p["FromPort"]) for p in group["IpPermissions"]] == [("tcp", 443)]
    [address] = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"]
    assert address["PublicIp"] == eip["PublicIp"]
    # One default VPC, the one made on first use.
    assert len(ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"]) == 1


def test_network_survives_restart(fresh_nimbus):
    server = fresh_nimbus()
    made = build(server.client("ec2"))
    server.restart()
    check(server.client("ec2"), *made)


def test_network_survives_kill_9(fresh_nimbus):
    server = fresh_nimbus()
    made = build(server.client("ec2"))
    server.kill9()
    server.start()
    check(server.client("ec2"), *made)


def test_deleted_default_vpc_stays_deleted_after_restart(fresh_nimbus):
    server = fresh_nimbus()
    ec2 = server.client("ec2")
    vpc = default_vpc(ec2)["VpcId"]
    [igw] = ec2.describe_internet_gateways(Filters=filters(**{"attachment.vpc-id": vpc}))["InternetGateways"]
    ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc)
    ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
    for subnet in ec2.describe_subnets(Filters=filters(**{"vpc-id": vpc}))["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    ec2.delete_vpc(VpcId=vpc)
    server.restart()
    ec2 = server.client("ec2")
    assert ec2.describe_vpcs()["Vpcs"] == []
    created = ec2.create_default_vpc()["Vpc"]
    assert created["IsDefault"] and created["CidrBlock"] == "172.31.0.0/16"
