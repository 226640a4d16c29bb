#!/usr/bin/env python3
"""SCP overhead (issue 8): the same signed EC2 call by an IAM user with the same identity policies, once in an
account outside any organization and once in a member account five OUs deep, with 3 SCPs on the root, on each OU
and on the account (7 levels, 21 SCPs, every one read on every request: FullAWSAccess plus two guardrails of
conditioned denies that don't match).

    python3 benchmarks/organizations.py [--nimbus-bin PATH] [--duration 10] [--repeat 3]

Runs are interleaved on one server; every response is checked for the zone list. Target: the organization costs
less than 10% of the throughput of the enforced call without one.
"""
import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402

BODY = b"Action=DescribeAvailabilityZones&Version=2016-11-15"
EXPECT = (b"<zoneName>us-east-1a</zoneName>",)
STANDALONE = "111100002222"
MANAGEMENT = "111100003333"


def guardrail(level: int, n: int) -> str:
    """Five conditioned Deny statements that never match the benchmarked call: all must be read."""
    statements = [
        {"Sid": f"L{level}G{n}Region", "Effect": "Deny", "NotAction": ["iam:*", "sts:*", "organizations:*"], "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
        {"Sid": f"L{level}G{n}Type", "Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*",
         "Condition": {"StringNotEquals": {"ec2:InstanceType": ["t3.micro", "t3.small"]}}},
        {"Sid": f"L{level}G{n}Leave", "Effect": "Deny", "Action": ["organizations:LeaveOrganization", "account:*"], "Resource": "*"},
        {"Sid": f"L{level}G{n}Root", "Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:root"]}}},
        {"Sid": f"L{level}G{n}Ip", "Effect": "Deny", "Action": "s3:*", "Resource": "*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["127.0.0.0/8", "10.0.0.0/8"]}}},
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def identity_user(server, account: str, name: str = "bench"):
    iam = lib.boto3_client(server, "iam", access_key=account)
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess")
    return iam.create_access_key(UserName=name)["AccessKey"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    lib.add_load_args(parser)
    args = parser.parse_args()
    setup = lib.load_setup(args, log_level="warning")
    if setup is None:
        return 2
    spec, wrk = setup
    results = {"no organization": [], "member, 5 OUs deep": []}
    with lib.ServerProcess(spec) as server:
        lib.time_to_first_answer(server, lib.sign_query_request("127.0.0.1", server.port))
        org = lib.boto3_client(server, "organizations", access_key=MANAGEMENT)
        org.create_organization()
        root = org.list_roots()["Roots"][0]["Id"]
        org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        targets, parent = [root], root
        for depth in range(1, 6):
            parent = org.create_organizational_unit(ParentId=parent, Name=f"level-{depth}")["OrganizationalUnit"]["Id"]
            targets.append(parent)
        member = org.create_account(Email="bench@example.com", AccountName="bench")["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=member, SourceParentId=root, DestinationParentId=parent)
        targets.append(member)
        # Users first: the guardrails deny the root user everything.
        keys = {"no organization": identity_user(server, STANDALONE), "member, 5 OUs deep": identity_user(server, member)}
        for level, target in enumerate(targets):
            for n in range(2):  # with FullAWSAccess, 3 SCPs on every level
                pid = org.create_policy(Name=f"guardrail-{level}-{n}", Description="bench", Type="SERVICE_CONTROL_POLICY",
                                        Content=guardrail(level, n))["Policy"]["PolicySummary"]["Id"]
                org.attach_policy(PolicyId=pid, TargetId=target)
        requests = {who: lib.sign_query_request("127.0.0.1", server.port, body=BODY, service="ec2",
                                                access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
                    for who, key in keys.items()}
        if not lib.load_each(requests, EXPECT, args, wrk, server.workdir, results):
            return 1
    base = lib.median([r["rps"] for r in results["no organization"]])
    member_rps = lib.median([r["rps"] for r in results["member, 5 OUs deep"]])
    cost = (1 - member_rps / base) * 100
    info = lib.machine_info()
    print()
    print("## SCP overhead: signed EC2 DescribeAvailabilityZones by an IAM user, outside an organization vs 5 OUs deep with 3 SCPs per level")
    print()
    print(f"- Command: `python3 benchmarks/organizations.py {' '.join(sys.argv[1:])}`")
    print(f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {info.get('cpu', '?')}, nproc {info.get('nproc', '?')}; {spec.version}")
    print(f"- wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.repeat} interleaved runs each, every response checked")
    print()
    print("| caller | req/s (median) | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for who, runs in results.items():
        print(f"| {who} | {lib.median([r['rps'] for r in runs]):,.0f} | {lib.median([r['p50_ms'] for r in runs]):.2f} | {lib.median([r['p99_ms'] for r in runs]):.2f} |")
    print()
    print(f"The organization costs {cost:.1f}% of the enforced call's throughput (target: under 10%).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
