"""Helpers shared by the EC2 integration tests (test_ec2_*.py): accounts, error codes, Filters, and the creators and
Describe look-ups that several of those files use alike. What only one file needs stays in that file.

Accounts: every test works in an account of its own. The access key is a 12-digit account id derived from a key
(account_for); each file puts its own salt (or its node ids, which name the file) into that key, so tests of
different files never share an account either.

Fixtures: `acct` and `ec2` are pytest fixtures. A test file gets one by importing it by name
(`from ec2support import acct`). `ec2` uses an `account` fixture that the importing file defines with its salt."""
import zlib
from typing import Any, NamedTuple

import botocore.exceptions
import pytest

ClientError = botocore.exceptions.ClientError
REGION = "us-east-1"
FAST_WAIT = {"Delay": 1, "MaxAttempts": 60}  # WaiterConfig: poll every second, for up to a minute


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
