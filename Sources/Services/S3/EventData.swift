import AWSWire
import Foundation

extension EventNotifications {
    /// The record member only S3's own events carry ("Event message structure": `lifecycleEventData` for lifecycle
    /// transitions, `replicationEventData` for replication events).
    enum EventData {
        /// "Configuring S3 Lifecycle event notifications": the class a transition moved the object to.
        case transition(destinationStorageClass: String)
        /// "Receiving replication failure events with Amazon S3 Event Notifications".
        case replication(ReplicationEventData)

        var member: (String, [String: Any]) {
            switch self {
            case .transition(let storageClass):
                return ("lifecycleEventData", ["transitionEventData": ["destinationStorageClass": storageClass]])
            case .replication(let data):
                return ("replicationEventData", data.fields)
            }
        }
    }

    struct ReplicationEventData: Equatable {
        var ruleId: String
        /// The destination bucket's ARN.
        var destinationBucket: String
        /// `OBJECT_PUT` for a new version, the only operation the documentation's example names.
        var s3Operation: String
        /// When the request that made the version was received.
        var requestTime: Date
        /// "Amazon S3 replication failure reasons": why a replication failed; nil when Nimbus cannot name the reason
        /// (an I/O error), rather than a reason that would mislead.
        var failureReason: String?

        var fields: [String: Any] {
            var fields: [String: Any] = ["replicationRuleId": ruleId, "destinationBucket": destinationBucket, "s3Operation": s3Operation,
                                         "requestTime": Timestamp.iso8601(requestTime)]
            if let failureReason { fields["failureReason"] = failureReason }
            return fields
        }
    }
}
