"""Helpers shared by the S3 integration tests."""
import hashlib
import json
import socket
import uuid
import zlib

import botocore.exceptions
import pytest


def account_key(name: str) -> str:
    """An account of a test's own, from its name (12 digits, used as the root user's access key)."""
    return "%012d" % (zlib.crc32(name.encode()) % 10**12)


def account_client(nimbus, request):
    """The S3 client of the root user of the test's own account, path-style."""
    return nimbus.client("s3", access_key=account_key(request.node.name), s3={"addressing_style": "path"})


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


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def user(nimbus, account, name, *documents, managed=()):
    iam = nimbus.client("iam", access_key=account)
    iam.create_user(UserName=name)
    for index, document in enumerate(documents):
        iam.put_user_policy(UserName=name, PolicyName=f"p{index}", PolicyDocument=document)
    for arn in managed:
        iam.attach_user_policy(UserName=name, PolicyArn=arn)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return nimbus.client("s3", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])


def denied(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        call(*args, **kwargs)
    assert error_code(excinfo) == "AccessDenied", excinfo.value.response
    return excinfo.value.response["Error"]["Message"]


def account_bucket(nimbus, account, prefix):
    """A new bucket of the root user of `account`, and that user's S3 client."""
    s3 = nimbus.client("s3", access_key=account)
    name = unique_bucket(prefix)
    s3.create_bucket(Bucket=name)
    return s3, name


def raw_error_answer(nimbus, head: str, body_start: bytes = b"") -> str:
    """Sends a request head (and the start of a body) on a socket of its own; the answer, read up to its error."""
    address, port = nimbus.endpoint.split("//", 1)[1].split(":")
    with socket.create_connection((address, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())
        if body_start:
            sock.sendall(body_start)
        answer = b""
        while b"</Error>" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer.decode(errors="replace")
