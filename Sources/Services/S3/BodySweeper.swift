import Foundation
import NimbusCore
import State

/// Removes body files no row refers to: spooled uploads a crash interrupted, and bodies written just before a
/// crash kept their row from committing. Run at start-up, before requests, and after a reset.
public enum S3BodySweeper {
    /// Returns how many files it removed.
    @discardableResult
    public static func sweep(store: Store, files: NimbusFiles) -> Int {
        let manager = FileManager.default
        var removed = 0
        if let incoming = try? files.directory("s3/incoming"),
           let names = try? manager.contentsOfDirectory(atPath: incoming.path) {
            for name in names where (try? manager.removeItem(atPath: incoming.path + "/" + name)) != nil { removed += 1 }
        }
        guard let bodies = try? ObjectBodies(files: files) else { return removed }
        var referenced = Set<String>()
        store.read { view in
            for partition in view.partitions(holding: S3ObjectEntry.self) {
                for entry in view.all(S3ObjectEntry.self, in: partition).values {
                    for version in entry.versions { referenced.formUnion(version.bodyFiles) }
                }
            }
            for partition in view.partitions(holding: S3MultipartUpload.self) {
                for upload in view.all(S3MultipartUpload.self, in: partition).values {
                    for part in upload.parts.values { referenced.insert(part.body) }
                }
            }
        }
        for shard in (try? manager.contentsOfDirectory(atPath: bodies.root.path)) ?? [] {
            let directory = bodies.root.path + "/" + shard
            for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where !referenced.contains(name) {
                if (try? manager.removeItem(atPath: directory + "/" + name)) != nil { removed += 1 }
            }
        }
        return removed
    }
}
