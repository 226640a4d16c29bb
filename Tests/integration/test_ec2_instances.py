"""EC2 instances: RunInstances into a VPC subnet and into the default VPC, the instance document, its network
interface, root volume and addresses, the life cycle (stop, start, reboot, terminate), instance attributes,
DescribeInstances filters and pagination, and RunInstances' error codes, as the Amazon EC2 API Reference
(RunInstances, DescribeInstances, StopInstances, StartInstances, TerminateInstances, RebootInstances,
ModifyInstanceAttribute, DescribeInstanceAttribute, DescribeInstanceStatus, AssociateAddress, "Error codes for the
Amazon EC2 API") and the Amazon EC2 User Guide ("Amazon EC2 instance state changes", "Stop and start Amazon EC2
instances", "Terminate Amazon EC2 instances", "Amazon EC2 instance IP addressing", "Amazon EC2 instance hostname
types", "Work with instance user data", "Elastic IP addresses") describe them.

Every test works in an account of its own (ec2support's `acct`: the access key is a 12-digit id derived from the
test's node id), so subnet address counts, default VPCs and instance lists never meet another test's.

The image is the catalogue's Amazon Linux 2023 x86_64 AMI, found as a user would: DescribeImages (Owners amazon,
name al2023-ami-2023*-x86_64) or the public SSM parameter
/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64."""
import base64
import ipaddress
import re

import pytest

from ec2support import (ClientError, Net, account_id, al2023, amazon_images, code, default_vpc, fails, filters, instance,
                        new_igw, new_instance, new_subnet, new_vpc, only, wait_instances, zone_names)
from ec2support import acct, net  # noqa: F401  (fixtures: the test's own account, a VPC with one subnet in it)

AL2023_NAME = "al2023-ami-2023*-x86_64"
AL2023_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
INSTANCE_ID = re.compile(r"i-[0-9a-f]{17}")
RESERVATION_ID = re.compile(r"r-[0-9a-f]{17}")
VOLUME_ID = re.compile(r"vol-[0-9a-f]{17}")
ENI_ID = re.compile(r"eni-[0-9a-f]{17}")
MISSING_INSTANCE = "i-0123456789abcdef0"
MISSING_IMAGE = "ami-0123456789abcdef0"
MISSING_SUBNET = "subnet-0123456789abcdef0"
FRESH_24 = 251  # "Subnet CIDR blocks": a /24 less the 5 addresses AWS reserves

PENDING, RUNNING, SHUTTING_DOWN, TERMINATED, STOPPING, STOPPED = (
    {"Code": 0, "Name": "pending"}, {"Code": 16, "Name": "running"}, {"Code": 32, "Name": "shutting-down"},
    {"Code": 48, "Name": "terminated"}, {"Code": 64, "Name": "stopping"}, {"Code": 80, "Name": "stopped"})
RFC1918 = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------

@pytest.fixture
def public_net(acct, net) -> Net:
    """`net` with an internet gateway and MapPublicIpOnLaunch on its subnet."""
    new_igw(acct.ec2, net.vpc)
    acct.ec2.modify_subnet_attribute(SubnetId=net.subnet, MapPublicIpOnLaunch={"Value": True})
    return net


@pytest.fixture
def image(acct) -> dict:
    """The newest catalogue image named al2023-ami-2023*-x86_64, owned by Amazon."""
    return al2023(acct.ec2, AL2023_NAME)


def run(ec2, image_id: str, subnet: str | None = None, count: int = 1, **kwargs) -> dict:
    """RunInstances of `count` t3.micro instances; answers the reservation."""
    args = {"ImageId": image_id, "InstanceType": "t3.micro", "MinCount": count, "MaxCount": count}
    if subnet:
        args["SubnetId"] = subnet
    args.update(kwargs)
    return ec2.run_instances(**args)


def all_instances(ec2, **kwargs) -> list[dict]:
    return [i for r in ec2.describe_instances(**kwargs)["Reservations"] for i in r["Instances"]]


def ids(ec2, **filter_values) -> set[str]:
    return {i["InstanceId"] for i in all_instances(ec2, Filters=filters(**filter_values))}


def free_ips(ec2, subnet_id: str) -> int:
    return only(ec2.describe_subnets(SubnetIds=[subnet_id])["Subnets"])["AvailableIpAddressCount"]


def default_group(ec2, vpc_id: str) -> dict:
    return only(ec2.describe_security_groups(Filters=filters(**{"vpc-id": vpc_id, "group-name": "default"}))["SecurityGroups"])


def is_public_ipv4(text: str) -> bool:
    ip = ipaddress.ip_address(text)
    return ip.version == 4 and not any(ip in n for n in RFC1918) and not ip.is_loopback and not ip.is_unspecified


def private_dns_name(ip: str) -> str:
    # "Amazon EC2 instance hostname types" (IP name): ip-private-ipv4-address.ec2.internal in us-east-1
    return "ip-" + ip.replace(".", "-") + ".ec2.internal"


# ---------------------------------------------------------------------------------------------------------------
# RunInstances: the reservation and the instance document
# ---------------------------------------------------------------------------------------------------------------

# RunInstances (Reservation, Instance), Amazon EC2 API Reference; "Amazon EC2 instance state changes" (pending 0,
# running 16), "Amazon EC2 instance hostname types" (ip-10-0-1-4.ec2.internal), EC2 User Guide; "Subnet CIDR blocks"
# (the first four addresses are reserved, so a fresh /24 hands out .4 first; Nimbus gives the lowest free address),
# Amazon VPC User Guide
def test_run_instance_in_a_subnet(acct, net, image):
    acct.ec2.create_key_pair(KeyName="ops")
    reservation = run(acct.ec2, image["ImageId"], net.subnet, KeyName="ops")
    assert RESERVATION_ID.fullmatch(reservation["ReservationId"])
    assert reservation["OwnerId"] == acct.id
    answered = only(reservation["Instances"])
    instance_id = answered["InstanceId"]
    assert INSTANCE_ID.fullmatch(instance_id)
    assert answered["State"] == PENDING
    assert (answered["ImageId"], answered["InstanceType"], answered["KeyName"]) == (image["ImageId"], "t3.micro", "ops")
    assert (answered["SubnetId"], answered["VpcId"]) == (net.subnet, net.vpc)
    assert answered["Placement"]["AvailabilityZone"] == net.az
    assert answered["PrivateIpAddress"] == "10.0.1.4"
    assert answered["PrivateDnsName"] == "ip-10-0-1-4.ec2.internal"
    assert answered["AmiLaunchIndex"] == 0
    assert answered["Architecture"] == image["Architecture"] == "x86_64"
    assert answered["RootDeviceName"] == image["RootDeviceName"]
    group = default_group(acct.ec2, net.vpc)  # none given: the VPC's default security group
    assert answered["SecurityGroups"] == [{"GroupName": "default", "GroupId": group["GroupId"]}]
    assert "PublicIpAddress" not in answered  # the subnet does not map public addresses

    wait_instances(acct.ec2, "instance_running", instance_id)
    [described_reservation] = acct.ec2.describe_instances(InstanceIds=[instance_id])["Reservations"]
    assert described_reservation["ReservationId"] == reservation["ReservationId"]
    assert described_reservation["OwnerId"] == acct.id
    described = only(described_reservation["Instances"])
    assert described["State"] == RUNNING
    assert described["PrivateIpAddress"] == "10.0.1.4" and described["PrivateDnsName"] == "ip-10-0-1-4.ec2.internal"
    assert "PublicIpAddress" not in described
    assert described["RootDeviceType"] == "ebs" and "LaunchTime" in described

    [mapping] = described["BlockDeviceMappings"]
    assert mapping["DeviceName"] == described["RootDeviceName"] == image["RootDeviceName"]
    assert VOLUME_ID.fullmatch(mapping["Ebs"]["VolumeId"])
    assert mapping["Ebs"]["Status"] == "attached" and mapping["Ebs"]["DeleteOnTermination"] is True

    [interface] = described["NetworkInterfaces"]
    assert ENI_ID.fullmatch(interface["NetworkInterfaceId"])
    assert interface["Attachment"]["DeviceIndex"] == 0
    assert interface["Attachment"]["Status"] == "attached"
    assert interface["Attachment"]["DeleteOnTermination"] is True
    assert (interface["SubnetId"], interface["VpcId"], interface["PrivateIpAddress"]) == (net.subnet, net.vpc, "10.0.1.4")
    assert interface["OwnerId"] == acct.id
    assert [g["GroupId"] for g in interface["Groups"]] == [group["GroupId"]]
    eni = only(acct.ec2.describe_network_interfaces(
        NetworkInterfaceIds=[interface["NetworkInterfaceId"]])["NetworkInterfaces"])
    assert eni["Status"] == "in-use" and eni["Attachment"]["InstanceId"] == instance_id
    assert eni["MacAddress"] == interface["MacAddress"]

    assert free_ips(acct.ec2, net.subnet) == FRESH_24 - 1


# RunInstances (MinCount, MaxCount: "If you specify a minimum that is more instances than Amazon EC2 can launch ...
# Amazon EC2 launches no instances"; AmiLaunchIndex: "The AMI launch index, which can be used to find this instance
# in the launch group"), Amazon EC2 API Reference; "Subnet CIDR blocks" (AvailableIpAddressCount), Amazon VPC User Guide
def test_three_instances_in_one_reservation(acct, net, image):
    reservation = run(acct.ec2, image["ImageId"], net.subnet, count=3)
    instances = sorted(reservation["Instances"], key=lambda i: i["AmiLaunchIndex"])
    assert [i["AmiLaunchIndex"] for i in instances] == [0, 1, 2]
    instance_ids = [i["InstanceId"] for i in instances]
    assert len(set(instance_ids)) == 3 and all(INSTANCE_ID.fullmatch(i) for i in instance_ids)
    assert sorted(i["PrivateIpAddress"] for i in instances) == ["10.0.1.4", "10.0.1.5", "10.0.1.6"]
    assert free_ips(acct.ec2, net.subnet) == FRESH_24 - 3
    wait_instances(acct.ec2, "instance_running", *instance_ids)
    [described] = acct.ec2.describe_instances(InstanceIds=instance_ids)["Reservations"]
    assert described["ReservationId"] == reservation["ReservationId"]
    assert sorted(i["InstanceId"] for i in described["Instances"]) == sorted(instance_ids)
    # MaxCount above MinCount: with room enough, AWS launches MaxCount
    more = run(acct.ec2, image["ImageId"], net.subnet, MinCount=1, MaxCount=2)["Instances"]
    assert len(more) == 2
    assert free_ips(acct.ec2, net.subnet) == FRESH_24 - 5


# "Default VPCs" ("If you launch an instance without specifying a subnet, it's launched into a default subnet"),
# "Default subnets" (MapPublicIpOnLaunch: instances there get a public IPv4 address), Amazon VPC User Guide;
# "Amazon EC2 instance hostname types", EC2 User Guide
def test_run_instance_in_the_default_vpc(acct, image):
    default = default_vpc(acct.ec2)
    subnets = {s["SubnetId"]: s for s in acct.ec2.describe_subnets(
        Filters=filters(**{"vpc-id": default["VpcId"], "default-for-az": "true"}))["Subnets"]}
    instance_id = only(run(acct.ec2, image["ImageId"])["Instances"])["InstanceId"]
    wait_instances(acct.ec2, "instance_running", instance_id)
    described = instance(acct.ec2, instance_id)
    assert described["VpcId"] == default["VpcId"]
    assert described["SubnetId"] in subnets
    subnet = subnets[described["SubnetId"]]
    assert described["Placement"]["AvailabilityZone"] == subnet["AvailabilityZone"]
    assert ipaddress.ip_address(described["PrivateIpAddress"]) in ipaddress.ip_network(subnet["CidrBlock"])
    assert described["PrivateDnsName"] == private_dns_name(described["PrivateIpAddress"])
    assert is_public_ipv4(described["PublicIpAddress"])
    # default VPCs have DNS hostnames on: the public name is ec2-<address>.compute-1.amazonaws.com in us-east-1
    assert described["PublicDnsName"] == "ec2-" + described["PublicIpAddress"].replace(".", "-") + ".compute-1.amazonaws.com"
    group = default_group(acct.ec2, default["VpcId"])
    assert described["SecurityGroups"] == [{"GroupName": "default", "GroupId": group["GroupId"]}]
    assert free_ips(acct.ec2, subnet["SubnetId"]) == 4091 - 1


# RunInstances (Placement.AvailabilityZone without a subnet: the default subnet of that zone), Amazon EC2 API
# Reference; "Default subnets", Amazon VPC User Guide
def test_default_vpc_launch_in_a_chosen_zone(acct, image):
    default = default_vpc(acct.ec2)
    zones = zone_names(acct.ec2)
    zone = zones[1]
    [subnet] = acct.ec2.describe_subnets(Filters=filters(**{
        "vpc-id": default["VpcId"], "default-for-az": "true", "availability-zone": zone}))["Subnets"]
    answered = only(run(acct.ec2, image["ImageId"], Placement={"AvailabilityZone": zone})["Instances"])
    assert answered["Placement"]["AvailabilityZone"] == zone
    assert answered["SubnetId"] == subnet["SubnetId"]


# "Amazon EC2 instance IP addressing" > "Public IPv4 addresses" (the subnet's public IPv4 addressing attribute;
# "You can't manually associate or disassociate a public IP address"), EC2 User Guide; ModifySubnetAttribute
# (MapPublicIpOnLaunch), Amazon EC2 API Reference
def test_public_ip_from_the_subnet_setting(acct, public_net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], public_net.subnet)
    described = instance(acct.ec2, instance_id)
    public_ip = described["PublicIpAddress"]
    assert is_public_ipv4(public_ip)
    [interface] = described["NetworkInterfaces"]
    assert interface["Association"]["PublicIp"] == public_ip
    # UNSURE: IpOwnerId "amazon" for an auto-assigned address (an Elastic IP shows the account id)
    assert interface["Association"]["IpOwnerId"] == "amazon"
    assert described["PrivateIpAddress"] == "10.0.1.4"
    # "DNS attributes for your VPC": a VPC made with CreateVpc has DNS hostnames off, so no public DNS name
    assert described["PublicDnsName"] == ""  # UNSURE: AWS sends the empty string rather than leaving it out
    assert acct.ec2.describe_addresses()["Addresses"] == []


# RunInstances NetworkInterfaces (InstanceNetworkInterfaceSpecification.AssociatePublicIpAddress: "Indicates whether
# to assign a public IPv4 address ... applies only to a new network interface with a device index of 0"; it
# overrides the subnet's setting either way), Amazon EC2 API Reference
def test_associate_public_ip_address_in_network_interfaces(acct, net, image):
    new_igw(acct.ec2, net.vpc)
    group = default_group(acct.ec2, net.vpc)["GroupId"]
    asked = new_instance(acct.ec2, image["ImageId"], NetworkInterfaces=[
        {"DeviceIndex": 0, "SubnetId": net.subnet, "AssociatePublicIpAddress": True, "Groups": [group]}])
    described = instance(acct.ec2, asked)
    assert is_public_ipv4(described["PublicIpAddress"])
    assert described["SubnetId"] == net.subnet

    acct.ec2.modify_subnet_attribute(SubnetId=net.subnet, MapPublicIpOnLaunch={"Value": True})
    refused = new_instance(acct.ec2, image["ImageId"], NetworkInterfaces=[
        {"DeviceIndex": 0, "SubnetId": net.subnet, "AssociatePublicIpAddress": False}])
    assert "PublicIpAddress" not in instance(acct.ec2, refused)


# RunInstances (SecurityGroupIds), Amazon EC2 API Reference
def test_security_groups_given(acct, net, image):
    web = acct.ec2.create_security_group(GroupName="web", Description="web", VpcId=net.vpc)["GroupId"]
    app = acct.ec2.create_security_group(GroupName="app", Description="app", VpcId=net.vpc)["GroupId"]
    described = instance(acct.ec2, new_instance(acct.ec2, image["ImageId"], net.subnet, SecurityGroupIds=[web, app]))
    assert sorted((g["GroupName"], g["GroupId"]) for g in described["SecurityGroups"]) == sorted(
        [("web", web), ("app", app)])
    assert {g["GroupId"] for g in described["NetworkInterfaces"][0]["Groups"]} == {web, app}


# RunInstances (TagSpecifications: "The tags to apply to the resources that are created during instance launch ...
# instance, volume, network-interface"), Amazon EC2 API Reference; "Tag your Amazon EC2 resources", EC2 User Guide
def test_tags_from_tag_specifications(acct, net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], net.subnet, TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web-1"}, {"Key": "team", "Value": "blue"}]},
        {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "web-1-root"}]}])
    described = instance(acct.ec2, instance_id)
    assert {t["Key"]: t["Value"] for t in described["Tags"]} == {"Name": "web-1", "team": "blue"}
    volume_id = described["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    [volume] = acct.ec2.describe_volumes(VolumeIds=[volume_id])["Volumes"]
    assert {t["Key"]: t["Value"] for t in volume["Tags"]} == {"Name": "web-1-root"}
    assert volume["Attachments"][0]["InstanceId"] == instance_id
    tagged = acct.ec2.describe_tags(Filters=filters(**{"resource-id": instance_id}))["Tags"]
    assert {(t["Key"], t["Value"], t["ResourceType"]) for t in tagged} == {
        ("Name", "web-1", "instance"), ("team", "blue", "instance")}


# RunInstances (ClientToken: "Unique, case-sensitive identifier you provide to ensure the idempotency of the
# request"), Amazon EC2 API Reference; "Ensuring idempotency in Amazon EC2 API requests"; "Error codes for the Amazon
# EC2 API" (IdempotentParameterMismatch)
def test_client_token_idempotency(acct, net, image):
    first = run(acct.ec2, image["ImageId"], net.subnet, count=2, ClientToken="launch-web-1")
    again = run(acct.ec2, image["ImageId"], net.subnet, count=2, ClientToken="launch-web-1")
    assert again["ReservationId"] == first["ReservationId"]
    assert sorted(i["InstanceId"] for i in again["Instances"]) == sorted(i["InstanceId"] for i in first["Instances"])
    assert free_ips(acct.ec2, net.subnet) == FRESH_24 - 2
    other = run(acct.ec2, image["ImageId"], net.subnet, ClientToken="launch-web-2")
    assert other["ReservationId"] != first["ReservationId"]
    assert len(all_instances(acct.ec2)) == 3
    # the same token with other parameters
    assert fails(acct.ec2.run_instances, ImageId=image["ImageId"], InstanceType="t3.small", MinCount=2, MaxCount=2,
                 SubnetId=net.subnet, ClientToken="launch-web-1") == "IdempotentParameterMismatch"


# "Find an Amazon Linux AMI" / "Reference AMIs with Systems Manager parameters" (the public parameter
# /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64, and ImageId "resolve:ssm:<parameter>"),
# EC2 User Guide; GetParameter, AWS Systems Manager API Reference
def test_image_from_the_ssm_parameter(nimbus, acct, net):
    ssm = nimbus.client("ssm", access_key=acct.id)
    image_id = ssm.get_parameter(Name=AL2023_PARAMETER)["Parameter"]["Value"]
    assert re.fullmatch(r"ami-[0-9a-f]{17}", image_id)
    [catalogued] = acct.ec2.describe_images(ImageIds=[image_id])["Images"]
    assert catalogued["Architecture"] == "x86_64" and catalogued["Name"].startswith("al2023-ami-2023")
    assert image_id in {i["ImageId"] for i in amazon_images(acct.ec2, name=AL2023_NAME)}
    answered = only(run(acct.ec2, "resolve:ssm:" + AL2023_PARAMETER, net.subnet)["Instances"])
    assert answered["ImageId"] == image_id
    assert instance(acct.ec2, answered["InstanceId"])["ImageId"] == image_id


# ---------------------------------------------------------------------------------------------------------------
# RunInstances: errors
# ---------------------------------------------------------------------------------------------------------------

# "Error codes for the Amazon EC2 API" (InvalidAMIID.NotFound: "The specified AMI doesn't exist")
def test_unknown_image(acct, net):
    assert fails(run, ec2=acct.ec2, image_id=MISSING_IMAGE, subnet=net.subnet) == "InvalidAMIID.NotFound"


# "Error codes for the Amazon EC2 API" (InvalidAMIID.Malformed: "The specified AMI ID is malformed")
@pytest.mark.parametrize("bad", ["ami-xyz", "bogus"])
def test_malformed_image(acct, net, bad):
    assert fails(run, ec2=acct.raw, image_id=bad, subnet=net.subnet) == "InvalidAMIID.Malformed"


# "Error codes for the Amazon EC2 API" (InvalidSubnetID.NotFound)
def test_unknown_subnet(acct, image):
    assert fails(run, ec2=acct.ec2, image_id=image["ImageId"], subnet=MISSING_SUBNET) == "InvalidSubnetID.NotFound"


# RunInstances with an instance type EC2 does not have: AWS answers InvalidParameterValue
# "Invalid value 't3.bogus' for InstanceType." (not InvalidInstanceType, which DescribeInstanceTypes answers)
def test_unknown_instance_type(acct, net, image):
    with pytest.raises(ClientError) as excinfo:
        run(acct.raw, image["ImageId"], net.subnet, InstanceType="t3.bogus")
    assert code(excinfo) == "InvalidParameterValue"
    assert "t3.bogus" in excinfo.value.response["Error"]["Message"]


# RunInstances with an arm64 instance type and an x86_64 AMI: AWS answers InvalidParameterValue "The architecture
# 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI. Specify an
# instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or
# 'describe-images' to discover the architecture of the instance type or AMI."
def test_architecture_mismatch(acct, net, image):
    with pytest.raises(ClientError) as excinfo:
        run(acct.ec2, image["ImageId"], net.subnet, InstanceType="m7g.large")
    assert code(excinfo) == "InvalidParameterValue"
    assert excinfo.value.response["Error"]["Message"].startswith(
        "The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the "
        "specified AMI.")


# RunInstances with a security group of another VPC: AWS answers InvalidParameter "Security group sg-... and subnet
# subnet-... belong to different networks."
def test_security_group_of_another_vpc(acct, net, image):
    other_vpc = new_vpc(acct.ec2, "10.1.0.0/16")
    foreign = acct.ec2.create_security_group(GroupName="elsewhere", Description="x", VpcId=other_vpc)["GroupId"]
    with pytest.raises(ClientError) as excinfo:
        run(acct.ec2, image["ImageId"], net.subnet, SecurityGroupIds=[foreign])
    assert code(excinfo) == "InvalidParameter"
    assert excinfo.value.response["Error"]["Message"] == (
        f"Security group {foreign} and subnet {net.subnet} belong to different networks.")


# "Error codes for the Amazon EC2 API" (InvalidGroup.NotFound)
def test_unknown_security_group(acct, net, image):
    assert fails(run, ec2=acct.ec2, image_id=image["ImageId"], subnet=net.subnet,
                 SecurityGroupIds=["sg-0123456789abcdef0"]) == "InvalidGroup.NotFound"


# RunInstances (PrivateIpAddress: "The primary IPv4 address. You must specify a value from the IPv4 address range of
# the subnet"), Amazon EC2 API Reference; "Subnet CIDR blocks" (reserved addresses), Amazon VPC User Guide; AWS
# answers InvalidParameterValue for an address outside the subnet or reserved, InvalidIPAddress.InUse for a taken one
@pytest.mark.parametrize("address,expected", [
    ("10.0.2.10", "InvalidParameterValue"),      # outside the subnet
    ("192.168.0.10", "InvalidParameterValue"),   # outside the VPC
    ("10.0.1.0", "InvalidParameterValue"),       # the network address
    ("10.0.1.1", "InvalidParameterValue"),       # the VPC router
    ("10.0.1.3", "InvalidParameterValue"),       # reserved for future use
    ("10.0.1.255", "InvalidParameterValue"),     # broadcast
])
def test_private_ip_outside_or_reserved(acct, net, image, address, expected):
    assert fails(run, ec2=acct.ec2, image_id=image["ImageId"], subnet=net.subnet, PrivateIpAddress=address) == expected


# RunInstances (PrivateIpAddress), Amazon EC2 API Reference; "Error codes for the Amazon EC2 API"
# (InvalidIPAddress.InUse: "The specified IP address is already in use")
def test_private_ip_chosen_and_taken(acct, net, image):
    chosen = only(run(acct.ec2, image["ImageId"], net.subnet, PrivateIpAddress="10.0.1.50")["Instances"])
    assert chosen["PrivateIpAddress"] == "10.0.1.50"
    assert fails(run, ec2=acct.ec2, image_id=image["ImageId"], subnet=net.subnet,
                 PrivateIpAddress="10.0.1.50") == "InvalidIPAddress.InUse"
    eni = acct.ec2.create_network_interface(SubnetId=net.subnet, PrivateIpAddress="10.0.1.60")["NetworkInterface"]
    assert eni["PrivateIpAddress"] == "10.0.1.60"
    assert fails(run, ec2=acct.ec2, image_id=image["ImageId"], subnet=net.subnet,
                 PrivateIpAddress="10.0.1.60") == "InvalidIPAddress.InUse"


# "Error codes for the Amazon EC2 API" (InvalidKeyPair.NotFound: "The specified key pair name doesn't exist")
def test_unknown_key_pair(acct, net, image):
    assert fails(run, ec2=acct.ec2, image_id=image["ImageId"], subnet=net.subnet,
                 KeyName="nobody's-key") == "InvalidKeyPair.NotFound"


# "Work with instance user data" ("User data is limited to 16 KB, in raw form, before it is base64-encoded"),
# EC2 User Guide; AWS answers InvalidParameterValue "User data is limited to 16384 bytes"
def test_user_data_limit(acct, net, image):
    at_limit = only(run(acct.ec2, image["ImageId"], net.subnet, UserData="x" * 16384)["Instances"])
    assert INSTANCE_ID.fullmatch(at_limit["InstanceId"])
    with pytest.raises(ClientError) as excinfo:
        run(acct.ec2, image["ImageId"], net.subnet, UserData="x" * 16385)
    assert code(excinfo) == "InvalidParameterValue"
    assert "16384" in excinfo.value.response["Error"]["Message"]


# RunInstances (MinCount: "Constraints: Between 1 and the maximum number you're allowed for the specified instance
# type"; MaxCount), Amazon EC2 API Reference
# UNSURE: the exact code for MinCount > MaxCount (InvalidParameterValue assumed; AWS's page does not name it).
def test_min_count_above_max_count(acct, net, image):
    assert fails(acct.raw.run_instances, ImageId=image["ImageId"], InstanceType="t3.micro", SubnetId=net.subnet,
                 MinCount=3, MaxCount=2) == "InvalidParameterValue"
    assert all_instances(acct.ec2) == []


# RunInstances (DryRun: "If you have the required permissions, the error response is DryRunOperation"),
# Amazon EC2 API Reference
def test_dry_run(acct, net, image):
    assert fails(run, ec2=acct.ec2, image_id=image["ImageId"], subnet=net.subnet, DryRun=True) == "DryRunOperation"
    assert all_instances(acct.ec2) == []
    assert free_ips(acct.ec2, net.subnet) == FRESH_24


# RunInstances: a refused launch leaves nothing behind (no instance, no interface, no address taken)
def test_failed_launches_leave_nothing_behind(acct, net, image):
    for kwargs in ({"KeyName": "missing"}, {"PrivateIpAddress": "10.0.1.1"}, {"InstanceType": "m7g.large"},
                   {"SecurityGroupIds": ["sg-0123456789abcdef0"]}):
        with pytest.raises(ClientError):
            run(acct.ec2, image["ImageId"], net.subnet, count=2, **kwargs)
    assert all_instances(acct.ec2) == []
    assert acct.ec2.describe_network_interfaces(Filters=filters(**{"subnet-id": net.subnet}))["NetworkInterfaces"] == []
    assert free_ips(acct.ec2, net.subnet) == FRESH_24
    # the next launch still gets the subnet's first address
    assert only(run(acct.ec2, image["ImageId"], net.subnet)["Instances"])["PrivateIpAddress"] == "10.0.1.4"


# ---------------------------------------------------------------------------------------------------------------
# Life cycle
# ---------------------------------------------------------------------------------------------------------------

# StopInstances / StartInstances (InstanceStateChange: CurrentState, PreviousState), Amazon EC2 API Reference;
# "Stop and start Amazon EC2 instances" ("The instance retains its private IPv4 addresses ... We release the public
# IPv4 address ... and assign a new one when you start it"), "Amazon EC2 instance state changes" (stopping 64,
# stopped 80), EC2 User Guide
def test_stop_and_start(acct, public_net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], public_net.subnet)
    before = instance(acct.ec2, instance_id)
    first_public = before["PublicIpAddress"]

    [change] = acct.ec2.stop_instances(InstanceIds=[instance_id])["StoppingInstances"]
    assert change == {"InstanceId": instance_id, "CurrentState": STOPPING, "PreviousState": RUNNING}
    wait_instances(acct.ec2, "instance_stopped", instance_id)
    stopped = instance(acct.ec2, instance_id)
    assert stopped["State"] == STOPPED
    assert stopped["PrivateIpAddress"] == before["PrivateIpAddress"] == "10.0.1.4"
    assert "PublicIpAddress" not in stopped
    assert stopped["BlockDeviceMappings"][0]["Ebs"]["VolumeId"] == before["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    assert stopped["NetworkInterfaces"][0]["NetworkInterfaceId"] == before["NetworkInterfaces"][0]["NetworkInterfaceId"]
    assert free_ips(acct.ec2, public_net.subnet) == FRESH_24 - 1  # a stopped instance keeps its interface

    [change] = acct.ec2.start_instances(InstanceIds=[instance_id])["StartingInstances"]
    assert change == {"InstanceId": instance_id, "CurrentState": PENDING, "PreviousState": STOPPED}
    wait_instances(acct.ec2, "instance_running", instance_id)
    started = instance(acct.ec2, instance_id)
    assert started["State"] == RUNNING
    assert started["PrivateIpAddress"] == "10.0.1.4"
    assert is_public_ipv4(started["PublicIpAddress"])
    # UNSURE: AWS only promises a new address from its pool; a repeat is unlikely there and Nimbus never repeats one.
    assert started["PublicIpAddress"] != first_public


# AssociateAddress (InstanceId: "The ID of the instance ... the Elastic IP address is associated with the primary
# IP address of the primary network interface"), Amazon EC2 API Reference; "Elastic IP addresses" ("An Elastic IP
# address ... remains associated with the instance when you stop and start it"; terminating disassociates it),
# Amazon VPC User Guide / EC2 User Guide
def test_elastic_ip_on_an_instance(acct, public_net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], public_net.subnet)
    eni_id = instance(acct.ec2, instance_id)["NetworkInterfaces"][0]["NetworkInterfaceId"]
    eip = acct.ec2.allocate_address(Domain="vpc")
    association = acct.ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=instance_id)["AssociationId"]
    assert association.startswith("eipassoc-")
    [address] = acct.ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"]
    assert (address["InstanceId"], address["NetworkInterfaceId"], address["PrivateIpAddress"]) == (
        instance_id, eni_id, "10.0.1.4")
    assert address["AssociationId"] == association
    described = instance(acct.ec2, instance_id)
    assert described["PublicIpAddress"] == eip["PublicIp"]
    assert described["NetworkInterfaces"][0]["Association"]["PublicIp"] == eip["PublicIp"]
    assert described["NetworkInterfaces"][0]["Association"]["IpOwnerId"] == acct.id
    assert ids(acct.ec2, **{"ip-address": eip["PublicIp"]}) == {instance_id}

    acct.ec2.stop_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_stopped", instance_id)
    # UNSURE: AWS shows the Elastic IP as PublicIpAddress of the stopped instance too (the association stays).
    assert instance(acct.ec2, instance_id)["PublicIpAddress"] == eip["PublicIp"]
    acct.ec2.start_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_running", instance_id)
    assert instance(acct.ec2, instance_id)["PublicIpAddress"] == eip["PublicIp"]
    assert acct.ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]["AssociationId"] == association

    acct.ec2.terminate_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_terminated", instance_id)
    [address] = acct.ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"]
    assert "AssociationId" not in address and "InstanceId" not in address  # disassociated, still allocated
    acct.ec2.release_address(AllocationId=eip["AllocationId"])


# TerminateInstances ("Terminated instances remain visible after termination (for approximately one hour)";
# InstanceStateChange), Amazon EC2 API Reference; "Terminate Amazon EC2 instances" (root volume deleted when
# DeleteOnTermination is true; network interfaces attached at launch are deleted), "Amazon EC2 instance state
# changes" (shutting-down 32, terminated 48), EC2 User Guide
def test_terminate(acct, public_net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], public_net.subnet)
    before = instance(acct.ec2, instance_id)
    volume_id = before["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    eni_id = before["NetworkInterfaces"][0]["NetworkInterfaceId"]
    assert free_ips(acct.ec2, public_net.subnet) == FRESH_24 - 1

    [change] = acct.ec2.terminate_instances(InstanceIds=[instance_id])["TerminatingInstances"]
    assert change == {"InstanceId": instance_id, "CurrentState": SHUTTING_DOWN, "PreviousState": RUNNING}
    wait_instances(acct.ec2, "instance_terminated", instance_id)
    gone = instance(acct.ec2, instance_id)  # still described
    assert gone["State"] == TERMINATED
    assert "PublicIpAddress" not in gone
    # UNSURE: AWS's terminated instance document drops its interfaces and private address; Nimbus is held to that.
    assert not gone.get("NetworkInterfaces") and "PrivateIpAddress" not in gone
    assert ids(acct.ec2, **{"instance-state-name": "terminated"}) == {instance_id}

    assert fails(acct.ec2.describe_network_interfaces, NetworkInterfaceIds=[eni_id]) == "InvalidNetworkInterfaceID.NotFound"
    # UNSURE: AWS may show a just-deleted volume as "deleting" for a moment; once gone it answers InvalidVolume.NotFound.
    assert fails(acct.ec2.describe_volumes, VolumeIds=[volume_id]) == "InvalidVolume.NotFound"
    assert free_ips(acct.ec2, public_net.subnet) == FRESH_24
    # the released address is handed out again
    assert only(run(acct.ec2, image["ImageId"], public_net.subnet)["Instances"])["PrivateIpAddress"] == "10.0.1.4"
    # terminating a terminated instance is not an error
    # UNSURE: AWS's answer then (assumed: terminated -> terminated).
    [again] = acct.ec2.terminate_instances(InstanceIds=[instance_id])["TerminatingInstances"]
    assert again["CurrentState"] == TERMINATED and again["PreviousState"] == TERMINATED


# StopInstances / StartInstances of a terminated instance: "Error codes for the Amazon EC2 API" (IncorrectInstanceState:
# "The instance is in an incorrect state for the requested action")
def test_terminated_instance_cannot_stop_or_start(acct, net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], net.subnet)
    acct.ec2.terminate_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_terminated", instance_id)
    assert fails(acct.ec2.stop_instances, InstanceIds=[instance_id]) == "IncorrectInstanceState"
    assert fails(acct.ec2.start_instances, InstanceIds=[instance_id]) == "IncorrectInstanceState"


# "Enable termination protection" ("The DisableApiTermination attribute controls whether the instance can be
# terminated using the console, CLI, or API"), EC2 User Guide; ModifyInstanceAttribute (DisableApiTermination),
# RunInstances (DisableApiTermination); "Error codes for the Amazon EC2 API" (OperationNotPermitted); AWS answers
# "The instance 'i-...' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again."
def test_termination_protection(acct, net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], net.subnet, DisableApiTermination=True)
    attribute = acct.ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="disableApiTermination")
    assert attribute["DisableApiTermination"] == {"Value": True}
    with pytest.raises(ClientError) as excinfo:
        acct.ec2.terminate_instances(InstanceIds=[instance_id])
    assert code(excinfo) == "OperationNotPermitted"
    assert "disableApiTermination" in excinfo.value.response["Error"]["Message"]
    assert instance(acct.ec2, instance_id)["State"] == RUNNING
    # stopping stays allowed
    acct.ec2.stop_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_stopped", instance_id)
    assert fails(acct.ec2.terminate_instances, InstanceIds=[instance_id]) == "OperationNotPermitted"
    acct.ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiTermination={"Value": False})
    acct.ec2.terminate_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_terminated", instance_id)
    # set on a running instance with ModifyInstanceAttribute
    other = new_instance(acct.ec2, image["ImageId"], net.subnet)
    acct.ec2.modify_instance_attribute(InstanceId=other, DisableApiTermination={"Value": True})
    assert fails(acct.ec2.terminate_instances, InstanceIds=[other]) == "OperationNotPermitted"


# ModifyInstanceAttribute (InstanceType: "Changes the instance type to the specified value ... If the instance type is
# not valid, the error returned is InvalidInstanceAttributeValue"; UserData), "Change the instance type" ("You must
# stop your instance before you can change its instance type"), EC2 User Guide; "Error codes for the Amazon EC2 API"
# (IncorrectInstanceState); AWS answers "The instance 'i-...' is not in the 'stopped' state."
def test_modify_instance_type(acct, net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], net.subnet)
    assert fails(acct.ec2.modify_instance_attribute, InstanceId=instance_id,
                 InstanceType={"Value": "t3.small"}) == "IncorrectInstanceState"
    assert fails(acct.ec2.modify_instance_attribute, InstanceId=instance_id,
                 UserData={"Value": b"echo new"}) == "IncorrectInstanceState"
    acct.ec2.stop_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_stopped", instance_id)
    acct.ec2.modify_instance_attribute(InstanceId=instance_id, InstanceType={"Value": "t3.small"})
    assert instance(acct.ec2, instance_id)["InstanceType"] == "t3.small"
    assert acct.ec2.describe_instance_attribute(
        InstanceId=instance_id, Attribute="instanceType")["InstanceType"] == {"Value": "t3.small"}
    assert fails(acct.raw.modify_instance_attribute, InstanceId=instance_id,
                 InstanceType={"Value": "t3.bogus"}) == "InvalidInstanceAttributeValue"
    acct.ec2.modify_instance_attribute(InstanceId=instance_id, UserData={"Value": b"echo new"})
    assert base64.b64decode(acct.ec2.describe_instance_attribute(
        InstanceId=instance_id, Attribute="userData")["UserData"]["Value"]) == b"echo new"
    acct.ec2.start_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_running", instance_id)
    assert instance(acct.ec2, instance_id)["InstanceType"] == "t3.small"


# DescribeInstanceAttribute (instanceType | userData | disableApiTermination | instanceInitiatedShutdownBehavior),
# RunInstances (InstanceInitiatedShutdownBehavior "Default: stop"), Amazon EC2 API Reference; "Work with instance user
# data" (returned base64-encoded), EC2 User Guide
def test_describe_instance_attribute(acct, net, image):
    script = "#!/bin/bash\necho hello > /tmp/hello\n"
    plain = new_instance(acct.ec2, image["ImageId"], net.subnet, UserData=script)
    answer = acct.ec2.describe_instance_attribute(InstanceId=plain, Attribute="instanceType")
    assert answer["InstanceId"] == plain and answer["InstanceType"] == {"Value": "t3.micro"}
    user_data = acct.ec2.describe_instance_attribute(InstanceId=plain, Attribute="userData")["UserData"]["Value"]
    assert base64.b64decode(user_data).decode() == script
    assert acct.ec2.describe_instance_attribute(
        InstanceId=plain, Attribute="disableApiTermination")["DisableApiTermination"] == {"Value": False}
    assert acct.ec2.describe_instance_attribute(
        InstanceId=plain, Attribute="instanceInitiatedShutdownBehavior")["InstanceInitiatedShutdownBehavior"] == {"Value": "stop"}

    chosen = new_instance(acct.ec2, image["ImageId"], net.subnet, InstanceInitiatedShutdownBehavior="terminate")
    assert acct.ec2.describe_instance_attribute(
        InstanceId=chosen, Attribute="instanceInitiatedShutdownBehavior")["InstanceInitiatedShutdownBehavior"] == {"Value": "terminate"}
    # no user data given: the attribute has no value
    assert "Value" not in acct.ec2.describe_instance_attribute(InstanceId=chosen, Attribute="userData").get("UserData", {})
    assert fails(acct.ec2.describe_instance_attribute, InstanceId=MISSING_INSTANCE,
                 Attribute="instanceType") == "InvalidInstanceID.NotFound"


# RebootInstances ("Requests a reboot of the specified instances. This operation is asynchronous"), Amazon EC2 API
# Reference; "Reboot your instance" (it stays on the same host and keeps its addresses), EC2 User Guide
def test_reboot(acct, public_net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], public_net.subnet)
    before = instance(acct.ec2, instance_id)
    acct.ec2.reboot_instances(InstanceIds=[instance_id])
    wait_instances(acct.ec2, "instance_running", instance_id)
    after = instance(acct.ec2, instance_id)
    assert after["State"] == RUNNING
    assert (after["PrivateIpAddress"], after["PublicIpAddress"]) == (before["PrivateIpAddress"], before["PublicIpAddress"])
    assert fails(acct.ec2.reboot_instances, InstanceIds=[MISSING_INSTANCE]) == "InvalidInstanceID.NotFound"


# DescribeInstanceStatus (IncludeAllInstances: "When true, includes the health status for all instances. When false,
# includes the health status for running instances only. Default: false"), Amazon EC2 API Reference
def test_describe_instance_status(acct, net, image):
    running = new_instance(acct.ec2, image["ImageId"], net.subnet)
    stopped = new_instance(acct.ec2, image["ImageId"], net.subnet)
    acct.ec2.stop_instances(InstanceIds=[stopped])
    wait_instances(acct.ec2, "instance_stopped", stopped)

    [status] = acct.ec2.describe_instance_status()["InstanceStatuses"]
    assert status["InstanceId"] == running
    assert status["InstanceState"] == RUNNING
    assert status["AvailabilityZone"] == net.az
    # UNSURE: a fresh instance may show "initializing" before "ok"; either is AWS's.
    assert status["InstanceStatus"]["Status"] in ("ok", "initializing")
    assert status["SystemStatus"]["Status"] in ("ok", "initializing")

    every = {s["InstanceId"]: s for s in acct.ec2.describe_instance_status(IncludeAllInstances=True)["InstanceStatuses"]}
    assert set(every) == {running, stopped}
    assert every[stopped]["InstanceState"] == STOPPED
    assert every[stopped]["InstanceStatus"]["Status"] == "not-applicable"
    assert acct.ec2.describe_instance_status(InstanceIds=[stopped])["InstanceStatuses"] == []
    assert [s["InstanceId"] for s in acct.ec2.describe_instance_status(
        InstanceIds=[stopped], IncludeAllInstances=True)["InstanceStatuses"]] == [stopped]


# ---------------------------------------------------------------------------------------------------------------
# DescribeInstances: filters, pagination, ID errors
# ---------------------------------------------------------------------------------------------------------------

# DescribeInstances (Filter.N: availability-zone, image-id, instance-id, instance-state-name, instance-type,
# private-ip-address, subnet-id, tag:<key>, tag-key, vpc-id), Amazon EC2 API Reference
def test_describe_instances_filters(acct, net, image):
    zones = zone_names(acct.ec2)
    other_zone = next(z for z in zones if z != net.az)
    second = new_subnet(acct.ec2, net.vpc, "10.0.2.0/24", AvailabilityZone=other_zone)
    a = new_instance(acct.ec2, image["ImageId"], net.subnet,
                     TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "alpha"}]}])
    b = new_instance(acct.ec2, image["ImageId"], second, instance_type="t3.small",
                     TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "beta"}]}])
    elsewhere_vpc = new_vpc(acct.ec2, "10.1.0.0/16")
    c = new_instance(acct.ec2, image["ImageId"], new_subnet(acct.ec2, elsewhere_vpc, "10.1.1.0/24"))
    acct.ec2.stop_instances(InstanceIds=[b])
    wait_instances(acct.ec2, "instance_stopped", b)

    assert ids(acct.ec2, **{"instance-id": a}) == {a}
    assert ids(acct.ec2, **{"instance-id": [a, c]}) == {a, c}
    assert ids(acct.ec2, **{"instance-state-name": "running"}) == {a, c}
    assert ids(acct.ec2, **{"instance-state-name": "stopped"}) == {b}
    assert ids(acct.ec2, **{"instance-state-code": "80"}) == {b}
    assert ids(acct.ec2, **{"subnet-id": second}) == {b}
    assert ids(acct.ec2, **{"vpc-id": net.vpc}) == {a, b}
    assert ids(acct.ec2, **{"vpc-id": elsewhere_vpc}) == {c}
    assert ids(acct.ec2, **{"private-ip-address": "10.0.2.4"}) == {b}
    assert ids(acct.ec2, **{"private-ip-address": "10.0.1.4"}) == {a}
    assert ids(acct.ec2, **{"tag:Name": "alpha"}) == {a}
    assert ids(acct.ec2, **{"tag:Name": ["alpha", "beta"]}) == {a, b}
    assert ids(acct.ec2, **{"tag-key": "Name"}) == {a, b}
    assert ids(acct.ec2, **{"image-id": image["ImageId"]}) == {a, b, c}
    assert ids(acct.ec2, **{"instance-type": "t3.small"}) == {b}
    assert ids(acct.ec2, **{"availability-zone": other_zone}) == {b}
    # filters AND together; values of one filter OR
    assert ids(acct.ec2, **{"vpc-id": net.vpc, "instance-state-name": "running"}) == {a}
    assert ids(acct.ec2, **{"instance-type": "t3.micro", "tag:Name": "beta"}) == set()
    assert ids(acct.ec2, **{"image-id": MISSING_IMAGE}) == set()


# DescribeInstances (MaxResults: "You cannot specify this parameter and the instance IDs parameter in the same
# request", Valid Range 5 to 1000; NextToken), Amazon EC2 API Reference
def test_describe_instances_pagination(acct, net, image):
    launched = {only(run(acct.ec2, image["ImageId"], net.subnet)["Instances"])["InstanceId"] for _ in range(6)}
    # six reservations of one instance each, so a page of MaxResults instances and of reservations agree
    first = acct.ec2.describe_instances(MaxResults=5)
    first_ids = [i["InstanceId"] for r in first["Reservations"] for i in r["Instances"]]
    assert len(first_ids) == 5 and first.get("NextToken")
    second = acct.ec2.describe_instances(MaxResults=5, NextToken=first["NextToken"])
    second_ids = [i["InstanceId"] for r in second["Reservations"] for i in r["Instances"]]
    assert len(second_ids) == 1 and not second.get("NextToken")
    assert set(first_ids) | set(second_ids) == launched
    paged = {i["InstanceId"] for page in acct.ec2.get_paginator("describe_instances").paginate(
        PaginationConfig={"PageSize": 5}) for r in page["Reservations"] for i in r["Instances"]}
    assert paged == launched
    assert fails(acct.ec2.describe_instances, InstanceIds=sorted(launched)[:1], MaxResults=5) == "InvalidParameterCombination"
    assert fails(acct.raw.describe_instances, MaxResults=4) == "InvalidParameterValue"


# "Error codes for the Amazon EC2 API" (InvalidInstanceID.NotFound: "The specified instance does not exist";
# InvalidInstanceID.Malformed: "The specified instance ID is not valid")
def test_instance_id_errors(nimbus, request, acct, net, image):
    instance_id = only(run(acct.ec2, image["ImageId"], net.subnet)["Instances"])["InstanceId"]
    for call in (acct.ec2.describe_instances, acct.ec2.stop_instances, acct.ec2.start_instances,
                 acct.ec2.terminate_instances, acct.ec2.reboot_instances):
        assert fails(call, InstanceIds=[MISSING_INSTANCE]) == "InvalidInstanceID.NotFound", call
        assert fails(call, InstanceIds=["i-nothex"]) == "InvalidInstanceID.Malformed", call
    # one missing id fails the whole request
    assert fails(acct.ec2.describe_instances, InstanceIds=[instance_id, MISSING_INSTANCE]) == "InvalidInstanceID.NotFound"
    assert fails(acct.ec2.describe_instances, InstanceIds=["bogus"]) == "InvalidInstanceID.Malformed"
    # an instance is its account's own: another account gets NotFound
    stranger = nimbus.client("ec2", access_key=account_id(request, "stranger"))
    assert fails(stranger.describe_instances, InstanceIds=[instance_id]) == "InvalidInstanceID.NotFound"
    assert fails(stranger.terminate_instances, InstanceIds=[instance_id]) == "InvalidInstanceID.NotFound"
    assert all_instances(stranger) == []


# GetConsoleOutput ("Get console output", EC2 User Guide): the latest console output, base64 on the wire (botocore
# decodes it), with a timestamp
def test_console_output(acct, net, image):
    instance_id = new_instance(acct.ec2, image["ImageId"], net.subnet)
    output = acct.ec2.get_console_output(InstanceId=instance_id)
    assert output["InstanceId"] == instance_id and "Timestamp" in output
    assert instance_id in output["Output"]
    assert fails(acct.ec2.get_console_output, InstanceId=MISSING_INSTANCE) == "InvalidInstanceID.NotFound"
