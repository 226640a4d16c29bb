/// AWS Signature Version 4: parsing, canonicalization, signing and verification.
/// Everything public lives under this namespace or carries the `SigV4` prefix.
public enum SigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// What presigned S3 URLs (and `x-amz-content-sha256: UNSIGNED-PAYLOAD`) put in place of the body hash.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// Hex SHA-256 of the empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// Longest X-Amz-Expires AWS accepts (7 days).
    public static let maxExpires = 604_800
}

/// A request as it arrived, enough to rebuild the canonical request.
public struct SigV4Request: Sendable {
    /// "GET", "POST", ...
    public var method: String
    /// The percent-encoded path exactly as received, without the query ("/", "/2015-03-31/functions/arn%3Aaws%3A...").
    public var rawPath: String
    /// The query string as received, without "?"; "" when there is none.
    public var rawQuery: String
    /// Headers as received: any case, names may repeat. Must include "host" (the Host header or HTTP/2 :authority).
    public var headers: [(name: String, value: String)]

    public init(method: String, rawPath: String, rawQuery: String = "", headers: [(name: String, value: String)]) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
    }

    /// Splits a request target ("/path?query") at the first "?".
    public init(method: String, target: String, headers: [(name: String, value: String)]) {
        if let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            self.init(
                method: method,
                rawPath: String(target[..<q]),
                rawQuery: String(target[target.utf8.index(after: q)...]),
                headers: headers
            )
        } else {
            self.init(method: method, rawPath: target, headers: headers)
        }
    }

    /// The first value of header `name` (ASCII case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        for h in headers where SigV4.Bytes.equalsLowercased(h.name, lower) {
            return h.value
        }
        return nil
    }
}
