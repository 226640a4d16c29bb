import CChecksums

/// The MD5 of an uploaded payload (S3's ETag) and, when the client signed the payload's hash, its SHA-256. With the
/// SHA extensions the two run in one stitched pass (CChecksums, `scripts/generate-md5-sha256.py`): on a 1 GiB
/// `aws s3 cp` the two hashes were 53 to 64 % of the server's CPU (perf), computed one after the other.
public struct PayloadDigests: Sendable {
    private var stitched: StitchedMD5SHA256?
    private var md5: RunningDigest
    private var sha256: RunningDigest?

    public init(sha256 wanted: Bool) {
        md5 = .md5()
        if wanted, StitchedMD5SHA256.available {
            stitched = StitchedMD5SHA256()
        } else {
            sha256 = wanted ? RunningDigest(.sha256) : nil
        }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if stitched != nil {
            stitched!.update(bytes)
        } else {
            md5.update(bytes)
            sha256?.update(bytes)
        }
    }

    /// The MD5, and the SHA-256 when it was asked for.
    public func finalize() -> (md5: [UInt8], sha256: [UInt8]?) {
        if let stitched { return stitched.finalize() }
        return (md5.finalize(), sha256?.finalize())
    }
}

/// MD5 and SHA-256 over the same bytes, 64-byte blocks at a time, with the padding each standard defines
/// (RFC 1321: the bit length little-endian; FIPS 180-4: big-endian).
struct StitchedMD5SHA256: Sendable {
    static let available = nimbus_sha_extensions_available() != 0

    private var md5: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476]
    private var sha: [UInt32] = [0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19]
    /// Bytes short of a whole block.
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else { return }
        var count = bytes.count
        length += UInt64(count)
        if !pending.isEmpty {
            let take = min(64 - pending.count, count)
            pending.append(contentsOf: UnsafeBufferPointer(start: base, count: take))
            base += take
            count -= take
            guard pending.count == 64 else { return }
            pending.withUnsafeBufferPointer { compress($0.baseAddress!, blocks: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        if count >= 64 {
            compress(base, blocks: count / 64)
            base += count / 64 * 64
            count %= 64
        }
        if count > 0 { pending.append(contentsOf: UnsafeBufferPointer(start: base, count: count)) }
    }

    private mutating func compress(_ data: UnsafePointer<UInt8>, blocks: Int) {
        md5.withUnsafeMutableBufferPointer { m in
            sha.withUnsafeMutableBufferPointer { s in nimbus_md5_sha256_blocks(m.baseAddress!, s.baseAddress!, data, blocks) }
        }
    }

    func finalize() -> (md5: [UInt8], sha256: [UInt8]?) {
        // 0x80, zeros to 56 bytes past a block boundary, then the length in bits.
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = length &* 8
        var md5Tail = tail
        var shaTail = tail
        for i in 0 ..< 8 {
            md5Tail.append(UInt8(truncatingIfNeeded: bits >> (8 * i)))
            shaTail.append(UInt8(truncatingIfNeeded: bits >> (56 - 8 * i)))
        }
        var md5 = self.md5
        var sha = self.sha
        md5Tail.withUnsafeBufferPointer { nimbus_md5_blocks(&md5, $0.baseAddress!, $0.count / 64) }
        shaTail.withUnsafeBufferPointer { nimbus_sha256_blocks(&sha, $0.baseAddress!, $0.count / 64) }
        let md5Bytes = md5.flatMap { word in (0 ..< 4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
        let shaBytes = sha.flatMap { word in (0 ..< 4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        return (md5Bytes, shaBytes)
    }
}
