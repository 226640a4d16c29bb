import AWSWire

/// One instance type as DescribeInstanceTypes describes it ("InstanceTypeInfo", Amazon EC2 API
/// Reference). String fields hold the API's own values (`"nitro"`, `"legacy-bios"`, `"x86_64"`),
/// so filters and output use them as they are. The data is AWS's (InstanceTypeData.swift).
///
/// Fields are `var` with defaults only so that the generated data can leave out the common case;
/// the catalogue's values are constants.
struct InstanceTypeInfo: Sendable, Hashable {
    var name: String
    var currentGeneration: Bool
    /// Under the free tier of accounts created since 15 July 2025 (t3/t4g micro and small).
    var freeTierEligible = false
    /// A T type, earning and spending CPU credits.
    var burstable = false
    var bareMetal = false
    /// `nitro` or `xen`; nil for bare metal, which runs on no hypervisor.
    var hypervisor: String?
    /// `on-demand`, `spot`, `capacity-block`.
    var usageClasses = ["on-demand", "spot"]
    var rootDeviceTypes = ["ebs"]
    var virtualizationTypes = ["hvm"]
    /// `legacy-bios`, `uefi`.
    var bootModes: [String]
    var processor: Processor
    var vcpu: VCPU
    var memoryMiB: Int
    /// Local disks, for the types that have them (`d` types, i3, i4i, d3, p4d, p5, g5, x2idn).
    var instanceStorage: InstanceStorage?
    var ebs: EBS
    var network: Network
    var gpus: [GPU] = []
    /// AWS's own accelerators (Inferentia2 on inf2): both InferenceAcceleratorInfo and NeuronInfo.
    var accelerators: [Accelerator] = []
    /// `cluster`, `partition`, `spread`.
    var placementStrategies: [String]
    var hibernationSupported = false
    var dedicatedHostsSupported = false
    var autoRecoverySupported = false
    /// `supported` or `unsupported`, as the next three.
    var nitroEnclaves = "unsupported"
    var nitroTpm = "unsupported"
    var nitroTpmVersions: [String] = []
    /// Precision hardware clock.
    var phc = "unsupported"
    var rebootMigration = "unsupported"

    struct Processor: Sendable, Hashable {
        /// `Intel`, `AMD`, `AWS`.
        var manufacturer: String
        /// `x86_64`, `arm64`; t2 also takes 32-bit `i386` images.
        var architectures: [String]
        var sustainedClockGHz: Double?
    }

    struct VCPU: Sendable, Hashable {
        var count: Int
        var defaultCores: Int
        var defaultThreadsPerCore: Int
        /// Core counts CpuOptions may ask for; empty where the type takes none (t2, bare metal).
        var validCores: [Int] = []
        var validThreadsPerCore: [Int] = []
    }

    struct InstanceStorage: Sendable, Hashable {
        var totalGB: Int
        var disks: [Disk]
        /// Every local disk of these families is NVMe and encrypted at rest.
        var nvmeSupport = "required"
        var encryptionSupport = "required"
    }

    struct Disk: Sendable, Hashable {
        var count: Int
        var sizeGB: Int
        /// `ssd` or `hdd` (the API has no `nvme` disk type: NVMe is `nvmeSupport`).
        var type: String
    }

    struct EBS: Sendable, Hashable {
        /// `default` (always EBS-optimized), `supported` (on request) or `unsupported`.
        var optimizedSupport: String
        /// `required` on Nitro (EBS volumes appear as NVMe devices), `unsupported` on Xen.
        var nvmeSupport: String
        var encryptionSupport = "supported"
        var maximumAttachments: Int?
        /// `shared` (volumes share slots with ENIs and local disks) or `dedicated`.
        var attachmentLimitType: String?
        /// Nil for types that are not EBS-optimized (t2).
        var bandwidth: EBSBandwidth?
    }

    struct EBSBandwidth: Sendable, Hashable {
        var baselineMbps: Int
        var baselineIops: Int
        var baselineThroughputMBps: Double
        var maximumMbps: Int
        var maximumIops: Int
        var maximumThroughputMBps: Double
    }

    struct Network: Sendable, Hashable {
        /// AWS's text: "Up to 5 Gigabit", "Low to Moderate", "3200 Gigabit".
        var performance: String
        /// The ENI limit of an instance, across all its network cards.
        var maximumInterfaces: Int
        /// Private IPv4 addresses per ENI, the primary included.
        var ipv4PerInterface: Int
        var ipv6PerInterface: Int
        var ipv4PerSecondaryInterface: Int?
        /// `required`, `supported` or `unsupported` (Elastic Network Adapter).
        var enaSupport: String
        var efaSupported = false
        var maximumEfaInterfaces: Int?
        var enaSrdSupported = false
        var encryptionInTransit = false
        var flexibleEnaQueues = "unsupported"
        /// How many network cards; every card of these types is alike (`card`).
        var cards = 1
        var card: NetworkCard
    }

    struct NetworkCard: Sendable, Hashable {
        var performance: String
        var maximumInterfaces: Int
        var baselineGbps: Double
        var peakGbps: Double
        var defaultEnaQueuesPerInterface: Int
        var maximumEnaQueues: Int?
        var maximumEnaQueuesPerInterface: Int?
        var additionalFlexibleInterfaces: Int?
    }

    struct GPU: Sendable, Hashable {
        var name: String
        var manufacturer: String
        var count: Int
        var memoryMiB: Int
        /// `ml-ai`, `graphics`.
        var workloads: [String]
    }

    struct Accelerator: Sendable, Hashable {
        var name: String
        var manufacturer: String
        var count: Int
        var memoryMiB: Int
        var coresPerDevice: Int
        var coreVersion: Int
    }
}

extension InstanceTypeInfo {
    var vcpus: Int { vcpu.count }
    var architectures: [String] { processor.architectures }
    var instanceStorageSupported: Bool { instanceStorage != nil }
    /// The parsed name; every catalogued name parses.
    var parsedName: InstanceTypeName? { InstanceTypeName(parsing: name) }
}

/// The instance types Nimbus knows: the families listed in scripts/regenerate-instance-types.py, every size AWS
/// offers in each, with AWS's own specifications (InstanceTypeData.swift, generated from AWS's
/// DescribeInstanceTypes output by scripts/regenerate-instance-types.py).
enum InstanceTypeCatalog {
    /// Every catalogued type: by family, then by size.
    static let all: [InstanceTypeInfo] = InstanceTypeData.types

    private static let byName: [String: InstanceTypeInfo] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    static func info(_ name: String) -> InstanceTypeInfo? { byName[name] }

    /// Whether `name` can be launched in `region`. AWS does not offer every type everywhere
    /// (no t2 in eu-north-1, p5 in a handful of Regions); Regions the data does not cover offer
    /// every catalogued type.
    static func isOffered(_ name: String, region: String) -> Bool {
        guard let family = familyOf(name) else { return false }
        return !(InstanceTypeData.notOffered[family]?.contains(region) ?? false)
            && !(InstanceTypeData.notOffered[name]?.contains(region) ?? false)
    }

    /// Whether `name` can be launched in the Availability Zone `zoneId` (an AZ ID, `use1-az3`) of `region`.
    static func isOffered(_ name: String, region: String, zoneId: String) -> Bool {
        guard isOffered(name, region: region), let family = familyOf(name) else { return false }
        return !(InstanceTypeData.notOffered[family]?.contains(zoneId) ?? false)
            && !(InstanceTypeData.notOffered[name]?.contains(zoneId) ?? false)
    }

    private static func familyOf(_ name: String) -> String? {
        guard byName[name] != nil, let dot = name.firstIndex(of: ".") else { return nil }
        return String(name[..<dot])
    }
}

extension InstanceTypeInfo {
    /// The DescribeInstanceTypes item, keyed by the members of the model's `InstanceTypeInfo`.
    func output() -> AWSValue {
        .structure([
            "InstanceType": .string(name),
            "CurrentGeneration": .boolean(currentGeneration),
            "FreeTierEligible": .boolean(freeTierEligible),
            "SupportedUsageClasses": strings(usageClasses),
            "SupportedRootDeviceTypes": strings(rootDeviceTypes),
            "SupportedVirtualizationTypes": strings(virtualizationTypes),
            "BareMetal": .boolean(bareMetal),
            "Hypervisor": hypervisor.map(AWSValue.string),
            "ProcessorInfo": .structure([
                "Manufacturer": .string(processor.manufacturer),
                "SupportedArchitectures": strings(processor.architectures),
                "SustainedClockSpeedInGhz": processor.sustainedClockGHz.map(AWSValue.double),
            ]),
            "VCpuInfo": .structure([
                "DefaultVCpus": .int(vcpu.count),
                "DefaultCores": .int(vcpu.defaultCores),
                "DefaultThreadsPerCore": .int(vcpu.defaultThreadsPerCore),
                "ValidCores": vcpu.validCores.isEmpty ? nil : ints(vcpu.validCores),
                "ValidThreadsPerCore": vcpu.validThreadsPerCore.isEmpty ? nil : ints(vcpu.validThreadsPerCore),
            ]),
            "MemoryInfo": ["SizeInMiB": .int(memoryMiB)],
            "InstanceStorageSupported": .boolean(instanceStorage != nil),
            "InstanceStorageInfo": instanceStorage.map { storage in
                [
                    "TotalSizeInGB": .int(storage.totalGB),
                    "Disks": .list(storage.disks.map { ["SizeInGB": .int($0.sizeGB), "Count": .int($0.count), "Type": .string($0.type)] }),
                    "NvmeSupport": .string(storage.nvmeSupport),
                    "EncryptionSupport": .string(storage.encryptionSupport),
                ]
            },
            "EbsInfo": ebsOutput(),
            "NetworkInfo": networkOutput(),
            "GpuInfo": gpus.isEmpty ? nil : [
                "Gpus": .list(gpus.map { gpu in
                    [
                        "Name": .string(gpu.name), "Manufacturer": .string(gpu.manufacturer), "Count": .int(gpu.count),
                        // Whole GPUs only in these families: one logical GPU per GPU.
                        "LogicalGpuCount": .int(gpu.count), "GpuPartitionSize": .double(1),
                        "Workloads": strings(gpu.workloads), "MemoryInfo": ["SizeInMiB": .int(gpu.memoryMiB)],
                    ]
                }),
                "TotalGpuMemoryInMiB": .int(gpus.reduce(0) { $0 + $1.count * $1.memoryMiB }),
            ],
            "InferenceAcceleratorInfo": accelerators.isEmpty ? nil : [
                "Accelerators": .list(accelerators.map {
                    ["Count": .int($0.count), "Name": .string($0.name), "Manufacturer": .string($0.manufacturer),
                     "MemoryInfo": ["SizeInMiB": .int($0.memoryMiB)]]
                }),
                "TotalInferenceMemoryInMiB": .int(acceleratorMemoryMiB),
            ],
            "NeuronInfo": accelerators.isEmpty ? nil : [
                "NeuronDevices": .list(accelerators.map {
                    ["Count": .int($0.count), "Name": .string($0.name),
                     "CoreInfo": ["Count": .int($0.coresPerDevice), "Version": .int($0.coreVersion)],
                     "MemoryInfo": ["SizeInMiB": .int($0.memoryMiB)]]
                }),
                "TotalNeuronDeviceMemoryInMiB": .int(acceleratorMemoryMiB),
            ],
            "PlacementGroupInfo": ["SupportedStrategies": strings(placementStrategies)],
            "HibernationSupported": .boolean(hibernationSupported),
            "BurstablePerformanceSupported": .boolean(burstable),
            "DedicatedHostsSupported": .boolean(dedicatedHostsSupported),
            "AutoRecoverySupported": .boolean(autoRecoverySupported),
            "SupportedBootModes": strings(bootModes),
            "NitroEnclavesSupport": .string(nitroEnclaves),
            "NitroTpmSupport": .string(nitroTpm),
            "NitroTpmInfo": nitroTpmVersions.isEmpty ? nil : ["SupportedVersions": strings(nitroTpmVersions)],
            "PhcSupport": .string(phc),
            "RebootMigrationSupport": .string(rebootMigration),
        ])
    }

    var acceleratorMemoryMiB: Int { accelerators.reduce(0) { $0 + $1.count * $1.memoryMiB } }

    private func ebsOutput() -> AWSValue {
        .structure([
            "EbsOptimizedSupport": .string(ebs.optimizedSupport),
            "EncryptionSupport": .string(ebs.encryptionSupport),
            "EbsOptimizedInfo": ebs.bandwidth.map { b in
                [
                    "BaselineBandwidthInMbps": .int(b.baselineMbps), "BaselineThroughputInMBps": .double(b.baselineThroughputMBps),
                    "BaselineIops": .int(b.baselineIops), "MaximumBandwidthInMbps": .int(b.maximumMbps),
                    "MaximumThroughputInMBps": .double(b.maximumThroughputMBps), "MaximumIops": .int(b.maximumIops),
                ]
            },
            "NvmeSupport": .string(ebs.nvmeSupport),
            "MaximumEbsAttachments": ebs.maximumAttachments.map(AWSValue.int),
            "AttachmentLimitType": ebs.attachmentLimitType.map(AWSValue.string),
        ])
    }

    private func networkOutput() -> AWSValue {
        let card = network.card
        return .structure([
            "NetworkPerformance": .string(network.performance),
            "MaximumNetworkInterfaces": .int(network.maximumInterfaces),
            "MaximumNetworkCards": .int(network.cards),
            "DefaultNetworkCardIndex": .int(0),
            "NetworkCards": .list((0..<network.cards).map { index in
                .structure([
                    "NetworkCardIndex": .int(index), "NetworkPerformance": .string(card.performance),
                    "MaximumNetworkInterfaces": .int(card.maximumInterfaces),
                    "AdditionalFlexibleNetworkInterfaces": card.additionalFlexibleInterfaces.map(AWSValue.int),
                    "BaselineBandwidthInGbps": .double(card.baselineGbps), "PeakBandwidthInGbps": .double(card.peakGbps),
                    "DefaultEnaQueueCountPerInterface": .int(card.defaultEnaQueuesPerInterface),
                    "MaximumEnaQueueCount": card.maximumEnaQueues.map(AWSValue.int),
                    "MaximumEnaQueueCountPerInterface": card.maximumEnaQueuesPerInterface.map(AWSValue.int),
                ])
            }),
            "Ipv4AddressesPerInterface": .int(network.ipv4PerInterface),
            "Ipv6AddressesPerInterface": .int(network.ipv6PerInterface),
            "Ipv6Supported": .boolean(true),
            "EnaSupport": .string(network.enaSupport),
            "EfaSupported": .boolean(network.efaSupported),
            "EfaInfo": network.maximumEfaInterfaces.map { ["MaximumEfaInterfaces": .int($0)] },
            "EncryptionInTransitSupported": .boolean(network.encryptionInTransit),
            "EnaSrdSupported": .boolean(network.enaSrdSupported),
            "FlexibleEnaQueuesSupport": .string(network.flexibleEnaQueues),
            // The same connection-tracking defaults for every type ("Idle connection tracking timeout").
            "ConnectionTrackingConfiguration": [
                "DefaultTcpEstablishedTimeout": 432000, "DefaultUdpStreamTimeout": 180, "DefaultUdpTimeout": 30,
            ],
            "SecondaryNetworkSupported": .boolean(false),
            "Ipv4AddressesPerSecondaryInterface": network.ipv4PerSecondaryInterface.map(AWSValue.int),
        ])
    }

    private func strings(_ values: [String]) -> AWSValue { .list(values.map(AWSValue.string)) }
    private func ints(_ values: [Int]) -> AWSValue { .list(values.map(AWSValue.int)) }
}
