import AWSWire
import Testing
@testable import EC2Service

/// The instance-type name grammar ("Amazon EC2 instance type naming conventions").
@Suite struct InstanceTypeNameTests {
    @Test func readsSeriesGenerationOptionsAndSize() throws {
        let name = try #require(InstanceTypeName(parsing: "m7gd.2xlarge"))
        #expect(name.series == "m")
        #expect(name.generation == 7)
        #expect(name.attributes == [.graviton, .instanceStore])
        #expect(name.attributes.map(\.rawValue) == ["g", "d"])
        #expect(name.qualifier == nil)
        #expect(name.family == "m7gd")
        #expect(name.size == .xlarges(2))
        // Normalization factor 16: four larges.
        #expect(name.size.normalizationFactor == 16)
        #expect(name.size.multipleOfLarge == 4)
        #expect(name.name == "m7gd.2xlarge")
    }

    @Test func readsMultiLetterSeriesAndManyOptions() throws {
        let x = try #require(InstanceTypeName(parsing: "x2idn.metal"))
        #expect(x.series == "x" && x.generation == 2 && x.attributes == [.intel, .instanceStore, .network] && x.size == .metal)
        #expect(x.size.normalizationFactor == nil)
        let inf = try #require(InstanceTypeName(parsing: "inf2.48xlarge"))
        #expect(inf.series == "inf" && inf.generation == 2 && inf.attributes.isEmpty && inf.size.multipleOfLarge == 96)
        // "gen" is three options: Graviton, extra storage, network.
        let storage = try #require(InstanceTypeName(parsing: "is4gen.xlarge"))
        #expect(storage.series == "is" && storage.attributes == [.graviton, .extraStorageOrMemory, .network])
        let fast = try #require(InstanceTypeName(parsing: "m5zn.metal"))
        #expect(fast.attributes.map(\.meaning) == ["High CPU frequency", "Network and EBS optimized"])
    }

    @Test func readsQualifiersAndFlex() throws {
        let flex = try #require(InstanceTypeName(parsing: "m7i-flex.large"))
        #expect(flex.family == "m7i-flex" && flex.attributes == [.intel, .flex] && flex.qualifier == nil)
        let legacyHighMemory = try #require(InstanceTypeName(parsing: "u-6tb1.112xlarge"))
        #expect(legacyHighMemory.series == "u" && legacyHighMemory.generation == 1 && legacyHighMemory.qualifier == "6tb")
        let highMemory = try #require(InstanceTypeName(parsing: "u7in-16tb.224xlarge"))
        #expect(highMemory.generation == 7 && highMemory.attributes == [.intel, .network] && highMemory.qualifier == "16tb")
        let mac = try #require(InstanceTypeName(parsing: "mac2-m2pro.metal"))
        #expect(mac.series == "mac" && mac.generation == 2 && mac.qualifier == "m2pro")
        let newMac = try #require(InstanceTypeName(parsing: "mac-m4.metal"))
        #expect(newMac.generation == nil && newMac.qualifier == "m4")
        // A letter the naming page does not list still parses, with no meaning.
        let ultra = try #require(InstanceTypeName(parsing: "trn2u.48xlarge"))
        #expect(ultra.attributes == ["u"] && ultra.attributes[0].meaning == nil)
    }

    @Test(arguments: [
        ("nano", 0.25), ("micro", 0.5), ("small", 1), ("medium", 2), ("large", 4), ("xlarge", 8), ("9xlarge", 72),
        ("48xlarge", 384), ("metal-24xl", 192),
    ])
    func sizesHaveAWSNormalizationFactors(_ size: String, _ factor: Double) throws {
        let name = try #require(InstanceTypeName(parsing: "c7i.\(size)"))
        #expect(name.size.text == size)
        #expect(name.size.normalizationFactor == factor)
    }

    @Test(arguments: [
        "", "m5", "m5.", ".large", "m.large", "5.large", "M5.large", "m5D.large", "m5.huge", "m5.1xlarge", "m5.02xlarge",
        "m5.large.x", "m5-.large", "m05.large", "m5.metal-xl", "m5.metal-24", "m 5.large", "m5..large", "u-tb1.metal",
        "u-6tb.metal", "mac.metal", "m5-fl_ex.large",
    ])
    func refusesMalformedNames(_ text: String) {
        #expect(InstanceTypeName(parsing: text) == nil)
    }

    @Test func everyCataloguedNameParses() {
        for type in InstanceTypeCatalog.all {
            #expect(InstanceTypeName(parsing: type.name)?.name == type.name, "\(type.name)")
        }
    }
}

/// A handful of real specifications, checked against AWS's published tables (titles beside each).
@Suite struct InstanceTypeCatalogTests {
    @Test func coversEveryFamilyAndSize() {
        let families = Set(InstanceTypeCatalog.all.compactMap(\.parsedName?.family))
        #expect(families == ["t2", "t3", "t3a", "t4g", "m5", "m6i", "m7i", "m7g", "c5", "c6i", "c7i", "c7g",
                             "r5", "r6i", "r7i", "x2idn", "p4d", "p5", "g5", "inf2", "i3", "i4i", "d3"])
        #expect(InstanceTypeCatalog.all.count == 175)
        #expect(Set(InstanceTypeCatalog.all.map(\.name)).count == InstanceTypeCatalog.all.count)
        // "Specifications for Amazon EC2 general purpose instances": M7i sizes, bare metal included.
        #expect(InstanceTypeCatalog.all.filter { $0.name.hasPrefix("m7i.") }.map(\.name) == [
            "m7i.large", "m7i.xlarge", "m7i.2xlarge", "m7i.4xlarge", "m7i.8xlarge", "m7i.12xlarge", "m7i.16xlarge",
            "m7i.24xlarge", "m7i.metal-24xl", "m7i.48xlarge", "m7i.metal-48xl",
        ])
        #expect(InstanceTypeCatalog.info("m5d.large") == nil)
        #expect(InstanceTypeCatalog.info("nonsense") == nil)
    }

    @Test func t3Micro() throws {
        // "Specifications for Amazon EC2 general purpose instances": t3.micro, 2 vCPUs, 1 GiB, up to 5 Gigabit.
        let t3 = try #require(InstanceTypeCatalog.info("t3.micro"))
        #expect(t3.vcpus == 2 && t3.vcpu.defaultCores == 1 && t3.vcpu.defaultThreadsPerCore == 2)
        #expect(t3.memoryMiB == 1024)
        #expect(t3.burstable && t3.currentGeneration && t3.freeTierEligible)
        #expect(t3.architectures == ["x86_64"] && t3.hypervisor == "nitro")
        #expect(t3.network.performance == "Up to 5 Gigabit")
        // "IP addresses per network interface per instance type": 2 ENIs, 2 IPv4 addresses each.
        #expect(t3.network.maximumInterfaces == 2 && t3.network.ipv4PerInterface == 2)
        #expect(t3.ebs.optimizedSupport == "default" && t3.instanceStorage == nil)
        #expect(t3.bootModes == ["legacy-bios", "uefi"] && t3.usageClasses == ["on-demand", "spot"])
    }

    @Test func t2Micro() throws {
        // "Specifications for Amazon EC2 general purpose instances": t2.micro, 1 vCPU, 1 GiB, Low to Moderate.
        let t2 = try #require(InstanceTypeCatalog.info("t2.micro"))
        #expect(t2.vcpus == 1 && t2.memoryMiB == 1024 && t2.burstable)
        #expect(t2.architectures == ["i386", "x86_64"] && t2.hypervisor == "xen" && t2.virtualizationTypes == ["hvm"])
        #expect(t2.network.performance == "Low to Moderate" && t2.ebs.optimizedSupport == "unsupported")
        #expect(t2.bootModes == ["legacy-bios"])
        // AWS's DescribeInstanceTypes: not in the free tier of accounts created since 15 July 2025.
        #expect(!t2.freeTierEligible)
    }

    @Test func m7gLarge() throws {
        // "Specifications for Amazon EC2 general purpose instances": m7g.large, 2 vCPUs, 8 GiB, Graviton3.
        let m7g = try #require(InstanceTypeCatalog.info("m7g.large"))
        #expect(m7g.vcpus == 2 && m7g.vcpu.defaultThreadsPerCore == 1 && m7g.memoryMiB == 8192)
        #expect(m7g.architectures == ["arm64"] && m7g.processor.manufacturer == "AWS")
        #expect(m7g.bootModes == ["uefi"] && !m7g.burstable)
        #expect(m7g.network.performance == "Up to 12.5 Gigabit")
    }

    @Test func i4iXlarge() throws {
        // "Specifications for Amazon EC2 storage optimized instances": i4i.xlarge, 4 vCPUs, 32 GiB, 1 x 937 GB NVMe SSD.
        let i4i = try #require(InstanceTypeCatalog.info("i4i.xlarge"))
        #expect(i4i.vcpus == 4 && i4i.memoryMiB == 32768)
        let storage = try #require(i4i.instanceStorage)
        #expect(storage.totalGB == 937 && storage.disks == [.init(count: 1, sizeGB: 937, type: "ssd")])
        #expect(storage.nvmeSupport == "required")
    }

    @Test func d3HasHardDisks() throws {
        // "Specifications for Amazon EC2 storage optimized instances": d3.8xlarge, 24 x 1980 GB HDD
        // (the D3 product page rounds it to 2 TB; DescribeInstanceTypes says 1980).
        let d3 = try #require(InstanceTypeCatalog.info("d3.8xlarge"))
        #expect(d3.instanceStorage?.disks == [.init(count: 24, sizeGB: 1980, type: "hdd")])
        #expect(d3.instanceStorage?.totalGB == 47520)
    }

    @Test func p5() throws {
        // "Specifications for Amazon EC2 accelerated computing instances": p5.48xlarge, 192 vCPUs, 2 TiB,
        // 8 NVIDIA H100 (80 GB each), 8 x 3800 GB NVMe SSD, 3200 Gigabit with EFA.
        let p5 = try #require(InstanceTypeCatalog.info("p5.48xlarge"))
        #expect(p5.vcpus == 192 && p5.memoryMiB == 2_097_152)
        #expect(p5.gpus == [.init(name: "H100", manufacturer: "NVIDIA", count: 8, memoryMiB: 81920, workloads: ["ml-ai"])])
        #expect(p5.instanceStorage?.totalGB == 30400)
        #expect(p5.network.performance == "3200 Gigabit" && p5.network.efaSupported && p5.network.cards == 32)
        #expect(p5.usageClasses.contains("capacity-block"))
    }

    @Test func inf2AndBareMetal() throws {
        // "Specifications for Amazon EC2 accelerated computing instances": inf2.48xlarge, 12 Inferentia2 chips.
        let inf2 = try #require(InstanceTypeCatalog.info("inf2.48xlarge"))
        #expect(inf2.accelerators.map(\.count) == [12] && inf2.accelerators.first?.name == "Inferentia2")
        // "Specifications for Amazon EC2 memory optimized instances": x2idn.metal, 128 vCPUs, 2048 GiB, no hypervisor.
        let metal = try #require(InstanceTypeCatalog.info("x2idn.metal"))
        #expect(metal.bareMetal && metal.hypervisor == nil && metal.vcpus == 128 && metal.memoryMiB == 2_097_152)
    }

    @Test func offeringsFollowAWSGaps() {
        #expect(InstanceTypeCatalog.isOffered("t3.micro", region: "us-east-1"))
        // No T2 in Stockholm, no P5 in Ireland; a Region without data offers everything.
        #expect(!InstanceTypeCatalog.isOffered("t2.micro", region: "eu-north-1"))
        #expect(!InstanceTypeCatalog.isOffered("p5.48xlarge", region: "eu-west-1"))
        #expect(InstanceTypeCatalog.isOffered("p5.48xlarge", region: "mx-central-1"))
        #expect(!InstanceTypeCatalog.isOffered("m5d.large", region: "us-east-1"))
        // use1-az3 is an old zone that offers only a few older types.
        #expect(!InstanceTypeCatalog.isOffered("t3.micro", region: "us-east-1", zoneId: "use1-az3"))
        #expect(InstanceTypeCatalog.isOffered("t2.micro", region: "us-east-1", zoneId: "use1-az3"))
        #expect(InstanceTypeCatalog.isOffered("t3.micro", region: "us-east-1", zoneId: "use1-az1"))
    }
}

/// The DescribeInstanceTypes item and the two handlers' selection, without a server.
@Suite struct DescribeInstanceTypesTests {
    @Test func outputUsesTheModelsMemberNames() throws {
        let ec2 = try ModelRegistry.shared.model("ec2")
        let shape = try #require(ec2.shape(named: "InstanceTypeInfo"))
        for type in InstanceTypeCatalog.all {
            #expect(conforms(type.output(), shape, ec2) == nil, "\(type.name): \(conforms(type.output(), shape, ec2) ?? "")")
        }
        let item = try #require(InstanceTypeCatalog.info("t3.micro")).output()
        #expect(item["InstanceType"] == "t3.micro")
        #expect(item["VCpuInfo"]?["DefaultVCpus"] == 2)
        #expect(item["MemoryInfo"]?["SizeInMiB"] == 1024)
        #expect(item["ProcessorInfo"]?["SupportedArchitectures"] == ["x86_64"])
        #expect(item["NetworkInfo"]?["MaximumNetworkInterfaces"] == 2)
        #expect(item["InstanceStorageSupported"] == false)
        #expect(item["InstanceStorageInfo"] == nil)
    }

    /// Where `value` strays from `shape` (a member the model lacks, a wrong kind), or nil.
    private func conforms(_ value: AWSValue, _ shape: Shape, _ model: ServiceModel, _ path: String = "") -> String? {
        switch (shape.type, value) {
        case (.structure, .object(let members)):
            for (key, member) in members {
                guard let declared = shape.members.first(where: { $0.name == key }) else { return "\(path).\(key) is not a member" }
                if let problem = conforms(member, model.shape(of: declared), model, "\(path).\(key)") { return problem }
            }
            return nil
        case (.list, .list(let items)):
            guard let element = shape.element else { return "\(path) has no element" }
            return items.lazy.compactMap { conforms($0, model.shape(of: element), model, path + "[]") }.first
        case (.string, .string), (.boolean, .boolean), (.integer, .integer), (.long, .integer), (.double, .double):
            return nil
        default:
            return "\(path) is \(value), the model says \(shape.type)"
        }
    }

    @Test func selectsByNameAndFilter() throws {
        let named = try InstanceTypes.select(["InstanceTypes": ["t3.micro", "m7g.large", "t3.micro"]], region: "us-east-1")
        #expect(named.map(\.name) == ["t3.micro", "m7g.large"])

        let arm: AWSValue = ["Filters": [
            ["Name": "processor-info.supported-architecture", "Values": ["arm64"]],
            ["Name": "burstable-performance-supported", "Values": ["true"]],
        ]]
        #expect(try InstanceTypes.select(arm, region: "us-east-1").map(\.name) == [
            "t4g.nano", "t4g.micro", "t4g.small", "t4g.medium", "t4g.large", "t4g.xlarge", "t4g.2xlarge",
        ])
        let free: AWSValue = ["Filters": [["Name": "free-tier-eligible", "Values": ["true"]]]]
        #expect(try InstanceTypes.select(free, region: "us-east-1").map(\.name) == ["t3.micro", "t3.small", "t4g.micro", "t4g.small"])
        let wildcard: AWSValue = ["Filters": [
            ["Name": "instance-type", "Values": ["i4i.*"]], ["Name": "vcpu-info.default-vcpus", "Values": ["4", "8"]],
        ]]
        #expect(try InstanceTypes.select(wildcard, region: "us-east-1").map(\.name) == ["i4i.xlarge", "i4i.2xlarge"])
        let storage: AWSValue = ["Filters": [["Name": "instance-storage-info.disk.type", "Values": ["hdd"]]]]
        #expect(try InstanceTypes.select(storage, region: "us-east-1").allSatisfy { $0.name.hasPrefix("d3.") })
        let clock: AWSValue = ["Filters": [["Name": "processor-info.sustained-clock-speed-in-ghz", "Values": ["3.6"]]]]
        #expect(try InstanceTypes.select(clock, region: "us-east-1").map(\.name).contains("p5.48xlarge"))
    }

    @Test func refusesUnknownNamesAndFilters() {
        let unknown = #expect(throws: AWSError.self) {
            try InstanceTypes.select(["InstanceTypes": ["t3.micro", "m5d.large"]], region: "us-east-1")
        }
        #expect(unknown?.code == "InvalidInstanceType")
        #expect(unknown?.message == "The following supplied instance types do not exist: [m5d.large]")
        // Not offered in the Region: absent unless IncludeUnsupportedInRegion.
        #expect(throws: AWSError.self) { try InstanceTypes.select(["InstanceTypes": ["t2.micro"]], region: "eu-north-1") }
        #expect((try? InstanceTypes.select(["InstanceTypes": ["t2.micro"], "IncludeUnsupportedInRegion": true], region: "eu-north-1"))?.count == 1)
        #expect((try? InstanceTypes.select([:], region: "eu-north-1"))?.contains { $0.name.hasPrefix("t2.") } == false)
        let badFilter = #expect(throws: AWSError.self) {
            try InstanceTypes.select(["Filters": [["Name": "colour", "Values": ["red"]]]], region: "us-east-1")
        }
        #expect(badFilter?.code == "InvalidParameterValue")
    }

    @Test func describePagesAHundredAtATime() throws {
        let first = try InstanceTypes.page([:], region: "us-east-1")
        #expect(first["InstanceTypes"]?.list?.count == 100)
        let token = try #require(first["NextToken"])
        let rest = try InstanceTypes.page(["NextToken": token], region: "us-east-1")
        let total = try InstanceTypes.select([:], region: "us-east-1").count
        #expect(rest["InstanceTypes"]?.list?.count == total - 100 && rest["NextToken"] == nil)
        let small = try InstanceTypes.page(["MaxResults": 5, "IncludeUnsupportedInRegion": true], region: "us-east-1")
        #expect(small["InstanceTypes"]?.list?.count == 5 && small["InstanceTypes"]?.list?.first?["SupportedInRegion"] == true)
    }

    @Test func offeringsByRegionZoneAndZoneId() throws {
        let region = try InstanceTypes.offerings([:], region: "us-east-1")
        #expect(region.contains(["InstanceType": "t3.micro", "LocationType": "region", "Location": "us-east-1"]))
        let byId: AWSValue = ["LocationType": "availability-zone-id", "Filters": [["Name": "instance-type", "Values": ["t3.micro"]]]]
        #expect(try InstanceTypes.offerings(byId, region: "us-east-1").compactMap { $0["Location"]?.string }
            == ["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"])
        let byName: AWSValue = ["LocationType": "availability-zone", "Filters": [
            ["Name": "location", "Values": ["us-east-1a"]], ["Name": "instance-type", "Values": ["t2.*"]],
        ]]
        #expect(try InstanceTypes.offerings(byName, region: "us-east-1").count == 7)
        #expect(try InstanceTypes.offerings(["Filters": [["Name": "instance-type", "Values": ["t2.micro"]]]], region: "eu-north-1").isEmpty)
        #expect(try InstanceTypes.offerings(["LocationType": "outpost"], region: "us-east-1").isEmpty)
        let paged = try InstanceTypes.offeringsPage(["MaxResults": 5], region: "us-east-1")
        #expect(paged["InstanceTypeOfferings"]?.list?.count == 5 && paged["NextToken"] != nil)
    }
}
