import Foundation
import Testing
@testable import AWSWire

/// The pieces S3 uploads go through: checksums ("Checking object integrity in Amazon S3"), aws-chunked framing and
/// its chunk signatures ("Signature Calculations for the Authorization Header: Transferring Payload in Multiple
/// Chunks"), and S3's Signature Version 2 query authentication.
@Suite struct BodyStreamingTests {
    static func digest(_ algorithm: ChecksumAlgorithm, _ text: String) -> String {
        var running = RunningDigest(algorithm)
        running.update(Array(text.utf8))
        return Base64.encode(running.finalize())
    }

    @Test func checksumsMatchTheStandardCheckValues() {
        // CRC-32 and CRC-32C of "123456789": 0xCBF43926 and 0xE3069283 (the catalogue's check values).
        #expect(Self.digest(.crc32, "123456789") == Base64.encode([0xCB, 0xF4, 0x39, 0x26]))
        #expect(Self.digest(.crc32c, "123456789") == Base64.encode([0xE3, 0x06, 0x92, 0x83]))
        #expect(Self.digest(.sha1, "abc") == "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
        #expect(Self.digest(.crc32, "") == "AAAAAA==")
    }

    /// The CPU's CRC instructions (carry-less multiply for CRC-32, SSE4.2 for CRC-32C) agree with the tables at
    /// every length and alignment, including the tails the folding leaves to the table.
    @Test func hardwareCRCsMatchTheTables() {
        let bytes = (0 ..< 5000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        bytes.withUnsafeBytes { all in
            for start in [0, 1, 3, 8, 15] {
                for count in [0, 1, 15, 16, 63, 64, 65, 79, 80, 127, 128, 129, 1000, 4096, 4985] where start + count <= all.count {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start ..< start + count])
                    let table = CRC.update(0x1234_5678, slice, table: CRC.tables(polynomial: UInt32(0xEDB8_8320)))
                    #expect(CRC.ieee(0x1234_5678, slice) == table, "crc32 start \(start) count \(count)")
                    #expect(CRC.castagnoli(0x1234_5678, slice) == CRC.update(0x1234_5678, slice, table: CRC.castagnoliTable),
                            "crc32c start \(start) count \(count)")
                }
            }
        }
        #if arch(x86_64)
        #expect(CRC.simd && CRC.simdCastagnoli) // every x86-64 of the last decade; otherwise the tables alone were tested
        #endif
    }

    @Test func checksumsAreTheSameFedInPieces() {
        let text = String(repeating: "nimbus streams bodies ", count: 500)
        for algorithm in ChecksumAlgorithm.allCases {
            var pieces = RunningDigest(algorithm)
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: 37) { pieces.update(Array(bytes[start ..< min(start + 37, bytes.count)])) }
            #expect(Base64.encode(pieces.finalize()) == Self.digest(algorithm, text))
        }
    }

    static func decode(_ framed: [UInt8], piece: Int) throws -> (payload: [UInt8], decoder: ChunkDecoder, signatures: [String?]) {
        var decoder = ChunkDecoder()
        var payload: [UInt8] = []
        var signatures: [String?] = []
        for start in stride(from: 0, to: framed.count, by: piece) {
            try Array(framed[start ..< min(start + piece, framed.count)]).withUnsafeBytes { bytes in
                try decoder.feed(bytes, payload: { payload += $0 }, chunkEnded: { signatures.append($0) })
            }
        }
        return (payload, decoder, signatures)
    }

    @Test func awsChunkedFramingDecodesWhateverTheReadSizes() throws {
        let framed = Array("5;chunk-signature=aaa\r\nhello\r\n6;chunk-signature=bbb\r\n world\r\n0;chunk-signature=ccc\r\nx-amz-checksum-crc32:abc=\r\n\r\n".utf8)
        for piece in [1, 2, 7, 64, framed.count] {
            let (payload, decoder, signatures) = try Self.decode(framed, piece: piece)
            #expect(payload == Array("hello world".utf8))
            #expect(decoder.isComplete)
            #expect(signatures == ["aaa", "bbb", "ccc"])
            #expect(decoder.trailers.map(\.name) == ["x-amz-checksum-crc32"])
        }
    }

    @Test func brokenFramingIsRefused() {
        #expect(throws: (any Error).self) { try Self.decode(Array("zz\r\nhello\r\n".utf8), piece: 4) }
        #expect(throws: (any Error).self) { try Self.decode(Array("5\r\nhelloXX0\r\n\r\n".utf8), piece: 4) }
        let truncated = try? Self.decode(Array("5\r\nhel".utf8), piece: 4)
        #expect(truncated?.decoder.isComplete == false)
    }

    @Test func chunkSignaturesChainFromTheSeed() {
        let seed = SigV4Authorization(accessKeyId: "AKIAIOSFODNN7EXAMPLE", scopeDate: "20130524", region: "us-east-1", service: "s3",
                                      signedHeaders: [], signature: "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
                                      amzDate: "20130524T000000Z")
        let key = SigV4.signingKey(secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", date: "20130524", region: "us-east-1", service: "s3")
        // The first chunk of AWS's example: 65,536 bytes of 'a', whose signature the page gives.
        let first = SigV4.sha256Hex([UInt8](repeating: 0x61, count: 65536))
        let chunks = [(signature: "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648", sha256Hex: first)]
        #expect(SigV4.verifyChunkChain(chunks, seed: seed, signingKey: key))
        #expect(!SigV4.verifyChunkChain([(signature: chunks[0].signature, sha256Hex: SigV4.sha256Hex([UInt8](repeating: 0x62, count: 65536)))],
                                        seed: seed, signingKey: key))
    }

    @Test func sigV2QueryAuthentication() {
        // "Query string request authentication alternative" (Amazon S3 Signature Version 2): HMAC-SHA1 of
        // "GET\n\n\n<Expires>\n<resource>", the signature computed independently with Python's hmac.
        let request = SigV4Request(method: "GET", rawPath: "/awsexamplebucket1/photos/puppy.jpg",
                                   rawQuery: "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=1No4mq5ETf02z8aet9voy6gui6E%3D&Expires=1175139620",
                                   headers: [("host", "s3.amazonaws.com")])
        let query = SigV2Query.parse(request)
        #expect(query?.expires == 1_175_139_620)
        #expect(query?.verify(request, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", bucketFromHost: nil) == true)
        #expect(query?.verify(request, secretAccessKey: "wrong", bucketFromHost: nil) == false)
    }
}
