import AWSWire
import Foundation
import NimbusCore
import State

/// Reads a whole object for another service (Lambda's `S3Bucket`/`S3Key` function code), as that service's own
/// GetObject would: the latest version unless one is named, nil when the bucket, key or version does not exist.
public struct S3ObjectReader: Sendable {
    let store: Store
    let bodies: ObjectBodies

    public init(store: Store, files: NimbusFiles) throws {
        self.store = store
        bodies = try ObjectBodies(files: files)
    }

    public func object(bucket: String, key: String, version: String?) throws -> [UInt8]? {
        let entry = store.read { $0.get(S3ObjectEntry.self, key, in: S3Partitions.objects(bucket)) }
        let found = version.map { id in entry?.versions.first { $0.versionId == id } } ?? entry?.latest
        guard let found, !found.isDeleteMarker else { return nil }
        if let inline = found.inlineBody { return Base64.decode(inline) }
        var bytes: [UInt8] = []
        for slice in try bodies.read(found).slices {
            guard let part = slice.file.read(at: slice.offset, count: Int(slice.length)) else { return nil }
            bytes += part
        }
        return bytes
    }
}
