import AWSWire
import NimbusCore

/// PutBucketAccelerateConfiguration and GetBucketAccelerateConfiguration ("Configuring fast, secure file transfers
/// using Amazon S3 Transfer Acceleration"), kept in `configurations["AccelerateStatus"]`. Nimbus has no accelerate
/// endpoint: the status is only reported.
enum BucketAccelerate {
    static let key = "AccelerateStatus"

    static let put: OperationHandler = { input, context in
        // "Requirements for using Transfer Acceleration": the bucket name must be DNS-compliant and must not contain
        // periods (S3's words as LocalStack recorded them from AWS), checked before the document.
        if (input["Bucket"]?.string ?? "").contains(".") {
            _ = try S3Lookup.bucket(input, context)
            throw S3Errors.invalidRequest("S3 Transfer Acceleration is not supported for buckets with periods (.) in their names")
        }
        let status = input["AccelerateConfiguration"]?["Status"]?.string
        guard let status, status == "Enabled" || status == "Suspended" else { throw S3Errors.malformedXML() }
        try BucketSubresources.update(input, context) { $0[configuration: key] = .string(status) }
        return [:]
    }

    /// A bucket that never set it answers no Status ("GetBucketAccelerateConfiguration").
    static let get: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        guard case .string(let status)? = bucket[configuration: key] else { return [:] }
        return ["Status": .string(status)]
    }
}

/// PutBucketRequestPayment and GetBucketRequestPayment ("Using Requester Pays buckets for storage transfers and
/// usage"), kept in `configurations["Payer"]`. Nobody is billed: the setting is only reported.
enum BucketRequestPayment {
    static let key = "Payer"
    static let payers: Set<String> = ["BucketOwner", "Requester"]

    static let put: OperationHandler = { input, context in
        guard let payer = input["RequestPaymentConfiguration"]?["Payer"]?.string, payers.contains(payer) else { throw S3Errors.malformedXML() }
        // The owner paying is the default, so it is not kept.
        try BucketSubresources.update(input, context) { $0[configuration: key] = payer == "BucketOwner" ? nil : .string(payer) }
        return [:]
    }

    /// "GetBucketRequestPayment": the owner pays unless Requester Pays was turned on.
    static let get: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        guard case .string(let payer)? = bucket[configuration: key] else { return ["Payer": "BucketOwner"] }
        return ["Payer": .string(payer)]
    }
}
