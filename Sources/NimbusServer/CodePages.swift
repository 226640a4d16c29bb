import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the server's resident memory to the code it runs. The kernel maps file pages in around each page fault
/// ("fault-around", 64 KiB at a time), so a 24 MiB binary and Foundation's ICU tables count megabytes of
/// never-executed code in RSS. Advising MADV_RANDOM on the read-only file mappings turns that off: a page is mapped
/// when it is used. The pages are shared page cache either way; this only stops them counting against Nimbus.
public enum CodePages {
    public static func mapOnlyWhatIsUsed() {
        advise(MADV_RANDOM, executableOnly: false)
    }

    static func advise(_ advice: Int32, executableOnly: Bool) {
        for range in ranges(executableOnly: executableOnly) {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: range.start), Int(range.end - range.start), advice)
        }
    }

    /// The code mappings, read once: releasing them must not run Foundation's file and string code, whose own
    /// pages would be faulted straight back in.
    static let codeRanges = ranges(executableOnly: true)

    /// Unmaps the code pages used since the last call (see `IdleTrimmer`), touching as little code as it can.
    public static func releaseCodePages() {
        for range in codeRanges {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: range.start), Int(range.end - range.start), MADV_DONTNEED)
        }
    }

    /// File-backed mappings that are never written (only executable ones when asked): clean copies of the files.
    /// Read-only data that is not executable may be relocated (RELRO), so only code is ever unmapped.
    static func ranges(executableOnly: Bool) -> [(start: UInt, end: UInt)] {
        #if os(Linux)
        guard let maps = readProcFile("/proc/self/maps") else { return [] }
        let pageSize = UInt(sysconf(Int32(_SC_PAGESIZE)))
        var found: [(start: UInt, end: UInt)] = []
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // address perms offset dev inode path: only file-backed mappings that are never written.
            guard fields.count >= 6, fields[1].hasPrefix("r"), !fields[1].contains("w"), fields[5].hasPrefix("/"),
                  !executableOnly || fields[1] == "r-xp" else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                  start % pageSize == 0, end > start else { continue }
            found.append((start, end))
        }
        return found
        #else
        return []
        #endif
    }

    /// The whole of a /proc file. Foundation's `String(contentsOfFile:)` trusts the size `stat` reports, which is 0
    /// for /proc files, and keeps only what its first read(2) returns: one page of /proc/self/maps, about 40 of
    /// the mappings, so the Swift runtime's and Foundation's code were never advised nor unmapped.
    static func readProcFile(_ path: String) -> String? {
        #if os(Linux)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
        #else
        return nil
        #endif
    }
}
