import AWSWire
import NimbusCore

/// Bucket tagging (PutBucketTagging, GetBucketTagging, DeleteBucketTagging) and object tagging (PutObjectTagging,
/// GetObjectTagging, DeleteObjectTagging), with "Categorizing your storage using tags" and "Using cost allocation
/// S3 bucket tags" for the rules.
enum Tagging {
    /// "Using cost allocation S3 bucket tags": up to 50 tags on a bucket.
    static let maximumBucketTags = 50

    /// The request's TagSet; a body without one does not match the schema.
    static func tagSet(_ input: AWSValue) throws -> [S3Tag] {
        guard let tags = input["Tagging"]?["TagSet"]?.list else { throw S3Errors.malformedXML() }
        return tags.map { S3Tag(key: $0["Key"]?.string ?? "", value: $0["Value"]?.string ?? "") }
    }

    static func output(_ tags: [S3Tag]) -> AWSValue {
        .list(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }

    /// "aws:" keys are AWS's own ("User-defined tag restrictions").
    static func checkReserved(_ tags: [S3Tag]) throws {
        if let reserved = tags.first(where: { $0.key.lowercased().hasPrefix("aws:") }) {
            throw S3Errors.invalidTag("System tags cannot be added/updated by requester", key: reserved.key)
        }
    }

    static func checkBucketTags(_ tags: [S3Tag]) throws {
        guard tags.count <= maximumBucketTags else { throw S3Errors.invalidTag("Bucket tag count cannot be greater than \(maximumBucketTags)") }
        guard Set(tags.map(\.key)).count == tags.count else { throw S3Errors.invalidTag("Cannot provide multiple Tags with the same key") }
        for tag in tags {
            guard !tag.key.isEmpty, tag.key.count <= 128 else { throw S3Errors.invalidTag("The TagKey you have provided is invalid", key: tag.key) }
            guard tag.value.count <= 256 else { throw S3Errors.invalidTag("The TagValue you have provided is invalid", key: tag.key) }
        }
        try checkReserved(tags)
    }

    static let putBucket: OperationHandler = { input, context in
        let tags = try tagSet(input)
        try checkBucketTags(tags)
        try BucketSubresources.update(input, context) { $0.tags = tags }
        return [:]
    }

    static let getBucket: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        guard let tags = bucket.tags, !tags.isEmpty else { throw S3Errors.missing("NoSuchTagSet", "The TagSet does not exist", bucket: bucket.name) }
        return ["TagSet": output(tags)]
    }

    static let deleteBucket: OperationHandler = { input, context in
        try BucketSubresources.update(input, context) { $0.tags = nil }
        return [:]
    }

    /// At most 10 tags on an object version, the same key rules (`ObjectAttributes.checkTags`).
    static let putObject: OperationHandler = { input, context in
        let tags = try tagSet(input)
        try ObjectAttributes.checkTags(tags)
        try checkReserved(tags)
        let versionId = try ObjectSubresources.update(input, context, method: "PUT") { version, bucket in
            version.tags = tags.isEmpty ? nil : tags
            return ObjectSubresources.versionOutput(version, bucket: bucket)
        }
        return .structure(["VersionId": versionId])
    }

    /// An untagged object answers an empty TagSet, not an error.
    static let getObject: OperationHandler = { input, context in
        let resolved = try ObjectSubresources.read(input, context, method: "GET")
        return .structure(["TagSet": output(resolved.version.tags ?? []),
                           "VersionId": ObjectSubresources.versionOutput(resolved.version, bucket: resolved.bucket)])
    }

    static let deleteObject: OperationHandler = { input, context in
        let versionId = try ObjectSubresources.update(input, context, method: "DELETE") { version, bucket in
            version.tags = nil
            return ObjectSubresources.versionOutput(version, bucket: bucket)
        }
        return .structure(["VersionId": versionId])
    }
}
