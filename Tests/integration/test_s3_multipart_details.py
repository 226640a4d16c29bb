"""Multipart uploads as AWS answers them in the details SDKs and tools lean on: conditional completions, the markers of
ListMultipartUploads, ListParts' markers and checksums, and UploadPartCopy's answers. Where AWS's documentation is
silent, the source is an AWS-verified recording: LocalStack's snapshot tests (tests/aws/services/s3), named per test."""
import botocore.exceptions
import pytest

from s3support import bucket, error_code, s3, status  # noqa: F401 (fixtures)

KEY = "test-precondition"


def started(s3, bucket, key=KEY, body=b"test"):
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=1, Body=body)["ETag"]
    return upload, {"Parts": [{"ETag": etag, "PartNumber": 1}]}


def complete_error(s3, bucket, upload, parts, **conditions):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.complete_multipart_upload(Bucket=bucket, Key=KEY, UploadId=upload, MultipartUpload=parts, **conditions)
    return status(excinfo), excinfo.value.response["Error"]


# "Add preconditions to S3 operations with conditional requests": If-None-Match: * on CompleteMultipartUpload refuses
# to replace an object; a delete since the upload began is a conflict (snapshots `complete-multipart-if-none-match`,
# `complete-multipart-after-del`, `complete-multipart-after-del-restart`, `-if-none-match-put-during`).
def test_completion_if_none_match(s3, bucket):
    s3.put_object(Bucket=bucket, Key=KEY, Body=b"original")
    upload, parts = started(s3, bucket)
    code, error = complete_error(s3, bucket, upload, parts, IfNoneMatch="*")
    assert (code, error["Code"], error["Condition"]) == (412, "PreconditionFailed", "If-None-Match")
    assert s3.get_object(Bucket=bucket, Key=KEY)["Body"].read() == b"original"
    s3.delete_object(Bucket=bucket, Key=KEY)
    code, error = complete_error(s3, bucket, upload, parts, IfNoneMatch="*")
    assert (code, error["Code"], error["Condition"], error["Key"]) == (409, "ConditionalRequestConflict", "If-None-Match", KEY)
    assert error["Message"] == "The conditional request cannot succeed due to a conflicting operation against this resource."
    upload, parts = started(s3, bucket)
    s3.complete_multipart_upload(Bucket=bucket, Key=KEY, UploadId=upload, MultipartUpload=parts, IfNoneMatch="*")
    upload, parts = started(s3, bucket, key="other")
    s3.put_object(Bucket=bucket, Key="other", IfNoneMatch="*")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.complete_multipart_upload(Bucket=bucket, Key="other", UploadId=upload, MultipartUpload=parts, IfNoneMatch="*")
    assert status(excinfo) == 412


# The same page, If-Match (snapshots `complete-multipart-if-match-put-before`, `-if-match-put-during`,
# `test_multipart_if_match_with_put_identical`, `test_multipart_if_match_with_delete`): a stale tag fails, the tag of a
# write made during the upload conflicts even when the bytes are the same, a deleted key is NoSuchKey.
def test_completion_if_match(s3, bucket):
    first = s3.put_object(Bucket=bucket, Key=KEY, Body=b"test")["ETag"]
    upload, parts = started(s3, bucket)
    second = s3.put_object(Bucket=bucket, Key=KEY, Body=b"test")["ETag"]
    assert first == second
    code, error = complete_error(s3, bucket, upload, parts, IfMatch=second)
    assert (code, error["Code"], error["Condition"]) == (409, "ConditionalRequestConflict", "If-Match")
    third = s3.put_object(Bucket=bucket, Key=KEY, Body=b"test2")["ETag"]
    code, error = complete_error(s3, bucket, upload, parts, IfMatch=first)
    assert (code, error["Code"], error["Condition"]) == (412, "PreconditionFailed", "If-Match")
    upload, parts = started(s3, bucket)
    done = s3.complete_multipart_upload(Bucket=bucket, Key=KEY, UploadId=upload, MultipartUpload=parts, IfMatch=third)
    upload, parts = started(s3, bucket)
    s3.delete_object(Bucket=bucket, Key=KEY)
    code, error = complete_error(s3, bucket, upload, parts, IfMatch=done["ETag"])
    assert (code, error["Code"], error["Key"]) == (404, "NoSuchKey", KEY)


# "ListMultipartUploads" and the snapshots of `test_list_multiparts_next_marker`: uploads of a key in initiation order,
# the upload-id marker continues within the key marker's uploads (and must be one of them), the next markers name the
# last upload listed even when the listing is complete.
def test_list_uploads_markers(s3, bucket):
    ids = {key: [] for key in ("test_c", "test_b", "test_a")}
    for key in ids:
        for _ in range(3 if key == "test_a" else 1):
            ids[key].append(s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"])
    everything = s3.list_multipart_uploads(Bucket=bucket)
    assert [(u["Key"], u["UploadId"]) for u in everything["Uploads"]] == \
        [("test_a", i) for i in ids["test_a"]] + [("test_b", ids["test_b"][0]), ("test_c", ids["test_c"][0])]
    assert (everything["NextKeyMarker"], everything["NextUploadIdMarker"]) == ("test_c", ids["test_c"][0])
    assert "Prefix" not in everything and "EncodingType" not in everything
    page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=1, KeyMarker="test_a", UploadIdMarker=ids["test_a"][0])
    assert page["UploadIdMarker"] == ids["test_a"][0] and page["IsTruncated"]
    assert [u["UploadId"] for u in page["Uploads"]] == [ids["test_a"][1]]
    page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=1, KeyMarker="test_a", UploadIdMarker=ids["test_a"][2])
    assert [u["Key"] for u in page["Uploads"]] == ["test_b"]
    page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=1, UploadIdMarker=ids["test_a"][1])
    assert page["UploadIdMarker"] == "" and [u["UploadId"] for u in page["Uploads"]] == [ids["test_a"][0]]
    last = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=1, KeyMarker="test_c")
    assert (last["NextKeyMarker"], last["NextUploadIdMarker"], last["IsTruncated"]) == ("", "", False)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.list_multipart_uploads(Bucket=bucket, MaxUploads=1, KeyMarker="test_c", UploadIdMarker=ids["test_b"][0])
    error = excinfo.value.response["Error"]
    assert (status(excinfo), error["Code"], error["Message"]) == (400, "InvalidArgument", "Invalid uploadId marker")
    assert (error["ArgumentName"], error["ArgumentValue"]) == ("upload-id-marker", ids["test_b"][0])
    listed = [u["UploadId"] for p in s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket, PaginationConfig={"PageSize": 1})
              for u in p.get("Uploads", [])]
    assert sorted(listed) == sorted(sum(ids.values(), []))


# Snapshot `list-multiparts-1`: EncodingType and Prefix are echoed when sent; a page of common prefixes names no upload.
def test_list_uploads_prefix_and_encoding(s3, bucket):
    for key in ("test/foo/bar/123", "test/foo/bar/456", "test/bar/foo/123"):
        s3.create_multipart_upload(Bucket=bucket, Key=key)
    listed = s3.list_multipart_uploads(Bucket=bucket, Prefix="test/", Delimiter="/", EncodingType="url")
    assert [p["Prefix"] for p in listed["CommonPrefixes"]] == ["test/bar/", "test/foo/"]
    assert (listed["Prefix"], listed["EncodingType"], listed["NextKeyMarker"], listed["NextUploadIdMarker"]) == ("test/", "url", "", "")


# Snapshots `list-parts-empty`, `-all`, `-next`, `-wrong-part`: NextPartNumberMarker is the last part listed, 0 if none;
# `list-parts-empty-marker` / `-empty-max-parts`: an empty number in the query string is no value.
def test_list_parts_markers(nimbus, s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    assert s3.list_parts(Bucket=bucket, Key="k", UploadId=upload)["NextPartNumberMarker"] == 0
    for number in (1, 2):
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=number, Body=b"data")
    listed = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload)
    assert (listed["NextPartNumberMarker"], listed["IsTruncated"]) == (2, False)
    assert s3.list_parts(Bucket=bucket, Key="k", UploadId=upload, MaxParts=1, PartNumberMarker=1)["NextPartNumberMarker"] == 2
    assert s3.list_parts(Bucket=bucket, Key="k", UploadId=upload, MaxParts=1, PartNumberMarker=10)["NextPartNumberMarker"] == 0
    # The SDK's own CRC32 of each part is checked but not listed: the upload named no algorithm.
    assert all(set(p) == {"PartNumber", "LastModified", "ETag", "Size"} for p in listed["Parts"])
    unvalidated = nimbus.client("s3", parameter_validation=False)
    assert len(unvalidated.list_parts(Bucket=bucket, Key="k", UploadId=upload, PartNumberMarker="")["Parts"]) == 2
    assert unvalidated.list_parts(Bucket=bucket, Key="k", UploadId=upload, MaxParts="")["MaxParts"] == 1000


# Snapshot `test_list_parts_via_object_attrs_pagination/list-parts`: an upload with an algorithm lists each part's
# checksum and the COMPOSITE type.
def test_list_parts_of_an_upload_with_an_algorithm(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="SHA256")["UploadId"]
    sent = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"data", ChecksumAlgorithm="SHA256")
    listed = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload)
    assert (listed["ChecksumAlgorithm"], listed["ChecksumType"]) == ("SHA256", "COMPOSITE")
    assert listed["Parts"][0]["ChecksumSHA256"] == sent["ChecksumSHA256"]


# Snapshots `upload-part-copy-range-exc-100-200` and `upload-part-copy`: a range past the source's end is InvalidRequest;
# the answer states the encryption. `complete-multipart-wrong-parts-checksum`: InvalidPart's words.
def test_upload_part_copy_and_invalid_part_answers(s3, bucket):
    s3.put_object(Bucket=bucket, Key="source", Body=b"0123456789")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    copied = s3.upload_part_copy(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1,
                                 CopySource={"Bucket": bucket, "Key": "source"}, CopySourceRange="bytes=0-8")
    assert copied["ServerSideEncryption"] == "AES256"
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.upload_part_copy(Bucket=bucket, Key="k", UploadId=upload, PartNumber=2,
                            CopySource={"Bucket": bucket, "Key": "source"}, CopySourceRange="bytes=100-200")
    error = excinfo.value.response["Error"]
    assert (status(excinfo), error["Code"], error["Message"]) == \
        (400, "InvalidRequest", "The specified copy range is invalid for the source object size")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload,
                                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"0123"'}]})
    assert error_code(excinfo) == "InvalidPart"
    assert excinfo.value.response["Error"]["Message"].endswith("or the specified entity tag may not match the part's entity tag.")


# "ListParts": max-parts and part-number-marker are integers from 0 (a negative one is InvalidArgument, not a crash).
def test_list_parts_refuses_negative_numbers(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    for kwargs in ({"MaxParts": -1}, {"PartNumberMarker": -5}):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.list_parts(Bucket=bucket, Key="k", UploadId=upload, **kwargs)
        assert error_code(excinfo) == "InvalidArgument"
    assert s3.list_parts(Bucket=bucket, Key="k", UploadId=upload, MaxParts=0)["IsTruncated"] is False


# "ListMultipartUploads": a page's upload-id marker may name an upload aborted since (the usual loop that aborts page by
# page); the key's remaining uploads still follow, none is skipped.
def test_aborting_page_by_page_reaches_every_upload(s3, bucket):
    for _ in range(5):
        s3.create_multipart_upload(Bucket=bucket, Key="same-key")
    aborted = 0
    kwargs = {}
    while True:
        page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=2, **kwargs)
        for upload in page.get("Uploads", []):
            s3.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
            aborted += 1
        if not page["IsTruncated"]:
            break
        kwargs = {"KeyMarker": page["NextKeyMarker"], "UploadIdMarker": page["NextUploadIdMarker"]}
    assert aborted == 5 and "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


# "CompleteMultipartUpload": a part replaced while the completion runs is never lost from under the object: the
# completion starts again and finds the part's new entity tag.
def test_a_part_replaced_during_completion(s3, bucket):
    import threading
    first = bytes(range(256)) * (40 * 4096)  # 40 MiB, read back for the object's CRC64NVME
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    parts = [{"PartNumber": 1, "ETag": s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=first)["ETag"]},
             {"PartNumber": 2, "ETag": s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=2, Body=b"end")["ETag"]}]
    outcome = {}

    def complete():
        try:
            s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload={"Parts": parts})
            outcome["complete"] = "ok"
        except botocore.exceptions.ClientError as error:
            outcome["complete"] = error.response["Error"]["Code"]

    thread = threading.Thread(target=complete)
    thread.start()
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"replacement")
    thread.join()
    if outcome["complete"] == "ok":
        assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == first + b"end"
    else:
        assert outcome["complete"] == "InvalidPart"
        with pytest.raises(botocore.exceptions.ClientError):
            s3.head_object(Bucket=bucket, Key="k")
