import AWSWire
import NimbusCore

/// Put/Get/Delete/ListBucketInventoryConfigurations ("PutBucketInventoryConfiguration", "InventoryConfiguration",
/// "Cataloging and analyzing your data with S3 Inventory"), kept by Id in `configurations["InventoryConfigurations"]`.
/// No inventory is produced. S3 does not check that the destination bucket exists, only that it is named by an ARN.
enum BucketInventory {
    static let formats: Set<String> = ["CSV", "ORC", "Parquet"]
    static let frequencies: Set<String> = ["Daily", "Weekly"]
    static let versions: Set<String> = ["All", "Current"]
    /// "InventoryConfiguration", OptionalFields: the valid values.
    static let optionalFields: Set<String> = [
        "Size", "LastModifiedDate", "StorageClass", "ETag", "IsMultipartUploaded", "ReplicationStatus", "EncryptionStatus",
        "ObjectLockRetainUntilDate", "ObjectLockMode", "ObjectLockLegalHoldStatus", "IntelligentTieringAccessTier", "BucketKeyStatus",
        "ChecksumAlgorithm", "ObjectAccessControlList", "ObjectOwner", "LifecycleExpirationDate",
    ]

    static let keyed = BucketSubresources.KeyedById(
        key: "InventoryConfigurations", member: "InventoryConfiguration", listMember: "InventoryConfigurationList",
        // S3 has a code of its own for this one (LocalStack's AWS-recorded validation: schema, then Id, then destination).
        idMismatch: AWSError("IdMismatch", "Document ID does not match the specified configuration ID.", status: 400),
        checkDocument: checkDocument,
        checkReferences: { document in
            let bucket = document["Destination"]?["S3BucketDestination"]?["Bucket"]?.string ?? ""
            guard let arn = ARN(bucket), arn.service == "s3", !arn.resource.isEmpty else {
                throw AWSError("InvalidS3DestinationBucket", "Invalid bucket ARN.", status: 400)
            }
        })

    /// The required members are there (the wire checks that); their values must be among S3's, or the document
    /// does not match the schema.
    static func checkDocument(_ document: AWSValue) throws {
        let destination = document["Destination"]?["S3BucketDestination"]
        guard formats.contains(destination?["Format"]?.string ?? ""),
              frequencies.contains(document["Schedule"]?["Frequency"]?.string ?? ""),
              versions.contains(document["IncludedObjectVersions"]?.string ?? ""),
              (document["OptionalFields"]?.strings ?? []).allSatisfy(optionalFields.contains) else { throw S3Errors.malformedXML() }
        // "InventoryEncryption": SSE-S3 or SSE-KMS, not both.
        if let encryption = destination?["Encryption"], encryption["SSES3"] != nil, encryption["SSEKMS"] != nil { throw S3Errors.malformedXML() }
    }
}
