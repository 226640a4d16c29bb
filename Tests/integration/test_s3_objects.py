"""S3 buckets and objects through boto3 and the AWS CLI: naming and region rules, bodies and their digests,
conditional and ranged reads, listings, copies and deletes (Amazon S3 API Reference and User Guide pages named
beside each test)."""
import base64
import datetime
import hashlib
import zlib

import botocore.exceptions
import pytest

from s3support import bucket, error_code, md5_hex, s3, s3_user, status, unique_bucket  # noqa: F401  (fixtures)


# "General purpose bucket naming rules"
@pytest.mark.parametrize("name", ["ab", "a" * 64, "UpperCase", "under_score", "-leading", "trailing-", "two..dots",
                                  "192.168.5.4", "xn--punycode", "name-s3alias", "sthree-bucket"])
def test_invalid_bucket_names_are_refused(s3, name):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.create_bucket(Bucket=name)
    assert error_code(excinfo) == "InvalidBucketName"


# "CreateBucket": location constraints and ownership
def test_bucket_region_constraints(nimbus):
    east = nimbus.client("s3")
    west = nimbus.client("s3", region="eu-west-1")
    name = unique_bucket()
    west.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert east.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
    assert east.head_bucket(Bucket=name)["BucketRegion"] == "eu-west-1"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        west.create_bucket(Bucket=unique_bucket())  # no constraint outside us-east-1
    assert error_code(excinfo) == "IllegalLocationConstraintException"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        east.create_bucket(Bucket=unique_bucket(), CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert error_code(excinfo) == "InvalidLocationConstraint"
    plain = unique_bucket()
    east.create_bucket(Bucket=plain)
    assert east.get_bucket_location(Bucket=plain)["LocationConstraint"] is None
    # The us-east-1 endpoint (s3.amazonaws.com) creates buckets in any Region; another Region's only in its own.
    anywhere = unique_bucket()
    east.create_bucket(Bucket=anywhere, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})
    assert east.head_bucket(Bucket=anywhere)["BucketRegion"] == "ap-southeast-2"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        west.create_bucket(Bucket=unique_bucket(), CreateBucketConfiguration={"LocationConstraint": "ap-southeast-2"})
    assert error_code(excinfo) == "IllegalLocationConstraintException"
    # "GetBucketLocation": a bucket created with the legacy `EU` answers `EU`
    legacy = unique_bucket()
    east.create_bucket(Bucket=legacy, CreateBucketConfiguration={"LocationConstraint": "EU"})
    assert east.get_bucket_location(Bucket=legacy)["LocationConstraint"] == "EU"
    assert east.head_bucket(Bucket=legacy)["BucketRegion"] == "eu-west-1"


# "CreateBucket": BucketAlreadyOwnedByYou / BucketAlreadyExists; the namespace is shared by all accounts
def test_bucket_names_are_global(nimbus):
    mine = nimbus.client("s3", access_key="111111111111")
    theirs = nimbus.client("s3", access_key="222222222222")
    mine_west = nimbus.client("s3", access_key="111111111111", region="eu-west-1")
    name = unique_bucket()
    mine.create_bucket(Bucket=name)
    mine.create_bucket(Bucket=name)  # us-east-1 answers success to its owner
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        theirs.create_bucket(Bucket=name)
    assert error_code(excinfo) == "BucketAlreadyExists" and status(excinfo) == 409
    west = unique_bucket()
    mine_west.create_bucket(Bucket=west, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        mine_west.create_bucket(Bucket=west, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_code(excinfo) == "BucketAlreadyOwnedByYou"
    assert name in [b["Name"] for b in mine.list_buckets()["Buckets"]]
    assert name not in [b["Name"] for b in theirs.list_buckets()["Buckets"]]


# "DeleteBucket": only an empty bucket
def test_delete_bucket_only_when_empty(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(excinfo) == "BucketNotEmpty"
    s3.delete_object(Bucket=bucket, Key="k")
    s3.delete_bucket(Bucket=bucket)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_bucket(Bucket=bucket)
    assert status(excinfo) == 404
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.list_objects_v2(Bucket=bucket)
    assert error_code(excinfo) == "NoSuchBucket"


# "PutObject", "GetObject", "HeadObject": metadata, content headers, ETag as MD5
def test_put_get_head_round_trip(s3, bucket):
    body = b"hello, nimbus\n" * 100
    put = s3.put_object(Bucket=bucket, Key="docs/a.txt", Body=body, ContentType="text/plain", Metadata={"Team": "blue"},
                        CacheControl="max-age=60", ContentDisposition="inline", ContentLanguage="en", StorageClass="STANDARD_IA",
                        Tagging="env=dev&app=web")
    assert put["ETag"] == f'"{md5_hex(body)}"'
    got = s3.get_object(Bucket=bucket, Key="docs/a.txt")
    assert got["Body"].read() == body
    assert got["ContentType"] == "text/plain" and got["Metadata"] == {"team": "blue"}
    assert got["CacheControl"] == "max-age=60" and got["ContentDisposition"] == "inline" and got["ContentLanguage"] == "en"
    assert got["StorageClass"] == "STANDARD_IA" and got["TagCount"] == 2 and got["ContentLength"] == len(body)
    head = s3.head_object(Bucket=bucket, Key="docs/a.txt")
    assert head["ETag"] == put["ETag"] and head["ContentLength"] == len(body)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="missing")
    assert error_code(excinfo) == "NoSuchKey"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="missing")
    assert status(excinfo) == 404
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="x", Body=b"x", StorageClass="FROZEN")
    assert error_code(excinfo) == "InvalidStorageClass"


# "Checking object integrity in Amazon S3": Content-MD5 and flexible checksums are verified
def test_digests_are_checked(s3, bucket):
    body = b"integrity matters"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k", Body=body, ContentMD5=base64.b64encode(hashlib.md5(b"other").digest()).decode())
    assert error_code(excinfo) == "BadDigest"
    crc = base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()
    put = s3.put_object(Bucket=bucket, Key="k", Body=body, ChecksumCRC32=crc)
    assert put["ChecksumCRC32"] == crc
    sha = base64.b64encode(hashlib.sha256(body).digest()).decode()
    put = s3.put_object(Bucket=bucket, Key="s", Body=body, ChecksumAlgorithm="SHA256")
    assert put["ChecksumSHA256"] == sha
    assert s3.head_object(Bucket=bucket, Key="s", ChecksumMode="ENABLED")["ChecksumSHA256"] == sha
    bad = base64.b64encode(zlib.crc32(b"tampered").to_bytes(4, "big")).decode()
    raw = s3
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        raw.put_object(Bucket=bucket, Key="k2", Body=body, ChecksumCRC32=bad)
    assert error_code(excinfo) == "BadDigest"
    with pytest.raises(botocore.exceptions.ClientError):
        s3.head_object(Bucket=bucket, Key="k2")  # a refused body is not stored


# "Conditional requests": If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since
def test_conditional_reads(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="c", Body=b"v1")["ETag"]
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag)["Body"].read() == b"v1"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="c", IfMatch='"0000"')
    assert status(excinfo) == 412 and error_code(excinfo) == "PreconditionFailed"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="c", IfNoneMatch=etag)
    assert status(excinfo) == 304
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=future)
    assert status(excinfo) == 304
    assert s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=past)["Body"].read() == b"v1"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="c", IfUnmodifiedSince=past)
    assert status(excinfo) == 412
    # "Add preconditions to S3 operations with conditional requests": If-None-Match: * refuses to overwrite
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="c", Body=b"v2", IfNoneMatch="*")
    assert status(excinfo) == 412
    s3.put_object(Bucket=bucket, Key="fresh", Body=b"new", IfNoneMatch="*")
    # ... and knows only `*`
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="fresh", Body=b"v2", IfNoneMatch=etag)
    assert (error_code(excinfo), status(excinfo)) == ("NotImplemented", 501)


# "GetObject": Range (RFC 9110 byte ranges)
def test_ranged_reads(s3, bucket):
    body = bytes(range(256)) * 4
    s3.put_object(Bucket=bucket, Key="r", Body=body)
    part = s3.get_object(Bucket=bucket, Key="r", Range="bytes=10-19")
    assert part["Body"].read() == body[10:20]
    assert part["ContentRange"] == f"bytes 10-19/{len(body)}" and part["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=-5")["Body"].read() == body[-5:]
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=1000-")["Body"].read() == body[1000:]
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=1020-5000")["Body"].read() == body[1020:]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="r", Range="bytes=5000-6000")
    assert status(excinfo) == 416 and error_code(excinfo) == "InvalidRange"


# "Organizing objects using prefixes", "ListObjectsV2", "ListObjects"
def test_listings_with_prefix_delimiter_and_pages(s3, bucket):
    keys = ["a.txt", "photos/2024/jan.jpg", "photos/2024/feb.jpg", "photos/2025/mar.jpg", "photos/index.html", "zeta", "b c+d.txt"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    everything = s3.list_objects_v2(Bucket=bucket)
    assert [o["Key"] for o in everything["Contents"]] == sorted(keys)
    assert everything["KeyCount"] == len(keys) and not everything["IsTruncated"]
    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["photos/"]
    assert [o["Key"] for o in top["Contents"]] == ["a.txt", "b c+d.txt", "zeta"]
    photos = s3.list_objects_v2(Bucket=bucket, Prefix="photos/", Delimiter="/")
    assert [p["Prefix"] for p in photos["CommonPrefixes"]] == ["photos/2024/", "photos/2025/"]
    assert [o["Key"] for o in photos["Contents"]] == ["photos/index.html"]
    seen, token = [], None
    while True:
        page = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, **({"ContinuationToken": token} if token else {}))
        seen += [o["Key"] for o in page.get("Contents", [])]
        assert page["KeyCount"] <= 2
        if not page["IsTruncated"]:
            break
        token = page["NextContinuationToken"]
    assert seen == sorted(keys)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, StartAfter="photos/2025/mar.jpg")["Contents"]] == ["photos/index.html", "zeta"]
    v1 = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=2)
    assert v1["IsTruncated"] and v1["NextMarker"] == "b c+d.txt"
    rest = s3.list_objects(Bucket=bucket, Delimiter="/", Marker=v1["NextMarker"])
    assert [p["Prefix"] for p in rest["CommonPrefixes"]] == ["photos/"] and [o["Key"] for o in rest["Contents"]] == ["zeta"]
    # encoding-type=url asked for by the caller: the keys come back percent-encoded (boto3 asks for it on its own
    # and decodes them, which the listings above relied on)
    encoded = s3.list_objects_v2(Bucket=bucket, Prefix="b", EncodingType="url")
    assert [o["Key"] for o in encoded["Contents"]] == ["b%20c%2Bd.txt"]
    # max-keys=0 asks for nothing and leaves nothing out
    empty = s3.list_objects_v2(Bucket=bucket, MaxKeys=0)
    assert empty["KeyCount"] == 0 and not empty["IsTruncated"] and "Contents" not in empty


# "CopyObject": metadata directive, copying onto itself
def test_copy_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"copy me", ContentType="text/plain", Metadata={"a": "1"})
    s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    dst = s3.get_object(Bucket=bucket, Key="dst")
    assert dst["Body"].read() == b"copy me" and dst["Metadata"] == {"a": "1"} and dst["ContentType"] == "text/plain"
    s3.copy_object(Bucket=bucket, Key="dst2", CopySource=f"{bucket}/src", MetadataDirective="REPLACE", Metadata={"b": "2"},
                   ContentType="application/json")
    dst2 = s3.head_object(Bucket=bucket, Key="dst2")
    assert dst2["Metadata"] == {"b": "2"} and dst2["ContentType"] == "application/json"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="src", CopySource={"Bucket": bucket, "Key": "src"})
    assert error_code(excinfo) == "InvalidRequest"
    # the directives are COPY or REPLACE, nothing else
    for directive in ({"MetadataDirective": "MERGE"}, {"TaggingDirective": "KEEP"}):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.copy_object(Bucket=bucket, Key="dst3", CopySource={"Bucket": bucket, "Key": "src"}, **directive)
        assert error_code(excinfo) == "InvalidArgument"
    s3.delete_object(Bucket=bucket, Key="src")
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"copy me"  # a copy outlives its source
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": bucket, "Key": "src"})
    assert error_code(excinfo) == "NoSuchKey"


# "DeleteObjects": many keys, quiet mode
def test_delete_objects(s3, bucket):
    for i in range(5):
        s3.put_object(Bucket=bucket, Key=f"d{i}", Body=b"x")
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": f"d{i}"} for i in range(3)] + [{"Key": "never"}]})
    assert sorted(d["Key"] for d in result["Deleted"]) == ["d0", "d1", "d2", "never"]
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "d3"}], "Quiet": True})
    assert "Deleted" not in quiet
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["d4"]


# "Creating object key names": up to 1,024 bytes
def test_key_length_limit(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k" * 1024, Body=b"")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k" * 1025, Body=b"")
    assert error_code(excinfo) == "KeyTooLongError"


def test_cli_high_level_commands(nimbus, tmp_path):
    name = unique_bucket()
    nimbus.cli("s3", "mb", f"s3://{name}")
    tree = tmp_path / "tree"
    (tree / "sub" / "deep").mkdir(parents=True)
    files = {"f1.txt": b"one", "sub/s.txt": b"two" * 1000, "sub/deep/d.bin": bytes(range(256)) * 100}
    for rel, data in files.items():
        (tree / rel).write_bytes(data)
    nimbus.cli("s3", "sync", str(tree), f"s3://{name}/tree", "--only-show-errors")
    _, listing, _ = nimbus.cli("s3", "ls", "--recursive", f"s3://{name}")
    assert sorted(line.split()[-1] for line in listing.splitlines()) == sorted(f"tree/{k}" for k in files)
    down = tmp_path / "down"
    nimbus.cli("s3", "sync", f"s3://{name}/tree", str(down), "--only-show-errors")
    for rel, data in files.items():
        assert (down / rel).read_bytes() == data
    # a second sync finds nothing to do
    _, out, _ = nimbus.cli("s3", "sync", str(tree), f"s3://{name}/tree")
    assert out.strip() == ""
    nimbus.cli("s3", "rm", "--recursive", f"s3://{name}", "--only-show-errors")
    nimbus.cli("s3", "rb", f"s3://{name}")


# "Working with objects": a path-style and a virtual-hosted-style request reach the same bucket
def test_virtual_host_addressing(nimbus, s3, bucket):
    import http.client
    s3.put_object(Bucket=bucket, Key="vh.txt", Body=b"virtual")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "vh.txt"}, ExpiresIn=60)
    host = nimbus.endpoint.split("//")[1]
    path_and_query = url.split(host, 1)[1]
    assert path_and_query.startswith(f"/{bucket}/vh.txt")
    connection = http.client.HTTPConnection(host)
    connection.request("GET", "/vh.txt", headers={"Host": f"{bucket}.s3.localhost:{host.split(':')[1]}"})
    response = connection.getresponse()
    # unsigned, so anonymous: denied unless a policy allows it, but routed to the bucket
    assert response.status == 403 and b"AccessDenied" in response.read()


# "Verifying bucket ownership with bucket owner condition"
def test_expected_bucket_owner(nimbus):
    s3 = nimbus.client("s3", access_key="135791357913")
    name = unique_bucket()
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="k", Body=b"v", ExpectedBucketOwner="135791357913")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=name, Key="k", ExpectedBucketOwner="111111111111")
    assert error_code(excinfo) == "AccessDenied"
