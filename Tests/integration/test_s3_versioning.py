"""S3 Versioning ("How S3 Versioning works", "Working with delete markers", "Working with objects in a
versioning-suspended bucket", "ListObjectVersions"): versioned overwrites, delete markers, reads by version,
permanent deletes, and the null version of a suspended bucket."""
import botocore.exceptions
import pytest

from s3support import bucket, error_code, s3, status  # noqa: F401  (fixtures)


def versions_of(s3, bucket, key):
    listed = s3.list_object_versions(Bucket=bucket, Prefix=key)
    return ([(v["VersionId"], v["IsLatest"], v["Size"]) for v in listed.get("Versions", [])],
            [(m["VersionId"], m["IsLatest"]) for m in listed.get("DeleteMarkers", [])])


def test_versioned_overwrite_and_delete_marker(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=bucket, Key="doc.txt", Body=b"one")["VersionId"]
    second = s3.put_object(Bucket=bucket, Key="doc.txt", Body=b"second")["VersionId"]
    assert first != second
    assert s3.get_object(Bucket=bucket, Key="doc.txt")["Body"].read() == b"second"
    assert s3.get_object(Bucket=bucket, Key="doc.txt", VersionId=first)["Body"].read() == b"one"
    versions, markers = versions_of(s3, bucket, "doc.txt")
    assert versions == [(second, True, 6), (first, False, 3)] and markers == []

    deleted = s3.delete_object(Bucket=bucket, Key="doc.txt")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="doc.txt")
    assert error_code(excinfo) == "NoSuchKey"
    # a delete marker has no content: reading it by id is not allowed
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="doc.txt", VersionId=marker)
    assert status(excinfo) == 405
    versions, markers = versions_of(s3, bucket, "doc.txt")
    assert versions == [(second, False, 6), (first, False, 3)] and markers == [(marker, True)]
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)  # hidden from listings

    # removing the delete marker brings the object back
    s3.delete_object(Bucket=bucket, Key="doc.txt", VersionId=marker)
    assert s3.get_object(Bucket=bucket, Key="doc.txt")["Body"].read() == b"second"
    # deleting a version by id is permanent
    s3.delete_object(Bucket=bucket, Key="doc.txt", VersionId=second)
    assert s3.get_object(Bucket=bucket, Key="doc.txt")["Body"].read() == b"one"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="doc.txt", VersionId=second)
    assert error_code(excinfo) == "NoSuchVersion"


def test_suspended_bucket_writes_the_null_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    kept = s3.put_object(Bucket=bucket, Key="k", Body=b"kept")["VersionId"]
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"null one")
    s3.put_object(Bucket=bucket, Key="k", Body=b"null two")  # replaces the null version
    versions, _ = versions_of(s3, bucket, "k")
    assert versions == [("null", True, 8), (kept, False, 4)]
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"null two"
    # a delete in a suspended bucket replaces the null version with a null delete marker
    assert s3.delete_object(Bucket=bucket, Key="k")["VersionId"] == "null"
    versions, markers = versions_of(s3, bucket, "k")
    assert versions == [(kept, False, 4)] and markers == [("null", True)]


def test_version_listing_pages(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    # "ListObjectVersions": a version marker continues a key marker, and must look like a version id
    for markers in ({"VersionIdMarker": "0" * 32}, {"KeyMarker": "a", "VersionIdMarker": "bogus"}):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.list_object_versions(Bucket=bucket, **markers)
        assert excinfo.value.response["Error"]["Code"] == "InvalidArgument"
    for key in ("a", "b"):
        for n in range(3):
            s3.put_object(Bucket=bucket, Key=key, Body=bytes(n + 1))
    seen = []
    kwargs = {}
    while True:
        page = s3.list_object_versions(Bucket=bucket, MaxKeys=2, **kwargs)
        seen += [(v["Key"], v["VersionId"]) for v in page.get("Versions", [])]
        if not page["IsTruncated"]:
            break
        kwargs = {"KeyMarker": page["NextKeyMarker"], "VersionIdMarker": page["NextVersionIdMarker"]}
    assert len(seen) == 6 and len(set(seen)) == 6
    assert [key for key, _ in seen] == ["a", "a", "a", "b", "b", "b"]


def test_cli_versioning(nimbus):
    from s3support import unique_bucket
    name = unique_bucket()
    nimbus.cli("s3api", "create-bucket", "--bucket", name)
    nimbus.cli("s3api", "put-bucket-versioning", "--bucket", name, "--versioning-configuration", "Status=Enabled")
    assert nimbus.cli_json("s3api", "get-bucket-versioning", "--bucket", name)["Status"] == "Enabled"
    nimbus.cli("s3api", "put-object", "--bucket", name, "--key", "x")
    nimbus.cli("s3api", "delete-object", "--bucket", name, "--key", "x")
    listed = nimbus.cli_json("s3api", "list-object-versions", "--bucket", name)
    assert len(listed["Versions"]) == 1 and len(listed["DeleteMarkers"]) == 1 and listed["DeleteMarkers"][0]["IsLatest"]
