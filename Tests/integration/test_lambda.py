"""Lambda functions that really run: the control plane (Lambda API Reference: CreateFunction, GetFunction,
ListFunctions, DeleteFunction...), and Invoke running Python, Node and custom-runtime handlers as local processes
through the Lambda Runtime API, as their execution role.

Every test works in an account of its own (the access key is a 12-digit account id derived from the test's name)."""
from __future__ import annotations

import base64
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import botocore.exceptions
import pytest

from lambdasupport import EC2_TRUST, account_for, create_python, invoke_json, make_role, zip_of

ClientError = botocore.exceptions.ClientError


@pytest.fixture
def account(request) -> str:
    return account_for("lambda:" + request.node.name)


@pytest.fixture
def lam(nimbus, account):
    return nimbus.client("lambda", access_key=account, read_timeout=60)


@pytest.fixture
def iam(nimbus, account):
    return nimbus.client("iam", access_key=account)


@pytest.fixture
def role(iam):
    return make_role(iam, "fn-role")


def error_code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


# ---- control plane ----------------------------------------------------------------------------------------------

def test_create_get_list_delete(lam, role, account):
    created = create_python(lam, "adder", role, "def handler(e, c):\n    return e['a'] + e['b']\n", Description="adds")
    # "Lambda function states": a new function is Pending, then Active.
    assert created["State"] == "Pending"
    assert created["FunctionArn"] == f"arn:aws:lambda:us-east-1:{account}:function:adder"
    assert created["Runtime"] == "python3.12" and created["Timeout"] == 3 and created["MemorySize"] == 128
    assert created["CodeSize"] > 0 and len(base64.b64decode(created["CodeSha256"])) == 32
    lam.get_waiter("function_active_v2").wait(FunctionName="adder")
    got = lam.get_function(FunctionName="adder")
    assert got["Configuration"]["State"] == "Active" and got["Configuration"]["LastUpdateStatus"] == "Successful"
    assert got["Configuration"]["Description"] == "adds"
    assert lam.get_function_configuration(FunctionName=created["FunctionArn"])["Handler"] == "app.handler"
    assert [f["FunctionName"] for f in lam.list_functions()["Functions"]] == ["adder"]
    with pytest.raises(ClientError) as excinfo:
        create_python(lam, "adder", role, "def handler(e, c): pass\n")
    assert error_code(excinfo) == "ResourceConflictException"
    lam.delete_function(FunctionName="adder")
    with pytest.raises(ClientError) as excinfo:
        lam.get_function(FunctionName="adder")
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_list_functions_pages(lam, role):
    for i in range(5):
        create_python(lam, f"fn-{i}", role, "def handler(e, c): return 1\n")
    names, marker = [], None
    while True:
        page = lam.list_functions(MaxItems=2, **({"Marker": marker} if marker else {}))
        names += [f["FunctionName"] for f in page["Functions"]]
        marker = page.get("NextMarker")
        if not marker:
            break
    assert sorted(names) == [f"fn-{i}" for i in range(5)]


# "Lambda execution role": Lambda must be allowed to assume the role.
def test_role_that_does_not_trust_lambda_is_refused(lam, iam):
    ec2_role = make_role(iam, "ec2-only", trust=EC2_TRUST)
    for arn in (ec2_role, ec2_role.replace("ec2-only", "missing")):
        with pytest.raises(ClientError) as excinfo:
            create_python(lam, "nope", arn, "def handler(e, c): pass\n")
        assert error_code(excinfo) == "InvalidParameterValueException"
        assert excinfo.value.response["Error"]["Message"] == "The role defined for the function cannot be assumed by Lambda."


# "Lambda deployment packages": the archive is unpacked into the function's directory and nowhere else.
@pytest.mark.parametrize("name", ["../escape.py", "lib/../../escape.py", "/tmp/absolute.py"])
def test_zip_with_entries_leaving_the_directory_is_refused(lam, role, name):
    with pytest.raises(ClientError) as excinfo:
        lam.create_function(FunctionName="bad-zip", Runtime="python3.12", Role=role, Handler="app.handler",
                            Code={"ZipFile": zip_of({"app.py": "def handler(e, c): pass\n", name: "x = 1\n"})})
    assert error_code(excinfo) == "InvalidParameterValueException"
    assert "Could not unzip uploaded file" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError):
        lam.get_function(FunctionName="bad-zip")


def test_corrupt_zip_is_refused(lam, role):
    with pytest.raises(ClientError) as excinfo:
        lam.create_function(FunctionName="corrupt", Runtime="python3.12", Role=role, Handler="app.handler",
                            Code={"ZipFile": b"PK\x03\x04 this is not really a zip"})
    assert error_code(excinfo) == "InvalidParameterValueException"


# "Lambda quotas" and "Working with Lambda environment variables".
def test_configuration_limits(lam, role, nimbus, account):
    raw = nimbus.raw_client("lambda", access_key=account)
    with pytest.raises(ClientError) as excinfo:
        create_python(raw, "slow", role, "def handler(e, c): pass\n", Timeout=901)
    assert error_code(excinfo) in ("ValidationException", "InvalidParameterValueException")
    with pytest.raises(ClientError) as excinfo:
        create_python(raw, "big", role, "def handler(e, c): pass\n", MemorySize=20000)
    assert error_code(excinfo) in ("ValidationException", "InvalidParameterValueException")
    with pytest.raises(ClientError) as excinfo:
        create_python(lam, "env", role, "def handler(e, c): pass\n", Environment={"Variables": {"BIG": "x" * 5000}})
    assert error_code(excinfo) == "InvalidParameterValueException" and "4KB" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as excinfo:
        create_python(lam, "env", role, "def handler(e, c): pass\n", Environment={"Variables": {"AWS_REGION": "x"}})
    assert "reserved keys" in excinfo.value.response["Error"]["Message"]
    # "Runtime deprecation": blocked runtimes cannot be used to create functions.
    with pytest.raises(ClientError) as excinfo:
        create_python(lam, "old", role, "def handler(e, c): pass\n", Runtime="python3.7")
    assert error_code(excinfo) == "InvalidParameterValueException"


# "Using resource-based policies in Lambda": AddPermission, GetPolicy, RemovePermission.
def test_resource_policy(lam, role, account):
    create_python(lam, "pol", role, "def handler(e, c): return 1\n")
    with pytest.raises(ClientError) as excinfo:
        lam.get_policy(FunctionName="pol")
    assert error_code(excinfo) == "ResourceNotFoundException"
    statement = json.loads(lam.add_permission(FunctionName="pol", StatementId="s3", Action="lambda:InvokeFunction",
                                              Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::bucket",
                                              SourceAccount=account)["Statement"])
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == "arn:aws:s3:::bucket"
    with pytest.raises(ClientError) as excinfo:
        lam.add_permission(FunctionName="pol", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com")
    assert error_code(excinfo) == "ResourceConflictException"
    policy = json.loads(lam.get_policy(FunctionName="pol")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["s3"]
    lam.remove_permission(FunctionName="pol", StatementId="s3")
    with pytest.raises(ClientError):
        lam.get_policy(FunctionName="pol")


def test_cross_account_invoke_needs_the_function_policy(nimbus, lam, role, account):
    create_python(lam, "shared", role, "def handler(e, c): return 'hi'\n")
    other = account_for("lambda:other-" + account)
    other_iam = nimbus.client("iam", access_key=other)
    other_iam.create_user(UserName="caller")
    other_iam.put_user_policy(UserName="caller", PolicyName="invoke", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}]}))
    key = other_iam.create_access_key(UserName="caller")["AccessKey"]
    caller = nimbus.client("lambda", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    arn = f"arn:aws:lambda:us-east-1:{account}:function:shared"
    with pytest.raises(ClientError) as excinfo:
        caller.invoke(FunctionName=arn, Payload=b"{}")
    assert error_code(excinfo) == "AccessDeniedException"
    lam.add_permission(FunctionName="shared", StatementId="other", Action="lambda:InvokeFunction", Principal=other)
    assert json.loads(caller.invoke(FunctionName=arn, Payload=b"{}")["Payload"].read()) == "hi"


def test_tags(lam, role):
    arn = create_python(lam, "tagged", role, "def handler(e, c): pass\n", Tags={"team": "a"})["FunctionArn"]
    lam.tag_resource(Resource=arn, Tags={"env": "dev"})
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "a", "env": "dev"}
    lam.untag_resource(Resource=arn, TagKeys=["team"])
    assert lam.get_function(FunctionName="tagged")["Tags"] == {"env": "dev"}


# ---- invoke ----------------------------------------------------------------------------------------------------

def test_python_function_computes_from_event(lam, role):
    create_python(lam, "adder", role, "def handler(event, context):\n    return {'sum': event['a'] + event['b']}\n")
    response, payload = invoke_json(lam, "adder", {"a": 2, "b": 40})
    assert response["StatusCode"] == 200 and "FunctionError" not in response
    assert response["ExecutedVersion"] == "$LATEST"
    assert payload == {"sum": 42}


def test_node_functions_compute_from_event(lam, role):
    lam.create_function(FunctionName="esm", Runtime="nodejs20.x", Role=role, Handler="index.handler",
                        Code={"ZipFile": zip_of({"index.mjs": "export const handler = async (event) => ({ product: event.a * event.b });\n"})})
    lam.create_function(FunctionName="cjs", Runtime="nodejs22.x", Role=role, Handler="src/main.run",
                        Code={"ZipFile": zip_of({"src/main.js": "exports.run = (event, context, callback) => callback(null, event.words.join(' '));\n"})})
    assert invoke_json(lam, "esm", {"a": 6, "b": 7})[1] == {"product": 42}
    assert invoke_json(lam, "cjs", {"words": ["hello", "node"]})[1] == "hello node"


# "Lambda function errors in Python": an exception is the function's error, with its type and stack trace.
def test_python_exception_is_unhandled_function_error(lam, role):
    create_python(lam, "boom", role, "def handler(event, context):\n    raise ValueError('bad input: ' + event['x'])\n")
    response, payload = invoke_json(lam, "boom", {"x": "7"})
    assert response["StatusCode"] == 200 and response["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "ValueError" and payload["errorMessage"] == "bad input: 7"
    assert any("raise ValueError" in line for line in payload["stackTrace"])


def test_node_exception_is_unhandled_function_error(lam, role):
    lam.create_function(FunctionName="nboom", Runtime="nodejs20.x", Role=role, Handler="index.handler",
                        Code={"ZipFile": zip_of({"index.js": "exports.handler = async () => { throw new TypeError('nope'); };\n"})})
    response, payload = invoke_json(lam, "nboom")
    assert response["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "TypeError" and payload["errorMessage"] == "nope" and payload["trace"]


def test_missing_handler_module_is_an_init_error(lam, role):
    lam.create_function(FunctionName="lost", Runtime="python3.12", Role=role, Handler="missing.handler",
                        Code={"ZipFile": zip_of({"app.py": "def handler(e, c): pass\n"})})
    response, payload = invoke_json(lam, "lost")
    assert response["FunctionError"] == "Unhandled" and payload["errorType"] == "Runtime.ImportModuleError"


# "Configure Lambda function timeout": the invocation is stopped and reported as timed out.
def test_timeout_kills_the_function(lam, role):
    source = "import subprocess, time\ndef handler(event, context):\n    subprocess.Popen(['sleep', '30'])\n    time.sleep(30)\n"
    create_python(lam, "sleepy", role, source, Timeout=1)
    started = time.monotonic()
    response, payload = invoke_json(lam, "sleepy")
    assert time.monotonic() - started < 5
    assert response["FunctionError"] == "Unhandled"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [0-9a-f-]{36} Task timed out after 1\.\d\d seconds", payload["errorMessage"])
    # The environment was discarded with its children; the next invocation starts a fresh one and times out again.
    response, payload = invoke_json(lam, "sleepy")
    assert "Task timed out" in payload["errorMessage"]


# "Using Lambda environment variables" and "Defined runtime environment variables".
def test_environment_and_context(lam, role, account):
    source = ("import os\n"
              "def handler(event, context):\n"
              "    keys = ['GREETING', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_REGION', '_HANDLER', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',\n"
              "            'AWS_LAMBDA_LOG_GROUP_NAME', 'TZ', 'AWS_EXECUTION_ENV', 'HOME', 'NIMBUS_PORT']\n"
              "    return {'env': {k: os.environ.get(k) for k in keys}, 'root': os.environ['LAMBDA_TASK_ROOT'] == os.getcwd(),\n"
              "            'ctx': [context.function_name, context.function_version, context.invoked_function_arn,\n"
              "                    context.memory_limit_in_mb, context.log_group_name, context.aws_request_id != ''],\n"
              "            'remaining': context.get_remaining_time_in_millis()}\n")
    create_python(lam, "envy", role, source, MemorySize=256, Timeout=10, Environment={"Variables": {"GREETING": "hello"}})
    payload = invoke_json(lam, "envy")[1]
    assert payload["env"] == {"GREETING": "hello", "AWS_LAMBDA_FUNCTION_NAME": "envy", "AWS_REGION": "us-east-1",
                              "_HANDLER": "app.handler", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
                              "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/envy", "TZ": ":UTC",
                              "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12", "HOME": None, "NIMBUS_PORT": None}
    assert payload["root"] is True
    assert payload["ctx"] == ["envy", "$LATEST", f"arn:aws:lambda:us-east-1:{account}:function:envy", "256", "/aws/lambda/envy", True]
    assert 8000 < payload["remaining"] <= 10000


# "Using CloudWatch Logs with Lambda": LogType=Tail returns the end of the invocation's log.
def test_print_output_in_log_tail(lam, role):
    create_python(lam, "talker", role, "def handler(event, context):\n    print('hello from', event['who'])\n    return 'ok'\n")
    response = lam.invoke(FunctionName="talker", Payload=json.dumps({"who": "nimbus"}), LogType="Tail")
    log = base64.b64decode(response["LogResult"]).decode()
    lines = log.splitlines()
    assert lines[0].startswith("START RequestId: ") and lines[0].endswith("Version: $LATEST")
    assert "hello from nimbus" in lines
    assert lines[-2].startswith("END RequestId: ")
    assert lines[-1].startswith("REPORT RequestId: ") and "Billed Duration:" in lines[-1] and "Max Memory Used:" in lines[-1]
    assert "Init Duration:" in lines[-1]
    warm = base64.b64decode(lam.invoke(FunctionName="talker", Payload=b'{"who": "again"}', LogType="Tail")["LogResult"]).decode()
    assert "hello from again" in warm and "Init Duration" not in warm


def test_warm_environment_is_reused(lam, role):
    create_python(lam, "counter", role, "count = 0\ndef handler(event, context):\n    global count\n    count += 1\n    return count\n")
    assert [invoke_json(lam, "counter")[1] for _ in range(3)] == [1, 2, 3]


# "Building Lambda functions with custom runtimes": provided.al2023 runs the package's bootstrap.
def test_custom_runtime_bootstrap(lam, role):
    bootstrap = ("#!/bin/sh\n"
                 "set -eu\n"
                 "API=\"http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime\"\n"
                 "while true; do\n"
                 "  HEADERS=$(mktemp)\n"
                 "  EVENT=$(curl -sS -D \"$HEADERS\" \"$API/invocation/next\")\n"
                 "  ID=$(grep -i Lambda-Runtime-Aws-Request-Id \"$HEADERS\" | tr -d '\\r' | cut -d' ' -f2)\n"
                 "  curl -sS -X POST \"$API/invocation/$ID/response\" -d \"{\\\"echo\\\": $EVENT, \\\"handler\\\": \\\"$_HANDLER\\\"}\" >/dev/null\n"
                 "done\n")
    lam.create_function(FunctionName="custom", Runtime="provided.al2023", Role=role, Handler="function.handler",
                        Code={"ZipFile": zip_of({"bootstrap": bootstrap}, modes={"bootstrap": 0o755})})
    assert invoke_json(lam, "custom", {"n": 1})[1] == {"echo": {"n": 1}, "handler": "function.handler"}


# "Invoking a Lambda function asynchronously" and the DryRun invocation type.
def test_event_and_dry_run_invocations(lam, role):
    create_python(lam, "bg", role, "def handler(event, context):\n    print('background', event['n'])\n")
    assert lam.invoke(FunctionName="bg", InvocationType="Event", Payload=b'{"n": 1}')["StatusCode"] == 202
    assert lam.invoke(FunctionName="bg", InvocationType="DryRun")["StatusCode"] == 204
    with pytest.raises(ClientError) as excinfo:
        lam.invoke(FunctionName="missing", InvocationType="DryRun")
    assert error_code(excinfo) == "ResourceNotFoundException"


# "Lambda function versions" and "Lambda function aliases".
def test_versions_aliases_and_qualifiers(lam, role):
    create_python(lam, "ver", role, "def handler(e, c): return 'one'\n", Publish=True)
    lam.update_function_code(FunctionName="ver", ZipFile=zip_of({"app.py": "def handler(e, c): return 'two'\n"}))
    lam.get_waiter("function_updated_v2").wait(FunctionName="ver")
    assert invoke_json(lam, "ver")[1] == "two"
    v2 = lam.publish_version(FunctionName="ver")["Version"]
    assert v2 == "2"
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="ver")["Versions"]] == ["$LATEST", "1", "2"]
    response, payload = invoke_json(lam, "ver", Qualifier="1")
    assert payload == "one" and response["ExecutedVersion"] == "1"
    alias = lam.create_alias(FunctionName="ver", Name="live", FunctionVersion="1")
    assert alias["AliasArn"].endswith(":function:ver:live")
    assert invoke_json(lam, "ver:live")[1] == "one"
    lam.update_alias(FunctionName="ver", Name="live", RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
    seen = {invoke_json(lam, "ver", Qualifier="live")[0]["ExecutedVersion"] for _ in range(30)}
    assert seen == {"1", "2"}
    assert [a["Name"] for a in lam.list_aliases(FunctionName="ver")["Aliases"]] == ["live"]
    with pytest.raises(ClientError) as excinfo:
        lam.delete_function(FunctionName="ver", Qualifier="1")
    assert error_code(excinfo) == "ResourceConflictException"
    lam.delete_alias(FunctionName="ver", Name="live")
    lam.delete_function(FunctionName="ver", Qualifier="1")
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="ver")["Versions"]] == ["$LATEST", "2"]


def test_update_configuration_applies_to_the_next_invocation(lam, role):
    create_python(lam, "cfg", role, "import os\ndef handler(e, c): return os.environ.get('MODE')\n", Environment={"Variables": {"MODE": "a"}})
    assert invoke_json(lam, "cfg")[1] == "a"
    updated = lam.update_function_configuration(FunctionName="cfg", Environment={"Variables": {"MODE": "b"}}, Timeout=7)
    assert updated["LastUpdateStatus"] == "InProgress" and updated["Timeout"] == 7
    assert invoke_json(lam, "cfg")[1] == "b"


# "Configuring reserved concurrency for a function" and "Lambda function scaling": beyond the reservation,
# invocations are throttled with TooManyRequestsException; none is lost.
def test_reserved_concurrency_throttles(lam, role):
    create_python(lam, "busy", role, "import time\ndef handler(event, context):\n    time.sleep(1.5)\n    return event['i']\n")
    lam.put_function_concurrency(FunctionName="busy", ReservedConcurrentExecutions=5)
    assert lam.get_function_concurrency(FunctionName="busy")["ReservedConcurrentExecutions"] == 5

    def call(i):
        try:
            return invoke_json(lam, "busy", {"i": i})[1]
        except ClientError as error:
            return error.response["Error"]["Code"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(call, range(20)))
    answered = [r for r in results if isinstance(r, int)]
    throttled = [r for r in results if r == "TooManyRequestsException"]
    assert len(answered) + len(throttled) == 20
    assert 1 <= len(answered) <= 10 and len(throttled) >= 10
    assert answered == sorted(set(answered), key=answered.index)
    lam.delete_function_concurrency(FunctionName="busy")
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName="busy")


def test_reserved_concurrency_of_zero_stops_invocations(lam, role):
    create_python(lam, "off", role, "def handler(e, c): return 1\n")
    lam.put_function_concurrency(FunctionName="off", ReservedConcurrentExecutions=0)
    with pytest.raises(ClientError) as excinfo:
        lam.invoke(FunctionName="off", Payload=b"{}")
    assert error_code(excinfo) == "TooManyRequestsException"
    assert excinfo.value.response["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"


# ---- the execution role ----------------------------------------------------------------------------------------

CALLER_SOURCE = """
import boto3
def handler(event, context):
    identity = boto3.client('sts').get_caller_identity()
    try:
        value = boto3.client('ssm').get_parameter(Name='/app/color')['Parameter']['Value']
    except Exception as error:
        value = type(error).__name__ + ': ' + getattr(error, 'response', {}).get('Error', {}).get('Code', '')
    return {'arn': identity['Arn'], 'account': identity['Account'], 'value': value}
"""


# "Lambda execution role": the function's SDK calls are made as the role and held to its policies.
def test_sdk_calls_inside_the_handler_are_made_as_the_role(nimbus, lam, iam, account):
    nimbus.client("ssm", access_key=account).put_parameter(Name="/app/color", Value="blue", Type="String")
    allowed = make_role(iam, "reader", policy={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}]})
    denied = make_role(iam, "nothing")
    create_python(lam, "reads", allowed, CALLER_SOURCE, Timeout=20)
    create_python(lam, "blocked", denied, CALLER_SOURCE, Timeout=20)
    ok = invoke_json(lam, "reads")[1]
    assert ok == {"arn": f"arn:aws:sts::{account}:assumed-role/reader/reads", "account": account, "value": "blue"}
    refused = invoke_json(lam, "blocked")[1]
    assert refused["arn"] == f"arn:aws:sts::{account}:assumed-role/nothing/blocked"
    assert refused["value"].endswith(": AccessDeniedException")


# "Grant a user permission to pass a role to an AWS service" (iam:PassRole).
def test_create_function_needs_pass_role(nimbus, iam, role):
    iam.create_user(UserName="dev")
    iam.put_user_policy(UserName="dev", PolicyName="lambda", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="dev")["AccessKey"]
    dev = nimbus.client("lambda", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
    with pytest.raises(ClientError) as excinfo:
        create_python(dev, "passless", role, "def handler(e, c): pass\n")
    assert error_code(excinfo) == "AccessDeniedException"
    iam.put_user_policy(UserName="dev", PolicyName="pass", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": role,
                                                 "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}]}))
    create_python(dev, "passless", role, "def handler(e, c): return 'ok'\n")
    assert invoke_json(dev, "passless")[1] == "ok"


# ---- the AWS CLI -----------------------------------------------------------------------------------------------

def test_cli_create_and_invoke(nimbus, tmp_path, account, role):
    env = {"AWS_ACCESS_KEY_ID": account}
    package = tmp_path / "fn.zip"
    package.write_bytes(zip_of({"app.py": "def handler(event, context):\n    return {'twice': event['n'] * 2}\n"}))
    created = nimbus.cli_json("lambda", "create-function", "--function-name", "cli-fn", "--runtime", "python3.13",
                              "--role", role, "--handler", "app.handler", "--zip-file", f"fileb://{package}", env_extra=env)
    assert created["FunctionName"] == "cli-fn"
    out = tmp_path / "out.json"
    result = nimbus.cli_json("lambda", "invoke", "--function-name", "cli-fn", "--payload", '{"n": 21}', str(out), env_extra=env)
    assert result["StatusCode"] == 200
    assert json.loads(out.read_text()) == {"twice": 42}
    tail = nimbus.cli_json("lambda", "invoke", "--function-name", "cli-fn", "--payload", '{"n": 1}', "--log-type", "Tail",
                           str(out), env_extra=env)
    assert "REPORT RequestId" in base64.b64decode(tail["LogResult"]).decode()
    event = nimbus.cli_json("lambda", "invoke", "--function-name", "cli-fn", "--invocation-type", "Event", "--payload", '{"n": 1}',
                            str(out), env_extra=env)
    assert event["StatusCode"] == 202
    listed = nimbus.cli_json("lambda", "list-functions", env_extra=env)
    assert [f["FunctionName"] for f in listed["Functions"]] == ["cli-fn"]
    nimbus.cli("lambda", "delete-function", "--function-name", "cli-fn", env_extra=env)


# "Configure Lambda function memory": the function cannot use more than its memory setting.
def test_memory_is_limited(lam, role):
    create_python(lam, "hungry", role, "def handler(event, context):\n    block = bytearray(event['mb'] * 1024 * 1024)\n    return len(block)\n",
                  MemorySize=128)
    assert invoke_json(lam, "hungry", {"mb": 16})[1] == 16 * 1024 * 1024
    response, payload = invoke_json(lam, "hungry", {"mb": 600})
    assert response["FunctionError"] == "Unhandled"
    assert payload["errorType"] in ("MemoryError", "Runtime.ExitError")


def test_idle_environment_is_frozen(lam, role):
    import subprocess
    create_python(lam, "frozen", role, "import os\ndef handler(event, context):\n    return os.getpid()\n")
    pid = invoke_json(lam, "frozen")[1]
    time.sleep(0.3)
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    assert state.startswith("T")
    assert invoke_json(lam, "frozen")[1] == pid


# "Error handling and automatic retries in Lambda": an asynchronous invocation that fails is retried twice.
def test_event_invocation_runs_in_the_background_and_is_retried(nimbus, lam, iam, account):
    writer = make_role(iam, "writer", policy={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ssm:PutParameter", "Resource": "*"}]})
    source = ("import boto3\n"
              "attempts = 0\n"
              "def handler(event, context):\n"
              "    global attempts\n"
              "    attempts += 1\n"
              "    if attempts < 3:\n"
              "        raise RuntimeError('not yet')\n"
              "    boto3.client('ssm').put_parameter(Name='/async/' + event['tag'], Value=str(attempts), Type='String')\n")
    create_python(lam, "retried", writer, source, Timeout=20)
    assert lam.invoke(FunctionName="retried", InvocationType="Event", Payload=b'{"tag": "x"}')["StatusCode"] == 202
    ssm = nimbus.client("ssm", access_key=account)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            assert ssm.get_parameter(Name="/async/x")["Parameter"]["Value"] == "3"
            return
        except ClientError:
            time.sleep(0.2)
    pytest.fail("the event was not delivered three times")


# "Lambda runtimes": a function on a runtime Nimbus has no program for is kept, and refused at invoke.
def test_runtime_without_a_program_is_refused_at_invoke(lam, role):
    lam.create_function(FunctionName="java", Runtime="java21", Role=role, Handler="example.Handler::handleRequest",
                        Code={"ZipFile": zip_of({"Handler.class": b"\xca\xfe\xba\xbe"})})
    with pytest.raises(ClientError) as excinfo:
        lam.invoke(FunctionName="java", Payload=b"{}")
    assert error_code(excinfo) == "InvalidRuntimeException"


def test_node_es_module_package(lam, role):
    files = {"package.json": '{"type": "module"}', "app.js": "export const go = async (event, context) => ({ name: context.functionName, n: event.n + 1 });\n"}
    lam.create_function(FunctionName="esm-pkg", Runtime="nodejs20.x", Role=role, Handler="app.go", Code={"ZipFile": zip_of(files)})
    assert invoke_json(lam, "esm-pkg", {"n": 1})[1] == {"name": "esm-pkg", "n": 2}


# "Lambda quotas" as GetAccountSettings reports them.
def test_account_settings(lam, role):
    create_python(lam, "one", role, "def handler(e, c): pass\n")
    lam.put_function_concurrency(FunctionName="one", ReservedConcurrentExecutions=10)
    settings = lam.get_account_settings()
    assert settings["AccountLimit"]["ConcurrentExecutions"] == 1000
    assert settings["AccountLimit"]["UnreservedConcurrentExecutions"] == 990
    assert settings["AccountUsage"]["FunctionCount"] == 1 and settings["AccountUsage"]["TotalCodeSize"] > 0


def test_functions_survive_a_restart(fresh_nimbus):
    server = fresh_nimbus()
    iam, lam = server.client("iam"), server.client("lambda")
    create_python(lam, "kept", make_role(iam, "r"), "def handler(e, c): return 'still here'\n")
    assert invoke_json(lam, "kept")[1] == "still here"
    server.restart()
    assert invoke_json(server.client("lambda"), "kept")[1] == "still here"


# "Using CloudWatch Logs with Lambda": group /aws/lambda/NAME, a stream per environment named
# YYYY/MM/DD/[VERSION] and 32 hex digits, START / output / END / REPORT. Runs once the Logs service answers.
def test_logs_reach_cloudwatch_logs(nimbus, lam, role, account):
    create_python(lam, "logged", role, "def handler(event, context):\n    print('line for logs')\n    return 1\n")
    invoke_json(lam, "logged")
    logs = nimbus.client("logs", access_key=account)
    try:
        streams = logs.describe_log_streams(logGroupName="/aws/lambda/logged")["logStreams"]
    except ClientError as error:
        if error.response["Error"]["Code"] == "NotImplemented":
            pytest.skip("CloudWatch Logs is not built in this tree yet")
        raise
    assert len(streams) == 1 and re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", streams[0]["logStreamName"])
    messages = [e["message"].rstrip("\n") for e in logs.get_log_events(logGroupName="/aws/lambda/logged",
                                                                        logStreamName=streams[0]["logStreamName"])["events"]]
    assert messages[0].startswith("START RequestId:") and "line for logs" in messages
    assert messages[-2].startswith("END RequestId:") and messages[-1].startswith("REPORT RequestId:")


def test_a_flood_of_output_is_cut_to_its_end(lam, role):
    create_python(lam, "noisy", role, "def handler(event, context):\n    for i in range(200000):\n        print('line', i)\n    return 'done'\n",
                  Timeout=30)
    response = lam.invoke(FunctionName="noisy", Payload=b"{}", LogType="Tail")
    assert json.loads(response["Payload"].read()) == "done"
    tail = base64.b64decode(response["LogResult"]).decode()
    assert "line 199999" in tail and tail.splitlines()[-1].startswith("REPORT")


# "Lambda execution environment": each environment has its own temporary storage.
def test_each_environment_has_its_own_temporary_directory(lam, role):
    source = "import tempfile\ndef handler(event, context):\n    return tempfile.gettempdir()\n"
    create_python(lam, "tmp-a", role, source)
    create_python(lam, "tmp-b", role, source)
    a, b = invoke_json(lam, "tmp-a")[1], invoke_json(lam, "tmp-b")[1]
    assert a != b and a != "/tmp" and invoke_json(lam, "tmp-a")[1] == a


def test_client_context_reaches_the_handler(lam, role):
    create_python(lam, "ctx", role, "def handler(event, context):\n    return context.client_context.custom\n")
    client_context = base64.b64encode(json.dumps({"custom": {"app": "mobile"}}).encode()).decode()
    assert invoke_json(lam, "ctx", ClientContext=client_context)[1] == {"app": "mobile"}


def test_layers_that_do_not_exist_are_refused(lam, role):
    with pytest.raises(ClientError) as excinfo:
        create_python(lam, "layered", role, "def handler(e, c): pass\n",
                      Layers=["arn:aws:lambda:us-east-1:123456789012:layer:shared:1"])
    assert error_code(excinfo) == "InvalidParameterValueException" and "does not exist" in excinfo.value.response["Error"]["Message"]


# "Lambda deployment packages": code uploaded to S3 and named by S3Bucket / S3Key.
def test_code_from_s3(nimbus, lam, role, account):
    s3 = nimbus.client("s3", access_key=account)
    s3.create_bucket(Bucket=f"code-{account}")
    s3.put_object(Bucket=f"code-{account}", Key="fn.zip", Body=zip_of({"app.py": "def handler(e, c):\n    return 'from s3'\n"}))
    lam.create_function(FunctionName="s3code", Runtime="python3.12", Role=role, Handler="app.handler",
                        Code={"S3Bucket": f"code-{account}", "S3Key": "fn.zip"})
    assert invoke_json(lam, "s3code")[1] == "from s3"
    with pytest.raises(ClientError) as excinfo:
        lam.create_function(FunctionName="s3missing", Runtime="python3.12", Role=role, Handler="app.handler",
                            Code={"S3Bucket": f"code-{account}", "S3Key": "missing.zip"})
    assert error_code(excinfo) == "InvalidParameterValueException"


def test_reset_ends_warm_environments(fresh_nimbus):
    import os
    server = fresh_nimbus()
    iam = server.client("iam")
    lam = server.client("lambda", read_timeout=60)
    role = make_role(iam, "reset-role")
    create_python(lam, "warm", role, "import os\ndef handler(event, context):\n    return os.getpid()\n")
    pid = invoke_json(lam, "warm")[1]
    time.sleep(0.2)  # back in the pool, idle
    server.reset()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    pytest.fail(f"the function's process {pid} outlived the reset")
