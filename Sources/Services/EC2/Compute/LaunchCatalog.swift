import AWSWire
import NimbusCore
import State

/// What a launch needs to know about an image.
struct LaunchImage {
    var id: String
    var architecture: String
    var platform: String?
    var platformDetails: String
    var rootDeviceName: String
    var rootVolumeSize: Int
    var rootVolumeType: String
    var rootSnapshotId: String
    /// Images marked `ImdsSupport: v2.0` launch instances that require IMDSv2 tokens ("Configure the AMI").
    var requiresIMDSv2: Bool
}

/// What a launch needs to know about an instance type.
struct LaunchType {
    var name: String
    var architectures: [String]
    var vCPUs: Int
    var cores: Int
    var threadsPerCore: Int
    var maximumInterfaces: Int
    var ipv4PerInterface: Int
    /// Local instance-store disks (0 for EBS-only types).
    var instanceStoreDisks: Int
}

/// The one place launches read the image and instance-type catalogues.
enum LaunchCatalog {
    /// AWS's documented default is `m1.small`, a previous-generation type outside Nimbus's catalogue; Nimbus
    /// launches the smallest general-purpose `t2.micro` when no type is given.
    static let defaultInstanceType = "t2.micro"
    static let ssmPrefix = "resolve:ssm:"

    /// The image a launch names: an ID, or `resolve:ssm:PARAMETER` ("Use a Systems Manager parameter instead of
    /// an AMI ID").
    static func resolveImage(_ text: String?, _ context: RequestContext) throws -> LaunchImage {
        guard var id = text, !id.isEmpty else { throw EC2Errors.missingParameter("ImageId") }
        if id.hasPrefix(ssmPrefix) {
            let parameter = String(id.dropFirst(ssmPrefix.count))
            guard let resolved = PublicImageParameters.imageId(parameter: parameter, region: context.region) else {
                throw EC2Errors.invalidParameterValue("Invalid value for parameter imageId: the Systems Manager parameter '\(parameter)' does not exist.")
            }
            id = resolved
        }
        guard id.hasPrefix("ami-"), id.count > 4, id.dropFirst(4).allSatisfy(\.isHexDigit) else {
            throw AWSError("InvalidAMIID.Malformed", "Invalid id: \"\(id)\" (expecting \"ami-...\")")
        }
        let found = context.store.read { catalogImage(id, $0, context) }
        guard let image = found, let root = image.rootMapping?.ebs else {
            throw AWSError("InvalidAMIID.NotFound", "The image id '[\(id)]' does not exist")
        }
        return LaunchImage(id: image.id, architecture: image.architecture, platform: image.platform,
                           platformDetails: image.platformDetails, rootDeviceName: image.rootDeviceName,
                           rootVolumeSize: root.volumeSize, rootVolumeType: root.volumeType, rootSnapshotId: root.snapshotId,
                           requiresIMDSv2: image.imdsSupport == "v2.0")
    }

    /// A public catalogue image, or an account's own (or shared, or public) image, in the request's Region.
    static func catalogImage(_ id: String, _ view: StoreView, _ context: RequestContext) -> CatalogImage? {
        ImageCatalog.image(id: id, region: context.region)
            ?? ImageOperations.find(id, view, account: context.account, region: context.region)?.asCatalogImage
    }

    static func instanceType(_ name: String) -> LaunchType? {
        guard let info = InstanceTypeCatalog.info(name) else { return nil }
        return LaunchType(name: info.name, architectures: info.processor.architectures, vCPUs: info.vcpu.count,
                          cores: info.vcpu.defaultCores, threadsPerCore: info.vcpu.defaultThreadsPerCore,
                          maximumInterfaces: info.network.maximumInterfaces, ipv4PerInterface: info.network.ipv4PerInterface,
                          instanceStoreDisks: info.instanceStorage?.disks.reduce(0) { $0 + $1.count } ?? 0)
    }
}
