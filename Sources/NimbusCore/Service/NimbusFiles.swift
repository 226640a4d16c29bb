import Foundation
import Synchronization

/// Where services keep files of their own (S3 object bodies, Lambda code): under the data directory,
/// or a private temporary directory when Nimbus runs in memory only (removed when it stops).
public final class NimbusFiles: Sendable {
    public let root: URL
    /// True when `root` is a temporary directory of this process (ephemeral mode).
    public let isTemporary: Bool

    public init(dataDirectory: String?) throws {
        if let dataDirectory {
            root = URL(fileURLWithPath: dataDirectory, isDirectory: true).standardizedFileURL
            isTemporary = false
        } else {
            root = FileManager.default.temporaryDirectory
                .appendingPathComponent("nimbus-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0 ... .max))", isDirectory: true)
            isTemporary = true
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// `root/name`, created (with its parents) when missing.
    public func directory(_ name: String) throws -> URL {
        let url = root.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    /// Removes the temporary root (ephemeral mode); a data directory is never removed.
    public func removeIfTemporary() {
        if isTemporary { try? FileManager.default.removeItem(at: root) }
    }
}

/// The address Nimbus listens on, known once the socket is bound (the port may be chosen by the system):
/// Lambda hands it to functions as `AWS_ENDPOINT_URL` so their SDK calls come back to Nimbus.
public final class ServerEndpoint: Sendable {
    private let value = Mutex<(host: String, port: Int)>(("127.0.0.1", 4566))

    public init() {}

    public func set(host: String, port: Int) {
        value.withLock { $0 = (host, port) }
    }

    public var host: String { value.withLock { $0.host } }
    public var port: Int { value.withLock { $0.port } }
    /// `http://HOST:PORT`, with an unspecified listening address (0.0.0.0, ::) given as loopback.
    public var url: String {
        let (host, port) = value.withLock { $0 }
        let reachable = (host == "0.0.0.0" || host == "::" || host.isEmpty) ? "127.0.0.1" : host
        return "http://\(reachable.contains(":") ? "[\(reachable)]" : reachable):\(port)"
    }
}
