#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blob that lives in a file rather than in memory: an S3 body spooled to disk as it arrived, or a stored
/// object (or a range of it) on its way out. The wire layer streams it; no body of any size is held in memory.
public struct FileSlice: Sendable, Hashable {
    /// The open file; reading through a descriptor keeps the bytes readable even if the path is replaced
    /// or removed meanwhile (an object overwritten while it is being downloaded).
    public let file: OpenFile
    public let offset: Int64
    public let length: Int64

    public init(file: OpenFile, offset: Int64 = 0, length: Int64) {
        self.file = file
        self.offset = offset
        self.length = length
    }
}

/// A body made of file slices read one after another: one slice for most objects, one per part for an object
/// assembled by a multipart upload (its parts are never copied into one file).
public struct FileBody: Sendable, Hashable {
    public var slices: [FileSlice]

    public init(_ slices: [FileSlice]) {
        self.slices = slices
    }

    public var length: Int64 { slices.reduce(0) { $0 + $1.length } }
}

/// A read-only file descriptor, closed when the last reference goes away.
public final class OpenFile: Sendable, Hashable {
    public let descriptor: Int32
    /// The path it was opened at (for renaming a spooled body into place).
    public let path: String

    /// Opens `path` for reading; nil when it cannot be opened.
    public init?(path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes at `offset` (fewer at the end of the file; empty past it).
    public func read(at offset: Int64, count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            done += n
        }
        buffer.removeLast(count - done)
        return buffer
    }

    public static func == (lhs: OpenFile, rhs: OpenFile) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
