"""S3 bucket subresources and object tagging and ACLs, with AWS's rules: the Amazon S3 API Reference page of each
action (PutBucketPolicy, GetBucketPolicyStatus, PutPublicAccessBlock, PutBucketOwnershipControls, PutBucketAcl,
PutObjectAcl, PutBucketVersioning, PutBucketTagging, PutObjectTagging, PutBucketCors,
PutBucketLifecycleConfiguration, PutBucketEncryption, PutBucketWebsite...) and the User Guide pages named beside
each check. Every test works in an account of its own and on buckets with names of their own."""
import json
import uuid

import botocore.exceptions
import pytest

from s3support import account_client, account_key, unique_bucket

ClientError = botocore.exceptions.ClientError


@pytest.fixture
def s3(nimbus, request):
    return account_client(nimbus, request)


@pytest.fixture
def bucket(s3):
    name = "cfg-" + uuid.uuid4().hex[:20]
    s3.create_bucket(Bucket=name)
    return name


def error(call, **kwargs) -> dict:
    """The error (Code, Message, status) call(**kwargs) answers with; the call must fail."""
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    response = excinfo.value.response
    return {**response["Error"], "Status": response["ResponseMetadata"]["HTTPStatusCode"]}


def policy(bucket: str, principal="*", action="s3:GetObject", resource=None, condition=None) -> str:
    statement = {"Effect": "Allow", "Principal": principal, "Action": action,
                 "Resource": resource if resource is not None else f"arn:aws:s3:::{bucket}/*"}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


# ---- Bucket policy -------------------------------------------------------------------------------------------


def test_bucket_policy_round_trip_and_delete(s3, bucket):
    # "GetBucketPolicy": NoSuchBucketPolicy before any policy.
    assert error(s3.get_bucket_policy, Bucket=bucket)["Code"] == "NoSuchBucketPolicy"
    assert error(s3.get_bucket_policy_status, Bucket=bucket)["Code"] == "NoSuchBucketPolicy"
    document = policy(bucket, principal={"AWS": "arn:aws:iam::444455556666:root"}, action="s3:PutObject",
                      resource=f"arn:aws:s3:::{bucket}/folder123/*")
    s3.put_bucket_policy(Bucket=bucket, Policy=document)
    # "GetBucketPolicy": the document as it was put.
    assert s3.get_bucket_policy(Bucket=bucket)["Policy"] == document
    # "GetBucketPolicyStatus": a fixed principal is not public.
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is False
    s3.delete_bucket_policy(Bucket=bucket)
    assert error(s3.get_bucket_policy, Bucket=bucket)["Code"] == "NoSuchBucketPolicy"
    # "DeleteBucketPolicy" on a bucket without one succeeds.
    s3.delete_bucket_policy(Bucket=bucket)


def test_bucket_policy_on_missing_bucket(s3):
    assert error(s3.get_bucket_policy, Bucket="no-such-bucket-" + uuid.uuid4().hex[:8])["Code"] == "NoSuchBucket"


@pytest.mark.parametrize("document, message", [
    # "PutBucketPolicy": MalformedPolicy for a document that is not JSON or does not start with '{'.
    ("not json", "Policies must be valid JSON and the first byte must be '{'"),
    (' {"Version": "2012-10-17"}', "Policies must be valid JSON and the first byte must be '{'"),
    ("{\"Version\": ", "Policies must be valid JSON and the first byte must be '{'"),
])
def test_bucket_policy_must_be_json(s3, bucket, document, message):
    e = error(s3.put_bucket_policy, Bucket=bucket, Policy=document)
    assert (e["Code"], e["Message"], e["Status"]) == ("MalformedPolicy", message, 400)


def test_bucket_policy_validation_messages(s3, bucket):
    # The accepted policies below are public; new buckets block those.
    s3.delete_public_access_block(Bucket=bucket)
    def put(document):
        return error(s3.put_bucket_policy, Bucket=bucket, Policy=json.dumps(document) if isinstance(document, dict) else document)

    statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}

    def without(key):
        return {"Version": "2012-10-17", "Statement": [{k: v for k, v in statement.items() if k != key}]}

    def changed(**fields):
        return {"Version": "2012-10-17", "Statement": [{**statement, **fields}]}

    # "Policies and permissions in Amazon S3": a bucket policy names its principal.
    assert put(without("Principal"))["Message"] == "Missing required field Principal"
    # "Policy resources for Amazon S3": resources are this bucket or its objects.
    assert put(changed(Resource="arn:aws:s3:::some-other-bucket/*"))["Message"] == "Policy has invalid resource"
    assert put(changed(Resource="*"))["Message"] == "Policy has invalid resource"
    assert put(changed(Resource="arn:aws:sqs:us-east-1:111122223333:queue"))["Message"] == "Policy has invalid resource"
    # Object actions on the bucket alone, and bucket actions on objects alone, act on nothing.
    assert put(changed(Resource=f"arn:aws:s3:::{bucket}"))["Message"] == "Action does not apply to any resource(s) in statement"
    assert put(changed(Action="s3:ListBucket"))["Message"] == "Action does not apply to any resource(s) in statement"
    assert put(changed(Action="s3:ListAllMyBuckets", Resource=[f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]))["Message"] == \
        "Action does not apply to any resource(s) in statement"
    # Only S3 actions act on buckets and objects.
    assert put(changed(Action="iam:PassRole"))["Message"] == "Policy has invalid action"
    # "Principals": an AWS principal is an account or an IAM ARN.
    e = put(changed(Principal={"AWS": "not-a-principal"}))
    assert (e["Code"], e["Message"]) == ("MalformedPolicy", "Invalid principal in policy")
    # A bucket action with the bucket, object actions with a wildcard that reaches objects: accepted.
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(changed(Action=["s3:ListBucket", "s3:GetObject"],
                                                                  Resource=[f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"])))
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(changed(Action="s3:*", Resource=f"arn:aws:s3:::{bucket}*")))


def test_bucket_policy_size_limit(s3, bucket):
    # "Bucket policy size limit": 20 KB.
    statements = [{"Sid": f"S{i}", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject",
                   "Resource": f"arn:aws:s3:::{bucket}/prefix-{i:05d}/*"} for i in range(250)]
    document = json.dumps({"Version": "2012-10-17", "Statement": statements})
    assert len(document) > 20 * 1024
    assert error(s3.put_bucket_policy, Bucket=bucket, Policy=document)["Code"] == "MalformedPolicy"


@pytest.mark.parametrize("condition, public", [
    # "The meaning of 'public'": fixed values of these keys make a wildcard principal non-public.
    (None, True),
    ({"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}, False),
    ({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}, False),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E1"}}, False),
    ({"StringEquals": {"aws:PrincipalOrgID": "o-abcdef1234"}}, False),
    ({"StringLike": {"aws:SourceVpce": "vpce-*"}}, True),
    ({"Bool": {"aws:SecureTransport": "true"}}, True),
    ({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}, True),
])
def test_bucket_policy_status(s3, bucket, condition, public):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicPolicy": False})
    s3.put_bucket_policy(Bucket=bucket, Policy=policy(bucket, condition=condition))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is public


def test_block_public_policy_refuses_public_policies(s3, bucket):
    # "Blocking public access": BlockPublicPolicy rejects PUT Bucket policy of a public policy.
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    e = error(s3.put_bucket_policy, Bucket=bucket, Policy=policy(bucket))
    assert (e["Code"], e["Status"]) == ("AccessDenied", 403)
    assert "BlockPublicPolicy" in e["Message"]
    # A non-public policy is still accepted.
    s3.put_bucket_policy(Bucket=bucket, Policy=policy(bucket, condition={"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}))
    # Turning the setting off lets the public policy in.
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicPolicy": False})
    s3.put_bucket_policy(Bucket=bucket, Policy=policy(bucket))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is True


# ---- Block Public Access -------------------------------------------------------------------------------------


def test_public_access_block_round_trip(s3, bucket):
    # "Blocking public access": new buckets have all four settings on.
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    s3.delete_public_access_block(Bucket=bucket)
    # "GetPublicAccessBlock": NoSuchPublicAccessBlockConfiguration when the bucket has none.
    e = error(s3.get_public_access_block, Bucket=bucket)
    assert (e["Code"], e["Status"]) == ("NoSuchPublicAccessBlockConfiguration", 404)
    # Settings left out are false, and all four are shown.
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}
    s3.delete_public_access_block(Bucket=bucket)
    assert error(s3.get_public_access_block, Bucket=bucket)["Code"] == "NoSuchPublicAccessBlockConfiguration"


# ---- Object Ownership and ACLs -------------------------------------------------------------------------------

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def grants(acl: dict) -> set:
    return {(g["Grantee"].get("URI") or g["Grantee"].get("ID"), g["Permission"]) for g in acl["Grants"]}


def test_ownership_controls(s3, bucket):
    # "Controlling ownership of objects": new buckets are BucketOwnerEnforced.
    rules = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "ObjectWriter"}]
    s3.delete_bucket_ownership_controls(Bucket=bucket)
    e = error(s3.get_bucket_ownership_controls, Bucket=bucket)
    assert (e["Code"], e["Status"]) == ("OwnershipControlsNotFoundError", 404)


def test_enforced_ownership_refuses_acls(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    # "Controlling ownership": with ACLs disabled, setting one fails with AccessControlListNotSupported.
    e = error(s3.put_bucket_acl, Bucket=bucket, ACL="public-read")
    assert (e["Code"], e["Message"], e["Status"]) == ("AccessControlListNotSupported", "The bucket does not allow ACLs", 400)
    assert error(s3.put_object_acl, Bucket=bucket, Key="k", ACL="public-read")["Code"] == "AccessControlListNotSupported"
    # ...except the ACLs that grant the owner alone.
    s3.put_bucket_acl(Bucket=bucket, ACL="private")
    s3.put_object_acl(Bucket=bucket, Key="k", ACL="bucket-owner-full-control")
    owner = s3.get_bucket_acl(Bucket=bucket)["Owner"]["ID"]
    assert grants(s3.get_bucket_acl(Bucket=bucket)) == {(owner, "FULL_CONTROL")}


def test_canned_acls_become_grants(s3, bucket):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": False})
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    owner = s3.get_bucket_acl(Bucket=bucket)["Owner"]["ID"]
    # "Access control list (ACL) overview", "Canned ACL".
    expected = {
        "private": {(owner, "FULL_CONTROL")},
        "public-read": {(owner, "FULL_CONTROL"), (ALL_USERS, "READ")},
        "public-read-write": {(owner, "FULL_CONTROL"), (ALL_USERS, "READ"), (ALL_USERS, "WRITE")},
        "authenticated-read": {(owner, "FULL_CONTROL"), (AUTHENTICATED, "READ")},
    }
    for acl, want in expected.items():
        s3.put_bucket_acl(Bucket=bucket, ACL=acl)
        assert grants(s3.get_bucket_acl(Bucket=bucket)) == want, acl
    s3.put_object(Bucket=bucket, Key="doc.txt", Body=b"hello")
    assert grants(s3.get_object_acl(Bucket=bucket, Key="doc.txt")) == {(owner, "FULL_CONTROL")}
    s3.put_object_acl(Bucket=bucket, Key="doc.txt", ACL="public-read")
    assert grants(s3.get_object_acl(Bucket=bucket, Key="doc.txt")) == expected["public-read"]
    # An AccessControlPolicy body with a canned ACL's grants is that ACL.
    body = {"Owner": {"ID": owner}, "Grants": [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
        {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"}]}
    s3.put_object_acl(Bucket=bucket, Key="doc.txt", ACL="private")
    s3.put_object_acl(Bucket=bucket, Key="doc.txt", AccessControlPolicy=body)
    assert grants(s3.get_object_acl(Bucket=bucket, Key="doc.txt")) == expected["public-read"]
    # "GetObjectAcl" of a missing key.
    assert error(s3.get_object_acl, Bucket=bucket, Key="missing")["Code"] == "NoSuchKey"


def test_block_public_acls_refuses_public_acls(s3, bucket):
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    # "Blocking public access": "PUT Bucket ACL and PUT Object ACL calls fail if the specified ACL is public".
    for acl in ("public-read", "public-read-write", "authenticated-read"):
        assert error(s3.put_bucket_acl, Bucket=bucket, ACL=acl)["Code"] == "AccessDenied"
        assert error(s3.put_object_acl, Bucket=bucket, Key="k", ACL=acl)["Code"] == "AccessDenied"
    s3.put_bucket_acl(Bucket=bucket, ACL="private")


def test_enforcing_ownership_needs_owner_only_acl(s3, bucket):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicAcls": False})
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    # "Prerequisites for disabling ACLs": the bucket ACL must grant the owner alone.
    e = error(s3.put_bucket_ownership_controls, Bucket=bucket,
              OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    assert e["Code"] == "InvalidBucketAclWithObjectOwnership"
    s3.put_bucket_acl(Bucket=bucket, ACL="private")
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})


# ---- Versioning ----------------------------------------------------------------------------------------------


def test_versioning(s3, bucket):
    # "GetBucketVersioning": a bucket never versioned answers no Status.
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended", "MFADelete": "Disabled"})
    got = s3.get_bucket_versioning(Bucket=bucket)
    assert (got["Status"], got["MFADelete"]) == ("Suspended", "Disabled")


def test_versioning_requires_status(nimbus, request, bucket):
    raw = nimbus.raw_client("s3", access_key=account_key(request.node.name), s3={"addressing_style": "path"})
    # "PutBucketVersioning": Status is required; S3 names the missing element rather than calling the XML malformed
    # (AWS-verified recording: LocalStack test_bucket_versioning_crud, put-versioning-empty).
    e = error(raw.put_bucket_versioning, Bucket=bucket, VersioningConfiguration={})
    assert (e["Code"], e["Status"], e["Message"]) == ("IllegalVersioningConfigurationException", 400, "The Versioning element must be specified")


# ---- Tagging -------------------------------------------------------------------------------------------------


def test_bucket_tagging(s3, bucket):
    # "GetBucketTagging": NoSuchTagSet when the bucket has no tags.
    e = error(s3.get_bucket_tagging, Bucket=bucket)
    assert (e["Code"], e["Status"]) == ("NoSuchTagSet", 404)
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "team", "Value": "data"}, {"Key": "env", "Value": ""}]})
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "team", "Value": "data"}, {"Key": "env", "Value": ""}]
    s3.delete_bucket_tagging(Bucket=bucket)
    assert error(s3.get_bucket_tagging, Bucket=bucket)["Code"] == "NoSuchTagSet"


def test_bucket_tagging_rules(s3, bucket):
    def put(tags):
        return error(s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": tags})["Code"]

    # "Using cost allocation S3 bucket tags": at most 50 tags (S3 answers BadRequest for the count).
    assert put([{"Key": f"k{i}", "Value": "v"} for i in range(51)]) == "BadRequest"
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": f"k{i}", "Value": "v"} for i in range(50)]})
    # "User-defined tag restrictions": unique keys, key up to 128, value up to 256, aws: reserved.
    assert put([{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]) == "InvalidTag"
    assert put([{"Key": "k" * 129, "Value": "v"}]) == "InvalidTag"
    assert put([{"Key": "k", "Value": "v" * 257}]) == "InvalidTag"
    assert put([{"Key": "aws:createdBy", "Value": "me"}]) == "InvalidTag"
    # "User-defined tag restrictions": letters, digits, spaces and + - = . _ : / @ only.
    assert put([{"Key": "te&st", "Value": "v"}]) == "InvalidTag"
    assert put([{"Key": "k", "Value": "a<b"}]) == "InvalidTag"
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "Ünïcode key_1.2:/=+-@", "Value": "über value 42"}]})


def test_tagging_needs_a_tag_set(nimbus, request, bucket):
    raw = nimbus.raw_client("s3", access_key=account_key(request.node.name), s3={"addressing_style": "path"})
    raw.put_object(Bucket=bucket, Key="k", Body=b"x")
    # "PutBucketTagging", "PutObjectTagging": Tagging holds a TagSet; without one the XML does not match the schema
    for call, kwargs in ((raw.put_bucket_tagging, {}), (raw.put_object_tagging, {"Key": "k"})):
        e = error(call, Bucket=bucket, Tagging={}, **kwargs)
        assert (e["Code"], e["Status"]) == ("MalformedXML", 400)


def test_object_tagging(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a.txt", Body=b"a", Tagging="one=1")
    assert s3.get_object_tagging(Bucket=bucket, Key="a.txt")["TagSet"] == [{"Key": "one", "Value": "1"}]
    s3.put_object_tagging(Bucket=bucket, Key="a.txt", Tagging={"TagSet": [{"Key": "x", "Value": "y"}]})
    assert s3.get_object_tagging(Bucket=bucket, Key="a.txt")["TagSet"] == [{"Key": "x", "Value": "y"}]
    assert s3.head_object(Bucket=bucket, Key="a.txt")["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "1"
    s3.delete_object_tagging(Bucket=bucket, Key="a.txt")
    assert s3.get_object_tagging(Bucket=bucket, Key="a.txt")["TagSet"] == []
    # "Categorizing your storage using tags": up to 10 tags on an object.
    e = error(s3.put_object_tagging, Bucket=bucket, Key="a.txt",
              Tagging={"TagSet": [{"Key": f"k{i}", "Value": "v"} for i in range(11)]})
    assert e["Status"] == 400
    assert error(s3.put_object_tagging, Bucket=bucket, Key="a.txt",
                 Tagging={"TagSet": [{"Key": "aws:x", "Value": "v"}]})["Code"] == "InvalidTag"
    assert error(s3.get_object_tagging, Bucket=bucket, Key="missing")["Code"] == "NoSuchKey"


def test_object_tagging_by_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=bucket, Key="v", Body=b"1")["VersionId"]
    second = s3.put_object(Bucket=bucket, Key="v", Body=b"2")["VersionId"]
    # "PutObjectTagging": VersionId names the version; without it, the newest.
    out = s3.put_object_tagging(Bucket=bucket, Key="v", VersionId=first, Tagging={"TagSet": [{"Key": "old", "Value": "yes"}]})
    assert out["VersionId"] == first
    s3.put_object_tagging(Bucket=bucket, Key="v", Tagging={"TagSet": [{"Key": "new", "Value": "yes"}]})
    assert s3.get_object_tagging(Bucket=bucket, Key="v", VersionId=first)["TagSet"] == [{"Key": "old", "Value": "yes"}]
    got = s3.get_object_tagging(Bucket=bucket, Key="v")
    assert (got["TagSet"], got["VersionId"]) == ([{"Key": "new", "Value": "yes"}], second)


# ---- CORS ----------------------------------------------------------------------------------------------------


def test_cors(s3, bucket):
    # "GetBucketCors": NoSuchCORSConfiguration when none is set.
    e = error(s3.get_bucket_cors, Bucket=bucket)
    assert (e["Code"], e["Status"]) == ("NoSuchCORSConfiguration", 404)
    rules = [{"ID": "web", "AllowedHeaders": ["*"], "AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["https://example.com"],
              "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == rules
    s3.delete_bucket_cors(Bucket=bucket)
    assert error(s3.get_bucket_cors, Bucket=bucket)["Code"] == "NoSuchCORSConfiguration"


def test_cors_rules(s3, bucket):
    def put(*rules):
        return error(s3.put_bucket_cors, Bucket=bucket, CORSConfiguration={"CORSRules": list(rules)})

    rule = {"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}
    # "CORS configuration": AllowedMethod is one of GET, PUT, POST, DELETE, HEAD.
    e = put({**rule, "AllowedMethods": ["GET", "PATCH"]})
    assert (e["Code"], e["Message"]) == ("InvalidRequest", "Found unsupported HTTP method in CORS config. Unsupported method is PATCH")
    # At most 100 rules.
    assert put(*[rule] * 101)["Code"] == "MalformedXML"
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [rule] * 100})
    # One wildcard at most in an origin.
    assert put({**rule, "AllowedOrigins": ["https://*.*.example.com"]})["Code"] == "InvalidRequest"


def test_cors_requires_origins(nimbus, request, bucket):
    raw = nimbus.raw_client("s3", access_key=account_key(request.node.name), s3={"addressing_style": "path"})
    # "CORSRule": AllowedOrigins is required.
    e = error(raw.put_bucket_cors, Bucket=bucket, CORSConfiguration={"CORSRules": [{"AllowedMethods": ["GET"]}]})
    assert e["Status"] == 400


# ---- Lifecycle -----------------------------------------------------------------------------------------------


def test_lifecycle_round_trip(s3, bucket):
    # "GetBucketLifecycleConfiguration": NoSuchLifecycleConfiguration when none is set.
    e = error(s3.get_bucket_lifecycle_configuration, Bucket=bucket)
    assert (e["Code"], e["Status"]) == ("NoSuchLifecycleConfiguration", 404)
    rules = [
        {"ID": "logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled",
         "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 90, "StorageClass": "GLACIER"}],
         "Expiration": {"Days": 365}},
        {"ID": "uploads", "Filter": {"Prefix": ""}, "Status": "Disabled", "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}},
    ]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert got["Rules"] == rules
    assert got["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K"
    s3.delete_bucket_lifecycle(Bucket=bucket)
    assert error(s3.get_bucket_lifecycle_configuration, Bucket=bucket)["Code"] == "NoSuchLifecycleConfiguration"


def test_lifecycle_rules(s3, bucket):
    def put(*rules):
        return error(s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration={"Rules": list(rules)})

    def rule(**fields):
        return {"ID": "r", "Filter": {"Prefix": ""}, "Status": "Enabled", **fields}

    # "Transitioning objects using Amazon S3 Lifecycle": Standard-IA and One Zone-IA need 30 days.
    e = put(rule(Transitions=[{"Days": 10, "StorageClass": "STANDARD_IA"}]))
    assert (e["Code"], e["Message"]) == ("InvalidArgument",
                                         "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'")
    assert put(rule(NoncurrentVersionTransitions=[{"NoncurrentDays": 5, "StorageClass": "ONEZONE_IA"}]))["Code"] == "InvalidArgument"
    # "Lifecycle configuration elements": Expiration days are positive.
    e = put(rule(Expiration={"Days": 0}))
    assert (e["Code"], e["Message"]) == ("InvalidArgument", "'Days' for Expiration action must be a positive integer")
    # Each rule has an action.
    e = put(rule())
    assert (e["Code"], e["Message"]) == ("InvalidRequest", "At least one action needs to be specified in a rule")
    # Unique IDs up to 255 characters.
    e = put(rule(Expiration={"Days": 1}), rule(Expiration={"Days": 2}))
    assert (e["Code"], e["Message"]) == ("InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule")
    assert put({**rule(Expiration={"Days": 1}), "ID": "x" * 256})["Code"] == "InvalidArgument"
    # At most 1,000 rules.
    many = [{**rule(Expiration={"Days": 1}), "ID": f"r{i}"} for i in range(1001)]
    assert put(*many)["Code"] == "MalformedXML"
    # A transition to Glacier has no minimum, and zero days is allowed.
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        rule(Transitions=[{"Days": 0, "StorageClass": "GLACIER"}])]})


def test_lifecycle_status_is_checked(nimbus, request, bucket):
    raw = nimbus.raw_client("s3", access_key=account_key(request.node.name), s3={"addressing_style": "path"})
    e = error(raw.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "r", "Filter": {"Prefix": ""}, "Status": "Maybe", "Expiration": {"Days": 1}}]})
    assert e["Status"] == 400


# ---- Default encryption --------------------------------------------------------------------------------------


def test_encryption(s3, bucket):
    # "Setting default server-side encryption behavior": every bucket has SSE-S3 by default.
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    kms = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/data"},
                      "BucketKeyEnabled": True}]}
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=kms)
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"] == kms
    # "PutBucketEncryption": a KMS key with SSE-S3 is refused.
    e = error(s3.put_bucket_encryption, Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "alias/data"}}]})
    assert e["Code"] == "InvalidArgument"
    s3.delete_bucket_encryption(Bucket=bucket)
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}


# ---- Website -------------------------------------------------------------------------------------------------


def test_website(s3, bucket):
    # "GetBucketWebsite": NoSuchWebsiteConfiguration when none is set.
    e = error(s3.get_bucket_website, Bucket=bucket)
    assert (e["Code"], e["Status"]) == ("NoSuchWebsiteConfiguration", 404)
    config = {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"},
              "RoutingRules": [{"Condition": {"KeyPrefixEquals": "docs/"}, "Redirect": {"ReplaceKeyPrefixWith": "documents/"}}]}
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration=config)
    got = s3.get_bucket_website(Bucket=bucket)
    assert {k: got[k] for k in config} == config
    # "Configuring an index document": the suffix is not empty and has no slash.
    for suffix in ("", "pages/index.html"):
        e = error(s3.put_bucket_website, Bucket=bucket, WebsiteConfiguration={"IndexDocument": {"Suffix": suffix}})
        assert (e["Code"], e["Message"]) == ("InvalidArgument", "The IndexDocument Suffix is not well formed")
    e = error(s3.put_bucket_website, Bucket=bucket, WebsiteConfiguration={"ErrorDocument": {"Key": "e.html"}})
    assert e["Code"] == "InvalidArgument"
    # "Configuring a webpage redirect": redirecting every request needs nothing else.
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={"RedirectAllRequestsTo": {"HostName": "example.com", "Protocol": "https"}})
    assert s3.get_bucket_website(Bucket=bucket)["RedirectAllRequestsTo"] == {"HostName": "example.com", "Protocol": "https"}
    s3.delete_bucket_website(Bucket=bucket)
    assert error(s3.get_bucket_website, Bucket=bucket)["Code"] == "NoSuchWebsiteConfiguration"


# ---- Reads of subresources never configured, through the AWS CLI ---------------------------------------------


def test_cli_reads_of_default_subresources(nimbus, request):
    env = {"AWS_ACCESS_KEY_ID": account_key(request.node.name)}
    name = "cfg-cli-" + uuid.uuid4().hex[:16]
    nimbus.cli("s3api", "create-bucket", "--bucket", name, env_extra=env)
    # "GetBucketRequestPayment": BucketOwner unless Requester Pays is on.
    assert nimbus.cli_json("s3api", "get-bucket-request-payment", "--bucket", name, env_extra=env)["Payer"] == "BucketOwner"
    # Acceleration, logging and notifications never configured: empty answers, not errors.
    for command in ("get-bucket-accelerate-configuration", "get-bucket-logging", "get-bucket-notification-configuration"):
        assert nimbus.cli_json("s3api", command, "--bucket", name, env_extra=env) in (None, {})
    assert nimbus.cli_json("s3api", "get-bucket-versioning", "--bucket", name, env_extra=env) in (None, {})
    nimbus.cli("s3api", "put-bucket-tagging", "--bucket", name, "--tagging", "TagSet=[{Key=team,Value=web}]", env_extra=env)
    assert nimbus.cli_json("s3api", "get-bucket-tagging", "--bucket", name, env_extra=env)["TagSet"] == [{"Key": "team", "Value": "web"}]
    rc, _, err = nimbus.cli("s3api", "get-bucket-policy", "--bucket", name, check=False, env_extra=env)
    assert rc != 0 and "NoSuchBucketPolicy" in err


# ---- Restart -------------------------------------------------------------------------------------------------


def test_configurations_survive_restart(fresh_nimbus):
    server = fresh_nimbus()
    s3 = server.client("s3", access_key="123456789012", s3={"addressing_style": "path"})
    name = "cfg-restart-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=name)
    document = policy(name, principal={"AWS": "arn:aws:iam::444455556666:root"})
    s3.put_bucket_policy(Bucket=name, Policy=document)
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={"BlockPublicAcls": True, "BlockPublicPolicy": True})
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    cors = [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]
    s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": cors})
    s3.put_bucket_website(Bucket=name, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    version = s3.put_object(Bucket=name, Key="k", Body=b"x")["VersionId"]
    s3.put_object_tagging(Bucket=name, Key="k", Tagging={"TagSet": [{"Key": "t", "Value": "1"}]})
    s3.put_object_acl(Bucket=name, Key="k", ACL="private")

    server.restart()
    s3 = server.client("s3", access_key="123456789012", s3={"addressing_style": "path"})
    assert s3.get_bucket_policy(Bucket=name)["Policy"] == document
    assert s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is True
    assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
    assert s3.get_bucket_tagging(Bucket=name)["TagSet"] == [{"Key": "k", "Value": "v"}]
    assert s3.get_bucket_cors(Bucket=name)["CORSRules"] == cors
    assert s3.get_bucket_website(Bucket=name)["IndexDocument"] == {"Suffix": "index.html"}
    assert s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "ObjectWriter"}]
    got = s3.get_object_tagging(Bucket=name, Key="k")
    assert (got["TagSet"], got["VersionId"]) == ([{"Key": "t", "Value": "1"}], version)


def test_lifecycle_survives_restart(fresh_nimbus):
    server = fresh_nimbus()
    s3 = server.client("s3", access_key="123456789012", s3={"addressing_style": "path"})
    name = "cfg-restart-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=name)
    lifecycle = [{"ID": "r", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled", "Expiration": {"Days": 1}}]
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": lifecycle})
    server.restart()
    s3 = server.client("s3", access_key="123456789012", s3={"addressing_style": "path"})
    assert s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"] == lifecycle


# "CreateBucket": the object-ownership header takes S3's three values; a bucket is born with Block Public Access on,
# so it cannot be born with a public ACL; an ACL must be a canned one; re-creating a us-east-1 bucket you own
# answers 200 and resets its ACL.
def test_bucket_creation_rules(s3):
    def refused(**kwargs):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.create_bucket(Bucket=unique_bucket(), **kwargs)
        return excinfo.value.response["Error"]["Code"]

    assert refused(ObjectOwnership="Bogus") == "InvalidArgument"
    assert refused(ACL="public-read", ObjectOwnership="ObjectWriter") == "InvalidBucketAclWithBlockPublicAccessError"
    assert refused(ACL="world-readable", ObjectOwnership="ObjectWriter") == "InvalidArgument"
    name = unique_bucket()
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    s3.delete_public_access_block(Bucket=name)
    s3.put_bucket_acl(Bucket=name, ACL="public-read")
    assert any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in s3.get_bucket_acl(Bucket=name)["Grants"])
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_acl(Bucket=name, ACL="bogus-acl")
    assert excinfo.value.response["Error"]["Code"] == "InvalidArgument"
    s3.create_bucket(Bucket=name)
    assert not any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in s3.get_bucket_acl(Bucket=name)["Grants"])


# "Lifecycle configuration elements": objects expire after their last transition; a rule without an ID gets one.
def test_lifecycle_expiration_follows_transitions(s3, bucket):
    rule = {"Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 10},
            "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}]}
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})
    assert excinfo.value.response["Error"]["Code"] == "InvalidArgument"
    assert "'Days' in the Expiration action for filter '(prefix=logs/)' must be greater than" in excinfo.value.response["Error"]["Message"]
    rule["Expiration"] = {"Days": 365}
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})
    stored = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]
    assert stored["ID"] and stored["Expiration"] == {"Days": 365}


# "Transitioning objects using Amazon S3 Lifecycle": one rule's transitions go toward colder classes, each class
# once, all by Days or all by Date, 30 days in Standard-IA or One Zone-IA before the Glacier classes and 90 in
# Glacier before Deep Archive (the message as S3 sends it, captured from the wire).
@pytest.mark.parametrize("transitions, code, message", [
    ([{"Days": 30, "StorageClass": "GLACIER"}, {"Days": 100, "StorageClass": "DEEP_ARCHIVE"}], "InvalidArgument",
     "'Days' in the 'Transition' action for StorageClass 'DEEP_ARCHIVE' for filter '(prefix=logs/)' must be 90 days more than "
     "'filter '(prefix=logs/)'' in the 'Transition' action for StorageClass 'GLACIER'"),
    ([{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 45, "StorageClass": "GLACIER"}], "InvalidArgument",
     "'Days' in the 'Transition' action for StorageClass 'GLACIER' for filter '(prefix=logs/)' must be 30 days more than "
     "'filter '(prefix=logs/)'' in the 'Transition' action for StorageClass 'STANDARD_IA'"),
    ([{"Days": 90, "StorageClass": "STANDARD_IA"}, {"Days": 60, "StorageClass": "GLACIER"}], "InvalidArgument",
     "'Days' in the Transition action for StorageClass 'GLACIER' for filter '(prefix=logs/)' must be greater than "
     "'Days' in the Transition action for StorageClass 'STANDARD_IA' for filter '(prefix=logs/)'"),
    ([{"Days": 30, "StorageClass": "GLACIER"}, {"Days": 200, "StorageClass": "GLACIER"}], "InvalidRequest",
     "'StorageClass' must be different for 'Transition' actions in same 'Rule' with filter '(prefix=logs/)'"),
    ([{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Date": "2030-01-01T00:00:00Z", "StorageClass": "GLACIER"}], "InvalidRequest",
     "Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule for filter '(prefix=logs/)'"),
])
def test_lifecycle_transitions_follow_the_waterfall(s3, bucket, transitions, code, message):
    rule = {"ID": "tiers", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Transitions": transitions}
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})
    assert (excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]) == (code, message)


def test_lifecycle_waterfall_accepts_what_aws_does(s3, bucket):
    tiers = [{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 60, "StorageClass": "ONEZONE_IA"},
             {"Days": 90, "StorageClass": "GLACIER"}, {"Days": 180, "StorageClass": "DEEP_ARCHIVE"}]
    rules = [{"ID": "tiers", "Status": "Enabled", "Filter": {}, "Transitions": tiers}]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]["Transitions"] == tiers
    # An empty Filter is named `()` in S3's messages.
    rules[0]["Transitions"] = [{"Days": 0, "StorageClass": "GLACIER"}, {"Days": 10, "StorageClass": "DEEP_ARCHIVE"}]
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    assert "for filter '()' must be 90 days more than 'filter '()''" in excinfo.value.response["Error"]["Message"]


# "Policies and permissions in Amazon S3": actions and condition keys are S3's, IP conditions hold addresses, and
# the version, statement list and effects are checked with S3's own messages.
@pytest.mark.parametrize("change, message", [
    ({"Action": "s3:GetObjectX"}, "Policy has invalid action"),
    ({"Condition": {"StringEquals": {"s3:bogus": "x"}}}, "Policy has an invalid condition key"),
    ({"Condition": {"IpAddress": {"aws:SourceIp": "not-an-ip"}}}, "Invalid IP address in Conditions"),
    ({"Effect": "Maybe"}, "Invalid effect: Maybe"),
    ({"Condition": {"StringEquals": {"s3:prefix": "home/"}}}, "Conditions do not apply to combination of actions and resources in statement"),
])
def test_bucket_policy_statements_are_checked(s3, bucket, change, message):
    statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
    statement.update(change)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    assert excinfo.value.response["Error"]["Code"] == "MalformedPolicy"
    assert excinfo.value.response["Error"]["Message"] == message


def test_bucket_policy_documents_are_checked(s3, bucket):
    for document, message in ((({"Version": "2020-01-01", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                                          "Resource": f"arn:aws:s3:::{bucket}/*"}]}),
                                "The policy must contain a valid version string"),
                              ({"Version": "2012-10-17", "Statement": []}, "Could not parse the policy: Statement is empty!")):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(document))
        assert excinfo.value.response["Error"]["Message"] == message
    ok = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
                                                  "Resource": f"arn:aws:s3:::{bucket}/*",
                                                  "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]},
                                                                "StringLike": {"s3:ExistingObjectTag/team": "x*"}}}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(ok))


# "Using cross-origin resource sharing (CORS)", "How does Amazon S3 evaluate the CORS configuration on a bucket?":
# a browser's preflight OPTIONS is answered from the first rule matching its origin, method and headers; an actual
# request from an allowed origin carries the same Access-Control headers.
def test_cors_preflight_and_actual_requests(nimbus, s3, bucket):
    from awsraw import send
    url = f"{nimbus.endpoint}/{bucket}/page.html"
    preflight = {"Origin": "https://app.example.com", "Access-Control-Request-Method": "PUT",
                 "Access-Control-Request-Headers": "Content-Type, X-Amz-Date"}
    off = send("OPTIONS", url, headers=preflight)
    assert off.status == 403 and "<Code>AccessForbidden</Code>" in off.text and "CORS is not enabled" in off.text
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": ["https://*.example.com"], "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["content-type", "x-amz-*"],
         "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 600},
        {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}]})
    allowed = send("OPTIONS", url, headers=preflight)
    assert allowed.status == 200, allowed.text
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert allowed.headers["access-control-allow-methods"] == "GET, PUT"
    assert allowed.headers["access-control-allow-headers"] == "content-type, x-amz-date"
    assert allowed.headers["access-control-expose-headers"] == "ETag" and allowed.headers["access-control-max-age"] == "600"
    assert allowed.headers["access-control-allow-credentials"] == "true"
    # a header no rule allows, a method no rule allows, no Origin at all
    assert send("OPTIONS", url, headers={**preflight, "Access-Control-Request-Headers": "x-custom"}).status == 403
    assert send("OPTIONS", url, headers={**preflight, "Access-Control-Request-Method": "DELETE"}).status == 403
    assert send("OPTIONS", url, headers={"Access-Control-Request-Method": "GET"}).status == 400
    anyone = send("OPTIONS", url, headers={"Origin": "https://elsewhere.org", "Access-Control-Request-Method": "GET"})
    assert anyone.status == 200 and anyone.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in anyone.headers
    s3.put_object(Bucket=bucket, Key="page.html", Body=b"<p>hi</p>")
    actual = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "page.html"})
    read = send("GET", actual, headers={"Origin": "https://app.example.com"})
    assert read.status == 200 and read.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "access-control-allow-origin" not in send("GET", actual).headers
