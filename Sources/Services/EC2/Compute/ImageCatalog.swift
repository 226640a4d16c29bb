import AWSWire
import NimbusCore
import Synchronization

// The public AMIs every Region offers: the Amazon Linux, Ubuntu, Debian and Windows Server images that
// tutorials, Terraform modules and CloudFormation templates launch, and the SSM public parameters that
// name them. Values follow what DescribeImages returns for the real images (December 2024 and January 2025
// releases); each image's comment says which of its values are inferred rather than seen in an answer.

/// One public AMI ("Amazon Machine Images in Amazon EC2", EC2 User Guide), as DescribeImages lists it.
struct CatalogImage: Sendable, Hashable {
    /// A `BlockDeviceMapping`: an EBS volume made from a snapshot, or an instance-store slot (`ephemeralN`).
    struct BlockDeviceMapping: Sendable, Hashable {
        var deviceName: String
        var ebs: EBS?
        var virtualName: String?
    }

    /// An `EbsBlockDevice`. Iops and throughput are set only where the publisher registers them.
    struct EBS: Sendable, Hashable {
        var snapshotId: String
        var volumeSize: Int
        var volumeType: String
        var iops: Int?
        var throughput: Int?
        var deleteOnTermination = true
        var encrypted = false
    }

    var id: String
    var name: String
    var description: String
    var ownerId: String
    /// `amazon` for Amazon's own images and for the verified publishers' (Canonical, Debian).
    var ownerAlias: String?
    var architecture: String
    var rootDeviceName: String
    var rootDeviceType = "ebs"
    var blockDeviceMappings: [BlockDeviceMapping]
    var virtualizationType = "hvm"
    var hypervisor = "xen"
    var enaSupport = true
    var sriovNetSupport = "simple"
    /// nil where the publisher registers none: EC2 then boots x86_64 in legacy BIOS and arm64 in UEFI.
    var bootMode: String?
    var tpmSupport: String?
    var imdsSupport: String?
    /// `windows` for Windows images, nil otherwise (the wire value is lowercase, unlike the model's enum).
    var platform: String?
    var platformDetails: String
    var usageOperation: String
    /// ISO 8601 text: the model's `CreationDate` and `DeprecationTime` are strings, not timestamps.
    var creationDate: String
    var deprecationTime: String
    var state = "available"
    var isPublic = true
    var imageType = "machine"

    var imageLocation: String { "\(ownerAlias ?? ownerId)/\(name)" }

    /// The mapping that makes the root volume.
    var rootMapping: BlockDeviceMapping? {
        blockDeviceMappings.first { $0.deviceName == rootDeviceName && $0.ebs != nil }
    }

    /// The `Image` shape, keyed by the botocore model's member names. `region` is the Region asked in;
    /// an image carries that Region's ids already, so nothing else in the answer depends on it.
    func output(region: String) -> AWSValue {
        .structure([
            "ImageId": .string(id),
            "ImageLocation": .string(imageLocation),
            "State": .string(state),
            "OwnerId": .string(ownerId),
            "ImageOwnerAlias": ownerAlias.map(AWSValue.string),
            "CreationDate": .string(creationDate),
            "DeprecationTime": .string(deprecationTime),
            "Public": .boolean(isPublic),
            "Architecture": .string(architecture),
            "ImageType": .string(imageType),
            "Name": .string(name),
            "Description": .string(description),
            "RootDeviceName": .string(rootDeviceName),
            "RootDeviceType": .string(rootDeviceType),
            "BlockDeviceMappings": .list(blockDeviceMappings.map(Self.output)),
            "VirtualizationType": .string(virtualizationType),
            "Hypervisor": .string(hypervisor),
            "EnaSupport": .boolean(enaSupport),
            "SriovNetSupport": .string(sriovNetSupport),
            "BootMode": bootMode.map(AWSValue.string),
            "TpmSupport": tpmSupport.map(AWSValue.string),
            "ImdsSupport": imdsSupport.map(AWSValue.string),
            "Platform": platform.map(AWSValue.string),
            "PlatformDetails": .string(platformDetails),
            "UsageOperation": .string(usageOperation),
        ])
    }

    private static func output(_ mapping: BlockDeviceMapping) -> AWSValue {
        .structure([
            "DeviceName": .string(mapping.deviceName),
            "VirtualName": mapping.virtualName.map(AWSValue.string),
            "Ebs": mapping.ebs.map { ebs -> AWSValue in
                .structure([
                    "SnapshotId": .string(ebs.snapshotId),
                    "VolumeSize": .int(ebs.volumeSize),
                    "VolumeType": .string(ebs.volumeType),
                    "Iops": ebs.iops.map(AWSValue.int),
                    "Throughput": ebs.throughput.map(AWSValue.int),
                    "DeleteOnTermination": .boolean(ebs.deleteOnTermination),
                    "Encrypted": .boolean(ebs.encrypted),
                ])
            },
        ])
    }
}

/// The public images of each Region. A Region's list is built on first use and kept, so start-up builds none.
enum ImageCatalog {
    static func images(region: String) -> [CatalogImage] {
        catalogue(region)?.images ?? []
    }

    static func image(id: String, region: String) -> CatalogImage? {
        catalogue(region)?.byId[id]
    }

    static func image(named name: String, region: String) -> CatalogImage? {
        catalogue(region)?.byName[name]
    }

    private struct RegionImages: Sendable {
        let images: [CatalogImage]
        let byId: [String: CatalogImage]
        let byName: [String: CatalogImage]
    }

    private static let cache = Mutex<[String: RegionImages]>([:])

    private static func catalogue(_ region: String) -> RegionImages? {
        guard RegionCatalog.isRegion(region) else { return nil }
        return cache.withLock { cache in
            if let built = cache[region] { return built }
            let images = ImageSpec.all.map { $0.image(in: region) }
            let built = RegionImages(
                images: images,
                byId: Dictionary(images.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                byName: Dictionary(images.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
            cache[region] = built
            return built
        }
    }

    /// An id of `prefix` and 17 hex digits, fixed for a Region and a name. Public AMIs have different ids in
    /// every Region and never change; Swift's `hashValue` is seeded per process, so this is FNV-1a (64-bit)
    /// followed by SplitMix64's finalizer, which spreads near-identical names over unrelated-looking ids.
    /// The first digit is 0, as in every 17-digit id AWS has issued so far.
    static func stableId(_ prefix: String, _ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        let hex = String(hash, radix: 16)
        return "\(prefix)-0" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The SSM public parameters that name the catalogue's images: GetParameter on
/// `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64` and `resolve:ssm:` in RunInstances
/// and CloudFormation answer with the image's id in the Region asked.
public enum PublicImageParameters {
    public static func imageId(parameter: String, region: String) -> String? {
        guard let name = imageNames[parameter] else { return nil }
        return ImageCatalog.image(named: name, region: region)?.id
    }

    /// Every parameter and its value in `region`, sorted by name (empty for an unknown Region).
    public static func parameters(region: String) -> [(name: String, value: String)] {
        sortedNames.compactMap { name in
            imageId(parameter: name, region: region).map { (name: name, value: $0) }
        }
    }

    /// Parameter name to image name, the same in every Region.
    private static let imageNames: [String: String] = {
        var table: [String: String] = [:]
        for spec in ImageSpec.all {
            for parameter in spec.parameters { table[parameter] = spec.name }
        }
        return table
    }()

    private static let sortedNames = imageNames.keys.sorted()
}

/// One catalogue image, Region-free; `image(in:)` adds the Region's AMI and snapshot ids.
private struct ImageSpec {
    var name: String
    var description: String
    var ownerId: String
    var architecture: String
    var rootDeviceName: String
    var volumeSize: Int
    var volumeType: String
    var iops: Int? = nil
    var throughput: Int? = nil
    /// Instance-store slots the image maps, as (device, `ephemeralN`).
    var ephemeral: [(device: String, virtualName: String)] = []
    var bootMode: String? = nil
    var imdsSupport: String? = nil
    var windows = false
    /// `yyyy-mm-ddThh:mm:ss.000Z`: the release date the name carries, at midnight UTC where the real
    /// registration time is not known here (jammy's is the real one).
    var creationDate: String
    var parameters: [String]

    func image(in region: String) -> CatalogImage {
        let root = CatalogImage.BlockDeviceMapping(
            deviceName: rootDeviceName,
            ebs: .init(snapshotId: ImageCatalog.stableId("snap", "\(region)/\(name)/root"), volumeSize: volumeSize,
                       volumeType: volumeType, iops: iops, throughput: throughput))
        return CatalogImage(
            id: ImageCatalog.stableId("ami", "\(region)/\(name)"), name: name, description: description,
            ownerId: ownerId, ownerAlias: "amazon", architecture: architecture, rootDeviceName: rootDeviceName,
            blockDeviceMappings: [root] + ephemeral.map { .init(deviceName: $0.device, virtualName: $0.virtualName) },
            bootMode: bootMode, imdsSupport: imdsSupport,
            platform: windows ? "windows" : nil,
            platformDetails: windows ? "Windows" : "Linux/UNIX",
            usageOperation: windows ? "RunInstances:0002" : "RunInstances",
            creationDate: creationDate, deprecationTime: Self.twoYearsAfter(creationDate))
    }

    /// Canonical deprecates its images exactly two years after creation; Nimbus does the same for every
    /// image so that none disappears from DescribeImages while the catalogue is current. (Amazon Linux 2023
    /// images really carry 90 days.)
    static func twoYearsAfter(_ date: String) -> String {
        guard let year = Int(date.prefix(4)) else { return date }
        return "\(year + 2)" + date.dropFirst(4)
    }

    static let all: [ImageSpec] = [
        amazonLinux2023("x86_64", minimal: false), amazonLinux2023("arm64", minimal: false),
        amazonLinux2023("x86_64", minimal: true), amazonLinux2023("arm64", minimal: true),
        amazonLinux2("x86_64"), amazonLinux2("arm64"),
        ubuntu(noble: true, "amd64"), ubuntu(noble: true, "arm64"),
        ubuntu(noble: false, "amd64"), ubuntu(noble: false, "arm64"),
        debian12("amd64"), debian12("arm64"),
        windowsServer2022(),
    ]

    static let amazonOwner = "137112412989"

    /// AL2023 2023.6.20241212.0 ("Amazon Linux 2023", AL2023 User Guide). The minimal AMI has a 2 GiB root
    /// volume; both register gp3 at its baseline, uefi-preferred boot on x86_64 and IMDSv2 only, and no
    /// NitroTPM flag. The arm64 boot mode (uefi) is inferred: Graviton boots only in UEFI. Parameter names:
    /// "Calling AMI public parameters in Parameter Store" (Systems Manager User Guide), the same list as
    /// "Query for the latest Amazon Linux AMI IDs using Systems Manager Parameter Store" (EC2 User Guide):
    /// kernel-default follows the newest kernel, kernel-6.1 pins it.
    static func amazonLinux2023(_ arch: String, minimal: Bool) -> ImageSpec {
        let version = "2023.6.20241212.0"
        let edition = minimal ? "minimal-" : ""
        return ImageSpec(
            name: "al2023-ami-\(edition)\(version)-kernel-6.1-\(arch)",
            description: "Amazon Linux 2023 AMI \(version) \(arch) \(minimal ? "Minimal HVM" : "HVM") kernel-6.1",
            ownerId: amazonOwner, architecture: arch, rootDeviceName: "/dev/xvda",
            volumeSize: minimal ? 2 : 8, volumeType: "gp3", iops: 3000, throughput: 125,
            bootMode: arch == "arm64" ? "uefi" : "uefi-preferred", imdsSupport: "v2.0",
            creationDate: "2024-12-12T00:00:00.000Z",
            parameters: ["kernel-default", "kernel-6.1"].map {
                "/aws/service/ami-amazon-linux-latest/al2023-ami-\(edition)\($0)-\(arch)"
            })
    }

    /// Amazon Linux 2 2.0.20241217.0, the kernel-4.14 "hvm gp2" image that `amzn2-ami-hvm-*-gp2` names.
    /// The x86_64 image is registered without a boot mode; the arm64 one is assumed to be the same.
    static func amazonLinux2(_ arch: String) -> ImageSpec {
        let version = "2.0.20241217.0"
        return ImageSpec(
            name: "amzn2-ami-hvm-\(version)-\(arch)-gp2",
            description: "Amazon Linux 2 AMI \(version) \(arch) HVM gp2",
            ownerId: amazonOwner, architecture: arch, rootDeviceName: "/dev/xvda",
            volumeSize: 8, volumeType: "gp2",
            creationDate: "2024-12-17T00:00:00.000Z",
            parameters: ["/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-\(arch)-gp2"])
    }

    /// Canonical's server images (owner 099720109477): 24.04 "noble" on gp3 (`hvm-ssd-gp3`), 22.04 "jammy"
    /// on gp2 (`hvm-ssd`); 8 GiB root at /dev/sda1 plus two instance-store slots; uefi-preferred on amd64,
    /// uefi on arm64 (seen on 2025 and 2026 releases; jammy arm64's is inferred). Parameters from Canonical's
    /// "Find Ubuntu images with SSM":
    /// `/aws/service/canonical/ubuntu/server/<version or codename>/stable/current/<arch>/hvm/<ebs-gp3|ebs-gp2>/ami-id`.
    static func ubuntu(noble: Bool, _ arch: String) -> ImageSpec {
        let (version, codename, serial, created) = noble
            ? ("24.04", "noble", "20241218", "2024-12-18T00:00:00.000Z")
            : ("22.04", "jammy", "20250112", "2025-01-12T04:14:24.000Z")
        let volume = noble ? "gp3" : "gp2"
        return ImageSpec(
            name: "ubuntu/images/\(noble ? "hvm-ssd-gp3" : "hvm-ssd")/ubuntu-\(codename)-\(version)-\(arch)-server-\(serial)",
            description: "Canonical, Ubuntu, \(version), \(arch) \(codename) image",
            ownerId: "099720109477", architecture: arch == "arm64" ? "arm64" : "x86_64", rootDeviceName: "/dev/sda1",
            volumeSize: 8, volumeType: volume,
            ephemeral: [("/dev/sdb", "ephemeral0"), ("/dev/sdc", "ephemeral1")],
            bootMode: arch == "arm64" ? "uefi" : "uefi-preferred",
            creationDate: created,
            parameters: [version, codename].map {
                "/aws/service/canonical/ubuntu/server/\($0)/stable/current/\(arch)/hvm/ebs-\(volume)/ami-id"
            })
    }

    /// Debian 12 "bookworm" 20241201-1948 from the Debian Cloud Team (owner 136693071363, wiki page
    /// "Cloud/AmazonEC2Image"). Their upload tool (debian-cloud-images, `upload_ec2`) registers /dev/xvda,
    /// gp3 at 3000 IOPS and 125 MiB/s for bookworm and later, ENA, and no boot mode; its `put_ssm` writes
    /// `/aws/service/debian/release/<12 or bookworm>/latest/<arch>`. The `amazon` alias is inferred from
    /// `--owners amazon` finding these images.
    static func debian12(_ arch: String) -> ImageSpec {
        let build = "20241201-1948"
        return ImageSpec(
            name: "debian-12-\(arch)-\(build)",
            description: "Debian 12 (\(build))",
            ownerId: "136693071363", architecture: arch == "arm64" ? "arm64" : "x86_64", rootDeviceName: "/dev/xvda",
            volumeSize: 8, volumeType: "gp3", iops: 3000, throughput: 125,
            creationDate: "2024-12-01T00:00:00.000Z",
            parameters: ["12", "bookworm"].map { "/aws/service/debian/release/\($0)/latest/\(arch)" })
    }

    /// Windows Server 2022 English Full Base 2024.12.13 (owner 801119661308): 30 GiB gp2 root at /dev/sda1,
    /// instance-store slots xvdca to xvdcz as ephemeral0 to ephemeral25, and the Windows license in
    /// `RunInstances:0002` ("AMI billing information fields", EC2 User Guide). No boot mode, as on the
    /// older releases seen (the uefi, NitroTPM images are the separate `TPM-Windows_Server-*` family).
    static func windowsServer2022() -> ImageSpec {
        let letters = "abcdefghijklmnopqrstuvwxyz"
        return ImageSpec(
            name: "Windows_Server-2022-English-Full-Base-2024.12.13",
            description: "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
            ownerId: "801119661308", architecture: "x86_64", rootDeviceName: "/dev/sda1",
            volumeSize: 30, volumeType: "gp2",
            ephemeral: letters.enumerated().map { ("xvdc\($0.element)", "ephemeral\($0.offset)") },
            windows: true,
            creationDate: "2024-12-13T00:00:00.000Z",
            parameters: ["/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base"])
    }
}
