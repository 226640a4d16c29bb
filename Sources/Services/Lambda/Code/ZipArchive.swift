import CZlib
import Foundation

/// A zip file read from memory: the central directory, each entry's path checked before anything is written.
/// Nimbus's own reader (stored and deflated entries, no zip64, no encryption) rather than `unzip`, so the paths
/// are judged by the same code that writes them.
struct ZipArchive {
    enum Kind: Equatable { case file, directory, symlink }

    struct Entry: Equatable {
        /// The path inside the archive, checked: relative, no `..`, no empty or `.` components.
        var path: String
        var kind: Kind
        /// Unix permission bits from the archive (0 when the archive was not made on Unix).
        var mode: UInt32
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    struct Malformed: Error, Equatable {
        var reason: String
    }

    /// "Lambda quotas": 250 MB unzipped, deployment package included.
    static let maxUnzippedSize = 262_144_000

    let bytes: [UInt8]
    let entries: [Entry]

    init(_ bytes: [UInt8]) throws(Malformed) {
        self.bytes = bytes
        entries = try Self.centralDirectory(bytes)
        let total = entries.reduce(0) { $0 + $1.size }
        guard total <= Self.maxUnzippedSize else { throw Malformed(reason: "unzipped size \(total) exceeds \(Self.maxUnzippedSize)") }
    }

    /// The entry's content, inflated and checked against its CRC.
    func content(of entry: Entry) throws(Malformed) -> [UInt8] {
        let start = entry.localHeaderOffset
        guard start + 30 <= bytes.count, Self.u32(bytes, start) == 0x0403_4b50 else { throw Malformed(reason: "bad local header for \(entry.path)") }
        let dataStart = start + 30 + Int(Self.u16(bytes, start + 26)) + Int(Self.u16(bytes, start + 28))
        guard dataStart + entry.compressedSize <= bytes.count else { throw Malformed(reason: "truncated data for \(entry.path)") }
        let data = bytes[dataStart..<(dataStart + entry.compressedSize)]
        let output: [UInt8]
        switch entry.method {
        case 0:
            output = Array(data)
        case 8:
            output = try Self.inflate(data, expected: entry.size)
        default:
            throw Malformed(reason: "compression method \(entry.method) of \(entry.path)")
        }
        guard output.count == entry.size else { throw Malformed(reason: "size mismatch for \(entry.path)") }
        let crc = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc else { throw Malformed(reason: "CRC mismatch for \(entry.path)") }
        return output
    }

    // MARK: Central directory

    private static func centralDirectory(_ bytes: [UInt8]) throws(Malformed) -> [Entry] {
        // The end record is the last 22 bytes plus a comment of up to 65,535 bytes.
        guard bytes.count >= 22 else { throw Malformed(reason: "too short") }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest, u32(bytes, end) != 0x0605_4b50 { end -= 1 }
        guard end >= lowest else { throw Malformed(reason: "no end of central directory") }
        let count = Int(u16(bytes, end + 10))
        let size = Int(u32(bytes, end + 12))
        let offset = Int(u32(bytes, end + 16))
        guard count != 0xFFFF, offset != 0xFFFF_FFFF else { throw Malformed(reason: "zip64 archives are not supported") }
        guard offset + size <= end else { throw Malformed(reason: "central directory out of bounds") }
        var entries: [Entry] = []
        var position = offset
        for _ in 0..<count {
            guard position + 46 <= end, u32(bytes, position) == 0x0201_4b50 else { throw Malformed(reason: "bad central directory entry") }
            let madeBy = u16(bytes, position + 4) >> 8
            let flags = u16(bytes, position + 8)
            let method = u16(bytes, position + 10)
            let crc = u32(bytes, position + 16)
            let compressed = Int(u32(bytes, position + 20))
            let size = Int(u32(bytes, position + 24))
            let nameLength = Int(u16(bytes, position + 28))
            let extraLength = Int(u16(bytes, position + 30))
            let commentLength = Int(u16(bytes, position + 32))
            let external = u32(bytes, position + 38)
            let localOffset = Int(u32(bytes, position + 42))
            let nameEnd = position + 46 + nameLength
            guard nameEnd <= end else { throw Malformed(reason: "entry name out of bounds") }
            guard flags & 1 == 0 else { throw Malformed(reason: "encrypted entries are not supported") }
            guard compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF, localOffset != 0xFFFF_FFFF else { throw Malformed(reason: "zip64 entries are not supported") }
            guard localOffset < offset else { throw Malformed(reason: "local header out of bounds") }
            let rawName = Array(bytes[(position + 46)..<nameEnd])
            guard let name = String(validating: rawName, as: UTF8.self) else { throw Malformed(reason: "entry name is not UTF-8") }
            // Unix archives keep the file type and permissions in the high half of the external attributes.
            let unixMode = madeBy == 3 ? external >> 16 : 0
            let kind: Kind
            if unixMode & 0o170000 == 0o120000 { kind = .symlink } else if name.hasSuffix("/") || unixMode & 0o170000 == 0o040000 { kind = .directory } else { kind = .file }
            let path = try checkedPath(name)
            entries.append(Entry(path: path, kind: kind, mode: unixMode & 0o7777, method: method, crc: crc,
                                 compressedSize: compressed, size: size, localHeaderOffset: localOffset))
            position = nameEnd + extraLength + commentLength
        }
        return entries
    }

    /// An entry name made safe to join to the code directory, or refused: absolute paths, drive letters, `..`
    /// components, NUL and backslashes (a Windows separator that could hide a `..`) never reach the disk.
    static func checkedPath(_ name: String) throws(Malformed) -> String {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.contains("\0") else {
            throw Malformed(reason: "unsafe entry name \(name)")
        }
        if name.count >= 2, name.dropFirst().first == ":" { throw Malformed(reason: "unsafe entry name \(name)") }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !parts.contains("..") else { throw Malformed(reason: "entry \(name) leaves the code directory") }
        guard !parts.isEmpty else { throw Malformed(reason: "empty entry name") }
        return parts.joined(separator: "/")
    }

    /// Whether a link at `path` pointing to `target` stays inside the archive's root, judged on the path's text
    /// (links are created after every file, so nothing is written through one).
    static func linkStaysInside(path: String, target: String) -> Bool {
        guard !target.isEmpty, !target.hasPrefix("/"), !target.contains("\0") else { return false }
        var stack = path.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !stack.isEmpty else { return false }
                stack.removeLast()
            default: stack.append(String(part))
            }
        }
        return true
    }

    // MARK: Bytes

    private static func inflate(_ data: ArraySlice<UInt8>, expected: Int) throws(Malformed) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(expected, 1))
        var stream = z_stream()
        // Raw deflate (negative window bits): zip entries carry no zlib header.
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Malformed(reason: "zlib init failed")
        }
        defer { inflateEnd(&stream) }
        var input = Array(data)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        // An entry that inflates to more than it declares is refused (a zip bomb lies about its size).
        guard status == Z_STREAM_END || (expected == 0 && stream.total_out == 0) else { throw Malformed(reason: "inflate failed (\(status))") }
        return Array(output.prefix(Int(stream.total_out)))
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
