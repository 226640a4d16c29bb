import AWSWire
import NimbusCore
import Testing
@testable import S3Service

/// The pure rules of the configurations kept by Id and of replication ("ListBucketMetricsConfigurations",
/// "MetricsConfiguration", "Tiering", "ReplicationRule"), and the IAM actions their operations are authorized as.
@Suite struct BucketConfigurationRulesTests {
    func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as AWSError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test func listsComeAHundredAtATimeInIdOrder() throws {
        let ids = (0..<205).map { String(format: "id%03d", $0) }.shuffled()
        let first = try BucketSubresources.KeyedById.page(of: ids, token: nil)
        #expect(first.ids == (0..<100).map { String(format: "id%03d", $0) })
        let second = try BucketSubresources.KeyedById.page(of: ids, token: first.next)
        #expect(second.ids.first == "id100" && second.next != nil)
        let last = try BucketSubresources.KeyedById.page(of: ids, token: second.next)
        #expect(last.ids.count == 5 && last.next == nil)
        // Exactly one full page is not truncated.
        #expect(try BucketSubresources.KeyedById.page(of: Array(ids.prefix(100)), token: nil).next == nil)
        #expect(code { _ = try BucketSubresources.KeyedById.page(of: ids, token: "%%%") } == "InvalidArgument")
    }

    @Test func metricsIdsFollowTheDocumentedAlphabet() {
        #expect(BucketMetrics.acceptsId("Entire_Bucket-1.0"))
        #expect(BucketMetrics.acceptsId(String(repeating: "a", count: 64)))
        for bad in ["", String(repeating: "a", count: 65), "a b", "a/b", "é", "a:b"] {
            #expect(!BucketMetrics.acceptsId(bad), "\(bad)")
        }
    }

    @Test func theIdIsCheckedBeforeTheDocumentAndTheDestinationAfterIt() {
        let document: AWSValue = [
            "Id": "other", "IsEnabled": true, "IncludedObjectVersions": "All", "Schedule": ["Frequency": "Daily"],
            "Destination": ["S3BucketDestination": ["Bucket": "not-an-arn", "Format": "CSV"]],
        ]
        #expect(code { try BucketInventory.keyed.check(document, id: "") } == "InvalidConfigurationId")
        #expect(code { try BucketInventory.keyed.check(document, id: "inv") } == "IdMismatch")
        #expect(code { try BucketInventory.keyed.check(document, id: "other") } == "InvalidS3DestinationBucket")
    }

    @Test func tieringDaysStayInTheirTiersRange() {
        func tierings(_ pairs: [(String, Int)]) -> [AWSValue] { pairs.map { ["AccessTier": .string($0.0), "Days": .int($0.1)] } }
        #expect(code { try BucketIntelligentTiering.checkTierings(tierings([("ARCHIVE_ACCESS", 90), ("DEEP_ARCHIVE_ACCESS", 180)])) } == nil)
        #expect(code { try BucketIntelligentTiering.checkTierings(tierings([("ARCHIVE_ACCESS", 89)])) } == "InvalidArgument")
        #expect(code { try BucketIntelligentTiering.checkTierings(tierings([("DEEP_ARCHIVE_ACCESS", 731)])) } == "InvalidArgument")
        #expect(code { try BucketIntelligentTiering.checkTierings(tierings([("ARCHIVE_ACCESS", 90), ("ARCHIVE_ACCESS", 100)])) } == "InvalidArgument")
        #expect(code { try BucketIntelligentTiering.checkTierings(tierings([("GLACIER", 90)])) } == "MalformedXML")
        #expect(code { try BucketIntelligentTiering.checkTierings([]) } == "MalformedXML")
    }

    @Test func replicationRulesFollowTheirSchemaVersion() {
        let destination: AWSValue = ["Bucket": "arn:aws:s3:::target"]
        let v2: AWSValue = ["Status": "Enabled", "Priority": 1, "Filter": ["Prefix": ""], "DeleteMarkerReplication": ["Status": "Disabled"],
                            "Destination": destination]
        let v1: AWSValue = ["Status": "Enabled", "Prefix": "", "Destination": destination]
        func with(_ rule: AWSValue, _ changes: [String: AWSValue?]) -> AWSValue {
            var members = rule.object ?? [:]
            for (key, value) in changes { members[key] = value }
            return .object(members)
        }
        #expect(code { try ReplicationRules.check([v1]) } == nil)
        #expect(code { try ReplicationRules.check([v2, with(v2, ["Destination": ["Bucket": "arn:aws:s3:::other"]])]) } == nil)
        #expect(code { try ReplicationRules.check([]) } == "MalformedXML")
        #expect(code { try ReplicationRules.check(Array(repeating: v2, count: 1001)) } == "MalformedXML")
        #expect(code { try ReplicationRules.check([with(v2, ["Priority": nil])]) } == "InvalidRequest")
        #expect(code { try ReplicationRules.check([with(v2, ["DeleteMarkerReplication": nil])]) } == "InvalidRequest")
        #expect(code { try ReplicationRules.check([with(v1, ["Priority": 1])]) } == "InvalidRequest")
        #expect(code { try ReplicationRules.check([v1, with(v1, ["Destination": ["Bucket": "arn:aws:s3:::other"]])]) } == "InvalidRequest")
        #expect(code { try ReplicationRules.check([with(v2, ["Prefix": "both"])]) } == "MalformedXML")
        #expect(code { try ReplicationRules.check([with(v2, ["Status": "On"])]) } == "MalformedXML")
        let tagged = with(v2, ["Filter": ["Tag": ["Key": "k", "Value": "v"]], "DeleteMarkerReplication": ["Status": "Enabled"]])
        #expect(code { try ReplicationRules.check([tagged]) } == "InvalidRequest")
        #expect(code { try ReplicationRules.check([with(v2, ["ID": .string(String(repeating: "x", count: 256))])]) } == "InvalidArgument")
    }

    /// "Actions, resources, and condition keys for Amazon S3": List* and Get* are the Get action, Delete* the Put action.
    @Test func operationsMapToTheirIAMActions() throws {
        let s3 = try #require(ServiceAuthorization.forService("s3"))
        let expected = [
            "PutBucketMetricsConfiguration": "s3:PutMetricsConfiguration", "DeleteBucketMetricsConfiguration": "s3:PutMetricsConfiguration",
            "GetBucketMetricsConfiguration": "s3:GetMetricsConfiguration", "ListBucketMetricsConfigurations": "s3:GetMetricsConfiguration",
            "PutBucketAnalyticsConfiguration": "s3:PutAnalyticsConfiguration", "ListBucketAnalyticsConfigurations": "s3:GetAnalyticsConfiguration",
            "PutBucketInventoryConfiguration": "s3:PutInventoryConfiguration", "ListBucketInventoryConfigurations": "s3:GetInventoryConfiguration",
            "PutBucketIntelligentTieringConfiguration": "s3:PutIntelligentTieringConfiguration",
            "ListBucketIntelligentTieringConfigurations": "s3:GetIntelligentTieringConfiguration",
            "PutBucketReplication": "s3:PutReplicationConfiguration", "DeleteBucketReplication": "s3:PutReplicationConfiguration",
            "GetBucketReplication": "s3:GetReplicationConfiguration", "PutBucketLogging": "s3:PutBucketLogging",
            "GetBucketLogging": "s3:GetBucketLogging", "PutBucketAccelerateConfiguration": "s3:PutAccelerateConfiguration",
            "GetBucketAccelerateConfiguration": "s3:GetAccelerateConfiguration", "PutBucketRequestPayment": "s3:PutBucketRequestPayment",
            "GetBucketRequestPayment": "s3:GetBucketRequestPayment",
        ]
        for (operation, action) in expected {
            #expect(s3.authorization(forOperation: operation)?.action == action, "\(operation)")
        }
    }
}
