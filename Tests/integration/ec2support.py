"""Helpers shared by the EC2 integration tests (test_ec2_*.py): accounts, error codes, Filters, and the creators and
Describe look-ups that several of those files use alike. What only one file needs stays in that file.

Accounts: every test works in an account of its own. The access key is a 12-digit account id derived from a key
(account_for); each file puts its own salt (or its node ids, which name the file) into that key, so tests of
different files never share an account either.

Fixtures: `acct`, `ec2`, `net` and `image` are pytest fixtures. A test file gets one by importing it by name
(`from ec2support import acct`). `ec2` uses an `account` fixture that the importing file defines with its salt;
`net` and `image` use `acct`, which the importing file imports with them."""
import zlib
from typing import Any, NamedTuple

import botocore.exceptions
import pytest

ClientError = botocore.exceptions.ClientError
REGION = "us-east-1"
FAST_WAIT = {"Delay": 1, "MaxAttempts": 60}  # WaiterConfig: poll every second, for up to a minute
AL2023 = "al2023-ami-2023*-kernel-6.1-x86_64"  # DescribeImages name of the catalogue's Amazon Linux 2023 x86_64 AMI


# ---------------------------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------------------------

def account_for(key: str) -> str:
    """The 12-digit account id (used as the access key) that `key` names; another key, another account."""
    return str(100000000000 + zlib.crc32(key.encode()) % 899999999999)


def account_id(request, salt: str = "") -> str:
    """The running test's account, derived from its node id; a salt names another account of the same test."""
    return account_for(request.node.nodeid + salt)


class Account(NamedTuple):
    id: str
    ec2: Any   # boto3 client, parameters validated by botocore
    raw: Any   # boto3 client without client-side validation: the server must do it


@pytest.fixture
def acct(nimbus, request) -> Account:
    """The test's own account (account_id) with its two EC2 clients."""
    account = account_id(request)
    return Account(account, nimbus.client("ec2", access_key=account), nimbus.raw_client("ec2", access_key=account))


@pytest.fixture
def ec2(nimbus, account):
    """An EC2 client in REGION for the account that the test file's own `account` fixture gives."""
    return nimbus.client("ec2", region=REGION, access_key=account)


# ---------------------------------------------------------------------------------------------------------------
# Errors, lists, Filters
# ---------------------------------------------------------------------------------------------------------------

def code(excinfo) -> str:
    """AWS's error code, from the ExceptionInfo of `pytest.raises(ClientError)`."""
    return excinfo.value.response["Error"]["Code"]


def fails(call, **kwargs) -> str:
    """Runs an EC2 call that must fail; returns AWS's error code."""
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    return code(excinfo)


def only(items):
    assert len(items) == 1, items
    return items[0]


def filters(**named) -> list[dict]:
    """filters(**{"vpc-id": "vpc-1"}) -> [{"Name": "vpc-id", "Values": ["vpc-1"]}]; a list value is several values."""
    return [{"Name": k, "Values": v if isinstance(v, list) else [v]} for k, v in named.items()]


# ---------------------------------------------------------------------------------------------------------------
# Creators (they answer the new resource's id) and Describe look-ups
# ---------------------------------------------------------------------------------------------------------------

def new_vpc(ec2, cidr: str = "10.0.0.0/16", **kwargs) -> str:
    return ec2.create_vpc(CidrBlock=cidr, **kwargs)["Vpc"]["VpcId"]


def new_subnet(ec2, vpc_id: str, cidr: str = "10.0.1.0/24", **kwargs) -> str:
    return ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, **kwargs)["Subnet"]["SubnetId"]


def new_igw(ec2, vpc_id: str | None = None, **kwargs) -> str:
    """A new internet gateway, attached to vpc_id when one is given."""
    igw_id = ec2.create_internet_gateway(**kwargs)["InternetGateway"]["InternetGatewayId"]
    if vpc_id:
        ec2.attach_internet_gateway(InternetGatewayId=igw_id, VpcId=vpc_id)
    return igw_id


def vpc(ec2, vpc_id: str) -> dict:
    return only(ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"])


def default_vpc(ec2) -> dict:
    return only(ec2.describe_vpcs(Filters=filters(**{"is-default": "true"}))["Vpcs"])


def main_route_table(ec2, vpc_id: str) -> dict:
    return only(ec2.describe_route_tables(Filters=filters(**{"vpc-id": vpc_id, "association.main": "true"}))["RouteTables"])


def zone_names(ec2) -> list[str]:
    """The Region's Availability Zones (zone-type availability-zone), sorted."""
    return sorted(z["ZoneName"] for z in ec2.describe_availability_zones(
        Filters=filters(**{"zone-type": "availability-zone"}))["AvailabilityZones"])


def instance(ec2, instance_id: str) -> dict:
    return only(only(ec2.describe_instances(InstanceIds=[instance_id])["Reservations"])["Instances"])


# ---------------------------------------------------------------------------------------------------------------
# Networks, images and instances to launch into them
# ---------------------------------------------------------------------------------------------------------------

class Net(NamedTuple):
    vpc: str
    subnet: str      # 10.0.1.0/24
    az: str


@pytest.fixture
def net(acct) -> Net:
    """A new VPC (10.0.0.0/16) in the test's own account, with one subnet in the zone that CreateSubnet picks."""
    vpc_id = new_vpc(acct.ec2)
    subnet = acct.ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24")["Subnet"]
    return Net(vpc_id, subnet["SubnetId"], subnet["AvailabilityZone"])


class TwoZoneNet(NamedTuple):
    vpc: str
    subnet: str          # 10.0.1.0/24 in `zone`
    zone: str
    other_subnet: str    # 10.0.2.0/24 in `other_zone`
    other_zone: str


def new_two_zone_net(ec2) -> TwoZoneNet:
    """A new VPC (10.0.0.0/16) with a subnet in each of the Region's first two zones (zone_names)."""
    zone, other_zone = zone_names(ec2)[:2]
    vpc_id = new_vpc(ec2)
    return TwoZoneNet(vpc_id, new_subnet(ec2, vpc_id, "10.0.1.0/24", AvailabilityZone=zone), zone,
                      new_subnet(ec2, vpc_id, "10.0.2.0/24", AvailabilityZone=other_zone), other_zone)


def amazon_images(ec2, **filter_values) -> list[dict]:
    return ec2.describe_images(Owners=["amazon"], Filters=filters(**filter_values))["Images"]


def al2023(ec2, name: str = AL2023) -> dict:
    """The newest image that Amazon owns named `name`; by default AL2023, the Amazon Linux 2023 x86_64 AMI."""
    images = amazon_images(ec2, name=name)
    assert images, f"the image catalogue has no {name}"
    return max(images, key=lambda i: i["CreationDate"])


@pytest.fixture
def image(acct) -> dict:
    """al2023() as the test's own account finds it."""
    return al2023(acct.ec2)


def run_instance(ec2, image_id: str, subnet: str | None = None, instance_type: str = "t3.micro", **kwargs) -> str:
    """RunInstances of one instance (into the default VPC unless a subnet is given), not waited for; answers its id."""
    if subnet:
        kwargs["SubnetId"] = subnet
    return only(ec2.run_instances(ImageId=image_id, InstanceType=instance_type, MinCount=1, MaxCount=1,
                                  **kwargs)["Instances"])["InstanceId"]


def new_instance(ec2, image_id: str, subnet: str | None = None, instance_type: str = "t3.micro", **kwargs) -> str:
    """run_instance(), waited for until the instance is running; answers its id."""
    instance_id = run_instance(ec2, image_id, subnet, instance_type, **kwargs)
    wait_instances(ec2, "instance_running", instance_id)
    return instance_id


def wait_instances(ec2, waiter: str, *instance_ids: str) -> None:
    """Waits with an instance waiter (instance_running, instance_stopped, ...) under FAST_WAIT."""
    ec2.get_waiter(waiter).wait(InstanceIds=list(instance_ids), WaiterConfig=FAST_WAIT)
