import Foundation
import Testing
@testable import AWSWire

/// The spooler writes full buffers with O_DIRECT and the unaligned tail through the page cache; whatever the sizes
/// and however the body is cut into reads, the file holds exactly the payload and the digests match it.
@Suite struct BodySpoolerTests {
    static let sizes = [0, 1, 4095, 4096, 4097, BodySpooler.bufferSize - 1, BodySpooler.bufferSize, BodySpooler.bufferSize + 1,
                        3 * BodySpooler.bufferSize + 12345]

    static func spool(_ payload: [UInt8], into directory: String, pieces: Int) throws -> (SpooledBody, [UInt8]) {
        let spooler = try BodySpooler(directory: directory, awsChunked: false, wantSHA256: true, checksums: [.crc32])
        var start = 0
        var piece = pieces
        while start < payload.count {
            let end = min(payload.count, start + piece)
            try Array(payload[start ..< end]).withUnsafeBytes { bytes in try spooler.write(bytes) }
            start = end
            piece = piece * 7 % 65521 + 1 // reads of uneven sizes, as they come off a socket
        }
        let body = try spooler.finish()
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: body.path)))
        spooler.discard()
        return (body, written)
    }

    static func check(directory: String) throws {
        for size in sizes {
            let payload = (0 ..< size).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
            let (body, written) = try spool(payload, into: directory, pieces: 1000)
            #expect(written == payload, "size \(size)")
            #expect(body.length == Int64(size))
            var md5 = RunningDigest.md5()
            md5.update(payload)
            #expect(body.md5 == md5.finalize())
            var crc = RunningDigest(.crc32)
            crc.update(payload)
            #expect(body.checksums[.crc32] == Base64.encode(crc.finalize()))
        }
    }

    @Test(arguments: ScratchDirectory.Kind.allCases)
    func bodiesOfEverySizeAreWrittenWhole(on kind: ScratchDirectory.Kind) throws {
        try ScratchDirectory.with(kind) { try Self.check(directory: $0) }
    }
}

/// A directory for a test's files on the disk's file system or on tmpfs, which refuses O_DIRECT on older kernels
/// (direct I/O then falls back to the page cache).
enum ScratchDirectory {
    enum Kind: CaseIterable, Sendable { case disk, tmpfs }

    static func with(_ kind: Kind, _ body: (String) throws -> Void) throws {
        let parent = kind == .disk ? FileManager.default.temporaryDirectory.path : "/dev/shm"
        guard FileManager.default.fileExists(atPath: parent) else { return }
        let directory = parent + "/nimbus-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }
}

/// Large bodies are read back with direct I/O: aligned reads widened around the range asked for.
@Suite struct DirectReadTests {
    static func check(directory: String) throws {
        let path = directory + "/body"
        let content = (0 ..< 3 * 4096 + 777).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
        try Data(content).write(to: URL(fileURLWithPath: path))
        let file = try #require(OpenFile(path: path))
        _ = file.bypassPageCache()
        for (offset, count) in [(0, 4096), (1, 10), (4095, 2), (5000, 8000), (12000, 5000), (content.count, 10), (content.count - 1, 10)] {
            let target = UnsafeMutableRawBufferPointer.allocate(byteCount: DirectIO.readCapacity(count) + 1, alignment: 1)
            defer { target.deallocate() }
            // An unaligned buffer start, as a ByteBuffer's storage may have.
            let unaligned = UnsafeMutableRawBufferPointer(rebasing: target[1...])
            let (start, n) = file.read(at: Int64(offset), count: count, into: unaligned)
            let expected = Array(content[min(offset, content.count) ..< min(offset + count, content.count)])
            #expect(n == expected.count, "offset \(offset) count \(count)")
            #expect(Array(unaligned[start ..< start + max(0, n)]) == expected, "offset \(offset) count \(count)")
        }
    }

    @Test(arguments: ScratchDirectory.Kind.allCases)
    func rangesAreReadExactly(on kind: ScratchDirectory.Kind) throws {
        try ScratchDirectory.with(kind) { try Self.check(directory: $0) }
    }
}

/// MD5 and SHA-256 in one stitched pass give what swift-crypto gives, at every length around the block and padding
/// boundaries and however the bytes are fed.
@Suite struct PayloadDigestTests {
    @Test func stitchedDigestsMatchSwiftCrypto() {
        #if arch(x86_64)
        #expect(StitchedMD5SHA256.available) // this project's machines have the SHA extensions
        #endif
        let bytes = (0 ..< 20000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 9) }
        for count in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 4096, 20000] {
            for piece in [1, 7, 64, 1000, 20000] {
                var digests = PayloadDigests(sha256: true)
                var start = 0
                while start < count {
                    let end = min(count, start + piece)
                    bytes[start ..< end].withUnsafeBytes { digests.update($0) }
                    start = end
                }
                var md5 = RunningDigest.md5()
                var sha = RunningDigest(.sha256)
                bytes[0 ..< count].withUnsafeBytes { md5.update($0); sha.update($0) }
                let (gotMD5, gotSHA) = digests.finalize()
                #expect(gotMD5 == md5.finalize(), "md5 count \(count) piece \(piece)")
                #expect(gotSHA == sha.finalize(), "sha256 count \(count) piece \(piece)")
            }
        }
    }
}
