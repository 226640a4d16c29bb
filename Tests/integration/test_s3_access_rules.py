"""S3's finer authorization rules: what each request needs besides its operation's own action, who may touch a
bucket policy, and what a refused caller may learn ("Required permissions for Amazon S3 API operations",
"Actions, resources, and condition keys for Amazon S3", "Tagging and access control policies")."""
import subprocess

import botocore.exceptions
import pytest

from s3support import account_bucket, denied, error_code, policy, status, unique_bucket, user

OWNER = "731902845566"
OTHER = "731902845577"


@pytest.fixture
def owned(nimbus):
    s3, name = account_bucket(nimbus, OWNER, "rules")
    s3.put_object(Bucket=name, Key="secret.txt", Body=b"secret")
    return s3, name


def suffix(request):
    return request.node.name[-10:].replace("[", "").replace("]", "")


# "CopyObject", Permissions: a copy reads its source, so it needs s3:GetObject there, granted by the source
# bucket's policy when the source belongs to another account; the root user of the copying account is no exception.
def test_a_copy_needs_read_access_to_its_source(nimbus, owned):
    _, name = owned
    other = nimbus.client("s3", access_key=OTHER)
    mine = unique_bucket("mine")
    other.create_bucket(Bucket=mine)
    denied(other.get_object, Bucket=name, Key="secret.txt")
    denied(other.copy_object, Bucket=mine, Key="stolen.txt", CopySource={"Bucket": name, "Key": "secret.txt"})
    upload = other.create_multipart_upload(Bucket=mine, Key="stolen.bin")["UploadId"]
    denied(other.upload_part_copy, Bucket=mine, Key="stolen.bin", UploadId=upload, PartNumber=1,
           CopySource={"Bucket": name, "Key": "secret.txt"})
    with pytest.raises(botocore.exceptions.ClientError):
        other.head_object(Bucket=mine, Key="stolen.txt")


# A copy that carries its source's tags (TaggingDirective COPY, the default) reads and writes them: it needs
# s3:GetObjectTagging on the source and s3:PutObjectTagging on the copy (CopyObject's dependent actions in
# "Actions, resources, and condition keys for Amazon S3"; "Why can't I copy an object between two Amazon S3 buckets?").
def test_a_copy_of_a_tagged_object_needs_the_tagging_actions(nimbus, request):
    s3, name = account_bucket(nimbus, OWNER, "tagcopy")
    s3.put_object(Bucket=name, Key="tagged.txt", Body=b"t", Tagging="team=blue")
    s3.put_object(Bucket=name, Key="plain.txt", Body=b"p")
    copier = user(nimbus, OWNER, f"copier-{suffix(request)}", policy(
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"arn:aws:s3:::{name}/*"}))
    copier.copy_object(Bucket=name, Key="plain-copy.txt", CopySource={"Bucket": name, "Key": "plain.txt"})
    denied(copier.copy_object, Bucket=name, Key="tagged-copy.txt", CopySource={"Bucket": name, "Key": "tagged.txt"})
    # Replacing the tags needs neither.
    copier.copy_object(Bucket=name, Key="retagged.txt", CopySource={"Bucket": name, "Key": "tagged.txt"}, TaggingDirective="REPLACE")
    tagger = user(nimbus, OWNER, f"tagger-{suffix(request)}", policy(
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:GetObjectTagging", "s3:PutObjectTagging"],
         "Resource": f"arn:aws:s3:::{name}/*"}))
    tagger.copy_object(Bucket=name, Key="tagged-copy.txt", CopySource={"Bucket": name, "Key": "tagged.txt"})
    assert s3.get_object_tagging(Bucket=name, Key="tagged-copy.txt")["TagSet"] == [{"Key": "team", "Value": "blue"}]


# "DeleteBucketPolicy": the owner's root user can always manage the bucket policy, but the policy's denies bind it
# for everything else ("Policy evaluation logic": an explicit deny in a resource-based policy).
def test_bucket_policy_denies_bind_the_owners_root_user(nimbus, owned):
    s3, name = owned
    s3.put_bucket_policy(Bucket=name, Policy=policy({
        "Effect": "Deny", "Principal": "*", "Action": ["s3:GetObject", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
        "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]}))
    denied(s3.get_object, Bucket=name, Key="secret.txt")
    assert "Deny" in s3.get_bucket_policy(Bucket=name)["Policy"]
    s3.delete_bucket_policy(Bucket=name)
    assert s3.get_object(Bucket=name, Key="secret.txt")["Body"].read() == b"secret"


# "PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy": a caller from another account gets 405 Method Not
# Allowed even when the policy grants it these actions, so a policy never hands itself to another account.
def test_another_account_cannot_manage_the_bucket_policy(nimbus, owned):
    s3, name = owned
    document = policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                       "Action": ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
                       "Resource": f"arn:aws:s3:::{name}"})
    s3.put_bucket_policy(Bucket=name, Policy=document)
    other = nimbus.client("s3", access_key=OTHER)
    for call, kwargs in ((other.get_bucket_policy, {}), (other.delete_bucket_policy, {}), (other.put_bucket_policy, {"Policy": document})):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            call(Bucket=name, **kwargs)
        assert (error_code(excinfo), status(excinfo)) == ("MethodNotAllowed", 405)
    assert s3.get_bucket_policy(Bucket=name)["Policy"] == document


# "GetObject" and "HeadObject", Permissions: without s3:ListBucket a missing key is 403 AccessDenied, with it
# 404 NoSuchKey, so a caller cannot probe for keys it may not list.
def test_missing_keys_are_hidden_without_list_permission(nimbus, owned, request):
    _, name = owned
    reader = user(nimbus, OWNER, f"reader{suffix(request)}",
                  policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}))
    denied(reader.get_object, Bucket=name, Key="missing.txt")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        reader.head_object(Bucket=name, Key="missing.txt")
    assert status(excinfo) == 403
    lister = user(nimbus, OWNER, f"lister{suffix(request)}",
                  policy({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                          "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]}))
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        lister.get_object(Bucket=name, Key="missing.txt")
    assert (error_code(excinfo), status(excinfo)) == ("NoSuchKey", 404)


# "Actions, resources, and condition keys for Amazon S3": a request naming a version acts under the version's own
# action (s3:GetObjectVersion, s3:DeleteObjectVersion, s3:GetObjectVersionTagging...).
def test_versions_have_actions_of_their_own(nimbus, owned, request):
    s3, name = owned
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=name, Key="doc.txt", Body=b"one")["VersionId"]
    s3.put_object(Bucket=name, Key="doc.txt", Body=b"two")
    objects = f"arn:aws:s3:::{name}/*"
    plain = user(nimbus, OWNER, f"plain{suffix(request)}", policy({
        "Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject", "s3:GetObjectTagging"], "Resource": objects}))
    assert plain.get_object(Bucket=name, Key="doc.txt")["Body"].read() == b"two"
    denied(plain.get_object, Bucket=name, Key="doc.txt", VersionId=first)
    denied(plain.get_object_tagging, Bucket=name, Key="doc.txt", VersionId=first)
    denied(plain.delete_object, Bucket=name, Key="doc.txt", VersionId=first)
    answer = plain.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "doc.txt", "VersionId": first}]})
    assert answer["Errors"][0]["Code"] == "AccessDenied"
    versioned = user(nimbus, OWNER, f"versioned{suffix(request)}", policy({
        "Effect": "Allow", "Action": ["s3:GetObjectVersion", "s3:DeleteObjectVersion"], "Resource": objects}))
    assert versioned.get_object(Bucket=name, Key="doc.txt", VersionId=first)["Body"].read() == b"one"
    denied(versioned.get_object, Bucket=name, Key="doc.txt")
    versioned.delete_object(Bucket=name, Key="doc.txt", VersionId=first)
    assert [v["VersionId"] for v in s3.list_object_versions(Bucket=name)["Versions"]] != [first]


# "Tagging and access control policies": s3:ExistingObjectTag is the tags of the version read (a copy reads its
# source too), and writes and deletes of objects do not support the key.
def test_existing_object_tags_follow_the_version_and_the_copy_source(nimbus, owned, request):
    s3, name = owned
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    old = s3.put_object(Bucket=name, Key="report.txt", Body=b"old", Tagging="level=secret")["VersionId"]
    s3.put_object(Bucket=name, Key="report.txt", Body=b"new", Tagging="level=public")
    objects = f"arn:aws:s3:::{name}/*"
    analyst = user(nimbus, OWNER, f"analyst{suffix(request)}", policy(
        {"Effect": "Allow", "Action": "s3:*", "Resource": [f"arn:aws:s3:::{name}", objects]},
        {"Effect": "Deny", "Action": ["s3:GetObject", "s3:GetObjectVersion"], "Resource": objects,
         "Condition": {"StringEquals": {"s3:ExistingObjectTag/level": "secret"}}},
        {"Effect": "Deny", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": objects,
         "Condition": {"StringEquals": {"s3:ExistingObjectTag/level": "public"}}}))
    assert analyst.get_object(Bucket=name, Key="report.txt")["Body"].read() == b"new"
    denied(analyst.get_object, Bucket=name, Key="report.txt", VersionId=old)
    denied(analyst.copy_object, Bucket=name, Key="leak.txt", CopySource={"Bucket": name, "Key": "report.txt", "VersionId": old})
    # The deny on writes names a condition key those actions do not have: it never matches.
    analyst.put_object(Bucket=name, Key="report.txt", Body=b"newer")
    analyst.delete_object(Bucket=name, Key="report.txt")


# "Actions, resources, and condition keys for Amazon S3": PutObject's dependent actions, s3:PutObjectTagging for
# x-amz-tagging and s3:PutObjectAcl for x-amz-acl.
def test_tags_and_acls_sent_with_a_write_need_their_own_actions(nimbus, owned, request):
    s3, name = owned
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    writer = user(nimbus, OWNER, f"writer{suffix(request)}",
                  policy({"Effect": "Allow", "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/*"}))
    writer.put_object(Bucket=name, Key="plain.txt", Body=b"x")
    message = denied(writer.put_object, Bucket=name, Key="tagged.txt", Body=b"x", Tagging="a=b")
    assert "s3:PutObjectTagging" in message
    message = denied(writer.put_object, Bucket=name, Key="acl.txt", Body=b"x", ACL="bucket-owner-full-control")
    assert "s3:PutObjectAcl" in message


# "Amazon S3 condition key examples": S3's condition keys apply to anonymous callers as to signed ones.
def test_anonymous_requests_carry_s3_condition_keys(nimbus, owned):
    s3, name = owned
    s3.delete_public_access_block(Bucket=name)
    s3.put_object(Bucket=name, Key="public/readme.txt", Body=b"hello")
    s3.put_bucket_policy(Bucket=name, Policy=policy({
        "Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{name}",
        "Condition": {"StringEquals": {"s3:prefix": "public/"}}}))
    listed = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"{nimbus.endpoint}/{name}?list-type=2&prefix=public/"],
                            capture_output=True, text=True, check=True).stdout
    assert listed == "200"
    refused = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"{nimbus.endpoint}/{name}?list-type=2&prefix=private/"],
                             capture_output=True, text=True, check=True).stdout
    assert refused == "403"


# "Amazon S3 condition key examples": s3:signatureversion is absent from an unsigned request, so a Deny requiring
# SigV4 refuses anonymous readers even where a public Allow would let them in.
def test_unsigned_requests_have_no_signature_version(nimbus, owned):
    s3, name = owned
    s3.delete_public_access_block(Bucket=name)
    s3.put_object(Bucket=name, Key="public.txt", Body=b"hello")
    objects = f"arn:aws:s3:::{name}/*"
    s3.put_bucket_policy(Bucket=name, Policy=policy(
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": objects},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": objects,
         "Condition": {"StringNotEquals": {"s3:signatureversion": "AWS4-HMAC-SHA256"}}}))
    anonymous = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"{nimbus.endpoint}/{name}/public.txt"],
                               capture_output=True, text=True, check=True).stdout
    assert anonymous == "403"
    assert s3.get_object(Bucket=name, Key="public.txt")["Body"].read() == b"hello"


# "CreateBucket", Permissions: an ACL sent with the bucket needs s3:PutBucketAcl besides s3:CreateBucket.
def test_an_acl_at_creation_needs_put_bucket_acl(nimbus, request):
    creator = user(nimbus, OWNER, f"creator{suffix(request)}", policy({"Effect": "Allow", "Action": "s3:CreateBucket", "Resource": "*"}))
    creator.create_bucket(Bucket=unique_bucket("plain"))
    message = denied(creator.create_bucket, Bucket=unique_bucket("acl"), ACL="private")
    assert "s3:PutBucketAcl" in message


# "Access control list (ACL) overview", "Blocking public access to your Amazon S3 storage": with ACLs enabled, a
# canned ACL's grants to everyone (AllUsers) or to any AWS principal (AuthenticatedUsers) let those callers in
# beside the bucket policy, until IgnorePublicAcls makes S3 ignore them; with BucketOwnerEnforced ACLs grant nothing.
def test_public_canned_acls_grant_until_ignored(nimbus, request):
    s3, name = account_bucket(nimbus, OWNER, "acls")
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.delete_public_access_block(Bucket=name)
    s3.put_object(Bucket=name, Key="open.txt", Body=b"open", ACL="public-read")
    s3.put_object(Bucket=name, Key="closed.txt", Body=b"closed")
    s3.put_object(Bucket=name, Key="signed.txt", Body=b"signed", ACL="authenticated-read")

    def anonymous(path):
        return subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"{nimbus.endpoint}/{name}{path}"],
                              capture_output=True, text=True, check=True).stdout

    assert anonymous("/open.txt") == "200"
    assert anonymous("/closed.txt") == "403"
    assert anonymous("/signed.txt") == "403"
    assert anonymous("?list-type=2") == "403"
    other = nimbus.client("s3", access_key=OTHER)
    assert other.get_object(Bucket=name, Key="signed.txt")["Body"].read() == b"signed"
    denied(other.get_object, Bucket=name, Key="closed.txt")
    s3.put_bucket_acl(Bucket=name, ACL="public-read")
    assert anonymous("?list-type=2") == "200"
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    assert anonymous("/open.txt") == "403" and anonymous("?list-type=2") == "403"
    denied(other.get_object, Bucket=name, Key="signed.txt")
    s3.delete_public_access_block(Bucket=name)
    assert anonymous("/open.txt") == "200"
    s3.put_bucket_acl(Bucket=name, ACL="private")
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    assert anonymous("/open.txt") == "403"
