"""Who owns an object written into another account's bucket, and what that changes ("Controlling ownership of
objects and disabling ACLs for your bucket"; "How Amazon S3 authorizes a request for an object operation").

With ACLs enabled (ObjectWriter; BucketOwnerPreferred without bucket-owner-full-control) the writing account owns
the object: the bucket owner cannot read it unless the object's ACL grants it, and its bucket policy cannot grant
it to anyone, though its denies still bind. With BucketOwnerEnforced (the default) the bucket owner owns all."""
import boto3
import botocore.exceptions
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from s3support import account_bucket, denied, error_code, policy, user

BUCKET_OWNER = "731902845588"
WRITER = "731902845599"
THIRD = "731902845600"


def canonical(nimbus, account):
    return nimbus.client("s3", access_key=account).list_buckets()["Owner"]["ID"]


def shared_bucket(nimbus, ownership):
    """A bucket of BUCKET_OWNER whose policy lets WRITER put and get objects, with the given Object Ownership."""
    s3, name = account_bucket(nimbus, BUCKET_OWNER, "owned")
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": ownership}]})
    s3.put_bucket_policy(Bucket=name, Policy=policy({
        "Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::{WRITER}:root", f"arn:aws:iam::{THIRD}:root"]},
        "Action": ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject"], "Resource": f"arn:aws:s3:::{name}/*"}))
    return s3, name


# BucketOwnerEnforced: "the bucket owner automatically owns and has full control over every object in the bucket".
def test_bucket_owner_enforced_owns_what_others_write(nimbus):
    s3, name = shared_bucket(nimbus, "BucketOwnerEnforced")
    writer = nimbus.client("s3", access_key=WRITER)
    writer.put_object(Bucket=name, Key="report.csv", Body=b"rows")
    assert s3.get_object(Bucket=name, Key="report.csv")["Body"].read() == b"rows"
    listed = s3.list_objects_v2(Bucket=name, FetchOwner=True)["Contents"][0]
    assert listed["Owner"]["ID"] == canonical(nimbus, BUCKET_OWNER)


# ObjectWriter: the writer owns the object; the bucket owner reads it only if the object's ACL grants it.
def test_object_writer_keeps_objects_from_the_bucket_owner(nimbus):
    s3, name = shared_bucket(nimbus, "ObjectWriter")
    writer = nimbus.client("s3", access_key=WRITER)
    writer.put_object(Bucket=name, Key="private.csv", Body=b"mine")
    writer.put_object(Bucket=name, Key="readable.csv", Body=b"read", ACL="bucket-owner-read")
    writer.put_object(Bucket=name, Key="granted.csv", Body=b"full", ACL="bucket-owner-full-control")
    owners = {o["Key"]: o["Owner"]["ID"] for o in s3.list_objects_v2(Bucket=name, FetchOwner=True)["Contents"]}
    assert set(owners.values()) == {canonical(nimbus, WRITER)}
    # The bucket owner's root user is refused an object it does not own, as are its reads of the ACL.
    denied(s3.get_object, Bucket=name, Key="private.csv")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket=name, Key="private.csv")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    denied(s3.get_object_acl, Bucket=name, Key="private.csv")
    # bucket-owner-read lets it read; bucket-owner-full-control read and its ACL too.
    assert s3.get_object(Bucket=name, Key="readable.csv")["Body"].read() == b"read"
    denied(s3.get_object_acl, Bucket=name, Key="readable.csv")
    assert s3.get_object(Bucket=name, Key="granted.csv")["Body"].read() == b"full"
    grants = s3.get_object_acl(Bucket=name, Key="granted.csv")["Grants"]
    assert {g["Grantee"]["ID"] for g in grants} == {canonical(nimbus, WRITER), canonical(nimbus, BUCKET_OWNER)}
    # The writer reads what it owns; the bucket owner may still delete any object in its bucket.
    assert writer.get_object(Bucket=name, Key="private.csv")["Body"].read() == b"mine"
    s3.delete_object(Bucket=name, Key="private.csv")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.get_object(Bucket=name, Key="private.csv")
    assert error_code(excinfo) == "NoSuchKey"


# "How Amazon S3 authorizes a request for an object operation": the bucket policy cannot grant access to an object
# the bucket owner does not own, though its explicit denies still apply.
def test_bucket_policy_grants_do_not_reach_another_accounts_object(nimbus):
    s3, name = shared_bucket(nimbus, "ObjectWriter")
    writer = nimbus.client("s3", access_key=WRITER)
    writer.put_object(Bucket=name, Key="writer.csv", Body=b"w")
    s3.put_object(Bucket=name, Key="owner.csv", Body=b"o")
    third = nimbus.client("s3", access_key=THIRD)
    assert third.get_object(Bucket=name, Key="owner.csv")["Body"].read() == b"o"
    denied(third.get_object, Bucket=name, Key="writer.csv")
    # A Deny in the bucket policy binds the object's owner too.
    s3.put_bucket_policy(Bucket=name, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{WRITER}:root"}, "Action": "s3:*", "Resource": f"arn:aws:s3:::{name}/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/writer.csv"}))
    denied(writer.get_object, Bucket=name, Key="writer.csv")


# The writer's own users need their account's permission to read the writer's object, and nothing from the bucket
# owner: the object's owner decides its reads.
def test_the_writers_users_are_governed_by_the_writers_account(nimbus):
    s3, name = shared_bucket(nimbus, "ObjectWriter")
    nimbus.client("s3", access_key=WRITER).put_object(Bucket=name, Key="w.csv", Body=b"w")
    reader = user(nimbus, WRITER, "writer-reader", policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))
    assert reader.get_object(Bucket=name, Key="w.csv")["Body"].read() == b"w"
    nobody = user(nimbus, WRITER, "writer-nobody", policy({"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}))
    denied(nobody.get_object, Bucket=name, Key="w.csv")


# BucketOwnerPreferred: an object written with bucket-owner-full-control belongs to the bucket owner; without it, to
# the writer. Switching to BucketOwnerEnforced makes the bucket owner the owner of every object, older ones too.
def test_bucket_owner_preferred_and_switching_to_enforced(nimbus):
    s3, name = shared_bucket(nimbus, "BucketOwnerPreferred")
    writer = nimbus.client("s3", access_key=WRITER)
    writer.put_object(Bucket=name, Key="given.csv", Body=b"g", ACL="bucket-owner-full-control")
    writer.put_object(Bucket=name, Key="kept.csv", Body=b"k")
    owners = {o["Key"]: o["Owner"]["ID"] for o in s3.list_objects_v2(Bucket=name, FetchOwner=True)["Contents"]}
    assert owners == {"given.csv": canonical(nimbus, BUCKET_OWNER), "kept.csv": canonical(nimbus, WRITER)}
    denied(s3.get_object, Bucket=name, Key="kept.csv")
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    assert s3.get_object(Bucket=name, Key="kept.csv")["Body"].read() == b"k"
    owners = {o["Owner"]["ID"] for o in s3.list_objects_v2(Bucket=name, FetchOwner=True)["Contents"]}
    assert owners == {canonical(nimbus, BUCKET_OWNER)}


# A copy reads its source in the source's own context: the bucket owner cannot copy out what it may not read.
def test_copy_of_another_accounts_object_needs_its_grant(nimbus):
    s3, name = shared_bucket(nimbus, "ObjectWriter")
    writer = nimbus.client("s3", access_key=WRITER)
    writer.put_object(Bucket=name, Key="secret.csv", Body=b"s")
    denied(s3.copy_object, Bucket=name, Key="stolen.csv", CopySource={"Bucket": name, "Key": "secret.csv"})
    writer.put_object_acl(Bucket=name, Key="secret.csv", ACL="bucket-owner-read")
    s3.copy_object(Bucket=name, Key="copied.csv", CopySource={"Bucket": name, "Key": "secret.csv"})
    assert s3.get_object(Bucket=name, Key="copied.csv")["Body"].read() == b"s"


# A copy is a write to the bucket even onto its own key: the object's owner cannot use an in-place copy to write
# where the bucket owner no longer lets it, and the bucket owner cannot use one to read what it was not granted.
def test_an_in_place_copy_is_decided_as_a_write_and_a_read(nimbus):
    s3, name = shared_bucket(nimbus, "ObjectWriter")
    writer = nimbus.client("s3", access_key=WRITER)
    writer.put_object(Bucket=name, Key="x.csv", Body=b"x")
    denied(s3.copy_object, Bucket=name, Key="x.csv", CopySource={"Bucket": name, "Key": "x.csv"}, MetadataDirective="REPLACE")
    s3.put_bucket_policy(Bucket=name, Policy=policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{WRITER}:root"},
                                                     "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}))
    denied(writer.put_object, Bucket=name, Key="x.csv", Body=b"y")
    denied(writer.copy_object, Bucket=name, Key="x.csv", CopySource={"Bucket": name, "Key": "x.csv"}, MetadataDirective="REPLACE",
           StorageClass="DEEP_ARCHIVE")


# The object's tags and attributes are its owner's too: a bucket policy cannot hand them to a third account.
def test_tags_and_attributes_of_another_accounts_object(nimbus):
    s3, name = shared_bucket(nimbus, "ObjectWriter")
    writer = nimbus.client("s3", access_key=WRITER)
    writer.put_object(Bucket=name, Key="t.csv", Body=b"t")
    # Tagging its own object is the owner's to do, whatever the bucket policy says.
    writer.put_object_tagging(Bucket=name, Key="t.csv", Tagging={"TagSet": [{"Key": "classification", "Value": "secret"}]})
    s3.put_bucket_policy(Bucket=name, Policy=policy({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{THIRD}:root"},
                                                     "Action": ["s3:GetObjectTagging", "s3:PutObjectTagging", "s3:GetObjectAttributes"],
                                                     "Resource": f"arn:aws:s3:::{name}/*"}))
    third = nimbus.client("s3", access_key=THIRD)
    denied(third.get_object_tagging, Bucket=name, Key="t.csv")
    denied(third.put_object_tagging, Bucket=name, Key="t.csv", Tagging={"TagSet": []})
    denied(third.get_object_attributes, Bucket=name, Key="t.csv", ObjectAttributes=["ETag"])
    denied(s3.get_object_tagging, Bucket=name, Key="t.csv")


# "How do I get access to objects that were uploaded anonymously?": an anonymous writer owns what it wrote and may
# grant it to the bucket owner with bucket-owner-full-control.
def test_objects_written_anonymously(nimbus):
    s3, name = account_bucket(nimbus, BUCKET_OWNER, "anon")
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.delete_public_access_block(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=policy({"Effect": "Allow", "Principal": "*", "Action": ["s3:PutObject", "s3:PutObjectAcl"],
                                                     "Resource": f"arn:aws:s3:::{name}/*"}))
    anonymous = boto3.client("s3", endpoint_url=nimbus.endpoint, region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    anonymous.put_object(Bucket=name, Key="dropped.txt", Body=b"from nobody")
    assert anonymous.get_object(Bucket=name, Key="dropped.txt")["Body"].read() == b"from nobody"
    denied(s3.get_object, Bucket=name, Key="dropped.txt")
    anonymous.put_object_acl(Bucket=name, Key="dropped.txt", ACL="bucket-owner-full-control")
    assert s3.get_object(Bucket=name, Key="dropped.txt")["Body"].read() == b"from nobody"
