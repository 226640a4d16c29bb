"""S3 authorization with the policy engine: bucket policies and identity policies combined as AWS does ("Policy
evaluation logic", "How Amazon S3 authorizes a request", "Bucket owner granting cross-account bucket
permissions"), explicit denies, condition keys ("Amazon S3 condition key examples") and public access
("Blocking public access to your Amazon S3 storage", "The meaning of public")."""
import base64
import hashlib
import json
import subprocess

import botocore.exceptions
import pytest

from s3support import account_bucket, denied, error_code, policy, user

OWNER = "111122223333"
OTHER = "444455556666"


@pytest.fixture
def owner_bucket(nimbus):
    return account_bucket(nimbus, OWNER, "course")


# The course's example ("Bucket owner granting cross-account bucket permissions"): account 444455556666 may put
# objects only under folder123/, and its own account must delegate that to its users.
def test_cross_account_put_only_under_the_prefix(nimbus, owner_bucket, request):
    s3, name = owner_bucket
    s3.put_bucket_policy(Bucket=name, Policy=policy({
        "Sid": "CrossAccountPut", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
        "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/folder123/*"}))
    suffix = request.node.name[-8:].replace("[", "")
    uploader = user(nimbus, OTHER, f"uploader{suffix}", policy({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}))
    uploader.put_object(Bucket=name, Key="folder123/report.csv", Body=b"a,b")
    message = denied(uploader.put_object, Bucket=name, Key="elsewhere/report.csv", Body=b"a,b")
    assert "s3:PutObject" in message
    denied(uploader.get_object, Bucket=name, Key="folder123/report.csv")  # only PutObject was granted
    # cross account, both sides must allow: a user of that account without an identity policy is refused
    idle = user(nimbus, OTHER, f"idle{suffix}")
    denied(idle.put_object, Bucket=name, Key="folder123/x.csv", Body=b"x")
    # and a third account is refused
    denied(nimbus.client("s3", access_key="777788889999").put_object, Bucket=name, Key="folder123/y.csv", Body=b"y")
    assert s3.get_object(Bucket=name, Key="folder123/report.csv")["Body"].read() == b"a,b"


# "Policy evaluation logic": within one account either an identity policy or the resource policy may allow
def test_same_account_bucket_policy_alone_grants(nimbus, owner_bucket):
    s3, name = owner_bucket
    reader = user(nimbus, OWNER, "policy-only-reader")
    s3.put_object(Bucket=name, Key="shared/doc.txt", Body=b"shared")
    denied(reader.get_object, Bucket=name, Key="shared/doc.txt")
    s3.put_bucket_policy(Bucket=name, Policy=policy({
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OWNER}:user/policy-only-reader"},
        "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/shared/*"]}))
    assert reader.get_object(Bucket=name, Key="shared/doc.txt")["Body"].read() == b"shared"
    assert [o["Key"] for o in reader.list_objects_v2(Bucket=name)["Contents"]] == ["shared/doc.txt"]


# "Policy evaluation logic": an explicit deny in any policy wins (a user with an S3 allow and an S3 deny)
def test_user_with_s3_allow_and_deny_is_refused(nimbus, owner_bucket):
    s3, name = owner_bucket
    worker = user(nimbus, OWNER, "allow-and-deny",
                  policy({"Effect": "Deny", "Action": ["s3:DeleteObject", "s3:PutObject"], "Resource": f"arn:aws:s3:::{name}/*"}),
                  managed=["arn:aws:iam::aws:policy/AmazonS3FullAccess"])
    s3.put_object(Bucket=name, Key="keep.txt", Body=b"keep")
    assert worker.get_object(Bucket=name, Key="keep.txt")["Body"].read() == b"keep"
    message = denied(worker.delete_object, Bucket=name, Key="keep.txt")
    assert "explicit deny in an identity-based policy" in message
    denied(worker.put_object, Bucket=name, Key="new.txt", Body=b"new")
    # a deny in the bucket policy wins over the identity allow too
    s3.put_bucket_policy(Bucket=name, Policy=policy({
        "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/keep.txt",
        "Condition": {"StringEquals": {"aws:PrincipalArn": f"arn:aws:iam::{OWNER}:user/allow-and-deny"}}}))
    assert "explicit deny in a resource-based policy" in denied(worker.get_object, Bucket=name, Key="keep.txt")


# "Amazon S3 condition key examples": s3:prefix on ListBucket, aws:SourceIp, aws:SecureTransport
# "DeleteObjects" (Amazon S3 API Reference): each key needs s3:DeleteObject; a key the caller may not delete comes
# back in Errors as AccessDenied while the others are deleted.
def test_delete_objects_answers_for_each_key(nimbus, owner_bucket):
    s3, name = owner_bucket
    for key in ("tmp/a.txt", "tmp/b.txt", "keep/c.txt"):
        s3.put_object(Bucket=name, Key=key, Body=b"x")
    cleaner = user(nimbus, OWNER, "cleaner", policy(
        {"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": f"arn:aws:s3:::{name}/tmp/*"}))
    answer = cleaner.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "tmp/a.txt"}, {"Key": "keep/c.txt"}, {"Key": "tmp/b.txt"}]})
    assert sorted(d["Key"] for d in answer["Deleted"]) == ["tmp/a.txt", "tmp/b.txt"]
    assert [(e["Key"], e["Code"]) for e in answer["Errors"]] == [("keep/c.txt", "AccessDenied")]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]] == ["keep/c.txt"]
    # Quiet mode lists only the errors.
    quiet = cleaner.delete_objects(Bucket=name, Delete={"Quiet": True, "Objects": [{"Key": "keep/c.txt"}]})
    assert "Deleted" not in quiet and quiet["Errors"][0]["Code"] == "AccessDenied"
    # Anonymous callers are held to the same rule: nothing here lets them delete.
    document = "<Delete><Object><Key>keep/c.txt</Key></Object></Delete>"
    md5 = base64.b64encode(hashlib.md5(document.encode()).digest()).decode()
    anonymous = subprocess.run(["curl", "-s", "-X", "POST", "-H", "Content-Type: application/xml", "-H", f"Content-MD5: {md5}",
                                "--data", document,
                                f"{nimbus.endpoint}/{name}?delete"], capture_output=True, text=True, check=True)
    assert "<Code>AccessDenied</Code>" in anonymous.stdout and "<Key>keep/c.txt</Key>" in anonymous.stdout
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]] == ["keep/c.txt"]


def test_condition_keys(nimbus, owner_bucket):
    s3, name = owner_bucket
    alice = user(nimbus, OWNER, "alice-prefix", policy(
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{name}",
         "Condition": {"StringLike": {"s3:prefix": ["home/alice/*", "home/alice/"]}}},
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"arn:aws:s3:::{name}/home/alice/*"}))
    alice.put_object(Bucket=name, Key="home/alice/notes.txt", Body=b"n")
    assert alice.list_objects_v2(Bucket=name, Prefix="home/alice/")["KeyCount"] == 1
    denied(alice.list_objects_v2, Bucket=name, Prefix="home/bob/")
    denied(alice.list_objects_v2, Bucket=name)
    # requests come from 127.0.0.1 over plain HTTP
    s3.put_bucket_policy(Bucket=name, Policy=policy(
        {"Sid": "OnlyFromTheOffice", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}))
    denied(alice.get_object, Bucket=name, Key="home/alice/notes.txt")
    s3.put_bucket_policy(Bucket=name, Policy=policy(
        {"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}))
    assert alice.get_object(Bucket=name, Key="home/alice/notes.txt")["Body"].read() == b"n"
    denied(alice.put_object, Bucket=name, Key="home/alice/more.txt", Body=b"m")


# "Tagging and access control policies": s3:ExistingObjectTag/<key>
def test_existing_object_tag_condition(nimbus, owner_bucket):
    s3, name = owner_bucket
    s3.put_object(Bucket=name, Key="open.txt", Body=b"o", Tagging="classification=public")
    s3.put_object(Bucket=name, Key="closed.txt", Body=b"c", Tagging="classification=secret")
    reader = user(nimbus, OWNER, "tag-reader", policy(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*",
         "Condition": {"StringEquals": {"s3:ExistingObjectTag/classification": "public"}}}))
    assert reader.get_object(Bucket=name, Key="open.txt")["Body"].read() == b"o"
    denied(reader.get_object, Bucket=name, Key="closed.txt")


def _curl_status(url):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url], capture_output=True, text=True, check=True)
    return int(out.stdout)


# "Blocking public access to your Amazon S3 storage": anonymous access only through a public policy, and only
# while Block Public Access lets it
def test_anonymous_access_through_a_public_policy(nimbus, owner_bucket):
    s3, name = owner_bucket
    s3.put_object(Bucket=name, Key="site/index.html", Body=b"<h1>hi</h1>")
    url = f"{nimbus.endpoint}/{name}/site/index.html"
    assert _curl_status(url) == 403
    public = policy({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                     "Resource": f"arn:aws:s3:::{name}/site/*"})
    denied(s3.put_bucket_policy, Bucket=name, Policy=public)  # BlockPublicPolicy is on for new buckets
    s3.delete_public_access_block(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=public)
    assert _curl_status(url) == 200
    assert _curl_status(f"{nimbus.endpoint}/{name}/private.txt") == 403  # outside the policy's resource
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": True})
    assert _curl_status(url) == 403


# "Policies and permissions in Amazon S3" (Principal: "CanonicalUser", as CloudFront origin access identities are
# granted): a canonical user ID names an account, as its root ARN does.
def test_canonical_user_principal(nimbus, owner_bucket):
    s3, name = owner_bucket
    s3.put_object(Bucket=name, Key="site/index.html", Body=b"<p>hi</p>")
    reader = nimbus.client("s3", access_key="777788889999")
    canonical = reader.list_buckets()["Owner"]["ID"]
    denied(reader.get_object, Bucket=name, Key="site/index.html")
    s3.put_bucket_policy(Bucket=name, Policy=policy({
        "Effect": "Allow", "Principal": {"CanonicalUser": canonical}, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/site/*"}))
    assert reader.get_object(Bucket=name, Key="site/index.html")["Body"].read() == b"<p>hi</p>"
    denied(nimbus.client("s3", access_key="444455556666").get_object, Bucket=name, Key="site/index.html")
