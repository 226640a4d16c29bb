import AWSWire
import NimbusCore

/// DescribeInstanceTypes and DescribeInstanceTypeOfferings, answered from the instance-type
/// catalogue ("DescribeInstanceTypes" and "DescribeInstanceTypeOfferings", Amazon EC2 API Reference).
/// The handlers only read the Region; `page` and `offeringsPage` answer, and need no store.
enum InstanceTypes {
    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try page(input, region: context.region)
    }

    static func describeOfferings(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try offeringsPage(input, region: context.region)
    }

    /// DescribeInstanceTypes' answer in `region`: `{InstanceTypes: [...], NextToken}`.
    static func page(_ input: AWSValue, region: String) throws -> AWSValue {
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let types = try select(input, region: region)
        // Without MaxResults AWS still answers at most 100 types (the model's maximum) and a NextToken.
        let page = EC2Describe.page(types, maxResults: maxResults ?? 100, start: start)
        let flagSupport = input["IncludeUnsupportedInRegion"]?.bool ?? false
        return .structure([
            "InstanceTypes": .list(page.items.map { type in
                var item = type.output()
                if flagSupport, case .object(var members) = item {
                    members["SupportedInRegion"] = .boolean(InstanceTypeCatalog.isOffered(type.name, region: region))
                    item = .object(members)
                }
                return item
            }),
            "NextToken": page.nextToken,
        ])
    }

    /// DescribeInstanceTypeOfferings' answer in `region`: `{InstanceTypeOfferings: [...], NextToken}`.
    static func offeringsPage(_ input: AWSValue, region: String) throws -> AWSValue {
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let page = EC2Describe.page(try offerings(input, region: region), maxResults: maxResults, start: start)
        return .structure(["InstanceTypeOfferings": .list(Array(page.items)), "NextToken": page.nextToken])
    }

    /// The types a DescribeInstanceTypes input asks for, in catalogue order (or in the order named).
    /// Only types offered in `region` exist there unless `IncludeUnsupportedInRegion` is set.
    static func select(_ input: AWSValue, region: String) throws -> [InstanceTypeInfo] {
        let filters = try EC2Filters(input["Filters"], allowed: filterNames)
        let includeUnsupported = input["IncludeUnsupportedInRegion"]?.bool ?? false
        func exists(_ name: String) -> Bool {
            InstanceTypeCatalog.info(name) != nil && (includeUnsupported || InstanceTypeCatalog.isOffered(name, region: region))
        }
        let names = input["InstanceTypes"]?.strings ?? []
        let unknown = names.filter { !exists($0) }
        if !unknown.isEmpty {
            throw AWSError("InvalidInstanceType", "The following supplied instance types do not exist: [\(unknown.joined(separator: ", "))]")
        }
        var seen: Set<String> = []
        let candidates = names.isEmpty
            ? InstanceTypeCatalog.all.filter { exists($0.name) }
            : names.filter { seen.insert($0).inserted }.compactMap(InstanceTypeCatalog.info)
        return filters.isEmpty ? candidates : candidates.filter { filters.matches($0, filterValues) }
    }

    /// The offerings a DescribeInstanceTypeOfferings input asks for: one per type and location of
    /// `region` (the Region itself, or each of its Availability Zones by name or by AZ ID).
    static func offerings(_ input: AWSValue, region: String) throws -> [AWSValue] {
        let filters = try EC2Filters(input["Filters"], allowed: ["instance-type", "location"])
        let locationType = input["LocationType"]?.string ?? "region"
        // Local Zones are opt-in and offer other types; Nimbus lists the Region's Availability Zones.
        let zones = RegionCatalog.region(named: region)?.zones.filter(\.isAvailabilityZone) ?? []
        let locations: [(name: String, zoneId: String?)]
        switch locationType {
        case "region": locations = [(region, nil)]
        case "availability-zone": locations = zones.map { (name: $0.name, zoneId: Optional($0.id)) }
        case "availability-zone-id": locations = zones.map { (name: $0.id, zoneId: Optional($0.id)) }
        // Nimbus has no Outposts, so none offers anything.
        case "outpost": locations = []
        default: throw EC2Errors.invalidParameterValue("Value (\(locationType)) for parameter locationType is invalid.")
        }
        var result: [AWSValue] = []
        for type in InstanceTypeCatalog.all {
            for location in locations {
                let offered = location.zoneId.map { InstanceTypeCatalog.isOffered(type.name, region: region, zoneId: $0) }
                    ?? InstanceTypeCatalog.isOffered(type.name, region: region)
                guard offered, filters.matches({ name in
                    name == "instance-type" ? [type.name] : name == "location" ? [location.name] : []
                }) else { continue }
                result.append([
                    "InstanceType": .string(type.name), "LocationType": .string(locationType), "Location": .string(location.name),
                ])
            }
        }
        return result
    }

    /// Every DescribeInstanceTypes filter the API documents; the catalogue answers each.
    static let filterNames: Set<String> = [
        "auto-recovery-supported", "bare-metal", "burstable-performance-supported", "current-generation",
        "dedicated-hosts-supported", "ebs-info.attachment-limit-type", "ebs-info.maximum-ebs-attachments",
        "ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps", "ebs-info.ebs-optimized-info.baseline-iops",
        "ebs-info.ebs-optimized-info.baseline-throughput-in-mbps", "ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps",
        "ebs-info.ebs-optimized-info.maximum-iops", "ebs-info.ebs-optimized-info.maximum-throughput-in-mbps",
        "ebs-info.ebs-optimized-support", "ebs-info.encryption-support", "ebs-info.nvme-support", "free-tier-eligible",
        "hibernation-supported", "hypervisor", "instance-storage-info.disk.count", "instance-storage-info.disk.size-in-gb",
        "instance-storage-info.disk.type", "instance-storage-info.encryption-support", "instance-storage-info.nvme-support",
        "instance-storage-info.total-size-in-gb", "instance-storage-supported", "instance-type", "memory-info.size-in-mib",
        "network-info.bandwidth-weightings", "network-info.efa-info.maximum-efa-interfaces", "network-info.efa-supported",
        "network-info.ena-support", "network-info.flexible-ena-queues-support", "network-info.encryption-in-transit-supported",
        "network-info.ipv4-addresses-per-interface", "network-info.ipv6-addresses-per-interface", "network-info.ipv6-supported",
        "network-info.maximum-network-cards", "network-info.maximum-network-interfaces", "network-info.network-performance",
        "nitro-enclaves-support", "nitro-tpm-support", "nitro-tpm-info.supported-versions", "processor-info.supported-architecture",
        "processor-info.sustained-clock-speed-in-ghz", "processor-info.supported-features", "reboot-migration-support",
        "supported-boot-mode", "supported-root-device-type", "supported-usage-class", "supported-virtualization-type",
        "vcpu-info.default-cores", "vcpu-info.default-threads-per-core", "vcpu-info.default-vcpus", "vcpu-info.valid-cores",
        "vcpu-info.valid-threads-per-core",
    ]

    /// A type's values for one filter, as text: booleans `true`/`false`, numbers in decimal.
    static func filterValues(_ type: InstanceTypeInfo, _ name: String) -> [String] {
        let ebs = type.ebs.bandwidth
        let storage = type.instanceStorage
        let network = type.network
        switch name {
        case "auto-recovery-supported": return [text(type.autoRecoverySupported)]
        case "bare-metal": return [text(type.bareMetal)]
        case "burstable-performance-supported": return [text(type.burstable)]
        case "current-generation": return [text(type.currentGeneration)]
        case "dedicated-hosts-supported": return [text(type.dedicatedHostsSupported)]
        case "ebs-info.attachment-limit-type": return type.ebs.attachmentLimitType.map { [$0] } ?? []
        case "ebs-info.maximum-ebs-attachments": return type.ebs.maximumAttachments.map { [String($0)] } ?? []
        case "ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps": return ebs.map { [String($0.baselineMbps)] } ?? []
        case "ebs-info.ebs-optimized-info.baseline-iops": return ebs.map { [String($0.baselineIops)] } ?? []
        case "ebs-info.ebs-optimized-info.baseline-throughput-in-mbps": return ebs.map { decimal($0.baselineThroughputMBps) } ?? []
        case "ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps": return ebs.map { [String($0.maximumMbps)] } ?? []
        case "ebs-info.ebs-optimized-info.maximum-iops": return ebs.map { [String($0.maximumIops)] } ?? []
        case "ebs-info.ebs-optimized-info.maximum-throughput-in-mbps": return ebs.map { decimal($0.maximumThroughputMBps) } ?? []
        case "ebs-info.ebs-optimized-support": return [type.ebs.optimizedSupport]
        case "ebs-info.encryption-support": return [type.ebs.encryptionSupport]
        case "ebs-info.nvme-support": return [type.ebs.nvmeSupport]
        case "free-tier-eligible": return [text(type.freeTierEligible)]
        case "hibernation-supported": return [text(type.hibernationSupported)]
        case "hypervisor": return type.hypervisor.map { [$0] } ?? []
        case "instance-storage-info.disk.count": return storage?.disks.map { String($0.count) } ?? []
        case "instance-storage-info.disk.size-in-gb": return storage?.disks.map { String($0.sizeGB) } ?? []
        case "instance-storage-info.disk.type": return storage?.disks.map(\.type) ?? []
        case "instance-storage-info.encryption-support": return storage.map { [$0.encryptionSupport] } ?? []
        case "instance-storage-info.nvme-support": return storage.map { [$0.nvmeSupport] } ?? []
        case "instance-storage-info.total-size-in-gb": return storage.map { [String($0.totalGB)] } ?? []
        case "instance-storage-supported": return [text(storage != nil)]
        case "instance-type": return [type.name]
        case "memory-info.size-in-mib": return [String(type.memoryMiB)]
        // None of the catalogued types takes a bandwidth weighting, nor has an AMD SEV-SNP feature.
        case "network-info.bandwidth-weightings", "processor-info.supported-features": return []
        case "network-info.efa-info.maximum-efa-interfaces": return network.maximumEfaInterfaces.map { [String($0)] } ?? []
        case "network-info.efa-supported": return [text(network.efaSupported)]
        case "network-info.ena-support": return [network.enaSupport]
        case "network-info.flexible-ena-queues-support": return [network.flexibleEnaQueues]
        case "network-info.encryption-in-transit-supported": return [text(network.encryptionInTransit)]
        case "network-info.ipv4-addresses-per-interface": return [String(network.ipv4PerInterface)]
        case "network-info.ipv6-addresses-per-interface": return [String(network.ipv6PerInterface)]
        case "network-info.ipv6-supported": return ["true"]
        case "network-info.maximum-network-cards": return [String(network.cards)]
        case "network-info.maximum-network-interfaces": return [String(network.maximumInterfaces)]
        case "network-info.network-performance": return [network.performance]
        case "nitro-enclaves-support": return [type.nitroEnclaves]
        case "nitro-tpm-support": return [type.nitroTpm]
        case "nitro-tpm-info.supported-versions": return type.nitroTpmVersions
        case "processor-info.supported-architecture": return type.processor.architectures
        case "processor-info.sustained-clock-speed-in-ghz": return type.processor.sustainedClockGHz.map(decimal) ?? []
        case "reboot-migration-support": return [type.rebootMigration]
        case "supported-boot-mode": return type.bootModes
        case "supported-root-device-type": return type.rootDeviceTypes
        case "supported-usage-class": return type.usageClasses
        case "supported-virtualization-type": return type.virtualizationTypes
        case "vcpu-info.default-cores": return [String(type.vcpu.defaultCores)]
        case "vcpu-info.default-threads-per-core": return [String(type.vcpu.defaultThreadsPerCore)]
        case "vcpu-info.default-vcpus": return [String(type.vcpu.count)]
        case "vcpu-info.valid-cores": return type.vcpu.validCores.map(String.init)
        case "vcpu-info.valid-threads-per-core": return type.vcpu.validThreadsPerCore.map(String.init)
        default: return []
        }
    }

    private static func text(_ flag: Bool) -> String { flag ? "true" : "false" }

    /// A decimal as AWS prints it (`10.875`, `2.5`); a whole number also matches without its `.0`.
    private static func decimal(_ value: Double) -> [String] {
        let written = String(value)
        guard value == value.rounded(), let whole = Int(exactly: value) else { return [written] }
        return [written, String(whole)]
    }
}
