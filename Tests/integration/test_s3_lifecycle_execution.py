"""S3 lifecycle rules carried out ("Expiring objects", "Transitioning objects using Amazon S3 Lifecycle", "Lifecycle
configuration elements", "How S3 Lifecycle handles Object Lock"), watched by moving Nimbus's clock forward
(`POST /_nimbus/clock`): each test has a server of its own, since the clock is the server's."""
import datetime
import json
import time

import botocore.exceptions
import pytest

from s3support import unique_bucket

DAY = 86_400


def advance(server, days):
    status, _, _ = server.http("POST", "/_nimbus/clock", json.dumps({"advanceSeconds": days * DAY}).encode())
    assert status == 200


def eventually(check, timeout=10.0):
    """Lifecycle runs in the background (within a second of the clock moving): wait for its effect."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def keys(s3, bucket):
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


@pytest.fixture
def server(fresh_nimbus):
    return fresh_nimbus()


@pytest.fixture
def s3(server):
    return server.client("s3")


def rule(rule_id, prefix="", **actions):
    return {"ID": rule_id, "Status": "Enabled", "Filter": {"Prefix": prefix}, **actions}


# "Expiring objects": an unversioned object expires at the midnight after its days, and only the rule's prefix.
def test_expiration_in_an_unversioned_bucket(server, s3):
    bucket = unique_bucket("expire")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule("tmp", "tmp/", Expiration={"Days": 1})]})
    s3.put_object(Bucket=bucket, Key="tmp/scratch", Body=b"x")
    s3.put_object(Bucket=bucket, Key="keep/report", Body=b"y")
    time.sleep(1.5)
    assert sorted(keys(s3, bucket)) == ["keep/report", "tmp/scratch"]  # not due yet
    advance(server, 2)
    assert eventually(lambda: keys(s3, bucket) == ["keep/report"])


# "Transitioning objects": down the waterfall as the days pass; in Glacier an object must be restored to be read.
def test_transitions(server, s3):
    bucket = unique_bucket("tiers")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule(
        "archive", Transitions=[{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 90, "StorageClass": "GLACIER"}])]})
    s3.put_object(Bucket=bucket, Key="log", Body=b"old news" * 20_000)
    # Since 2024 objects under 128 KiB stay where they are unless a rule's size filter says otherwise.
    s3.put_object(Bucket=bucket, Key="small", Body=b"tiny")
    advance(server, 31)
    assert eventually(lambda: s3.head_object(Bucket=bucket, Key="log").get("StorageClass") == "STANDARD_IA")
    advance(server, 60)
    assert eventually(lambda: s3.head_object(Bucket=bucket, Key="log").get("StorageClass") == "GLACIER")
    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="small")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="log")
    assert excinfo.value.response["Error"]["Code"] == "InvalidObjectState"


# "Expiring objects" in a versioned bucket: the current version gets a delete marker, noncurrent versions go after
# their noncurrent days (NewerNoncurrentVersions kept), and a lone delete marker is removed (ExpiredObjectDeleteMarker).
def test_versioned_bucket(server, s3):
    bucket = unique_bucket("versions")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        rule("current", Expiration={"Days": 10}),
        rule("noncurrent", NoncurrentVersionExpiration={"NoncurrentDays": 5, "NewerNoncurrentVersions": 1}),
        rule("markers", Expiration={"ExpiredObjectDeleteMarker": True})]})
    for body in (b"1", b"2", b"3"):
        s3.put_object(Bucket=bucket, Key="doc", Body=body)
    # A key whose only version was deleted by id leaves a lone delete marker.
    gone = s3.put_object(Bucket=bucket, Key="gone", Body=b"x")["VersionId"]
    s3.delete_object(Bucket=bucket, Key="gone")
    s3.delete_object(Bucket=bucket, Key="gone", VersionId=gone)

    def versions(key):
        listed = s3.list_object_versions(Bucket=bucket, Prefix=key)
        return len(listed.get("Versions", [])), len(listed.get("DeleteMarkers", []))
    advance(server, 6)
    # Two noncurrent versions are 6 days noncurrent; the newest of them is kept (NewerNoncurrentVersions 1). The
    # lone marker is removed.
    assert eventually(lambda: versions("doc") == (2, 0))
    assert versions("gone") == (0, 0)
    advance(server, 5)
    # The current version is 11 days old: a delete marker goes on top, and it becomes noncurrent in its turn.
    assert eventually(lambda: versions("doc") == (2, 1))
    advance(server, 6)
    # Noncurrent 6 days, the older noncurrent version goes; the newest noncurrent one is always kept.
    assert eventually(lambda: versions("doc") == (1, 1))


# "How S3 Lifecycle handles Object Lock": a locked version is not removed by a rule.
def test_locked_versions_stay(server, s3):
    bucket = unique_bucket("locked")
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        rule("noncurrent", NoncurrentVersionExpiration={"NoncurrentDays": 1})]})
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=365)
    locked = s3.put_object(Bucket=bucket, Key="k", Body=b"1", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=until)["VersionId"]
    plain = s3.put_object(Bucket=bucket, Key="k", Body=b"2")["VersionId"]
    s3.put_object(Bucket=bucket, Key="k", Body=b"3")
    advance(server, 3)
    assert eventually(lambda: len(s3.list_object_versions(Bucket=bucket)["Versions"]) == 2)
    ids = [v["VersionId"] for v in s3.list_object_versions(Bucket=bucket)["Versions"]]
    assert locked in ids and plain not in ids


# "Configuring a bucket lifecycle configuration to delete incomplete multipart uploads", with the AWS CLI; and a tag
# filter ("Lifecycle configuration elements": Filter, And, Tags).
def test_incomplete_uploads_and_tag_filters(server, s3, tmp_path):
    bucket = unique_bucket("uploads")
    s3.create_bucket(Bucket=bucket)
    configuration = tmp_path / "lifecycle.json"
    configuration.write_text(json.dumps({"Rules": [
        rule("abort", AbortIncompleteMultipartUpload={"DaysAfterInitiation": 7}),
        {"ID": "temporary", "Status": "Enabled", "Filter": {"Tag": {"Key": "kind", "Value": "temp"}}, "Expiration": {"Days": 1}}]}))
    server.cli("s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket, "--lifecycle-configuration", f"file://{configuration}")
    s3.create_multipart_upload(Bucket=bucket, Key="big.bin")
    s3.put_object(Bucket=bucket, Key="a", Body=b"x", Tagging="kind=temp")
    s3.put_object(Bucket=bucket, Key="b", Body=b"x", Tagging="kind=keep")
    advance(server, 2)
    assert eventually(lambda: keys(s3, bucket) == ["b"])
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads")
    advance(server, 6)
    assert eventually(lambda: not s3.list_multipart_uploads(Bucket=bucket).get("Uploads"))


# "Expiring objects": PUT, GET and HEAD tell when the object will expire and by which rule (x-amz-expiration), the
# date rounded to the midnight after the days.
def test_expiration_header(server, s3):
    bucket = unique_bucket("header")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule("logs-go", "logs/", Expiration={"Days": 3})]})
    put = s3.put_object(Bucket=bucket, Key="logs/a", Body=b"x")
    head = s3.head_object(Bucket=bucket, Key="logs/a")
    assert put["Expiration"] == head["Expiration"] == s3.get_object(Bucket=bucket, Key="logs/a")["Expiration"]
    date = datetime.datetime.strptime(head["Expiration"].split('"')[1], "%a, %d %b %Y %H:%M:%S GMT")
    assert (date.hour, date.minute) == (0, 0) and 3 <= (date - head["LastModified"].replace(tzinfo=None)).days + 1 <= 4
    assert head["Expiration"].endswith('rule-id="logs-go"')
    s3.put_object(Bucket=bucket, Key="other", Body=b"x")
    assert "Expiration" not in s3.head_object(Bucket=bucket, Key="other")
