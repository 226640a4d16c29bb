import AWSWire
import NimbusCore

/// PutBucketVersioning and GetBucketVersioning (Amazon S3 API Reference; "Using versioning in S3 buckets").
enum BucketVersioning {
    static let put: OperationHandler = { input, context in
        let configuration = input["VersioningConfiguration"]
        // A configuration without Status is refused as such; a Status other than the two words is MalformedXML
        // (AWS-verified recording: LocalStack test_bucket_versioning_crud, put-versioning-empty and -disabled).
        guard let status = configuration?["Status"]?.string else {
            throw AWSError("IllegalVersioningConfigurationException", "The Versioning element must be specified", status: 400)
        }
        guard status == "Enabled" || status == "Suspended" else { throw S3Errors.malformedXML() }
        let mfaDelete = configuration?["MFADelete"]?.string
        if let mfaDelete, mfaDelete != "Enabled", mfaDelete != "Disabled" { throw S3Errors.malformedXML() }
        try BucketSubresources.update(input, context) { bucket in
            // "Using S3 Object Lock": a bucket with Object Lock keeps versioning on.
            if bucket.objectLockEnabled == true, status == "Suspended" {
                throw AWSError("InvalidBucketState", "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.",
                               status: 409)
            }
            // "Replicating objects": versioning stays on while a replication configuration needs it.
            if status == "Suspended", bucket[configuration: Replication.configurationKey] != nil {
                throw AWSError("InvalidBucketState", "A replication configuration is present on this bucket, so you cannot change the versioning state. "
                               + "To change the versioning state, first delete the replication configuration.", status: 409)
            }
            bucket.versioning = status
            if let mfaDelete { bucket.mfaDelete = mfaDelete }
        }
        return [:]
    }

    /// A bucket that was never versioned answers no Status at all.
    static let get: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        return .structure(["Status": bucket.versioning.map(AWSValue.string), "MFADelete": bucket.mfaDelete.map(AWSValue.string)])
    }
}
