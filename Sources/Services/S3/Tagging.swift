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

    /// "User-defined tag restrictions" and "Categorizing your storage using tags": at most `limit` tags, keys unique,
    /// 1 to 128 characters, values up to 256, both of letters, digits, spaces and `_ . : / = + - @`; "aws:" keys
    /// are AWS's own. Too many tags is `BadRequest`, every other fault `InvalidTag`, naming the tag as the AWS-verified
    /// recordings of `test_tagging_validation` show (LocalStack's snapshots).
    static func check(_ tags: [S3Tag], limit: Int, tooMany: String, reservedKey: String = "System tags cannot be added/updated by requester") throws {
        guard tags.count <= limit else { throw AWSError("BadRequest", tooMany, status: 400) }
        var seen = Set<String>()
        if let repeated = tags.first(where: { !seen.insert($0.key).inserted }) {
            throw S3Errors.invalidTag("Cannot provide multiple Tags with the same key", key: repeated.key)
        }
        for tag in tags {
            guard !tag.key.isEmpty, tag.key.count <= 128, allowed(tag.key) else {
                throw S3Errors.invalidTag("The TagKey you have provided is invalid", key: tag.key)
            }
            guard tag.value.count <= 256, allowed(tag.value) else {
                throw AWSError("InvalidTag", "The TagValue you have provided is invalid", status: 400,
                               fields: [("TagKey", tag.key), ("TagValue", tag.value)])
            }
        }
        if let reserved = tags.first(where: { $0.key.lowercased().hasPrefix("aws:") }) {
            throw S3Errors.invalidTag(reservedKey, key: reserved.key)
        }
    }

    static func checkObjectTags(_ tags: [S3Tag]) throws {
        try check(tags, limit: 10, tooMany: "Object tags cannot be greater than 10", reservedKey: "Your TagKey cannot be prefixed with aws:")
    }

    /// S3's pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`.
    static func allowed(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .spaceSeparator, .lineSeparator, .paragraphSeparator, .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return "_.:/=+-@".unicodeScalars.contains(scalar)
            }
        }
    }

    static let putBucket: OperationHandler = { input, context in
        let tags = try tagSet(input)
        try check(tags, limit: maximumBucketTags, tooMany: "Bucket tag count cannot be greater than \(maximumBucketTags)")
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

    /// At most 10 tags on an object version, the same key rules.
    static let putObject: OperationHandler = { input, context in
        let tags = try tagSet(input)
        try checkObjectTags(tags)
        let versionId = try ObjectSubresources.update(input, context, method: "PUT", markerRefuses: true) { version, bucket in
            version.tags = tags.isEmpty ? nil : tags
            return ObjectSubresources.versionOutput(version, bucket: bucket)
        }
        return .structure(["VersionId": versionId])
    }

    /// An untagged object answers an empty TagSet, not an error.
    static let getObject: OperationHandler = { input, context in
        let resolved = try ObjectSubresources.read(input, context, method: "GET", markerRefuses: true)
        return .structure(["TagSet": output(resolved.version.tags ?? []),
                           "VersionId": ObjectSubresources.versionOutput(resolved.version, bucket: resolved.bucket)])
    }

    static let deleteObject: OperationHandler = { input, context in
        let versionId = try ObjectSubresources.update(input, context, method: "DELETE", markerRefuses: true) { version, bucket in
            version.tags = nil
            return ObjectSubresources.versionOutput(version, bucket: bucket)
        }
        return .structure(["VersionId": versionId])
    }
}
