#!/usr/bin/env python3
"""Enforcement overhead (issue 3): the same signed EC2 call made by root (no policy evaluated) and by an IAM user
whose 10 attached policies of 10 statements each, with conditions, are evaluated on every request.

    python3 benchmarks/enforcement.py [--nimbus-bin PATH] [--duration 10] [--repeat 3]

Runs are interleaved (root, user, root, user...) on one server; every response is checked for the zone list.
Reports the median requests/s of each and the cost of enforcement as a percentage of root's throughput.
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


def policy(n: int, last: int = 9) -> str:
    statements = []
    for i in range(10):
        statements.append({
            "Sid": f"P{n}S{i}",
            "Effect": "Allow",
            # Only the last policy's last statement grants the benchmarked action; the rest must still be read.
            "Action": "ec2:DescribeAvailabilityZones" if (n, i) == (last, 9) else [f"ec2:Describe{n}Thing{i}", f"s3:Get{i}*"],
            "Resource": "*",
            "Condition": {
                "StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]},
                "IpAddress": {"aws:SourceIp": ["127.0.0.0/8", "10.0.0.0/8"]},
                "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"},
            },
        })
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    lib.add_load_args(parser)
    parser.add_argument("--policies", type=int, default=10, help="attached policies of 10 statements each (1 to 10)")
    args = parser.parse_args()
    setup = lib.load_setup(args, log_level="info")
    if setup is None:
        return 2
    spec, wrk = setup
    import boto3
    results = {"root": [], "user": []}
    with lib.ServerProcess(spec) as server:
        lib.time_to_first_answer(server, lib.sign_query_request("127.0.0.1", server.port))
        iam = boto3.client("iam", endpoint_url=f"http://127.0.0.1:{server.port}", region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        iam.create_user(UserName="bench")
        for n in range(args.policies):
            arn = iam.create_policy(PolicyName=f"bench-{n}", PolicyDocument=policy(n, last=args.policies - 1))["Policy"]["Arn"]
            iam.attach_user_policy(UserName="bench", PolicyArn=arn)
        key = iam.create_access_key(UserName="bench")["AccessKey"]
        requests = {
            "root": lib.sign_query_request("127.0.0.1", server.port, body=BODY, service="ec2"),
            "user": lib.sign_query_request("127.0.0.1", server.port, body=BODY, service="ec2",
                                           access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"]),
        }
        if not lib.load_each(requests, EXPECT, args, wrk, server.workdir, results):
            return 1
    root = lib.median([r["rps"] for r in results["root"]])
    user = lib.median([r["rps"] for r in results["user"]])
    cost = (1 - user / root) * 100
    info = lib.machine_info()
    print()
    print(f"## Enforcement overhead: signed EC2 DescribeAvailabilityZones, root vs user with {args.policies} x 10 policies")
    print()
    print(f"- Command: `python3 benchmarks/enforcement.py {' '.join(sys.argv[1:])}`")
    print(f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {info.get('cpu', '?')}, nproc {info.get('nproc', '?')}; {spec.version}")
    print(f"- wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.repeat} interleaved runs each, every response checked")
    print()
    print("| caller | req/s (median) | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for who in ("root", "user"):
        runs = results[who]
        print(f"| {who} | {lib.median([r['rps'] for r in runs]):,.0f} | {lib.median([r['p50_ms'] for r in runs]):.2f} | {lib.median([r['p99_ms'] for r in runs]):.2f} |")
    print()
    print(f"Enforcement costs {cost:.1f}% of root's throughput (target: under 15%).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
