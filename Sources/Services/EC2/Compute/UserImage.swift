import AWSWire
import Foundation
import NimbusCore
import State

/// An AMI an account made ("Create an Amazon EBS-backed AMI", "Understand shared AMI usage"): from an instance
/// (CreateImage), from snapshots (RegisterImage) or copied from another Region (CopyImage); shared with accounts
/// or made public through its launch permissions.
struct UserImage: EC2Resource {
    static let kind = "ec2.image"
    static let idPrefix = "ami"
    static let resourceType = "image"

    struct Device: Codable, Hashable, Sendable {
        var deviceName: String
        var snapshotId: String
        var volumeSize: Int
        var volumeType: String
        var deleteOnTermination: Bool
        var encrypted: Bool
    }

    var id: String
    var name: String
    var description: String?
    var ownerId: String
    var architecture: String
    var platform: String?
    var platformDetails: String
    var rootDeviceName: String
    var devices: [Device]
    var created: Date
    var bootMode: String?
    var imdsSupport: String?
    var sourceImageId: String?
    var sourceRegion: String?
    var isPublic = false
    var sharedWith: [String] = []
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidAMIID.NotFound", "The image id '[\(ids.joined(separator: ", "))]' does not exist")
    }

    /// Whether `account` may see and launch the image.
    func isVisible(to account: String) -> Bool { ownerId == account || isPublic || sharedWith.contains(account) }

    var rootDevice: Device? { devices.first { $0.deviceName == rootDeviceName } }

    static let filterNames: Set<String> = []

    func filterValues(_ name: String, _ network: NetworkView) -> [String] { [] }

    func output(_ network: NetworkView) -> AWSValue { asCatalogImage.output(region: network.partition.region) }

    /// The image in the catalogue's shape, so DescribeImages, filters and launches treat both alike.
    var asCatalogImage: CatalogImage {
        CatalogImage(
            id: id, name: name, description: description ?? "", ownerId: ownerId, ownerAlias: nil, architecture: architecture,
            rootDeviceName: rootDeviceName,
            blockDeviceMappings: devices.map { device in
                .init(deviceName: device.deviceName,
                      ebs: .init(snapshotId: device.snapshotId, volumeSize: device.volumeSize, volumeType: device.volumeType,
                                 deleteOnTermination: device.deleteOnTermination, encrypted: device.encrypted))
            },
            bootMode: bootMode, imdsSupport: imdsSupport, platform: platform, platformDetails: platformDetails,
            usageOperation: platform == "windows" ? "RunInstances:0002" : "RunInstances",
            creationDate: Timestamp.iso8601(created, fractional: true),
            deprecationTime: Timestamp.iso8601(created.addingTimeInterval(2 * 365 * 86_400), fractional: true),
            isPublic: isPublic)
    }
}
