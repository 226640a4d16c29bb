"""S3 bucket configurations Terraform, CDK and the AWS CLI set beside a bucket's own: the metrics, analytics, inventory
and Intelligent-Tiering configurations kept by Id, replication, server access logging, Transfer Acceleration and
Requester Pays, with AWS's rules. The Amazon S3 API Reference or User Guide page behind each check is named beside it.
Every test works in an account of its own and on buckets with names of their own."""
import json
import uuid

import botocore.exceptions
import pytest

from s3support import account_client, account_key, user

ClientError = botocore.exceptions.ClientError


@pytest.fixture
def s3(nimbus, request):
    return account_client(nimbus, request)


def new_bucket(s3, prefix="byid", versioned=False, **kwargs) -> str:
    name = f"{prefix}-{uuid.uuid4().hex[:20]}"
    s3.create_bucket(Bucket=name, **kwargs)
    if versioned:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


@pytest.fixture
def bucket(s3):
    return new_bucket(s3)


def error(call, **kwargs) -> dict:
    """The error (Code, Message, status and extra elements) call(**kwargs) answers with; the call must fail."""
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    response = excinfo.value.response
    return {**response["Error"], "Status": response["ResponseMetadata"]["HTTPStatusCode"]}


def metrics(config_id, prefix="logs/"):
    return {"Id": config_id, "Filter": {"Prefix": prefix}}


def analytics(config_id, version="V_1", export_format="CSV"):
    return {"Id": config_id, "Filter": {"Prefix": "data/"}, "StorageClassAnalysis": {"DataExport": {
        "OutputSchemaVersion": version,
        "Destination": {"S3BucketDestination": {"Format": export_format, "Bucket": "arn:aws:s3:::analytics-exports", "Prefix": "out/"}}}}}


def inventory(config_id, destination="arn:aws:s3:::inventory-reports", fmt="CSV", frequency="Daily", versions="Current", fields=("Size",)):
    return {"Id": config_id, "IsEnabled": True, "IncludedObjectVersions": versions, "Schedule": {"Frequency": frequency},
            "OptionalFields": list(fields), "Destination": {"S3BucketDestination": {"Bucket": destination, "Format": fmt,
                                                                                     "Encryption": {"SSES3": {}}}}}


def tiering(config_id, archive=90, deep=180):
    return {"Id": config_id, "Status": "Enabled", "Filter": {"Prefix": "cold/"},
            "Tierings": [{"Days": archive, "AccessTier": "ARCHIVE_ACCESS"}, {"Days": deep, "AccessTier": "DEEP_ARCHIVE_ACCESS"}]}


# The four kinds of configuration kept by Id: (client method suffix, document member, list member, a valid document).
KINDS = {
    "metrics": ("metrics_configuration", "MetricsConfiguration", "MetricsConfigurationList", metrics),
    "analytics": ("analytics_configuration", "AnalyticsConfiguration", "AnalyticsConfigurationList", analytics),
    "inventory": ("inventory_configuration", "InventoryConfiguration", "InventoryConfigurationList", inventory),
    "intelligent_tiering": ("intelligent_tiering_configuration", "IntelligentTieringConfiguration",
                            "IntelligentTieringConfigurationList", tiering),
}


def calls(s3, kind):
    suffix, member, list_member, document = KINDS[kind]
    put = getattr(s3, f"put_bucket_{suffix}")
    get = getattr(s3, f"get_bucket_{suffix}")
    delete = getattr(s3, f"delete_bucket_{suffix}")
    listing = getattr(s3, f"list_bucket_{suffix}s")
    return put, get, delete, listing, member, list_member, document


# ---- Configurations kept by Id ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_configuration_by_id_round_trip(s3, bucket, kind):
    put, get, delete, listing, member, list_member, document = calls(s3, kind)
    # "ListBucketMetricsConfigurations" (and the other lists): nothing configured is an empty, complete list.
    empty = listing(Bucket=bucket)
    assert empty["IsTruncated"] is False and list_member not in empty
    put(Bucket=bucket, Id="first", **{member: document("first")})
    put(Bucket=bucket, Id="second", **{member: document("second")})
    # "GetBucketMetricsConfiguration": the document as it was put.
    assert get(Bucket=bucket, Id="first")[member] == document("first")
    assert [c["Id"] for c in listing(Bucket=bucket)[list_member]] == ["first", "second"]
    # "PutBucketMetricsConfiguration": a Put of an existing Id replaces it whole.
    replacement = document("second")
    replacement["Filter"] = {"Prefix": "other/"}
    put(Bucket=bucket, Id="second", **{member: replacement})
    assert get(Bucket=bucket, Id="second")[member]["Filter"] == {"Prefix": "other/"}
    delete(Bucket=bucket, Id="first")
    # "GetBucketMetricsConfiguration" / "DeleteBucketMetricsConfiguration": an unknown Id is NoSuchConfiguration.
    for call in (get, delete):
        e = error(call, Bucket=bucket, Id="first")
        assert (e["Code"], e["Message"], e["Status"]) == ("NoSuchConfiguration", "The specified configuration does not exist.", 404)
    assert [c["Id"] for c in listing(Bucket=bucket)[list_member]] == ["second"]


@pytest.mark.parametrize("kind, code", [
    # LocalStack's AWS-recorded validation: analytics and Intelligent-Tiering answer MalformedXML, inventory its own code.
    ("metrics", "MalformedXML"), ("analytics", "MalformedXML"), ("intelligent_tiering", "MalformedXML"), ("inventory", "IdMismatch"),
])
def test_query_id_must_name_the_document(s3, bucket, kind, code):
    put, _, _, _, member, _, document = calls(s3, kind)
    e = error(put, Bucket=bucket, Id="in-the-query", **{member: document("in-the-body")})
    assert (e["Code"], e["Status"]) == (code, 400)
    if code == "IdMismatch":
        assert e["Message"] == "Document ID does not match the specified configuration ID."


def test_metrics_id_rules(s3, bucket):
    # "MetricsConfiguration": "The ID has a 64 character limit and can only contain letters, numbers, periods, dashes,
    # and underscores."
    s3.put_bucket_metrics_configuration(Bucket=bucket, Id="A.b-c_9" + "x" * 57, MetricsConfiguration=metrics("A.b-c_9" + "x" * 57))
    for bad in ("x" * 65, "with space", "slash/id", "caf\u00e9"):
        e = error(s3.put_bucket_metrics_configuration, Bucket=bucket, Id=bad, MetricsConfiguration=metrics(bad))
        assert (e["Code"], e["Status"]) == ("InvalidConfigurationId", 400), bad


def test_metrics_filter_is_one_condition(s3, bucket):
    # "MetricsFilter": "A filter must be a prefix, an object tag, an access point ARN, or a conjunction".
    both = {"Id": "m", "Filter": {"Prefix": "a/", "Tag": {"Key": "k", "Value": "v"}}}
    assert error(s3.put_bucket_metrics_configuration, Bucket=bucket, Id="m", MetricsConfiguration=both)["Code"] == "MalformedXML"
    conjunction = {"Id": "m", "Filter": {"And": {"Prefix": "a/", "Tags": [{"Key": "k", "Value": "v"}]}}}
    s3.put_bucket_metrics_configuration(Bucket=bucket, Id="m", MetricsConfiguration=conjunction)
    assert s3.get_bucket_metrics_configuration(Bucket=bucket, Id="m")["MetricsConfiguration"] == conjunction


def test_list_pages_of_one_hundred(s3, bucket):
    # "ListBucketMetricsConfigurations": "does not return more than 100 configurations at a time", with IsTruncated and
    # NextContinuationToken to go on.
    ids = [f"m{i:03d}" for i in range(205)]
    for config_id in ids:
        s3.put_bucket_metrics_configuration(Bucket=bucket, Id=config_id, MetricsConfiguration=metrics(config_id))
    seen, token, pages = [], None, 0
    while True:
        page = s3.list_bucket_metrics_configurations(Bucket=bucket, **({"ContinuationToken": token} if token else {}))
        pages += 1
        seen += [c["Id"] for c in page["MetricsConfigurationList"]]
        if token:
            assert page["ContinuationToken"] == token
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        token = page["NextContinuationToken"]
    assert (seen, pages) == (ids, 3)
    e = error(s3.list_bucket_metrics_configurations, Bucket=bucket, ContinuationToken="not base64!")
    assert (e["Code"], e["Status"]) == ("InvalidArgument", 400)


def test_one_thousand_per_bucket(s3, bucket):
    # "PutBucketMetricsConfiguration", special errors: TooManyConfigurations past the 1,000-configuration limit.
    for i in range(1000):
        s3.put_bucket_metrics_configuration(Bucket=bucket, Id=f"m{i}", MetricsConfiguration=metrics(f"m{i}"))
    e = error(s3.put_bucket_metrics_configuration, Bucket=bucket, Id="one-more", MetricsConfiguration=metrics("one-more"))
    assert (e["Code"], e["Status"]) == ("TooManyConfigurations", 400)
    assert e["Message"] == "You are attempting to create a new configuration but have already reached the 1,000-configuration limit."
    # Replacing one of the thousand is not a new one.
    s3.put_bucket_metrics_configuration(Bucket=bucket, Id="m7", MetricsConfiguration=metrics("m7", prefix="new/"))
    # The limit is per kind: an inventory configuration still fits.
    s3.put_bucket_inventory_configuration(Bucket=bucket, Id="inv", InventoryConfiguration=inventory("inv"))


@pytest.mark.parametrize("changes", [
    # "InventoryS3BucketDestination" Format, "InventorySchedule" Frequency, "InventoryConfiguration" IncludedObjectVersions
    # and OptionalFields: a value outside S3's does not match its schema.
    {"fmt": "JSON"}, {"frequency": "Hourly"}, {"versions": "CURRENT"}, {"fields": ("SIZE",)},
])
def test_inventory_values(s3, bucket, changes):
    e = error(s3.put_bucket_inventory_configuration, Bucket=bucket, Id="inv", InventoryConfiguration=inventory("inv", **changes))
    assert (e["Code"], e["Status"]) == ("MalformedXML", 400)


def test_inventory_destination_is_an_arn(s3, bucket):
    # "InventoryS3BucketDestination", Bucket: "The Amazon Resource Name (ARN) of the bucket where inventory results will
    # be published" (S3 does not look the bucket up).
    e = error(s3.put_bucket_inventory_configuration, Bucket=bucket, Id="inv", InventoryConfiguration=inventory("inv", destination="reports"))
    assert (e["Code"], e["Message"], e["Status"]) == ("InvalidS3DestinationBucket", "Invalid bucket ARN.", 400)
    s3.put_bucket_inventory_configuration(Bucket=bucket, Id="inv", InventoryConfiguration=inventory("inv", fmt="Parquet", frequency="Weekly",
                                                                                                   versions="All"))
    got = s3.get_bucket_inventory_configuration(Bucket=bucket, Id="inv")["InventoryConfiguration"]
    assert got["Destination"]["S3BucketDestination"]["Encryption"] == {"SSES3": {}}
    assert (got["IsEnabled"], got["Schedule"], got["IncludedObjectVersions"]) == (True, {"Frequency": "Weekly"}, "All")


def test_empty_ids_are_refused(nimbus, request):
    s3 = nimbus.raw_client("s3", access_key=account_key(request.node.name), s3={"addressing_style": "path"})
    bucket = new_bucket(s3)
    # An empty configuration Id is InvalidConfigurationId (as S3 compatibility suites record it from AWS).
    e = error(s3.put_bucket_analytics_configuration, Bucket=bucket, Id="", AnalyticsConfiguration=analytics(""))
    assert (e["Code"], e["Status"]) == ("InvalidConfigurationId", 400)


@pytest.mark.parametrize("changes", [{"version": "V_2"}, {"export_format": "JSON"}])
def test_analytics_export_values(s3, bucket, changes):
    # "StorageClassAnalysisDataExport": OutputSchemaVersion V_1; "AnalyticsS3BucketDestination": Format CSV.
    e = error(s3.put_bucket_analytics_configuration, Bucket=bucket, Id="a", AnalyticsConfiguration=analytics("a", **changes))
    assert (e["Code"], e["Status"]) == ("MalformedXML", 400)


@pytest.mark.parametrize("archive, deep, ok", [
    # "Tiering", Days: Archive Access at least 90 days, Deep Archive Access at least 180, neither more than 730.
    (90, 180, True), (730, 730, True), (89, 180, False), (90, 179, False), (731, 180, False), (90, 731, False),
])
def test_intelligent_tiering_days(s3, bucket, archive, deep, ok):
    document = tiering("t", archive, deep)
    if ok:
        s3.put_bucket_intelligent_tiering_configuration(Bucket=bucket, Id="t", IntelligentTieringConfiguration=document)
        assert s3.get_bucket_intelligent_tiering_configuration(Bucket=bucket, Id="t")["IntelligentTieringConfiguration"] == document
    else:
        e = error(s3.put_bucket_intelligent_tiering_configuration, Bucket=bucket, Id="t", IntelligentTieringConfiguration=document)
        assert (e["Code"], e["Status"]) == ("InvalidArgument", 400)


def test_intelligent_tiering_tiers_and_status(s3, bucket):
    # "IntelligentTieringConfiguration": Status Enabled | Disabled; "Tiering": AccessTier ARCHIVE_ACCESS | DEEP_ARCHIVE_ACCESS.
    for document in ({**tiering("t"), "Status": "On"},
                     {**tiering("t"), "Tierings": [{"Days": 90, "AccessTier": "GLACIER"}]}):
        assert error(s3.put_bucket_intelligent_tiering_configuration, Bucket=bucket, Id="t",
                     IntelligentTieringConfiguration=document)["Code"] == "MalformedXML"


def test_configurations_on_a_missing_bucket(s3):
    name = "byid-missing-" + uuid.uuid4().hex[:12]
    for call, kwargs in ((s3.get_bucket_metrics_configuration, {"Id": "m"}), (s3.list_bucket_inventory_configurations, {}),
                         (s3.put_bucket_metrics_configuration, {"Id": "m", "MetricsConfiguration": metrics("m")})):
        assert error(call, Bucket=name, **kwargs)["Code"] == "NoSuchBucket"


def test_cli_configurations_by_id(nimbus, request):
    env = {"AWS_ACCESS_KEY_ID": account_key(request.node.name)}
    name = "byid-cli-" + uuid.uuid4().hex[:16]
    nimbus.cli("s3api", "create-bucket", "--bucket", name, env_extra=env)
    nimbus.cli("s3api", "put-bucket-metrics-configuration", "--bucket", name, "--id", "EntireBucket",
               "--metrics-configuration", json.dumps({"Id": "EntireBucket"}), env_extra=env)
    listed = nimbus.cli_json("s3api", "list-bucket-metrics-configurations", "--bucket", name, env_extra=env)
    assert listed["MetricsConfigurationList"] == [{"Id": "EntireBucket"}] and listed["IsTruncated"] is False
    nimbus.cli("s3api", "put-bucket-intelligent-tiering-configuration", "--bucket", name, "--id", "cold",
               "--intelligent-tiering-configuration", json.dumps(tiering("cold")), env_extra=env)
    got = nimbus.cli_json("s3api", "get-bucket-intelligent-tiering-configuration", "--bucket", name, "--id", "cold", env_extra=env)
    assert got["IntelligentTieringConfiguration"] == tiering("cold")
    rc, _, err = nimbus.cli("s3api", "get-bucket-inventory-configuration", "--bucket", name, "--id", "none", check=False, env_extra=env)
    assert rc != 0 and "NoSuchConfiguration" in err


def test_configurations_by_id_survive_restart(fresh_nimbus):
    server = fresh_nimbus()
    s3 = server.client("s3", access_key="731902845701", s3={"addressing_style": "path"})
    name = new_bucket(s3, "byid-restart")
    s3.put_bucket_metrics_configuration(Bucket=name, Id="m", MetricsConfiguration=metrics("m"))
    s3.put_bucket_inventory_configuration(Bucket=name, Id="inv", InventoryConfiguration=inventory("inv"))
    s3.put_bucket_request_payment(Bucket=name, RequestPaymentConfiguration={"Payer": "Requester"})
    server.restart()
    s3 = server.client("s3", access_key="731902845701", s3={"addressing_style": "path"})
    assert s3.get_bucket_metrics_configuration(Bucket=name, Id="m")["MetricsConfiguration"] == metrics("m")
    assert s3.get_bucket_inventory_configuration(Bucket=name, Id="inv")["InventoryConfiguration"]["Id"] == "inv"
    assert s3.get_bucket_request_payment(Bucket=name)["Payer"] == "Requester"


# ---- Replication ---------------------------------------------------------------------------------------------------

@pytest.fixture
def role(request):
    """The replication role, in the caller's account (passing another account's role is denied)."""
    return f"arn:aws:iam::{account_key(request.node.name)}:role/replication"


def replication_rule(destination, rule_id=None, priority=1, prefix="", delete_markers="Disabled", **extra):
    rule = {"Status": "Enabled", "Priority": priority, "Filter": {"Prefix": prefix},
            "DeleteMarkerReplication": {"Status": delete_markers}, "Destination": {"Bucket": f"arn:aws:s3:::{destination}"}, **extra}
    if rule_id:
        rule["ID"] = rule_id
    return rule


def test_replication_needs_versioning(s3, role):
    source = new_bucket(s3, "repl-src")
    destination = new_bucket(s3, "repl-dst", versioned=True)
    config = {"Role": role, "Rules": [replication_rule(destination)]}
    # "Requirements and considerations for replication": the source bucket must have versioning enabled.
    e = error(s3.put_bucket_replication, Bucket=source, ReplicationConfiguration=config)
    assert (e["Code"], e["Message"], e["Status"]) == (
        "InvalidRequest", "Versioning must be 'Enabled' on the bucket to apply a replication configuration", 400)
    s3.put_bucket_versioning(Bucket=source, VersioningConfiguration={"Status": "Enabled"})
    # ... and so must the destination; one that does not exist is answered alike.
    for missing in (new_bucket(s3, "repl-unversioned"), "repl-none-" + uuid.uuid4().hex[:12]):
        e = error(s3.put_bucket_replication, Bucket=source, ReplicationConfiguration={"Role": role, "Rules": [replication_rule(missing)]})
        assert (e["Code"], e["Message"]) == ("InvalidRequest", "Destination bucket must have versioning enabled.")
    # ... and cannot be the source itself.
    e = error(s3.put_bucket_replication, Bucket=source, ReplicationConfiguration={"Role": role, "Rules": [replication_rule(source)]})
    assert (e["Code"], e["Message"]) == ("InvalidRequest", "Destination bucket cannot be the same as the source bucket.")
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration=config)


def test_replication_round_trip(s3, role):
    source = new_bucket(s3, "repl-src", versioned=True)
    destination = new_bucket(s3, "repl-dst", versioned=True)
    # "GetBucketReplication": ReplicationConfigurationNotFoundError before any configuration.
    e = error(s3.get_bucket_replication, Bucket=source)
    assert (e["Code"], e["Message"], e["Status"], e["BucketName"]) == (
        "ReplicationConfigurationNotFoundError", "The replication configuration was not found", 404, source)
    named = replication_rule(destination, rule_id="logs", priority=2, prefix="logs/")
    unnamed = replication_rule(destination, priority=1, prefix="data/")
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": role, "Rules": [named, unnamed]})
    got = s3.get_bucket_replication(Bucket=source)["ReplicationConfiguration"]
    assert got["Role"] == role and got["Rules"][0] == named
    # "ReplicationRule", ID: a rule sent without one gets one.
    assert got["Rules"][1]["ID"] and {k: v for k, v in got["Rules"][1].items() if k != "ID"} == unnamed
    s3.delete_bucket_replication(Bucket=source)
    assert error(s3.get_bucket_replication, Bucket=source)["Code"] == "ReplicationConfigurationNotFoundError"
    # "DeleteBucketReplication" of a bucket without one succeeds.
    s3.delete_bucket_replication(Bucket=source)


def test_replication_schema_versions(s3, role):
    source = new_bucket(s3, "repl-src", versioned=True)
    destination = new_bucket(s3, "repl-dst", versioned=True)
    other = new_bucket(s3, "repl-dst2", versioned=True)

    def put(*rules):
        return error(s3.put_bucket_replication, Bucket=source, ReplicationConfiguration={"Role": role, "Rules": list(rules)})

    v1 = {"ID": "v1", "Status": "Enabled", "Prefix": "", "Destination": {"Bucket": f"arn:aws:s3:::{destination}"}}
    # "Replication configuration file elements", backward compatibility: a rule without Filter is of the first schema,
    # which knows neither delete marker replication nor priorities.
    e = put({**v1, "DeleteMarkerReplication": {"Status": "Enabled"}})
    assert (e["Code"], e["Message"]) == ("InvalidRequest", "DeleteMarkerReplication cannot be used for this version of Cross Region "
                                                           "Replication configuration schema. Please refer to S3 Developer Guide for more information.")
    assert put({**v1, "Priority": 1})["Code"] == "InvalidRequest"
    # One destination only in the first schema; several with Filter (replication to multiple destination buckets).
    e = put(v1, {**v1, "ID": "v1b", "Destination": {"Bucket": f"arn:aws:s3:::{other}"}})
    assert (e["Code"], e["Message"]) == ("InvalidRequest", "Number of distinct destination bucket ARNs cannot exceed 1")
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": role, "Rules": [
        replication_rule(destination, "a", 1), replication_rule(other, "b", 2)]})
    # "ReplicationRule": with a Filter, Priority and DeleteMarkerReplication are required.
    no_priority = replication_rule(destination, "p")
    del no_priority["Priority"]
    assert "Priority must be specified" in put(no_priority)["Message"]
    no_markers = replication_rule(destination, "d")
    del no_markers["DeleteMarkerReplication"]
    assert "DeleteMarkerReplication must be specified" in put(no_markers)["Message"]
    # "DeleteMarkerReplication": not for tag-based rules.
    tagged = replication_rule(destination, "t", delete_markers="Enabled")
    tagged["Filter"] = {"Tag": {"Key": "k", "Value": "v"}}
    assert put(tagged)["Code"] == "InvalidRequest"
    # "ReplicationRule", ID: at most 255 characters; Status Enabled | Disabled.
    assert put(replication_rule(destination, "x" * 256))["Code"] == "InvalidArgument"
    assert put({**replication_rule(destination, "s"), "Status": "On"})["Code"] == "MalformedXML"


def test_replication_rule_limit(s3, role):
    source = new_bucket(s3, "repl-src", versioned=True)
    destination = new_bucket(s3, "repl-dst", versioned=True)
    # "PutBucketReplication": "can contain a maximum of 1,000" rules.
    rules = [replication_rule(destination, f"r{i}", i) for i in range(1001)]
    assert error(s3.put_bucket_replication, Bucket=source, ReplicationConfiguration={"Role": role, "Rules": rules})["Code"] == "MalformedXML"
    s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": role, "Rules": rules[:1000]})
    assert len(s3.get_bucket_replication(Bucket=source)["ReplicationConfiguration"]["Rules"]) == 1000


def test_replication_needs_pass_role(nimbus):
    # "PutBucketReplication": "the user or role performing the action must have the iam:PassRole permission".
    account = "731902845703"
    owner = nimbus.client("s3", access_key=account, s3={"addressing_style": "path"})
    source = new_bucket(owner, "repl-src", versioned=True)
    destination = new_bucket(owner, "repl-dst", versioned=True)
    config = {"Role": f"arn:aws:iam::{account}:role/replication", "Rules": [replication_rule(destination)]}
    without = user(nimbus, account, "s3-only", managed=["arn:aws:iam::aws:policy/AmazonS3FullAccess"])
    e = error(without.put_bucket_replication, Bucket=source, ReplicationConfiguration=config)
    assert (e["Code"], e["Status"]) == ("AccessDenied", 403)
    pass_role = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": config["Role"],
                                                                      "Condition": {"StringEquals": {"iam:PassedToService": "s3.amazonaws.com"}}}]})
    allowed = user(nimbus, account, "s3-and-pass", pass_role, managed=["arn:aws:iam::aws:policy/AmazonS3FullAccess"])
    allowed.put_bucket_replication(Bucket=source, ReplicationConfiguration=config)


def test_cli_replication(nimbus, request, role):
    env = {"AWS_ACCESS_KEY_ID": account_key(request.node.name)}
    source, destination = "repl-cli-" + uuid.uuid4().hex[:12], "repl-cli-dst-" + uuid.uuid4().hex[:12]
    for name in (source, destination):
        nimbus.cli("s3api", "create-bucket", "--bucket", name, env_extra=env)
        nimbus.cli("s3api", "put-bucket-versioning", "--bucket", name, "--versioning-configuration", "Status=Enabled", env_extra=env)
    config = {"Role": role, "Rules": [replication_rule(destination, "all")]}
    nimbus.cli("s3api", "put-bucket-replication", "--bucket", source, "--replication-configuration", json.dumps(config), env_extra=env)
    assert nimbus.cli_json("s3api", "get-bucket-replication", "--bucket", source, env_extra=env)["ReplicationConfiguration"] == config


# ---- Server access logging ---------------------------------------------------------------------------------------


def test_logging_round_trip(s3, bucket):
    target = new_bucket(s3, "logs")
    # "GetBucketLogging": no logging, an empty status.
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)
    enabled = {"TargetBucket": target, "TargetPrefix": f"{bucket}/", "TargetObjectKeyFormat": {"PartitionedPrefix": {"PartitionDateSource": "EventTime"}}}
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": enabled})
    assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"] == enabled
    # "PutBucketLogging": an empty BucketLoggingStatus turns logging off.
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={})
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)
    # "LoggingEnabled": "You can have your logs delivered to any bucket that you own, including the same bucket".
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": bucket, "TargetPrefix": "self/"}})


def test_logging_target_rules(nimbus, s3, bucket, request):
    def put(target, **extra):
        return error(s3.put_bucket_logging, Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": target, "TargetPrefix": "p/", **extra}})

    # "Troubleshoot server access logging": the target must exist, belong to the same account and be in the same Region.
    missing = "logs-missing-" + uuid.uuid4().hex[:12]
    e = put(missing)
    assert (e["Code"], e["Message"], e["Status"], e["TargetBucket"]) == (
        "InvalidTargetBucketForLogging", "The target bucket for logging does not exist", 400, missing)
    others = new_bucket(nimbus.client("s3", access_key="731902845704", s3={"addressing_style": "path"}), "logs-other")
    e = put(others)
    assert (e["Code"], e["Message"]) == ("InvalidTargetBucketForLogging", "The owner for the bucket to be logged and the target bucket must be the same.")
    west = nimbus.client("s3", region="us-west-2", access_key=account_key(request.node.name), s3={"addressing_style": "path"})
    far = new_bucket(west, "logs-west", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    e = put(far)
    assert (e["Code"], e["Message"], e["Status"], e["TargetBucketLocation"]) == (
        "CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed. ", 403, "us-west-2")
    # "TargetGrant": "Buckets that use the bucket owner enforced setting for Object Ownership don't support target grants."
    enforced = new_bucket(s3, "logs-enforced")
    grant = [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]
    assert put(enforced, TargetGrants=grant)["Code"] == "AccessControlListNotSupported"
    s3.put_bucket_ownership_controls(Bucket=enforced, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": enforced, "TargetPrefix": "p/",
                                                                                 "TargetGrants": grant}})


def test_cli_logging(nimbus, request):
    env = {"AWS_ACCESS_KEY_ID": account_key(request.node.name)}
    source, target = "logs-cli-" + uuid.uuid4().hex[:12], "logs-cli-t-" + uuid.uuid4().hex[:12]
    for name in (source, target):
        nimbus.cli("s3api", "create-bucket", "--bucket", name, env_extra=env)
    status = {"LoggingEnabled": {"TargetBucket": target, "TargetPrefix": "access/"}}
    nimbus.cli("s3api", "put-bucket-logging", "--bucket", source, "--bucket-logging-status", json.dumps(status), env_extra=env)
    assert nimbus.cli_json("s3api", "get-bucket-logging", "--bucket", source, env_extra=env) == status


# ---- Transfer Acceleration and Requester Pays ---------------------------------------------------------------------


def test_accelerate(nimbus, s3, bucket, request):
    # "GetBucketAccelerateConfiguration": no Status until one is put.
    assert "Status" not in s3.get_bucket_accelerate_configuration(Bucket=bucket)
    for status in ("Enabled", "Suspended"):
        s3.put_bucket_accelerate_configuration(Bucket=bucket, AccelerateConfiguration={"Status": status})
        assert s3.get_bucket_accelerate_configuration(Bucket=bucket)["Status"] == status
    raw = nimbus.raw_client("s3", access_key=account_key(request.node.name), s3={"addressing_style": "path"})
    assert error(raw.put_bucket_accelerate_configuration, Bucket=bucket, AccelerateConfiguration={"Status": "On"})["Code"] == "MalformedXML"
    # "Requirements for using Transfer Acceleration": no periods in the bucket's name.
    dotted = new_bucket(s3, "accel.dotted")
    e = error(s3.put_bucket_accelerate_configuration, Bucket=dotted, AccelerateConfiguration={"Status": "Enabled"})
    assert (e["Code"], e["Message"], e["Status"]) == (
        "InvalidRequest", "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names", 400)


def test_request_payment(nimbus, s3, bucket, request):
    # "Using Requester Pays buckets": the owner pays by default; Payer is Requester or BucketOwner.
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"
    s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Requester"})
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "Requester"
    env = {"AWS_ACCESS_KEY_ID": account_key(request.node.name)}
    nimbus.cli("s3api", "put-bucket-request-payment", "--bucket", bucket, "--request-payment-configuration", "Payer=BucketOwner", env_extra=env)
    assert nimbus.cli_json("s3api", "get-bucket-request-payment", "--bucket", bucket, env_extra=env)["Payer"] == "BucketOwner"
    nimbus.cli("s3api", "put-bucket-accelerate-configuration", "--bucket", bucket, "--accelerate-configuration", "Status=Enabled", env_extra=env)
    assert nimbus.cli_json("s3api", "get-bucket-accelerate-configuration", "--bucket", bucket, env_extra=env)["Status"] == "Enabled"
    raw = nimbus.raw_client("s3", access_key=account_key(request.node.name), s3={"addressing_style": "path"})
    assert error(raw.put_bucket_request_payment, Bucket=bucket, RequestPaymentConfiguration={"Payer": "Nobody"})["Code"] == "MalformedXML"


# ---- Authorization -------------------------------------------------------------------------------------------------


def test_actions_of_the_configurations(nimbus):
    # "Actions, resources, and condition keys for Amazon S3": Get and List of metrics configurations are
    # s3:GetMetricsConfiguration, Put and Delete s3:PutMetricsConfiguration; logging, acceleration and request payment
    # have actions of their own.
    account = "731902845705"
    owner = nimbus.client("s3", access_key=account, s3={"addressing_style": "path"})
    name = new_bucket(owner, "byid-authz")
    owner.put_bucket_metrics_configuration(Bucket=name, Id="m", MetricsConfiguration=metrics("m"))
    reader = user(nimbus, account, "metrics-reader", json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["s3:GetMetricsConfiguration", "s3:GetBucketLogging", "s3:GetAccelerateConfiguration",
                                      "s3:GetBucketRequestPayment"],
        "Resource": f"arn:aws:s3:::{name}"}]}))
    assert reader.get_bucket_metrics_configuration(Bucket=name, Id="m")["MetricsConfiguration"]["Id"] == "m"
    assert [c["Id"] for c in reader.list_bucket_metrics_configurations(Bucket=name)["MetricsConfigurationList"]] == ["m"]
    reader.get_bucket_logging(Bucket=name)
    reader.get_bucket_accelerate_configuration(Bucket=name)
    reader.get_bucket_request_payment(Bucket=name)
    for call, kwargs in ((reader.put_bucket_metrics_configuration, {"Id": "n", "MetricsConfiguration": metrics("n")}),
                         (reader.delete_bucket_metrics_configuration, {"Id": "m"}),
                         (reader.list_bucket_inventory_configurations, {}),
                         (reader.put_bucket_request_payment, {"RequestPaymentConfiguration": {"Payer": "Requester"}})):
        assert error(call, Bucket=name, **kwargs)["Code"] == "AccessDenied"
