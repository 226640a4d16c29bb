"""S3 Replication carried out ("Replicating objects within and across Regions", "What does Amazon S3 replicate?",
"Setting up permissions", "Replication configuration file elements", "Changing the replica owner"): new versions and
delete markers reach each matching rule's destination as the configuration's role may make them, with the same key,
version id, metadata and tags; the source version says COMPLETED or FAILED, the replica REPLICA."""
import datetime
import json
import time
import uuid

import botocore.exceptions
import pytest

from s3eventsupport import events, function, lambda_configuration, printed
from s3support import unique_bucket

SOURCE_ACCOUNT = "731902845655"
OTHER_ACCOUNT = "731902845666"
TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def access_policy(source, destinations):
    """"Setting up permissions": the minimum access policy of a replication role."""
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"], "Resource": [f"arn:aws:s3:::{source}"]},
        {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
         "Resource": [f"arn:aws:s3:::{source}/*"]},
        {"Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
         "Resource": [f"arn:aws:s3:::{d}/*" for d in destinations]}]}


def role(nimbus, account, policy=None, trust=TRUST):
    iam = nimbus.client("iam", access_key=account)
    name = "replication-" + uuid.uuid4().hex[:8]
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    if policy:
        iam.put_role_policy(RoleName=name, PolicyName="replication", PolicyDocument=json.dumps(policy))
    return arn


def versioned_bucket(s3, prefix):
    name = unique_bucket(prefix)
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def rule(destination, prefix="", priority=1, markers="Disabled", **destination_extra):
    return {"ID": f"to-{destination}-{priority}", "Priority": priority, "Status": "Enabled", "Filter": {"Prefix": prefix},
            "DeleteMarkerReplication": {"Status": markers},
            "Destination": {"Bucket": f"arn:aws:s3:::{destination}", **destination_extra}}


@pytest.fixture
def s3(nimbus):
    return nimbus.client("s3", access_key=SOURCE_ACCOUNT)


# "Replication configuration file elements", "What does Amazon S3 replicate?": a matching new version is replicated
# with its version id, metadata and tags; the destination's storage class is the rule's.
def test_same_account_replication(nimbus, s3):
    source, destination = versioned_bucket(s3, "src"), versioned_bucket(s3, "dst")
    arn = role(nimbus, SOURCE_ACCOUNT, access_policy(source, [destination]))
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={
        "Role": arn, "Rules": [rule(destination, prefix="docs/", markers="Enabled", StorageClass="STANDARD_IA")]})
    put = s3.put_object(Bucket=source, Key="docs/a.txt", Body=b"replicate me", ContentType="text/plain", Metadata={"team": "blue"},
                        Tagging="project=nimbus")
    assert s3.head_object(Bucket=source, Key="docs/a.txt")["ReplicationStatus"] == "COMPLETED"
    replica = s3.get_object(Bucket=destination, Key="docs/a.txt")
    assert replica["Body"].read() == b"replicate me"
    assert (replica["VersionId"], replica["ReplicationStatus"], replica["StorageClass"]) == (put["VersionId"], "REPLICA", "STANDARD_IA")
    assert (replica["ContentType"], replica["Metadata"]) == ("text/plain", {"team": "blue"})
    assert s3.get_object_tagging(Bucket=destination, Key="docs/a.txt")["TagSet"] == [{"Key": "project", "Value": "nimbus"}]
    # Outside the rule's prefix: not replicated, and no status.
    s3.put_object(Bucket=source, Key="other.txt", Body=b"x")
    assert "ReplicationStatus" not in s3.head_object(Bucket=source, Key="other.txt")
    assert "Contents" not in s3.list_objects_v2(Bucket=destination, Prefix="other")
    # "How delete operations affect replication": a delete marker is replicated (the rule asks for it); deleting a
    # version by id is not, which protects the replica from malicious deletes.
    marker = s3.delete_object(Bucket=source, Key="docs/a.txt")["VersionId"]
    markers = s3.list_object_versions(Bucket=destination, Prefix="docs/a.txt")["DeleteMarkers"]
    assert [m["VersionId"] for m in markers] == [marker]
    s3.delete_object(Bucket=source, Key="docs/a.txt", VersionId=put["VersionId"])
    assert s3.get_object(Bucket=destination, Key="docs/a.txt", VersionId=put["VersionId"])["Body"].read() == b"replicate me"
    # Multipart uploads and copies are new versions too.
    s3.copy_object(Bucket=source, Key="docs/copy.txt", CopySource={"Bucket": source, "Key": "other.txt"})
    assert s3.head_object(Bucket=destination, Key="docs/copy.txt")["ReplicationStatus"] == "REPLICA"


# "Setting up permissions": S3 acts as the role; a role S3 may not assume, or one its policies do not allow, fails.
@pytest.mark.parametrize("case", ["no-permissions", "untrusting", "missing-role"])
def test_replication_needs_the_role(nimbus, s3, case):
    source, destination = versioned_bucket(s3, "src"), versioned_bucket(s3, "dst")
    if case == "no-permissions":
        arn = role(nimbus, SOURCE_ACCOUNT)
    elif case == "untrusting":
        arn = role(nimbus, SOURCE_ACCOUNT, access_policy(source, [destination]), trust={"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    else:
        arn = f"arn:aws:iam::{SOURCE_ACCOUNT}:role/no-such-role"
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": arn, "Rules": [rule(destination)]})
    s3.put_object(Bucket=source, Key="k", Body=b"x")
    assert s3.head_object(Bucket=source, Key="k")["ReplicationStatus"] == "FAILED"
    assert "Versions" not in s3.list_object_versions(Bucket=destination)


# "Granting permissions when source and destination buckets are owned by different AWS accounts": the destination's
# bucket policy must let the source account replicate; delete markers do not cross accounts; the owner override.
def test_cross_account_replication(nimbus, s3):
    other = nimbus.client("s3", access_key=OTHER_ACCOUNT)
    source, destination = versioned_bucket(s3, "src"), versioned_bucket(other, "xdst")
    permissions = access_policy(source, [destination])
    permissions["Statement"][2]["Action"].append("s3:ObjectOwnerOverrideToBucketOwner")
    arn = role(nimbus, SOURCE_ACCOUNT, permissions)
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": arn, "Rules": [rule(
        destination, markers="Enabled", Account=OTHER_ACCOUNT, AccessControlTranslation={"Owner": "Destination"})]})
    s3.put_object(Bucket=source, Key="first", Body=b"1")
    assert s3.head_object(Bucket=source, Key="first")["ReplicationStatus"] == "FAILED"  # no grant from the destination yet
    grant = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{SOURCE_ACCOUNT}:root"},
             "Action": ["s3:ReplicateObject", "s3:ReplicateDelete"], "Resource": f"arn:aws:s3:::{destination}/*"}
    other.put_bucket_policy(Bucket=destination, Policy=json.dumps({"Version": "2012-10-17", "Statement": [grant]}))
    s3.put_object(Bucket=source, Key="early", Body=b"1")
    # The owner override needs its own permission from the destination ("Changing the replica owner").
    assert s3.head_object(Bucket=source, Key="early")["ReplicationStatus"] == "FAILED"
    grant["Action"].append("s3:ObjectOwnerOverrideToBucketOwner")
    # "Setting up permissions": a destination that does not want the tags denies s3:ReplicateTags.
    other.put_bucket_policy(Bucket=destination, Policy=json.dumps({"Version": "2012-10-17", "Statement": [grant, {
        "Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{SOURCE_ACCOUNT}:root"}, "Action": "s3:ReplicateTags",
        "Resource": f"arn:aws:s3:::{destination}/*"}]}))
    s3.put_object(Bucket=source, Key="second", Body=b"2", Tagging="secret=yes")
    assert s3.head_object(Bucket=source, Key="second")["ReplicationStatus"] == "COMPLETED"
    assert other.get_object_tagging(Bucket=destination, Key="second")["TagSet"] == []
    assert other.get_object(Bucket=destination, Key="second")["Body"].read() == b"2"
    # "Changing the replica owner": with the owner override the replica is the destination account's.
    listed = other.list_objects_v2(Bucket=destination, FetchOwner=True)["Contents"]
    assert [(o["Key"], o["Owner"]["ID"]) for o in listed] == [("second", other.list_buckets()["Owner"]["ID"])]
    s3.delete_object(Bucket=source, Key="second")
    assert "DeleteMarkers" not in other.list_object_versions(Bucket=destination)


# "What isn't replicated": replicas are not replicated again; "Replication configuration file elements": of two
# rules for one destination, the higher priority decides.
def test_replicas_are_not_chained_and_priority_decides(nimbus, s3):
    a, b, c = versioned_bucket(s3, "a"), versioned_bucket(s3, "b"), versioned_bucket(s3, "c")
    arn = role(nimbus, SOURCE_ACCOUNT, {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    s3.put_bucket_replication(Bucket=a, ReplicationConfiguration={"Role": arn, "Rules": [
        rule(b, priority=1, StorageClass="GLACIER_IR"), rule(b, prefix="logs/", priority=2, StorageClass="ONEZONE_IA")]})
    s3.put_bucket_replication(Bucket=b, ReplicationConfiguration={"Role": arn, "Rules": [rule(c)]})
    s3.put_object(Bucket=a, Key="logs/1", Body=b"x")
    s3.put_object(Bucket=a, Key="data/1", Body=b"y")
    assert s3.head_object(Bucket=b, Key="logs/1")["StorageClass"] == "ONEZONE_IA"
    assert s3.head_object(Bucket=b, Key="data/1")["StorageClass"] == "GLACIER_IR"
    assert "Contents" not in s3.list_objects_v2(Bucket=c)
    # An object written to b itself is replicated onward.
    s3.put_object(Bucket=b, Key="own", Body=b"z")
    assert s3.head_object(Bucket=c, Key="own")["ReplicationStatus"] == "REPLICA"


# The CLI, as the course's walkthrough drives it ("Configuring replication for buckets in the same account").
def test_cli_walkthrough(nimbus, tmp_path):
    env = {"AWS_ACCESS_KEY_ID": SOURCE_ACCOUNT}
    source, destination = unique_bucket("clisrc"), unique_bucket("clidst")
    for name in (source, destination):
        nimbus.cli("s3api", "create-bucket", "--bucket", name, env_extra=env)
        nimbus.cli("s3api", "put-bucket-versioning", "--bucket", name, "--versioning-configuration", "Status=Enabled", env_extra=env)
    arn = role(nimbus, SOURCE_ACCOUNT, access_policy(source, [destination]))
    configuration = tmp_path / "replication.json"
    configuration.write_text(json.dumps({"Role": arn, "Rules": [{"Status": "Enabled", "Priority": 1, "DeleteMarkerReplication": {"Status": "Disabled"},
                                                                 "Filter": {"Prefix": "Tax"}, "Destination": {"Bucket": f"arn:aws:s3:::{destination}"}}]}))
    nimbus.cli("s3api", "put-bucket-replication", "--bucket", source, "--replication-configuration", f"file://{configuration}", env_extra=env)
    (tmp_path / "doc.txt").write_text("tax return")
    nimbus.cli("s3", "cp", str(tmp_path / "doc.txt"), f"s3://{source}/Tax/doc.txt", env_extra=env)
    head = json.loads(nimbus.cli("s3api", "head-object", "--bucket", destination, "--key", "Tax/doc.txt", env_extra=env)[1])
    assert head["ReplicationStatus"] == "REPLICA"


# "Replicating objects": versioning cannot be suspended while a replication configuration needs it.
def test_versioning_stays_on_while_replicating(nimbus, s3):
    source, destination = versioned_bucket(s3, "src"), versioned_bucket(s3, "dst")
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": role(nimbus, SOURCE_ACCOUNT), "Rules": [rule(destination)]})
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_versioning(Bucket=source, VersioningConfiguration={"Status": "Suspended"})
    assert excinfo.value.response["Error"]["Code"] == "InvalidBucketState"
    s3.delete_bucket_replication(Bucket=source)
    s3.put_bucket_versioning(Bucket=source, VersioningConfiguration={"Status": "Suspended"})


# "What does Amazon S3 replicate?": only objects the bucket owner may read (another account's object, written with
# ACLs on, needs its ACL to grant the bucket owner); "Replication failure reasons": a locked version needs a
# destination with Object Lock.
def test_what_the_bucket_owner_may_not_replicate(nimbus, s3):
    writer = nimbus.client("s3", access_key=OTHER_ACCOUNT)
    source = unique_bucket("src")
    s3.create_bucket(Bucket=source, ObjectOwnership="ObjectWriter", ObjectLockEnabledForBucket=True)
    destination = versioned_bucket(s3, "dst")
    s3.put_bucket_policy(Bucket=source, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
        "Action": ["s3:PutObject", "s3:PutObjectAcl"], "Resource": f"arn:aws:s3:::{source}/*"}]}))
    everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": role(nimbus, SOURCE_ACCOUNT, everything),
                                                                       "Rules": [rule(destination)]})
    writer.put_object(Bucket=source, Key="private", Body=b"theirs")
    writer.put_object(Bucket=source, Key="shared", Body=b"ours", ACL="bucket-owner-full-control")
    assert "Contents" not in s3.list_objects_v2(Bucket=destination, Prefix="private")
    assert s3.get_object(Bucket=destination, Key="shared")["Body"].read() == b"ours"
    s3.put_object(Bucket=source, Key="locked", Body=b"x", ObjectLockMode="GOVERNANCE",
                  ObjectLockRetainUntilDate=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1))
    assert s3.head_object(Bucket=source, Key="locked")["ReplicationStatus"] == "FAILED"


# "Receiving replication failure events with Amazon S3 Event Notifications": with S3 Replication metrics on a rule (no
# S3 RTC needed), a version that fails to replicate publishes s3:Replication:OperationFailedReplication, event version
# 2.2, from S3 itself, with replicationEventData naming the rule, the destination, OBJECT_PUT, the request's time and the
# failure reason ("Amazon S3 replication failure reasons": AssumeRoleNotPermitted when S3 cannot assume the role).
def test_failures_publish_an_event_when_the_rule_has_metrics(nimbus, s3):
    clients = (s3, nimbus.client("lambda", access_key=SOURCE_ACCOUNT, read_timeout=60), nimbus.client("logs", access_key=SOURCE_ACCOUNT),
               nimbus.client("iam", access_key=SOURCE_ACCOUNT))
    logs = clients[2]
    source, watched, quiet = versioned_bucket(s3, "src"), versioned_bucket(s3, "dst"), versioned_bucket(s3, "dst")
    name = "replication-failures-" + uuid.uuid4().hex[:6]
    s3.put_bucket_notification_configuration(Bucket=source, NotificationConfiguration={"LambdaFunctionConfigurations": [
        lambda_configuration(function(clients, name, source), ["s3:Replication:*"])]})
    missing = f"arn:aws:iam::{SOURCE_ACCOUNT}:role/no-such-role"
    metrics = {"Status": "Enabled"}
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": missing, "Rules": [
        {**rule(watched, prefix="watched/", Metrics=metrics), "ID": "with-metrics"}, rule(quiet, prefix="quiet/", priority=2)]})
    put = s3.put_object(Bucket=source, Key="watched/a b.txt", Body=b"not replicated")
    s3.put_object(Bucket=source, Key="quiet/b.txt", Body=b"not replicated either")
    assert s3.head_object(Bucket=source, Key="quiet/b.txt")["ReplicationStatus"] == "FAILED"
    head = s3.head_object(Bucket=source, Key="watched/a b.txt")
    assert head["ReplicationStatus"] == "FAILED"
    record = events(logs, name, 1)[0]
    assert (record["eventVersion"], record["eventName"]) == ("2.2", "Replication:OperationFailedReplication")
    assert record["userIdentity"] == {"principalId": "s3.amazonaws.com"}
    assert record["requestParameters"] == {"sourceIPAddress": "s3.amazonaws.com"}
    obj = record["s3"]["object"]
    assert (obj["key"], obj["size"], obj["eTag"], obj["versionId"]) == ("watched/a+b.txt", 14, head["ETag"].strip('"'), put["VersionId"])
    assert obj["sequencer"]
    data = record["replicationEventData"]
    assert {k: v for k, v in data.items() if k != "requestTime"} == {
        "replicationRuleId": "with-metrics", "destinationBucket": f"arn:aws:s3:::{watched}", "s3Operation": "OBJECT_PUT",
        "failureReason": "AssumeRoleNotPermitted"}
    requested = datetime.datetime.strptime(data["requestTime"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    assert abs((requested - head["LastModified"]).total_seconds()) < 1
    # A replication that succeeds publishes nothing (the threshold events need S3 RTC's 15 minutes to pass).
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={
        "Role": role(nimbus, SOURCE_ACCOUNT, access_policy(source, [watched])), "Rules": [rule(watched, prefix="watched/", Metrics=metrics)]})
    s3.put_object(Bucket=source, Key="watched/c.txt", Body=b"replicated")
    assert s3.head_object(Bucket=source, Key="watched/c.txt")["ReplicationStatus"] == "COMPLETED"
    time.sleep(2)
    assert len(printed(logs, name)) == 1
