import AWSWire
import NimbusCore

/// Block Public Access for one bucket ("PutPublicAccessBlock", "GetPublicAccessBlock", "DeletePublicAccessBlock";
/// "Blocking public access to your Amazon S3 storage"), kept in `configurations["PublicAccessBlockConfiguration"]`.
enum PublicAccessBlock {
    static let key = "PublicAccessBlockConfiguration"
    static let settings = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]

    /// A setting the request leaves out is false, and GetPublicAccessBlock shows all four.
    static let stored = BucketSubresources.Stored(
        key: key, member: key, wrapped: true,
        missingCode: "NoSuchPublicAccessBlockConfiguration", missingMessage: "The public access block configuration was not found",
        prepare: { document, _, _ in
            .object(Dictionary(uniqueKeysWithValues: settings.map { ($0, AWSValue.boolean(document[$0]?.bool ?? false)) }))
        })

    /// One setting as it applies to the bucket: on when the bucket's configuration or its owner's account-level
    /// one (`account`, from ``AccountPublicAccessBlock``) turns it on.
    static func setting(_ name: String, of bucket: S3Bucket, account: Set<String>) -> Bool {
        if account.contains(name) { return true }
        guard case .object(let members)? = bucket[configuration: key], case .boolean(let on)? = members[name] else { return false }
        return on
    }
}

/// Object Ownership ("PutBucketOwnershipControls", "GetBucketOwnershipControls", "DeleteBucketOwnershipControls";
/// "Controlling ownership of objects and disabling ACLs for your bucket"): one rule, kept as a string in
/// `configurations["ObjectOwnership"]`, where CreateBucket puts it.
enum OwnershipControls {
    static let key = "ObjectOwnership"
    static let values: Set<String> = ["BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"]

    /// The bucket's setting; nil after DeleteBucketOwnershipControls, when ACLs work as ObjectWriter.
    static func setting(of bucket: S3Bucket) -> String? {
        guard case .string(let value)? = bucket[configuration: key] else { return nil }
        return value
    }

    static let put: OperationHandler = { input, context in
        let rules = input["OwnershipControls"]?["Rules"]?.list ?? []
        guard rules.count == 1, let value = rules[0]["ObjectOwnership"]?.string, values.contains(value) else { throw S3Errors.malformedXML() }
        try BucketSubresources.update(input, context) { bucket in
            // ACLs must be back to the owner's alone before they can be turned off.
            let explicitGrants = ExplicitGrants.ofBucket(bucket).map { !ExplicitGrants.ownerOnly($0, owners: [bucket.owner]) } ?? false
            if value == "BucketOwnerEnforced", explicitGrants || CannedACL.bucketACL(of: bucket).map({ !CannedACL.ownerOnly.contains($0) }) == true {
                throw AWSError("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
                               status: 400)
            }
            bucket[configuration: key] = .string(value)
        }
        return [:]
    }

    static let get: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        guard let value = setting(of: bucket) else {
            throw S3Errors.missing("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", bucket: bucket.name)
        }
        return ["OwnershipControls": ["Rules": [["ObjectOwnership": .string(value)]]]]
    }

    static let delete: OperationHandler = { input, context in
        try BucketSubresources.update(input, context) { $0[configuration: key] = nil }
        return [:]
    }
}
