"""S3 Object Lock ("Locking objects with Object Lock", "Configuring S3 Object Lock", "Object Lock considerations",
and the API Reference pages PutObjectLockConfiguration, PutObjectRetention, PutObjectLegalHold): write-once
retention in GOVERNANCE and COMPLIANCE modes, legal holds, a bucket's default retention, and who may bypass what.
Error answers are those S3 is recorded giving (LocalStack's and S3Mock's tests verified against AWS)."""
import datetime
import json
import uuid

import botocore.exceptions
import pytest

from s3support import error_code, policy, s3, status, unique_bucket, user  # noqa: F401  (fixtures)

ClientError = botocore.exceptions.ClientError
ACCOUNT = "731902845633"
PROTECTED = "Access Denied because object protected by object lock."


def later(**delta):
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(**delta)


@pytest.fixture
def locked(s3):
    name = unique_bucket("lock")
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    return name


def fails(call, code, http_status=None, **kwargs):
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    assert error_code(excinfo) == code, excinfo.value.response
    if http_status:
        assert status(excinfo) == http_status
    return excinfo.value.response["Error"]


# "Enable Object Lock when creating a new S3 general purpose bucket": the bucket is versioned, for good.
def test_bucket_created_with_object_lock(s3, locked):
    assert s3.get_bucket_versioning(Bucket=locked)["Status"] == "Enabled"
    assert s3.get_object_lock_configuration(Bucket=locked)["ObjectLockConfiguration"] == {"ObjectLockEnabled": "Enabled"}
    error = fails(s3.put_bucket_versioning, "InvalidBucketState", 409, Bucket=locked, VersioningConfiguration={"Status": "Suspended"})
    assert error["Message"] == "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed."


# "GetObjectLockConfiguration", "Enable Object Lock on an existing S3 bucket": versioning must be Enabled first.
def test_lock_configuration_on_an_existing_bucket(s3):
    name = unique_bucket("lock")
    s3.create_bucket(Bucket=name)
    error = fails(s3.get_object_lock_configuration, "ObjectLockConfigurationNotFoundError", 404, Bucket=name)
    assert error["Message"] == "Object Lock configuration does not exist for this bucket"
    configuration = {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 1}}}
    error = fails(s3.put_object_lock_configuration, "InvalidBucketState", 409, Bucket=name, ObjectLockConfiguration=configuration)
    assert error["Message"] == "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration"
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object_lock_configuration(Bucket=name, ObjectLockConfiguration=configuration)
    assert s3.get_object_lock_configuration(Bucket=name)["ObjectLockConfiguration"] == configuration
    # A configuration without a rule removes the default retention; Object Lock stays on.
    s3.put_object_lock_configuration(Bucket=name, ObjectLockConfiguration={"ObjectLockEnabled": "Enabled"})
    assert s3.get_object_lock_configuration(Bucket=name)["ObjectLockConfiguration"] == {"ObjectLockEnabled": "Enabled"}


# "PutObjectLockConfiguration": a mode and exactly one of Days and Years, positive, at most 100 years.
@pytest.mark.parametrize("configuration, code", [
    ({}, "MalformedXML"),
    ({"ObjectLockEnabled": "Disabled"}, "MalformedXML"),
    ({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE"}}}, "MalformedXML"),
    ({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "governance", "Days": 1}}}, "MalformedXML"),
    ({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1, "Years": 1}}}, "MalformedXML"),
    ({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 0}}}, "InvalidArgument"),
    ({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Years": -1}}}, "InvalidArgument"),
    ({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 999999999}}}, "InvalidArgument"),
])
def test_lock_configuration_validation(s3, locked, configuration, code):
    fails(s3.put_object_lock_configuration, code, 400, Bucket=locked, ObjectLockConfiguration=configuration)


# "Locking objects with Object Lock": retention and legal holds need a bucket with Object Lock.
def test_object_operations_need_a_lock_bucket(s3):
    name = unique_bucket("nolock")
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="k", Body=b"x")
    for call, kwargs in [(s3.get_object_retention, {}), (s3.get_object_legal_hold, {}),
                         (s3.put_object_legal_hold, {"LegalHold": {"Status": "ON"}}),
                         (s3.put_object_retention, {"Retention": {"Mode": "GOVERNANCE", "RetainUntilDate": later(days=1)}})]:
        error = fails(call, "InvalidRequest", 400, Bucket=name, Key="k", **kwargs)
        assert error["Message"] == "Bucket is missing Object Lock Configuration"
    error = fails(s3.put_object, "InvalidRequest", 400, Bucket=name, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                  ObjectLockRetainUntilDate=later(days=1))
    assert error["Message"] == "Bucket is missing Object Lock Configuration"
    # The bypass header means nothing there, and S3 says so.
    error = fails(s3.delete_object, "InvalidArgument", 400, Bucket=name, Key="k", BypassGovernanceRetention=True)
    assert error["Message"] == "x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets."


# "PutObject": the lock headers, checked before the bucket is.
def test_put_object_lock_headers(s3, locked):
    until = later(days=1).replace(microsecond=0)
    version = s3.put_object(Bucket=locked, Key="doc", Body=b"x", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=until,
                            ObjectLockLegalHoldStatus="ON")["VersionId"]
    head = s3.head_object(Bucket=locked, Key="doc")
    assert (head["ObjectLockMode"], head["ObjectLockRetainUntilDate"], head["ObjectLockLegalHoldStatus"]) == ("GOVERNANCE", until, "ON")
    assert s3.get_object_retention(Bucket=locked, Key="doc", VersionId=version)["Retention"] == {"Mode": "GOVERNANCE", "RetainUntilDate": until}
    assert s3.get_object_legal_hold(Bucket=locked, Key="doc")["LegalHold"] == {"Status": "ON"}

    error = fails(s3.put_object, "InvalidArgument", 400, Bucket=locked, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE")
    assert error["Message"] == "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied"
    assert error["ArgumentName"] == "x-amz-object-lock-retain-until-date"
    error = fails(s3.put_object, "InvalidArgument", 400, Bucket=locked, Key="k", Body=b"x", ObjectLockMode="FOREVER",
                  ObjectLockRetainUntilDate=later(days=1))
    assert error["Message"] == "Unknown wormMode directive."
    error = fails(s3.put_object, "InvalidArgument", 400, Bucket=locked, Key="k", Body=b"x", ObjectLockMode="COMPLIANCE",
                  ObjectLockRetainUntilDate=later(days=-1))
    assert error["Message"] == "The retain until date must be in the future!"
    error = fails(s3.put_object, "InvalidArgument", 400, Bucket=locked, Key="k", Body=b"x", ObjectLockLegalHoldStatus="MAYBE")
    assert error["Message"] == "Legal Hold must be either of 'ON' or 'OFF'"


# "GetObjectRetention", "GetObjectLegalHold": a version without either answers 404.
def test_version_without_lock(s3, locked):
    s3.put_object(Bucket=locked, Key="plain", Body=b"x")
    for call in (s3.get_object_retention, s3.get_object_legal_hold):
        error = fails(call, "NoSuchObjectLockConfiguration", 404, Bucket=locked, Key="plain")
        assert error["Message"] == "The specified object does not have a ObjectLock configuration"
    head = s3.head_object(Bucket=locked, Key="plain")
    assert "ObjectLockMode" not in head and "ObjectLockLegalHoldStatus" not in head


# "Locking objects with Object Lock": a lock protects the version, not the key: a simple delete adds a delete marker,
# new versions are written, and only a permanent delete is refused.
def test_compliance_protects_the_version(s3, locked):
    version = s3.put_object(Bucket=locked, Key="ledger", Body=b"v1", ObjectLockMode="COMPLIANCE",
                            ObjectLockRetainUntilDate=later(days=30))["VersionId"]
    s3.put_object(Bucket=locked, Key="ledger", Body=b"v2")
    marker = s3.delete_object(Bucket=locked, Key="ledger")
    assert marker["DeleteMarker"] is True
    # Delete markers are not WORM-protected.
    s3.delete_object(Bucket=locked, Key="ledger", VersionId=marker["VersionId"])
    for bypass in (False, True):
        error = fails(s3.delete_object, "AccessDenied", 403, Bucket=locked, Key="ledger", VersionId=version, BypassGovernanceRetention=bypass)
        assert error["Message"] == PROTECTED
    answer = s3.delete_objects(Bucket=locked, Delete={"Objects": [{"Key": "ledger", "VersionId": version}]}, BypassGovernanceRetention=True)
    assert answer["Errors"] == [{"Key": "ledger", "VersionId": version, "Code": "AccessDenied", "Message": PROTECTED}]
    assert s3.get_object(Bucket=locked, Key="ledger", VersionId=version)["Body"].read() == b"v1"
    # COMPLIANCE can be extended, never shortened nor changed to GOVERNANCE, even by the root user.
    s3.put_object_retention(Bucket=locked, Key="ledger", VersionId=version, Retention={"Mode": "COMPLIANCE", "RetainUntilDate": later(days=60)})
    for retention in ({"Mode": "COMPLIANCE", "RetainUntilDate": later(days=10)}, {"Mode": "GOVERNANCE", "RetainUntilDate": later(days=90)}):
        error = fails(s3.put_object_retention, "AccessDenied", 403, Bucket=locked, Key="ledger", VersionId=version, Retention=retention,
                      BypassGovernanceRetention=True)
        assert error["Message"] == PROTECTED


# "Bypassing governance mode": with the header and s3:BypassGovernanceRetention, a GOVERNANCE version is as if
# unprotected; without either, it is protected.
def test_governance_bypass(s3, locked):
    version = s3.put_object(Bucket=locked, Key="draft", Body=b"x", ObjectLockMode="GOVERNANCE",
                            ObjectLockRetainUntilDate=later(days=5))["VersionId"]
    fails(s3.delete_object, "AccessDenied", 403, Bucket=locked, Key="draft", VersionId=version)
    # Shortening needs the bypass; extending does not.
    fails(s3.put_object_retention, "AccessDenied", 403, Bucket=locked, Key="draft", VersionId=version,
          Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(days=1)})
    s3.put_object_retention(Bucket=locked, Key="draft", VersionId=version, Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(days=6)})
    s3.put_object_retention(Bucket=locked, Key="draft", VersionId=version, Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(days=2)},
                            BypassGovernanceRetention=True)
    s3.delete_object(Bucket=locked, Key="draft", VersionId=version, BypassGovernanceRetention=True)
    assert "Versions" not in s3.list_object_versions(Bucket=locked, Prefix="draft")


# "Legal hold": independent of retention; bypassing governance does not lift it.
def test_legal_hold(s3, locked):
    version = s3.put_object(Bucket=locked, Key="evidence", Body=b"x")["VersionId"]
    s3.put_object_legal_hold(Bucket=locked, Key="evidence", LegalHold={"Status": "ON"})
    fails(s3.delete_object, "AccessDenied", 403, Bucket=locked, Key="evidence", VersionId=version, BypassGovernanceRetention=True)
    fails(s3.put_object_legal_hold, "MalformedXML", 400, Bucket=locked, Key="evidence", LegalHold={"Status": "MAYBE"})
    s3.put_object_legal_hold(Bucket=locked, Key="evidence", VersionId=version, LegalHold={"Status": "OFF"})
    assert s3.get_object_legal_hold(Bucket=locked, Key="evidence")["LegalHold"] == {"Status": "OFF"}
    s3.delete_object(Bucket=locked, Key="evidence", VersionId=version)


# "PutObjectRetention": both members or neither; the date in the future; an empty retention removes a GOVERNANCE
# one only with the bypass; a delete marker has no retention.
def test_put_retention_rules(s3, locked):
    version = s3.put_object(Bucket=locked, Key="r", Body=b"x")["VersionId"]
    fails(s3.put_object_retention, "MalformedXML", 400, Bucket=locked, Key="r", Retention={"Mode": "GOVERNANCE"})
    error = fails(s3.put_object_retention, "InvalidArgument", 400, Bucket=locked, Key="r",
                  Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(days=-1)})
    assert error["Message"] == "The retain until date must be in the future!" and error["ArgumentName"] == "RetainUntilDate"
    s3.put_object_retention(Bucket=locked, Key="r", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(days=1)})
    fails(s3.put_object_retention, "AccessDenied", 403, Bucket=locked, Key="r", Retention={})
    s3.put_object_retention(Bucket=locked, Key="r", Retention={}, BypassGovernanceRetention=True)
    fails(s3.get_object_retention, "NoSuchObjectLockConfiguration", 404, Bucket=locked, Key="r")
    s3.delete_object(Bucket=locked, Key="r", VersionId=version)
    marker = s3.delete_object(Bucket=locked, Key="r")["VersionId"]
    error = fails(s3.put_object_retention, "MethodNotAllowed", 405, Bucket=locked, Key="r", VersionId=marker,
                  Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(days=1)})
    assert error["ResourceType"] == "DeleteMarker"


# "Bucket configuration": a new version without a retention of its own takes the default, counted from its creation;
# a copy takes the lock its own request asks for, never its source's ("Copying objects").
def test_default_retention_and_copies(s3, locked):
    s3.put_object_lock_configuration(Bucket=locked, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 2}}})
    written = s3.put_object(Bucket=locked, Key="a", Body=b"x")
    head = s3.head_object(Bucket=locked, Key="a")
    assert head["ObjectLockMode"] == "GOVERNANCE"
    expected = head["LastModified"] + datetime.timedelta(days=2)
    assert abs((head["ObjectLockRetainUntilDate"] - expected).total_seconds()) < 2
    fails(s3.delete_object, "AccessDenied", 403, Bucket=locked, Key="a", VersionId=written["VersionId"])
    # An explicit retention overrides the default.
    s3.put_object(Bucket=locked, Key="b", Body=b"x", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=later(days=9))
    assert s3.head_object(Bucket=locked, Key="b")["ObjectLockMode"] == "COMPLIANCE"
    s3.copy_object(Bucket=locked, Key="c", CopySource={"Bucket": locked, "Key": "b"})
    assert s3.head_object(Bucket=locked, Key="c")["ObjectLockMode"] == "GOVERNANCE"  # the default, not the source's
    other = unique_bucket("plain")
    s3.create_bucket(Bucket=other)
    s3.copy_object(Bucket=other, Key="c", CopySource={"Bucket": locked, "Key": "b"})
    assert "ObjectLockMode" not in s3.head_object(Bucket=other, Key="c")
    # Multipart uploads take the lock at creation (its headers) or the default at completion.
    upload = s3.create_multipart_upload(Bucket=locked, Key="m", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=later(days=3))
    part = s3.upload_part(Bucket=locked, Key="m", UploadId=upload["UploadId"], PartNumber=1, Body=b"x")
    s3.complete_multipart_upload(Bucket=locked, Key="m", UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert s3.head_object(Bucket=locked, Key="m")["ObjectLockMode"] == "COMPLIANCE"


# "Object Lock considerations": an upload with Object Lock parameters must carry Content-MD5 or a checksum.
def test_upload_with_lock_needs_an_integrity_header(nimbus, locked):
    bare = nimbus.client("s3", request_checksum_calculation="when_required")
    error = fails(bare.put_object, "InvalidRequest", 400, Bucket=locked, Key="bare", Body=b"x", ObjectLockMode="GOVERNANCE",
                  ObjectLockRetainUntilDate=later(days=1))
    assert error["Message"] == "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters"
    # The bucket's default retention counts as a lock parameter; Content-MD5 is enough.
    bare.put_object_lock_configuration(Bucket=locked, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}})
    fails(bare.put_object, "InvalidRequest", 400, Bucket=locked, Key="bare", Body=b"x")
    bare.put_object(Bucket=locked, Key="bare", Body=b"x", ContentMD5="ndTkYSaMgDT1yFZOFVxnpg==")


# "Setting limits on retention periods with a bucket policy" and "Object Lock considerations": who may bypass GOVERNANCE
# is a permission (s3:BypassGovernanceRetention), and s3:object-lock-remaining-retention-days can cap retention.
def test_permissions(nimbus):
    owner = nimbus.client("s3", access_key=ACCOUNT)
    name = unique_bucket("lockperm")
    owner.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    owner.put_bucket_policy(Bucket=name, Policy=policy({
        "Effect": "Deny", "Principal": "*", "Action": "s3:PutObjectRetention", "Resource": f"arn:aws:s3:::{name}/*",
        "Condition": {"NumericGreaterThan": {"s3:object-lock-remaining-retention-days": "10"}}}))
    suffix = uuid.uuid4().hex[:8]
    worker = user(nimbus, ACCOUNT, f"worker-{suffix}", policy(
        {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention"],
         "Resource": f"arn:aws:s3:::{name}/*"}))
    admin = user(nimbus, ACCOUNT, f"admin-{suffix}", policy(
        {"Effect": "Allow", "Action": ["s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:GetObjectRetention"],
         "Resource": f"arn:aws:s3:::{name}/*"}))
    version = worker.put_object(Bucket=name, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                                ObjectLockRetainUntilDate=later(days=5))["VersionId"]
    # Without s3:GetObjectRetention the lock is not shown.
    assert "ObjectLockMode" not in worker.head_object(Bucket=name, Key="k")
    worker.put_object_retention(Bucket=name, Key="k", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(days=9)})
    fails(worker.put_object_retention, "AccessDenied", 403, Bucket=name, Key="k",
          Retention={"Mode": "GOVERNANCE", "RetainUntilDate": later(days=30)})
    # The header alone does not bypass: the permission is needed too.
    error = fails(worker.delete_object, "AccessDenied", 403, Bucket=name, Key="k", VersionId=version, BypassGovernanceRetention=True)
    assert error["Message"] == PROTECTED
    admin.delete_object(Bucket=name, Key="k", VersionId=version, BypassGovernanceRetention=True)


# The AWS CLI, and a restart: the lock is kept with the version.
def test_cli_and_restart(fresh_nimbus):
    server = fresh_nimbus()
    name = unique_bucket("lockcli")
    server.cli("s3api", "create-bucket", "--bucket", name, "--object-lock-enabled-for-bucket")
    server.cli("s3api", "put-object-lock-configuration", "--bucket", name, "--object-lock-configuration",
               json.dumps({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Years": 1}}}))
    put = server.cli_json("s3api", "put-object", "--bucket", name, "--key", "k", "--body", __file__)
    server.kill9()
    server.restart()
    retention = server.cli_json("s3api", "get-object-retention", "--bucket", name, "--key", "k")["Retention"]
    assert retention["Mode"] == "COMPLIANCE"
    code, _, stderr = server.cli("s3api", "delete-object", "--bucket", name, "--key", "k", "--version-id", put["VersionId"], check=False)
    assert code != 0 and "AccessDenied" in stderr


# Dates no ISO 8601 form can write (`1e300`, `nan`: numbers to a parser, not times) are refused, never stored and
# never a crash, signed or not ("The retain until date must be provided in ISO 8601 format").
def test_impossible_dates_are_refused(nimbus, locked):
    import awsraw
    for value in ("1e300", "nan", "-inf", "1e20"):
        for send in (lambda h: awsraw.send("PUT", f"{nimbus.endpoint}/{locked}/k", b"x", h),
                     lambda h: awsraw.signed("PUT", f"{nimbus.endpoint}/{locked}/k", "s3", b"x", h)):
            answer = send({"x-amz-object-lock-mode": "GOVERNANCE", "x-amz-object-lock-retain-until-date": value,
                           "Content-MD5": "ndTkYSaMgDT1yFZOFVxnpg=="})
            assert answer.status in (400, 403), (value, answer.status, answer.text)
        body = f"<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>{value}</RetainUntilDate></Retention>".encode()
        assert awsraw.signed("PUT", f"{nimbus.endpoint}/{locked}/k?retention", "s3", body).status == 400
    assert nimbus.health()["status"] == "running"


# "Object Lock considerations": anonymous writers cannot lock ("Put Object requests with Object Lock parameters require
# AWS Signature Version 4"); "UploadPart": a part of a locked upload needs Content-MD5 or a checksum.
def test_anonymous_lock_writes_and_parts_need_integrity(nimbus, s3, locked):
    import awsraw
    s3.put_public_access_block(Bucket=locked, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    s3.put_bucket_policy(Bucket=locked, Policy=policy({"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject",
                                                       "Resource": f"arn:aws:s3:::{locked}/drop/*"}))
    answer = awsraw.send("PUT", f"{nimbus.endpoint}/{locked}/drop/k", b"x", {
        "x-amz-object-lock-mode": "GOVERNANCE", "x-amz-object-lock-retain-until-date": later(days=1).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Content-MD5": "ndTkYSaMgDT1yFZOFVxnpg=="})
    assert answer.status == 400 and "Put Object requests with Object Lock parameters require AWS Signature Version 4" in answer.text
    assert awsraw.send("PUT", f"{nimbus.endpoint}/{locked}/drop/plain", b"x").status == 200
    bare = nimbus.client("s3", request_checksum_calculation="when_required")
    upload = bare.create_multipart_upload(Bucket=locked, Key="m", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=later(days=1))
    fails(bare.upload_part, "InvalidRequest", 400, Bucket=locked, Key="m", UploadId=upload["UploadId"], PartNumber=1, Body=b"x")
    bare.upload_part(Bucket=locked, Key="m", UploadId=upload["UploadId"], PartNumber=1, Body=b"x", ContentMD5="ndTkYSaMgDT1yFZOFVxnpg==")


# "POST Object": a browser upload's form may carry the lock fields and Content-MD5; they are honoured, not dropped.
def test_browser_upload_with_lock_fields(s3, locked, tmp_path):
    import base64
    import hashlib
    import subprocess
    path = tmp_path / "doc.txt"
    path.write_bytes(b"form body")
    until = later(days=2).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = {"x-amz-object-lock-mode": "COMPLIANCE", "x-amz-object-lock-retain-until-date": until,
              "Content-MD5": base64.b64encode(hashlib.md5(b"form body").digest()).decode()}
    presigned = s3.generate_presigned_post(locked, "form.txt", Fields=fields, Conditions=[{k: v} for k, v in fields.items()])
    args = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST"]
    for name, value in presigned["fields"].items():
        args += ["--form-string", f"{name}={value}"]
    args += ["-F", f"file=@{path}", presigned["url"]]
    assert subprocess.run(args, capture_output=True, check=True, timeout=60).stdout == b"204"
    assert s3.get_object_retention(Bucket=locked, Key="form.txt")["Retention"]["Mode"] == "COMPLIANCE"
