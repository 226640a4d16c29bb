import AWSWire
import Foundation
import NimbusCore

/// An uploaded body (PutObject, UploadPart) taken into the object store, with the digests S3 checks and reports.
struct ReceivedBody {
    /// Bodies up to this size are kept in the object's row rather than a file of their own: they are then as
    /// durable as every other write (the journal's), and a small PUT costs one journal commit instead of a
    /// file, two fsyncs and a rename.
    static let inlineLimit = 8 << 10

    /// The body's file name in the object store, or nil when it is kept inline.
    var name: String?
    var inline: [UInt8]?
    var size: Int64
    var md5: [UInt8]
    /// Flexible checksums, base64, by algorithm.
    var checksums: [ChecksumAlgorithm: String]

    var etag: String { SigV4.hex(md5) }

    /// Takes the request's body into the store, after checking `Content-MD5` and any checksum the client sent
    /// ("Checking object integrity in Amazon S3"); a body that fails a check is not kept.
    static func take(_ input: AWSValue, _ context: RequestContext, bodies: ObjectBodies, allowInline: Bool = true) async throws -> ReceivedBody {
        var size: Int64
        var md5: [UInt8]
        var checksums: [ChecksumAlgorithm: String]
        var spooledPath: String?
        var memory: [UInt8] = []
        if case .file(let file)? = input["Body"], let spooled = context.spooledBody {
            size = file.length
            md5 = spooled.md5
            checksums = spooled.checksums
            spooledPath = spooled.path
        } else {
            memory = input["Body"]?.bytes ?? []
            size = Int64(memory.count)
            var digest = RunningDigest.md5()
            digest.update(memory)
            md5 = digest.finalize()
            checksums = [:]
            var algorithms = ChecksumAlgorithm.allCases.filter {
                input["Checksum\($0.rawValue)"] != nil || input["ChecksumAlgorithm"]?.string == $0.rawValue
            }
            // S3 adds a CRC64NVME to a body sent without a checksum ("Data Integrity Protections for Amazon S3").
            if algorithms.isEmpty { algorithms = [.crc64nvme] }
            for algorithm in algorithms {
                var running = RunningDigest(algorithm)
                running.update(memory)
                checksums[algorithm] = Base64.encode(running.finalize())
            }
        }
        _ = try StatedDigests.algorithm(named: input["ChecksumAlgorithm"]?.string)
        let stated = StatedDigests.stated { input["Checksum\($0.rawValue)"]?.string }
        try StatedDigests.checkForm(stated)
        if let md5Stated = input["ContentMD5"]?.string {
            guard let bytes = Base64.decode(md5Stated), bytes.count == 16 else { throw StatedDigests.invalidMD5(md5Stated) }
            guard bytes == md5 else { throw StatedDigests.md5Mismatch }
        }
        for (algorithm, value) in stated where checksums[algorithm] != value {
            throw StatedDigests.checksumMismatch(algorithm)
        }
        if spooledPath == nil, allowInline, memory.count <= inlineLimit {
            return ReceivedBody(name: nil, inline: memory, size: size, md5: md5, checksums: checksums)
        }
        let ids = context.ids
        let bytes = memory
        let spooled = spooledPath
        let name = try await BlockingIO.run {
            try spooled.map { try bodies.adopt(spooledAt: $0, ids: ids) } ?? bodies.write(bytes, ids: ids)
        }
        return ReceivedBody(name: name, inline: nil, size: size, md5: md5, checksums: checksums)
    }
}

/// The conditional request headers of GET, HEAD and copies ("Conditional requests" in the Amazon S3 User Guide,
/// with RFC 7232's order: If-Match before If-Unmodified-Since, If-None-Match before If-Modified-Since).
enum ObjectConditions {
    struct Conditions {
        var ifMatch: String?
        var ifNoneMatch: String?
        var ifModifiedSince: Date?
        var ifUnmodifiedSince: Date?
    }

    static func read(_ input: AWSValue, prefix: String = "") -> Conditions {
        Conditions(ifMatch: input["\(prefix)IfMatch"]?.string, ifNoneMatch: input["\(prefix)IfNoneMatch"]?.string,
                   ifModifiedSince: input["\(prefix)IfModifiedSince"]?.date, ifUnmodifiedSince: input["\(prefix)IfUnmodifiedSince"]?.date)
    }

    /// Throws 412 PreconditionFailed or 304 Not Modified (`notModifiedIsFailure`: copies answer 412 for both).
    /// `headerPrefix` is how the error's Condition names the headers (copies: `x-amz-copy-source-`).
    static func check(_ c: Conditions, etag: String, lastModified: Date, notModifiedIsFailure: Bool = false, headerPrefix: String = "") throws {
        let notModified = S3Errors.notModified(etag: etag, lastModified: lastModified)
        func failed(_ header: String) -> AWSError { S3Errors.preconditionFailed(headerPrefix + header) }
        // HTTP dates have whole seconds.
        let modified = lastModified.timeIntervalSince1970.rounded(.down)
        if let ifMatch = c.ifMatch {
            guard matches(ifMatch, etag) else { throw failed("If-Match") }
        } else if let since = c.ifUnmodifiedSince, modified > since.timeIntervalSince1970 {
            throw failed("If-Unmodified-Since")
        }
        if let ifNoneMatch = c.ifNoneMatch {
            if matches(ifNoneMatch, etag) {
                throw notModifiedIsFailure ? failed("If-None-Match") : notModified
            }
        } else if let since = c.ifModifiedSince, modified <= since.timeIntervalSince1970 {
            throw notModifiedIsFailure ? failed("If-Modified-Since") : notModified
        }
    }

    /// An `If-Match`/`If-None-Match` list against an ETag: `*`, or any listed tag, quoted or not.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { part in
            let tag = part.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == etag
                || tag.hasPrefix("W/") && tag.dropFirst(2).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == etag
        }
    }
}

/// `Range: bytes=...` (RFC 9110 §14.1.2); S3 serves a single range.
enum ByteRange {
    /// The offset and length to serve, nil for the whole object (no header, or one S3 ignores).
    static func resolve(_ header: String?, size: Int64) throws -> (offset: Int64, length: Int64)? {
        guard let header, header.lowercased().hasPrefix("bytes=") else { return nil }
        let spec = header.dropFirst(6)
        // Several ranges: S3 ignores the header and returns the whole object.
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        func unsatisfiable() -> AWSError {
            AWSError("InvalidRange", "The requested range is not satisfiable", status: 416,
                     fields: [("RangeRequested", header), ("ActualObjectSize", String(size))])
        }
        if first.isEmpty {
            guard let suffix = Int64(last) else { return nil }
            guard suffix > 0, size > 0 else { throw unsatisfiable() }
            let length = min(suffix, size)
            return (size - length, length)
        }
        guard let start = Int64(first) else { return nil }
        guard start < size else { throw unsatisfiable() }
        if last.isEmpty { return (start, size - start) }
        guard let end = Int64(last), end >= start else { return nil }
        return (start, min(end, size - 1) - start + 1)
    }
}
