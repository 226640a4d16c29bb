import AWSWire
import Foundation
import NimbusCore
import State

/// An EBS volume ("Amazon EBS volumes"): in one Availability Zone, attached to at most one instance here
/// (Multi-Attach is not modelled). Launches make the root volume and the mapped ones; the EBS issue adds the rest.
struct Volume: EC2Resource {
    static let kind = "ec2.volume"
    static let idPrefix = "vol"
    static let resourceType = "volume"

    struct Attachment: Codable, Hashable, Sendable {
        var instanceId: String
        var device: String
        var deleteOnTermination: Bool
        var attachTime: Date
    }

    var id: String
    var size: Int
    var volumeType: String
    var iops: Int?
    var throughput: Int?
    var availabilityZone: String
    var encrypted = false
    var kmsKeyId: String?
    var snapshotId: String?
    var created: Date
    var attachment: Attachment?
    /// Every Elastic Volumes change, oldest first (DescribeVolumesModifications; the rate limit).
    var modifications: [Modification] = []
    var tags: [EC2Tag] = []

    struct Modification: Codable, Hashable, Sendable {
        var started: Date
        var originalSize: Int
        var originalType: String
        var originalIops: Int?
        var originalThroughput: Int?
        var targetSize: Int
        var targetType: String
        var targetIops: Int?
        var targetThroughput: Int?
    }

    var state: String { attachment == nil ? "available" : "in-use" }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidVolume.NotFound", notFoundMessage("volume", ids))
    }

    static var malformedCode: String { "InvalidVolumeID.Malformed" }

    /// The IOPS and throughput a type gets when none are given ("Amazon EBS volume types"): gp3 3,000 IOPS and
    /// 125 MiB/s; gp2 3 IOPS per GiB, at least 100 and at most 16,000.
    static func defaults(type: String, size: Int) -> (iops: Int?, throughput: Int?) {
        switch type {
        case "gp3": return (3000, 125)
        case "gp2": return (min(16_000, max(100, size * 3)), nil)
        default: return (nil, nil)
        }
    }

    static let filterNames: Set<String> = [
        "attachment.attach-time", "attachment.delete-on-termination", "attachment.device", "attachment.instance-id",
        "attachment.status", "availability-zone", "create-time", "encrypted", "multi-attach-enabled", "size",
        "snapshot-id", "status", "volume-id", "volume-type",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "attachment.attach-time": return attachment.map { [Timestamp.iso8601($0.attachTime)] } ?? []
        case "attachment.delete-on-termination": return attachment.map { [String($0.deleteOnTermination)] } ?? []
        case "attachment.device": return attachment.map { [$0.device] } ?? []
        case "attachment.instance-id": return attachment.map { [$0.instanceId] } ?? []
        case "attachment.status": return attachment == nil ? [] : ["attached"]
        case "availability-zone": return [availabilityZone]
        case "create-time": return [Timestamp.iso8601(created)]
        case "encrypted": return [String(encrypted)]
        case "multi-attach-enabled": return ["false"]
        case "size": return [String(size)]
        case "snapshot-id": return snapshotId.map { [$0] } ?? []
        case "status": return [state]
        case "volume-id": return [id]
        case "volume-type": return [volumeType]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "VolumeId": .string(id), "Size": .int(size), "VolumeType": .string(volumeType),
            "Iops": iops.map { .int($0) }, "Throughput": throughput.map { .int($0) },
            "AvailabilityZone": .string(availabilityZone), "Encrypted": .boolean(encrypted),
            "KmsKeyId": kmsKeyId.map(AWSValue.string), "SnapshotId": .string(snapshotId ?? ""),
            "CreateTime": .timestamp(created), "State": .string(state), "MultiAttachEnabled": false,
            "Attachments": .list(attachment.map { attachment in
                [.structure([
                    "VolumeId": .string(id), "InstanceId": .string(attachment.instanceId), "Device": .string(attachment.device),
                    "State": "attached", "AttachTime": .timestamp(attachment.attachTime),
                    "DeleteOnTermination": .boolean(attachment.deleteOnTermination),
                ])]
            } ?? []),
            "Tags": tagsIfAny,
        ])
    }
}

