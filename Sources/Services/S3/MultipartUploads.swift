import AWSWire
import Foundation
import NimbusCore
import State

/// Multipart upload ("Uploading and copying objects using multipart upload"; limits from "Amazon S3 multipart
/// upload limits": parts 1 to 10,000, each at least 5 MiB except the last, at most 5 GiB).
enum MultipartUploads {
    static let minimumPartSize: Int64 = 5 << 20
    static let maximumPartSize: Int64 = 5 << 30

    static let create: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        let key = input["Key"]?.string ?? ""
        try Objects.checkKey(key)
        var template = try ObjectAttributes.template(input, context)
        if let acl = template.acl { try CannedACL.check(acl, bucket: bucket, context) }
        if let grants = template.grants { try ExplicitGrants.check(grants, bucket: bucket, context) }
        try ObjectLock.applyRequested(input, to: &template, bucket: bucket, context: context)
        let uploadId = context.ids.hex(32) + context.ids.hex(32)
        var upload = S3MultipartUpload(uploadId: uploadId, key: key, initiated: context.now, owner: context.account,
                                       initiatorArn: [.root, .anonymous].contains(context.principal.kind) ? nil : context.principal.arn, template: template,
                                       checksumAlgorithm: input["ChecksumAlgorithm"]?.string, parts: [:])
        upload.checksumType = try checksumType(input)
        try context.store.write { tx in
            _ = try S3Lookup.requireBucket(bucket.name, in: tx)
            upload.keyStateAtCreation = keyState(tx.get(S3ObjectEntry.self, key, in: S3Partitions.objects(bucket.name)))
            tx.put(upload, id: uploadId, in: S3Partitions.objects(bucket.name))
        }
        return .structure(["Bucket": .string(bucket.name), "Key": .string(key), "UploadId": .string(uploadId),
                           "ChecksumAlgorithm": input["ChecksumAlgorithm"], "ChecksumType": upload.checksumMode.map(AWSValue.string),
                           "ServerSideEncryption": .string(template.serverSideEncryption ?? "AES256")])
    }

    /// "CreateMultipartUpload" (x-amz-checksum-type): COMPOSITE or FULL_OBJECT, only with an algorithm; CRC64NVME is
    /// full-object only, SHA-1 and SHA-256 composite only ("Checking object integrity in Amazon S3"; the messages as S3's).
    static func checksumType(_ input: AWSValue) throws -> String? {
        _ = try StatedDigests.algorithm(named: input["ChecksumAlgorithm"]?.string)
        guard let type = input["ChecksumType"]?.string else { return nil }
        guard type == "COMPOSITE" || type == "FULL_OBJECT" else {
            throw AWSError("InvalidRequest", "Value for x-amz-checksum-type header is invalid.", status: 400)
        }
        guard let algorithm = input["ChecksumAlgorithm"]?.string else {
            throw AWSError("InvalidRequest", "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.", status: 400)
        }
        let combinable = algorithm != "SHA1" && algorithm != "SHA256"
        if type == "COMPOSITE" && algorithm == "CRC64NVME" || type == "FULL_OBJECT" && !combinable {
            throw AWSError("InvalidRequest", "The \(type) checksum type cannot be used with the \(algorithm.lowercased()) checksum algorithm.", status: 400)
        }
        return type
    }

    static func partNumber(_ input: AWSValue) throws -> Int {
        let number = input["PartNumber"]?.int ?? 0
        guard (1 ... 10000).contains(number) else {
            throw S3Errors.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", name: "partNumber", value: String(number))
        }
        return number
    }

    /// The upload named by the input, or NoSuchUpload.
    static func upload(_ input: AWSValue, _ context: RequestContext) throws -> S3MultipartUpload {
        let bucket = try S3Lookup.bucket(input, context)
        let uploadId = input["UploadId"]?.string ?? ""
        guard let upload = context.store.read({ $0.get(S3MultipartUpload.self, uploadId, in: S3Partitions.objects(bucket.name)) }),
              upload.key == input["Key"]?.string else { throw S3Errors.noSuchUpload(uploadId) }
        return upload
    }

    /// Records a part (replacing one of the same number) and removes the replaced part's body once committed.
    static func record(_ part: UploadedPart, number: Int, input: AWSValue, context: RequestContext, bodies: ObjectBodies) throws {
        let bucket = input["Bucket"]?.string ?? ""
        let uploadId = input["UploadId"]?.string ?? ""
        var replaced: [String] = []
        do {
            try context.store.write { tx in
                guard var upload = tx.get(S3MultipartUpload.self, uploadId, in: S3Partitions.objects(bucket)) else {
                    throw S3Errors.noSuchUpload(uploadId)
                }
                if let old = upload.parts[number] { replaced = [old.body] }
                upload.parts[number] = part
                tx.put(upload, id: uploadId, in: S3Partitions.objects(bucket))
            }
        } catch {
            bodies.remove([part.body])
            throw error
        }
        bodies.remove(replaced)
    }

    static let uploadPart: OperationHandler = { input, context in
        let number = try partNumber(input)
        let upload = try upload(input, context)
        // "UploadPart": Content-MD5 "is required if object lock parameters are specified" (a checksum does as well).
        try ObjectLock.checkIntegrity(input, version: upload.template, bucket: nil)
        let bodies = try ObjectBodies.of(context)
        let received = try await ReceivedBody.take(input, context, bodies: bodies, allowInline: false)
        guard let name = received.name else { throw S3Errors.internalError }
        let body = received
        guard body.size <= maximumPartSize else {
            bodies.remove([name])
            throw AWSError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", status: 400)
        }
        let checksums = Dictionary(uniqueKeysWithValues: body.checksums.map { ($0.key.rawValue, $0.value) })
        let part = UploadedPart(etag: body.etag, size: body.size, body: name, lastModified: context.now, checksums: checksums.isEmpty ? nil : checksums)
        try record(part, number: number, input: input, context: context, bodies: bodies)
        var output: [String: AWSValue] = ["ETag": .string("\"\(body.etag)\""), "ServerSideEncryption": "AES256"]
        for (algorithm, value) in checksums { output["Checksum\(algorithm)"] = .string(value) }
        return .object(output)
    }

    static let uploadPartCopy: OperationHandler = { input, context in
        let number = try partNumber(input)
        _ = try upload(input, context)
        let (_, resolved) = try CopyObjects.resolveSource(input, context)
        let size = resolved.version.size
        var offset: Int64 = 0
        var length = size
        if let rangeText = input["CopySourceRange"]?.string {
            // "UploadPartCopy": a well-formed range must lie inside the source. S3's two answers (LocalStack's AWS-verified
            // snapshots `upload-part-copy-range-exc-100-200` and `-0-100`): one starting past the end is InvalidRequest,
            // one ending past it InvalidArgument.
            let bounds = rangeText.hasPrefix("bytes=") ? rangeText.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false).map { Int64($0) } : []
            if bounds.count == 2, let first = bounds[0], let last = bounds[1], first <= last, last >= size {
                if first >= size {
                    throw AWSError("InvalidRequest", "The specified copy range is invalid for the source object size", status: 400)
                }
                throw S3Errors.invalidArgument("Range specified is not valid for source object of size: \(size)",
                                               name: "x-amz-copy-source-range", value: rangeText)
            }
            guard let range = try? ByteRange.resolve(rangeText, size: size), rangeText.contains("-"),
                  !rangeText.dropFirst(6).hasPrefix("-"), !rangeText.hasSuffix("-") else {
                throw S3Errors.invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
                                               name: "x-amz-copy-source-range", value: rangeText)
            }
            (offset, length) = range
        }
        let bodies = try ObjectBodies.of(context)
        let name: String
        let etag: String
        if let inline = resolved.version.inlineBody {
            let bytes = Array((Base64.decode(inline) ?? [])[Int(offset) ..< Int(offset + length)])
            name = try bodies.write(bytes, ids: context.ids)
            var digest = RunningDigest.md5()
            digest.update(bytes)
            etag = SigV4.hex(digest.finalize())
        } else {
            let body = try bodies.read(resolved.version, offset: offset, length: length)
            let ids = context.ids
            name = try await BlockingIO.run { try bodies.concatenate(body.slices, ids: ids) }
            etag = SigV4.hex(try bodies.md5(of: body))
        }
        let part = UploadedPart(etag: etag, size: length, body: name, lastModified: context.now, checksums: nil)
        try record(part, number: number, input: input, context: context, bodies: bodies)
        return .structure([
            "CopyPartResult": ["ETag": .string("\"\(etag)\""), "LastModified": .timestamp(context.now)],
            "CopySourceVersionId": resolved.bucket.versioning != nil ? .string(resolved.version.versionId) : nil,
            "ServerSideEncryption": "AES256",
        ])
    }

    static let listParts: OperationHandler = { input, context in
        let upload = try upload(input, context)
        let marker = input["PartNumberMarker"]?.int ?? 0
        let maxParts = min(input["MaxParts"]?.int ?? 1000, 1000)
        // "ListParts": max-parts and part-number-marker are non-negative integers.
        guard maxParts >= 0 else {
            throw S3Errors.invalidArgument("Argument max-parts must be an integer between 0 and 2147483647", name: "max-parts", value: String(maxParts))
        }
        guard marker >= 0 else {
            throw S3Errors.invalidArgument("Argument part-number-marker must be an integer between 0 and 2147483647", name: "part-number-marker",
                                           value: String(marker))
        }
        let numbers = upload.parts.keys.sorted().filter { $0 > marker }
        let page = numbers.prefix(maxParts)
        let truncated = maxParts > 0 && numbers.count > page.count
        let parts: [AWSValue] = page.map { number in
            let part = upload.parts[number]!
            var value: [String: AWSValue] = ["PartNumber": .int(number), "LastModified": .timestamp(part.lastModified),
                                             "ETag": .string("\"\(part.etag)\""), "Size": .integer(part.size)]
            // A part shows the checksum of the upload's algorithm only (AWS-verified snapshots `list-parts-all`, where
            // the SDK's own CRC32 of each part is not listed, and `list-parts` of a SHA256 upload).
            if let algorithm = upload.checksumAlgorithm, let checksum = part.checksums?[algorithm] {
                value["Checksum\(algorithm)"] = .string(checksum)
            }
            return .object(value)
        }
        // NextPartNumberMarker is the last part listed, 0 when none is, truncated or not (snapshots `list-parts-*`).
        return .structure([
            "Bucket": input["Bucket"], "Key": .string(upload.key), "UploadId": .string(upload.uploadId),
            "PartNumberMarker": .int(marker), "NextPartNumberMarker": .int(page.last ?? 0),
            "MaxParts": .int(maxParts), "IsTruncated": .boolean(truncated), "Parts": parts.isEmpty ? nil : .list(parts),
            "Initiator": S3Owner.initiator(upload),
            "Owner": S3Owner.value(upload.owner), "StorageClass": .string(upload.template.storageClass ?? "STANDARD"),
            "ChecksumAlgorithm": upload.checksumAlgorithm.map(AWSValue.string),
            "ChecksumType": upload.checksumMode.map(AWSValue.string),
        ])
    }

    /// A part the completion chose was replaced while it ran (UploadPart of the same number): it starts again.
    struct PartsChanged: Error {}

    static let complete: OperationHandler = { input, context in
        for _ in 0 ..< 3 {
            do {
                return try await completeOnce(input, context)
            } catch is PartsChanged {
                continue
            }
        }
        throw S3Errors.internalError
    }

    static func completeOnce(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let upload = try upload(input, context)
        let bucketName = input["Bucket"]?.string ?? ""
        try checkCompletionConditions(input, upload: upload, bucket: bucketName, context: context)
        if let mode = upload.checksumMode, let stated = input["ChecksumType"]?.string, stated != mode {
            throw AWSError("InvalidRequest", "The upload was created using the \(mode) checksum mode. The complete request must use the same checksum mode.",
                           status: 400)
        }
        let requested = input["MultipartUpload"]?["Parts"]?.list ?? []
        guard !requested.isEmpty else {
            throw AWSError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status: 400)
        }
        let numbers = requested.map { $0["PartNumber"]?.int ?? 0 }
        guard zip(numbers, numbers.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw AWSError("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", status: 400,
                           fields: [("UploadId", upload.uploadId)])
        }
        var chosen: [(Int, UploadedPart)] = []
        for (index, item) in requested.enumerated() {
            let number = numbers[index]
            let etag = (item["ETag"]?.string ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let part = upload.parts[number], part.etag == etag else {
                throw AWSError("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
                               status: 400, fields: [("UploadId", upload.uploadId), ("PartNumber", String(number)), ("ETag", etag)])
            }
            if index < requested.count - 1, part.size < minimumPartSize {
                throw AWSError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", status: 400,
                               fields: [("ProposedSize", String(part.size)), ("MinSizeAllowed", String(minimumPartSize)), ("PartNumber", String(number)),
                                        ("ETag", part.etag)])
            }
            chosen.append((number, part))
        }
        let bodies = try ObjectBodies.of(context)
        // "Checking object integrity": a multipart ETag is the MD5 of the parts' binary MD5s, then "-" and the count.
        var digest = RunningDigest.md5()
        for (_, part) in chosen { digest.update(hexBytes(part.etag)) }
        var version = upload.template
        // The parts become the object's segments as they are: completing copies no bytes.
        version.segments = chosen.map { BodySegment(body: $0.1.body, size: $0.1.size) }
        version.size = chosen.reduce(0) { $0 + $1.1.size }
        version.etag = SigV4.hex(digest.finalize()) + "-\(chosen.count)"
        version.lastModified = context.now
        version.partsCount = chosen.count
        let algorithm = upload.checksumAlgorithm.flatMap(ChecksumAlgorithm.init(rawValue:))
        if let algorithm, upload.checksumMode == "COMPOSITE" {
            if chosen.allSatisfy({ $0.1.checksums?[algorithm.rawValue] != nil }) {
                // A composite checksum: the checksum of the parts' checksums, then "-" and the count.
                var composite = RunningDigest(algorithm)
                for (_, part) in chosen { composite.update(Base64.decode(part.checksums![algorithm.rawValue]!) ?? []) }
                version.checksums = [algorithm.rawValue: Base64.encode(composite.finalize()) + "-\(chosen.count)"]
                version.checksumType = "COMPOSITE"
            }
        } else {
            // A full-object checksum, combined from the parts' CRCs: the upload's algorithm, or, for an upload that named
            // none, S3's default CRC64NVME ("Data Integrity Protections for Amazon S3").
            let kind = algorithm ?? .crc64nvme
            let parts = chosen.map(\.1)
            let whole = Base64.encode(try await BlockingIO.run { try fullObjectCRC(parts, algorithm: kind, bodies: bodies) })
            if let stated = input["Checksum\(kind.rawValue)"]?.string, stated != whole { throw StatedDigests.checksumMismatch(kind) }
            version.checksums = [kind.rawValue: whole]
            version.checksumType = "FULL_OBJECT"
        }
        // The object and the end of the upload are one write, so the parts the object now owns are never the
        // upload's too; the parts it did not use are removed once that write commits.
        let conditional = input["IfNoneMatch"] != nil || input["IfMatch"] != nil
        var leftOver: [String] = []
        // Checked again inside the write: a conditional completion never replaces what it did not see.
        let versionId = try ObjectWrites.commit(version, bucket: bucketName, key: upload.key, context: context, bodies: bodies,
                                                keepBodiesOnFailure: true, checking: { current in
            if conditional { try checkNoConflict(upload, input: input, current: current) }
        }) { tx in
            guard let current = tx.get(S3MultipartUpload.self, upload.uploadId, in: S3Partitions.objects(bucketName)) else {
                throw S3Errors.noSuchUpload(upload.uploadId)
            }
            // The object takes the parts' files as they were read; a part replaced since would leave it a removed file.
            guard chosen.allSatisfy({ current.parts[$0.0]?.body == $0.1.body }) else { throw PartsChanged() }
            leftOver = current.parts.values.map(\.body)
            tx.delete(S3MultipartUpload.self, upload.uploadId, in: S3Partitions.objects(bucketName))
        }
        let used = Set(chosen.map(\.1.body))
        bodies.remove(leftOver.filter { !used.contains($0) })
        var output: [String: AWSValue] = [
            "Location": .string("\(context.environment.endpoint.url)/\(bucketName)/\(FormEncoding.percentEncode(upload.key, keepSlash: true))"),
            "Bucket": .string(bucketName), "Key": .string(upload.key), "ETag": .string(version.quotedETag), "ServerSideEncryption": "AES256",
        ]
        if let versionId { output["VersionId"] = .string(versionId) }
        for (algorithm, value) in version.checksums ?? [:] { output["Checksum\(algorithm)"] = .string(value) }
        if let type = version.checksumType { output["ChecksumType"] = .string(type) }
        return .object(output)
    }

    /// Conditional completions ("Add preconditions to S3 operations with conditional requests"): the conditions of a
    /// conditional PutObject, and a write or delete of the key since the upload was created is a conflict
    /// (409 ConditionalRequestConflict) even when the condition holds (AWS-verified snapshots of
    /// `TestS3ObjectWritePrecondition`: `complete-multipart-after-del`, `complete-multipart-if-match-put-during`).
    static func checkCompletionConditions(_ input: AWSValue, upload: S3MultipartUpload, bucket: String, context: RequestContext) throws {
        guard input["IfNoneMatch"] != nil || input["IfMatch"] != nil else { return }
        try Objects.checkWriteConditions(input, bucket: bucket, key: upload.key, context: context)
        try checkNoConflict(upload, input: input, current: context.store.read { $0.get(S3ObjectEntry.self, upload.key, in: S3Partitions.objects(bucket)) })
    }

    static func checkNoConflict(_ upload: S3MultipartUpload, input: AWSValue, current: S3ObjectEntry?) throws {
        guard let before = upload.keyStateAtCreation, before != keyState(current) else { return }
        throw AWSError("ConditionalRequestConflict", "The conditional request cannot succeed due to a conflicting operation against this resource.",
                       status: 409, fields: [("Condition", input["IfMatch"] != nil ? "If-Match" : "If-None-Match"), ("Key", upload.key)])
    }

    /// What a key holds, as far as a conditional completion cares: its newest version (or delete marker), "" for none.
    static func keyState(_ entry: S3ObjectEntry?) -> String {
        guard let latest = entry?.latest else { return "" }
        return "\(latest.versionId)@\(latest.lastModified.timeIntervalSince1970)"
    }

    /// The CRC of the parts laid end to end (big-endian bytes): each part's own, computed when it came in, or read again
    /// now for a part that came with another checksum.
    static func fullObjectCRC(_ parts: [UploadedPart], algorithm: ChecksumAlgorithm, bodies: ObjectBodies) throws -> [UInt8] {
        var crcs: [(crc: UInt64, length: Int64)] = []
        for part in parts {
            let bytes = try part.checksums?[algorithm.rawValue].flatMap { Base64.decode($0) }
                ?? bodies.digest(of: FileBody([bodies.slice(part.body, length: part.size)]), with: RunningDigest(algorithm))
            guard let crc = CRCCombination.value(of: bytes) else { throw S3Errors.internalError }
            crcs.append((crc, part.size))
        }
        guard let whole = CRCCombination.whole(crcs, algorithm: algorithm) else { throw S3Errors.internalError }
        return CRCCombination.bytes(whole, width: algorithm == .crc64nvme ? 64 : 32)
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            func value(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c >= 65 ? c - 55 : c - 48 }
            bytes.append(value(high) << 4 | value(low))
        }
        return bytes
    }

    static let abort: OperationHandler = { input, context in
        let upload = try upload(input, context)
        let bucketName = input["Bucket"]?.string ?? ""
        try context.store.write { tx in tx.delete(S3MultipartUpload.self, upload.uploadId, in: S3Partitions.objects(bucketName)) }
        try ObjectBodies.of(context).remove(upload.parts.values.map(\.body))
        return [:]
    }

    /// "ListMultipartUploads": uploads in key order, then by initiation, rolled up to common prefixes at the delimiter
    /// as object listings are; pages of at most 1,000 uploads and prefixes together. The markers and the fields echoed
    /// follow AWS-verified recordings (LocalStack's `TestS3ListMultipartUploads` snapshots): the upload-id marker
    /// continues within the key marker's own uploads and must be one of them; the next markers always name the last
    /// upload listed ("" when none is); Prefix and EncodingType are echoed only when sent.
    static let listUploads: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        let encode = try ObjectListing.encoder(input)
        let prefix = input["Prefix"]?.string ?? ""
        let delimiter = input["Delimiter"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        let keyMarker = input["KeyMarker"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        // Without a key marker the upload-id marker means nothing and is not echoed.
        let uploadIdMarker = keyMarker == nil ? nil : input["UploadIdMarker"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        let maxUploads = min(input["MaxUploads"]?.int ?? 1000, 1000)
        guard maxUploads >= 0 else {
            throw S3Errors.invalidArgument("Argument max-uploads must be an integer between 0 and 2147483647", name: "max-uploads",
                                           value: String(maxUploads))
        }
        let sorted = context.store.read { Array($0.all(S3MultipartUpload.self, in: S3Partitions.objects(bucket.name)).values) }
            .filter { $0.key.hasPrefix(prefix) }
            .sorted { ($0.key, $0.initiated, $0.uploadId) < ($1.key, $1.initiated, $1.uploadId) }
        var start = 0
        if let keyMarker {
            if let uploadIdMarker {
                if let index = sorted.firstIndex(where: { $0.key == keyMarker && $0.uploadId == uploadIdMarker }) {
                    start = index + 1
                } else if sorted.contains(where: { $0.uploadId == uploadIdMarker }) {
                    // Another key's upload (the AWS-verified recording `list-multiparts-wrong-id-for-key`).
                    throw S3Errors.invalidArgument("Invalid uploadId marker", name: "upload-id-marker", value: uploadIdMarker)
                } else {
                    // An upload completed or aborted since the page that named it: the key's remaining uploads follow
                    // from its first, so a loop that aborts page by page misses none.
                    start = sorted.firstIndex { $0.key >= keyMarker } ?? sorted.count
                }
            } else {
                start = sorted.firstIndex { $0.key > keyMarker } ?? sorted.count
            }
        }
        var uploads: [AWSValue] = []
        var prefixes: [String] = []
        var lastUpload: S3MultipartUpload?
        var truncated = false
        for upload in sorted[start...] {
            let common = delimiter.flatMap { d in upload.key.dropFirst(prefix.count).range(of: d).map { prefix + upload.key.dropFirst(prefix.count)[..<$0.upperBound] } }
            if let common, common == prefixes.last || keyMarker.map({ $0.hasPrefix(common) }) == true { continue }
            if uploads.count + prefixes.count == maxUploads {
                truncated = maxUploads > 0
                break
            }
            if let common {
                prefixes.append(common)
                continue
            }
            uploads.append(["UploadId": .string(upload.uploadId), "Key": .string(encode(upload.key)), "Initiated": .timestamp(upload.initiated),
                            "StorageClass": .string(upload.template.storageClass ?? "STANDARD"), "Owner": S3Owner.value(upload.owner),
                            "Initiator": S3Owner.initiator(upload)])
            lastUpload = upload
        }
        return .structure([
            "Bucket": .string(bucket.name), "Prefix": input["Prefix"].map { _ in .string(encode(prefix)) },
            "Delimiter": delimiter.map { .string(encode($0)) }, "EncodingType": input["EncodingType"],
            "KeyMarker": .string(encode(keyMarker ?? "")), "UploadIdMarker": .string(uploadIdMarker ?? ""),
            "MaxUploads": .int(maxUploads), "IsTruncated": .boolean(truncated),
            "NextKeyMarker": .string(encode(lastUpload?.key ?? "")), "NextUploadIdMarker": .string(lastUpload?.uploadId ?? ""),
            "Uploads": uploads.isEmpty ? nil : .list(uploads),
            "CommonPrefixes": prefixes.isEmpty ? nil : .list(prefixes.map { ["Prefix": .string(encode($0))] }),
        ])
    }
}
