import AWSWire
import NimbusCore
import State

/// PutBucketLogging and GetBucketLogging ("Logging requests with server access logging", "Enabling Amazon S3 server
/// access logging", "Troubleshoot server access logging"), kept in `configurations["LoggingEnabled"]`. Nimbus
/// records where logs would go but delivers none: no log object is ever written to the target bucket.
enum BucketLogging {
    static let key = "LoggingEnabled"

    /// An empty BucketLoggingStatus turns logging off ("PutBucketLogging").
    static let put: OperationHandler = { input, context in
        guard let enabled = input["BucketLoggingStatus"]?["LoggingEnabled"] else {
            try BucketSubresources.update(input, context) { $0[configuration: key] = nil }
            return [:]
        }
        let name = input["Bucket"]?.string ?? ""
        // The target is looked up in the same transaction (the store's lock is not re-entrant).
        try context.store.write { tx in
            var bucket = try S3Lookup.requireBucket(name, in: tx)
            try check(enabled, source: bucket, target: tx.get(S3Bucket.self, enabled["TargetBucket"]?.string ?? "", in: S3Partitions.buckets))
            bucket[configuration: key] = StoredValue(enabled)
            tx.put(bucket, id: name, in: S3Partitions.buckets)
        }
        return [:]
    }

    /// A bucket without logging answers an empty status.
    static let get: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        return .structure(["LoggingEnabled": bucket[configuration: key]?.value])
    }

    /// The target bucket exists, belongs to the source bucket's owner and lives in its Region ("Troubleshoot server
    /// access logging": "The owner for the bucket to be logged and the target bucket must be the same", "Cross S3
    /// location logging not allowed"); grants need ACLs on the target ("TargetGrant": "Buckets that use the bucket
    /// owner enforced setting for Object Ownership don't support target grants").
    static func check(_ enabled: AWSValue, source: S3Bucket, target: S3Bucket?) throws {
        let targetName = enabled["TargetBucket"]?.string ?? ""
        guard let target else {
            throw AWSError("InvalidTargetBucketForLogging", "The target bucket for logging does not exist", status: 400,
                           fields: [("TargetBucket", targetName)])
        }
        guard target.owner == source.owner else {
            throw AWSError("InvalidTargetBucketForLogging", "The owner for the bucket to be logged and the target bucket must be the same.",
                           status: 400, fields: [("TargetBucket", targetName)])
        }
        guard target.region == source.region else {
            // S3 names the source's Region too, except for a source in us-east-1 (LocalStack's AWS-recorded answers).
            var fields = [("TargetBucketLocation", target.region)]
            if source.region != "us-east-1" { fields.insert(("SourceBucketLocation", source.region), at: 0) }
            throw AWSError("CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed. ", status: 403, fields: fields)
        }
        if !(enabled["TargetGrants"]?.list ?? []).isEmpty, OwnershipControls.setting(of: target) == "BucketOwnerEnforced" {
            throw AWSError("AccessControlListNotSupported", "Target grants not allowed for bucket owner enforced buckets", status: 400)
        }
    }
}
