import AWSWire
import NimbusCore

/// PutBucketReplication, GetBucketReplication, DeleteBucketReplication ("Replicating objects within and across
/// Regions", "Requirements and considerations for replication"), kept in `configurations["ReplicationConfiguration"]`.
/// `Replication` carries it out.
enum BucketReplication {
    static let stored = BucketSubresources.Stored(
        key: "ReplicationConfiguration", member: "ReplicationConfiguration", wrapped: true,
        missingCode: "ReplicationConfigurationNotFoundError", missingMessage: "The replication configuration was not found",
        prepare: { document, input, context in
            // "Requirements and considerations for replication": both the source and the destination buckets have
            // versioning enabled (S3's words as LocalStack recorded them from AWS).
            guard try S3Lookup.bucket(input, context).versioningEnabled else {
                throw S3Errors.invalidRequest("Versioning must be 'Enabled' on the bucket to apply a replication configuration")
            }
            var rules = document["Rules"]?.list ?? []
            try ReplicationRules.check(rules)
            let destinations = Set(rules.compactMap { $0["Destination"]?["Bucket"]?.string })
            // A bucket cannot replicate into itself (the answer S3-compatible stores record, in S3's words).
            if let source = input["Bucket"]?.string, destinations.contains(S3ARN.bucket(source)) {
                throw S3Errors.invalidRequest("Destination bucket cannot be the same as the source bucket.")
            }
            let unversioned = context.store.read { view in
                destinations.contains { arn in S3ARN.bucketName(arn).flatMap { S3Lookup.bucket($0, in: view) }?.versioningEnabled != true }
            }
            // S3 answers a destination that does not exist as one that is not versioned (LocalStack's AWS-recorded note).
            if unversioned { throw S3Errors.invalidRequest("Destination bucket must have versioning enabled.") }
            // A rule sent without an ID gets one, as lifecycle rules do.
            for index in rules.indices where rules[index]["ID"]?.string == nil {
                guard var members = rules[index].object else { continue }
                members["ID"] = .string(Base64.encode(Array(context.ids.uuid().lowercased().utf8)))
                rules[index] = .object(members)
            }
            var kept = document.object ?? [:]
            kept["Rules"] = .list(rules)
            return .object(kept)
        })
}
