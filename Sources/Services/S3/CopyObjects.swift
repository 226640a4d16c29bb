import AWSWire
import Foundation
import NimbusCore
import State

/// CopyObject and the copy source that it and UploadPartCopy name ("CopyObject", "UploadPartCopy").
enum CopyObjects {
    /// The largest object a single copy takes ("Copying objects": up to 5 GB; larger needs UploadPartCopy).
    static let maxCopySize: Int64 = 5 << 30

    struct Source {
        var bucket: String
        var key: String
        var versionId: String?
    }

    /// `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=...`.
    static func parseSource(_ text: String?) throws -> Source {
        guard var text, !text.isEmpty else {
            throw S3Errors.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", name: "x-amz-copy-source", value: "")
        }
        var versionId: String?
        if let question = text.range(of: "?versionId=") {
            versionId = FormEncoding.percentDecode(String(text[question.upperBound...]))
            text = String(text[..<question.lowerBound])
        }
        let decoded = FormEncoding.percentDecode(text.hasPrefix("/") ? String(text.dropFirst()) : text)
        guard let slash = decoded.firstIndex(of: "/"), slash != decoded.startIndex, decoded.index(after: slash) != decoded.endIndex else {
            throw S3Errors.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", name: "x-amz-copy-source", value: text)
        }
        return Source(bucket: String(decoded[..<slash]), key: String(decoded[decoded.index(after: slash)...]), versionId: versionId)
    }

    /// The source version, after its `x-amz-copy-source-if-*` conditions (which answer 412 when they fail).
    static func resolveSource(_ input: AWSValue, _ context: RequestContext) throws -> (Source, Objects.Resolved) {
        let source = try parseSource(input["CopySource"]?.string)
        let resolved = try Objects.resolve(bucket: source.bucket, key: source.key, versionId: source.versionId, context: context, method: "GET")
        try ArchivedObjects.checkCopySource(resolved.version, at: context.now)
        var conditions = ObjectConditions.read(input, prefix: "CopySource")
        // A modification date later than S3's clock is ignored, as RFC 2616 §14.25 has it (AWS-verified recording:
        // LocalStack test_s3_copy_object_preconditions, copy-ignore-future-modified-since).
        if let since = conditions.ifModifiedSince, since > context.now { conditions.ifModifiedSince = nil }
        try ObjectConditions.check(conditions, etag: resolved.version.etag, lastModified: resolved.version.lastModified,
                                   notModifiedIsFailure: true, headerPrefix: "x-amz-copy-source-")
        return (source, resolved)
    }

    static let copy: OperationHandler = { input, context in
        let destination = try S3Lookup.bucket(input, context)
        let key = input["Key"]?.string ?? ""
        try Objects.checkKey(key)
        let (source, resolved) = try resolveSource(input, context)
        let original = resolved.version
        guard original.size <= maxCopySize else {
            throw S3Errors.invalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: \(maxCopySize)")
        }
        // "CopyObject": the directives are COPY or REPLACE; S3 refuses any other word rather than guess.
        for (member, message) in [("MetadataDirective", "Unknown metadata directive."), ("TaggingDirective", "Unknown tagging directive.")] {
            if let value = input[member]?.string, value != "COPY", value != "REPLACE" {
                throw S3Errors.invalidArgument(message, name: member == "MetadataDirective" ? "x-amz-metadata-directive" : "x-amz-tagging-directive",
                                               value: value)
            }
        }
        let replaceMetadata = input["MetadataDirective"]?.string == "REPLACE"
        // A copy onto itself re-encrypts when the bucket has a default encryption of its own, or when the source is
        // not under SSE-S3, which a copy asking for nothing gets: S3 counts either as a change (AWS-verified
        // recordings: LocalStack test_copy_in_place_with_bucket_encryption, copy-obj;
        // test_s3_copy_object_in_place_with_encryption, copy-object-in-place-without-kms-sse).
        let reencrypts = destination[configuration: BucketEncryption.key] != nil || (original.serverSideEncryption ?? "AES256") != "AES256"
        let changesSomething = replaceMetadata || input["StorageClass"] != nil || input["WebsiteRedirectLocation"] != nil
            || input["ServerSideEncryption"] != nil || reencrypts
        if source.bucket == destination.name, source.key == key, source.versionId == nil, !changesSomething {
            throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
        }
        var version = try ObjectAttributes.template(input, context)
        if let acl = version.acl { try CannedACL.check(acl, bucket: destination, context) }
        if let grants = version.grants { try ExplicitGrants.check(grants, bucket: destination, context) }
        // "Copying objects": a copy takes the lock its own request asks for, never its source's.
        try ObjectLock.applyRequested(input, to: &version, bucket: destination, context: context)
        if !replaceMetadata {
            version.contentType = original.contentType
            version.headers = original.headers
            version.metadata = original.metadata
            version.expires = original.expires
        }
        if input["TaggingDirective"]?.string != "REPLACE" { version.tags = original.tags }
        let bodies = try ObjectBodies.of(context)
        try bodies.link(bodyOf: original, into: &version, ids: context.ids)
        version.size = original.size
        // Digests over a whole source are read from the disk off the cooperative threads.
        if original.etag.contains("-") {
            version.etag = SigV4.hex(try await BlockingIO.run { try bodies.md5(of: bodies.read(original)) })
        } else {
            version.etag = original.etag
        }
        // "CopyObject": x-amz-checksum-algorithm gives the copy that checksum, computed over its bytes; otherwise it
        // keeps its source's whole-object checksum.
        if let algorithm = try StatedDigests.algorithm(named: input["ChecksumAlgorithm"]?.string) {
            let digest = try await BlockingIO.run { try bodies.digest(of: original, with: RunningDigest(algorithm)) }
            version.checksums = [algorithm.rawValue: Base64.encode(digest)]
        } else {
            version.checksums = original.checksumType == "FULL_OBJECT" ? original.checksums : nil
        }
        version.checksumType = version.checksums == nil ? nil : "FULL_OBJECT"
        let versionId = try ObjectWrites.commit(version, bucket: destination.name, key: key, context: context, bodies: bodies)
        var result: [String: AWSValue] = ["ETag": .string(version.quotedETag), "LastModified": .timestamp(version.lastModified)]
        for (algorithm, value) in version.checksums ?? [:] { result["Checksum\(algorithm)"] = .string(value) }
        return .structure([
            "CopyObjectResult": .object(result),
            "VersionId": versionId.map(AWSValue.string),
            "CopySourceVersionId": resolved.bucket.versioning != nil ? .string(original.versionId) : nil,
            "ServerSideEncryption": .string(version.serverSideEncryption ?? "AES256"),
        ])
    }
}
