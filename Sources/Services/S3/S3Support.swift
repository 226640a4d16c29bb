import AWSWire
import Foundation
import NimbusCore
import State

/// Lookups every S3 handler shares.
enum S3Lookup {
    static func bucket(_ name: String, in view: StoreView) -> S3Bucket? {
        view.get(S3Bucket.self, name, in: S3Partitions.buckets)
    }

    static func bucket(_ input: AWSValue, _ context: RequestContext) throws -> S3Bucket {
        let name = input["Bucket"]?.string ?? ""
        guard let bucket = context.store.read({ bucket(name, in: $0) }) else { throw S3Errors.noSuchBucket(name) }
        return bucket
    }

    /// "Verifying bucket ownership with bucket owner condition": a request whose `x-amz-expected-bucket-owner`
    /// (or `x-amz-source-expected-bucket-owner`, for a copy's source) names another account is refused.
    static func checkExpectedOwners(_ input: AWSValue, _ context: RequestContext) throws {
        for (member, bucketName) in [("ExpectedBucketOwner", input["Bucket"]?.string),
                                     ("ExpectedSourceBucketOwner", try? CopyObjects.parseSource(input["CopySource"]?.string).bucket)] {
            guard let expected = input[member]?.string, let bucketName else { continue }
            let owner = context.store.read { bucket(bucketName, in: $0)?.owner }
            if let owner, owner != expected { throw AWSError("AccessDenied", "Access Denied", status: 403) }
        }
    }

    static func requireBucket(_ name: String, in tx: StoreTransaction) throws -> S3Bucket {
        guard let bucket = tx.get(S3Bucket.self, name, in: S3Partitions.buckets) else { throw S3Errors.noSuchBucket(name) }
        return bucket
    }
}

/// S3's owner identity: a 64-hex canonical user id per account (stable, derived from the account id).
enum S3Owner {
    static func canonicalId(_ account: String) -> String {
        CanonicalUser.id(of: account)
    }

    /// An Owner element: the canonical id alone. S3 stopped returning `DisplayName` on November 21, 2025 ("Owner",
    /// Amazon S3 API Reference: "End of support notice").
    static func value(_ account: String) -> AWSValue {
        ["ID": .string(canonicalId(account))]
    }

    /// An Initiator element ("ListParts": an account's is its Owner element; an IAM identity's names its ARN).
    static func initiator(_ upload: S3MultipartUpload) -> AWSValue {
        upload.initiatorArn.map { ["ID": .string($0)] } ?? value(upload.owner)
    }
}

extension ObjectVersion {
    var quotedETag: String { "\"\(etag)\"" }
}
