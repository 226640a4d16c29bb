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

    /// Makes later reads through `read(at:count:into:)` bypass the page cache (O_DIRECT), as large bodies are
    /// streamed: filling fresh cache pages with a body read once cost more than sending it (see docs/ARCHITECTURE.md,
    /// S3). False when the file system has no direct I/O; reads then go through the page cache as before.
    /// The descriptor is this response's own, so the flag affects no other reader; `read(at:count:)` reads into
    /// unaligned arrays and is not for a descriptor switched this way.
    public func bypassPageCache() -> Bool {
        DirectIO.set(true, on: descriptor)
    }

    /// Reads up to `count` bytes at `offset` into `target`, which must hold `DirectIO.readCapacity(count)` bytes:
    /// with direct I/O the read widens to aligned blocks at an aligned address in `target`. Returns where in
    /// `target` the bytes asked for start and how many were read (0 at the end of the file, -1 on an error).
    public func read(at offset: Int64, count: Int, into target: UnsafeMutableRawBufferPointer) -> (start: Int, count: Int) {
        if DirectIO.isOn(descriptor) {
            let alignment = Int64(DirectIO.alignment)
            let from = offset / alignment * alignment
            let to = (offset + Int64(count) + alignment - 1) / alignment * alignment
            let pad = DirectIO.padding(target.baseAddress!)
            let n = Self.preadRetrying(descriptor, target.baseAddress! + pad, Int(to - from), from)
            if n >= 0 {
                let skip = Int(offset - from)
                return (pad + skip, max(0, min(n - skip, count)))
            }
            guard errno == EINVAL else { return (0, -1) }
            // Refused (an unaligned device, a file system without it): the page cache it is, from here on.
            DirectIO.set(false, on: descriptor)
        }
        return (0, Self.preadRetrying(descriptor, target.baseAddress!, count, offset))
    }

    private static func preadRetrying(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ count: Int, _ offset: Int64) -> Int {
        while true {
            let n = Glibc.pread(fd, into, count, off_t(offset))
            if n < 0, errno == EINTR { continue }
            return n
        }
    }

    public static func == (lhs: OpenFile, rhs: OpenFile) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Direct I/O (O_DIRECT): buffers, lengths and offsets aligned to the device's logical block; 4 KiB covers 512-byte
/// devices too.
public enum DirectIO {
    public static let alignment = 4096
    #if arch(x86_64)
    public static let flag: Int32 = 0o40000
    #else
    public static let flag: Int32 = 0o200000
    #endif

    /// What a buffer must hold to read `count` bytes from any offset directly: the widened range and the padding
    /// to an aligned address.
    public static func readCapacity(_ count: Int) -> Int {
        count + 3 * alignment
    }

    /// Turns O_DIRECT on or off for an open descriptor; false if the file system refuses.
    @discardableResult
    public static func set(_ on: Bool, on descriptor: Int32) -> Bool {
        let flags = fcntl(descriptor, F_GETFL)
        return flags >= 0 && fcntl(descriptor, F_SETFL, on ? flags | flag : flags & ~flag) == 0
    }

    public static func isOn(_ descriptor: Int32) -> Bool {
        let flags = fcntl(descriptor, F_GETFL)
        return flags >= 0 && flags & flag != 0
    }

    /// Bytes from `pointer` to the next aligned address.
    public static func padding(_ pointer: UnsafeMutableRawPointer) -> Int {
        (alignment - Int(bitPattern: pointer) % alignment) % alignment
    }
}
