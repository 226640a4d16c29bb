"""S3 event notifications to Lambda ("Amazon S3 Event Notifications", "Event message structure", "Tutorial: Using
an Amazon S3 trigger to invoke a Lambda function"): the bucket's configuration is checked against the function's
resource-based policy, and each matching event invokes the function asynchronously with the event message. The
function here prints the events it gets; the test reads them back from CloudWatch Logs."""
import hashlib
import time

import botocore.exceptions
import pytest

from s3eventsupport import events, function, lambda_configuration
from s3support import unique_bucket

ACCOUNT = "731902845611"


@pytest.fixture
def clients(nimbus):
    return (nimbus.client("s3", access_key=ACCOUNT), nimbus.client("lambda", access_key=ACCOUNT, read_timeout=60),
            nimbus.client("logs", access_key=ACCOUNT), nimbus.client("iam", access_key=ACCOUNT))


def notifying_bucket(clients, name, events):
    """A new bucket whose events of these types invoke a new printing function NAME; the bucket's name."""
    s3 = clients[0]
    bucket = unique_bucket("events")
    s3.create_bucket(Bucket=bucket)
    arn = function(clients, name, bucket)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
        lambda_configuration(arn, events)]})
    return bucket


# The course's serverless pattern: an upload under a prefix invokes a function with the object's record.
def test_created_and_removed_events_invoke_the_function(clients):
    s3, lam, logs, _ = clients
    bucket = unique_bucket("events")
    s3.create_bucket(Bucket=bucket)
    arn = function(clients, "on-upload", bucket)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
        lambda_configuration(arn, ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], prefix="uploads/", suffix=".jpg")]})
    stored = s3.get_bucket_notification_configuration(Bucket=bucket)["LambdaFunctionConfigurations"]
    assert stored[0]["LambdaFunctionArn"] == arn and stored[0]["Id"] == "to-lambda"
    assert stored[0]["Filter"]["Key"]["FilterRules"] == [{"Name": "Prefix", "Value": "uploads/"}, {"Name": "Suffix", "Value": ".jpg"}]
    s3.put_object(Bucket=bucket, Key="uploads/my photo.jpg", Body=b"x" * 10)
    s3.put_object(Bucket=bucket, Key="uploads/notes.txt", Body=b"ignored: suffix")
    s3.put_object(Bucket=bucket, Key="other/photo.jpg", Body=b"ignored: prefix")
    s3.copy_object(Bucket=bucket, Key="uploads/copy.jpg", CopySource={"Bucket": bucket, "Key": "uploads/my photo.jpg"})
    s3.delete_object(Bucket=bucket, Key="uploads/copy.jpg")
    records = events(logs, "on-upload", 3)
    assert [r["eventName"] for r in records] == ["ObjectCreated:Put", "ObjectCreated:Copy", "ObjectRemoved:Delete"]
    put = records[0]
    assert put["eventVersion"] == "2.1" and put["eventSource"] == "aws:s3" and put["awsRegion"] == "us-east-1"
    assert put["s3"]["configurationId"] == "to-lambda"
    assert put["s3"]["bucket"] == {"name": bucket, "ownerIdentity": {"principalId": ACCOUNT}, "arn": f"arn:aws:s3:::{bucket}"}
    # "Event message structure": the key is URL-encoded (a space is '+'); size and ETag describe the object.
    assert put["s3"]["object"]["key"] == "uploads/my+photo.jpg"
    assert put["s3"]["object"]["size"] == 10 and put["s3"]["object"]["eTag"] == hashlib.md5(b"x" * 10).hexdigest()
    assert "size" not in records[2]["s3"]["object"]
    assert put["responseElements"]["x-amz-request-id"]


# "Configuring event notifications": S3 checks that it may invoke the function before it keeps the configuration.
def test_a_function_s3_may_not_invoke_is_refused(clients):
    s3, lam, logs, _ = clients
    bucket = unique_bucket("events")
    s3.create_bucket(Bucket=bucket)
    arn = function(clients, "closed", allow=False)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
            lambda_configuration(arn, ["s3:ObjectCreated:*"])]})
    # As S3 answers it: the ARN (and the unused invocation role, "null") and why (captured from the wire).
    error = excinfo.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("InvalidArgument", "Unable to validate the following destination configurations")
    assert error["ArgumentName1"] == f"{arn}, null" and error["ArgumentValue1"] == f"Not authorized to invoke function [{arn}]"
    missing = arn.replace(":closed", ":missing")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
            lambda_configuration(missing, ["s3:ObjectCreated:*"])]})
    assert excinfo.value.response["Error"]["Code"] == "InvalidArgument"
    # A permission for another bucket does not do.
    lam.add_permission(FunctionName="closed", StatementId="elsewhere", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                       SourceArn="arn:aws:s3:::some-other-bucket")
    with pytest.raises(botocore.exceptions.ClientError):
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
            lambda_configuration(arn, ["s3:ObjectCreated:*"])]})
    assert s3.get_bucket_notification_configuration(Bucket=bucket).get("LambdaFunctionConfigurations") is None


def test_configurations_are_checked(clients):
    s3, _, _, _ = clients
    bucket = unique_bucket("events")
    s3.create_bucket(Bucket=bucket)
    arn = function(clients, "checked", bucket)

    def put(*configurations):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": list(configurations)})
        return excinfo.value.response["Error"]

    assert put(lambda_configuration(arn, ["s3:ObjectCreated:Bogus"]))["Code"] == "InvalidArgument"
    overlapping = put({**lambda_configuration(arn, ["s3:ObjectCreated:*"], prefix="a/"), "Id": "one"},
                      {**lambda_configuration(arn, ["s3:ObjectCreated:Put"], prefix="a/b/"), "Id": "two"})
    assert overlapping["Message"].startswith("Configuration is ambiguously defined")
    unfiltered = put({**lambda_configuration(arn, ["s3:ObjectRemoved:*"]), "Id": "one"}, {**lambda_configuration(arn, ["s3:ObjectRemoved:*"]), "Id": "two"})
    assert unfiltered["Message"] == "Configurations overlap. Configurations on the same bucket cannot share a common event type."
    assert put({**lambda_configuration(arn, ["s3:ObjectCreated:*"]), "LambdaFunctionArn": "not-an-arn"})["Message"] == "The ARN could not be parsed"
    assert put(lambda_configuration(arn, ["s3:ObjectCreated:*"], bogus="x"))["Message"] == "filter rule name must be either prefix or suffix"
    # Different suffixes under one prefix do not overlap; an empty configuration turns notifications off.
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
        {**lambda_configuration(arn, ["s3:ObjectCreated:*"], prefix="a/", suffix=".jpg"), "Id": "jpg"},
        {**lambda_configuration(arn, ["s3:ObjectCreated:*"], prefix="a/", suffix=".png"), "Id": "png"}]})
    assert len(s3.get_bucket_notification_configuration(Bucket=bucket)["LambdaFunctionConfigurations"]) == 2
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    assert "LambdaFunctionConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)
    # SQS and SNS are not part of Nimbus: their destinations cannot be validated.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [
            {"QueueArn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:q", "Events": ["s3:ObjectCreated:*"]}]})
    assert excinfo.value.response["Error"]["Code"] == "InvalidArgument"


# Versioned buckets: a delete without a version id creates a delete marker (its own event type); DeleteObjects
# publishes one event per key, quiet or not; the CLI's uploads publish too.
def test_versioned_deletes_and_the_cli(nimbus, clients):
    s3, _, logs, _ = clients
    bucket = unique_bucket("events")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    arn = function(clients, "versioned", bucket)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
        lambda_configuration(arn, ["s3:ObjectRemoved:*", "s3:ObjectCreated:Put"])]})
    version = s3.put_object(Bucket=bucket, Key="a.txt", Body=b"a")["VersionId"]
    s3.delete_object(Bucket=bucket, Key="a.txt")
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a.txt", "VersionId": version}], "Quiet": True})
    records = events(logs, "versioned", 3)
    assert [r["eventName"] for r in records] == ["ObjectCreated:Put", "ObjectRemoved:DeleteMarkerCreated", "ObjectRemoved:Delete"]
    assert records[0]["s3"]["object"]["versionId"] == version and records[2]["s3"]["object"]["versionId"] == version
    # Tagging events (version 2.3) name the key and ETag only.
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [
        lambda_configuration(arn, ["s3:ObjectRemoved:*", "s3:ObjectCreated:Put", "s3:ObjectTagging:*"])]})
    s3.put_object(Bucket=bucket, Key="t.txt", Body=b"t")
    s3.put_object_tagging(Bucket=bucket, Key="t.txt", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    tagged = [r for r in events(logs, "versioned", 5) if r["eventName"] == "ObjectTagging:Put"]
    assert tagged[0]["eventVersion"] == "2.3" and set(tagged[0]["s3"]["object"]) == {"key", "eTag", "versionId"}
    env = {"AWS_ACCESS_KEY_ID": ACCOUNT}
    nimbus.cli("s3", "cp", "-", f"s3://{bucket}/cli.txt", input="from the cli", env_extra=env)
    assert events(logs, "versioned", 6)[-1]["s3"]["object"]["key"] == "cli.txt"


# A configuration is kept across a restart, and the first write after it is delivered.
def test_notifications_survive_a_restart(fresh_nimbus):
    server = fresh_nimbus()
    clients = (server.client("s3", access_key=ACCOUNT), server.client("lambda", access_key=ACCOUNT, read_timeout=60),
               server.client("logs", access_key=ACCOUNT), server.client("iam", access_key=ACCOUNT))
    s3 = clients[0]
    s3.create_bucket(Bucket="kept-events")
    arn = function(clients, "after-restart", "kept-events")
    s3.put_bucket_notification_configuration(Bucket="kept-events", NotificationConfiguration={"LambdaFunctionConfigurations": [
        lambda_configuration(arn, ["s3:ObjectCreated:*"])]})
    server.restart()
    server.client("s3", access_key=ACCOUNT).put_object(Bucket="kept-events", Key="first.txt", Body=b"1")
    assert events(server.client("logs", access_key=ACCOUNT), "after-restart", 1)[0]["s3"]["object"]["key"] == "first.txt"


# A browser upload (POST Object) publishes ObjectCreated:Post.
def test_a_form_upload_publishes_its_own_event(clients, tmp_path):
    import subprocess
    s3, _, logs, _ = clients
    bucket = notifying_bucket(clients, "on-post", ["s3:ObjectCreated:Post"])
    path = tmp_path / "form.txt"
    path.write_bytes(b"posted")
    presigned = s3.generate_presigned_post(bucket, "form.txt")
    args = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}"]
    for name, value in presigned["fields"].items():
        args += ["--form-string", f"{name}={value}"]
    assert subprocess.run(args + ["-F", f"file=@{path}", presigned["url"]], capture_output=True, text=True).stdout == "204"
    s3.put_object(Bucket=bucket, Key="put.txt", Body=b"not a post")
    record = events(logs, "on-post", 1)[0]
    assert record["eventName"] == "ObjectCreated:Post" and record["s3"]["object"]["key"] == "form.txt"


# S3 may invoke a function only while its policy lets it: skipping validation, or removing the permission later,
# delivers nothing (Lambda refuses S3's invoke on AWS).
def test_no_delivery_without_the_functions_permission(nimbus, clients):
    s3, lam, logs, _ = clients
    bucket = notifying_bucket(clients, "guarded", ["s3:ObjectCreated:*"])
    arn = lam.get_function(FunctionName="guarded")["Configuration"]["FunctionArn"]
    s3.put_object(Bucket=bucket, Key="first.txt", Body=b"1")
    assert events(logs, "guarded", 1)[0]["s3"]["object"]["key"] == "first.txt"
    lam.remove_permission(FunctionName="guarded", StatementId="s3")
    s3.put_object(Bucket=bucket, Key="second.txt", Body=b"2")
    # Another account's bucket, its configuration put without validation, reaches nothing either.
    other = nimbus.client("s3", access_key="731902845622")
    foreign = unique_bucket("foreign")
    other.create_bucket(Bucket=foreign)
    other.put_bucket_notification_configuration(Bucket=foreign, SkipDestinationValidation=True, NotificationConfiguration={
        "LambdaFunctionConfigurations": [lambda_configuration(arn, ["s3:ObjectCreated:*"])]})
    other.put_object(Bucket=foreign, Key="third.txt", Body=b"3")
    time.sleep(2)
    assert [r["s3"]["object"]["key"] for r in events(logs, "guarded", 1)] == ["first.txt"]
