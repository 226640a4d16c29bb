import AWSWire
import Foundation
import Testing
@testable import S3Service

/// The records of the events S3 publishes on its own ("Configuring S3 Lifecycle event notifications", "Receiving
/// replication failure events with Amazon S3 Event Notifications", "Event message structure").
@Suite struct OwnEventRecordsTests {
    let bucket = S3Bucket(name: "b", owner: "111122223333", region: "us-east-1", created: Date(timeIntervalSince1970: 0), versioning: "Enabled")
    let version = ObjectVersion(versionId: "v1", isDeleteMarker: false, size: 520_080, etag: "e123", lastModified: Date(timeIntervalSince1970: 1_725_570_239),
                                owner: "111122223333")
    let cause = EventNotifications.Cause(principalId: "s3.amazonaws.com", sourceIP: "s3.amazonaws.com", requestId: "R", time: Date(timeIntervalSince1970: 1_725_570_272))

    func record(_ event: EventNotifications.Event, version: ObjectVersion?) -> [String: Any] {
        EventNotifications.record(event, version: version, bucket: bucket, configurationId: "c", cause: cause, sequencer: "0066DA1CBF104C0D")
    }

    func object(_ record: [String: Any]) -> [String: Any] {
        (record["s3"] as? [String: Any])?["object"] as? [String: Any] ?? [:]
    }

    @Test func lifecycleAndReplicationEventsAreS3sOwn() {
        #expect(EventNotifications.Event(name: "LifecycleExpiration:Delete", key: "k").initiatedByS3)
        #expect(EventNotifications.Event(name: "Replication:OperationFailedReplication", key: "k").initiatedByS3)
        #expect(!EventNotifications.Event(name: "ObjectRemoved:Delete", key: "k").initiatedByS3)
        #expect(EventNotifications.eventVersion("LifecycleTransition") == "2.3")
        #expect(EventNotifications.eventVersion("Replication:OperationFailedReplication") == "2.2")
        #expect(EventNotifications.eventVersion("ObjectCreated:Put") == "2.1")
    }

    /// "Supported event types for SQS, SNS, and Lambda": ObjectRemoved events "don't alert you for automatic deletes
    /// from Lifecycle policies"; those are the LifecycleExpiration types.
    @Test func removalSubscriptionsDoNotHearLifecycle() throws {
        let removals = try BucketNotifications.Subscription(id: "r", destination: "arn", configuration: ["Events": ["s3:ObjectRemoved:*"]])
        let lifecycle = try BucketNotifications.Subscription(id: "l", destination: "arn", configuration: ["Events": ["s3:LifecycleExpiration:*"]])
        for name in ["LifecycleExpiration:Delete", "LifecycleExpiration:DeleteMarkerCreated"] {
            #expect(!removals.matches(event: name, key: "k"))
            #expect(lifecycle.matches(event: name, key: "k"))
        }
        #expect(!lifecycle.matches(event: "LifecycleTransition", key: "k"))
        #expect(!removals.overlaps(lifecycle))
    }

    /// The documentation's LifecycleExpiration:Delete example names the key and sequencer only.
    @Test func anExpirationNamesTheKeyAndSequencer() {
        var unversioned = bucket
        unversioned.versioning = nil
        let record = EventNotifications.record(.init(name: "LifecycleExpiration:Delete", key: "expiration/delete", describesObject: false), version: nil,
                                               bucket: unversioned, configurationId: "c", cause: cause, sequencer: "01")
        #expect(object(record).keys.sorted() == ["key", "sequencer"])
        #expect(record["eventVersion"] as? String == "2.3")
        #expect((record["userIdentity"] as? [String: String])?["principalId"] == "s3.amazonaws.com")
        #expect((record["requestParameters"] as? [String: String])?["sourceIPAddress"] == "s3.amazonaws.com")
        let marker = self.record(.init(name: "LifecycleExpiration:DeleteMarkerCreated", key: "k", versionId: "m1", describesObject: false), version: nil)
        #expect(object(marker).keys.sorted() == ["key", "sequencer", "versionId"] && object(marker)["versionId"] as? String == "m1")
    }

    /// "Configuring S3 Lifecycle event notifications": lifecycleEventData.transitionEventData.destinationStorageClass;
    /// "Event message structure": the sequencer is only used with PUTs and DELETEs.
    @Test func aTransitionNamesItsStorageClass() {
        let record = self.record(.init(name: "LifecycleTransition", key: "k", versionId: "v1", data: .transition(destinationStorageClass: "GLACIER")),
                                 version: version)
        #expect(object(record).keys.sorted() == ["eTag", "key", "size", "versionId"])
        let data = record["lifecycleEventData"] as? [String: [String: String]]
        #expect(data == ["transitionEventData": ["destinationStorageClass": "GLACIER"]])
    }

    /// The documentation's OperationFailedReplication example.
    @Test func aReplicationFailureCarriesItsEventData() {
        let target = ReplicationTarget(bucketArn: "arn:aws:s3:::dst", storageClass: nil, ownerOverride: false, priority: 1, ruleId: "rule", metricsEnabled: true)
        let quiet = ReplicationTarget(bucketArn: "arn:aws:s3:::other", storageClass: nil, ownerOverride: false, priority: 1, ruleId: "quiet")
        let events = Replication.failureEvents([(target, "AssumeRoleNotPermitted"), (quiet, "AssumeRoleNotPermitted")], version: version, key: "a.png")
        #expect(events.count == 1)
        let record = self.record(events[0], version: version)
        #expect(record["eventVersion"] as? String == "2.2" && record["eventName"] as? String == "Replication:OperationFailedReplication")
        #expect(object(record).keys.sorted() == ["eTag", "key", "sequencer", "size", "versionId"])
        let data = record["replicationEventData"] as? [String: String]
        #expect(data == ["replicationRuleId": "rule", "destinationBucket": "arn:aws:s3:::dst", "s3Operation": "OBJECT_PUT",
                         "requestTime": "2024-09-05T21:03:59.000Z", "failureReason": "AssumeRoleNotPermitted"])
        let unexplained = Replication.failureEvents([(target, nil)], version: version, key: "a.png")
        #expect((self.record(unexplained[0], version: version)["replicationEventData"] as? [String: String])?["failureReason"] == nil)
        var marker = version
        marker.isDeleteMarker = true
        #expect(Replication.failureEvents([(target, "DstDelObjNotPermitted")], version: marker, key: "a.png").isEmpty)
    }

    @Test func targetsTellTheirRuleAndMetrics() {
        let rule: AWSValue = ["ID": "r1", "Status": "Enabled", "Priority": 1, "Filter": .object([:]), "DeleteMarkerReplication": ["Status": "Disabled"],
                              "Destination": ["Bucket": "arn:aws:s3:::d", "Metrics": ["Status": "Enabled"]]]
        let target = ReplicationTarget.targets([rule], key: "k", tags: [], isDeleteMarker: false).first
        #expect(target?.ruleId == "r1" && target?.metricsEnabled == true)
    }
}
