import Testing
@testable import AWSWire

/// CRC-64/NVME, S3's CRC64NVME checksum ("Checking object integrity in Amazon S3"), and combining two pieces' CRCs
/// into the CRC of both (S3's full-object checksum of a multipart upload).
@Suite struct CRC64NVMETests {
    static func crc(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { CRC64NVME.update(0, $0) }
    }

    @Test func checkValueAndEmptyInput() {
        // The catalogue's check value for "123456789"; no bytes is 0 (all ones in, all ones out).
        #expect(Self.crc(Array("123456789".utf8)) == 0xAE8B_1486_0A79_9888)
        #expect(Self.crc([]) == 0)
        #expect(Base64.encode(CRC64NVME.bytes(0)) == "AAAAAAAAAAA=")
    }

    @Test func feedingInPiecesIsFeedingAtOnce() {
        let bytes = (0 ..< 1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let first = bytes[..<split].withUnsafeBytes { CRC64NVME.update(0, $0) }
            let both = bytes[split...].withUnsafeBytes { CRC64NVME.update(first, $0) }
            #expect(both == Self.crc(bytes), "split at \(split)")
        }
    }

    /// The carry-less-multiply folding (CChecksums) agrees with the table at every length and alignment around its
    /// 64-byte entry and 16-byte steps.
    @Test func foldingMatchesTheTable() {
        let bytes = (0 ..< 4200).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ 13) }
        bytes.withUnsafeBytes { all in
            for start in [0, 1, 7] {
                for count in [0, 15, 63, 64, 65, 79, 80, 127, 128, 1000, 4096, 4193 - start] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start ..< start + count])
                    #expect(CRC64NVME.update(0xDEAD_BEEF, slice) == CRC64NVME.tableUpdate(0xDEAD_BEEF, slice), "start \(start) count \(count)")
                }
            }
        }
        #expect(CRC64NVME.simd, "this machine has PCLMULQDQ: the folding path is the one tested")
    }

    @Test func combiningPiecesGivesTheWhole() {
        let bytes = (0 ..< 5000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 3) }
        for split in [0, 1, 64, 1000, 4999, 5000] {
            let combined = CRC64NVME.combine(Self.crc(Array(bytes[..<split])), Self.crc(Array(bytes[split...])),
                                             secondLength: Int64(bytes.count - split))
            #expect(combined == Self.crc(bytes), "split at \(split)")
        }
        #expect(CRCCombination.value(of: CRC64NVME.bytes(0x0123_4567_89AB_CDEF)) == 0x0123_4567_89AB_CDEF)
    }

    /// The same combination for the 32-bit CRCs S3 offers full-object multipart checksums in.
    @Test func combiningThirtyTwoBitCRCs() {
        let bytes = (0 ..< 3000).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 11) }
        func crc(_ algorithm: ChecksumAlgorithm, _ piece: ArraySlice<UInt8>) -> UInt64 {
            var digest = RunningDigest(algorithm)
            digest.update(Array(piece))
            return CRCCombination.value(of: digest.finalize())!
        }
        for algorithm in [ChecksumAlgorithm.crc32, .crc32c, .crc64nvme] {
            for split in [0, 1, 100, 2999, 3000] {
                let parts = [(crc(algorithm, bytes[..<split]), Int64(split)), (crc(algorithm, bytes[split...]), Int64(bytes.count - split))]
                #expect(CRCCombination.whole(parts, algorithm: algorithm) == crc(algorithm, bytes[...]), "\(algorithm) split at \(split)")
            }
        }
        #expect(CRCCombination.whole([(1, 1)], algorithm: .sha256) == nil)
        #expect(CRCCombination.bytes(0xCBF4_3926, width: 32) == [0xCB, 0xF4, 0x39, 0x26])
    }
}
