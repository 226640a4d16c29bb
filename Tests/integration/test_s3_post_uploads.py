"""Browser-based uploads: `POST /bucket` with a multipart/form-data body signed by a POST policy ("Browser-based
uploads using POST", "Creating a POST policy", "POST Object"), as boto3's generate_presigned_post makes them,
sent with curl -F as a browser form would."""
import hashlib
import os
import subprocess
import xml.etree.ElementTree as ET

import boto3
import botocore.config
import pytest

from s3support import bucket, raw_error_answer, s3, s3_user  # noqa: F401 (fixtures)


def post(presigned, path, extra=(), file_field="file"):
    """curl -F with the presigned fields in order, then the file: (status, headers, body)."""
    args = ["curl", "-sS", "-o", "-", "-D", "-", "-X", "POST"]
    for name, value in list(presigned["fields"].items()) + list(extra):
        args += ["--form-string", f"{name}={value}"]
    args += ["-F", f"{file_field}=@{path}", presigned["url"]]
    out = subprocess.run(args, capture_output=True, check=True, timeout=120).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    while head.startswith(b"HTTP/1.1 100"):
        head, _, body = body.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def error_of(body):
    root = ET.fromstring(body)
    return root.findtext("Code"), root.findtext("Message")


@pytest.fixture
def upload(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"a picture" * 100)
    return path


# "Browser-based uploads using POST": the default answer is 204 with the ETag and the object's location.
def test_presigned_post_uploads_an_object(s3, bucket, upload):
    presigned = s3.generate_presigned_post(bucket, "uploads/${filename}", Conditions=[["starts-with", "$key", "uploads/"]], ExpiresIn=300)
    status, headers, _ = post(presigned, upload)
    assert status == 204
    assert headers["etag"] == '"%s"' % hashlib.md5(upload.read_bytes()).hexdigest()
    assert headers["location"].endswith(f"/{bucket}/uploads/photo.jpg")
    assert s3.get_object(Bucket=bucket, Key="uploads/photo.jpg")["Body"].read() == upload.read_bytes()


# "POST Object": success_action_status 201 answers a PostResponse document; form fields become the object's
# headers, metadata and tags.
def test_form_fields_and_the_201_answer(s3, bucket, upload):
    fields = {"success_action_status": "201", "Content-Type": "image/jpeg", "x-amz-meta-album": "holidays",
              "tagging": "<Tagging><TagSet><Tag><Key>kind</Key><Value>photo</Value></Tag></TagSet></Tagging>"}
    conditions = [{"success_action_status": "201"}, {"Content-Type": "image/jpeg"}, {"x-amz-meta-album": "holidays"},
                  {"tagging": fields["tagging"]}]
    presigned = s3.generate_presigned_post(bucket, "p.jpg", Fields=fields, Conditions=conditions)
    status, headers, body = post(presigned, upload)
    assert status == 201, body
    document = ET.fromstring(body)
    assert document.tag == "PostResponse" and document.findtext("Key") == "p.jpg" and document.findtext("Bucket") == bucket
    head = s3.head_object(Bucket=bucket, Key="p.jpg")
    assert head["ContentType"] == "image/jpeg" and head["Metadata"] == {"album": "holidays"}
    assert s3.get_object_tagging(Bucket=bucket, Key="p.jpg")["TagSet"] == [{"Key": "kind", "Value": "photo"}]


# "Creating a POST policy": each condition must hold, every field must be named by one, and the policy expires.
def test_the_policy_is_enforced(s3, bucket, upload):
    presigned = s3.generate_presigned_post(bucket, "elsewhere/x.jpg", Conditions=[["starts-with", "$key", "uploads/"]])
    status, _, body = post(presigned, upload)
    assert status == 403
    assert error_of(body) == ("AccessDenied", 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "uploads/"]')
    small = s3.generate_presigned_post(bucket, "small.jpg", Conditions=[["content-length-range", 1, 100]])
    status, _, body = post(small, upload)
    assert (status, error_of(body)[0]) == (400, "EntityTooLarge")
    plain = s3.generate_presigned_post(bucket, "extra.jpg")
    status, _, body = post(plain, upload, extra=[("x-amz-meta-sneaky", "1")])
    assert (status, error_of(body)) == (403, ("AccessDenied", "Invalid according to Policy: Extra input fields: x-amz-meta-sneaky"))
    expired = s3.generate_presigned_post(bucket, "late.jpg", ExpiresIn=-10)
    status, _, body = post(expired, upload)
    assert (status, error_of(body)) == (403, ("AccessDenied", "Invalid according to Policy: Policy expired."))
    with pytest.raises(s3.exceptions.ClientError):
        s3.head_object(Bucket=bucket, Key="extra.jpg")


# A form signed by an IAM user's key is that user's PutObject: a wrong signature is refused, and the user's
# policies decide (here, AmazonS3FullAccess). Signature Version 2 forms (AWSAccessKeyId, signature) work too.
def test_signatures_and_the_signers_permissions(nimbus, bucket, upload):
    key, _ = s3_user(nimbus, "test", "poster")

    def client(version):
        return boto3.client("s3", endpoint_url=nimbus.endpoint, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                            aws_secret_access_key=key["SecretAccessKey"], config=botocore.config.Config(signature_version=version))

    v4, v2 = client("s3v4"), client("s3")
    presigned = v4.generate_presigned_post(bucket, "signed.jpg")
    assert presigned["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    status, _, body = post(presigned, upload)
    assert status == 204, body
    tampered = {**presigned, "fields": {**presigned["fields"], "x-amz-signature": "0" * 64}}
    status, _, body = post(tampered, upload)
    assert (status, error_of(body)[0]) == (403, "SignatureDoesNotMatch")
    presigned = v2.generate_presigned_post(bucket, "v2.jpg")
    assert "signature" in presigned["fields"]
    assert post(presigned, upload)[0] == 204
    tampered = {**presigned, "fields": {**presigned["fields"], "signature": "AAAA" + presigned["fields"]["signature"][4:]}}
    assert post(tampered, upload)[0] == 403
    iam = nimbus.client("iam")
    iam.detach_user_policy(UserName="poster", PolicyArn="arn:aws:iam::aws:policy/AmazonS3FullAccess")
    status, _, body = post(v4.generate_presigned_post(bucket, "refused.jpg"), upload)
    assert (status, error_of(body)[0]) == (403, "AccessDenied")


# An unsigned form is anonymous: refused unless a bucket policy lets everyone put.
def test_unsigned_forms_are_anonymous(nimbus, s3, bucket, upload):
    url = f"{nimbus.endpoint}/{bucket}"
    status, _, body = post({"url": url, "fields": {"key": "anon.jpg"}}, upload)
    assert (status, error_of(body)[0]) == (403, "AccessDenied")
    status, _, body = post({"url": url, "fields": {"key": "anon.jpg"}}, upload, file_field="notfile")
    assert (status, error_of(body)[0]) == (400, "InvalidArgument")


# A large file arrives spooled to disk and is taken from the form without being held in memory.
def test_a_large_file_through_a_form(s3, bucket, tmp_path):
    path = tmp_path / "big.bin"
    data = os.urandom(3 << 20) * 4
    path.write_bytes(data)
    presigned = s3.generate_presigned_post(bucket, "big.bin", Fields={"success_action_status": "200"},
                                           Conditions=[{"success_action_status": "200"}, ["content-length-range", 0, 64 << 20]])
    status, headers, _ = post(presigned, path)
    assert status == 200
    assert headers["etag"] == '"%s"' % hashlib.md5(data).hexdigest()
    got = s3.get_object(Bucket=bucket, Key="big.bin")["Body"].read()
    assert hashlib.md5(got).hexdigest() == hashlib.md5(data).hexdigest()


# Form builders write the content-length-range bounds as strings; S3 reads them as numbers all the same.
def test_string_bounds_and_forms_that_are_not_uploads(nimbus, s3, bucket, upload):
    presigned = s3.generate_presigned_post(bucket, "s.jpg", Conditions=[["content-length-range", "0", "3"]])
    status, _, body = post(presigned, upload)
    assert (status, error_of(body)[0]) == (400, "EntityTooLarge")
    # A POST with a query is the operation it names (here DeleteObjects, refused for its body), never an upload.
    status, _, body = post({"url": f"{nimbus.endpoint}/{bucket}?delete", "fields": {"key": "q.jpg"}}, upload)
    assert status == 400 and error_of(body)[0] in ("MalformedXML", "InvalidRequest", "MissingContentMD5"), body
    with pytest.raises(s3.exceptions.ClientError):
        s3.head_object(Bucket=bucket, Key="q.jpg")
    # AWSAccessKeyId without a signature and policy is refused, not taken as anonymous.
    status, _, body = post({"url": f"{nimbus.endpoint}/{bucket}", "fields": {"key": "k.jpg", "AWSAccessKeyId": "AKIA0000"}}, upload)
    assert status == 400


# "POST Object": a file of at most 5 GB; a form declaring more is refused before its body is read.
def test_a_form_over_5_gib_is_refused_before_its_body(nimbus, bucket):
    host = nimbus.endpoint.split("//", 1)[1]
    size = (6 << 30)
    head = (f"POST /{bucket} HTTP/1.1\r\nHost: {host}\r\nContent-Type: multipart/form-data; boundary=xyz\r\n"
            f"Content-Length: {size}\r\nExpect: 100-continue\r\n\r\n")
    text = raw_error_answer(nimbus, head)
    assert text.startswith("HTTP/1.1 400") and "100 Continue" not in text and "<Code>EntityTooLarge</Code>" in text, text
