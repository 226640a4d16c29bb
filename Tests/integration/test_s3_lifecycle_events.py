"""The events S3 Lifecycle publishes on its own ("Configuring S3 Lifecycle event notifications", "Supported event types
for SQS, SNS, and Lambda", "Event message structure"): expirations and transitions the background sweep carries out,
watched by moving Nimbus's clock (`POST /_nimbus/clock`), each test with a server of its own since the clock is the
server's. A printing Lambda function receives the records; the test reads them back from CloudWatch Logs."""
import hashlib
import json
import time

import pytest

from s3eventsupport import events, function, lambda_configuration, printed
from s3support import unique_bucket

ACCOUNT = "731902845633"
DAY = 86_400
LIFECYCLE_EVENTS = ["s3:LifecycleExpiration:*", "s3:LifecycleTransition"]


def advance(server, days):
    status, _, _ = server.http("POST", "/_nimbus/clock", json.dumps({"advanceSeconds": days * DAY}).encode())
    assert status == 200


@pytest.fixture
def server(fresh_nimbus):
    return fresh_nimbus()


@pytest.fixture
def clients(server):
    return (server.client("s3", access_key=ACCOUNT), server.client("lambda", access_key=ACCOUNT, read_timeout=60),
            server.client("logs", access_key=ACCOUNT), server.client("iam", access_key=ACCOUNT))


def rule(rule_id, prefix="", **actions):
    return {"ID": rule_id, "Status": "Enabled", "Filter": {"Prefix": prefix}, **actions}


def subscribe(clients, bucket, *configurations):
    """Functions for `bucket`, one per (name, event types) pair, each in a configuration of its own."""
    s3 = clients[0]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
        {**lambda_configuration(function(clients, name, bucket), types), "Id": name} for name, types in configurations]})


def assert_from_s3(record):
    # "Configuring S3 Lifecycle event notifications": the example message names S3 as principal and source address,
    # with event version 2.3 ("Event message structure": 2.3 for S3 Lifecycle events).
    assert record["eventVersion"] == "2.3" and record["eventSource"] == "aws:s3"
    assert record["userIdentity"] == {"principalId": "s3.amazonaws.com"}
    assert record["requestParameters"] == {"sourceIPAddress": "s3.amazonaws.com"}
    assert record["responseElements"]["x-amz-request-id"]


# "Configuring S3 Lifecycle event notifications": an object expired in an unversioned bucket publishes
# s3:LifecycleExpiration:Delete (the example names the key and a sequencer, no size or ETag); a transition publishes
# s3:LifecycleTransition with lifecycleEventData.transitionEventData.destinationStorageClass. "Supported event types for
# SQS, SNS, and Lambda": the ObjectRemoved types "don't alert you for automatic deletes from Lifecycle policies".
def test_expiration_and_transition_in_an_unversioned_bucket(server, clients):
    s3, _, logs, _ = clients
    bucket = unique_bucket("lifecycle-events")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        rule("scratch", "tmp/", Expiration={"Days": 1}),
        rule("archive", "logs/", Transitions=[{"Days": 30, "StorageClass": "GLACIER"}])]})
    subscribe(clients, bucket, ("lifecycle", LIFECYCLE_EVENTS), ("removals", ["s3:ObjectRemoved:*"]))
    s3.put_object(Bucket=bucket, Key="tmp/my scratch", Body=b"x")
    big = b"log line\n" * 20_000  # over 128 KiB, so that it may transition
    s3.put_object(Bucket=bucket, Key="logs/big", Body=big)
    advance(server, 2)
    expired = events(logs, "lifecycle", 1)[0]
    assert_from_s3(expired)
    assert expired["eventName"] == "LifecycleExpiration:Delete" and expired["s3"]["configurationId"] == "lifecycle"
    assert expired["s3"]["bucket"] == {"name": bucket, "ownerIdentity": {"principalId": ACCOUNT}, "arn": f"arn:aws:s3:::{bucket}"}
    assert set(expired["s3"]["object"]) == {"key", "sequencer"} and expired["s3"]["object"]["key"] == "tmp/my+scratch"
    assert "lifecycleEventData" not in expired
    advance(server, 30)
    moved = events(logs, "lifecycle", 2)[1]
    assert_from_s3(moved)
    assert moved["eventName"] == "LifecycleTransition" and moved["s3"]["object"]["key"] == "logs/big"
    assert moved["lifecycleEventData"] == {"transitionEventData": {"destinationStorageClass": "GLACIER"}}
    assert moved["s3"]["object"]["size"] == len(big) and moved["s3"]["object"]["eTag"] == hashlib.md5(big).hexdigest()
    assert s3.head_object(Bucket=bucket, Key="logs/big")["StorageClass"] == "GLACIER"
    # The ObjectRemoved subscription heard none of it, though a client's delete reaches it.
    s3.delete_object(Bucket=bucket, Key="logs/big")
    removals = events(logs, "removals", 1)
    time.sleep(1)
    assert [r["eventName"] for r in printed(logs, "removals")] == ["ObjectRemoved:Delete"]
    assert removals[0]["userIdentity"]["principalId"] != "s3.amazonaws.com"
    assert len(printed(logs, "lifecycle")) == 2


# "Configuring S3 Lifecycle event notifications": in a versioned bucket a noncurrent version removed for good publishes
# s3:LifecycleExpiration:Delete, and the expiration of a current version publishes
# s3:LifecycleExpiration:DeleteMarkerCreated (the marker dated midnight UTC, which may differ from the event time).
def test_versioned_bucket(server, clients):
    s3, _, logs, _ = clients
    bucket = unique_bucket("lifecycle-versions")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        rule("current", Expiration={"Days": 10}),
        rule("noncurrent", NoncurrentVersionExpiration={"NoncurrentDays": 5}),
        rule("markers", Expiration={"ExpiredObjectDeleteMarker": True})]})
    subscribe(clients, bucket, ("versions", ["s3:LifecycleExpiration:*"]))
    first = s3.put_object(Bucket=bucket, Key="doc", Body=b"1")["VersionId"]
    second = s3.put_object(Bucket=bucket, Key="doc", Body=b"2")["VersionId"]
    advance(server, 6)
    removed = events(logs, "versions", 1)[0]
    assert_from_s3(removed)
    assert removed["eventName"] == "LifecycleExpiration:Delete"
    assert removed["s3"]["object"]["versionId"] == first and "size" not in removed["s3"]["object"]
    advance(server, 5)
    marked = events(logs, "versions", 2)[1]
    assert_from_s3(marked)
    marker = s3.list_object_versions(Bucket=bucket, Prefix="doc")["DeleteMarkers"][0]
    assert marked["eventName"] == "LifecycleExpiration:DeleteMarkerCreated"
    assert marked["s3"]["object"]["versionId"] == marker["VersionId"] and marked["s3"]["object"]["key"] == "doc"
    assert marked["s3"]["object"]["sequencer"] > removed["s3"]["object"]["sequencer"]
    advance(server, 6)
    last = events(logs, "versions", 3)[2]
    assert (last["eventName"], last["s3"]["object"]["versionId"]) == ("LifecycleExpiration:Delete", second)
    # Nimbus's reading, the documentation being silent: the lone delete marker left behind goes without an event, as
    # the LifecycleExpiration types name an object or object version deleted, or a marker created.
    advance(server, 1)
    deadline = time.monotonic() + 10
    while "DeleteMarkers" in s3.list_object_versions(Bucket=bucket, Prefix="doc") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "DeleteMarkers" not in s3.list_object_versions(Bucket=bucket, Prefix="doc")
    time.sleep(1)
    assert len(printed(logs, "versions")) == 3
