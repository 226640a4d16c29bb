import AWSWire
import NimbusCore
import State

/// Amazon S3: buckets, objects (bodies streamed to and from files), versions, multipart uploads, bucket policies.
public struct S3Provider: ServiceProvider, PerResourceAuthorizing {
    public init() {}

    let notificationIndex = NotificationIndex()

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
        let index = notificationIndex
        return all.mapValues { handler in
            { input, context in
                try S3Lookup.checkExpectedOwners(input, context)
                if context.operation == "PutBucketNotificationConfiguration" { index.configurationPut() }
                let output = try await handler(input, context)
                EventNotifications.publish(operation: context.operation, input: input, output: output, index: index, context: context)
                return output
            }
        }
    }
}
