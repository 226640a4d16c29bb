import AWSWire
import Foundation
import NimbusCore
import State

/// An EBS snapshot ("Amazon EBS snapshots"): a point-in-time copy of a volume, kept per Region.
struct Snapshot: EC2Resource {
    static let kind = "ec2.snapshot"
    static let idPrefix = "snap"
    static let resourceType = "snapshot"

    var id: String
    var volumeId: String
    var volumeSize: Int
    var description: String
    var ownerId: String
    var started: Date
    var encrypted: Bool
    var kmsKeyId: String?
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidSnapshot.NotFound", ids.count > 1
            ? "The snapshots '\(ids.joined(separator: ", "))' do not exist."
            : "The snapshot '\(ids.first ?? "")' does not exist.")
    }

    static var malformedCode: String { "InvalidSnapshotID.Malformed" }

    static let filterNames: Set<String> = [
        "description", "encrypted", "owner-alias", "owner-id", "progress", "snapshot-id", "start-time", "status",
        "storage-tier", "volume-id", "volume-size",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "description": return [description]
        case "encrypted": return [String(encrypted)]
        case "owner-id": return [ownerId]
        case "progress": return ["100%"]
        case "snapshot-id": return [id]
        case "start-time": return [Timestamp.iso8601(started)]
        case "status": return ["completed"]
        case "storage-tier": return ["standard"]
        case "volume-id": return [volumeId]
        case "volume-size": return [String(volumeSize)]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue { output(state: "completed") }

    func output(state: String) -> AWSValue {
        .structure([
            "SnapshotId": .string(id), "VolumeId": .string(volumeId), "VolumeSize": .int(volumeSize),
            "Description": .string(description), "OwnerId": .string(ownerId), "StartTime": .timestamp(started),
            "State": .string(state), "Progress": .string(state == "completed" ? "100%" : "0%"),
            "Encrypted": .boolean(encrypted), "KmsKeyId": kmsKeyId.map(AWSValue.string), "StorageTier": "standard",
            "Tags": tagsIfAny,
        ])
    }
}
