import AWSWire
import NimbusCore

/// PutBucketEncryption, GetBucketEncryption, DeleteBucketEncryption ("Setting default server-side encryption
/// behavior for Amazon S3 buckets"), kept in `configurations["ServerSideEncryptionConfiguration"]`. Every bucket
/// encrypts with SSE-S3 when nothing else is set, so Get answers that and Delete returns to it.
enum BucketEncryption {
    static let key = "ServerSideEncryptionConfiguration"
    static let algorithms: Set<String> = ["AES256", "aws:kms", "aws:kms:dsse"]

    static let defaultConfiguration: AWSValue = [
        "Rules": [["ApplyServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"], "BucketKeyEnabled": false]],
    ]

    static let stored = BucketSubresources.Stored(
        key: key, member: key, wrapped: true,
        missingCode: "ServerSideEncryptionConfigurationNotFoundError", missingMessage: "The server side encryption configuration was not found",
        prepare: { document, _, _ in
            let rules = document["Rules"]?.list ?? []
            guard rules.count == 1, let rule = rules.first, let byDefault = rule["ApplyServerSideEncryptionByDefault"],
                  let algorithm = byDefault["SSEAlgorithm"]?.string, algorithms.contains(algorithm) else { throw S3Errors.malformedXML() }
            if let keyId = byDefault["KMSMasterKeyID"]?.string, algorithm == "AES256" {
                throw S3Errors.invalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
                                               name: "ApplyServerSideEncryptionByDefault", value: keyId)
            }
            return document
        })

    static let get: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        return [key: bucket[configuration: key]?.value ?? defaultConfiguration]
    }
}
