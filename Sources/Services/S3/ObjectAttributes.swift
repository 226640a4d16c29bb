import AWSWire
import Foundation
import NimbusCore

/// What a write says about the object besides its body, and how Get and Head report it.
enum ObjectAttributes {
    /// The model's names of the content headers S3 stores and returns as given.
    static let contentHeaders = ["CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "WebsiteRedirectLocation"]

    /// "Amazon S3 storage classes" of a general purpose bucket: OUTPOSTS, SNOW and EXPRESS_ONEZONE belong to other
    /// kinds of bucket and are InvalidStorageClass here (AWS-verified recording: LocalStack's snapshot
    /// `test_put_object_storage_class_outposts`).
    static let storageClasses: Set<String> = ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
                                              "DEEP_ARCHIVE", "GLACIER_IR"]

    /// A version without body from a PutObject, CreateMultipartUpload or CopyObject (REPLACE) input.
    static func template(_ input: AWSValue, _ context: RequestContext) throws -> ObjectVersion {
        var headers: [String: String] = [:]
        for name in contentHeaders { if let value = input[name]?.string { headers[name] = value } }
        headers["ContentEncoding"] = headers["ContentEncoding"].flatMap(storedContentEncoding)
        if let storageClass = input["StorageClass"]?.string, !storageClasses.contains(storageClass) {
            throw AWSError("InvalidStorageClass", "The storage class you specified is not valid", status: 400, fields: [("StorageClassRequested", storageClass)])
        }
        var metadata: [String: String] = [:]
        for (name, value) in input["Metadata"]?.object ?? [:] { metadata[name.lowercased()] = value.string ?? "" }
        let metadataSize = metadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        guard metadataSize <= maximumMetadataSize else {
            throw AWSError("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size", status: 400,
                           fields: [("Size", String(metadataSize)), ("MaxSizeAllowed", String(maximumMetadataSize))])
        }
        return ObjectVersion(
            versionId: "null", isDeleteMarker: false, body: nil, size: 0, etag: "", lastModified: context.now, owner: context.account,
            contentType: input["ContentType"]?.string ?? "binary/octet-stream",
            headers: headers.isEmpty ? nil : headers, metadata: metadata.isEmpty ? nil : metadata, expires: input["Expires"]?.date,
            storageClass: input["StorageClass"]?.string, checksums: nil, checksumType: nil,
            tags: try input["Tagging"]?.string.map(tagSet), partsCount: nil,
            serverSideEncryption: input["ServerSideEncryption"]?.string ?? "AES256", acl: input["ACL"]?.string, grants: try ExplicitGrants.fromHeaders(input))
    }

    /// `x-amz-tagging`: a URL-encoded query string of tags, under the rules of PutObjectTagging. A header that repeats
    /// a key or does not decode to tags S3 allows is the header's own InvalidArgument (AWS-verified recordings:
    /// LocalStack's `put-obj-duplicate-tagging`, `put-obj-wrong-format`).
    static func tagSet(_ text: String) throws -> [S3Tag] {
        let tags = FormEncoding.decodePairs(text).map { S3Tag(key: $0.key, value: $0.value) }
        var seen = Set<String>()
        if tags.contains(where: { !seen.insert($0.key).inserted || !Tagging.allowed($0.key) || !Tagging.allowed($0.value) }) {
            throw S3Errors.invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
                                           name: "x-amz-tagging", value: text)
        }
        try Tagging.checkObjectTags(tags)
        return tags
    }

    /// "Working with object metadata": user-defined metadata is at most 2 KB, counted as the UTF-8 bytes of every
    /// name and value.
    static let maximumMetadataSize = 2048

    /// `aws-chunked` describes how the request was framed, not the object: S3 drops it from the stored
    /// Content-Encoding and keeps any other coding ("Transferring payload in multiple chunks").
    static func storedContentEncoding(_ header: String) -> String? {
        let codings = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0.lowercased() != "aws-chunked" }
        return codings.isEmpty ? nil : codings.joined(separator: ",")
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
        if let status = version.replicationStatus { output["ReplicationStatus"] = .string(status) }
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
