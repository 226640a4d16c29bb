import AWSWire
import NimbusCore

/// Reads of subresources Nimbus does not configure, answered as AWS answers a bucket that never set them, so
/// the calls tools make (`aws s3api get-bucket-*`, Terraform's bucket refresh) work.
enum BucketDefaults {
    /// "GetBucketRequestPayment": the owner pays unless Requester Pays was turned on.
    static let requestPayment: OperationHandler = { input, context in
        _ = try S3Lookup.bucket(input, context)
        return ["Payer": "BucketOwner"]
    }

    /// Transfer Acceleration, logging and notifications never configured: an empty configuration.
    static let empty: OperationHandler = { input, context in
        _ = try S3Lookup.bucket(input, context)
        return [:]
    }
}
