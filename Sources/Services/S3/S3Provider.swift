import AWSWire
import NimbusCore
import State

/// Amazon S3: buckets, objects (bodies streamed to and from files), versions, multipart uploads, bucket policies.
public struct S3Provider: ServiceProvider, PerResourceAuthorizing {
    public init() {}

    let notificationIndex = ConfigurationIndex(key: BucketNotifications.key)
    let replicationIndex = ConfigurationIndex(key: Replication.configurationKey)
    /// Whether any bucket has Object Lock: until one does, reads do not ask who may see a version's lock.
    let objectLockIndex = ConfigurationIndex { $0.objectLockEnabled == true }

    /// DeleteObjects answers for each key: one the caller may not delete is an `AccessDenied` in its `Errors`.
    public func authorizesEachResource(operation: String) -> Bool {
        operation == "DeleteObjects"
    }

    public let serviceName = "s3"
    public var resourceTypes: [any Resource.Type] { [S3Bucket.self, S3ObjectEntry.self, S3MultipartUpload.self] }

    public var handlers: [String: OperationHandler] {
        var all: [String: OperationHandler] = [
            "CreateBucket": Buckets.create,
            "DeleteBucket": Buckets.delete,
            "HeadBucket": Buckets.head,
            "ListBuckets": Buckets.list,
            "GetBucketLocation": Buckets.location,
            "PutObject": Objects.put,
            "GetObject": Objects.get,
            "HeadObject": Objects.head,
            "GetObjectAttributes": ObjectAttributeReads.get,
            "DeleteObject": Objects.delete,
            "DeleteObjects": Objects.deleteMany,
            "ListObjectsV2": ObjectListing.listV2,
            "ListObjects": ObjectListing.listV1,
            "ListObjectVersions": ObjectListing.listVersions,
            "CopyObject": CopyObjects.copy,
            "CreateMultipartUpload": MultipartUploads.create,
            "UploadPart": MultipartUploads.uploadPart,
            "UploadPartCopy": MultipartUploads.uploadPartCopy,
            "ListParts": MultipartUploads.listParts,
            "CompleteMultipartUpload": MultipartUploads.complete,
            "AbortMultipartUpload": MultipartUploads.abort,
            "ListMultipartUploads": MultipartUploads.listUploads,
            "RestoreObject": ArchivedObjects.restore,
        ]
        all.merge(BucketConfigurations.handlers) { first, _ in first }
        all.merge(ObjectLockOperations.handlers) { first, _ in first }
        let notifications = notificationIndex
        let replication = replicationIndex
        let objectLock = objectLockIndex
        return all.mapValues { handler in
            { input, context in
                try S3Lookup.checkExpectedOwners(input, context)
                if context.operation == "PutBucketNotificationConfiguration" { notifications.configurationPut() }
                if context.operation == "PutBucketReplication" { replication.configurationPut() }
                if context.operation == "PutObjectLockConfiguration" || input["ObjectLockEnabledForBucket"]?.bool == true { objectLock.configurationPut() }
                var output = try await handler(input, context)
                if Self.answeredWithNoContent.contains(context.operation), case .object(var members) = output,
                   members[WireResponse.chosenStatusField] == nil {
                    members[WireResponse.chosenStatusField] = .int(204)
                    output = .object(members)
                }
                // The request's own events first: a replication failure it causes follows them (a later sequencer).
                EventNotifications.publish(operation: context.operation, input: input, output: output, index: notifications, context: context)
                Replication.replicate(operation: context.operation, input: input, output: output, index: replication, context: context)
                return output
            }
        }
    }

    /// Operations S3 answers 204 on success though the model names no code (AWS-verified recordings: LocalStack's
    /// snapshots of PutBucketTagging, PutBucketPolicy and PutBucketMetricsConfiguration).
    static let answeredWithNoContent: Set<String> = ["PutBucketTagging", "PutBucketPolicy", "PutBucketMetricsConfiguration"]
}
