"""The IAM policy simulator ("Testing IAM policies with the IAM policy simulator"; SimulatePrincipalPolicy,
SimulateCustomPolicy): the evaluator that enforces requests, answering what-if questions with its reasons."""
import json
import subprocess
import zlib

import pytest


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


@pytest.fixture
def iam(nimbus, request):
    return nimbus.client("iam", access_key=str(500000000000 + zlib.crc32(request.node.name.encode()) % 99999999999))


def test_simulate_custom_policy(iam):
    policy = doc({"Sid": "ReadBucket", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
                 {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/secret/*"})
    results = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject", "s3:PutObject"],
                                         ResourceArns=["arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::reports/secret/pay.csv"])["EvaluationResults"]
    decisions = {(r["EvalActionName"], r["EvalResourceName"]): r["EvalDecision"] for r in results}
    assert decisions == {
        ("s3:GetObject", "arn:aws:s3:::reports/q1.csv"): "allowed",
        ("s3:GetObject", "arn:aws:s3:::reports/secret/pay.csv"): "explicitDeny",
        ("s3:PutObject", "arn:aws:s3:::reports/q1.csv"): "implicitDeny",
        ("s3:PutObject", "arn:aws:s3:::reports/secret/pay.csv"): "implicitDeny",
    }
    denied = next(r for r in results if r["EvalDecision"] == "explicitDeny")
    assert denied["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.1"


def test_simulate_context_entries_and_missing_values(iam):
    policy = doc({"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*",
                  "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro"}}})
    missing = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["ec2:RunInstances"])["EvaluationResults"][0]
    assert missing["EvalDecision"] == "implicitDeny" and "ec2:InstanceType" in [k.lower() for k in missing["MissingContextValues"]] + missing["MissingContextValues"]
    entry = lambda value: [{"ContextKeyName": "ec2:InstanceType", "ContextKeyValues": [value], "ContextKeyType": "string"}]
    assert iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["ec2:RunInstances"],
                                      ContextEntries=entry("t3.micro"))["EvaluationResults"][0]["EvalDecision"] == "allowed"
    assert iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["ec2:RunInstances"],
                                      ContextEntries=entry("t3.large"))["EvaluationResults"][0]["EvalDecision"] == "implicitDeny"


def test_simulate_principal_policy_with_groups_and_boundary(iam):
    iam.create_user(UserName="sim")
    iam.create_group(GroupName="sim-group")
    iam.add_user_to_group(GroupName="sim-group", UserName="sim")
    iam.attach_group_policy(GroupName="sim-group", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    arn = iam.get_user(UserName="sim")["User"]["Arn"]
    result = iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=["s3:GetObject", "s3:DeleteBucket"])["EvaluationResults"]
    assert [r["EvalDecision"] for r in result] == ["allowed", "implicitDeny"]
    assert result[0]["MatchedStatements"][0]["SourcePolicyType"] == "aws-managed"
    boundary = doc({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"})
    capped = iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=["s3:GetObject"],
                                           PermissionsBoundaryPolicyInputList=[boundary])["EvaluationResults"][0]
    assert capped["EvalDecision"] == "implicitDeny"
    assert capped["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"] is False


def test_nimbus_simulate_command(tmp_path, nimbus_bin):
    policy = tmp_path / "policy.json"
    policy.write_text(doc({"Sid": "Reports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}))
    allowed = subprocess.run([str(nimbus_bin), "simulate", "--policy", str(policy), "--action", "s3:GetObject",
                              "--resource", "arn:aws:s3:::reports/a.csv"], capture_output=True, text=True, timeout=30)
    assert allowed.returncode == 0, allowed.stderr
    assert "allowed" in allowed.stdout and "Reports" in allowed.stdout
    denied = subprocess.run([str(nimbus_bin), "simulate", "--policy", str(policy), "--action", "s3:PutObject",
                             "--resource", "arn:aws:s3:::reports/a.csv"], capture_output=True, text=True, timeout=30)
    assert denied.returncode == 1 and "implicitDeny" in denied.stdout
