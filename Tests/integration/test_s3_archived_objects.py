"""Objects in S3's archive storage classes (GLACIER, DEEP_ARCHIVE): their metadata is readable, their bytes only
through a restored copy ("Working with archived objects", "Restoring an archived object", "RestoreObject").
Nimbus completes a restore at once: the first RestoreObject answers 202 Accepted and the copy is readable
straight away; asking again extends it and answers 200 OK."""
import datetime
import re

import botocore.exceptions
import pytest

from s3support import bucket, error_code, s3, status  # noqa: F401 (fixtures)


def archived(s3, bucket, key, storage_class="GLACIER", body=b"cold bytes"):
    s3.put_object(Bucket=bucket, Key=key, Body=body, StorageClass=storage_class)


# "GetObject", Errors: InvalidObjectState for an archived object that has not been restored.
@pytest.mark.parametrize("storage_class", ["GLACIER", "DEEP_ARCHIVE"])
def test_archived_object_is_not_readable_until_restored(s3, bucket, storage_class):
    archived(s3, bucket, "cold.txt", storage_class)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="cold.txt")
    assert error_code(excinfo) == "InvalidObjectState" and status(excinfo) == 403
    assert excinfo.value.response["Error"]["StorageClass"] == storage_class
    # Its metadata stays readable ("HeadObject"; the listings), with no restore under way.
    head = s3.head_object(Bucket=bucket, Key="cold.txt")
    assert head["StorageClass"] == storage_class and "Restore" not in head
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"]
    assert listed[0]["StorageClass"] == storage_class
    attributes = s3.get_object_attributes(Bucket=bucket, Key="cold.txt", ObjectAttributes=["StorageClass", "ObjectSize"])
    assert attributes["StorageClass"] == storage_class and attributes["ObjectSize"] == len(b"cold bytes")


# "RestoreObject", Responses: 202 Accepted for a restore begun, 200 OK when a restored copy exists (its expiry is
# extended). "Restoring an archived object": the copy expires Days after the request, rounded up to midnight UTC.
def test_restore_makes_a_temporary_copy_readable(s3, bucket):
    archived(s3, bucket, "cold.txt")
    first = s3.restore_object(Bucket=bucket, Key="cold.txt", RestoreRequest={"Days": 2, "GlacierJobParameters": {"Tier": "Standard"}})
    assert first["ResponseMetadata"]["HTTPStatusCode"] == 202
    got = s3.get_object(Bucket=bucket, Key="cold.txt")
    assert got["Body"].read() == b"cold bytes" and got["StorageClass"] == "GLACIER"
    head = s3.head_object(Bucket=bucket, Key="cold.txt")
    match = re.fullmatch(r'ongoing-request="false", expiry-date="(.+)"', head["Restore"])
    assert match, head["Restore"]
    expiry = datetime.datetime.strptime(match.group(1), "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=datetime.timezone.utc)
    now = datetime.datetime.now(datetime.timezone.utc)
    assert (expiry.hour, expiry.minute, expiry.second) == (0, 0, 0)
    assert now + datetime.timedelta(days=2) < expiry <= now + datetime.timedelta(days=3)
    # Still archived: the restored copy is temporary, the storage class unchanged.
    again = s3.restore_object(Bucket=bucket, Key="cold.txt", RestoreRequest={"Days": 5})
    assert again["ResponseMetadata"]["HTTPStatusCode"] == 200
    extended = s3.head_object(Bucket=bucket, Key="cold.txt")["Restore"]
    assert extended != head["Restore"]
    # "ListObjectsV2": RestoreStatus when asked for with OptionalObjectAttributes.
    contents = s3.list_objects_v2(Bucket=bucket, OptionalObjectAttributes=["RestoreStatus"])["Contents"]
    assert contents[0]["RestoreStatus"]["IsRestoreInProgress"] is False
    assert "RestoreExpiryDate" in contents[0]["RestoreStatus"]
    assert "RestoreStatus" not in s3.list_objects_v2(Bucket=bucket)["Contents"][0]


def test_restore_with_the_cli(nimbus, s3, bucket):
    nimbus.cli("s3", "cp", "-", f"s3://{bucket}/deep.bin", "--storage-class", "DEEP_ARCHIVE", input="deep bytes")
    code, _, err = nimbus.cli("s3", "cp", f"s3://{bucket}/deep.bin", "-", check=False)
    assert code != 0 and "InvalidObjectState" in err
    nimbus.cli("s3api", "restore-object", "--bucket", bucket, "--key", "deep.bin",
               "--restore-request", '{"Days": 1, "GlacierJobParameters": {"Tier": "Bulk"}}')
    assert nimbus.cli("s3", "cp", f"s3://{bucket}/deep.bin", "-")[1] == "deep bytes"


# A copy from an archived source not restored: S3 answers InvalidObjectState (seen on the wire, Hadoop S3A's
# "Troubleshooting"; the model's ObjectNotInActiveTierError is not what it sends). Once restored, copying it to a
# new storage class is how an object leaves the archive ("Restoring an archived object").
def test_copy_from_an_archived_source_needs_a_restore(s3, bucket):
    archived(s3, bucket, "cold.txt")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="warm.txt", CopySource={"Bucket": bucket, "Key": "cold.txt"})
    assert error_code(excinfo) == "InvalidObjectState" and status(excinfo) == 403
    assert "source object" in excinfo.value.response["Error"]["Message"]
    s3.restore_object(Bucket=bucket, Key="cold.txt", RestoreRequest={"Days": 1})
    s3.copy_object(Bucket=bucket, Key="cold.txt", CopySource={"Bucket": bucket, "Key": "cold.txt"}, StorageClass="STANDARD")
    head = s3.head_object(Bucket=bucket, Key="cold.txt")
    assert "StorageClass" not in head and "Restore" not in head
    assert s3.get_object(Bucket=bucket, Key="cold.txt")["Body"].read() == b"cold bytes"


# GLACIER_IR (Instant Retrieval) is read like STANDARD; restoring an object that is not archived is refused.
def test_restore_of_an_object_not_archived_is_refused(s3, bucket):
    s3.put_object(Bucket=bucket, Key="instant.txt", Body=b"i", StorageClass="GLACIER_IR")
    assert s3.get_object(Bucket=bucket, Key="instant.txt")["Body"].read() == b"i"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.restore_object(Bucket=bucket, Key="instant.txt", RestoreRequest={"Days": 1})
    assert error_code(excinfo) == "InvalidObjectState" and status(excinfo) == 403
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.restore_object(Bucket=bucket, Key="missing.txt", RestoreRequest={"Days": 1})
    assert error_code(excinfo) == "NoSuchKey"


def test_restore_request_is_validated(s3, bucket):
    archived(s3, bucket, "cold.txt")
    for request in ({}, {"Days": 0}, {"Days": 2**63 - 1}, {"Days": 1, "GlacierJobParameters": {"Tier": "Instant"}}):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.restore_object(Bucket=bucket, Key="cold.txt", RestoreRequest=request)
        assert error_code(excinfo) == "MalformedXML", request


# A version is restored on its own ("RestoreObject": versionId); the newest stays archived.
def test_restore_names_a_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    old = s3.put_object(Bucket=bucket, Key="v.txt", Body=b"old", StorageClass="GLACIER")["VersionId"]
    archived(s3, bucket, "v.txt", body=b"new")
    s3.restore_object(Bucket=bucket, Key="v.txt", VersionId=old, RestoreRequest={"Days": 1})
    assert s3.get_object(Bucket=bucket, Key="v.txt", VersionId=old)["Body"].read() == b"old"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="v.txt")
    assert error_code(excinfo) == "InvalidObjectState"
    versions = s3.list_object_versions(Bucket=bucket, OptionalObjectAttributes=["RestoreStatus"])["Versions"]
    assert [("RestoreStatus" in v) for v in versions] == [False, True]


# "RestoreObject", Permissions: s3:RestoreObject.
def test_restore_needs_its_permission(nimbus, bucket, s3):
    from s3support import policy, user
    archived(s3, bucket, "cold.txt")
    reader = user(nimbus, "test", "archive-reader", policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        reader.restore_object(Bucket=bucket, Key="cold.txt", RestoreRequest={"Days": 1})
    assert error_code(excinfo) == "AccessDenied"


def test_restore_survives_a_restart(fresh_nimbus):
    server = fresh_nimbus()
    client = server.client("s3")
    client.create_bucket(Bucket="archive-restart")
    archived(client, "archive-restart", "cold.txt")
    client.restore_object(Bucket="archive-restart", Key="cold.txt", RestoreRequest={"Days": 1})
    server.kill9()
    server.start()
    assert server.client("s3").get_object(Bucket="archive-restart", Key="cold.txt")["Body"].read() == b"cold bytes"
