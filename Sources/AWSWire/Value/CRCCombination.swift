/// The CRC of two pieces laid end to end, from each piece's CRC and the second's length, for the reflected CRCs with
/// all ones in and out (CRC-32, CRC-32C, CRC-64/NVME): zlib's crc32_combine, for any width up to 64. This is how S3
/// gives a multipart object one full-object checksum from its parts' ("Checking object integrity in Amazon S3":
/// full object checksums for multipart uploads).
public enum CRCCombination {
    public static func combine(_ first: UInt64, _ second: UInt64, secondLength: Int64, reflectedPolynomial: UInt64, width: Int) -> UInt64 {
        guard secondLength > 0 else { return first }
        // Operators over GF(2): `odd` appends one zero bit to a CRC, squaring one doubles the zeros it appends.
        var odd = [UInt64](repeating: 0, count: width)
        odd[0] = reflectedPolynomial
        for n in 1 ..< width { odd[n] = 1 << UInt64(n - 1) }
        var even = square(odd)  // 2 zero bits
        odd = square(even)  // 4 zero bits
        var crc = first
        var length = secondLength
        repeat {
            even = square(odd)  // the next power of two of zero bytes
            if length & 1 == 1 { crc = times(even, crc) }
            length >>= 1
            guard length != 0 else { break }
            odd = square(even)
            if length & 1 == 1 { crc = times(odd, crc) }
            length >>= 1
        } while length != 0
        return crc ^ second
    }

    /// The CRC of a body of the given parts, each with its CRC and length, for one of S3's CRC algorithms (nil for the
    /// others, which cannot be combined).
    public static func whole(_ parts: [(crc: UInt64, length: Int64)], algorithm: ChecksumAlgorithm) -> UInt64? {
        let polynomial: UInt64
        let width: Int
        switch algorithm {
        case .crc32: (polynomial, width) = (0xEDB8_8320, 32)
        case .crc32c: (polynomial, width) = (0x82F6_3B78, 32)
        case .crc64nvme: (polynomial, width) = (CRC64NVME.reflectedPolynomial, 64)
        case .sha1, .sha256: return nil
        }
        return parts.reduce(0) { combine($0, $1.crc, secondLength: $1.length, reflectedPolynomial: polynomial, width: width) }
    }

    /// A CRC's value from its big-endian bytes (4 or 8 of them, as S3 encodes them before base64).
    public static func value(of bytes: [UInt8]) -> UInt64? {
        guard bytes.count == 4 || bytes.count == 8 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A CRC's big-endian bytes, `width` bits of it.
    public static func bytes(_ crc: UInt64, width: Int) -> [UInt8] {
        (0 ..< width / 8).map { UInt8(truncatingIfNeeded: crc >> UInt64(width - 8 - 8 * $0)) }
    }

    static func times(_ matrix: [UInt64], _ vector: UInt64) -> UInt64 {
        var sum: UInt64 = 0
        var vector = vector
        var index = 0
        while vector != 0 {
            if vector & 1 == 1 { sum ^= matrix[index] }
            vector >>= 1
            index += 1
        }
        return sum
    }

    static func square(_ matrix: [UInt64]) -> [UInt64] {
        matrix.map { times(matrix, $0) }
    }
}
