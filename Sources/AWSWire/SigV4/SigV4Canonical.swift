// The canonical request and the string to sign, per AWS's "Create a canonical request for
// Signature Version 4" and "Create a string to sign for Signature Version 4".
//
//   METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
//
// Built as UTF-8 bytes in one buffer: no Foundation URL parsing, no regexes.

extension SigV4 {
    /// The canonical request.
    ///
    /// - `s3Style: true` (S3): the path is used as received, only bytes not already
    ///   percent-encoded get encoded once; no normalization.
    /// - `s3Style: false` (every other service): the path is normalized (".", ".." and empty segments removed,
    ///   as botocore's `remove_dot_segments`), then URI-encoded *again*, so "%" becomes "%25"
    ///   (clients encode the path once to send it and sign it encoded twice).
    /// - Query: keys and values are decoded and re-encoded (RFC 3986 unreserved kept), sorted by
    ///   encoded key then value; "a" without "=" gets an empty value. `excludeSignatureFromQuery`
    ///   drops X-Amz-Signature (presigned requests).
    /// - Headers: the signed ones, in the given order (clients send them sorted), names lower-cased,
    ///   values trimmed with inner runs of spaces/tabs collapsed to one space, repeated headers joined with ",".
    public static func canonicalRequest(
        _ request: SigV4Request, signedHeaders: [String], payloadHash: String,
        s3Style: Bool, excludeSignatureFromQuery: Bool
    ) -> String {
        String(decoding: canonicalRequestBytes(
            request, signedHeaders: signedHeaders, payloadHash: payloadHash,
            s3Style: s3Style, excludeSignatureFromQuery: excludeSignatureFromQuery
        ), as: UTF8.self)
    }

    /// "AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256(canonical request)>".
    public static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        var creq = canonicalRequest
        let hash = creq.withUTF8 { sha256Hex(UnsafeRawBufferPointer($0)) }
        return stringToSign(amzDate: amzDate, scope: scope, canonicalRequestHash: hash)
    }

    static func stringToSign(amzDate: String, scope: String, canonicalRequestHash: String) -> String {
        "\(algorithm)\n\(amzDate)\n\(scope)\n\(canonicalRequestHash)"
    }

    static func canonicalRequestBytes(
        _ request: SigV4Request, signedHeaders: [String], payloadHash: String,
        s3Style: Bool, excludeSignatureFromQuery: Bool
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + request.rawPath.utf8.count * 2 + request.rawQuery.utf8.count * 2)
        out.append(contentsOf: request.method.utf8)
        out.append(UInt8(ascii: "\n"))
        appendCanonicalPath(request.rawPath, s3Style: s3Style, to: &out)
        out.append(UInt8(ascii: "\n"))
        appendCanonicalQuery(request.rawQuery, excludeSignature: excludeSignatureFromQuery, to: &out)
        out.append(UInt8(ascii: "\n"))
        for name in signedHeaders {
            let lower = name.lowercased()
            out.append(contentsOf: lower.utf8)
            out.append(UInt8(ascii: ":"))
            var first = true
            for h in request.headers where Bytes.equalsLowercased(h.name, lower) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendTrimmedValue(h.value, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
        }
        out.append(UInt8(ascii: "\n"))
        for (i, name) in signedHeaders.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: name.lowercased().utf8)
        }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: payloadHash.utf8)
        return out
    }

    // MARK: - Path

    static func appendCanonicalPath(_ rawPath: String, s3Style: Bool, to out: inout [UInt8]) {
        let path = rawPath.utf8
        if path.isEmpty {
            out.append(UInt8(ascii: "/"))
            return
        }
        if s3Style {
            Bytes.appendEncoded(path, to: &out, keepSlash: true, keepEscapes: true)
            return
        }
        // Normalize like botocore's remove_dot_segments: drop empty and "." segments, ".." pops one;
        // keep a leading "/" and, when anything is left, a trailing "/".
        var segments: [Substring.UTF8View] = []
        for segment in rawPath[...].utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.elementsEqual(".".utf8) { continue }
            if segment.elementsEqual("..".utf8) {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        if path.first == UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        for (i, segment) in segments.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "/")) }
            Bytes.appendEncoded(segment, to: &out, keepSlash: false)
        }
        if path.last == UInt8(ascii: "/"), !segments.isEmpty { out.append(UInt8(ascii: "/")) }
    }

    // MARK: - Query

    static func appendCanonicalQuery(_ rawQuery: String, excludeSignature: Bool, to out: inout [UInt8]) {
        guard !rawQuery.isEmpty else { return }
        var pairs: [(key: [UInt8], value: [UInt8])] = []
        for item in rawQuery[...].utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let key: Substring.UTF8View
            let value: Substring.UTF8View
            if let eq = item.firstIndex(of: UInt8(ascii: "=")) {
                key = item[..<eq]
                value = item[item.index(after: eq)...]
            } else {
                key = item
                value = item[item.endIndex...]
            }
            if excludeSignature, key.elementsEqual("X-Amz-Signature".utf8) { continue }
            pairs.append((Bytes.reencoded(key), Bytes.reencoded(value)))
        }
        // Sort by the encoded key, then the encoded value, byte-wise (code point order).
        pairs.sort { a, b in
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
            return a.value.lexicographicallyPrecedes(b.value)
        }
        for (i, pair) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: pair.key)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: pair.value)
        }
    }

    // MARK: - Headers

    /// Trims spaces and tabs at both ends and collapses inner runs of them into a single space
    /// (the docs' "Trimall"; botocore does `' '.join(value.split())`).
    static func appendTrimmedValue(_ value: String, to out: inout [UInt8]) {
        var pendingSpace = false
        var started = false
        for b in value.utf8 {
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                pendingSpace = started
                continue
            }
            if pendingSpace { out.append(UInt8(ascii: " ")) }
            pendingSpace = false
            started = true
            out.append(b)
        }
    }
}
