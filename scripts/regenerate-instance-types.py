#!/usr/bin/env python3
"""Regenerate the EC2 instance-type catalogue compiled into Nimbus.

Source: the installed moto's moto/ec2/resources/, which holds AWS's own
DescribeInstanceTypes output for every type (instance_types.json.gz) and
DescribeInstanceTypeOfferings output per Region, by Region and by AZ ID
(instance_type_offerings/region/ and availability-zone-id/). Nothing is typed
by hand: the generator only selects FAMILIES, reshapes each item into an
`InstanceTypeInfo(...)` and checks the few values Nimbus writes as constants.

What the data says that may surprise:
  - c5, m5, r5, m6i and r6i report CurrentGeneration false (AWS moved them to
    the previous generation in 2025).
  - FreeTierEligible is the free tier of accounts created since 15 July 2025:
    t3.micro, t3.small, t4g.micro, t4g.small (not t2.micro).
  - Bare metal types have no Hypervisor.

Offerings: `notOffered` lists, per family (or per type where sizes differ),
the Regions and AZ IDs where AWS does not offer it. A Region moto has no data
for (ap-east-2, ap-southeast-6, ap-southeast-7, mx-central-1 at moto 5.2.1)
offers everything; so does an AZ ID that moto does not list.

Output: Sources/Services/EC2/Compute/InstanceTypeData.swift.
Usage: python3 scripts/regenerate-instance-types.py [OUTPUT.swift]
Adding a family: add its name to FAMILIES and run the script.
"""
import collections
import gzip
import json
import pathlib
import sys

import moto

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT_FILE = ROOT / "Sources" / "Services" / "EC2" / "Compute" / "InstanceTypeData.swift"
RESOURCES = pathlib.Path(moto.__file__).parent / "ec2" / "resources"

FAMILIES = [
    # General purpose
    "t2", "t3", "t3a", "t4g", "m5", "m6i", "m7i", "m7g",
    # Compute optimized
    "c5", "c6i", "c7i", "c7g",
    # Memory optimized
    "r5", "r6i", "r7i", "x2idn",
    # Accelerated computing
    "p4d", "p5", "g5", "inf2",
    # Storage optimized
    "i3", "i4i", "d3",
]


def family(name):
    return name.split(".")[0]


def s(text):
    return json.dumps(text)


def strings(values):
    return "[" + ", ".join(s(v) for v in values) + "]"


def ints(values):
    if len(values) > 4 and values == list(range(1, len(values) + 1)):
        return f"Array(1...{len(values)})"
    return "[" + ", ".join(str(v) for v in values) + "]"


def num(value):
    """A Double literal Swift reads as written."""
    return repr(float(value))


def args(pairs):
    """`label: value` pairs, leaving out those equal to the Swift default (None)."""
    return ", ".join(f"{k}: {v}" for k, v in pairs if v is not None)


def check(condition, name, what):
    if not condition:
        sys.exit(f"{name}: {what}: the Swift side writes this as a constant; update it first")


def swift_type(t):
    name = t["InstanceType"]
    net = t["NetworkInfo"]
    cards = net["NetworkCards"]
    card = {k: v for k, v in cards[0].items() if k != "NetworkCardIndex"}
    check(all({k: v for k, v in c.items() if k != "NetworkCardIndex"} == card for c in cards), name, "network cards differ")
    check(len(cards) == net["MaximumNetworkCards"] and net.get("DefaultNetworkCardIndex", 0) == 0, name, "card count")
    check(net.get("Ipv6Supported") is True and net.get("SecondaryNetworkSupported", False) is False, name, "IPv6 / secondary network")
    check(net.get("ConnectionTrackingConfiguration") == {"DefaultTcpEstablishedTimeout": 432000, "DefaultUdpStreamTimeout": 180, "DefaultUdpTimeout": 30}, name, "connection tracking")
    check(t.get("SupportedRootDeviceTypes") == ["ebs"] and t.get("SupportedVirtualizationTypes") == ["hvm"], name, "root device / virtualization")
    check(t["EbsInfo"]["EncryptionSupport"] == "supported", name, "EBS encryption")

    vc = t["VCpuInfo"]
    proc = t["ProcessorInfo"]
    ebs = t["EbsInfo"]
    lines = [
        f"name: {s(name)}, currentGeneration: {str(t['CurrentGeneration']).lower()}"
        + (", freeTierEligible: true" if t["FreeTierEligible"] else "")
        + (", burstable: true" if t["BurstablePerformanceSupported"] else "")
        + (", bareMetal: true" if t["BareMetal"] else "")
        + (f", hypervisor: {s(t['Hypervisor'])}" if t.get("Hypervisor") else "")
        + (f", usageClasses: {strings(t['SupportedUsageClasses'])}" if t["SupportedUsageClasses"] != ["on-demand", "spot"] else "")
        + f", bootModes: {strings(t['SupportedBootModes'])},",
        "processor: .init(" + args([
            ("manufacturer", s(proc["Manufacturer"])), ("architectures", strings(proc["SupportedArchitectures"])),
            ("sustainedClockGHz", num(proc["SustainedClockSpeedInGhz"]) if "SustainedClockSpeedInGhz" in proc else None),
        ]) + "),",
        "vcpu: .init(" + args([
            ("count", vc["DefaultVCpus"]), ("defaultCores", vc["DefaultCores"]), ("defaultThreadsPerCore", vc["DefaultThreadsPerCore"]),
            ("validCores", ints(vc["ValidCores"]) if "ValidCores" in vc else None),
            ("validThreadsPerCore", ints(vc["ValidThreadsPerCore"]) if "ValidThreadsPerCore" in vc else None),
        ]) + f"), memoryMiB: {t['MemoryInfo']['SizeInMiB']},",
    ]
    if t["InstanceStorageSupported"]:
        st = t["InstanceStorageInfo"]
        check(st["NvmeSupport"] == "required" and st["EncryptionSupport"] == "required", name, "instance store NVMe / encryption")
        disks = ", ".join(f".init(count: {d['Count']}, sizeGB: {d['SizeInGB']}, type: {s(d['Type'])})" for d in st["Disks"])
        lines.append(f"instanceStorage: .init(totalGB: {st['TotalSizeInGB']}, disks: [{disks}]),")
    bw = ebs.get("EbsOptimizedInfo")
    bandwidth = None
    if bw:
        bandwidth = ".init(" + args([
            ("baselineMbps", bw["BaselineBandwidthInMbps"]), ("baselineIops", bw["BaselineIops"]),
            ("baselineThroughputMBps", num(bw["BaselineThroughputInMBps"])), ("maximumMbps", bw["MaximumBandwidthInMbps"]),
            ("maximumIops", bw["MaximumIops"]), ("maximumThroughputMBps", num(bw["MaximumThroughputInMBps"])),
        ]) + ")"
    lines.append("ebs: .init(" + args([
        ("optimizedSupport", s(ebs["EbsOptimizedSupport"])), ("nvmeSupport", s(ebs["NvmeSupport"])),
        ("maximumAttachments", ebs.get("MaximumEbsAttachments")),
        ("attachmentLimitType", s(ebs["AttachmentLimitType"]) if "AttachmentLimitType" in ebs else None),
        ("bandwidth", bandwidth),
    ]) + "),")
    card_init = ".init(" + args([
        ("performance", s(card["NetworkPerformance"])), ("maximumInterfaces", card["MaximumNetworkInterfaces"]),
        ("baselineGbps", num(card["BaselineBandwidthInGbps"])), ("peakGbps", num(card["PeakBandwidthInGbps"])),
        ("defaultEnaQueuesPerInterface", card["DefaultEnaQueueCountPerInterface"]),
        ("maximumEnaQueues", card.get("MaximumEnaQueueCount")),
        ("maximumEnaQueuesPerInterface", card.get("MaximumEnaQueueCountPerInterface")),
        ("additionalFlexibleInterfaces", card.get("AdditionalFlexibleNetworkInterfaces")),
    ]) + ")"
    lines.append("network: .init(" + args([
        ("performance", s(net["NetworkPerformance"])), ("maximumInterfaces", net["MaximumNetworkInterfaces"]),
        ("ipv4PerInterface", net["Ipv4AddressesPerInterface"]), ("ipv6PerInterface", net["Ipv6AddressesPerInterface"]),
        ("ipv4PerSecondaryInterface", net.get("Ipv4AddressesPerSecondaryInterface")),
        ("enaSupport", s(net["EnaSupport"])),
        ("efaSupported", "true" if net["EfaSupported"] else None),
        ("maximumEfaInterfaces", net["EfaInfo"]["MaximumEfaInterfaces"] if "EfaInfo" in net else None),
        ("enaSrdSupported", "true" if net["EnaSrdSupported"] else None),
        ("encryptionInTransit", "true" if net["EncryptionInTransitSupported"] else None),
        ("flexibleEnaQueues", s(net["FlexibleEnaQueuesSupport"]) if net.get("FlexibleEnaQueuesSupport", "unsupported") != "unsupported" else None),
        ("cards", len(cards) if len(cards) > 1 else None),
    ]) + ",")
    lines.append(f"    card: {card_init}),")
    if "GpuInfo" in t:
        gpus = []
        for g in t["GpuInfo"]["Gpus"]:
            check(g.get("LogicalGpuCount", g["Count"]) == g["Count"] and g.get("GpuPartitionSize", 1.0) == 1.0, name, "fractional GPUs")
            gpus.append(f".init(name: {s(g['Name'])}, manufacturer: {s(g['Manufacturer'])}, count: {g['Count']}, "
                        f"memoryMiB: {g['MemoryInfo']['SizeInMiB']}, workloads: {strings(g.get('Workloads', []))})")
        check(t["GpuInfo"]["TotalGpuMemoryInMiB"] == sum(g["Count"] * g["MemoryInfo"]["SizeInMiB"] for g in t["GpuInfo"]["Gpus"]), name, "GPU memory total")
        lines.append(f"gpus: [{', '.join(gpus)}],")
    if "NeuronInfo" in t:
        devices = t["NeuronInfo"]["NeuronDevices"]
        accel = t["InferenceAcceleratorInfo"]["Accelerators"]
        check(len(devices) == len(accel), name, "Neuron / inference accelerator lists differ")
        items = []
        for d, a in zip(devices, accel):
            check(d["Count"] == a["Count"] and d["Name"] == a["Name"] and d["MemoryInfo"] == a["MemoryInfo"], name, "accelerator")
            items.append(f".init(name: {s(d['Name'])}, manufacturer: {s(a['Manufacturer'])}, count: {d['Count']}, "
                         f"memoryMiB: {d['MemoryInfo']['SizeInMiB']}, coresPerDevice: {d['CoreInfo']['Count']}, coreVersion: {d['CoreInfo']['Version']})")
        lines.append(f"accelerators: [{', '.join(items)}],")
    else:
        check("InferenceAcceleratorInfo" not in t and "FpgaInfo" not in t and "MediaAcceleratorInfo" not in t, name, "other accelerators")
    tail = [f"placementStrategies: {strings(t['PlacementGroupInfo']['SupportedStrategies'])}"]
    for key, label in [("HibernationSupported", "hibernationSupported"), ("DedicatedHostsSupported", "dedicatedHostsSupported"),
                       ("AutoRecoverySupported", "autoRecoverySupported")]:
        if t[key]:
            tail.append(f"{label}: true")
    for key, label in [("NitroEnclavesSupport", "nitroEnclaves"), ("NitroTpmSupport", "nitroTpm")]:
        if t.get(key, "unsupported") != "unsupported":
            tail.append(f"{label}: {s(t[key])}")
    if t.get("NitroTpmInfo"):
        tail.append(f"nitroTpmVersions: {strings(t['NitroTpmInfo']['SupportedVersions'])}")
    for key, label in [("PhcSupport", "phc"), ("RebootMigrationSupport", "rebootMigration")]:
        if t.get(key, "unsupported") != "unsupported":
            tail.append(f"{label}: {s(t[key])}")
    lines.append(", ".join(tail))
    body = "\n".join("            " + line for line in lines)
    return f"        InstanceTypeInfo(\n{body}\n        ),"


def load(path):
    with gzip.open(path) as f:
        return json.load(f)


def offerings(names):
    """Per family or type: the Regions and AZ IDs where AWS does not offer it."""
    absent = collections.defaultdict(set)
    for path in sorted((RESOURCES / "instance_type_offerings" / "region").glob("*.json.gz")):
        region = path.name[: -len(".json.gz")]
        in_region = {o["InstanceType"] for o in load(path)}
        by_zone = collections.defaultdict(set)
        zone_file = RESOURCES / "instance_type_offerings" / "availability-zone-id" / path.name
        for o in load(zone_file) if zone_file.exists() else []:
            by_zone[o["Location"]].add(o["InstanceType"])
        for name in names:
            if name not in in_region:
                absent[name].add(region)
                continue
            absent[name] |= {zone for zone, types in by_zone.items() if name not in types}
    # One entry per family where its sizes agree; per type for what only some sizes lack.
    table = {}
    for fam in FAMILIES:
        members = [n for n in names if family(n) == fam]
        common = set.intersection(*(absent[n] for n in members))
        if common:
            table[fam] = common
        for n in members:
            if absent[n] - common:
                table[n] = absent[n] - common
    return table


def main():
    data = load(RESOURCES / "instance_types.json.gz")
    chosen = [t for t in data.values() if family(t["InstanceType"]) in FAMILIES]
    missing = [f for f in FAMILIES if not any(family(t["InstanceType"]) == f for t in chosen)]
    if missing:
        sys.exit(f"no data for {missing}")
    chosen.sort(key=lambda t: (FAMILIES.index(family(t["InstanceType"])), t["VCpuInfo"]["DefaultVCpus"],
                               t["BareMetal"], t["MemoryInfo"]["SizeInMiB"]))
    names = [t["InstanceType"] for t in chosen]
    table = offerings(names)
    gaps = "\n".join(f"        {s(key)}: [{', '.join(s(v) for v in sorted(values))}]," for key, values in table.items())
    # One array per family: a single 175-element literal takes the type checker about 9 s, these about none.
    arrays = "".join(
        f"    private static let {fam}: [InstanceTypeInfo] = [\n"
        + "\n".join(swift_type(t) for t in chosen if family(t["InstanceType"]) == fam)
        + "\n    ]\n\n"
        for fam in FAMILIES)
    out = pathlib.Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else OUT_FILE
    out.write_text(
        f"// Generated by scripts/regenerate-instance-types.py from moto {moto.__version__}'s copy of AWS's\n"
        "// DescribeInstanceTypes and DescribeInstanceTypeOfferings output. Do not edit.\n\n"
        "/// The catalogue's data; use `InstanceTypeCatalog`.\n"
        "enum InstanceTypeData {\n"
        f"    /// {len(chosen)} types of {len(FAMILIES)} families, by family, then by size.\n"
        f"    static let types: [InstanceTypeInfo] = [{', '.join(FAMILIES)}].flatMap {{ $0 }}\n\n"
        f"{arrays}"
        "    /// Where AWS does not offer a family (key without a dot) or one type: Region names and AZ IDs.\n"
        "    static let notOffered: [String: Set<String>] = [\n"
        f"{gaps}\n"
        "    ]\n"
        "}\n"
    )
    print(f"{len(chosen)} types, {len(table)} offering gaps -> {out}")


if __name__ == "__main__":
    main()
