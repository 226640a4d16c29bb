import CChecksums

/// CRC-64/NVME (the NVM Express polynomial 0xAD93D23594C93659, reflected, all ones in and out; "123456789" gives
/// 0xAE8B14860A799888), S3's CRC64NVME checksum, which S3 also computes over every body sent without a checksum (a
/// client with AWS_REQUEST_CHECKSUM_CALCULATION=when_required sends none). By carry-less multiplication where the CPU
/// has it (CChecksums: +0.67 s of server CPU per GiB uploaded with the table alone), slicing by 8 bytes for the rest.
public enum CRC64NVME {
    static let simd = nimbus_crc32_simd_available() != 0

    static let reflectedPolynomial: UInt64 = 0x9A6C_9329_AC4B_C9B5

    static let table = CRC.tables(polynomial: reflectedPolynomial)

    /// The CRC of `crc`'s bytes followed by `bytes` (`crc` and the result are final values; 0 for no bytes).
    public static func update(_ crc: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard simd, bytes.count >= 64, let base = bytes.baseAddress else { return tableUpdate(crc, bytes) }
        let folded = bytes.count & ~15
        let crc = nimbus_crc64nvme_pclmul(crc, base.assumingMemoryBound(to: UInt8.self), folded)
        return tableUpdate(crc, UnsafeRawBufferPointer(rebasing: bytes[folded...]))
    }

    static func tableUpdate(_ crc: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var c = ~crc
        table.withUnsafeBufferPointer { t in
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let word = c ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                c = t[7 * 256 + Int(word & 0xFF)] ^ t[6 * 256 + Int((word >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((word >> 16) & 0xFF)] ^ t[4 * 256 + Int((word >> 24) & 0xFF)]
                    ^ t[3 * 256 + Int((word >> 32) & 0xFF)] ^ t[2 * 256 + Int((word >> 40) & 0xFF)]
                    ^ t[1 * 256 + Int((word >> 48) & 0xFF)] ^ t[Int(word >> 56)]
                i += 8
            }
            while i < n {
                c = t[Int((c ^ UInt64(bytes[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        return ~c
    }

    /// The CRC of two pieces laid end to end, from each piece's CRC and the second's length.
    public static func combine(_ first: UInt64, _ second: UInt64, secondLength: Int64) -> UInt64 {
        CRCCombination.combine(first, second, secondLength: secondLength, reflectedPolynomial: reflectedPolynomial, width: 64)
    }

    /// Big-endian, as S3 encodes its CRCs before base64.
    public static func bytes(_ crc: UInt64) -> [UInt8] {
        CRCCombination.bytes(crc, width: 64)
    }
}
