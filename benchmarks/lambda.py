#!/usr/bin/env python3
"""Lambda (issue 7): functions that really run, measured on one Nimbus server.

  * cold start   -- a new trivial Python function's first Invoke, client round trip (process spawn, Runtime API
                    listener, interpreter start, handler import, the event and the answer), median of --cold N
                    functions;
  * warm invoke  -- sequential Invokes of a warm environment on one keep-alive connection (p50, p99), beside the
                    same connection's GetFunctionConfiguration: the difference is Nimbus's time around the handler
                    (hand-off through the Runtime API, the runtime's two HTTP calls, freeze and thaw, the log);
  * throughput   -- wrk with 8 connections replaying one signed Invoke (8 warm environments), every answer checked;
  * control plane side by side with moto's server (which cannot run functions without Docker): CreateFunction
    and GetFunction, sequential boto3 calls.

    python3 benchmarks/lambda.py [--nimbus-bin PATH] [--cold 10] [--warm 500] [--duration 10] [--only nimbus]

Targets (issue 7): cold start under 150 ms, warm overhead p50 under 2 ms, 1,000 warm invokes/s across 8 clients.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402

ACCOUNT = "123456789012"
TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}
SOURCE = "def handler(event, context):\n    return event\n"
EVENT = b'{"ping": 1}'


NODE_SOURCE = "exports.handler = async (event) => event;\n"


def package(name: str = "app.py", source: str = SOURCE) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, source)
    return buffer.getvalue()


def signed_rest(port: int, method: str, path: str, body: bytes = b"") -> lib.SignedRequest:
    """A SigV4-signed rest-json Lambda request that can be replayed (15 minutes of clock skew)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    url = f"http://127.0.0.1:{port}{path}"
    request = AWSRequest(method=method, url=url, data=body, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(ACCOUNT, "test"), "lambda", "us-east-1").add_auth(request)
    headers = dict(request.headers.items())
    headers["Host"] = f"127.0.0.1:{port}"
    return lib.SignedRequest(method, "127.0.0.1", port, path, headers, body)


def sequential_ms(client: lib.KeepAliveClient, request: lib.SignedRequest, n: int, expect: bytes) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        status, body = client.send(request)
        times.append((time.perf_counter() - t0) * 1000)
        if status != 200 or expect not in body:
            raise RuntimeError(f"wrong answer {status}: {body[:300]!r}")
    return times


def control_plane(server, role: str, n: int) -> dict:
    lam = lib.boto3_client(server, "lambda", access_key=ACCOUNT)
    zipped = package()
    create, get = [], []
    for i in range(n):
        t0 = time.perf_counter()
        lam.create_function(FunctionName=f"cp-{i}", Runtime="python3.12", Role=role, Handler="app.handler", Code={"ZipFile": zipped})
        create.append((time.perf_counter() - t0) * 1000)
    for i in range(n):
        t0 = time.perf_counter()
        lam.get_function(FunctionName=f"cp-{i}")
        get.append((time.perf_counter() - t0) * 1000)
    return {"create_ms": statistics.median(create), "get_ms": statistics.median(get)}


def make_role(server) -> str:
    iam = lib.boto3_client(server, "iam", access_key=ACCOUNT)
    return iam.create_role(RoleName="bench", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]


def bench_nimbus(spec, args, wrk) -> dict:
    out: dict = {}
    with lib.ServerProcess(spec) as server:
        lib.time_to_first_answer(server, lib.sign_query_request("127.0.0.1", server.port))
        role = make_role(server)
        lam = lib.boto3_client(server, "lambda", access_key=ACCOUNT)
        zipped = package()
        cold = []
        with lib.KeepAliveClient("127.0.0.1", server.port) as client:
            for i in range(args.cold):
                lam.create_function(FunctionName=f"cold-{i}", Runtime="python3.12", Role=role, Handler="app.handler",
                                    Code={"ZipFile": zipped})
                cold += sequential_ms(client, signed_rest(server.port, "POST", f"/2015-03-31/functions/cold-{i}/invocations", EVENT), 1, b'"ping"')
            node_zip = package("index.js", NODE_SOURCE)
            node_cold = []
            for i in range(args.cold):
                lam.create_function(FunctionName=f"node-{i}", Runtime="nodejs20.x", Role=role, Handler="index.handler",
                                    Code={"ZipFile": node_zip})
                node_cold += sequential_ms(client, signed_rest(server.port, "POST", f"/2015-03-31/functions/node-{i}/invocations", EVENT), 1, b'"ping"')
            out["node_cold_ms"] = statistics.median(node_cold)
            lam.create_function(FunctionName="warm", Runtime="python3.12", Role=role, Handler="app.handler", Code={"ZipFile": zipped})
            invoke = signed_rest(server.port, "POST", "/2015-03-31/functions/warm/invocations", EVENT)
            config = signed_rest(server.port, "GET", "/2015-03-31/functions/warm/configuration")
            sequential_ms(client, invoke, 20, b'"ping"')
            warm, plain = [], []
            for _ in range(args.warm // 50):  # interleaved, so noise hits both alike
                warm += sequential_ms(client, invoke, 50, b'"ping"')
                plain += sequential_ms(client, config, 50, b'"FunctionName"')
        out["cold_ms"] = statistics.median(cold)
        out["cold_min_ms"], out["cold_max_ms"] = min(cold), max(cold)
        out["warm_p50_ms"], out["warm_p99_ms"] = lib.percentile(warm, 50), lib.percentile(warm, 99)
        out["plain_p50_ms"] = lib.percentile(plain, 50)
        out["overhead_p50_ms"] = out["warm_p50_ms"] - out["plain_p50_ms"]
        lib.run_wrk(invoke, [b'"ping"'], 2, threads=2, connections=8, wrk=wrk, workdir=server.workdir)
        load = lib.run_wrk(invoke, [b'"ping"'], args.duration, threads=2, connections=8, wrk=wrk, workdir=server.workdir)
        if not load["ok"]:
            raise RuntimeError(f"wrong answers under load: {load['raw']}")
        out["rps"], out["load_p50_ms"], out["load_p99_ms"] = load["rps"], load["p50_ms"], load["p99_ms"]
        out.update(control_plane(server, role, args.control))
    return out


def bench_moto(args) -> dict | None:
    try:
        spec = lib.moto_spec()
    except Exception as error:  # moto not installed: report Nimbus alone
        print(f"moto: {error}", file=sys.stderr)
        return None
    with lib.ServerProcess(spec) as server:
        lib.time_to_first_answer(server, lib.sign_query_request("127.0.0.1", server.port), timeout=60)
        return control_plane(server, make_role(server), args.control)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nimbus-bin")
    parser.add_argument("--cold", type=int, default=10)
    parser.add_argument("--warm", type=int, default=500)
    parser.add_argument("--control", type=int, default=50)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--only", choices=["nimbus"])
    args = parser.parse_args()
    setup = lib.load_setup(args, log_level="warning")
    if setup is None:
        return 2
    spec, wrk = setup
    nimbus = bench_nimbus(spec, args, wrk)
    moto = None if args.only else bench_moto(args)
    info = lib.machine_info()
    print()
    print("## Lambda: functions that run")
    print()
    print(f"- Command: `python3 benchmarks/lambda.py {' '.join(sys.argv[1:])}`")
    print(f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {info.get('cpu', '?')}, nproc {info.get('nproc', '?')}; {spec.version}")
    print()
    print("| figure | Nimbus | target |")
    print("|---|---|---|")
    print(f"| cold start to first response (python3.12, median of {args.cold}) | {nimbus['cold_ms']:.1f} ms "
          f"(min {nimbus['cold_min_ms']:.1f}, max {nimbus['cold_max_ms']:.1f}) | < 150 ms |")
    print(f"| cold start to first response (nodejs20.x, median of {args.cold}) | {nimbus['node_cold_ms']:.1f} ms | |")
    print(f"| warm Invoke p50 / p99 (one client, keep-alive) | {nimbus['warm_p50_ms']:.2f} / {nimbus['warm_p99_ms']:.2f} ms | |")
    print(f"| GetFunctionConfiguration p50 on the same connection | {nimbus['plain_p50_ms']:.2f} ms | |")
    print(f"| Nimbus's time around the handler, p50 (the difference) | {nimbus['overhead_p50_ms']:.2f} ms | < 2 ms |")
    print(f"| warm invokes/s, 8 clients (wrk -c8, {args.duration} s) | {nimbus['rps']:,.0f} (p50 {nimbus['load_p50_ms']:.2f} ms, "
          f"p99 {nimbus['load_p99_ms']:.2f} ms) | 1,000 |")
    print()
    print(f"Control plane, sequential boto3 calls, median of {args.control}:")
    print()
    print("| call | Nimbus | moto |")
    print("|---|---|---|")
    for key, name in (("create_ms", "CreateFunction"), ("get_ms", "GetFunction")):
        print(f"| {name} | {nimbus[key]:.2f} ms | {f'{moto[key]:.2f} ms' if moto else 'not run'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
