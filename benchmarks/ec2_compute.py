#!/usr/bin/env python3
"""EC2 compute benchmark: launching instances and filtered DescribeInstances,
Nimbus vs moto_server, side by side in one run; then Nimbus's memory with
10,000 instances.

Target (issue): "launching 1,000 instances in batches of 50, then
DescribeInstances filtered by tag and by subnet, at least 20 times moto's
throughput; Nimbus's memory with 10,000 instances stays under 200 MiB".

The state stays within AWS's default quotas, which Nimbus enforces: 5 VPCs per
Region including the default VPC, 200 subnets per VPC, 5,000 network
interfaces per Region (every instance takes one, its primary interface).

Per server (fresh data dir; Nimbus with its default SQLite persistence):
  1. start it, wait for a signed STS GetCallerIdentity answer, one untimed
     DescribeVpcs (moto builds its EC2 backend on first use);
  2. setup (boto3, timed but not part of the launch figures): the image, from
     DescribeImages Owners=amazon, name=al2023-ami-2023*-kernel-6.1-x86_64
     (the newest by CreationDate; moto lists such an image too, else its first
     x86_64 Amazon image is used), a VPC 10.0.0.0/16 and 4 /20 subnets
     (10.0.0.0/20, 10.0.16.0/20, ...) alternating between zones a and b;
  3. launch: RunInstances with MinCount = MaxCount = 50, ImageId, InstanceType
     t3.micro, SubnetId = subnet (batch mod 4), TagSpecifications
     ResourceType=instance Team=<batch mod 10>; 20 batches = 1,000 instances,
     sent one after the other by one client on one keep-alive connection,
     each call timed from send to its answer's last byte (the answer is then
     checked outside the timing: 50 new unique instance IDs, subnet, VPC, zone,
     image, type, pending/running, a private address inside the subnet's
     usable range and unique in the Region, the Team tag if tags are listed);
     instances/s and calls/s = launched / summed call time;
  4. check: DescribeInstances of the whole Region, all pages (MaxResults
     1000), lists exactly the launched instances, each with its subnet, Team
     tag, image, type and address;
  5. measure three calls (same positions on every server):
       DescribeInstances tag:Team=<value>           (100 results)
       DescribeInstances subnet-id=<one subnet>     (250)
       DescribeInstances instance-id=<one ID>       (1)
     - the first answer and every sequential answer are parsed in full: exactly
       the expected instance IDs, each with its subnet, tag, image, type and
       address, no nextToken;
     - one client: --sequential calls on one keep-alive connection -> p50, p99;
     - load: wrk replaying the pre-signed request -> req/s, p50, p99; every
       response checked for status 200, the exact count of `<instanceId>` and up
       to 5 expected IDs.
     Servers stay up side by side and runs interleave them.
Then, Nimbus only (moto is stopped first), unless --skip-memory:
  6. launch more instances, in the same batches of 50, until 10,000 in total,
     spread evenly over --memory-regions (default us-east-1, us-west-2,
     eu-west-1: at most 5,000 network interfaces per Region); each further
     Region gets its own image lookup, VPC 10.0.0.0/16 and 4 /19 subnets (8,187
     usable addresses each); then the RSS of the server (lib.rss_kib) against the
     200 MiB target, all Regions listed in full and checked again, RSS after
     that, the peak RSS (VmHWM) and the data dir's size.

--scale F scales the instance counts (1,000 and 10,000) in whole batches of 50.
The targets are judged at --scale 1 only.

Usage:
  python3 benchmarks/ec2_compute.py [--nimbus-bin PATH] [--only nimbus|moto]
        [--scale 1.0] [--skip-memory] [--duration 10] [--repeat 3]
        [--sequential 50] [--markdown OUT] [--json OUT]

Exit status: 0 if every launch and every checked answer was right, 1 otherwise
(a missed target does not change the exit status), 2 if no nimbus binary was
found.
"""

from __future__ import annotations

import argparse
import fnmatch
import ipaddress
import sys
import time
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402

TARGET_RATIO = 20.0
MEMORY_TARGET_MIB = 200.0
TEAMS = 10
INSTANCE_TYPE = "t3.micro"
IMAGE_NAME_FILTER = "al2023-ami-2023*-kernel-6.1-x86_64"
VPC_CIDR = "10.0.0.0/16"
SUBNETS = 4
MAIN_SUBNET_PREFIX = 20      # 4,091 usable addresses each
MEMORY_SUBNET_PREFIX = 19    # 8,187 usable addresses each
ZONES = "ab"

FULL_INSTANCES = 1_000
FULL_MEMORY_INSTANCES = 10_000
BATCH = 50
DEFAULT_MEMORY_REGIONS = ("us-east-1", "us-west-2", "eu-west-1")

# AWS's default quotas ("Amazon VPC quotas"), enforced by Nimbus.
QUOTA_VPCS_PER_REGION = 5            # including the default VPC; we add one per Region
QUOTA_SUBNETS_PER_VPC = 200
QUOTA_ENIS_PER_REGION = 5_000        # each instance's primary network interface counts

MARKER = b"<instanceId>"


def usable_addresses(prefix: int) -> int:
    """AWS reserves the first four and the last address of every subnet."""
    return 2 ** (32 - prefix) - 5


# --------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------

@dataclass
class Inst:
    id: str
    subnet: str
    team: str
    ip: str
    batch: int
    index: int          # position in its batch's answer


@dataclass
class Subnet:
    id: str
    cidr: str
    zone: str


@dataclass
class Estate:
    """One Region's VPC, subnets, image and the instances launched there."""
    region: str
    vpc_id: str
    subnets: list[Subnet]
    image_id: str
    image_name: str
    instances: dict[str, Inst] = field(default_factory=dict)
    ips: set[str] = field(default_factory=set)
    batches: int = 0


class BenchError(RuntimeError):
    pass


def _clip(raw: bytes, n: int = 1500) -> str:
    text = raw.decode("utf-8", "replace")
    return text if len(text) <= n else text[:n] + f"... ({len(raw):,} bytes)"


def wrong(server: str, region: str, body: bytes, status: int | None, raw: bytes | str, why: str) -> BenchError:
    """An error carrying the exact request and answer."""
    answer = raw if isinstance(raw, str) else f"HTTP {status}: {_clip(raw)}"
    return BenchError(f"{server}: {why}\n    request ({region}, POST /): {body.decode()}\n    answer: {answer}")


class Ec2Wire:
    """Signed EC2 query calls from one client on one keep-alive connection (no retries)."""

    def __init__(self, proc: lib.ServerProcess, region: str, timeout: float):
        self.proc, self.region = proc, region
        self.client = lib.KeepAliveClient("127.0.0.1", proc.port, timeout=timeout)

    def call(self, body: bytes) -> tuple[int, bytes, float]:
        """(status, body, seconds from send to the answer's last byte); signing is not timed."""
        req = lib.sign_query_request("127.0.0.1", self.proc.port, body=body, service="ec2",
                                     region=self.region)
        t0 = time.perf_counter()
        try:
            status, raw = self.client.send(req)
        except Exception as exc:
            raise wrong(self.proc.spec.name, self.region, body, None, f"no answer: {exc!r}",
                        "request failed") from exc
        return status, raw, time.perf_counter() - t0

    def close(self) -> None:
        self.client.close()


# --------------------------------------------------------------------------
# Setup: image, VPC, subnets
# --------------------------------------------------------------------------

def pick_image(ec2, server: str, region: str) -> tuple[str, str]:
    """The newest image named like al2023-ami-2023*-kernel-6.1-x86_64 owned by amazon; moto, whose
    catalogue is its own, may fall back to its first x86_64 Amazon image."""
    imgs = ec2.describe_images(Owners=["amazon"],
                               Filters=[{"Name": "name", "Values": [IMAGE_NAME_FILTER]}])["Images"]
    bad = [i for i in imgs if not fnmatch.fnmatchcase(i.get("Name", ""), IMAGE_NAME_FILTER)
           or i.get("Architecture") != "x86_64"]
    if bad:
        raise BenchError(f"{server}: DescribeImages Owners=amazon name={IMAGE_NAME_FILTER} in {region} "
                         f"lists images that do not match: {[(i['ImageId'], i.get('Name'), i.get('Architecture')) for i in bad[:3]]}")
    if imgs:
        best = max(imgs, key=lambda i: (i.get("CreationDate", ""), i["Name"]))
        return best["ImageId"], best["Name"]
    if server != "moto":
        raise BenchError(f"{server}: DescribeImages Owners=amazon name={IMAGE_NAME_FILTER} in {region} "
                         f"lists no image")
    for i in ec2.describe_images(Owners=["amazon"])["Images"]:
        if i.get("Architecture") == "x86_64":
            return i["ImageId"], i.get("Name", "?")
    raise BenchError(f"{server}: DescribeImages Owners=amazon in {region} lists no x86_64 image")


def setup_region(proc: lib.ServerProcess, region: str, prefix: int, log) -> tuple[Estate, float]:
    """Image lookup, VPC 10.0.0.0/16 and SUBNETS /prefix subnets over zones a and b. Returns (estate, seconds)."""
    name = proc.spec.name
    ec2 = lib.boto3_client(proc, "ec2", region=region)
    t0 = time.perf_counter()
    image_id, image_name = pick_image(ec2, name, region)
    try:
        vpc = ec2.create_vpc(CidrBlock=VPC_CIDR)["Vpc"]
    except Exception as exc:
        raise BenchError(f"{name}: CreateVpc CidrBlock={VPC_CIDR} in {region}: {exc}") from exc
    if vpc.get("CidrBlock") != VPC_CIDR:
        raise BenchError(f"{name}: CreateVpc answered CidrBlock {vpc.get('CidrBlock')}, want {VPC_CIDR}")
    step = 2 ** (24 - prefix)
    subnets = []
    for k in range(SUBNETS):
        cidr, zone = f"10.0.{k * step}.0/{prefix}", f"{region}{ZONES[k % len(ZONES)]}"
        try:
            sn = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock=cidr, AvailabilityZone=zone)["Subnet"]
        except Exception as exc:
            raise BenchError(f"{name}: CreateSubnet VpcId={vpc['VpcId']} CidrBlock={cidr} "
                             f"AvailabilityZone={zone}: {exc}") from exc
        if (sn.get("CidrBlock"), sn.get("AvailabilityZone"), sn.get("VpcId")) != (cidr, zone, vpc["VpcId"]):
            raise BenchError(f"{name}: CreateSubnet {cidr} in {zone} answered {sn}")
        subnets.append(Subnet(sn["SubnetId"], cidr, zone))
    dt = time.perf_counter() - t0
    est = Estate(region, vpc["VpcId"], subnets, image_id, image_name)
    print(f"    {name:7s} {region}: image {image_id} ({image_name}), VPC {est.vpc_id}, "
          f"{SUBNETS} /{prefix} subnets in {dt * 1000:.0f} ms", file=log, flush=True)
    return est, dt


# --------------------------------------------------------------------------
# Launching
# --------------------------------------------------------------------------

def run_instances_body(est: Estate, sub: Subnet, team: str, batch: int) -> bytes:
    return lib.ec2_query_body("RunInstances", [
        ("ImageId", est.image_id), ("InstanceType", INSTANCE_TYPE),
        ("MinCount", str(batch)), ("MaxCount", str(batch)), ("SubnetId", sub.id),
        ("TagSpecification.1.ResourceType", "instance"),
        ("TagSpecification.1.Tag.1.Key", "Team"), ("TagSpecification.1.Tag.1.Value", team),
    ])


def _usable(ip: str, cidr: str) -> bool:
    net = ipaddress.ip_network(cidr)
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return addr in net and int(net.network_address) + 4 <= int(addr) < int(net.broadcast_address)


def check_run_answer(est: Estate, status: int, raw: bytes, sub: Subnet, team: str, batch: int,
                     batch_no: int) -> list[Inst] | str:
    """The launched instances, or why the answer is wrong."""
    if status != 200:
        return "RunInstances failed"
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        return f"unparseable XML ({exc})"
    if lib.xml_local(root.tag) != "RunInstancesResponse" or not lib.xml_text(root, "reservationId"):
        return "not a RunInstancesResponse with a reservationId"
    items = lib.xml_items(lib.xml_child(root, "instancesSet"))
    if len(items) != batch:
        return f"{len(items)} instances in the answer, want {batch}"
    out: list[Inst] = []
    seen_ips: set[str] = set()
    for idx, it in enumerate(items):
        iid = lib.xml_text(it, "instanceId") or ""
        if not iid.startswith("i-") or iid in est.instances or any(i.id == iid for i in out):
            return f"instance ID {iid!r} missing, malformed or handed out before"
        want = {"subnetId": sub.id, "vpcId": est.vpc_id, "imageId": est.image_id, "instanceType": INSTANCE_TYPE}
        for k, v in want.items():
            if lib.xml_text(it, k) != v:
                return f"{iid}: {k} {lib.xml_text(it, k)!r}, want {v!r}"
        state = lib.xml_child(it, "instanceState")
        if state is None or lib.xml_text(state, "name") not in ("pending", "running"):
            return f"{iid}: instanceState {None if state is None else lib.xml_text(state, 'name')!r}"
        placement = lib.xml_child(it, "placement")
        if placement is None or lib.xml_text(placement, "availabilityZone") != sub.zone:
            return f"{iid}: availabilityZone {None if placement is None else lib.xml_text(placement, 'availabilityZone')!r}, want {sub.zone}"
        ip = lib.xml_text(it, "privateIpAddress") or ""
        if not _usable(ip, sub.cidr):
            return f"{iid}: privateIpAddress {ip!r} is not a usable address of {sub.cidr}"
        if ip in est.ips or ip in seen_ips:
            return f"{iid}: privateIpAddress {ip} is already taken in {est.region}"
        tags = lib.xml_tags(it)
        if tags and tags.get("Team") != team:
            return f"{iid}: tags {tags}, want Team={team}"
        seen_ips.add(ip)
        out.append(Inst(iid, sub.id, team, ip, batch_no, idx))
    return out


def launch(proc: lib.ServerProcess, est: Estate, n_batches: int, batch: int, timeout: float, log,
           progress_every: int = 0) -> dict:
    """n_batches RunInstances calls of `batch`, one client, one after the other; batch number b
    (counted per Region) goes to subnet b mod 4 with tag Team=b mod 10. Raises on any error or wrong answer."""
    wire = Ec2Wire(proc, est.region, timeout)
    lat: list[float] = []
    t_wall = time.perf_counter()
    try:
        for n in range(n_batches):
            b = est.batches
            sub, team = est.subnets[b % len(est.subnets)], str(b % TEAMS)
            body = run_instances_body(est, sub, team, batch)
            status, raw, dt = wire.call(body)
            lat.append(dt)
            got = check_run_answer(est, status, raw, sub, team, batch, b)
            if isinstance(got, str):
                raise wrong(proc.spec.name, est.region, body, status, raw, f"RunInstances batch {b}: {got}")
            for inst in got:
                est.instances[inst.id] = inst
                est.ips.add(inst.ip)
            est.batches += 1
            if progress_every and (n + 1) % progress_every == 0 and n + 1 < n_batches:
                print(f"      {proc.spec.name} {est.region}: {n + 1}/{n_batches} batches, "
                      f"{len(est.instances):,} instances in the Region, RSS "
                      f"{(lib.rss_kib(proc.pid) or 0) / 1024:.1f} MiB", file=log, flush=True)
    finally:
        wire.close()
    wall = time.perf_counter() - t_wall
    busy = sum(lat)
    inst = n_batches * batch
    return {
        "region": est.region, "calls": n_batches, "instances": inst, "batch": batch,
        "call_seconds": busy, "wall_seconds": wall,
        "instances_per_s": inst / busy if busy else None, "calls_per_s": n_batches / busy if busy else None,
        "wall_instances_per_s": inst / wall if wall else None,
        "p50_ms": lib.percentile([x * 1000 for x in lat], 50),
        "p99_ms": lib.percentile([x * 1000 for x in lat], 99),
        "max_ms": max(lat) * 1000 if lat else None,
        "latencies_ms": [x * 1000 for x in lat],
    }


# --------------------------------------------------------------------------
# Reading instances back
# --------------------------------------------------------------------------

@dataclass
class Listed:
    id: str
    subnet: str | None
    team: str | None
    image: str | None
    type: str | None
    ip: str | None
    state: str | None


def parse_instances(root: ET.Element) -> list[Listed]:
    out = []
    for res in lib.xml_items(lib.xml_child(root, "reservationSet")):
        for it in lib.xml_items(lib.xml_child(res, "instancesSet")):
            st = lib.xml_child(it, "instanceState")
            out.append(Listed(lib.xml_text(it, "instanceId") or "", lib.xml_text(it, "subnetId"),
                              lib.xml_tags(it).get("Team"), lib.xml_text(it, "imageId"),
                              lib.xml_text(it, "instanceType"), lib.xml_text(it, "privateIpAddress"),
                              None if st is None else lib.xml_text(st, "name")))
    return out


def instance_mismatch(got: Listed, want: Inst, est: Estate) -> str | None:
    pairs = (("subnetId", got.subnet, want.subnet), ("tag Team", got.team, want.team),
             ("imageId", got.image, est.image_id), ("instanceType", got.type, INSTANCE_TYPE),
             ("privateIpAddress", got.ip, want.ip))
    for label, g, w in pairs:
        if g != w:
            return f"{got.id}: {label} {g!r}, want {w!r}"
    if got.state not in ("pending", "running"):
        return f"{got.id}: state {got.state!r}"
    return None


def compare_ids(got: list[Listed], want: set[str]) -> str | None:
    ids = [g.id for g in got]
    s = set(ids)
    if len(ids) != len(s) or s != want:
        return (f"{len(ids)} instances listed, want {len(want)}: {len(want - s)} missing (e.g. "
                f"{sorted(want - s)[:3]}), {len(s - want)} unexpected (e.g. {sorted(s - want)[:3]}), "
                f"{len(ids) - len(s)} duplicates")
    return None


def verify_region(proc: lib.ServerProcess, est: Estate, timeout: float, page: int = 1000) -> dict:
    """DescribeInstances of the whole Region, all pages: exactly est's instances, each as launched."""
    wire = Ec2Wire(proc, est.region, timeout)
    listed: list[Listed] = []
    token, pages, t0 = None, 0, time.perf_counter()
    try:
        while True:
            params = [("MaxResults", str(page))] + ([("NextToken", token)] if token else [])
            body = lib.ec2_query_body("DescribeInstances", params)
            status, raw, _ = wire.call(body)
            pages += 1
            if status != 200:
                raise wrong(proc.spec.name, est.region, body, status, raw, "DescribeInstances (listing) failed")
            try:
                root = ET.fromstring(raw)
            except ET.ParseError as exc:
                raise wrong(proc.spec.name, est.region, body, status, raw, f"unparseable XML ({exc})")
            listed.extend(parse_instances(root))
            token = lib.xml_text(root, "nextToken")
            if not token:
                break
            if pages > len(est.instances) // max(1, min(page, 50)) + 10:
                raise wrong(proc.spec.name, est.region, body, status, raw,
                            f"pagination does not end ({pages} pages for {len(est.instances)} instances)")
    finally:
        wire.close()
    why = compare_ids(listed, set(est.instances))
    if why is None:
        for g in listed:
            why = instance_mismatch(g, est.instances[g.id], est)
            if why:
                break
    if why:
        raise BenchError(f"{proc.spec.name}: DescribeInstances of all of {est.region} (MaxResults {page}, "
                         f"{pages} pages): {why}")
    return {"region": est.region, "instances": len(listed), "pages": pages, "seconds": time.perf_counter() - t0}


# --------------------------------------------------------------------------
# The measured calls
# --------------------------------------------------------------------------

@dataclass
class Query:
    key: str
    label: str
    filters: list[tuple[str, list[str]]]
    expected: dict[str, Inst]
    est: Estate
    target: bool        # does the 20x target apply

    @property
    def body(self) -> bytes:
        return lib.ec2_query_body("DescribeInstances", filters=self.filters)

    def wrk_expect(self) -> tuple[bytes, ...]:
        return tuple(f">{i}<".encode() for i in sorted(self.expected)[:5])

    def wrk_counts(self) -> list[tuple[bytes, int]]:
        return [(MARKER, len(self.expected))]

    def check(self, status: int, body: bytes) -> str | None:
        """Full check of one answer; None if right, else why not."""
        if status != 200:
            return f"HTTP {status}: {_clip(body, 300)}"
        try:
            root = ET.fromstring(body)
        except ET.ParseError as exc:
            return f"unparseable XML ({exc}): {_clip(body, 300)}"
        if lib.xml_child(root, "reservationSet") is None:
            return f"no <reservationSet> in {_clip(body, 300)}"
        got = parse_instances(root)
        why = compare_ids(got, set(self.expected))
        if why:
            return why
        token = lib.xml_text(root, "nextToken")
        if token:
            return f"answer is paginated (nextToken {token[:40]!r}) although no MaxResults was sent"
        for g in got:
            why = instance_mismatch(g, self.expected[g.id], self.est)
            if why:
                return why
        raw = body.count(MARKER)
        if raw != len(self.expected):
            return (f"{MARKER.decode()} occurs {raw} times for {len(self.expected)} instances: the load "
                    f"check cannot count instances by it for this server (harness needs another marker)")
        return None


def build_queries(est: Estate) -> list[Query]:
    """Tag and subnet of the middle batch; the middle instance of that batch."""
    m = est.batches // 2
    team, sub = str(m % TEAMS), est.subnets[m % len(est.subnets)]
    insts = est.instances.values()
    members = sorted((i for i in insts if i.batch == m), key=lambda i: i.index)
    one = members[len(members) // 2]
    return [
        Query("by_tag", "DescribeInstances tag:Team=<value>", [("tag:Team", [team])],
              {i.id: i for i in insts if i.team == team}, est, True),
        Query("by_subnet", "DescribeInstances subnet-id=<one subnet>", [("subnet-id", [sub.id])],
              {i.id: i for i in insts if i.subnet == sub.id}, est, True),
        Query("by_id", "DescribeInstances instance-id=<one ID>", [("instance-id", [one.id])],
              {one.id: one}, est, False),
    ]


# --------------------------------------------------------------------------
# Per-server flow
# --------------------------------------------------------------------------

@dataclass
class Server:
    spec: lib.ServerSpec
    proc: lib.ServerProcess | None = None
    startup_ms: float | None = None
    first_ec2_call_ms: float | None = None
    setup_ms: float | None = None
    estate: Estate | None = None
    launch: dict | None = None
    verify: dict | None = None
    rss_after_launch_kib: int | None = None
    data_dir_bytes: int | None = None
    queries: dict[str, Query] = field(default_factory=dict)
    error: str | None = None
    failed_queries: dict[str, str] = field(default_factory=dict)   # wrong first answer: not measured
    measure_errors: dict[str, str] = field(default_factory=dict)   # wrong answers while measuring
    memory: dict | None = None
    memory_error: str | None = None


def sign(srv: Server, q: Query) -> lib.SignedRequest:
    return lib.sign_query_request("127.0.0.1", srv.proc.port, body=q.body, service="ec2", region=q.est.region)


def start_and_launch(srv: Server, n_batches: int, args, stack: ExitStack, log) -> None:
    sp = lib.start_ec2_server(srv, stack, args.startup_timeout, args.region, log)
    est, setup_s = setup_region(sp, args.region, MAIN_SUBNET_PREFIX, log)
    srv.estate, srv.setup_ms = est, setup_s * 1000
    srv.launch = launch(sp, est, n_batches, args.batch, args.call_timeout, log)
    srv.rss_after_launch_kib = lib.rss_kib(sp.pid)
    L = srv.launch
    print(f"    {srv.spec.name:7s} launched {L['instances']:,} instances in {L['calls']} RunInstances calls: "
          f"{L['call_seconds']:.2f} s in calls ({L['instances_per_s']:.0f} instances/s, "
          f"{L['calls_per_s']:.1f} calls/s, p50 {L['p50_ms']:.1f} ms), {L['wall_seconds']:.2f} s wall; "
          f"RSS {(srv.rss_after_launch_kib or 0) / 1024:.1f} MiB", file=log, flush=True)
    srv.verify = verify_region(sp, est, args.call_timeout)
    srv.data_dir_bytes = lib.dir_size_bytes(sp.data_dir)
    print(f"    {srv.spec.name:7s} DescribeInstances of the Region lists exactly the {srv.verify['instances']:,} "
          f"instances ({srv.verify['pages']} page(s), {srv.verify['seconds']:.2f} s)", file=log, flush=True)
    srv.queries = {q.key: q for q in build_queries(est)}
    for q in srv.queries.values():
        status, body = lib.send(sign(srv, q), timeout=args.call_timeout)
        why = q.check(status, body)
        if why:
            srv.failed_queries[q.key] = f"{why}\n    request: {q.body.decode()}\n    answer: HTTP {status}: {_clip(body)}"
            print(f"  {srv.spec.name}: WRONG ANSWER to {q.label}: {srv.failed_queries[q.key]}",
                  file=log, flush=True)


def plan_memory(main: Estate, regions: list[str], total_batches: int) -> dict[str, int]:
    """Batches per Region (the main Region's launched batches count), as even as whole batches allow."""
    plan = {r: 0 for r in regions}
    plan[main.region] = main.batches
    for _ in range(max(0, total_batches - main.batches)):
        r = min(regions, key=lambda x: (plan[x], regions.index(x)))
        plan[r] += 1
    return plan


def memory_phase(srv: Server, args, total_batches: int, log) -> dict:
    """Launch up to total_batches × batch instances over the memory Regions; RSS, listing, RSS, peak."""
    sp, main = srv.proc, srv.estate
    regions = args.memory_regions
    plan = plan_memory(main, regions, total_batches)
    rec: dict = {"plan_instances": {r: b * args.batch for r, b in plan.items()}, "regions": {},
                 "rss_before_kib": lib.rss_kib(sp.pid)}
    print(f"  nimbus memory: {total_batches * args.batch:,} instances in total, per Region "
          + ", ".join(f"{r} {b * args.batch:,}" for r, b in plan.items()), file=log, flush=True)
    estates = {main.region: main}
    launches = []
    t0 = time.perf_counter()
    for r in regions:
        if r not in estates:
            estates[r], setup_s = setup_region(sp, r, MEMORY_SUBNET_PREFIX, log)
            rec["regions"].setdefault(r, {})["setup_ms"] = setup_s * 1000
        more = plan[r] - estates[r].batches
        if more > 0:
            L = launch(sp, estates[r], more, args.batch, args.call_timeout, log, progress_every=20)
            launches.append(L)
            rec["regions"].setdefault(r, {})["launch"] = {k: v for k, v in L.items() if k != "latencies_ms"}
            print(f"    nimbus  {r}: launched {L['instances']:,} more in {L['calls']} calls, "
                  f"{L['call_seconds']:.2f} s in calls ({L['instances_per_s']:.0f} instances/s, p50 "
                  f"{L['p50_ms']:.1f} ms, p99 {L['p99_ms']:.1f} ms); {len(estates[r].instances):,} in the Region; "
                  f"RSS {(lib.rss_kib(sp.pid) or 0) / 1024:.1f} MiB", file=log, flush=True)
    rec["launch_wall_s"] = time.perf_counter() - t0
    rec["rss_after_launches_kib"] = lib.rss_kib(sp.pid)
    total = sum(len(e.instances) for e in estates.values())
    rec["instances"] = total
    busy = sum(L["call_seconds"] for L in launches)
    rec["launched_here"] = sum(L["instances"] for L in launches)
    rec["launch_calls"] = sum(L["calls"] for L in launches)
    rec["launch_call_s"] = busy
    rec["launch_instances_per_s"] = rec["launched_here"] / busy if busy else None
    all_lat = [x for L in launches for x in L["latencies_ms"]]
    rec["launch_p50_ms"] = lib.percentile(all_lat, 50)
    rec["launch_p99_ms"] = lib.percentile(all_lat, 99)
    print(f"  nimbus memory: {total:,} instances; RSS {rec['rss_after_launches_kib'] / 1024:.1f} MiB "
          f"(target < {MEMORY_TARGET_MIB:g} MiB); checking every Region's listing", file=log, flush=True)
    for r, est in estates.items():
        v = verify_region(sp, est, args.call_timeout)
        rec["regions"].setdefault(r, {}).update(
            {"instances": len(est.instances), "vpc": est.vpc_id, "image": est.image_id,
             "subnets": [s.cidr for s in est.subnets], "verify": v})
        print(f"    nimbus  {r}: DescribeInstances lists exactly the {v['instances']:,} instances "
              f"({v['pages']} page(s), {v['seconds']:.2f} s)", file=log, flush=True)
    rec["rss_after_listing_kib"] = lib.rss_kib(sp.pid)
    rec["peak_rss_kib"] = lib.peak_rss_kib(sp.pid)
    rec["data_dir_bytes"] = lib.dir_size_bytes(sp.data_dir)
    if not sp.alive():
        raise BenchError(f"nimbus died\n{sp.log_tail()}")
    print(f"  nimbus memory: RSS after listing {rec['rss_after_listing_kib'] / 1024:.1f} MiB, peak (VmHWM) "
          f"{rec['peak_rss_kib'] / 1024:.1f} MiB, data dir {rec['data_dir_bytes'] / 2**20:.1f} MiB",
          file=log, flush=True)
    return rec


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

_fmt, _ratio = lib.fmt_num, lib.ratio


def render_markdown(args, info, servers: list[Server], summ: dict, runs: list[dict], argv: str,
                    selftest: str, n_batches: int, mem_batches: int) -> str:
    names = [s.spec.name for s in servers]
    both = "nimbus" in names and "moto" in names
    n_inst = n_batches * args.batch
    full = n_inst == FULL_INSTANCES and args.batch == BATCH
    mem_full = mem_batches * args.batch >= FULL_MEMORY_INSTANCES

    def target_cell(r, applies: bool) -> str:
        if not applies:
            return "—"
        if not full:
            return f"(≥ {TARGET_RATIO:g}× at full scale; this run is reduced)"
        return f"≥ {TARGET_RATIO:g}×: " + ("met" if r is not None and r >= TARGET_RATIO else "**missed**")

    out = [f"## EC2 compute benchmark: launching {n_inst:,} instances in batches of {args.batch}, "
           f"filtered DescribeInstances" + ("" if args.skip_memory or args.only == "moto" else
                                            f"; Nimbus's memory with {mem_batches * args.batch:,} instances") + "\n"]
    out.extend(lib.markdown_header(argv, info))
    for s in servers:
        extra = " (default SQLite persistence in a fresh data dir)" if s.spec.name == "nimbus" else ""
        out.append(f"- {s.spec.name}: {s.spec.version}{extra}")
    step = 2 ** (24 - MAIN_SUBNET_PREFIX)
    out.append(f"- Setup per server (region {args.region}; one untimed DescribeVpcs first): image from "
               f"`DescribeImages Owners=amazon name={IMAGE_NAME_FILTER}` (newest; moto: its own "
               f"catalogue's match, else its first x86_64 Amazon image), VPC {VPC_CIDR} and {SUBNETS} "
               f"/{MAIN_SUBNET_PREFIX} subnets (10.0.0.0, 10.0.{step}.0, ...) alternating zones a / b; "
               f"within AWS's default quotas, which Nimbus enforces ({QUOTA_VPCS_PER_REGION} VPCs per "
               f"region including the default VPC, {QUOTA_SUBNETS_PER_VPC} subnets per VPC, "
               f"{QUOTA_ENIS_PER_REGION:,} network interfaces per region, one per instance).")
    out.append(f"- Launch: {n_batches} RunInstances calls, MinCount = MaxCount = {args.batch}, "
               f"{INSTANCE_TYPE}, batch b into subnet b mod {SUBNETS} with TagSpecifications "
               f"instance `Team=b mod {TEAMS}`; one client, one keep-alive connection, calls one after "
               f"the other, each timed from send to the answer's last byte; instances/s and calls/s "
               f"= launched / summed call time (client-side checking excluded; wall time shown too). "
               f"Each answer is checked: {args.batch} new unique IDs, subnet, VPC, zone, image, type, "
               f"pending/running, a private address in the subnet's usable range and unique in "
               f"the region, the Team tag. Then DescribeInstances of the whole region, all pages "
               f"(MaxResults 1000), must list exactly the launched instances with those attributes.")
    if not full:
        out.append(f"- **Reduced state ({n_inst:,} instances; --scale {args.scale:g}): the "
                   f"{TARGET_RATIO:g}× target is for {FULL_INSTANCES:,} instances in batches of {BATCH}; "
                   f"ratios here are indicative only.**")
    out.append("- Each measured call's first answer, and every one-client answer, is parsed in full: "
               "exactly the expected instance IDs (no more, no fewer, no nextToken), each with its "
               "subnet, Team tag, image, type and private address.")
    if args.sequential > 0:
        out.append(f"- One client: {args.sequential} sequential calls per call type and run on one "
                   f"keep-alive connection, pre-signed by botocore SigV4; each timed from send to "
                   f"last body byte. p50/p99 over all such calls of all runs; calls/s = calls / summed "
                   f"call time.")
    if args.duration > 0:
        out.append(f"- Load: {info['wrk']}, `wrk -t{args.threads} -c{args.connections} "
                   f"-d{args.duration}s --latency --timeout {args.wrk_timeout:g}s` replaying the "
                   f"pre-signed request; {'every' if args.check_every == 1 else f'every {args.check_every}th'} "
                   f"response checked for status 200, the exact number of `<instanceId>` and up to 5 "
                   f"expected IDs; {args.warmup} s warm-up before each measured run. Medians over "
                   f"{args.repeat} run(s). wrk shares the {info['nproc_cmd']} cores with the server.")
        out.append(f"- wrk wire self-test: {selftest}")
    out.append("- Servers run side by side; runs interleave servers and alternate their order.")
    for s in servers:
        if s.spec.note:
            out.append(f"- **{s.spec.name}: {s.spec.note}**")
        if s.error:
            out.append(f"- **{s.spec.name} FAILED: {s.error.splitlines()[0][:400]}**")
        for k, why in s.failed_queries.items():
            out.append(f"- **{s.spec.name}: wrong answer to {k}: {why.splitlines()[0][:300]}**")
        for k, why in s.measure_errors.items():
            out.append(f"- **{s.spec.name}: wrong answer or error while measuring {k}: {why.splitlines()[0][:300]}**")
        if s.memory_error:
            out.append(f"- **{s.spec.name} memory part FAILED: {s.memory_error.splitlines()[0][:400]}**")
    out.append("")

    ok_servers = [s for s in servers if s.launch]
    if ok_servers:
        cmp_ = both and len(ok_servers) == 2
        by = {s.spec.name: s for s in ok_servers}
        out.append(f"### Launching {n_inst:,} instances: {n_batches} RunInstances calls of {args.batch}\n")
        hdr = "| | " + " | ".join(s.spec.name for s in ok_servers) + \
              (" | nimbus vs moto | target |" if cmp_ else " |")
        out.append(hdr)
        out.append("|" + "---|" * (hdr.count("|") - 1))

        def row(label, get, nd=1, lower_better=True, tgt=None, word=None):
            line = f"| {label} | " + " | ".join(_fmt(get(s), nd) for s in ok_servers) + " |"
            if cmp_:
                n, m = get(by["nimbus"]), get(by["moto"])
                r = _ratio(m, n) if lower_better else _ratio(n, m)
                word = word or ("faster" if lower_better else "more")
                line += (f" {_fmt(r)}× {word} |" if r else " n/a |")
                line += f" {target_cell(r, tgt) if tgt is not None else ''} |"
            return line

        def info_row(label, cells):
            return f"| {label} | " + " | ".join(cells) + (" |  |  |" if cmp_ else " |")

        out.append(row("instances / s (summed call time)", lambda s: s.launch["instances_per_s"], 0, False, True))
        out.append(row("RunInstances calls / s", lambda s: s.launch["calls_per_s"], 1, False))
        out.append(row("time in RunInstances calls (s)", lambda s: s.launch["call_seconds"], 2))
        out.append(row("RunInstances p50 (ms)", lambda s: s.launch["p50_ms"], 1))
        out.append(row("RunInstances p99 (ms)", lambda s: s.launch["p99_ms"], 1))
        out.append(row("wall time incl. client-side checks (s)", lambda s: s.launch["wall_seconds"], 2))
        out.append(row("check: DescribeInstances of the whole region, all pages (s)",
                       lambda s: s.verify["seconds"] if s.verify else None, 2))
        out.append(row("RSS after launching (MiB)", lambda s: (s.rss_after_launch_kib or 0) / 1024, 1,
                       word="less"))
        out.append(info_row("data dir after launching (MiB)", [
            _fmt(s.data_dir_bytes / 2**20, 1) if s.data_dir_bytes else "— (in memory)" for s in ok_servers]))
        out.append(info_row("startup to first signed answer (ms)", [_fmt(s.startup_ms, 0) for s in ok_servers]))
        out.append(info_row("first EC2 call, untimed (ms)", [_fmt(s.first_ec2_call_ms, 0) for s in ok_servers]))
        out.append(info_row(f"setup: DescribeImages, VPC, {SUBNETS} subnets (ms)",
                            [_fmt(s.setup_ms, 0) for s in ok_servers]))
        out.append(info_row("image", [f"`{s.estate.image_id}` {s.estate.image_name}" for s in ok_servers]))
        out.append("")

    meta = [(q.key, q.label, q.target) for q in queries_meta(servers)]
    if meta:
        out.append("Results per measured call: " + "; ".join(
            f"{label}: {next((len(s.queries[key].expected) for s in servers if key in s.queries), '?')}"
            for key, label, _ in meta) + ".\n")
    out.extend(lib.markdown_call_tables(
        summ, meta, names, sequential=args.sequential, duration=args.duration, repeat=args.repeat,
        threads=args.threads, connections=args.connections, target_cell=target_cell))
    fewest = {}
    for r in runs:
        if "wrk" in r:
            k = (r["server"], r["query"])
            fewest[k] = min(fewest.get(k, r["wrk"]["requests"]), r["wrk"]["requests"])
    if fewest:
        out.append("Fewest responses in one measured wrk run (a run of a slow call holds few, so its "
                   "req/s is coarse; a longer --duration refines it): " + "; ".join(
                       f"{srv} {key} {n:,}" for (srv, key), n in fewest.items()) + ".\n")

    nim = next((s for s in servers if s.spec.name == "nimbus"), None)
    if nim is not None and nim.memory:
        M = nim.memory
        out.append(f"### Memory: Nimbus with {M['instances']:,} instances\n")
        out.append(("moto stopped first. " if both else "") + "Instances per region: " + "; ".join(
            f"{r} {d['instances']:,} (VPC {VPC_CIDR}, {len(d['subnets'])} subnets "
            f"/{d['subnets'][0].split('/')[1]})" for r, d in M["regions"].items()) + ".\n")
        rss = max(M["rss_after_launches_kib"], M["rss_after_listing_kib"]) / 1024
        if mem_full:
            tgt = f"< {MEMORY_TARGET_MIB:g} MiB: " + ("met" if rss < MEMORY_TARGET_MIB else "**missed**")
        else:
            tgt = f"(< {MEMORY_TARGET_MIB:g} MiB with {FULL_MEMORY_INSTANCES:,} instances; this run is reduced)"
        out.append("| | nimbus | target |")
        out.append("|---|---|---|")
        out.append(f"| RSS after all launches (MiB) | {_fmt(M['rss_after_launches_kib'] / 1024, 1)} | {tgt} |")
        out.append(f"| RSS after listing every region in full (MiB) | {_fmt(M['rss_after_listing_kib'] / 1024, 1)} | {tgt} |")
        out.append(f"| peak RSS over the whole run, VmHWM (MiB) | {_fmt((M['peak_rss_kib'] or 0) / 1024, 1)} | — |")
        out.append(f"| RSS before the memory part, {n_inst:,} instances (MiB) | {_fmt(M['rss_before_kib'] / 1024, 1)} | — |")
        out.append(f"| data dir (MiB) | {_fmt(M['data_dir_bytes'] / 2**20, 1)} | — |")
        out.append(f"| launched in this part: instances / RunInstances calls | {M['launched_here']:,} / {M['launch_calls']:,} | — |")
        out.append(f"| … instances / s (summed call time) | {_fmt(M['launch_instances_per_s'], 0)} | — |")
        out.append(f"| … RunInstances p50 / p99 (ms) | {_fmt(M['launch_p50_ms'], 1)} / {_fmt(M['launch_p99_ms'], 1)} | — |")
        out.append(f"| listing every region in full (s) | {_fmt(sum(d['verify']['seconds'] for d in M['regions'].values()), 2)} | — |")
        out.append("")
    return "\n".join(out)


queries_meta = lib.first_queries


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    lib.add_server_args(ap)
    ap.add_argument("--scale", type=float, default=1.0,
                    help=f"fraction of the instance counts ({FULL_INSTANCES:,} launched and measured, "
                         f"{FULL_MEMORY_INSTANCES:,} for the memory part), in whole batches (1.0)")
    ap.add_argument("--instances", type=int, help=f"override: instances launched on each server "
                    f"({FULL_INSTANCES:,} × scale; a multiple of --batch)")
    ap.add_argument("--memory-instances", type=int, help=f"override: instances in Nimbus for the memory "
                    f"part ({FULL_MEMORY_INSTANCES:,} × scale; a multiple of --batch)")
    ap.add_argument("--memory-regions", default=",".join(DEFAULT_MEMORY_REGIONS),
                    help=f"comma-separated regions for the memory part; --region is always one of them "
                         f"({','.join(DEFAULT_MEMORY_REGIONS)})")
    ap.add_argument("--skip-memory", action="store_true", help="skip the memory part")
    ap.add_argument("--batch", type=int, default=BATCH, help=f"instances per RunInstances call ({BATCH})")
    lib.add_call_args(ap, wrk_timeout=30.0,
                      wrk_timeout_help="seconds before wrk counts a request as timed out (30: under -c8, "
                                       "moto answers the 100-instance calls after ~9 s)")
    ap.add_argument("--call-timeout", type=float, default=300.0,
                    help="seconds to wait for one RunInstances / listing answer (300)")
    lib.add_output_args(ap)
    args = ap.parse_args()

    if not 0 < args.scale <= 1.0:
        ap.error("--scale must be in (0, 1]")
    if not 2 <= args.batch <= 1000:
        ap.error("--batch must be 2-1000")

    def batches(explicit: int | None, full: int, what: str) -> int:
        if explicit is not None:
            if explicit < args.batch or explicit % args.batch:
                ap.error(f"{what} must be a positive multiple of --batch ({args.batch})")
            return explicit // args.batch
        return max(1, round(full * args.scale / args.batch))

    n_batches = batches(args.instances, FULL_INSTANCES, "--instances")
    mem_batches = max(n_batches, batches(args.memory_instances, FULL_MEMORY_INSTANCES, "--memory-instances"))
    regions = [r.strip() for r in args.memory_regions.split(",") if r.strip()]
    regions = [args.region] + [r for r in dict.fromkeys(regions) if r != args.region]
    args.memory_regions = regions
    per_subnet = -(-n_batches // SUBNETS) * args.batch
    if n_batches * args.batch > QUOTA_ENIS_PER_REGION:
        ap.error(f"{n_batches * args.batch:,} instances exceed the {QUOTA_ENIS_PER_REGION:,} network "
                 f"interfaces per region")
    if per_subnet > usable_addresses(MAIN_SUBNET_PREFIX):
        ap.error(f"{per_subnet:,} instances per /{MAIN_SUBNET_PREFIX} subnet exceed its "
                 f"{usable_addresses(MAIN_SUBNET_PREFIX):,} usable addresses")
    if not args.skip_memory:
        cap = QUOTA_ENIS_PER_REGION // args.batch
        if mem_batches > cap * len(regions):
            ap.error(f"{mem_batches * args.batch:,} instances do not fit in {len(regions)} region(s) of "
                     f"{QUOTA_ENIS_PER_REGION:,} network interfaces: add --memory-regions")
        if -(-mem_batches // len(regions)) > cap:
            ap.error("the memory part would exceed a region's network-interface quota")

    argv = lib.command_line("ec2_compute.py")
    wrk, info, selftest = lib.prepare_wrk(args.duration > 0)

    specs = lib.server_specs(args)
    if specs is None:
        return 2
    for spec in specs:
        if spec.name == "nimbus":
            # Thousands of instances in one account go past the default vCPU quota (1,152 per bucket): lift it.
            spec.env["NIMBUS_EC2_VCPU_QUOTA"] = "0"
    servers = [Server(s) for s in specs]

    lib.print_machine_header(info, specs)
    print(f"launch: {n_batches} RunInstances calls × {args.batch} = {n_batches * args.batch:,} instances "
          f"per server in {args.region}" + ("" if args.skip_memory or args.only == "moto" else
                                            f"; memory part: {mem_batches * args.batch:,} instances in "
                                            f"nimbus over {', '.join(regions)}"), flush=True)

    runs: list[dict] = []
    with ExitStack() as stack:
        failed = lib.start_servers(servers, lambda srv: start_and_launch(srv, n_batches, args, stack, sys.stdout))

        live = [s for s in servers if s.error is None]
        keys = [q.key for q in queries_meta(live)]
        for i, key, srv in lib.interleaved(live, keys, args.repeat):
            if key in srv.failed_queries:
                continue
            q = srv.queries[key]
            try:
                rec = lib.measure_call(
                    srv.proc, q.key, lambda srv=srv, q=q: sign(srv, q), q.check, q.wrk_expect(),
                    q.wrk_counts(), results=len(q.expected), run_no=i + 1,
                    sequential=args.sequential, duration=args.duration, warmup=args.warmup,
                    threads=args.threads, connections=args.connections,
                    wrk_timeout=args.wrk_timeout, check_every=args.check_every, wrk=wrk,
                    log=sys.stdout, key_width=9)
            except Exception as exc:
                print(f"  {srv.spec.name} {key}: FAILED: {exc}", file=sys.stderr, flush=True)
                srv.measure_errors.setdefault(key, f"measurement failed: {exc}")
                failed = True
                continue
            runs.append(rec)
            failed |= not rec["ok"]
            if not rec["ok"]:
                srv.measure_errors.setdefault(key, f"run {i + 1}: " + "; ".join(
                    rec.get("seq", {}).get("errors", [])
                    + ([rec["wrk"]["first_bad"] or "wrk errors"]
                       if "wrk" in rec and not rec["wrk"]["ok"] else [])))
                if "wrk" in rec and "raw" in rec["wrk"]:
                    print(rec["wrk"]["raw"], file=sys.stderr)

        nim = next((s for s in live if s.spec.name == "nimbus"), None)
        if nim is not None and not args.skip_memory:
            for s in live:
                if s is not nim and s.proc:
                    s.proc.stop()   # the memory part is Nimbus's alone: give it the machine
            try:
                nim.memory = memory_phase(nim, args, mem_batches, sys.stdout)
            except Exception as exc:
                nim.memory_error = str(exc)
                failed = True
                lib.print_failure("nimbus memory part", exc, nim.proc)

    summ = lib.summarize_runs(runs)
    info["loadavg_end"] = lib.loadavg()
    md = render_markdown(args, info, servers, summ, runs, argv, selftest, n_batches, mem_batches)

    def estate_json(e: Estate | None):
        if e is None:
            return None
        return {"region": e.region, "vpc": e.vpc_id, "image_id": e.image_id, "image_name": e.image_name,
                "subnets": [s.__dict__ for s in e.subnets], "instances": len(e.instances),
                "batches": e.batches}
    lib.write_report(args, md, lambda: {
        "command": argv, "machine": info, "options": vars(args),
        "instances": n_batches * args.batch, "memory_instances": mem_batches * args.batch,
        "servers": {s.spec.name: {
            "version": s.spec.version, "startup_ms": s.startup_ms,
            "first_ec2_call_ms": s.first_ec2_call_ms, "setup_ms": s.setup_ms, "error": s.error,
            "estate": estate_json(s.estate), "launch": s.launch, "verify": s.verify,
            "rss_after_launch_kib": s.rss_after_launch_kib, "data_dir_bytes": s.data_dir_bytes,
            "failed_queries": s.failed_queries, "measure_errors": s.measure_errors, "memory": s.memory, "memory_error": s.memory_error,
            "queries": {q.key: {"label": q.label, "body": q.body.decode(),
                                "expected_ids": sorted(q.expected)} for q in s.queries.values()},
        } for s in servers},
        "summaries": summ, "runs": runs,
    })
    if failed:
        print("FAILED: see the errors above (an error or a wrong answer)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
