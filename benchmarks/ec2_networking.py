#!/usr/bin/env python3
"""EC2 networking benchmark: filtered Describe calls over a large VPC estate,
Nimbus vs moto_server, side by side in one run.

Target (issue): with 1,000 subnets, 5,000 network interfaces and 1,000
security groups in one region, filtered DescribeSubnets / DescribeSecurityGroups
calls answer at least 20 times faster than moto's server does for the same
state.

The state stays within AWS's default quotas ("Amazon VPC quotas"), which
Nimbus enforces: 5 VPCs per Region including the default VPC, 200 subnets per
VPC, 5,000 network interfaces per Region, 2,500 security groups per Region,
60 rules per group and direction. So the default VPC is deleted first and the
estate is 5 VPCs of 200 subnets, not 10 of 100.

Per server (fresh data dir; Nimbus with its default SQLite persistence):
  1. start it, wait for a signed STS GetCallerIdentity answer;
  2. untimed setup: remove the Region's default VPC (DescribeVpcs
     is-default=true; detach and delete its internet gateway, delete its
     default subnets, delete the VPC), then check that the Region holds no VPC;
  3. populate with boto3 from --workers threads (timed per phase):
       5 VPCs 10.N.0.0/16, 200 /24 subnets each         -> 1,000 subnets
       200 security groups per VPC, each with a Team=team-K tag (K = i mod 10)
       and one AuthorizeSecurityGroupIngress of 2 rules -> 1,000 SGs
       5 network interfaces per subnet, each in one of its VPC's SGs
                                                        -> 5,000 ENIs
     then check the totals with paginated, vpc-id-filtered Describe calls (and
     that the Region holds exactly our 5 VPCs);
  4. measure five filtered calls (same resources picked on every server):
       DescribeSubnets           vpc-id=<one VPC>                (200 results)
       DescribeSubnets           cidr-block=<one /24>            (1)
       DescribeSecurityGroups    group-name=<one name>           (1)
       DescribeSecurityGroups    vpc-id=<one VPC>, tag:Team=<v>  (20)
       DescribeNetworkInterfaces subnet-id=<one subnet>          (5)
     - the first answer is parsed in full: exactly the expected IDs, each item's
       attributes (VPC, CIDR, tag, 2 ingress rules, subnet), no nextToken;
     - one client, sequential: --sequential calls on one keep-alive connection,
       each timed and each parsed and checked in full -> p50, p99, calls/s;
     - load: wrk replaying the pre-signed request -> req/s, p50, p99, with every
       response checked (status 200, the exact count of the item marker such as
       `<subnetId>`, and up to 5 expected IDs).
     Servers stay up side by side and are interleaved per call and repeat, so
     the machine's noise hits both.

--scale F shrinks the per-VPC counts (subnets and SGs per VPC = round(200 F),
still 5 VPCs and 5 ENIs per subnet) for quick runs; the target applies to
--scale 1 only. --vpcs / --subnets-per-vpc / --sgs-per-vpc / --enis-per-subnet
override, within the quotas above.

Usage:
  python3 benchmarks/ec2_networking.py [--nimbus-bin PATH] [--only nimbus|moto]
        [--scale 1.0] [--duration 10] [--repeat 3] [--sequential 50]
        [--markdown OUT] [--json OUT]

Exit status: 0 if every server populated and every checked answer was right,
1 otherwise (a missed target does not change the exit status), 2 if no nimbus
binary was found.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import sys
import threading
import time
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402

TARGET_RATIO = 20.0
EC2_API_VERSION = "2016-11-15"
TEAMS = 10

# AWS's default quotas ("Amazon VPC quotas"), enforced by Nimbus: the state must fit in them.
QUOTA_VPCS_PER_REGION = 5            # including the default VPC, which setup deletes
QUOTA_SUBNETS_PER_VPC = 200
QUOTA_ENIS_PER_REGION = 5000
QUOTA_SGS_PER_REGION = 2500          # including each VPC's default group
QUOTA_RULES_PER_SG_DIRECTION = 60    # we add 2 ingress rules per group

# The full-scale layout: 5 × 200 = 1,000 subnets, × 5 = 5,000 ENIs, 5 × 200 = 1,000 SGs.
FULL_VPCS = 5
FULL_PER_VPC = 200
FULL_ENIS_PER_SUBNET = 5


# --------------------------------------------------------------------------
# The state
# --------------------------------------------------------------------------

@dataclass
class Layout:
    vpcs: int
    subnets_per_vpc: int
    sgs_per_vpc: int
    enis_per_subnet: int

    @property
    def subnets(self) -> int:
        return self.vpcs * self.subnets_per_vpc

    @property
    def sgs(self) -> int:
        return self.vpcs * self.sgs_per_vpc

    @property
    def enis(self) -> int:
        return self.subnets * self.enis_per_subnet

    def describe(self) -> str:
        return (f"{self.vpcs} VPCs (10.N.0.0/16) × {self.subnets_per_vpc} /24 subnets = "
                f"{self.subnets:,} subnets; {self.enis_per_subnet} network interfaces per subnet = "
                f"{self.enis:,} ENIs; {self.sgs_per_vpc} security groups per VPC = {self.sgs:,} SGs, "
                f"each with a `Team` tag ({TEAMS} values) and 2 ingress rules")


def sg_name(v: int, i: int) -> str:
    return f"bench-sg-{v}-{i}"


def team(i: int) -> str:
    return f"team-{i % TEAMS}"


@dataclass
class State:
    """What was created on one server (its IDs); keys are layout indexes."""
    vpcs: dict[int, str] = field(default_factory=dict)
    subnets: dict[tuple[int, int], str] = field(default_factory=dict)
    sgs: dict[tuple[int, int], str] = field(default_factory=dict)
    enis: dict[tuple[int, int], list[str]] = field(default_factory=dict)


class PopulateError(RuntimeError):
    pass


def run_parallel(pool: cf.ThreadPoolExecutor, tasks: list[tuple[str, Callable[[], None]]]) -> None:
    """Run (label, fn) tasks on the pool; the first failure cancels the rest and raises."""
    futures = {pool.submit(fn): label for label, fn in tasks}
    try:
        for fut in cf.as_completed(futures):
            exc = fut.exception()
            if exc is not None:
                raise PopulateError(f"{futures[fut]}: {exc}") from exc
    finally:
        for fut in futures:
            fut.cancel()


def remove_default_vpc(sp: lib.ServerProcess, region: str, log) -> dict:
    """Untimed setup: delete the Region's default VPC so 5 VPCs of our own fit in the
    5-VPCs-per-Region quota. As AWS documents it ("Delete your default subnets and default
    VPC"): detach and delete its internet gateway, delete its subnets, then the VPC (its main
    route table, default security group and default network ACL go with it). Afterwards the
    Region must hold no VPC at all."""
    ec2 = lib.boto3_client(sp, "ec2", region=region)
    t0 = time.perf_counter()
    defaults = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    if len(defaults) > 1:
        raise PopulateError(f"setup: {len(defaults)} default VPCs in {region}: "
                            f"{[v['VpcId'] for v in defaults]}")
    done: dict = {"default_vpc": None, "internet_gateways": [], "subnets": []}
    for vpc in defaults:
        vid = vpc["VpcId"]
        done["default_vpc"] = vid
        try:
            igws = ec2.describe_internet_gateways(
                Filters=[{"Name": "attachment.vpc-id", "Values": [vid]}])["InternetGateways"]
            for igw in igws:
                ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vid)
                ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
                done["internet_gateways"].append(igw["InternetGatewayId"])
            subnets = [sn["SubnetId"] for page in ec2.get_paginator("describe_subnets").paginate(
                Filters=[{"Name": "vpc-id", "Values": [vid]}]) for sn in page["Subnets"]]
            for sid in subnets:
                ec2.delete_subnet(SubnetId=sid)
                done["subnets"].append(sid)
            ec2.delete_vpc(VpcId=vid)
        except Exception as exc:
            raise PopulateError(f"setup: removing default VPC {vid}: {exc}") from exc
    left = [v["VpcId"] for page in ec2.get_paginator("describe_vpcs").paginate() for v in page["Vpcs"]]
    if left:
        raise PopulateError(f"setup: after removing the default VPC, {region} still lists VPCs {left}")
    done["seconds"] = time.perf_counter() - t0
    print(f"    {sp.spec.name:7s} setup: deleted default VPC {done['default_vpc']} "
          f"({len(done['internet_gateways'])} internet gateway(s), {len(done['subnets'])} default subnets) "
          f"in {done['seconds']:.2f} s (untimed)", file=log, flush=True)
    return done


def populate(sp: lib.ServerProcess, lay: Layout, workers: int, region: str, log) -> tuple[State, dict]:
    """Create the layout on `sp` with boto3 from `workers` threads.

    Work is split so no two threads touch the same VPC's subnets or security
    groups at once (an API never sees two creates racing for one VPC's CIDR or
    name space); network interfaces go one task per subnet."""
    state = State()
    local = threading.local()
    lock = threading.Lock()

    def ec2():
        c = getattr(local, "ec2", None)
        if c is None:
            c = local.ec2 = lib.boto3_client(sp, "ec2", region=region, pool=2)
        return c

    def make_vpc(v: int) -> None:
        vid = ec2().create_vpc(CidrBlock=f"10.{v}.0.0/16")["Vpc"]["VpcId"]
        with lock:
            state.vpcs[v] = vid

    def make_subnets(v: int) -> None:
        for j in range(lay.subnets_per_vpc):
            sid = ec2().create_subnet(VpcId=state.vpcs[v], CidrBlock=f"10.{v}.{j}.0/24",
                                      AvailabilityZone=f"{region}{'abc'[j % 3]}")["Subnet"]["SubnetId"]
            with lock:
                state.subnets[(v, j)] = sid

    def make_sgs(v: int) -> None:
        for i in range(lay.sgs_per_vpc):
            gid = ec2().create_security_group(
                GroupName=sg_name(v, i), Description=f"benchmark group {i} of VPC {v}",
                VpcId=state.vpcs[v],
                TagSpecifications=[{"ResourceType": "security-group",
                                    "Tags": [{"Key": "Team", "Value": team(i)}]}],
            )["GroupId"]
            ec2().authorize_security_group_ingress(GroupId=gid, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                 "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "https from the estate"}]},
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                 "IpRanges": [{"CidrIp": f"192.168.{i % 256}.0/24"}]},
            ])
            with lock:
                state.sgs[(v, i)] = gid

    def make_enis(v: int, j: int) -> None:
        ids = []
        for k in range(lay.enis_per_subnet):
            ids.append(ec2().create_network_interface(
                SubnetId=state.subnets[(v, j)], Description=f"benchmark eni {k}",
                Groups=[state.sgs[(v, j % lay.sgs_per_vpc)]],
            )["NetworkInterface"]["NetworkInterfaceId"])
        with lock:
            state.enis[(v, j)] = ids

    phases = [
        ("vpcs", "CreateVpc", lay.vpcs,
         lambda: [(f"CreateVpc 10.{v}.0.0/16", lambda v=v: make_vpc(v)) for v in range(lay.vpcs)]),
        ("subnets", "CreateSubnet", lay.subnets,
         lambda: [(f"subnets of VPC {v}", lambda v=v: make_subnets(v)) for v in range(lay.vpcs)]),
        ("security_groups", "CreateSecurityGroup + AuthorizeSecurityGroupIngress", 2 * lay.sgs,
         lambda: [(f"security groups of VPC {v}", lambda v=v: make_sgs(v)) for v in range(lay.vpcs)]),
        ("network_interfaces", "CreateNetworkInterface", lay.enis,
         lambda: [(f"ENIs of subnet 10.{v}.{j}.0/24", lambda v=v, j=j: make_enis(v, j))
                  for v in range(lay.vpcs) for j in range(lay.subnets_per_vpc)]),
    ]
    timings: dict = {"phases": {}}
    t_all = time.perf_counter()
    with cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"pop-{sp.spec.name}") as pool:
        for key, calls_label, calls, tasks in phases:
            t0 = time.perf_counter()
            try:
                run_parallel(pool, tasks())
            except PopulateError as exc:
                raise PopulateError(f"populate phase {key}: {exc}") from exc
            dt = time.perf_counter() - t0
            timings["phases"][key] = {"seconds": dt, "calls": calls, "api": calls_label,
                                      "calls_per_s": calls / dt if dt else None}
            print(f"    {sp.spec.name:7s} {key:19s} {calls:6,} calls in {dt:7.2f} s "
                  f"({calls / dt if dt else 0:7.1f} calls/s)", file=log, flush=True)
    total = time.perf_counter() - t_all
    n_calls = sum(p["calls"] for p in timings["phases"].values())
    timings.update({"seconds": total, "calls": n_calls, "calls_per_s": n_calls / total if total else None,
                    "workers": workers})
    return state, timings


def check_totals(sp: lib.ServerProcess, lay: Layout, state: State, region: str) -> dict:
    """Count what the server holds in our VPCs with paginated Describe calls
    (boto3's paginators) and compare with the layout."""
    ec2 = lib.boto3_client(sp, "ec2", region=region)
    vpc_filter = [{"Name": "vpc-id", "Values": sorted(state.vpcs.values())}]

    def collect(op: str, key: str, id_key: str) -> set[str]:
        out: set[str] = set()
        for page in ec2.get_paginator(op).paginate(Filters=vpc_filter):
            out.update(item[id_key] for item in page[key])
        return out

    region_vpcs = {v["VpcId"] for page in ec2.get_paginator("describe_vpcs").paginate() for v in page["Vpcs"]}
    got_subnets = collect("describe_subnets", "Subnets", "SubnetId")
    got_enis = collect("describe_network_interfaces", "NetworkInterfaces", "NetworkInterfaceId")
    got_sgs: set[str] = set()
    for page in ec2.get_paginator("describe_security_groups").paginate(Filters=vpc_filter):
        got_sgs.update(g["GroupId"] for g in page["SecurityGroups"] if g["GroupName"] != "default")
    want = {
        "subnets": set(state.subnets.values()),
        "security_groups": set(state.sgs.values()),
        "network_interfaces": {e for ids in state.enis.values() for e in ids},
    }
    got = {"subnets": got_subnets, "security_groups": got_sgs, "network_interfaces": got_enis}
    problems = []
    if region_vpcs != set(state.vpcs.values()):
        problems.append(f"the region lists {len(region_vpcs)} VPCs, want exactly our {len(state.vpcs)} "
                        f"({sorted(region_vpcs - set(state.vpcs.values()))[:3]} unexpected)")
    for k in want:
        if got[k] != want[k]:
            problems.append(f"{k}: server lists {len(got[k])}, created {len(want[k])} "
                            f"({len(want[k] - got[k])} missing, {len(got[k] - want[k])} unexpected)")
    if len(want["subnets"]) != lay.subnets or len(want["security_groups"]) != lay.sgs \
            or len(want["network_interfaces"]) != lay.enis:
        problems.append("duplicate IDs handed out by the server")
    if problems:
        raise PopulateError("state check after populating: " + "; ".join(problems))
    return {"vpcs": len(region_vpcs), **{k: len(v) for k, v in got.items()}}


# --------------------------------------------------------------------------
# The measured calls
# --------------------------------------------------------------------------

_local, _child, _text, _items, _tags = lib.xml_local, lib.xml_child, lib.xml_text, lib.xml_items, lib.xml_tags


@dataclass
class Query:
    key: str
    label: str                 # for the report
    action: str
    filters: list[tuple[str, list[str]]]
    set_tag: str               # the result list element, e.g. subnetSet
    id_tag: str                # the ID element in each item, e.g. subnetId
    marker: bytes              # occurs exactly once per result item in the raw XML
    expected: set[str]         # the IDs a right answer holds, no more, no less
    item_check: Callable[[ET.Element], str | None]
    target: bool               # does the 20x target apply (subnets / SGs)

    @property
    def body(self) -> bytes:
        return lib.ec2_query_body(self.action, filters=self.filters, version=EC2_API_VERSION)

    def wrk_expect(self) -> tuple[bytes, ...]:
        return tuple(f">{i}<".encode() for i in sorted(self.expected)[:5])

    def wrk_counts(self) -> list[tuple[bytes, int]]:
        return [(self.marker, len(self.expected))]

    def check(self, status: int, body: bytes) -> str | None:
        """Full check of one answer; None if right, else why not."""
        if status != 200:
            return f"HTTP {status}: {body[:300]!r}"
        try:
            root = ET.fromstring(body)
        except ET.ParseError as exc:
            return f"unparseable XML ({exc}): {body[:300]!r}"
        result_set = _child(root, self.set_tag)
        if result_set is None:
            return f"no <{self.set_tag}> in {body[:300]!r}"
        items = _items(result_set)
        ids = [_text(it, self.id_tag) for it in items]
        if len(ids) != len(set(ids)) or set(ids) != self.expected:
            got = set(ids)
            return (f"{len(ids)} items, want {len(self.expected)}: {len(self.expected - got)} expected "
                    f"IDs missing, {len(got - self.expected)} unexpected (e.g. "
                    f"{sorted(got - self.expected)[:3]}), {len(ids) - len(got)} duplicates")
        token = _text(root, "nextToken")
        if token:
            return f"answer is paginated (nextToken {token[:40]!r}) although no MaxResults was sent"
        for it in items:
            why = self.item_check(it)
            if why:
                return f"{_text(it, self.id_tag)}: {why}"
        raw = body.count(self.marker)
        if raw != len(self.expected):
            return (f"{self.marker.decode()} occurs {raw} times for {len(self.expected)} items: the "
                    f"load check cannot count items by it for this server (harness needs another marker)")
        return None


def build_queries(lay: Layout, st: State) -> list[Query]:
    """The five measured calls, against the middle VPC / subnet / group."""
    v, j, i = lay.vpcs // 2, lay.subnets_per_vpc // 2, lay.sgs_per_vpc // 2
    vpc = st.vpcs[v]
    subnet = st.subnets[(v, j)]
    cidr = f"10.{v}.{j}.0/24"
    name = sg_name(v, i)
    want_team = team(i)
    team_ids = {gid for (vv, ii), gid in st.sgs.items() if vv == v and team(ii) == want_team}

    def sg_ok(item: ET.Element, want_vpc: str, want_name: str | None = None) -> str | None:
        if _text(item, "vpcId") != want_vpc:
            return f"vpcId {_text(item, 'vpcId')}"
        if want_name and _text(item, "groupName") != want_name:
            return f"groupName {_text(item, 'groupName')}"
        tags = _tags(item)
        if not (_text(item, "groupName") or "").startswith("bench-sg-") or tags.get("Team") is None:
            return f"not one of ours (name {_text(item, 'groupName')}, tags {tags})"
        idx = int((_text(item, "groupName") or "").rsplit("-", 1)[1])
        if tags.get("Team") != team(idx):
            return f"tag Team={tags.get('Team')}, want {team(idx)}"
        perms = _items(_child(item, "ipPermissions"))
        if len(perms) != 2:
            return f"{len(perms)} ingress permissions, want 2"
        return None

    return [
        Query("subnets_by_vpc", "DescribeSubnets vpc-id=<one VPC>", "DescribeSubnets",
              [("vpc-id", [vpc])], "subnetSet", "subnetId", b"<subnetId>",
              {sid for (vv, _), sid in st.subnets.items() if vv == v},
              lambda it: None if _text(it, "vpcId") == vpc else f"vpcId {_text(it, 'vpcId')}", True),
        Query("subnet_by_cidr", "DescribeSubnets cidr-block=<one /24>", "DescribeSubnets",
              [("cidr-block", [cidr])], "subnetSet", "subnetId", b"<subnetId>", {subnet},
              lambda it: None if _text(it, "cidrBlock") == cidr else f"cidrBlock {_text(it, 'cidrBlock')}", True),
        Query("sg_by_name", "DescribeSecurityGroups group-name=<one name>", "DescribeSecurityGroups",
              [("group-name", [name])], "securityGroupInfo", "groupId", b"<groupDescription>",
              {st.sgs[(v, i)]}, lambda it: sg_ok(it, vpc, name), True),
        Query("sgs_by_vpc_and_tag", "DescribeSecurityGroups vpc-id=<one VPC> + tag:Team=<value>",
              "DescribeSecurityGroups", [("vpc-id", [vpc]), ("tag:Team", [want_team])],
              "securityGroupInfo", "groupId", b"<groupDescription>", team_ids,
              lambda it: sg_ok(it, vpc) or (None if _tags(it).get("Team") == want_team
                                            else f"Team={_tags(it).get('Team')}"), True),
        Query("enis_by_subnet", "DescribeNetworkInterfaces subnet-id=<one subnet>",
              "DescribeNetworkInterfaces", [("subnet-id", [subnet])], "networkInterfaceSet",
              "networkInterfaceId", b"<networkInterfaceId>", set(st.enis[(v, j)]),
              lambda it: None if _text(it, "subnetId") == subnet else f"subnetId {_text(it, 'subnetId')}", False),
    ]


# --------------------------------------------------------------------------
# Per-server bookkeeping and measurement
# --------------------------------------------------------------------------

@dataclass
class Server:
    spec: lib.ServerSpec
    proc: lib.ServerProcess | None = None
    startup_ms: float | None = None
    first_ec2_call_ms: float | None = None
    setup: dict | None = None
    populate: dict | None = None
    totals: dict | None = None
    rss_after_populate_kib: int | None = None
    data_dir_bytes: int | None = None
    queries: dict[str, Query] = field(default_factory=dict)
    error: str | None = None
    failed_queries: dict[str, str] = field(default_factory=dict)


def sign(srv: Server, q: Query, region: str) -> lib.SignedRequest:
    return lib.sign_query_request("127.0.0.1", srv.proc.port, body=q.body, service="ec2", region=region)


def start_and_populate(srv: Server, lay: Layout, args, stack: ExitStack, log) -> None:
    # moto builds its EC2 backend (default VPC, AMI catalogue...) on first use, which takes
    # seconds: make that first call outside the populate timing and report it on its own.
    sp = lib.start_ec2_server(srv, stack, args.startup_timeout, args.region, log)
    print(f"  {srv.spec.name}: first EC2 call (DescribeVpcs) {srv.first_ec2_call_ms:.0f} ms; "
          f"removing the default VPC", file=log, flush=True)
    srv.setup = remove_default_vpc(sp, args.region, log)
    state, timings = populate(sp, lay, args.workers, args.region, log)
    srv.populate = timings
    srv.totals = check_totals(sp, lay, state, args.region)
    srv.rss_after_populate_kib = lib.rss_kib(sp.pid)
    srv.data_dir_bytes = lib.dir_size_bytes(sp.data_dir)
    srv.queries = {q.key: q for q in build_queries(lay, state)}
    print(f"  {srv.spec.name}: populated in {timings['seconds']:.1f} s "
          f"({timings['calls']:,} calls, {timings['calls_per_s']:.0f}/s); server lists "
          f"{srv.totals['vpcs']} VPCs in the region, {srv.totals['subnets']:,} subnets, {srv.totals['security_groups']:,} SGs, "
          f"{srv.totals['network_interfaces']:,} ENIs in our VPCs; RSS "
          f"{(srv.rss_after_populate_kib or 0) / 1024:.1f} MiB", file=log, flush=True)
    for q in srv.queries.values():
        status, body = lib.send(sign(srv, q, args.region), timeout=args.wrk_timeout * 6)
        why = q.check(status, body)
        if why:
            srv.failed_queries[q.key] = why
            print(f"  {srv.spec.name}: WRONG ANSWER to {q.label}: {why}", file=log, flush=True)


def measure(srv: Server, q: Query, args, wrk: str, run_no: int, log) -> dict:
    return lib.measure_call(
        srv.proc, q.key, lambda: sign(srv, q, args.region), q.check, q.wrk_expect(), q.wrk_counts(),
        results=len(q.expected), run_no=run_no, sequential=args.sequential, duration=args.duration,
        warmup=args.warmup, threads=args.threads, connections=args.connections,
        wrk_timeout=args.wrk_timeout, check_every=args.check_every, wrk=wrk, log=log)


summarize = lib.summarize_runs


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

_fmt, _ratio = lib.fmt_num, lib.ratio


def render_markdown(args, info, lay: Layout, servers: list[Server], summ: dict, argv: str,
                    selftest: str, queries_meta: list[tuple[str, str, bool]]) -> str:
    names = [s.spec.name for s in servers]
    both = "nimbus" in names and "moto" in names
    full = (lay.vpcs, lay.subnets_per_vpc, lay.sgs_per_vpc, lay.enis_per_subnet) == \
        (FULL_VPCS, FULL_PER_VPC, FULL_PER_VPC, FULL_ENIS_PER_SUBNET)

    def target_cell(r, applies: bool) -> str:
        if not applies:
            return "—"
        if not full:
            return f"(≥ {TARGET_RATIO:g}× at full scale; this run is reduced)"
        return f"≥ {TARGET_RATIO:g}×: " + ("met" if r is not None and r >= TARGET_RATIO else "**missed**")

    out = [f"## EC2 networking benchmark: filtered Describe calls over {lay.subnets:,} subnets, "
           f"{lay.enis:,} network interfaces, {lay.sgs:,} security groups\n"]
    out.extend(lib.markdown_header(argv, info))
    for s in servers:
        extra = " (default SQLite persistence in a fresh data dir)" if s.spec.name == "nimbus" else ""
        out.append(f"- {s.spec.name}: {s.spec.version}{extra}")
    out.append(f"- State, created identically on each server with boto3 from {args.workers} threads "
               f"(region {args.region}, no retries: any error fails the run) after one untimed "
               f"DescribeVpcs and an untimed setup that deletes the region's default VPC (its "
               f"internet gateway detached and deleted, its default subnets deleted), so the state "
               f"fits AWS's default quotas, which Nimbus enforces ({QUOTA_VPCS_PER_REGION} VPCs per "
               f"region including the default VPC, {QUOTA_SUBNETS_PER_VPC} subnets per VPC, "
               f"{QUOTA_ENIS_PER_REGION:,} network interfaces and {QUOTA_SGS_PER_REGION:,} security "
               f"groups per region, {QUOTA_RULES_PER_SG_DIRECTION} rules per group and direction): "
               f"{lay.describe()}. Then checked with paginated vpc-id-filtered Describe calls (every "
               f"created ID listed, nothing else; the region lists exactly our VPCs). Each VPC's own "
               f"default security group exists on both servers; no measured filter matches it.")
    if not full:
        out.append(f"- **Reduced state ({lay.subnets:,} subnets, {lay.enis:,} ENIs, {lay.sgs:,} SGs; "
                   f"--scale {args.scale:g}): the {TARGET_RATIO:g}× target is for "
                   f"1,000 subnets / 5,000 ENIs / 1,000 SGs; ratios here are indicative only.**")
    out.append(f"- Each measured call's first answer is parsed in full: exactly the expected IDs "
               f"(no more, no fewer, no nextToken) and each item's attributes (VPC, CIDR, "
               f"`Team` tag and 2 ingress rules, subnet).")
    if args.sequential > 0:
        out.append(f"- One client: {args.sequential} sequential calls per call type and run on one "
                   f"keep-alive connection, pre-signed by botocore SigV4; each timed from send to "
                   f"last body byte and parsed and checked in full (outside the timing). p50/p99 "
                   f"over all such calls of all runs; calls/s = calls / summed call time.")
    if args.duration > 0:
        out.append(f"- Load: {info['wrk']}, `wrk -t{args.threads} -c{args.connections} "
                   f"-d{args.duration}s --latency --timeout {args.wrk_timeout:g}s` replaying the "
                   f"pre-signed request; {'every' if args.check_every == 1 else f'every {args.check_every}th'} "
                   f"response checked for status 200, the exact number of result items (occurrences "
                   f"of `<subnetId>`, `<groupDescription>` or `<networkInterfaceId>`) and up to 5 "
                   f"expected IDs; {args.warmup} s warm-up before each measured run. Medians over "
                   f"{args.repeat} run(s). wrk shares the {info['nproc_cmd']} cores with the server.")
        out.append(f"- wrk wire self-test: {selftest}")
    out.append(f"- Servers run side by side; runs interleave servers and alternate their order.")
    for s in servers:
        if s.spec.note:
            out.append(f"- **{s.spec.name}: {s.spec.note}**")
        if s.error:
            out.append(f"- **{s.spec.name} FAILED: {s.error.splitlines()[0][:400]}**")
        for k, why in s.failed_queries.items():
            out.append(f"- **{s.spec.name}: wrong answer to {k}: {why[:300]}**")
    out.append("")

    ok_servers = [s for s in servers if s.populate]
    if ok_servers:
        out.append("### Populating the state\n")
        hdr = "| | " + " | ".join(s.spec.name for s in ok_servers) + \
              (" | nimbus vs moto |" if both and len(ok_servers) == 2 else " |")
        out.append(hdr)
        out.append("|" + "---|" * (hdr.count("|") - 1))
        cmp_ = both and len(ok_servers) == 2
        by = {s.spec.name: s for s in ok_servers}

        def prow(label, get, nd=1, lower_better=True):
            vals = [get(s) for s in ok_servers]
            line = f"| {label} | " + " | ".join(_fmt(v, nd) for v in vals) + " |"
            if cmp_:
                n, m = get(by["nimbus"]), get(by["moto"])
                r = _ratio(m, n) if lower_better else _ratio(n, m)
                line += f" {_fmt(r)}× {'faster' if lower_better else 'more'} |" if r else " n/a |"
            return line

        for key, label in (("vpcs", "VPCs"), ("subnets", "subnets"),
                           ("security_groups", "security groups (+ ingress)"),
                           ("network_interfaces", "network interfaces")):
            calls = ok_servers[0].populate["phases"][key]["calls"]
            out.append(prow(f"{label}: {calls:,} calls (s)",
                            lambda s, key=key: s.populate["phases"][key]["seconds"], 2))
        out.append(prow(f"total: {ok_servers[0].populate['calls']:,} calls (s)",
                        lambda s: s.populate["seconds"], 2))
        out.append(prow("populate rate (calls/s)", lambda s: s.populate["calls_per_s"], 0, False))
        out.append(prow("RSS after populating (MiB)", lambda s: (s.rss_after_populate_kib or 0) / 1024, 1))
        out.append("| data dir after populating (MiB) | " + " | ".join(
            _fmt(s.data_dir_bytes / 2**20, 1) if s.data_dir_bytes else "— (in memory)"
            for s in ok_servers) + (" |" if not cmp_ else " |  |"))
        out.append("| startup to first signed answer (ms) | " + " | ".join(
            _fmt(s.startup_ms, 0) for s in ok_servers) + (" |" if not cmp_ else " |  |"))
        out.append("| first EC2 call, untimed above (ms) | " + " | ".join(
            _fmt(s.first_ec2_call_ms, 0) for s in ok_servers) + (" |" if not cmp_ else " |  |"))
        out.append("| setup: delete the default VPC, untimed above (ms) | " + " | ".join(
            _fmt(s.setup["seconds"] * 1000 if s.setup else None, 0) for s in ok_servers)
            + (" |" if not cmp_ else " |  |"))
        out.append("")

    out.extend(lib.markdown_call_tables(
        summ, queries_meta, names, sequential=args.sequential, duration=args.duration,
        repeat=args.repeat, threads=args.threads, connections=args.connections,
        target_cell=target_cell))
    return "\n".join(out)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    lib.add_server_args(ap)
    ap.add_argument("--scale", type=float, default=1.0,
                    help=f"fraction of the full state: subnets and SGs per VPC = round({FULL_PER_VPC} × "
                         f"SCALE) (1.0)")
    ap.add_argument("--vpcs", type=int, default=FULL_VPCS,
                    help=f"VPCs ({FULL_VPCS}, at most {QUOTA_VPCS_PER_REGION}: the default VPC is deleted)")
    ap.add_argument("--subnets-per-vpc", type=int, help=f"override: subnets per VPC ({FULL_PER_VPC} × "
                    f"scale, at most {QUOTA_SUBNETS_PER_VPC})")
    ap.add_argument("--sgs-per-vpc", type=int, help=f"override: security groups per VPC ({FULL_PER_VPC} × scale)")
    ap.add_argument("--enis-per-subnet", type=int, default=FULL_ENIS_PER_SUBNET,
                    help=f"network interfaces per subnet ({FULL_ENIS_PER_SUBNET})")
    ap.add_argument("--workers", type=int, default=10, help="boto3 threads populating each server (10)")
    lib.add_call_args(ap, wrk_timeout=10.0, wrk_timeout_help="seconds before wrk counts a request as timed out (10)")
    lib.add_output_args(ap)
    args = ap.parse_args()

    if not 0 < args.scale <= 1.0:
        ap.error("--scale must be in (0, 1]")
    lay = Layout(
        vpcs=args.vpcs,
        subnets_per_vpc=args.subnets_per_vpc or max(1, round(FULL_PER_VPC * args.scale)),
        sgs_per_vpc=args.sgs_per_vpc or max(1, round(FULL_PER_VPC * args.scale)),
        enis_per_subnet=args.enis_per_subnet,
    )
    if not (1 <= lay.vpcs <= QUOTA_VPCS_PER_REGION and 1 <= lay.subnets_per_vpc <= QUOTA_SUBNETS_PER_VPC
            and lay.sgs_per_vpc >= 1 and lay.enis_per_subnet >= 1):
        ap.error(f"need 1-{QUOTA_VPCS_PER_REGION} VPCs, 1-{QUOTA_SUBNETS_PER_VPC} subnets per VPC, at least "
                 f"1 SG per VPC and 1 ENI per subnet (AWS's default quotas)")
    if lay.enis > QUOTA_ENIS_PER_REGION:
        ap.error(f"{lay.enis:,} network interfaces exceed the quota of {QUOTA_ENIS_PER_REGION:,} per region")
    if lay.sgs + lay.vpcs > QUOTA_SGS_PER_REGION:
        ap.error(f"{lay.sgs:,} security groups + {lay.vpcs} default groups exceed the quota of "
                 f"{QUOTA_SGS_PER_REGION:,} per region")

    argv = lib.command_line("ec2_networking.py")
    wrk, info, selftest = lib.prepare_wrk(args.duration > 0)

    specs = lib.server_specs(args, "the target applies")
    if specs is None:
        return 2
    servers = [Server(s) for s in specs]

    lib.print_machine_header(info, specs)
    print(f"state: {lay.describe()}", flush=True)

    runs: list[dict] = []
    with ExitStack() as stack:
        failed = lib.start_servers(servers, lambda srv: start_and_populate(srv, lay, args, stack, sys.stdout))

        live = [s for s in servers if s.error is None]
        keys = [q.key for q in build_queries_meta(live)]
        for i, key, srv in lib.interleaved(live, keys, args.repeat):
            if key in srv.failed_queries:
                continue
            try:
                rec = measure(srv, srv.queries[key], args, wrk, i + 1, sys.stdout)
            except Exception as exc:
                print(f"  {srv.spec.name} {key}: FAILED: {exc}", file=sys.stderr, flush=True)
                srv.failed_queries[key] = f"measurement failed: {exc}"
                failed = True
                continue
            runs.append(rec)
            failed |= not rec["ok"]
            if not rec["ok"] and "wrk" in rec and "raw" in rec["wrk"]:
                print(rec["wrk"]["raw"], file=sys.stderr)

    summ = summarize(runs)
    info["loadavg_end"] = lib.loadavg()
    meta = [(q.key, q.label, q.target) for q in build_queries_meta(servers)]
    md = render_markdown(args, info, lay, servers, summ, argv, selftest, meta)
    lib.write_report(args, md, lambda: {
        "command": argv, "machine": info,
        "layout": {**lay.__dict__, "subnets": lay.subnets, "sgs": lay.sgs, "enis": lay.enis},
        "options": vars(args),
        "servers": {s.spec.name: {
            "version": s.spec.version, "startup_ms": s.startup_ms,
            "first_ec2_call_ms": s.first_ec2_call_ms, "setup": s.setup, "error": s.error,
            "populate": s.populate, "totals": s.totals,
            "rss_after_populate_kib": s.rss_after_populate_kib,
            "data_dir_bytes": s.data_dir_bytes, "failed_queries": s.failed_queries,
            "queries": {q.key: {"label": q.label, "body": q.body.decode(),
                                "expected_ids": sorted(q.expected)} for q in s.queries.values()},
        } for s in servers},
        "summaries": summ, "runs": runs,
    })
    if failed:
        print("FAILED: see the errors above (wrong answers or a server that could not be populated)",
              file=sys.stderr)
    return 1 if failed else 0


build_queries_meta = lib.first_queries


if __name__ == "__main__":
    sys.exit(main())
