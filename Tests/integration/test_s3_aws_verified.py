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


# AWS-verified recordings: LocalStack test_delete_object (delete-nonexistent-object-versionid),
# test_get_object_with_version_unversioned_bucket (get-obj-with-version, get-obj-with-null-version) and
# test_delete_objects (delete-object-wrong-version-id).
def test_version_ids_an_unversioned_bucket_never_made(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    for call in (s3.delete_object, s3.get_object):
        code, error, _ = refused(call, Bucket=bucket, Key="k", VersionId=AWS_STYLE_VERSION)
        assert (code, error["Code"], error["Message"]) == (400, "InvalidArgument", "Invalid version id specified")
        assert (error["ArgumentName"], error["ArgumentValue"]) == ("versionId", AWS_STYLE_VERSION)
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"x"
    answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "k", "VersionId": AWS_STYLE_VERSION}]})
    assert "Deleted" not in answer
    assert answer["Errors"] == [{"Key": "k", "VersionId": AWS_STYLE_VERSION, "Code": "NoSuchVersion", "Message": "The specified version does not exist."}]
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"


# AWS-verified recordings: LocalStack test_delete_object_versioned (delete-with-bad-version, get-delete-marker with
# its `Allow: DELETE` header) and test_delete_objects_versioned (delete-objects-wrong-version-id).
def test_version_ids_in_a_versioned_bucket(s3):
    name = versioned(s3)
    first = s3.put_object(Bucket=name, Key="k", Body=b"x")["VersionId"]
    code, error, headers = refused(s3.delete_object, Bucket=name, Key="k", VersionId=first[:-4] + "ABCD")
    assert (code, error["Code"], error["ArgumentName"]) == (400, "InvalidArgument", "versionId")
    assert "x-amz-delete-marker" not in headers
    marker = s3.delete_object(Bucket=name, Key="k")["VersionId"]
    code, error, headers = refused(s3.get_object, Bucket=name, Key="k", VersionId=marker)
    assert (code, error["Code"], headers["allow"], headers["x-amz-delete-marker"]) == (405, "MethodNotAllowed", "DELETE", "true")
    answer = s3.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "k", "VersionId": AWS_STYLE_VERSION},
                                                                {"Key": "never", "VersionId": AWS_STYLE_VERSION}]})
    assert sorted(e["Key"] for e in answer["Errors"]) == ["k", "never"] and {e["Code"] for e in answer["Errors"]} == {"NoSuchVersion"}
    # A version id this bucket could have made, naming a version no longer there: deleting it again is no error
    # ("Deleting object versions": DeleteObject is idempotent).
    s3.delete_object(Bucket=name, Key="k", VersionId=first)
    assert s3.delete_object(Bucket=name, Key="k", VersionId=first)["VersionId"] == first
    code, error, _ = refused(s3.get_object, Bucket=name, Key="k", VersionId=first)
    assert (code, error["Code"]) == (404, "NoSuchVersion")


# AWS-verified recording: LocalStack test_s3_list_operations exc-continuation-token.
def test_an_empty_continuation_token_is_incorrect(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    code, error, _ = refused(s3.list_objects_v2, Bucket=bucket, ContinuationToken="")
    assert (code, error["Code"], error["Message"]) == (400, "InvalidArgument", "The continuation token provided is incorrect")
    assert error["ArgumentName"] == "continuation-token"


# "CopyObject" ("copy an object to itself" must change something); AWS-verified recordings: LocalStack
# test_copy_in_place_with_bucket_encryption (copy-obj) and test_s3_copy_object_in_place_with_encryption
# (copy-object-in-place-without-kms-sse): re-encryption counts as a change.
def test_copy_in_place_is_allowed_when_it_reencrypts(s3, bucket):
    s3.put_object(Bucket=bucket, Key="plain", Body=b"")
    code, error, _ = refused(s3.copy_object, Bucket=bucket, CopySource={"Bucket": bucket, "Key": "plain"}, Key="plain")
    assert (code, error["Code"]) == (400, "InvalidRequest")
    s3.put_object(Bucket=bucket, Key="kms", Body=b"test", ServerSideEncryption="aws:kms", BucketKeyEnabled=True)
    copied = s3.copy_object(Bucket=bucket, CopySource=f"{bucket}/kms", Key="kms")
    assert copied["ServerSideEncryption"] == "AES256"
    assert s3.head_object(Bucket=bucket, Key="kms")["ServerSideEncryption"] == "AES256"
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}]})
    assert s3.copy_object(Bucket=bucket, CopySource={"Bucket": bucket, "Key": "plain"}, Key="plain")["ResponseMetadata"]["HTTPStatusCode"] == 200


# "CopyObject": x-amz-checksum-algorithm; AWS-verified recording: LocalStack test_s3_copy_object_in_place
# (copy-object-in-place-with-storage-class, ChecksumSHA256 of the body).
def test_copy_object_computes_the_checksum_asked_for(s3, bucket):
    body = b'{"key": "value"}'
    s3.put_object(Bucket=bucket, Key="source-object", Body=body, ContentType="application/json")
    copied = s3.copy_object(Bucket=bucket, CopySource=f"{bucket}/source-object", Key="source-object", ChecksumAlgorithm="SHA256",
                            StorageClass="STANDARD")["CopyObjectResult"]
    expected = base64.b64encode(hashlib.sha256(body).digest()).decode()
    assert expected == "lyTB4g5uPk1/V+0l+dTvsAblCFkNUoyQ2ll/andcE+U="
    assert copied["ChecksumSHA256"] == expected and "ChecksumCRC32" not in copied
    head = s3.head_object(Bucket=bucket, Key="source-object", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == expected and "ChecksumCRC32" not in head
    s3.copy_object(Bucket=bucket, CopySource=f"{bucket}/source-object", Key="other", ChecksumAlgorithm="CRC32")
    crc = s3.head_object(Bucket=bucket, Key="other", ChecksumMode="ENABLED")["ChecksumCRC32"]
    assert crc == base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()


# AWS-verified recordings: LocalStack test_s3_preconditions.py, test_s3_copy_object_preconditions.
def test_copy_source_conditions_name_their_copy_source_headers(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="src", Body=b"data")["ETag"]
    time.sleep(2)
    now = datetime.datetime.now(datetime.timezone.utc)
    # A modification date in the future is ignored.
    assert s3.copy_object(Bucket=bucket, CopySource=f"{bucket}/src", Key="dst",
                          CopySourceIfModifiedSince=now + datetime.timedelta(days=1))["CopyObjectResult"]["ETag"] == etag
    cases = [
        ("x-amz-copy-source-If-Match", dict(CopySourceIfMatch="etag123")),
        ("x-amz-copy-source-If-None-Match", dict(CopySourceIfNoneMatch=etag)),
        ("x-amz-copy-source-If-Unmodified-Since", dict(CopySourceIfUnmodifiedSince=now - datetime.timedelta(days=1))),
        ("x-amz-copy-source-If-Modified-Since", dict(CopySourceIfModifiedSince=now)),
    ]
    for condition, arguments in cases:
        code, error, _ = refused(s3.copy_object, Bucket=bucket, CopySource=f"{bucket}/src", Key="dst", **arguments)
        assert (code, error["Code"], error["Condition"]) == (412, "PreconditionFailed", condition)


# AWS-verified recordings: LocalStack test_s3_cors.py, test_cors_http_options_no_config,
# test_cors_http_options_non_existent_bucket and test_cors_match_methods (get-wrong-op).
def test_cors_preflight_refusals_in_s3s_order(nimbus, s3, bucket):
    s3.put_object(Bucket=bucket, Key="obj", Body=b"test-cors")
    url = f"{nimbus.endpoint}/{bucket}/obj"
    missing = f"{nimbus.endpoint}/{unique_bucket()}/obj"

    def refusal(url, headers, code):
        reply = send("OPTIONS", url, headers=headers)
        assert reply.status == code, reply.text
        return reply.text

    text = refusal(missing, {}, 400)
    assert "<Code>BadRequest</Code>" in text and "Insufficient information. Origin request header needed." in text
    text = refusal(missing, {"Origin": "whatever"}, 403)
    assert "CORSResponse: Bucket not found" in text and "<Method>OPTIONS</Method>" in text and "<ResourceType>BUCKET</ResourceType>" in text
    text = refusal(url, {"Origin": "whatever"}, 403)
    assert "CORS is not enabled for this bucket." in text and "<Method>OPTIONS</Method>" in text and "<ResourceType>BUCKET</ResourceType>" in text
    text = refusal(url, {"Origin": "whatever", "Access-Control-Request-Method": "PUT"}, 403)
    assert "<Method>PUT</Method>" in text and "<ResourceType>BUCKET</ResourceType>" in text
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": ["https://localhost:4200"], "AllowedMethods": ["GET"], "MaxAgeSeconds": 3000, "AllowedHeaders": ["*"]}]})
    text = refusal(url, {"Origin": "https://localhost:4200", "Access-Control-Request-Method": "PUT"}, 403)
    assert "<ResourceType>OBJECT</ResourceType>" in text
    signed_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "obj"})
    origin = {"Origin": "https://localhost:4200"}
    wrong = send("GET", signed_url, headers={**origin, "Access-Control-Request-Method": "PUT"})
    assert wrong.status == 200 and not [h for h in wrong.headers if h.lower().startswith("access-control")]
    right = send("GET", signed_url, headers={**origin, "Access-Control-Request-Method": "GET"})
    assert right.headers["access-control-allow-origin"] == "https://localhost:4200"


# AWS-verified recordings: LocalStack test_delete_bucket_with_objects and test_delete_versioned_bucket_with_objects.
# (put-versioning-empty is checked in test_s3_bucket_config.py, test_versioning_requires_status.)
def test_bucket_not_empty_says_versions_count_in_a_versioned_bucket(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    _, error, _ = refused(s3.delete_bucket, Bucket=bucket)
    assert (error["Code"], error["Message"]) == ("BucketNotEmpty", "The bucket you tried to delete is not empty")
    name = versioned(s3)
    s3.put_object(Bucket=name, Key="k", Body=b"x")
    s3.delete_object(Bucket=name, Key="k")
    _, error, _ = refused(s3.delete_bucket, Bucket=name)
    assert error["Message"] == "The bucket you tried to delete is not empty. You must delete all versions in the bucket."


# AWS-verified recording: LocalStack test_put_object_on_suspended_bucket (put-object-suspended: no VersionId).
def test_put_object_on_a_suspended_bucket_names_no_version(s3):
    name = versioned(s3, "Suspended")
    assert "VersionId" not in s3.put_object(Bucket=name, Key="k", Body=b"x")
    assert s3.head_object(Bucket=name, Key="k", VersionId="null")["ContentLength"] == 1


# AWS-verified recording: LocalStack test_list_objects_with_prefix[] (an empty Delimiter is not echoed).
def test_an_empty_delimiter_is_not_echoed(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a/b", Body=b"x")
    for listing in (s3.list_objects, s3.list_objects_v2, s3.list_object_versions):
        answer = listing(Bucket=bucket, Delimiter="")
        assert "Delimiter" not in answer, listing
    assert s3.list_objects_v2(Bucket=bucket, Delimiter="/")["Delimiter"] == "/"


# AWS-verified recording: LocalStack test_get_object_range (get--15 and get-0-100 keep the object's checksum,
# get-0-8 has none); bytes=0-9, not recorded, is taken as the same whole object.
def test_a_range_covering_the_whole_object_keeps_its_checksum(s3, bucket):
    s3.put_object(Bucket=bucket, Key="r", Body=b"0123456789", ChecksumAlgorithm="CRC32")
    for whole in ("bytes=-15", "bytes=0-100", "bytes=0-9"):
        answer = s3.get_object(Bucket=bucket, Key="r", Range=whole, ChecksumMode="ENABLED")
        assert answer["ResponseMetadata"]["HTTPStatusCode"] == 206 and answer["ContentRange"] == "bytes 0-9/10"
        assert (answer["ChecksumCRC32"], answer["ChecksumType"]) == ("poTHxg==", "FULL_OBJECT"), whole
    part = s3.get_object(Bucket=bucket, Key="r", Range="bytes=0-8", ChecksumMode="ENABLED")
    assert "ChecksumCRC32" not in part and "ChecksumType" not in part


# AWS-verified recordings (LocalStack's snapshots of PutBucketTagging, PutBucketPolicy, PutBucketMetricsConfiguration):
# S3 answers these 204, though the API model names no code.
def test_configuration_puts_answer_no_content(s3, bucket):
    statuses = [
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "k", "Value": "v"}]}),
        s3.put_bucket_policy(Bucket=bucket, Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",'
                             f'"Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::{bucket}"}}]}}'),
        s3.put_bucket_metrics_configuration(Bucket=bucket, Id="m", MetricsConfiguration={"Id": "m"}),
    ]
    assert [r["ResponseMetadata"]["HTTPStatusCode"] for r in statuses] == [204, 204, 204]


# "Amazon S3 storage classes" and the AWS-verified recording `test_put_object_storage_class_outposts`: classes of other
# kinds of bucket are InvalidStorageClass in a general purpose bucket.
def test_storage_classes_of_other_bucket_kinds_are_refused(s3, bucket):
    for storage_class in ("OUTPOSTS", "EXPRESS_ONEZONE", "SNOW"):
        for call in (s3.put_object, s3.create_multipart_upload):
            with pytest.raises(botocore.exceptions.ClientError) as excinfo:
                call(Bucket=bucket, Key="k", StorageClass=storage_class)
            error = excinfo.value.response["Error"]
            assert (error["Code"], error["StorageClassRequested"]) == ("InvalidStorageClass", storage_class)


# "Categorizing your storage using tags" and the AWS-verified recordings of `test_tagging_validation`: InvalidTag names the
# tag at fault, its value too when the value is, and an object's "aws:" key has words of its own.
def test_invalid_tags_name_the_tag(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")

    def invalid(call, *pairs, **kwargs):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call(Bucket=bucket, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in pairs]}, **kwargs)
        error = excinfo.value.response["Error"]
        assert error["Code"] == "InvalidTag"
        return error

    error = invalid(s3.put_bucket_tagging, ("Key1", "Val1"), ("Key1", "Val1"))
    assert (error["Message"], error["TagKey"]) == ("Cannot provide multiple Tags with the same key", "Key1")
    error = invalid(s3.put_object_tagging, ("Key1", "Val1"), ("Key1", "Val1"), Key="k")
    assert error["TagKey"] == "Key1"
    error = invalid(s3.put_bucket_tagging, ("Key1", "Val1,Val2"))
    assert (error["Message"], error["TagKey"], error["TagValue"]) == ("The TagValue you have provided is invalid", "Key1", "Val1,Val2")
    error = invalid(s3.put_object_tagging, ("aws:prefixed", "Val1"), Key="k")
    assert (error["Message"], error["TagKey"]) == ("Your TagKey cannot be prefixed with aws:", "aws:prefixed")
    error = invalid(s3.put_bucket_tagging, ("aws:prefixed", "Val1"))
    assert error["Message"] == "System tags cannot be added/updated by requester"


# "Working with delete markers" and the AWS-verified recordings `put-`, `get-` and `delete-object-tags-delete-marker-latest`:
# with a delete marker as the newest version, the tagging operations without a version id are 405, not NoSuchKey.
def test_tagging_a_key_whose_newest_version_is_a_delete_marker(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="k")
    calls = [("PUT", s3.put_object_tagging, {"Tagging": {"TagSet": [{"Key": "a", "Value": "b"}]}}),
             ("GET", s3.get_object_tagging, {}), ("DELETE", s3.delete_object_tagging, {})]
    for method, call, kwargs in calls:
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call(Bucket=bucket, Key="k", **kwargs)
        error = excinfo.value.response["Error"]
        assert (status(excinfo), error["Code"], error["Method"], error["ResourceType"]) == (405, "MethodNotAllowed", method, "DeleteMarker")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object_tagging(Bucket=bucket, Key="never-written")
    assert error_code(excinfo) == "NoSuchKey"


# AWS-verified recordings `put-obj-duplicate-tagging` and `put-obj-wrong-format`: an `x-amz-tagging` header that repeats a
# key or does not decode to allowed tags is the header's InvalidArgument.
def test_a_malformed_tagging_header(s3, bucket):
    message = ("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name "
               "duplicates.")
    for header in ("key1=val1&key1=val2", "key1=val1,key2=val2"):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.put_object(Bucket=bucket, Key="k", Body=b"", Tagging=header)
        error = excinfo.value.response["Error"]
        assert (error["Code"], error["Message"], error["ArgumentName"], error["ArgumentValue"]) == \
            ("InvalidArgument", message, "x-amz-tagging", header)
    s3.put_object(Bucket=bucket, Key="k", Body=b"", Tagging="key1=val1&key2=a%20b")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == [{"Key": "key1", "Value": "val1"}, {"Key": "key2", "Value": "a b"}]
