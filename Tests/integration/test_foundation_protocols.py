"""Each of the five wire protocols, driven by boto3 and the AWS CLI: a working call, an operation that is
modelled but not built yet (HTTP 501 NotImplemented in the service's own format), and server-side validation.

AWS pages: "Common Errors" (each service's API Reference), "Query requests for Amazon EC2",
"Making Query API requests" (IAM/STS), "AWS JSON 1.1 protocol", "Lambda API Reference", "S3 Error Responses".
"""
import json
import subprocess

import botocore.exceptions
import pytest

import awsraw


def error_of(excinfo):
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response


# ---- query (STS, IAM) -------------------------------------------------------------------------

def test_query_get_caller_identity_carries_request_id(nimbus):
    sts = nimbus.client("sts")
    answer = sts.get_caller_identity()
    assert answer["Arn"] == "arn:aws:iam::000000000000:root"
    assert answer["ResponseMetadata"]["RequestId"]
    assert answer["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] == answer["ResponseMetadata"]["RequestId"]


def test_query_validation_error(nimbus):
    # IAM API Reference, CreateUser: UserName is 1 to 64 characters.
    iam = nimbus.raw_client("iam")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_user(UserName="x" * 65)
    code, status, response = error_of(excinfo)
    assert (code, status) == ("ValidationError", 400)
    assert "Member must have length less than or equal to 64" in response["Error"]["Message"]


def test_query_missing_required_member(nimbus):
    iam = nimbus.raw_client("iam")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        iam.create_user()
    code, _, response = error_of(excinfo)
    assert code == "ValidationError"
    assert "Value null at 'userName' failed to satisfy constraint: Member must not be null" in response["Error"]["Message"]


def test_query_unknown_action(nimbus):
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "sts", awsraw.form("DoSomethingOdd", "2011-06-15"), awsraw.FORM)
    assert reply.status == 400
    assert "<Code>InvalidAction</Code>" in reply.text
    assert "<ErrorResponse" in reply.text


def test_query_unsigned_call_is_refused(nimbus):
    # "Common Errors" (STS): MissingAuthenticationToken, 403.
    reply = awsraw.send("POST", nimbus.endpoint + "/", awsraw.form("GetCallerIdentity", "2011-06-15"), awsraw.FORM)
    assert reply.status == 403
    assert "<Code>MissingAuthenticationToken</Code>" in reply.text


# ---- ec2 ----------------------------------------------------------------------------------------

def test_ec2_describe_regions_and_zones(nimbus):
    ec2 = nimbus.client("ec2")
    regions = {r["RegionName"]: r for r in ec2.describe_regions()["Regions"]}
    assert regions["us-east-1"]["Endpoint"] == "ec2.us-east-1.amazonaws.com"
    assert "af-south-1" not in regions  # an opt-in region, listed only with AllRegions
    everything = ec2.describe_regions(AllRegions=True)["Regions"]
    assert any(r["RegionName"] == "af-south-1" and r["OptInStatus"] == "not-opted-in" for r in everything)
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    assert [z["ZoneName"] for z in zones] == ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]
    assert zones[0]["ZoneId"] == "use1-az1" and zones[0]["ZoneType"] == "availability-zone"
    filtered = ec2.describe_availability_zones(Filters=[{"Name": "zone-name", "Values": ["*-1b", "us-east-1c"]}])
    assert [z["ZoneName"] for z in filtered["AvailabilityZones"]] == ["us-east-1b", "us-east-1c"]
    west = nimbus.client("ec2", region="eu-west-1").describe_availability_zones()["AvailabilityZones"]
    assert {z["RegionName"] for z in west} == {"eu-west-1"}


def test_ec2_cli_describe_availability_zones_local_zones(nimbus):
    out = nimbus.cli_json("ec2", "describe-availability-zones", "--all-availability-zones",
                          "--filters", "Name=zone-type,Values=local-zone")
    zones = out["AvailabilityZones"]
    assert zones and all(z["ZoneType"] == "local-zone" and z["OptInStatus"] == "not-opted-in" for z in zones)
    assert all(z.get("ParentZoneName", "").startswith("us-east-1") for z in zones)


def test_ec2_unknown_zone(nimbus):
    ec2 = nimbus.client("ec2")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        ec2.describe_availability_zones(ZoneNames=["us-east-1z"])
    assert error_of(excinfo)[0] == "InvalidParameterValue"


def test_ec2_dry_run(nimbus):
    # EC2 API Reference, "Common Parameters": DryRun answers DryRunOperation when the call would succeed.
    ec2 = nimbus.client("ec2")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        ec2.describe_regions(DryRun=True)
    code, status, _ = error_of(excinfo)
    assert (code, status) == ("DryRunOperation", 412)


def test_ec2_missing_parameter(nimbus):
    # EC2 "Common client error codes": MissingParameter.
    ec2 = nimbus.raw_client("ec2")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        ec2.run_instances(ImageId="ami-12345678", MinCount=1)
    code, _, response = error_of(excinfo)
    assert code == "MissingParameter"
    assert "MaxCount" in response["Error"]["Message"]


def test_ec2_unknown_action_and_bad_value(nimbus):
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "ec2", awsraw.form("LaunchRocket", "2016-11-15"), awsraw.FORM)
    assert reply.status == 400 and "<Code>InvalidAction</Code>" in reply.text and "<Response><Errors>" in reply.text
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "ec2",
                          awsraw.form("DescribeRegions", "2016-11-15", AllRegions="maybe"), awsraw.FORM)
    assert reply.status == 400 and "<Code>InvalidParameterValue</Code>" in reply.text


# ---- json (Organizations, Logs, SSM) ----------------------------------------------------------------

# Each protocol answers an operation it models but Nimbus has not built with HTTP 501 NotImplemented,
# named in the message, in that protocol's own error format and request-id header.
@pytest.mark.parametrize("service,call,kwargs,request_id_header", [
    ("iam", "list_saml_providers", {}, "x-amzn-requestid"),                               # query
    ("ec2", "describe_capacity_reservations", {}, "x-amzn-requestid"),                 # ec2
    ("logs", "describe_destinations", {}, "x-amzn-requestid"),                         # json 1.1
    ("organizations", "create_gov_cloud_account", {"Email": "a@example.com", "AccountName": "gov"}, "x-amzn-requestid"),  # json 1.1
    ("ssm", "list_documents", {}, "x-amzn-requestid"),                                # json 1.1
    ("lambda", "list_event_source_mappings", {}, "x-amzn-requestid"),                 # rest-json
    ("s3", "get_bucket_metadata_table_configuration", {"Bucket": "b"}, "x-amz-request-id"),  # rest-xml
])
def test_not_implemented_in_each_protocol(nimbus, service, call, kwargs, request_id_header):
    client = nimbus.client(service)
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        getattr(client, call)(**kwargs)
    code, status, response = error_of(excinfo)
    assert (code, status) == ("NotImplemented", 501)
    operation = client.meta.method_to_api_mapping[call]
    assert operation in response["Error"]["Message"]
    assert response["ResponseMetadata"]["HTTPHeaders"][request_id_header]

# JSON services answer ValidationException; CloudWatch Logs names its validation failures InvalidParameterException.
@pytest.mark.parametrize("service,call,kwargs,member,expected", [
    ("ssm", "get_parameter", {"Name": ""}, "name", "ValidationException"),
    ("logs", "create_log_group", {"logGroupName": ""}, "logGroupName", "InvalidParameterException"),
])
def test_json_validation_exception(nimbus, service, call, kwargs, member, expected):
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        getattr(nimbus.raw_client(service), call)(**kwargs)
    code, status, response = error_of(excinfo)
    assert (code, status) == (expected, 400)
    assert f"at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 1" in response["Error"]["Message"]


def test_json_serialization_exception(nimbus):
    logs = nimbus.raw_client("logs")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        logs.create_log_group(logGroupName=12345)
    assert error_of(excinfo)[0] == "SerializationException"
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "logs", b"{not json",
                          {"X-Amz-Target": "Logs_20140328.CreateLogGroup", "Content-Type": "application/x-amz-json-1.1"})
    assert reply.status == 400 and json.loads(reply.body)["__type"] == "SerializationException"


def test_json_unknown_operation(nimbus):
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "logs", b"{}",
                          {"X-Amz-Target": "Logs_20140328.FlyToTheMoon", "Content-Type": "application/x-amz-json-1.1"})
    assert reply.status == 400 and json.loads(reply.body)["__type"] == "UnknownOperationException"


def test_json_cli(nimbus):
    code, _, err = nimbus.cli("logs", "describe-destinations", check=False)
    assert code != 0 and "NotImplemented" in err


# ---- rest-json (Lambda) --------------------------------------------------------------------------------

def test_rest_json_validation(nimbus):
    # Lambda API Reference, CreateFunction: Timeout is 1 to 900 (the model's range).
    lam = nimbus.raw_client("lambda")
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        lam.create_function(FunctionName="f", Role="arn:aws:iam::000000000000:role/r", Code={"ZipFile": b"x"},
                            Runtime="python3.12", Handler="h.h", Timeout=0)
    code, status, response = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert "at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1" in response["Error"]["Message"]


def test_rest_json_unknown_route(nimbus):
    reply = awsraw.signed("GET", nimbus.endpoint + "/2015-03-31/nothing-here", "lambda")
    assert reply.status == 404 and reply.headers.get("x-amzn-errortype") == "UnknownOperationException"


# ---- rest-xml (S3) -----------------------------------------------------------------------------------------

def test_rest_xml_malformed_body(nimbus):
    reply = awsraw.signed("PUT", nimbus.endpoint + "/my-bucket", "s3", b"<CreateBucketConfiguration><Loc",
                          {"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    assert reply.status == 400 and "<Code>MalformedXML</Code>" in reply.text


def test_rest_xml_cli(nimbus):
    code, _, err = nimbus.cli("s3api", "get-bucket-metadata-table-configuration", "--bucket", "b", check=False)
    assert code != 0 and "NotImplemented" in err


# ---- Nimbus's own endpoints ---------------------------------------------------------------------------------

def test_health_lists_services(nimbus):
    health = nimbus.health()
    assert health["status"] == "running"
    services = health["services"]
    for name in ("sts", "iam", "ec2", "organizations", "lambda", "s3", "logs", "ssm"):
        assert services[name]["operations"] > 0
    assert services["sts"]["implemented"] >= 1
    assert services["ec2"]["operations"] > 700
    assert health["dataDirectory"] == nimbus.data_dir or health["dataDirectory"].endswith("/data")


def test_rest_xml_virtual_host_addressing(nimbus):
    # "Virtual hosting of buckets" (S3 User Guide): BUCKET.s3.HOST names the bucket in the host.
    host = f"vh-bucket.s3.localhost:{nimbus.port}"
    reply = awsraw.signed("PUT", f"http://127.0.0.1:{nimbus.port}/", "s3", b"", {"Host": host,
                                                                                  "x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    assert reply.status == 200, reply.text
    reply = awsraw.signed("PUT", f"http://127.0.0.1:{nimbus.port}/some/key.txt", "s3", b"hosted", {"Host": host,
                                                                                                  "x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    assert reply.status == 200, reply.text
    reply = awsraw.signed("GET", f"http://127.0.0.1:{nimbus.port}/some/key.txt", "s3", b"", {"Host": host,
                                                                                              "x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    assert reply.status == 200 and reply.body == b"hosted", reply.text
    assert nimbus.client("s3").get_object(Bucket="vh-bucket", Key="some/key.txt")["Body"].read() == b"hosted"


def test_cli_reads_aws_endpoint_url(nimbus):
    # "Service-specific endpoints" (AWS SDKs and Tools Reference Guide): AWS_ENDPOINT_URL sets every service's endpoint.
    import json as _json
    import subprocess
    env = nimbus.cli_env({"AWS_ENDPOINT_URL": nimbus.endpoint})
    out = subprocess.run([_aws_cli(), "--region", "us-east-1", "--output", "json", "sts", "get-caller-identity"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert _json.loads(out.stdout)["Account"] == "000000000000"


def _aws_cli():
    from conftest import find_aws_cli
    return find_aws_cli()


def test_ec2_unknown_parameter(nimbus):
    # EC2 "Common client error codes": UnknownParameter.
    reply = awsraw.signed("POST", nimbus.endpoint + "/", "ec2",
                          awsraw.form("DescribeRegions", "2016-11-15", RegionNames="us-east-1"), awsraw.FORM)
    assert reply.status == 400 and "<Code>UnknownParameter</Code>" in reply.text


def test_bare_nimbus_serves(nimbus_bin, tmp_path):
    # The README's promise: a bare `nimbus` is `nimbus serve`.
    import socket
    import time
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(nimbus_bin), "--port", str(port), "--data-dir", str(tmp_path / "data")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 10
        while True:
            try:
                with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"http://127.0.0.1:{port}/_nimbus/health", timeout=1) as r:
                    assert json.loads(r.read())["status"] == "running"
                    break
            except OSError:
                assert time.time() < deadline, "bare nimbus did not start"
                time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
