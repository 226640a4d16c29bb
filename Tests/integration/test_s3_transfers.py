"""Large and unusual S3 transfers: multipart uploads ("Uploading and copying objects using multipart upload",
"Amazon S3 multipart upload limits"), aws-chunked bodies ("Signature Calculations for the Authorization Header:
Transferring Payload in Multiple Chunks"), presigned URLs ("Sharing objects with presigned URLs",
"Authenticating Requests: Using Query Parameters") and durability across restarts."""
import base64
import hashlib
import json
import os
import subprocess
import time
import zlib

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.exceptions
import pytest
from boto3.s3.transfer import TransferConfig

from s3support import bucket, error_code, md5_hex, raw_error_answer, s3, s3_user, status, unique_bucket  # noqa: F401  (fixtures)

MiB = 1024 * 1024


def test_100_mib_multipart_upload_and_ranged_download(s3, bucket, tmp_path):
    source = tmp_path / "big.bin"
    chunk = os.urandom(MiB)
    with open(source, "wb") as out:
        for i in range(100):
            out.write(chunk[i:] + chunk[:i])
    data = source.read_bytes()
    config = TransferConfig(multipart_threshold=8 * MiB, multipart_chunksize=8 * MiB, max_concurrency=4)
    s3.upload_file(str(source), bucket, "big.bin", Config=config)
    head = s3.head_object(Bucket=bucket, Key="big.bin")
    parts = 13  # 12 parts of 8 MiB and a last one of 4 MiB
    digests = b"".join(hashlib.md5(data[i:i + 8 * MiB]).digest() for i in range(0, len(data), 8 * MiB))
    assert head["ETag"] == f'"{hashlib.md5(digests).hexdigest()}-{parts}"'  # AWS's multipart ETag form
    assert head["ContentLength"] == len(data) and head["PartsCount"] == parts
    target = tmp_path / "back.bin"
    s3.download_file(bucket, "big.bin", str(target), Config=config)  # ranged GETs of 8 MiB
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest()
    middle = s3.get_object(Bucket=bucket, Key="big.bin", Range=f"bytes={50 * MiB}-{50 * MiB + 999}")["Body"].read()
    assert middle == data[50 * MiB:50 * MiB + 1000]


# "Uploading objects", "Downloading objects": bodies are written in 1 MiB blocks and large ones read back past the
# page cache (O_DIRECT; docs/ARCHITECTURE.md, S3): sizes and ranges off the 4 KiB and 1 MiB boundaries come back
# exact, on the disk's file system and on tmpfs.
@pytest.mark.parametrize("where", ["disk", "tmpfs"])
def test_bodies_off_the_block_boundaries(nimbus_bin, tmp_path, where):
    import shutil
    import tempfile
    from pathlib import Path
    from conftest import NimbusServer
    if where == "tmpfs" and not os.path.isdir("/dev/shm"):
        pytest.skip("no tmpfs at /dev/shm")
    workdir = tmp_path / "server" if where == "disk" else Path(tempfile.mkdtemp(dir="/dev/shm"))
    server = NimbusServer(nimbus_bin, workdir)
    try:
        server.start()
        s3 = server.client("s3")
        name = unique_bucket()
        s3.create_bucket(Bucket=name)
        body = os.urandom(3 * MiB + 12345)
        put = s3.put_object(Bucket=name, Key="odd", Body=body)
        assert put["ETag"] == f'"{md5_hex(body)}"'
        assert s3.get_object(Bucket=name, Key="odd")["Body"].read() == body
        for first, last in [(0, 0), (1, 4096), (4095, 4097), (MiB - 1, MiB + 1), (12345, 2 * MiB + 777),
                            (MiB - 1, 3 * MiB + 5), (3 * MiB, len(body) - 1)]:
            got = s3.get_object(Bucket=name, Key="odd", Range=f"bytes={first}-{last}")["Body"].read()
            assert got == body[first:last + 1], (first, last)
        server.cli("s3", "cp", f"s3://{name}/odd", str(tmp_path / "odd.bin"))
        assert (tmp_path / "odd.bin").read_bytes() == body
    finally:
        server.close()
        if where == "tmpfs":
            shutil.rmtree(workdir, ignore_errors=True)


# "CompleteMultipartUpload": part order, part ETags, minimum part size; "AbortMultipartUpload"
def test_multipart_rules(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m", ContentType="text/plain", Metadata={"k": "v"})["UploadId"]
    small = s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=1, Body=b"a" * 1024)["ETag"]
    last = s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=2, Body=b"b" * 10)["ETag"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=10001, Body=b"x")
    assert error_code(excinfo) == "InvalidArgument"
    listed = s3.list_parts(Bucket=bucket, Key="m", UploadId=upload)
    assert [(p["PartNumber"], p["Size"]) for p in listed["Parts"]] == [(1, 1024), (2, 10)]
    assert upload in [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=upload,
                                     MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": last}, {"PartNumber": 1, "ETag": small}]})
    assert error_code(excinfo) == "InvalidPartOrder"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=upload,
                                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"0123"'}]})
    assert error_code(excinfo) == "InvalidPart"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=upload,
                                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": small}, {"PartNumber": 2, "ETag": last}]})
    assert error_code(excinfo) == "EntityTooSmall"
    # a single small part is a valid (last) part
    done = s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=upload, MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": last}]})
    assert done["ETag"].endswith('-1"')
    got = s3.get_object(Bucket=bucket, Key="m")
    assert got["Body"].read() == b"b" * 10 and got["ContentType"] == "text/plain" and got["Metadata"] == {"k": "v"}
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.list_parts(Bucket=bucket, Key="m", UploadId=upload)
    assert error_code(excinfo) == "NoSuchUpload"
    aborted = s3.create_multipart_upload(Bucket=bucket, Key="gone")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="gone", UploadId=aborted, PartNumber=1, Body=b"z")
    s3.abort_multipart_upload(Bucket=bucket, Key="gone", UploadId=aborted)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.upload_part(Bucket=bucket, Key="gone", UploadId=aborted, PartNumber=2, Body=b"z")
    assert error_code(excinfo) == "NoSuchUpload"


# "UploadPartCopy": parts copied from ranges of an existing object
def test_upload_part_copy(s3, bucket):
    source = os.urandom(6 * MiB)
    s3.put_object(Bucket=bucket, Key="src", Body=source)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="joined")["UploadId"]
    first = s3.upload_part_copy(Bucket=bucket, Key="joined", UploadId=upload, PartNumber=1, CopySource={"Bucket": bucket, "Key": "src"},
                                CopySourceRange=f"bytes=0-{5 * MiB}")["CopyPartResult"]["ETag"]
    second = s3.upload_part(Bucket=bucket, Key="joined", UploadId=upload, PartNumber=2, Body=b"tail")["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="joined", UploadId=upload,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": first}, {"PartNumber": 2, "ETag": second}]})
    assert s3.get_object(Bucket=bucket, Key="joined")["Body"].read() == source[:5 * MiB + 1] + b"tail"
    # "UploadPartCopy": a range past the source's end is refused, not clipped.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.upload_part_copy(Bucket=bucket, Key="j2", UploadId=s3.create_multipart_upload(Bucket=bucket, Key="j2")["UploadId"],
                            PartNumber=1, CopySource={"Bucket": bucket, "Key": "src"}, CopySourceRange=f"bytes=0-{6 * MiB}")
    assert error_code(excinfo) == "InvalidArgument"
    assert "Range specified is not valid for source object of size: 6291456" in str(excinfo.value)

    # "GetObject", "HeadObject": partNumber reads one part, as a range, with the object's part count.
    part = s3.get_object(Bucket=bucket, Key="joined", PartNumber=2)
    assert part["Body"].read() == b"tail" and part["ContentRange"] == f"bytes {5 * MiB + 1}-{5 * MiB + 4}/{5 * MiB + 5}"
    assert part["PartsCount"] == 2 and part["ResponseMetadata"]["HTTPStatusCode"] == 206
    head = s3.head_object(Bucket=bucket, Key="joined", PartNumber=1)
    assert head["ContentLength"] == 5 * MiB + 1 and head["PartsCount"] == 2
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="joined", PartNumber=3)
    assert (error_code(excinfo), status(excinfo)) == ("InvalidPartNumber", 416)
    assert s3.get_object(Bucket=bucket, Key="src", PartNumber=1)["ContentLength"] == 6 * MiB
    # a copy of a multipart object is one part, as its single-part ETag says
    s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": bucket, "Key": "joined"})
    assert s3.get_object(Bucket=bucket, Key="copied", PartNumber=1)["ContentLength"] == 5 * MiB + 5
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="copied", PartNumber=2)
    assert error_code(excinfo) == "InvalidPartNumber"


# "ListMultipartUploads": a delimiter rolls uploads up to common prefixes, as object listings do.
def test_upload_listings_roll_up_at_the_delimiter(s3, bucket):
    for key in ("x/1", "x/2", "y/1", "z"):
        s3.create_multipart_upload(Bucket=bucket, Key=key)
    listed = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert [u["Key"] for u in listed["Uploads"]] == ["z"]
    assert [p["Prefix"] for p in listed["CommonPrefixes"]] == ["x/", "y/"]
    # A page that ends on a common prefix names no next upload (AWS-verified recording: LocalStack's snapshot
    # `list-multiparts-start`); the prefix itself serves as the key marker (`list-multiparts-manual-prefix`).
    first = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/", MaxUploads=1)
    assert first["IsTruncated"] and first["CommonPrefixes"] == [{"Prefix": "x/"}] and first["NextKeyMarker"] == ""
    rest = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/", KeyMarker="x/")
    assert [p["Prefix"] for p in rest["CommonPrefixes"]] == ["y/"] and [u["Key"] for u in rest["Uploads"]] == ["z"]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.list_multipart_uploads(Bucket=bucket, MaxUploads=-1)
    assert error_code(excinfo) == "InvalidArgument"


def _signed(nimbus, method, path, headers, body, payload_hash):
    class StatedPayload(botocore.auth.S3SigV4Auth):
        def payload(self, request):
            return payload_hash

    request = botocore.awsrequest.AWSRequest(method=method, url=nimbus.endpoint + path, data=body, headers=headers)
    StatedPayload(botocore.credentials.Credentials("test", "test"), "s3", "us-east-1").add_auth(request)
    return request.prepare()


def test_aws_chunked_body_with_trailing_checksum(nimbus, s3, bucket):
    import http.client
    payload = b"streamed in chunks " * 1000
    crc = base64.b64encode(zlib.crc32(payload).to_bytes(4, "big")).decode()
    body = b""
    for start in range(0, len(payload), 8000):
        piece = payload[start:start + 8000]
        body += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    body += b"0\r\n" + f"x-amz-checksum-crc32:{crc}\r\n\r\n".encode()
    headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(payload)),
               "x-amz-trailer": "x-amz-checksum-crc32", "Content-Length": str(len(body))}
    prepared = _signed(nimbus, "PUT", f"/{bucket}/chunked", headers, body, "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    host = nimbus.endpoint.split("//")[1]
    connection = http.client.HTTPConnection(host)
    connection.request("PUT", f"/{bucket}/chunked", body=body, headers=dict(prepared.headers))
    response = connection.getresponse()
    answer = response.read()
    assert response.status == 200, answer
    assert response.getheader("x-amz-checksum-crc32") == crc
    assert s3.get_object(Bucket=bucket, Key="chunked")["Body"].read() == payload
    # "Transferring payload in multiple chunks": aws-chunked is the request's framing, not the object's encoding.
    assert "ContentEncoding" not in s3.head_object(Bucket=bucket, Key="chunked")
    # a body whose trailing checksum does not match is refused ("Checking object integrity")
    bad = body.replace(crc.encode(), base64.b64encode(b"\0\0\0\0"))
    connection.request("PUT", f"/{bucket}/chunked-bad", body=bad, headers=dict(prepared.headers))
    response = connection.getresponse()
    assert response.status == 400 and b"BadDigest" in response.read()


# "Common Request Headers": x-amz-content-sha256 must match the body
def test_payload_hash_mismatch_is_refused(nimbus, bucket):
    import http.client
    prepared = _signed(nimbus, "PUT", f"/{bucket}/h", {"Content-Length": "5"}, b"hello", hashlib.sha256(b"other").hexdigest())
    connection = http.client.HTTPConnection(nimbus.endpoint.split("//")[1])
    connection.request("PUT", f"/{bucket}/h", body=b"hello", headers=dict(prepared.headers))
    response = connection.getresponse()
    assert response.status == 400 and b"XAmzContentSHA256Mismatch" in response.read()


def _curl(*args):
    return subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code}", *args], capture_output=True, check=True).stdout


def test_presigned_urls_with_curl(nimbus, tmp_path):
    key, s3 = s3_user(nimbus, "123456789012", "sharer")
    name = unique_bucket()
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="report.txt", Body=b"quarterly numbers")
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "report.txt"}, ExpiresIn=300)
    out = _curl(get_url)
    assert out.endswith(b"\n200") and out.startswith(b"quarterly numbers")
    # tampering with any signed part of the URL breaks the signature
    out = _curl(get_url.replace("report.txt", "other.txt"))
    assert out.endswith(b"\n403") and b"SignatureDoesNotMatch" in out
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": name, "Key": "upload.txt"}, ExpiresIn=300)
    payload = tmp_path / "up.txt"
    payload.write_bytes(b"sent with curl")
    out = _curl("-X", "PUT", "--upload-file", str(payload), put_url)
    assert out.endswith(b"\n200")
    assert s3.get_object(Bucket=name, Key="upload.txt")["Body"].read() == b"sent with curl"
    # an expired URL is refused ("Request has expired")
    expired = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "report.txt"}, ExpiresIn=1)
    time.sleep(2)
    out = _curl(expired)
    assert out.endswith(b"\n403") and b"Request has expired" in out
    # Signature Version 4 query authentication too, at most seven days
    v4 = nimbus.client("s3", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"], signature_version="s3v4")
    out = _curl(v4.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "report.txt"}, ExpiresIn=300))
    assert out.endswith(b"\n200") and out.startswith(b"quarterly numbers")
    too_long = v4.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "report.txt"}, ExpiresIn=604801)
    out = _curl(too_long)
    assert out.endswith(b"\n400") and b"AuthorizationQueryParametersError" in out


def test_objects_survive_a_restart(fresh_nimbus):
    server = fresh_nimbus()
    s3 = server.client("s3")
    name = unique_bucket()
    s3.create_bucket(Bucket=name)
    bodies = {f"k{i}": os.urandom(1000 * (i + 1)) for i in range(5)}
    for key, body in bodies.items():
        s3.put_object(Bucket=name, Key=key, Body=body)
    upload = s3.create_multipart_upload(Bucket=name, Key="pending")["UploadId"]
    s3.upload_part(Bucket=name, Key="pending", UploadId=upload, PartNumber=1, Body=b"part one")
    server.kill9()
    # what a crash can leave: a half-spooled upload, a body whose row never committed
    from pathlib import Path
    (Path(server.data_dir) / "s3" / "incoming" / "incoming-interrupted").write_bytes(b"half")
    orphan = Path(server.data_dir) / "s3" / "objects" / "ff" / ("f" * 32)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"never recorded")
    server.start()
    assert not orphan.exists() and not (Path(server.data_dir) / "s3" / "incoming" / "incoming-interrupted").exists()
    s3 = server.client("s3")
    for key, body in bodies.items():
        got = s3.get_object(Bucket=name, Key=key)
        assert got["Body"].read() == body and got["ETag"] == f'"{md5_hex(body)}"'
    assert [p["PartNumber"] for p in s3.list_parts(Bucket=name, Key="pending", UploadId=upload)["Parts"]] == [1]


def _signing_key(secret, date, region="us-east-1", service="s3"):
    import hmac
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


# "Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks (Chunked Upload)":
# each chunk's signature chains from the seed signature; a changed chunk breaks the chain
def test_signed_aws_chunked_upload(nimbus):
    import hmac
    import http.client
    key, s3 = s3_user(nimbus, "121212121212", "streamer")
    name = unique_bucket()
    s3.create_bucket(Bucket=name)
    payload = os.urandom(200_000)
    pieces = [payload[i:i + 65536] for i in range(0, len(payload), 65536)] + [b""]

    def send(tamper=False):
        class Seed(botocore.auth.S3SigV4Auth):
            def payload(self, request):
                return "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"

        length = sum(len(f"{len(p):x};chunk-signature={'0' * 64}\r\n") + len(p) + 2 for p in pieces)
        headers = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(payload)), "Content-Length": str(length)}
        request = botocore.awsrequest.AWSRequest(method="PUT", url=f"{nimbus.endpoint}/{name}/streamed", data=b"", headers=headers)
        Seed(botocore.credentials.Credentials(key["AccessKeyId"], key["SecretAccessKey"]), "s3", "us-east-1").add_auth(request)
        prepared = request.prepare()
        seed = prepared.headers["Authorization"].rsplit("Signature=", 1)[1]
        amz_date = prepared.headers["X-Amz-Date"]
        scope = f"{amz_date[:8]}/us-east-1/s3/aws4_request"
        signing_key = _signing_key(key["SecretAccessKey"], amz_date[:8])
        body, previous = b"", seed
        for index, piece in enumerate(pieces):
            string_to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, previous, hashlib.sha256(b"").hexdigest(),
                                        hashlib.sha256(piece).hexdigest()])
            signature = hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()
            previous = signature
            data = piece
            if tamper and index == 1:
                data = bytes([piece[0] ^ 1]) + piece[1:]
            body += f"{len(piece):x};chunk-signature={signature}\r\n".encode() + data + b"\r\n"
        connection = http.client.HTTPConnection(nimbus.endpoint.split("//")[1])
        connection.request("PUT", f"/{name}/streamed", body=body, headers=dict(prepared.headers))
        response = connection.getresponse()
        return response.status, response.read()

    status_code, answer = send()
    assert status_code == 200, answer
    assert s3.get_object(Bucket=name, Key="streamed")["Body"].read() == payload
    status_code, answer = send(tamper=True)
    assert status_code == 403 and b"SignatureDoesNotMatch" in answer


# "Uploading objects": "With a single PUT operation, you can upload a single object up to 5 GB in size"; a part is
# limited the same way. A larger declared body is refused with EntityTooLarge before the client sends it.
@pytest.mark.parametrize("expect_continue", [True, False])
def test_a_put_over_5_gib_is_refused_before_its_body(nimbus, bucket, expect_continue):
    size = (5 << 30) + 1
    host = nimbus.endpoint.split("//", 1)[1]
    request = botocore.awsrequest.AWSRequest(method="PUT", url=f"{nimbus.endpoint}/{bucket}/huge.bin",
                                             headers={"Content-Length": str(size), "x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    botocore.auth.S3SigV4Auth(botocore.credentials.Credentials("test", "test"), "s3", "us-east-1").add_auth(request)
    lines = [f"PUT /{bucket}/huge.bin HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in request.headers.items() if name.lower() != "host"]
    if expect_continue:
        lines.append("Expect: 100-continue")
    # A client that does not wait for 100 Continue sends the start of its body at once.
    text = raw_error_answer(nimbus, "\r\n".join(lines) + "\r\n\r\n", b"" if expect_continue else b"x" * 65536)
    assert text.startswith("HTTP/1.1 400"), text
    assert "100 Continue" not in text
    assert "<Code>EntityTooLarge</Code>" in text
    assert f"<ProposedSize>{size}</ProposedSize>" in text and "<MaxSizeAllowed>5368709120</MaxSizeAllowed>" in text
    s3 = nimbus.client("s3")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


# "GetObjectAttributes": the attributes asked for, of the version named, without the body.
def test_object_attributes(s3, bucket):
    body = os.urandom(5 * MiB)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="parts.bin", ChecksumAlgorithm="SHA256")["UploadId"]
    parts = [s3.upload_part(Bucket=bucket, Key="parts.bin", UploadId=upload, PartNumber=n, Body=chunk, ChecksumAlgorithm="SHA256")
             for n, chunk in ((1, body), (2, b"tail"))]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="parts.bin", UploadId=upload, MultipartUpload={"Parts": [
        {"PartNumber": n, "ETag": p["ETag"], "ChecksumSHA256": p["ChecksumSHA256"]} for n, p in ((1, parts[0]), (2, parts[1]))]})
    attributes = s3.get_object_attributes(Bucket=bucket, Key="parts.bin",
                                          ObjectAttributes=["ETag", "ObjectSize", "StorageClass", "ObjectParts", "Checksum"])
    assert attributes["ETag"] == done["ETag"].strip('"') and attributes["ObjectSize"] == 5 * MiB + 4
    assert attributes["StorageClass"] == "STANDARD" and attributes["ObjectParts"]["TotalPartsCount"] == 2
    assert [p["Size"] for p in attributes["ObjectParts"]["Parts"]] == [5 * MiB, 4]
    assert "ChecksumSHA256" in attributes["Checksum"]
    first = s3.get_object_attributes(Bucket=bucket, Key="parts.bin", ObjectAttributes=["ObjectParts"], MaxParts=1)["ObjectParts"]
    assert first["IsTruncated"] and first["NextPartNumberMarker"] == 1 and [p["PartNumber"] for p in first["Parts"]] == [1]
    plain = s3.put_object(Bucket=bucket, Key="plain.txt", Body=b"hello")
    only = s3.get_object_attributes(Bucket=bucket, Key="plain.txt", ObjectAttributes=["ETag"])
    assert only["ETag"] == plain["ETag"].strip('"') and "ObjectSize" not in only
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object_attributes(Bucket=bucket, Key="missing", ObjectAttributes=["ETag"])
    assert error_code(excinfo) == "NoSuchKey"
    # part numbers run to 10,000: a marker past that is refused, not computed with
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object_attributes(Bucket=bucket, Key="parts.bin", ObjectAttributes=["ObjectParts"], PartNumberMarker=2**63 - 1)
    assert error_code(excinfo) == "InvalidArgument"
    assert s3.head_object(Bucket=bucket, Key="parts.bin")["ContentLength"] == 5 * MiB + 4
