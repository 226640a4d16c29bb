"""S3 behaviour that AWS's documentation leaves out but real AWS answers were recorded for: LocalStack's
AWS-validated snapshot tests (tests/aws/services/s3/*.snapshot.json in localstack/localstack), each named by its
snapshot key where the documentation is silent."""
import base64
import datetime
import hashlib
import time
import zlib

import botocore.exceptions
import pytest

from awsraw import send
from s3support import bucket, error_code, s3, status, unique_bucket  # noqa: F401 (fixtures)

AWS_STYLE_VERSION = "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"


def refused(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        call(**kwargs)
    return status(excinfo), excinfo.value.response["Error"], excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]


def versioned(s3, status="Enabled"):
    name = unique_bucket()
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": status})
    return name


# AWS-verified recordings: LocalStack snapshots put-obj-if-match-star-value, put-obj-both-precondition,
# put-obj-if-none-match-bad-value (test_s3_api.py, TestS3ObjectWritePrecondition).
def test_put_object_refuses_write_conditions_s3_does_not_implement(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"v1")["ETag"]
    cases = [
        (dict(Key="k", IfMatch="*"), "If-Match", "We don't accept the provided value of If-Match header for this API"),
        (dict(Key="absent", IfMatch="*"), "If-Match", "We don't accept the provided value of If-Match header for this API"),
        (dict(Key="absent", IfMatch="abcdef", IfNoneMatch="*"), "If-Match,If-None-Match", "Multiple conditional request headers present in the request"),
        (dict(Key="k", IfNoneMatch=etag), "If-None-Match", "We don't accept the provided value of If-None-Match header for this API"),
    ]
    for arguments, header, detail in cases:
        code, error, _ = refused(s3.put_object, Bucket=bucket, Body=b"v2", **arguments)
        assert (code, error["Code"], error["Header"], error["additionalMessage"]) == (501, "NotImplemented", header, detail), arguments
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v1"
