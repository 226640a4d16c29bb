import AWSWire
import Foundation
import NimbusCore
import State
import Synchronization

/// Event notifications delivered ("Amazon S3 Event Notifications", "Event message structure"): after a request
/// that creates, removes, restores, tags or re-ACLs an object succeeds, and when S3 acts on its own (lifecycle
/// expirations and transitions, replication failures), each Lambda configuration of the bucket whose event types
/// and key filter match is invoked asynchronously with the event message, one record per event. Both kinds of
/// event go through ``deliver(_:bucket:context:)`` and ``record(_:version:bucket:configurationId:cause:sequencer:)``.
enum EventNotifications {
    /// The operations that publish events, and what they publish.
    static let publishing: Set<String> = ["PutObject", "PostObject", "CopyObject", "CompleteMultipartUpload", "DeleteObject", "DeleteObjects", "RestoreObject",
                                          "PutObjectTagging", "DeleteObjectTagging", "PutObjectAcl"]

    struct Event {
        var name: String
        var key: String
        var versionId: String?
        /// Removals describe no object: their records carry no size or ETag.
        var describesObject = true
        /// What only S3's own events carry (``EventData``).
        var data: EventData?

        /// Lifecycle and replication events are S3's own: no request caused them ("Configuring S3 Lifecycle event
        /// notifications", "Receiving replication failure events with Amazon S3 Event Notifications": S3 is their
        /// principal and source address).
        var initiatedByS3: Bool { name.hasPrefix("Lifecycle") || name.hasPrefix("Replication:") }
    }

    static func publish(operation: String, input: AWSValue, output: AWSValue, index: ConfigurationIndex, context: RequestContext) {
        guard publishing.contains(operation), index.mayApply(context), let name = input["Bucket"]?.string,
              let bucket = context.store.read({ S3Lookup.bucket(name, in: $0) }) else { return }
        deliver(events(operation: operation, input: input, output: output, bucket: bucket), bucket: bucket, context: context)
    }

    /// Invokes, for each event on `bucket`, the functions of the configurations that ask for it. `context` is the
    /// request's, or for S3's own events outside any request, ``s3Context(bucket:environment:)``. Never call it inside
    /// a store transaction: it reads the store.
    static func deliver(_ events: [Event], bucket: S3Bucket, context: RequestContext) {
        guard !events.isEmpty, let configuration = bucket[configuration: BucketNotifications.key]?.value else { return }
        let subscriptions = (configuration["LambdaFunctionConfigurations"]?.list ?? []).map {
            BucketNotifications.Subscription(stored: $0, destinationMember: "LambdaFunctionArn")
        }
        guard !subscriptions.isEmpty else { return }
        for (index, event) in events.enumerated() {
            let matching = subscriptions.filter { $0.matches(event: event.name, key: event.key) }
            guard !matching.isEmpty else { continue }
            let version = event.describesObject ? context.store.read {
                ObjectOwnership.version(bucket: bucket.name, key: event.key, versionId: event.versionId, in: $0)
            } : nil
            let cause = self.cause(of: event, bucket: bucket, context: context)
            // Several events of one delivery (a DeleteObjects, one sweep of a key) still get increasing sequencers.
            let sequencer = self.sequencer(cause.time, offset: index)
            for subscription in matching where BucketNotifications.mayInvoke(subscription.destination, bucket: bucket, context) {
                let record = self.record(event, version: version, bucket: bucket, configurationId: subscription.id, cause: cause, sequencer: sequencer)
                guard let payload = try? JSONSerialization.data(withJSONObject: ["Records": [record]], options: [.withoutEscapingSlashes]) else { continue }
                context.environment.functions.invokeAsynchronously(functionArn: subscription.destination, payload: Array(payload), context: context)
            }
        }
    }

    /// The context S3's own events are delivered in when no request is running (the lifecycle sweep): no caller, the
    /// bucket's Region.
    static func s3Context(bucket: S3Bucket, environment: NimbusEnvironment) -> RequestContext {
        RequestContext(requestId: environment.ids.s3RequestId(), service: "s3", operation: "S3Event", principal: .anonymous, region: bucket.region,
                       sourceIP: Cause.s3, secureTransport: true, environment: environment)
    }

    /// The events a successful request published.
    static func events(operation: String, input: AWSValue, output: AWSValue, bucket: S3Bucket) -> [Event] {
        let key = input["Key"]?.string ?? ""
        // A delete without a version id in a bucket that has had versioning leaves a delete marker.
        func removal(_ key: String, _ versionId: String?, marker: String?) -> Event {
            if versionId == nil, bucket.versioning != nil {
                return Event(name: "ObjectRemoved:DeleteMarkerCreated", key: key, versionId: marker, describesObject: false)
            }
            return Event(name: "ObjectRemoved:Delete", key: key, versionId: versionId, describesObject: false)
        }
        switch operation {
        case "PutObject": return [Event(name: "ObjectCreated:Put", key: key, versionId: output["VersionId"]?.string)]
        case "PostObject": return [Event(name: "ObjectCreated:Post", key: key, versionId: output["VersionId"]?.string)]
        case "CopyObject": return [Event(name: "ObjectCreated:Copy", key: key, versionId: output["VersionId"]?.string)]
        case "CompleteMultipartUpload": return [Event(name: "ObjectCreated:CompleteMultipartUpload", key: key, versionId: output["VersionId"]?.string)]
        case "DeleteObject": return [removal(key, input["VersionId"]?.string, marker: output["VersionId"]?.string)]
        case "DeleteObjects":
            // Quiet mode lists no deletions: the keys asked for, less the ones that failed.
            let failed = Set((output["Errors"]?.list ?? []).compactMap { $0["Key"]?.string })
            let deleted = Dictionary((output["Deleted"]?.list ?? []).compactMap { entry in entry["Key"]?.string.map { ($0, entry) } }) { first, _ in first }
            return (input["Delete"]?["Objects"]?.list ?? []).compactMap { object in
                guard let key = object["Key"]?.string, !failed.contains(key) else { return nil }
                return removal(key, object["VersionId"]?.string, marker: deleted[key]?["DeleteMarkerVersionId"]?.string)
            }
        case "RestoreObject":
            // A restore here completes as it begins: both events, only for a restore begun (202).
            guard output[WireResponse.chosenStatusField]?.int == 202 else { return [] }
            return ["ObjectRestore:Post", "ObjectRestore:Completed"].map { Event(name: $0, key: key, versionId: input["VersionId"]?.string) }
        case "PutObjectTagging": return [Event(name: "ObjectTagging:Put", key: key, versionId: input["VersionId"]?.string)]
        case "DeleteObjectTagging": return [Event(name: "ObjectTagging:Delete", key: key, versionId: input["VersionId"]?.string)]
        case "PutObjectAcl": return [Event(name: "ObjectAcl:Put", key: key, versionId: input["VersionId"]?.string)]
        default: return []
        }
    }

    /// Who and when, as a record tells it.
    struct Cause {
        /// "Configuring S3 Lifecycle event notifications": S3's own events name it as principal and source address.
        static let s3 = "s3.amazonaws.com"

        var principalId: String
        var sourceIP: String
        var requestId: String
        var time: Date
    }

    static func cause(of event: Event, bucket: S3Bucket, context: RequestContext) -> Cause {
        // S3's own events have no request of their own to trace: each gets an id.
        if event.initiatedByS3 { return Cause(principalId: Cause.s3, sourceIP: Cause.s3, requestId: context.ids.s3RequestId(), time: context.now) }
        // A restore completes on S3's side, in the bucket owner's name.
        let principalId = event.name == "ObjectRestore:Completed" ? "AmazonCustomer:\(bucket.owner)"
            : context.principal.kind == .anonymous ? "ANONYMOUS_PRINCIPAL" : "AWS:\(context.principal.userId)"
        return Cause(principalId: principalId, sourceIP: context.sourceIP, requestId: context.requestId, time: context.now)
    }

    /// The event message structure's version: 2.2 for replication events, 2.3 for lifecycle, tagging and ACL events,
    /// 2.1 for the others ("Event message structure").
    static func eventVersion(_ name: String) -> String {
        if name.hasPrefix("Replication:") { return "2.2" }
        return name.hasPrefix("Lifecycle") || name.hasPrefix("ObjectTagging:") || name.hasPrefix("ObjectAcl:") ? "2.3" : "2.1"
    }

    /// One record of the event message ("Event message structure"; what each event type carries as S3 sends it:
    /// tagging and ACL events name only the key and ETag, a delete marker has the empty ETag; "Configuring S3
    /// Lifecycle event notifications": an expiration names the key and sequencer, a transition its new class).
    static func record(_ event: Event, version: ObjectVersion?, bucket: S3Bucket, configurationId: String, cause: Cause, sequencer: String) -> [String: Any] {
        let describesSubresource = event.name.hasPrefix("ObjectTagging:") || event.name.hasPrefix("ObjectAcl:")
        var object: [String: Any] = ["key": encodedKey(event.key)]
        if let version {
            object["eTag"] = version.etag
            if !describesSubresource { object["size"] = version.size }
            if bucket.versioning != nil { object["versionId"] = version.versionId }
        } else if let versionId = event.versionId {
            object["versionId"] = versionId
        }
        if event.name == "ObjectRemoved:DeleteMarkerCreated" { object["eTag"] = "d41d8cd98f00b204e9800998ecf8427e" }
        // "The sequencer ... only used with PUTs and DELETEs": a transition changes neither.
        if !describesSubresource, event.name != "LifecycleTransition" { object["sequencer"] = sequencer }
        var record: [String: Any] = [
            "eventVersion": eventVersion(event.name), "eventSource": "aws:s3", "awsRegion": bucket.region,
            "eventTime": Timestamp.iso8601(cause.time), "eventName": event.name,
            "userIdentity": ["principalId": cause.principalId],
            "requestParameters": ["sourceIPAddress": cause.sourceIP],
            "responseElements": ["x-amz-request-id": cause.requestId, "x-amz-id-2": Base64.encode(Array(cause.requestId.utf8))],
            "s3": [
                "s3SchemaVersion": "1.0", "configurationId": configurationId,
                "bucket": ["name": bucket.name, "ownerIdentity": ["principalId": bucket.owner], "arn": S3ARN.bucket(bucket.name)],
                "object": object,
            ] as [String: Any],
        ]
        if event.name.hasPrefix("ObjectRestore:"), let expiry = version?.restoreExpiry {
            record["glacierEventData"] = ["restoreEventData": ["lifecycleRestorationExpiryTime": Timestamp.iso8601(expiry),
                                                               "lifecycleRestoreStorageClass": version?.storageClass ?? "GLACIER"]]
        }
        if let (member, value) = event.data?.member { record[member] = value }
        return record
    }

    /// "Event message structure": the key is URL-encoded as in a form (a space is `+`); slashes stay.
    static func encodedKey(_ key: String) -> String {
        FormEncoding.percentEncode(key, keepSlash: true).replacingOccurrences(of: "%20", with: "+")
    }

    /// Sequencers order the events of one key: later events have greater ones (compared as hex strings).
    static func sequencer(_ now: Date, offset: Int = 0) -> String {
        let nanoseconds = UInt64(max(0, now.timeIntervalSince1970) * 1_000_000_000) + UInt64(max(0, offset))
        let hex = String(nanoseconds, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}

/// Whether any bucket of this server may have a configuration of one kind (notifications, replication), so that the
/// writes of the usual server, which has none, do not look their bucket up again to find out: unknown until the first
/// request that would act on one looks at every bucket once, then only set by the configuration's Put. One per
/// provider and kind, so per server and store; a configuration removed later leaves it set, which costs that lookup
/// and no more.
final class ConfigurationIndex: Sendable {
    private enum State: Int { case unknown, none, some }

    /// Whether a bucket has the configuration.
    let holds: @Sendable (S3Bucket) -> Bool
    private let state = Atomic<Int>(State.unknown.rawValue)

    /// An index of the buckets with the configuration kept under `key` in `S3Bucket.configurations`.
    convenience init(key: String) {
        self.init { $0[configuration: key] != nil }
    }

    init(holds: @escaping @Sendable (S3Bucket) -> Bool) {
        self.holds = holds
    }

    func mayApply(_ context: RequestContext) -> Bool {
        switch State(rawValue: state.load(ordering: .acquiring)) {
        case .none?: return false
        case .some?: return true
        default:
            let some = context.store.read { view in
                view.all(S3Bucket.self, in: S3Partitions.buckets).values.contains(where: holds)
            }
            // A configuration put meanwhile has set `some`; the scan never lowers it.
            _ = state.compareExchange(expected: State.unknown.rawValue, desired: (some ? State.some : State.none).rawValue, ordering: .acquiringAndReleasing)
            return state.load(ordering: .acquiring) == State.some.rawValue
        }
    }

    /// Called before a configuration is stored, so that no request after it is missed.
    func configurationPut() {
        state.store(State.some.rawValue, ordering: .releasing)
    }
}
