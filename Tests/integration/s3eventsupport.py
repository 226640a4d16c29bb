"""Helpers for the S3 event notification tests: a Lambda function that prints each event record it gets, and the
records read back from its CloudWatch Logs."""
import json
import time

import botocore.exceptions

from lambdasupport import create_python, make_role

PRINTER = "import json\ndef handler(event, context):\n    for record in event['Records']:\n        print('EVENT ' + json.dumps(record))\n"


def function(clients, name, bucket=None, allow=True, account=None):
    """A printing function NAME that S3 may invoke for `bucket` of `account` (the clients' own by default); its ARN."""
    _, lam, _, iam = clients
    role = make_role(iam, f"{name}-role")
    arn = create_python(lam, name, role, PRINTER)["FunctionArn"]
    if allow:
        # "Granting permissions to invoke an AWS Lambda function": S3, from this bucket in this account.
        lam.add_permission(FunctionName=name, StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                           SourceArn=f"arn:aws:s3:::{bucket}", SourceAccount=account or arn.split(":")[4])
    return arn


def events(logs, name, count, timeout=30.0):
    """The event records the function printed, once `count` have arrived."""
    deadline = time.monotonic() + timeout
    found = []
    while time.monotonic() < deadline:
        found = printed(logs, name)
        if len(found) >= count:
            return sorted(found, key=lambda r: (r["eventTime"], r["s3"]["object"].get("sequencer", "")))
        time.sleep(0.2)
    raise AssertionError(f"{len(found)} of {count} events arrived: {found}")


def printed(logs, name):
    """The event records the function has printed so far."""
    try:
        return [json.loads(e["message"].split("EVENT ", 1)[1]) for e in logs.filter_log_events(logGroupName=f"/aws/lambda/{name}")["events"]
                if "EVENT " in e["message"]]
    except botocore.exceptions.ClientError:
        return []


def lambda_configuration(arn, events, **filters):
    configuration = {"Id": "to-lambda", "LambdaFunctionArn": arn, "Events": events}
    if filters:
        configuration["Filter"] = {"Key": {"FilterRules": [{"Name": k, "Value": v} for k, v in filters.items()]}}
    return configuration
