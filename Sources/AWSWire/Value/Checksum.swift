import CChecksums
import CZlib
import Crypto

/// The checksums S3 computes over a body: MD5 for the ETag, SHA-256 to check a signed payload, and the
/// flexible checksums a client may ask for ("Checking object integrity in Amazon S3": CRC32, CRC32C, CRC64NVME, SHA1,
/// SHA256). CRC64NVME is also the one S3 adds to an object uploaded without any ("Data Integrity Protections for Amazon S3").
public enum ChecksumAlgorithm: String, Sendable, CaseIterable, Codable {
    case crc32 = "CRC32"
    case crc32c = "CRC32C"
    case crc64nvme = "CRC64NVME"
    case sha1 = "SHA1"
    case sha256 = "SHA256"

    /// The header that carries it (`x-amz-checksum-crc32`).
    public var headerName: String { "x-amz-checksum-\(rawValue.lowercased())" }

    public init?(header: String) {
        guard header.lowercased().hasPrefix("x-amz-checksum-") else { return nil }
        self.init(rawValue: String(header.dropFirst("x-amz-checksum-".count)).uppercased())
    }
}

/// A running digest of one algorithm, fed as a body streams by.
public struct RunningDigest: Sendable {
    private enum State: Sendable {
        case md5(Insecure.MD5)
        case sha1(Insecure.SHA1)
        case sha256(SHA256)
        case crc32(UInt32)
        case crc32c(UInt32)
        case crc64nvme(UInt64)
    }

    private var state: State

    public static func md5() -> RunningDigest { RunningDigest(state: .md5(Insecure.MD5())) }

    public init(_ algorithm: ChecksumAlgorithm) {
        switch algorithm {
        case .crc32: state = .crc32(0)
        case .crc32c: state = .crc32c(0)
        case .crc64nvme: state = .crc64nvme(0)
        case .sha1: state = .sha1(Insecure.SHA1())
        case .sha256: state = .sha256(SHA256())
        }
    }

    private init(state: State) {
        self.state = state
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .md5(var h): h.update(bufferPointer: bytes); state = .md5(h)
        case .sha1(var h): h.update(bufferPointer: bytes); state = .sha1(h)
        case .sha256(var h): h.update(bufferPointer: bytes); state = .sha256(h)
        case .crc32(let c): state = .crc32(CRC.ieee(c, bytes))
        case .crc32c(let c): state = .crc32c(CRC.castagnoli(c, bytes))
        case .crc64nvme(let c): state = .crc64nvme(CRC64NVME.update(c, bytes))
        }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest's bytes (big-endian for the CRCs, as S3 encodes them).
    public func finalize() -> [UInt8] {
        switch state {
        case .md5(let h): return Array(h.finalize())
        case .sha1(let h): return Array(h.finalize())
        case .sha256(let h): return Array(h.finalize())
        case .crc32(let c), .crc32c(let c): return [UInt8(c >> 24), UInt8(truncatingIfNeeded: c >> 16), UInt8(truncatingIfNeeded: c >> 8), UInt8(truncatingIfNeeded: c)]
        case .crc64nvme(let c): return CRC64NVME.bytes(c)
        }
    }
}

/// CRC-32 (IEEE 802.3) and CRC-32C (Castagnoli). botocore sends a CRC-32 with every upload, so it runs over every byte
/// uploaded: by carry-less multiplication where the CPU has it (CChecksums), zlib for the rest (0.35 ms per MiB
/// here against 0.58 for a Swift loop). CRC-32C by SSE4.2's instruction, or table-driven, slicing by 8 bytes.
enum CRC {
    static let simd = nimbus_crc32_simd_available() != 0
    static let simdCastagnoli = nimbus_crc32c_simd_available() != 0

    static func ieee(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard var base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else { return crc }
        var crc = crc
        var count = bytes.count
        if simd, count >= 64 {
            let folded = count & ~15
            crc = nimbus_crc32_pclmul(crc, base, folded)
            base += folded
            count -= folded
        }
        // The tail (and everything, without the instructions): zlib's tables.
        return count == 0 ? crc : UInt32(truncatingIfNeeded: crc32_z(UInt(crc), base, count))
    }

    static func castagnoli(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard simdCastagnoli, let base = bytes.baseAddress, !bytes.isEmpty else { return update(crc, bytes, table: castagnoliTable) }
        return nimbus_crc32c_sse42(crc, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    static let castagnoliTable = tables(polynomial: UInt32(0x82F6_3B78))

    /// Slicing-by-8 tables of a reflected CRC, 32 or 64 bits wide: table k advances a byte k places further on.
    static func tables<Word: FixedWidthInteger & UnsignedInteger>(polynomial: Word) -> [Word] {
        var t = [Word](repeating: 0, count: 256 * 8)
        for i in 0 ..< 256 {
            var c = Word(i)
            for _ in 0 ..< 8 { c = c & 1 == 1 ? (c >> 1) ^ polynomial : c >> 1 }
            t[i] = c
        }
        for i in 0 ..< 256 {
            for k in 1 ..< 8 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }

    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer, table: [UInt32]) -> UInt32 {
        var c = ~crc
        table.withUnsafeBufferPointer { t in
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let lo = c ^ (UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
                c = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(bytes[i + 4])] ^ t[2 * 256 + Int(bytes[i + 5])]
                    ^ t[1 * 256 + Int(bytes[i + 6])] ^ t[Int(bytes[i + 7])]
                i += 8
            }
            while i < n {
                c = t[Int((c ^ UInt32(bytes[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        return ~c
    }
}
