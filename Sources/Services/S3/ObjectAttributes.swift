import AWSWire
import Foundation
import NimbusCore

/// What a write says about the object besides its body, and how Get and Head report it.
enum ObjectAttributes {
    /// The model's names of the content headers S3 stores and returns as given.
    static let contentHeaders = ["CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "WebsiteRedirectLocation"]

    /// "Amazon S3 storage classes".
    static let storageClasses: Set<String> = ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
                                              "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE"]

    /// A version without body from a PutObject, CreateMultipartUpload or CopyObject (REPLACE) input.
    static func template(_ input: AWSValue, _ context: RequestContext) throws -> ObjectVersion {
        var headers: [String: String] = [:]
        for name in contentHeaders { if let value = input[name]?.string { headers[name] = value } }
        if let storageClass = input["StorageClass"]?.string, !storageClasses.contains(storageClass) {
            throw AWSError("InvalidStorageClass", "The storage class you specified is not valid", status: 400, fields: [("StorageClassRequested", storageClass)])
        }
        var metadata: [String: String] = [:]
        for (name, value) in input["Metadata"]?.object ?? [:] { metadata[name.lowercased()] = value.string ?? "" }
        return ObjectVersion(
            versionId: "null", isDeleteMarker: false, body: nil, size: 0, etag: "", lastModified: context.now, owner: context.account,
            contentType: input["ContentType"]?.string ?? "binary/octet-stream",
            headers: headers.isEmpty ? nil : headers, metadata: metadata.isEmpty ? nil : metadata, expires: input["Expires"]?.date,
            storageClass: input["StorageClass"]?.string, checksums: nil, checksumType: nil,
            tags: try input["Tagging"]?.string.map(tagSet), partsCount: nil,
            serverSideEncryption: input["ServerSideEncryption"]?.string ?? "AES256", acl: input["ACL"]?.string)
    }

    /// `x-amz-tagging`: a URL-encoded query string of tags ("Categorizing your storage using tags": at most 10
    /// tags, keys up to 128 characters, values up to 256, keys unique).
    static func tagSet(_ text: String) throws -> [S3Tag] {
        let tags = FormEncoding.decodePairs(text).map { S3Tag(key: $0.key, value: $0.value) }
        try checkTags(tags)
        return tags
    }

    static func checkTags(_ tags: [S3Tag]) throws {
        guard tags.count <= 10 else { throw AWSError("BadRequest", "Object tags cannot be greater than 10", status: 400) }
        guard Set(tags.map(\.key)).count == tags.count else {
            throw AWSError("InvalidTag", "Cannot provide multiple Tags with the same key", status: 400)
        }
        for tag in tags where tag.key.isEmpty || tag.key.count > 128 || tag.value.count > 256 {
            throw AWSError("InvalidTag", "The TagKey you have provided is invalid", status: 400, fields: [("TagKey", tag.key)])
        }
    }

    /// The members GetObject and HeadObject return for a version.
    static func output(_ version: ObjectVersion, bucket: S3Bucket, input: AWSValue) -> [String: AWSValue] {
        var output: [String: AWSValue] = [
            "LastModified": .timestamp(version.lastModified),
            "ContentLength": .integer(version.size),
            "ETag": .string(version.quotedETag),
            "ContentType": .string(version.contentType ?? "binary/octet-stream"),
            "AcceptRanges": "bytes",
        ]
        if bucket.versioning != nil { output["VersionId"] = .string(version.versionId) }
        for (name, value) in version.headers ?? [:] { output[name] = .string(value) }
        if let expires = version.expires { output["Expires"] = .timestamp(expires) }
        if let metadata = version.metadata, !metadata.isEmpty { output["Metadata"] = .object(metadata.mapValues(AWSValue.string)) }
        if let storageClass = version.storageClass, storageClass != "STANDARD" { output["StorageClass"] = .string(storageClass) }
        if let sse = version.serverSideEncryption { output["ServerSideEncryption"] = .string(sse) }
        if let count = version.partsCount { output["PartsCount"] = .int(count) }
        if let tags = version.tags, !tags.isEmpty { output["TagCount"] = .int(tags.count) }
        // Checksums are returned only when asked for ("GetObject": x-amz-checksum-mode).
        if input["ChecksumMode"]?.string == "ENABLED" {
            for (algorithm, value) in version.checksums ?? [:] { output["Checksum\(algorithm)"] = .string(value) }
            if let type = version.checksumType { output["ChecksumType"] = .string(type) }
        }
        // response-* query parameters override the stored headers ("GetObject": Overriding response header values).
        for (parameter, member) in [("ResponseContentType", "ContentType"), ("ResponseContentLanguage", "ContentLanguage"),
                                    ("ResponseContentDisposition", "ContentDisposition"), ("ResponseContentEncoding", "ContentEncoding"),
                                    ("ResponseCacheControl", "CacheControl")] {
            if let value = input[parameter]?.string { output[member] = .string(value) }
        }
        if let expires = input["ResponseExpires"]?.date { output["Expires"] = .timestamp(expires) }
        return output
    }
}
