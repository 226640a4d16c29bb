import Foundation
import Testing
@testable import LambdaService

/// A zip of stored (uncompressed) entries, built by hand so each test can write the names a tool would refuse.
func storedZip(_ entries: [(name: String, content: String, mode: UInt32)]) -> [UInt8] {
    func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff)] }
    func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }
    var body: [UInt8] = []
    var central: [UInt8] = []
    for entry in entries {
        let name = Array(entry.name.utf8), data = Array(entry.content.utf8)
        let crc = ZipArchiveTests.crc32(data)
        let offset = UInt32(body.count)
        body += le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc)
            + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(name.count) + le16(0) + name + data
        central += le32(0x0201_4b50) + le16(0x031e) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc)
            + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0)
            + le32(entry.mode << 16) + le32(offset) + name
    }
    let end = le32(0x0605_4b50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        + le32(UInt32(central.count)) + le32(UInt32(body.count)) + le16(0)
    return body + central + end
}

@Suite struct ZipArchiveTests {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func readsStoredEntries() throws {
        let archive = try ZipArchive(storedZip([("app.py", "print(1)\n", 0o100644), ("lib/util.py", "x = 1\n", 0o100755)]))
        #expect(archive.entries.map(\.path) == ["app.py", "lib/util.py"])
        #expect(archive.entries[1].mode == 0o755)
        #expect(try archive.content(of: archive.entries[0]) == Array("print(1)\n".utf8))
    }

    @Test(arguments: ["../evil.py", "a/../../evil.py", "/etc/passwd", "C:/x", "a\\..\\b", "./../x", "a/b/../../../c"])
    func refusesPathsThatLeave(_ name: String) {
        #expect(throws: ZipArchive.Malformed.self) { try ZipArchive(storedZip([(name, "x", 0o100644)])) }
    }

    @Test func normalizesHarmlessPaths() throws {
        #expect(try ZipArchive.checkedPath("./a//b/./c.py") == "a/b/c.py")
        #expect(try ZipArchive.checkedPath("dir/") == "dir")
    }

    @Test func judgesLinkTargets() {
        #expect(ZipArchive.linkStaysInside(path: "lib/current", target: "v2"))
        #expect(ZipArchive.linkStaysInside(path: "lib/current", target: "../bin/tool"))
        #expect(!ZipArchive.linkStaysInside(path: "lib/current", target: "../../etc/passwd"))
        #expect(!ZipArchive.linkStaysInside(path: "current", target: "/etc/passwd"))
    }

    @Test func refusesCorruptArchives() {
        var bytes = storedZip([("app.py", "print(1)\n", 0o100644)])
        bytes[40] ^= 0xFF  // inside the stored data: the CRC no longer matches
        let archive = try? ZipArchive(bytes)
        #expect(archive != nil)
        if let archive { #expect(throws: ZipArchive.Malformed.self) { try archive.content(of: archive.entries[0]) } }
        #expect(throws: ZipArchive.Malformed.self) { try ZipArchive(Array("not a zip at all, just text".utf8)) }
    }

    @Test func unpacksWithLinksInsideOnly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("zip-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let good = storedZip([("bin/run", "#!/bin/sh\n", 0o100755), ("run", "bin/run", 0o120777)])
        let code = try FunctionCode.unpack(good, into: root, id: "good")
        #expect(FileManager.default.isExecutableFile(atPath: code.directory + "/bin/run"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: code.directory + "/run") == "bin/run")
        let bad = storedZip([("escape", "../../../../etc", 0o120777)])
        #expect(throws: (any Error).self) { try FunctionCode.unpack(bad, into: root, id: "bad") }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("bad").path))
    }
}
