import AWSWire
import Foundation
import NimbusCore
#if canImport(Glibc)
import Glibc
#endif

/// Object bodies as files under `s3/objects` in the data directory. A body file is written once (spooled, then
/// fsynced and renamed into place under a fresh name) and never changed; a new version of an object is a new
/// file, recorded in the store in the same step that makes it visible, and the old file is removed only after
/// that write commits. A crash therefore leaves the old object or the new one, never a torn one; at worst an
/// unreferenced file, which `sweep` removes at start-up.
struct ObjectBodies: Sendable {
    let root: URL

    init(files: NimbusFiles) throws {
        root = try files.directory("s3/objects")
    }

    static func of(_ context: RequestContext) throws -> ObjectBodies {
        do {
            return try ObjectBodies(files: context.environment.files)
        } catch {
            throw S3Errors.internalError
        }
    }

    func path(_ name: String) -> String {
        root.path + "/" + name.prefix(2) + "/" + name
    }

    /// Moves a spooled body into the store under a new name and returns the name.
    func adopt(spooledAt source: String, ids: IDGenerator) throws -> String {
        try placeNewFile(ids: ids) { target in rename(source, target) == 0 }
    }

    /// Writes an in-memory body (a small body that was not spooled) as a new file and returns its name.
    func write(_ bytes: [UInt8], ids: IDGenerator) throws -> String {
        try writeNewFile(ids: ids) { fd in
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
                if n < 0 { if errno == EINTR { continue }; return false }
                done += n
            }
            return true
        }
    }

    /// A new file whose content is `slices` one after another (UploadPartCopy), copied in the kernel where it can
    /// be; returns its name.
    func concatenate(_ slices: [FileSlice], ids: IDGenerator) throws -> String {
        try writeNewFile(ids: ids) { fd in slices.allSatisfy { copy($0, to: fd) } }
    }

    /// Fills a temporary file, fsyncs it and puts it in place under a new name.
    private func writeNewFile(ids: IDGenerator, fill: (Int32) -> Bool) throws -> String {
        try placeNewFile(ids: ids) { target in
            let temporary = target + ".tmp"
            let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            guard fill(fd), fsync(fd) == 0, rename(temporary, target) == 0 else {
                unlink(temporary)
                return false
            }
            return true
        }
    }

    /// A fresh name in its shard directory; `place` puts the file at the path; the directory entry is then synced.
    private func placeNewFile(ids: IDGenerator, place: (String) -> Bool) throws -> String {
        let name = ids.hex(32)
        let directory = root.path + "/" + name.prefix(2)
        mkdir(directory, 0o700)
        guard place(path(name)) else { throw S3Errors.internalError }
        syncDirectory(directory)
        return name
    }

    private func copy(_ slice: FileSlice, to out: Int32) -> Bool {
        var offset = off_t(slice.offset)
        var remaining = Int(slice.length)
        while remaining > 0 {
            let n = nimbus_copy_file_range(slice.file.descriptor, &offset, out, nil, min(remaining, 1 << 30), 0)
            if n > 0 { remaining -= n; continue }
            if n < 0, errno == EINTR { continue }
            if n == 0 { return false }
            // No in-kernel copy here (EXDEV, ENOSYS...): read and write.
            while remaining > 0 {
                guard let bytes = slice.file.read(at: Int64(offset), count: min(remaining, 1 << 20)), !bytes.isEmpty else { return false }
                var done = 0
                while done < bytes.count {
                    let w = bytes.withUnsafeBytes { Glibc.write(out, $0.baseAddress! + done, bytes.count - done) }
                    if w < 0 { if errno == EINTR { continue }; return false }
                    done += w
                }
                offset += off_t(bytes.count)
                remaining -= bytes.count
            }
        }
        return true
    }

    /// A second name for an existing body (a copy shares the bytes; bodies are never changed in place).
    /// A new version sharing `source`'s bytes (a copy, a replica): each of its files linked under a new name.
    func link(bodyOf source: ObjectVersion, into version: inout ObjectVersion, ids: IDGenerator) throws {
        version.inlineBody = source.inlineBody
        version.body = try source.body.map { try link($0, ids: ids) }
        version.segments = try source.segments?.map { BodySegment(body: try link($0.body, ids: ids), size: $0.size) }
    }

    func link(_ name: String, ids: IDGenerator) throws -> String {
        try placeNewFile(ids: ids) { target in Glibc.link(path(name), target) == 0 }
    }

    /// The MD5 of a body, read from disk (copies of ranges and of multipart objects need their own).
    func md5(of body: FileBody) throws -> [UInt8] {
        try digest(of: body, with: .md5())
    }

    /// A digest of a version's bytes, inline or on disk (a copy asked for a checksum its source lacks).
    func digest(of version: ObjectVersion, with digest: RunningDigest) throws -> [UInt8] {
        guard let inline = version.inlineBody else { return try self.digest(of: read(version), with: digest) }
        var digest = digest
        digest.update(Base64.decode(inline) ?? [])
        return digest.finalize()
    }

    func digest(of body: FileBody, with digest: RunningDigest) throws -> [UInt8] {
        var digest = digest
        for slice in body.slices {
            var offset = slice.offset
            let end = slice.offset + slice.length
            while offset < end {
                guard let bytes = slice.file.read(at: offset, count: Int(min(Int64(1 << 20), end - offset))), !bytes.isEmpty else {
                    throw S3Errors.internalError
                }
                digest.update(bytes)
                offset += Int64(bytes.count)
            }
        }
        return digest.finalize()
    }

    /// `length` bytes of a version from `offset`, across its segments.
    func read(_ version: ObjectVersion, offset: Int64 = 0, length: Int64? = nil) throws -> FileBody {
        var remaining = length ?? (version.size - offset)
        var skip = offset
        var slices: [FileSlice] = []
        for segment in version.bodySegments where remaining > 0 {
            if skip >= segment.size {
                skip -= segment.size
                continue
            }
            let take = min(segment.size - skip, remaining)
            slices.append(try slice(segment.body, offset: skip, length: take))
            remaining -= take
            skip = 0
        }
        return FileBody(slices)
    }

    func openBody(_ name: String) -> OpenFile? {
        OpenFile(path: path(name))
    }

    /// The whole body, or a range of it, to stream out.
    func slice(_ name: String?, offset: Int64 = 0, length: Int64) throws -> FileSlice {
        guard let name, let file = openBody(name) else { throw S3Errors.internalError }
        return FileSlice(file: file, offset: offset, length: length)
    }

    /// Removes bodies no row refers to any longer (after the write that dropped them committed).
    func remove(_ names: [String]) {
        for name in names { unlink(path(name)) }
    }

    private func syncDirectory(_ directory: String) {
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

/// glibc's copy_file_range(2), which the Glibc module does not export.
@_silgen_name("copy_file_range")
private func nimbus_copy_file_range(_ fdIn: Int32, _ offIn: UnsafeMutablePointer<off_t>?, _ fdOut: Int32, _ offOut: UnsafeMutablePointer<off_t>?,
                                    _ length: Int, _ flags: UInt32) -> Int
