"""Helpers shared by the S3 integration tests."""
import hashlib
import uuid

import pytest


def unique_bucket(prefix="nimbus"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def status(excinfo):
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def s3(nimbus):
    return nimbus.client("s3")


@pytest.fixture
def bucket(s3):
    name = unique_bucket()
    s3.create_bucket(Bucket=name)
    return name


def s3_user(nimbus, account, name):
    """An IAM user with AmazonS3FullAccess and keys Nimbus issued (so its signatures are checked), its access key,
    and an S3 client of it."""
    admin = nimbus.client("iam", access_key=account)
    admin.create_user(UserName=name)
    admin.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AmazonS3FullAccess")
    key = admin.create_access_key(UserName=name)["AccessKey"]
    return key, nimbus.client("s3", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
