// Signing keys, signatures and verification, per AWS's "Calculate the signature for AWS Signature
// Version 4" (kSecret = "AWS4" + secret; kDate, kRegion, kService, kSigning by HMAC-SHA256).

import Crypto
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SigV4 {
    /// The derived signing key: HMAC chain over date (yyyyMMdd), region, service and "aws4_request".
    public static func signingKey(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// Lower-case hex HMAC-SHA256 of the string to sign.
    public static func signature(signingKey: SymmetricKey, stringToSign: String) -> String {
        var sts = stringToSign
        let mac = sts.withUTF8 { HMAC<SHA256>.authenticationCode(for: UnsafeRawBufferPointer($0), using: signingKey) }
        return Bytes.hex(mac, count: SHA256.byteCount)
    }

    /// Lower-case hex SHA-256.
    public static func sha256Hex<D: DataProtocol>(_ data: D) -> String {
        Bytes.hex(SHA256.hash(data: data), count: SHA256.byteCount)
    }

    /// Lower-case hex of bytes (digests, ETags).
    public static func hex(_ bytes: [UInt8]) -> String {
        Bytes.hex(bytes, count: bytes.count)
    }

    /// Lower-case hex SHA-256 of a string's UTF-8 bytes.
    public static func sha256Hex(_ string: String) -> String {
        var s = string
        return s.withUTF8 { sha256Hex(UnsafeRawBufferPointer($0)) }
    }

    /// Compares in time independent of where the strings differ (only their lengths can leak).
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for (p, q) in zip(x, y) { diff |= p ^ q }
        return diff == 0
    }

    /// Full verification: rebuilds the canonical request, signs it and compares in constant time.
    ///
    /// `payloadHash` is the value of `x-amz-content-sha256` when the request carries it (S3 sends
    /// the hex hash, "UNSIGNED-PAYLOAD" or a STREAMING-* marker), otherwise the hex SHA-256 of the body.
    /// For presigned requests both "UNSIGNED-PAYLOAD" and `payloadHash` are accepted: S3 presigned URLs
    /// use the former, while botocore's non-S3 `SigV4QueryAuth` hashes the body (which it has moved into
    /// the query, so that is the empty-body hash). The likelier one is tried first (UNSIGNED-PAYLOAD for
    /// S3), so a valid request costs one HMAC pass. The clock and the scope's service/region are the caller's to check.
    public static func verify(
        _ auth: SigV4Authorization, request: SigV4Request, secretAccessKey: String,
        payloadHash: String, s3Style: Bool, cache: SigV4SigningKeyCache? = nil
    ) -> Bool {
        let key = cache?.key(secret: secretAccessKey, date: auth.scopeDate, region: auth.region, service: auth.service)
            ?? signingKey(secret: secretAccessKey, date: auth.scopeDate, region: auth.region, service: auth.service)
        let candidates = !auth.presigned || payloadHash == unsignedPayload ? [payloadHash]
            : s3Style ? [unsignedPayload, payloadHash] : [payloadHash, unsignedPayload]
        for hash in candidates where constantTimeEquals(
            expectedSignature(auth, request: request, signingKey: key, payloadHash: hash, s3Style: s3Style),
            auth.signature
        ) {
            return true
        }
        return false
    }

    /// The signature the request should carry for this payload hash.
    public static func expectedSignature(
        _ auth: SigV4Authorization, request: SigV4Request, signingKey: SymmetricKey, payloadHash: String, s3Style: Bool
    ) -> String {
        let creq = canonicalRequestBytes(
            request, signedHeaders: auth.signedHeaders, payloadHash: payloadHash,
            s3Style: s3Style, excludeSignatureFromQuery: auth.presigned
        )
        let hash = sha256Hex(creq)
        let sts = stringToSign(amzDate: auth.amzDate, scope: auth.scope, canonicalRequestHash: hash)
        return signature(signingKey: signingKey, stringToSign: sts)
    }
}

/// Thread-safe cache of derived signing keys, keyed by (secret, date, region, service).
/// Deriving a key costs four HMACs; a busy server verifies many requests with the same one.
/// Bounded: when full it is emptied (keys change daily, so the working set is tiny).
public final class SigV4SigningKeyCache: Sendable {
    private struct Key: Hashable {
        let secret: String, date: String, region: String, service: String
    }

    private let entries = Mutex<[Key: SymmetricKey]>([:])
    public let capacity: Int

    public init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
    }

    public func key(secret: String, date: String, region: String, service: String) -> SymmetricKey {
        let k = Key(secret: secret, date: date, region: region, service: service)
        if let hit = entries.withLock({ $0[k] }) { return hit }
        let derived = SigV4.signingKey(secret: secret, date: date, region: region, service: service)
        entries.withLock { dict in
            if dict.count >= capacity { dict.removeAll(keepingCapacity: true) }
            dict[k] = derived
        }
        return derived
    }

    /// Number of cached keys (for tests and metrics).
    public var count: Int { entries.withLock { $0.count } }
}

extension SigV4 {
    /// The payload hash that announces signed aws-chunked chunks (`...-PAYLOAD` or `...-PAYLOAD-TRAILER`).
    public static let streamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"

    /// Each chunk's signature chains from the previous one, the first from the request's ("Signature Calculations
    /// for the Authorization Header: Transferring Payload in Multiple Chunks"): HMAC of
    /// `AWS4-HMAC-SHA256-PAYLOAD`, the date, the scope, the previous signature, the empty string's hash and the
    /// chunk's hash.
    public static func verifyChunkChain(_ chunks: [(signature: String, sha256Hex: String)], seed: SigV4Authorization,
                                        signingKey: SymmetricKey) -> Bool {
        let emptyHash = sha256Hex([UInt8]())
        var previous = seed.signature
        for chunk in chunks {
            let stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n\(seed.amzDate)\n\(seed.scope)\n\(previous)\n\(emptyHash)\n\(chunk.sha256Hex)"
            let expected = signature(signingKey: signingKey, stringToSign: stringToSign)
            guard constantTimeEquals(expected, chunk.signature) else { return false }
            previous = expected
        }
        return true
    }
}
