"""S3 ACLs given as explicit grants ("Access control list (ACL) overview": grantees and permissions; "Mapping of ACL
permissions and access policy permissions"; PutObjectAcl, PutBucketAcl and PutObject's x-amz-grant-* headers): kept as
given, shown by Get*Acl, and weighed beside the bucket policy as S3 weighs ACLs."""
import json
import urllib.request

import botocore.exceptions
import pytest

from s3support import unique_bucket

OWNER, OTHER, THIRD = "731902845677", "731902845688", "731902845699"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"


def client(nimbus, account):
    return nimbus.client("s3", access_key=account)


def canonical(nimbus, account):
    return client(nimbus, account).list_buckets()["Owner"]["ID"]


@pytest.fixture
def acl_bucket(nimbus):
    """A bucket with ACLs enabled (ObjectWriter) and Block Public Access off."""
    s3 = client(nimbus, OWNER)
    name = unique_bucket("grants")
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    return s3, name


def code(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        call(**kwargs)
    return excinfo.value.response["Error"]["Code"]


def anonymous_get(nimbus, bucket, key):
    try:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"{nimbus.endpoint}/{bucket}/{key}", timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


# "Access control list (ACL) overview": `aws s3 cp --grants read=uri=...AllUsers` makes an object public; with
# IgnorePublicAcls that grant counts for nothing ("Blocking public access to your Amazon S3 storage").
def test_cli_grants_and_public_reads(nimbus, acl_bucket, tmp_path):
    s3, name = acl_bucket
    (tmp_path / "page.html").write_text("<p>public</p>")
    nimbus.cli("s3", "cp", str(tmp_path / "page.html"), f"s3://{name}/page.html", "--grants", f"read=uri={ALL_USERS}",
               f"full=id={canonical(nimbus, OWNER)}", env_extra={"AWS_ACCESS_KEY_ID": OWNER})
    grants = s3.get_object_acl(Bucket=name, Key="page.html")["Grants"]
    assert {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"} in grants
    assert anonymous_get(nimbus, name, "page.html") == 200
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    assert anonymous_get(nimbus, name, "page.html") == 403
    # BlockPublicAcls refuses to set a public grant at all.
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False, "RestrictPublicBuckets": False})
    assert code(s3.put_object_acl, Bucket=name, Key="page.html", GrantRead=f'uri="{ALL_USERS}"') == "AccessDenied"


# "Mapping of ACL permissions and access policy permissions": an object's READ grant to another account's canonical
# ID lets that account read it, nobody else; READ_ACP lets it read the ACL.
def test_object_grant_to_another_account(nimbus, acl_bucket):
    s3, name = acl_bucket
    s3.put_object(Bucket=name, Key="report.csv", Body=b"a,b")
    other, third = client(nimbus, OTHER), client(nimbus, THIRD)
    assert code(other.get_object, Bucket=name, Key="report.csv") == "AccessDenied"
    owner_id, other_id = canonical(nimbus, OWNER), canonical(nimbus, OTHER)
    s3.put_object_acl(Bucket=name, Key="report.csv", GrantRead=f'id="{other_id}"', GrantFullControl=f'id="{owner_id}"')
    assert other.get_object(Bucket=name, Key="report.csv")["Body"].read() == b"a,b"
    assert code(third.get_object, Bucket=name, Key="report.csv") == "AccessDenied"
    assert code(other.get_object_acl, Bucket=name, Key="report.csv") == "AccessDenied"
    acl = s3.get_object_acl(Bucket=name, Key="report.csv")
    assert {(g["Grantee"].get("ID"), g["Permission"]) for g in acl["Grants"]} == {(other_id, "READ"), (owner_id, "FULL_CONTROL")}
    # The same grants as an AccessControlPolicy body, READ_ACP added.
    s3.put_object_acl(Bucket=name, Key="report.csv", AccessControlPolicy={"Owner": {"ID": owner_id}, "Grants": [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner_id}, "Permission": "FULL_CONTROL"},
        {"Grantee": {"Type": "CanonicalUser", "ID": other_id}, "Permission": "READ_ACP"}]})
    assert len(other.get_object_acl(Bucket=name, Key="report.csv")["Grants"]) == 2
    assert code(other.get_object, Bucket=name, Key="report.csv") == "AccessDenied"


# "Mapping of ACL permissions": a bucket's READ lets the grantee list it, WRITE put objects in it; a set of grants
# that is a canned ACL's is that ACL (log-delivery-write).
def test_bucket_grants(nimbus, acl_bucket):
    s3, name = acl_bucket
    other = client(nimbus, OTHER)
    owner_id, other_id = canonical(nimbus, OWNER), canonical(nimbus, OTHER)
    s3.put_bucket_acl(Bucket=name, GrantRead=f"id={other_id}", GrantFullControl=f"id={owner_id}")
    assert other.list_objects_v2(Bucket=name)["KeyCount"] == 0
    assert code(other.put_object, Bucket=name, Key="x", Body=b"x") == "AccessDenied"
    s3.put_bucket_acl(Bucket=name, GrantWrite=f"id={other_id}", GrantFullControl=f"id={owner_id}")
    other.put_object(Bucket=name, Key="x", Body=b"x")
    assert code(other.list_objects_v2, Bucket=name) == "AccessDenied"
    s3.put_bucket_acl(Bucket=name, AccessControlPolicy={"Owner": {"ID": owner_id}, "Grants": [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner_id}, "Permission": "FULL_CONTROL"},
        {"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "WRITE"},
        {"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "READ_ACP"}]})
    grants = s3.get_bucket_acl(Bucket=name)["Grants"]
    assert sorted(g["Permission"] for g in grants) == ["FULL_CONTROL", "READ_ACP", "WRITE"]


# The grant headers' rules: not with a canned ACL, no e-mail grantees (S3 has no addresses here), valid IDs and group
# URIs only; BucketOwnerEnforced takes no grants but the owner's ("Controlling ownership of objects").
def test_grant_rules(nimbus, acl_bucket):
    s3, name = acl_bucket
    assert code(s3.put_object, Bucket=name, Key="k", Body=b"x", ACL="private", GrantRead=f'uri="{ALL_USERS}"') == "InvalidRequest"
    assert code(s3.put_object, Bucket=name, Key="k", Body=b"x", GrantRead='emailAddress="someone@example.com"') == "UnresolvableGrantByEmailAddress"
    assert code(s3.put_object, Bucket=name, Key="k", Body=b"x", GrantRead='id="not-an-id"') == "InvalidArgument"
    assert code(s3.put_object, Bucket=name, Key="k", Body=b"x", GrantRead='uri="http://example.com/group"') == "InvalidArgument"
    enforced = unique_bucket("enforced")
    s3.create_bucket(Bucket=enforced)
    assert code(s3.put_object, Bucket=enforced, Key="k", Body=b"x",
                GrantRead=f'id="{canonical(nimbus, OTHER)}"') == "AccessControlListNotSupported"
    s3.put_object(Bucket=enforced, Key="k", Body=b"x", GrantFullControl=f'id="{canonical(nimbus, OWNER)}"')
    # A bucket with another account's grant cannot turn ACLs off until they are gone.
    s3.put_bucket_acl(Bucket=name, GrantRead=f"id={canonical(nimbus, OTHER)}")
    assert code(s3.put_bucket_ownership_controls, Bucket=name,
                OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}) == "InvalidBucketAclWithObjectOwnership"


# "Policy evaluation logic": a bucket policy's explicit Deny still wins over an ACL of several grants, and each of the
# grants counts ("Mapping of ACL permissions").
def test_several_grants_and_the_bucket_policy(nimbus, acl_bucket):
    s3, name = acl_bucket
    other, third = client(nimbus, OTHER), client(nimbus, THIRD)
    other_id, third_id = canonical(nimbus, OTHER), canonical(nimbus, THIRD)
    s3.put_bucket_acl(Bucket=name, GrantRead=f"id={other_id}, id={third_id}", GrantReadACP=f"id={other_id}", GrantWrite=f"id={other_id}")
    assert other.list_objects_v2(Bucket=name)["KeyCount"] == 0 and third.list_objects_v2(Bucket=name)["KeyCount"] == 0
    other.put_object(Bucket=name, Key="drop/x", Body=b"x")  # the bucket's WRITE grant
    s3.put_object(Bucket=name, Key="secret/x", Body=b"x")
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "ACLGrant", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/secret/*"}]}))
    s3.put_object_acl(Bucket=name, Key="secret/x", GrantRead=f"id={third_id}", GrantReadACP=f"id={third_id}",
                      GrantFullControl=f"id={canonical(nimbus, OWNER)}")
    assert code(s3.get_object, Bucket=name, Key="secret/x") == "AccessDenied"
    assert code(third.get_object, Bucket=name, Key="secret/x") == "AccessDenied"


# "Amazon S3 condition key examples" (s3:x-amz-grant-full-control): a bucket policy may require uploads to grant the
# bucket owner full control.
def test_grant_condition_keys(nimbus, acl_bucket):
    s3, name = acl_bucket
    owner_id = canonical(nimbus, OWNER)
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        # "PutObject", Permissions: grant headers need s3:PutObjectAcl besides s3:PutObject.
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": ["s3:PutObject", "s3:PutObjectAcl"],
        "Resource": f"arn:aws:s3:::{name}/*",
        "Condition": {"StringEquals": {"s3:x-amz-grant-full-control": f"id={owner_id}"}}}]}))
    other = client(nimbus, OTHER)
    assert code(other.put_object, Bucket=name, Key="a", Body=b"x") == "AccessDenied"
    other.put_object(Bucket=name, Key="a", Body=b"x", GrantFullControl=f"id={owner_id}")
    assert s3.get_object(Bucket=name, Key="a")["Body"].read() == b"x"


# "CreateBucket": in us-east-1 re-creating a bucket you own answers 200 and resets its ACL, explicit grants included.
def test_recreating_resets_grants(nimbus, acl_bucket):
    s3, name = acl_bucket
    other = client(nimbus, OTHER)
    s3.put_bucket_acl(Bucket=name, GrantRead=f"id={canonical(nimbus, OTHER)}")
    assert other.list_objects_v2(Bucket=name)["KeyCount"] == 0
    s3.create_bucket(Bucket=name)
    assert code(other.list_objects_v2, Bucket=name) == "AccessDenied"
    assert [g["Permission"] for g in s3.get_bucket_acl(Bucket=name)["Grants"]] == ["FULL_CONTROL"]
