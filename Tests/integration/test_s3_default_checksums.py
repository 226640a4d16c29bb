"""CRC64NVME, and the checksum S3 adds to what is uploaded without one ("Data Integrity Protections for Amazon S3":
"Amazon S3 still calculates a CRC64NVME checksum for new objects"; "Checking object integrity in Amazon S3"). Clients
here send no checksum of their own (request_checksum_calculation=when_required), as SDKs before December 2024 did."""
import base64
import struct
import subprocess
import zlib

import botocore.exceptions
import pytest

from s3support import bucket, error_code, s3  # noqa: F401 (fixtures)

_POLY = 0x9A6C9329AC4BC9B5  # CRC-64/NVME, reflected
_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE.append(_c)


def crc64nvme(data: bytes) -> str:
    crc = 0xFFFFFFFFFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return base64.b64encode(struct.pack(">Q", crc ^ 0xFFFFFFFFFFFFFFFF)).decode()


@pytest.fixture
def plain(nimbus):
    """A client that sends no checksum unless an operation requires one."""
    return nimbus.client("s3", request_checksum_calculation="when_required", response_checksum_validation="when_required")


def test_check_value():
    assert crc64nvme(b"123456789") == base64.b64encode(struct.pack(">Q", 0xAE8B14860A799888)).decode()


# "PutObject" (ChecksumCRC64NVME): "present ... if it was uploaded without a checksum (and Amazon S3 added the default
# checksum, CRC64NVME, to the uploaded object)". Small bodies (kept in the object's row) and large (spooled) alike.
@pytest.mark.parametrize("size", [0, 11, 200_000])
def test_uploads_without_a_checksum_get_crc64nvme(plain, bucket, size):
    body = bytes(i % 251 for i in range(size))
    put = plain.put_object(Bucket=bucket, Key="k", Body=body)
    assert (put["ChecksumCRC64NVME"], put["ChecksumType"]) == (crc64nvme(body), "FULL_OBJECT")
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert (head["ChecksumCRC64NVME"], head["ChecksumType"]) == (crc64nvme(body), "FULL_OBJECT")
    listed = plain.list_objects_v2(Bucket=bucket)["Contents"][0]
    assert listed["ChecksumAlgorithm"] == ["CRC64NVME"]


# "Checking object integrity in Amazon S3": a client may state a CRC64NVME; S3 checks it (BadDigest when it differs).
def test_a_stated_crc64nvme_is_checked(plain, bucket):
    body = b"hello, nvme"
    plain.put_object(Bucket=bucket, Key="k", Body=body, ChecksumCRC64NVME=crc64nvme(body))
    got = plain.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["ChecksumCRC64NVME"] == crc64nvme(body)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        plain.put_object(Bucket=bucket, Key="k", Body=body, ChecksumCRC64NVME=crc64nvme(b"something else"))
    assert error_code(excinfo) == "BadDigest"


# "Data Integrity Protections for Amazon S3" (multipart uploads) and "CompleteMultipartUpload" (ChecksumCRC64NVME,
# ChecksumType): an upload that named no algorithm gets one full-object CRC64NVME, whatever its parts were sent with
# (an AWS-verified recording: LocalStack's snapshot `complete-multipart-after-del-restart`).
def test_a_multipart_upload_without_an_algorithm_gets_a_full_object_crc64nvme(plain, s3, bucket):
    first, second = bytes(range(256)) * 20480, b"tail of the object"
    upload = plain.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    parts = [plain.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=first)["ETag"],
             # The default client sends its own CRC32 with this part: S3 reads the part again for the CRC64NVME.
             s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=2, Body=second)["ETag"]]
    done = plain.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": n + 1, "ETag": etag} for n, etag in enumerate(parts)]})
    assert (done["ChecksumCRC64NVME"], done["ChecksumType"]) == (crc64nvme(first + second), "FULL_OBJECT")
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert (head["ChecksumCRC64NVME"], head["ChecksumType"]) == (crc64nvme(first + second), "FULL_OBJECT")


def crc32c(data: bytes) -> str:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return base64.b64encode(struct.pack(">I", crc ^ 0xFFFFFFFF)).decode()


def crc32(data: bytes) -> str:
    return base64.b64encode(struct.pack(">I", zlib.crc32(data))).decode()


FIRST, SECOND = bytes(range(256)) * 20480, b"the last part"


def full_object_upload(client, bucket, algorithm, checksum, checksum_type=None):
    created = client.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm=algorithm,
                                             **({"ChecksumType": checksum_type} if checksum_type else {}))
    upload = created["UploadId"]
    parts = []
    for number, body in enumerate((FIRST, SECOND), 1):
        sent = client.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=number, Body=body,
                                  **{f"Checksum{algorithm}": checksum(body)})
        parts.append({"PartNumber": number, "ETag": sent["ETag"], f"Checksum{algorithm}": checksum(body)})
    return created, upload, {"Parts": parts}


# "Checking object integrity in Amazon S3" (full object checksums for multipart uploads): with ChecksumType FULL_OBJECT,
# or CRC64NVME whose only type it is, the object's checksum is the CRC of all its bytes, no "-N"; the client may state it
# on completion and S3 checks it.
@pytest.mark.parametrize("algorithm, checksum, asked", [("CRC32", crc32, "FULL_OBJECT"), ("CRC32C", crc32c, "FULL_OBJECT"),
                                                        ("CRC64NVME", crc64nvme, None)])
def test_full_object_multipart_checksums(plain, bucket, algorithm, checksum, asked):
    created, upload, parts = full_object_upload(plain, bucket, algorithm, checksum, asked)
    assert created["ChecksumType"] == "FULL_OBJECT"
    assert plain.list_parts(Bucket=bucket, Key="k", UploadId=upload)["ChecksumType"] == "FULL_OBJECT"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        plain.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts,
                                        **{f"Checksum{algorithm}": checksum(b"not the object")})
    assert error_code(excinfo) == "BadDigest"
    done = plain.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts,
                                           ChecksumType="FULL_OBJECT", **{f"Checksum{algorithm}": checksum(FIRST + SECOND)})
    assert (done[f"Checksum{algorithm}"], done["ChecksumType"]) == (checksum(FIRST + SECOND), "FULL_OBJECT")
    head = plain.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert (head[f"Checksum{algorithm}"], head["ChecksumType"]) == (checksum(FIRST + SECOND), "FULL_OBJECT")


# "CreateMultipartUpload" (x-amz-checksum-type) and "CompleteMultipartUpload": the combinations S3 refuses, in its words.
def test_checksum_type_rules(plain, bucket):
    def refused(call, **kwargs):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call(Bucket=bucket, Key="k", **kwargs)
        assert error_code(excinfo) == "InvalidRequest"
        return excinfo.value.response["Error"]["Message"]

    assert refused(plain.create_multipart_upload, ChecksumType="FULL_OBJECT") == \
        "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header."
    assert refused(plain.create_multipart_upload, ChecksumAlgorithm="CRC64NVME", ChecksumType="COMPOSITE") == \
        "The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm."
    assert refused(plain.create_multipart_upload, ChecksumAlgorithm="SHA256", ChecksumType="FULL_OBJECT") == \
        "The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm."
    created, upload, parts = full_object_upload(plain, bucket, "CRC32", crc32)
    assert created["ChecksumType"] == "COMPOSITE"
    assert refused(plain.complete_multipart_upload, UploadId=upload, MultipartUpload=parts, ChecksumType="FULL_OBJECT") == \
        "The upload was created using the COMPOSITE checksum mode. The complete request must use the same checksum mode."
    done = plain.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts)
    assert done["ChecksumType"] == "COMPOSITE" and done["ChecksumCRC32"].endswith("-2")


# "Checking object integrity in Amazon S3": S3 knows five algorithms and refuses another name wherever one is named; a
# checksum type is COMPOSITE or FULL_OBJECT.
def test_unknown_algorithms_and_types_are_refused(plain, bucket):
    plain.put_object(Bucket=bucket, Key="source", Body=b"x")
    calls = [(plain.create_multipart_upload, {"ChecksumAlgorithm": "BOGUS"}),
             (plain.copy_object, {"ChecksumAlgorithm": "crc32", "CopySource": {"Bucket": bucket, "Key": "source"}}),
             (plain.create_multipart_upload, {"ChecksumAlgorithm": "SHA256", "ChecksumType": "composite"})]
    for call, kwargs in calls:
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call(Bucket=bucket, Key="k", **kwargs)
        assert error_code(excinfo) == "InvalidRequest", kwargs


# "Browser-based uploads using POST": a form's file gets the CRC64NVME of its own bytes, whatever its size.
def test_form_uploads_get_the_default_checksum(plain, bucket, tmp_path):
    body = bytes(i % 253 for i in range(20_000))
    path = tmp_path / "upload.bin"
    path.write_bytes(body)
    presigned = plain.generate_presigned_post(bucket, "form.bin", ExpiresIn=300)
    args = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}"]
    for name, value in presigned["fields"].items():
        args += ["--form-string", f"{name}={value}"]
    args += ["-F", f"file=@{path}", presigned["url"]]
    assert subprocess.run(args, capture_output=True, check=True, timeout=60).stdout == b"204"
    head = plain.head_object(Bucket=bucket, Key="form.bin", ChecksumMode="ENABLED")
    assert (head["ChecksumCRC64NVME"], head["ChecksumType"]) == (crc64nvme(body), "FULL_OBJECT")
