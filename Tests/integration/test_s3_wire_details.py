"""The details of S3's wire format that SDKs other than botocore hold a server to: documents' root elements and
namespace, keys kept byte for byte, headers on error answers, body digests on every request that has a body, and
the limits on what a write may state ("Amazon S3 API Reference", each operation's Response Syntax)."""
import base64
import hashlib
import xml.etree.ElementTree as ET

import botocore.exceptions
import pytest

from awsraw import send, signed
from s3support import account_bucket, account_key, bucket, error_code, s3, s3_user, status  # noqa: F401 (fixtures)

NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


def root(nimbus, method, path, body=b"", headers=None):
    reply = signed(method, f"{nimbus.endpoint}{path}", "s3", body=body, headers=headers)
    assert reply.status == 200, reply.text
    return ET.fromstring(reply.body)


# Each operation's Response Syntax names its root element, in S3's namespace; SDKs generated from AWS's Smithy
# models (Rust, Swift, Kotlin) refuse any other.
def test_documents_have_s3s_root_elements_and_namespace(nimbus, s3, bucket):
    s3.put_object(Bucket=bucket, Key="a.txt", Body=b"a", Tagging="k=v")
    document = b"<Delete><Object><Key>gone.txt</Key></Object></Delete>"
    md5 = base64.b64encode(hashlib.md5(document).digest()).decode()
    expected = [
        ("GET", "/", b"", None, "ListAllMyBucketsResult"),
        ("GET", f"/{bucket}?list-type=2", b"", None, "ListBucketResult"),
        ("GET", f"/{bucket}", b"", None, "ListBucketResult"),
        ("GET", f"/{bucket}?versions", b"", None, "ListVersionsResult"),
        ("GET", f"/{bucket}?uploads", b"", None, "ListMultipartUploadsResult"),
        ("GET", f"/{bucket}/a.txt?tagging", b"", None, "Tagging"),
        ("GET", f"/{bucket}/a.txt?acl", b"", None, "AccessControlPolicy"),
        ("GET", f"/{bucket}?versioning", b"", None, "VersioningConfiguration"),
        ("GET", f"/{bucket}?location", b"", None, "LocationConstraint"),
        ("POST", f"/{bucket}/big.bin?uploads", b"", None, "InitiateMultipartUploadResult"),
        ("POST", f"/{bucket}?delete", document, {"Content-MD5": md5}, "DeleteResult"),
    ]
    for method, path, body, headers, name in expected:
        assert root(nimbus, method, path, body, headers).tag == NS + name, path


# "Naming Amazon S3 objects": `folder/` is a key of its own (the console's folders), not `folder`.
def test_trailing_slashes_belong_to_the_key(s3, bucket):
    s3.put_object(Bucket=bucket, Key="folder/", Body=b"")
    s3.put_object(Bucket=bucket, Key="folder", Body=b"file")
    s3.put_object(Bucket=bucket, Key="deep//", Body=b"")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == ["deep//", "folder", "folder/"]
    assert s3.head_object(Bucket=bucket, Key="folder/")["ContentLength"] == 0
    assert s3.get_object(Bucket=bucket, Key="folder")["Body"].read() == b"file"
    listed = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in listed["CommonPrefixes"]] == ["deep/", "folder/"]


# "Working with object metadata": user-defined metadata is at most 2 KB (names and values, UTF-8).
def test_user_metadata_is_limited_to_2_kb(s3, bucket):
    s3.put_object(Bucket=bucket, Key="fits", Body=b"x", Metadata={"a": "v" * 2047})
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="too-much", Body=b"x", Metadata={"ab": "v" * 2047})
    assert (error_code(excinfo), status(excinfo)) == ("MetadataTooLarge", 400)


# "GetObject", "HeadObject": a key whose latest version is a delete marker answers 404 with
# x-amz-delete-marker: true; reading the marker by its id is 405 with the same header.
def test_delete_markers_say_so_on_their_errors(nimbus, s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    gone = signed("GET", f"{nimbus.endpoint}/{bucket}/k", "s3")
    assert gone.status == 404 and gone.headers["x-amz-delete-marker"] == "true" and gone.headers["x-amz-version-id"] == marker
    by_id = signed("HEAD", f"{nimbus.endpoint}/{bucket}/k?versionId={marker}", "s3")
    assert by_id.status == 405 and by_id.headers["x-amz-delete-marker"] == "true" and "last-modified" in by_id.headers


# RFC 9110 §15.4.5 (S3's "GetObject": If-None-Match): a 304 carries the ETag and Last-Modified a 200 would, and
# no body or content type.
def test_not_modified_names_the_representation(nimbus, s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["ETag"]
    reply = signed("GET", f"{nimbus.endpoint}/{bucket}/k", "s3", headers={"If-None-Match": etag})
    assert reply.status == 304 and reply.headers["etag"] == etag and "last-modified" in reply.headers
    assert reply.body == b"" and "content-type" not in reply.headers


# "DeleteObjects": the request must carry Content-MD5 (or a checksum), and a wrong one is BadDigest; the same
# holds for every request whose body is a document ("Checking object integrity in Amazon S3").
def test_document_bodies_are_checked_against_their_digests(nimbus, s3, bucket):
    s3.put_object(Bucket=bucket, Key="keep.txt", Body=b"x")
    document = b"<Delete><Object><Key>keep.txt</Key></Object></Delete>"
    url = f"{nimbus.endpoint}/{bucket}?delete"
    missing = signed("POST", url, "s3", body=document)
    assert missing.status == 400 and "<Code>InvalidRequest</Code>" in missing.text and "Content-MD5" in missing.text
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    assert "<Code>BadDigest</Code>" in signed("POST", url, "s3", body=document, headers={"Content-MD5": wrong}).text
    crc = base64.b64encode(b"\0\0\0\0").decode()
    assert "<Code>BadDigest</Code>" in signed("POST", url, "s3", body=document, headers={"x-amz-checksum-crc32": crc}).text
    assert s3.head_object(Bucket=bucket, Key="keep.txt")["ContentLength"] == 1
    tagging = b"<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>"
    bad = signed("PUT", f"{nimbus.endpoint}/{bucket}?tagging", "s3", body=tagging, headers={"Content-MD5": wrong})
    assert bad.status == 400 and "<Code>BadDigest</Code>" in bad.text


# "Checking object integrity in Amazon S3": one checksum header at most, each the base64 of its digest.
def test_checksum_headers_must_be_one_and_well_formed(nimbus, bucket):
    body = b"hello"
    sha256 = base64.b64encode(hashlib.sha256(body).digest()).decode()
    sha1 = base64.b64encode(hashlib.sha1(body).digest()).decode()
    url = f"{nimbus.endpoint}/{bucket}/k"
    two = signed("PUT", url, "s3", body=body, headers={"x-amz-checksum-sha256": sha256, "x-amz-checksum-sha1": sha1})
    assert two.status == 400 and "<Code>InvalidRequest</Code>" in two.text and "single x-amz-checksum" in two.text
    malformed = signed("PUT", url, "s3", body=body, headers={"x-amz-checksum-sha256": sha1})
    assert malformed.status == 400 and "Value for x-amz-checksum-sha256 header is invalid." in malformed.text
    assert signed("PUT", url, "s3", body=body, headers={"x-amz-checksum-sha256": sha256}).status == 200
    assert send("GET", url).status == 403


# "Owner" and "Grantee" (Amazon S3 API Reference), End of support notice: since November 21, 2025 S3 returns no
# DisplayName. "ListParts": an upload's Initiator is its Owner element for an account, the ARN for an IAM identity.
def test_owners_grantees_and_initiators_carry_no_display_name(nimbus, request):
    account = account_key(request.node.name)
    root_s3, name = account_bucket(nimbus, account, "owners")
    root_s3.put_object(Bucket=name, Key="k", Body=b"x")
    canonical = root_s3.list_buckets()["Owner"]["ID"]
    assert root_s3.list_buckets()["Owner"] == {"ID": canonical}
    assert root_s3.get_bucket_acl(Bucket=name)["Owner"] == {"ID": canonical}
    assert root_s3.get_bucket_acl(Bucket=name)["Grants"][0]["Grantee"] == {"Type": "CanonicalUser", "ID": canonical}
    assert root_s3.get_object_acl(Bucket=name, Key="k")["Owner"] == {"ID": canonical}
    assert root_s3.list_objects(Bucket=name)["Contents"][0]["Owner"] == {"ID": canonical}
    assert root_s3.list_object_versions(Bucket=name)["Versions"][0]["Owner"] == {"ID": canonical}
    by_root = root_s3.create_multipart_upload(Bucket=name, Key="by-root")["UploadId"]
    _, user_s3 = s3_user(nimbus, account, "uploader")
    by_user = user_s3.create_multipart_upload(Bucket=name, Key="by-user")["UploadId"]
    parts = root_s3.list_parts(Bucket=name, Key="by-root", UploadId=by_root)
    assert parts["Initiator"] == {"ID": canonical} and parts["Owner"] == {"ID": canonical}
    assert root_s3.list_parts(Bucket=name, Key="by-user", UploadId=by_user)["Initiator"] == {
        "ID": f"arn:aws:iam::{account}:user/uploader"}
    uploads = {u["Key"]: u for u in root_s3.list_multipart_uploads(Bucket=name)["Uploads"]}
    assert uploads["by-root"]["Initiator"] == {"ID": canonical}
    assert uploads["by-user"]["Initiator"]["ID"] == f"arn:aws:iam::{account}:user/uploader"
    assert uploads["by-user"]["Owner"] == {"ID": canonical}
