import AWSWire
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NimbusCore

/// A deployment package: checked, unpacked into a directory of its own, and described as GetFunction shows it.
struct FunctionCode {
    /// "Lambda quotas": 50 MB zipped for a direct upload.
    static let maxZippedSize = 52_428_800
    static let unzipFailure = "Could not unzip uploaded file. Please check your file, then try to upload again."

    var directory: String
    /// Base64 SHA-256 of the zip, as `CodeSha256`.
    var sha256: String
    var size: Int

    /// Unpacks `zip` under `root/ID`, every entry's path checked first; a bad archive writes nothing.
    static func unpack(_ zip: [UInt8], into root: URL, id: String) throws -> FunctionCode {
        guard zip.count <= maxZippedSize else {
            throw LambdaErrors.requestTooLarge("Request must be smaller than \(maxZippedSize) bytes for the CreateFunction operation")
        }
        let archive: ZipArchive
        do {
            archive = try ZipArchive(zip)
        } catch {
            throw LambdaErrors.invalidParameter(unzipFailure)
        }
        let target = root.appendingPathComponent(id, isDirectory: true)
        try? FileManager.default.removeItem(at: target)
        do {
            try write(archive, to: target)
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw LambdaErrors.invalidParameter(unzipFailure)
        }
        let digest = Data(SHA256.hash(data: zip)).base64EncodedString()
        return FunctionCode(directory: target.path, sha256: digest, size: zip.count)
    }

    /// Directories and files first, links last: nothing is ever written through a link of the archive's own,
    /// and a link must point inside the directory (by its text, and where it resolves once made).
    private static func write(_ archive: ZipArchive, to target: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var links: [(ZipArchive.Entry, String)] = []
        for entry in archive.entries {
            let url = target.appendingPathComponent(entry.path)
            switch entry.kind {
            case .directory:
                try manager.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            case .symlink:
                let linkTarget = String(decoding: try archive.content(of: entry), as: UTF8.self)
                guard ZipArchive.linkStaysInside(path: entry.path, target: linkTarget) else { throw ZipArchive.Malformed(reason: "link out") }
                links.append((entry, linkTarget))
            case .file:
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o755])
                let content = try archive.content(of: entry)
                // Lambda makes code readable by the function; executables (a custom runtime's bootstrap) keep their bit.
                let mode = (entry.mode & 0o111 != 0) ? 0o755 : 0o644
                try writeFile(url.path, content, mode: mode_t(mode))
            }
        }
        let rootPath = target.resolvingSymlinksInPath().path
        for (entry, linkTarget) in links {
            let url = target.appendingPathComponent(entry.path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            try? manager.removeItem(at: url)
            try manager.createSymbolicLink(atPath: url.path, withDestinationPath: linkTarget)
            let resolved = url.resolvingSymlinksInPath().path
            guard resolved == rootPath || resolved.hasPrefix(rootPath + "/") else { throw ZipArchive.Malformed(reason: "link out") }
        }
    }

    /// O_NOFOLLOW: the last component is never a link (links come last anyway).
    private static func writeFile(_ path: String, _ content: [UInt8], mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ZipArchive.Malformed(reason: "cannot create \(path)") }
        defer { close(fd) }
        var offset = 0
        while offset < content.count {
            let written = content[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw ZipArchive.Malformed(reason: "cannot write \(path)") }
            offset += written
        }
        fchmod(fd, mode)
    }
}

/// Where code named by `S3Bucket`/`S3Key` comes from. S3 is being built beside Lambda: until a reader is plugged in
/// (`LambdaProvider(s3: ...)`), CreateFunction from S3 is refused with a clear message.
public protocol S3ObjectReading: Sendable {
    /// The object's bytes, or nil when the bucket or key does not exist for `account`.
    func object(bucket: String, key: String, version: String?, account: String, region: String) async throws -> [UInt8]?
}
