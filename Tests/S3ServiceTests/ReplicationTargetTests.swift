import AWSWire
import Testing
@testable import S3Service

/// "Replication configuration file elements": which rules a version or delete marker matches, one per destination.
@Suite struct ReplicationTargetTests {
    func rule(_ destination: String, priority: Int, filter: AWSValue?, markers: String = "Disabled", status: String = "Enabled") -> AWSValue {
        var members: [String: AWSValue] = ["Status": .string(status), "Priority": .int(priority),
                                           "Destination": .object(["Bucket": .string("arn:aws:s3:::\(destination)")]),
                                           "DeleteMarkerReplication": .object(["Status": .string(markers)])]
        if let filter { members["Filter"] = filter } else { members["Prefix"] = "logs/" }
        return .object(members)
    }

    @Test func filtersByPrefixAndTags() {
        let tagged = rule("b", priority: 1, filter: .object(["And": .object(["Prefix": "docs/", "Tags": .list([.object(["Key": "k", "Value": "v"])])])]))
        #expect(ReplicationTarget.targets([tagged], key: "docs/a", tags: [S3Tag(key: "k", value: "v")], isDeleteMarker: false).count == 1)
        #expect(ReplicationTarget.targets([tagged], key: "docs/a", tags: [], isDeleteMarker: false).isEmpty)
        #expect(ReplicationTarget.targets([tagged], key: "other", tags: [S3Tag(key: "k", value: "v")], isDeleteMarker: false).isEmpty)
        let disabled = rule("b", priority: 1, filter: .object([:]), status: "Disabled")
        #expect(ReplicationTarget.targets([disabled], key: "x", tags: [], isDeleteMarker: false).isEmpty)
    }

    @Test func theHighestPriorityDecidesPerDestination() {
        let rules = [rule("b", priority: 1, filter: .object([:])), rule("b", priority: 5, filter: .object(["Prefix": "x"])),
                     rule("c", priority: 2, filter: .object([:]))]
        let targets = ReplicationTarget.targets(rules, key: "x1", tags: [], isDeleteMarker: false)
        #expect(targets.map(\.bucketArn) == ["arn:aws:s3:::b", "arn:aws:s3:::c"])
        #expect(targets.first?.priority == 5)
    }

    @Test func theWinningRuleDecidesForDeleteMarkersAndEncryptedObjects() {
        let rules = [rule("b", priority: 5, filter: .object(["Prefix": "a"])), rule("b", priority: 1, filter: .object([:]), markers: "Enabled")]
        #expect(ReplicationTarget.targets(rules, key: "a1", tags: [], isDeleteMarker: true).isEmpty)
        #expect(ReplicationTarget.targets(rules, key: "z1", tags: [], isDeleteMarker: true).count == 1)
        #expect(ReplicationTarget.targets(rules, key: "a1", tags: [], isDeleteMarker: false, encryptedWithKMS: true).isEmpty)
    }

    @Test func deleteMarkersFollowTheSchemaVersion() {
        #expect(ReplicationTarget.targets([rule("b", priority: 1, filter: nil)], key: "logs/1", tags: [], isDeleteMarker: true).count == 1)
        #expect(ReplicationTarget.targets([rule("b", priority: 1, filter: .object([:]))], key: "k", tags: [], isDeleteMarker: true).isEmpty)
        #expect(ReplicationTarget.targets([rule("b", priority: 1, filter: .object([:]), markers: "Enabled")], key: "k", tags: [],
                                          isDeleteMarker: true).count == 1)
    }
}
