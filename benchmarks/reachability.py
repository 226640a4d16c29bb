#!/usr/bin/env python3
"""Reachability Analyzer through the EC2 API: StartNetworkInsightsAnalysis in a Region filled to AWS's default
quotas, Nimbus and moto's server in one run.

State (as ec2_networking.py builds it, plus what paths cross): the default VPC deleted, 5 VPCs x 200 subnets =
1,000 subnets; 400 security groups per VPC = 2,000, each admitting tcp 443 from the group before it (references);
5 network interfaces per subnet = 5,000 (the per-Region quota); an internet gateway per VPC and 40 route tables
per VPC = 200, each associated with 5 subnets and routing 0.0.0.0/0 to the gateway.

Measured, per path, on one keep-alive connection with pre-signed requests: StartNetworkInsightsAnalysis (which runs
the analysis and stores its result), then DescribeNetworkInsightsAnalyses of it. Nimbus's own per-request time
(its log's ms=) is reported too. moto 5 has no Reachability Analyzer: the run records its answer to
CreateNetworkInsightsPath. The library alone (no HTTP, no store) is benchmarks/reachability/.

    python3 benchmarks/reachability.py --nimbus-bin .build/release/nimbus --iterations 200 \\
            --markdown benchmarks/results/reachability.md
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402
import ec2_networking as net  # noqa: E402

REGION = "us-east-1"


def build_state(sp: lib.ServerProcess, lay: net.Layout, workers: int) -> tuple[net.State, dict]:
    net.remove_default_vpc(sp, REGION, sys.stdout)
    state, timings = net.populate(sp, lay, workers, REGION, sys.stdout)
    ec2 = lib.boto3_client(sp, "ec2", region=REGION)
    t0 = time.perf_counter()
    for v in range(lay.vpcs):
        for i in range(lay.sgs_per_vpc):
            previous = state.sgs[(v, (i - 1) % lay.sgs_per_vpc)]
            ec2.authorize_security_group_ingress(GroupId=state.sgs[(v, i)], IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": previous}]}])
    igws = {}
    tables = 0
    for v in range(lay.vpcs):
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=state.vpcs[v])
        igws[v] = igw
        per_table = 5
        for t in range(lay.subnets_per_vpc // per_table):
            rtb = ec2.create_route_table(VpcId=state.vpcs[v])["RouteTable"]["RouteTableId"]
            ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
            for j in range(t * per_table, (t + 1) * per_table):
                ec2.associate_route_table(RouteTableId=rtb, SubnetId=state.subnets[(v, j)])
            tables += 1
    timings["paths_setup_seconds"] = time.perf_counter() - t0
    print(f"    nimbus  references, gateways and {tables} route tables in {timings['paths_setup_seconds']:.1f} s",
          flush=True)
    state.igws = igws
    return state, timings


def paths(lay: net.Layout, state: net.State) -> list[tuple[str, dict, bool]]:
    """(label, CreateNetworkInsightsPath parameters, path found?). ENI (v, j) carries group j % sgs_per_vpc, which
    admits 443 from group j-1: the interface of subnet j-1 reaches the one of subnet j."""
    j = min(30, lay.subnets_per_vpc - 1)
    src = state.enis[(1, j - 1)][0]
    dst = state.enis[(1, j)][0]
    return [
        ("interface -> interface, tcp 443 (group reference, another subnet)",
         {"Source": src, "Destination": dst, "Protocol": "tcp", "DestinationPort": 443}, True),
        ("interface -> interface, tcp 9999 (blocked: every rule read)",
         {"Source": src, "Destination": dst, "Protocol": "tcp", "DestinationPort": 9999}, False),
        ("internet gateway -> interface, tcp 443 (blocked: no public address)",
         {"Source": state.igws[1], "Destination": dst, "Protocol": "tcp", "DestinationPort": 443}, False),
    ]


def server_ms(log_path: str, operation: str) -> list[float]:
    pattern = re.compile(rf"ms=([0-9.]+) operation={operation} ")
    return [float(m.group(1)) for m in pattern.finditer(Path(log_path).read_text(errors="replace"))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nimbus-bin", help="the nimbus binary (default: the newest .build/{release,debug}/nimbus)")
    ap.add_argument("--iterations", type=int, default=200, help="analyses per path (200)")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the subnets and groups per VPC (1.0)")
    ap.add_argument("--workers", type=int, default=10, help="boto3 threads populating (10)")
    ap.add_argument("--markdown", help="write the report here too")
    args = ap.parse_args()

    bin_path = lib.find_nimbus_bin(args.nimbus_bin)
    if bin_path is None:
        print("no nimbus binary: swift build -c release --static-swift-stdlib", file=sys.stderr)
        return 2
    per_vpc = max(10, round(200 * args.scale))
    lay = net.Layout(vpcs=5, subnets_per_vpc=per_vpc, sgs_per_vpc=2 * per_vpc, enis_per_subnet=5)
    info = lib.machine_info()
    nimbus_spec = lib.nimbus_spec(bin_path)
    moto_spec = lib.moto_spec()
    print(f"state: {lay.describe()}; 443 from the previous group in every group; "
          f"{lay.vpcs * lay.subnets_per_vpc // 5} route tables", flush=True)

    rows = []
    moto_answer = "?"
    with ExitStack() as stack:
        moto = stack.enter_context(lib.ServerProcess(moto_spec))
        lib.time_to_first_answer(moto, lib.sign_query_request("127.0.0.1", moto.port))
        try:
            lib.boto3_client(moto, "ec2", region=REGION).create_network_insights_path(
                Source="eni-12345678", Destination="eni-87654321", Protocol="tcp")
            moto_answer = "answered (unexpected)"
        except Exception as exc:  # botocore ClientError carrying moto's NotImplemented answer
            moto_answer = f"{type(exc).__name__}: {str(exc)[:160]}"
        print(f"  moto: CreateNetworkInsightsPath -> {moto_answer}", flush=True)

        sp = stack.enter_context(lib.ServerProcess(nimbus_spec))
        lib.time_to_first_answer(sp, lib.sign_query_request("127.0.0.1", sp.port))
        state, timings = build_state(sp, lay, args.workers)
        ec2 = lib.boto3_client(sp, "ec2", region=REGION)
        with lib.KeepAliveClient("127.0.0.1", sp.port) as client:
            for label, params, expect_found in paths(lay, state):
                path_id = ec2.create_network_insights_path(**params)["NetworkInsightsPath"]["NetworkInsightsPathId"]
                before = len(server_ms(sp.log_path, "StartNetworkInsightsAnalysis"))
                starts, describes = [], []
                found = None
                for n in range(args.iterations):
                    start_body = lib.ec2_query_body("StartNetworkInsightsAnalysis", [
                        ("NetworkInsightsPathId", path_id), ("ClientToken", f"{path_id}-{n}")])
                    start_req = lib.sign_query_request("127.0.0.1", sp.port, start_body, service="ec2")
                    t0 = time.perf_counter()
                    status, body = client.send(start_req)
                    starts.append((time.perf_counter() - t0) * 1000)
                    assert status == 200, body[:300]
                    analysis_id = re.search(rb"<networkInsightsAnalysisId>([^<]+)<", body).group(1).decode()
                    describe_body = lib.ec2_query_body("DescribeNetworkInsightsAnalyses",
                                                       [("NetworkInsightsAnalysisId.1", analysis_id)])
                    t0 = time.perf_counter()
                    status, body = client.send(lib.sign_query_request("127.0.0.1", sp.port, describe_body, service="ec2"))
                    describes.append((time.perf_counter() - t0) * 1000)
                    assert status == 200, body[:300]
                    found = b"<networkPathFound>true</networkPathFound>" in body
                    assert found == expect_found, (label, body[:2000])
                server = server_ms(sp.log_path, "StartNetworkInsightsAnalysis")[before:]
                row = (label, found, statistics.median(starts), lib.percentile(starts, 99),
                       statistics.median(server) if server else None, statistics.median(describes))
                rows.append(row)
                print(f"  {label}: start median {row[2]:.2f} ms (p99 {row[3]:.2f}, server {row[4]:.2f}), "
                      f"describe median {row[5]:.2f} ms", flush=True)
        rss = lib.rss_kib(sp.pid)

    lines = [f"Command: `{lib.command_line('reachability.py')}`", "",
             f"Date: {info.get('date')}. Machine: {info.get('nproc')} cores, {info.get('cpu', '?')}; {nimbus_spec.version}; {moto_spec.version}", "",
             f"State: {lay.describe()}; each group also admits tcp 443 from the group before it; "
             f"{lay.vpcs} internet gateways; {lay.vpcs * lay.subnets_per_vpc // 5} route tables (5 subnets each). "
             f"Populated in {timings['seconds']:.0f} s (+{timings['paths_setup_seconds']:.0f} s); Nimbus RSS {rss / 1024:.0f} MiB.", "",
             "| path (StartNetworkInsightsAnalysis, then Describe) | found | start median | start p99 | Nimbus server time | describe median | moto |",
             "|---|---|---|---|---|---|---|"]
    for label, found, median, p99, server, describe in rows:
        lines.append(f"| {label} | {found} | {median:.2f} ms | {p99:.2f} ms | "
                     f"{server:.2f} ms | {describe:.2f} ms | not implemented |")
    lines += ["", f"moto's answer to CreateNetworkInsightsPath: `{moto_answer}`", ""]
    report = "\n".join(lines)
    print(report)
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
