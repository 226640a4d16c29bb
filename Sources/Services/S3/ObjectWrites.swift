import AWSWire
import Foundation
import NimbusCore
import State

/// How a new version enters an object's history, and how deletes leave it, under the bucket's versioning state
/// ("How S3 Versioning works", "Working with objects in a versioning-suspended bucket").
enum ObjectWrites {
    /// Adds `version` as the object's newest. Returns its version id (nil in a bucket that was never versioned).
    /// The bodies this write makes unreachable are removed after it commits; if it fails, the new body is (unless
    /// it still belongs to something else: a failed completion leaves the upload its parts). `also` joins more
    /// changes to the same write.
    static func commit(_ version: ObjectVersion, bucket name: String, key: String, context: RequestContext, bodies: ObjectBodies,
                       keepBodiesOnFailure: Bool = false, checking check: ((S3ObjectEntry?) throws -> Void)? = nil,
                       alsoIn also: ((inout StoreTransaction) throws -> Void)? = nil) throws -> String? {
        var removed: [String] = []
        let versionId: String?
        do {
            versionId = try context.store.write { tx in
                let bucket = try S3Lookup.requireBucket(name, in: tx)
                let partition = S3Partitions.objects(name)
                let existing = tx.get(S3ObjectEntry.self, key, in: partition)
                // `check` sees the key as the write finds it, in the same transaction (conditional writes).
                try check?(existing)
                var entry = existing ?? S3ObjectEntry(key: key, versions: [])
                var version = version
                version.owner = ObjectOwnership.owner(writer: context.account, acl: version.acl, bucket: bucket)
                ObjectLock.applyDefault(to: &version, bucket: bucket)
                if bucket.versioningEnabled {
                    version.versionId = newVersionId(context)
                } else {
                    version.versionId = "null"
                    removed = dropNullVersion(&entry)
                }
                entry.versions.insert(version, at: 0)
                tx.put(entry, id: key, in: partition)
                try also?(&tx)
                return bucket.versioning == nil ? nil : version.versionId
            }
        } catch {
            if !keepBodiesOnFailure { bodies.remove(version.bodyFiles) }
            throw error
        }
        bodies.remove(removed)
        return versionId
    }

    /// Removes the "null" version (the one a non-versioned write replaces) and returns its body, if any.
    static func dropNullVersion(_ entry: inout S3ObjectEntry) -> [String] {
        guard let index = entry.versions.firstIndex(where: { $0.versionId == "null" }) else { return [] }
        return entry.versions.remove(at: index).bodyFiles
    }

    static func newVersionId(_ context: RequestContext) -> String {
        context.ids.hex(32)
    }

    /// Whether `id` could name a version here ("null", or what `newVersionId` makes: 32 lowercase hex digits):
    /// anything else is an invalid argument, not a missing version.
    static func isWellFormedVersionId(_ id: String) -> Bool {
        id == "null" || id.utf8.count == 32 && id.utf8.allSatisfy { (0x30 ... 0x39).contains($0) || (0x61 ... 0x66).contains($0) }
    }

    /// A version id a request names must be one this bucket could have made: "null" anywhere, one of ours only
    /// where versioning was ever turned on (AWS-verified recordings: LocalStack test_delete_object,
    /// delete-nonexistent-object-versionid; test_delete_object_versioned, delete-with-bad-version;
    /// get-obj-with-version). A well-formed id that names nothing is not this error.
    static func checkVersionId(_ id: String, in bucket: S3Bucket) throws {
        guard id == "null" || bucket.versioning != nil && isWellFormedVersionId(id) else {
            throw S3Errors.invalidArgument("Invalid version id specified", name: "versionId", value: id)
        }
    }

    struct DeleteResult {
        var versionId: String?
        var deleteMarker: Bool
        /// False when the request named a version the key does not have (the delete then did nothing).
        var matchedVersion = true
    }

    /// DeleteObject's effect on one key: a delete marker in a versioned bucket, the object itself otherwise,
    /// or exactly the version named, unless Object Lock protects it (`bypassGovernance`: the caller may and asked to).
    static func delete(bucket name: String, key: String, versionId: String?, context: RequestContext, bodies: ObjectBodies,
                       bypassGovernance: Bool = false) throws -> DeleteResult {
        var removed: [String] = []
        let result: DeleteResult = try context.store.write { tx in
            let bucket = try S3Lookup.requireBucket(name, in: tx)
            let partition = S3Partitions.objects(name)
            var entry = tx.get(S3ObjectEntry.self, key, in: partition)
            if let versionId {
                guard var found = entry, let index = found.versions.firstIndex(where: { $0.versionId == versionId }) else {
                    return DeleteResult(versionId: versionId, deleteMarker: false, matchedVersion: false)
                }
                try ObjectLock.checkRemovable(found.versions[index], bypassGovernance: bypassGovernance, at: context.now)
                let old = found.versions.remove(at: index)
                removed = old.bodyFiles
                if found.versions.isEmpty { tx.delete(S3ObjectEntry.self, key, in: partition) } else { tx.put(found, id: key, in: partition) }
                return DeleteResult(versionId: versionId, deleteMarker: old.isDeleteMarker)
            }
            guard let versioning = bucket.versioning else {
                if let found = entry {
                    removed = found.versions.flatMap(\.bodyFiles)
                    tx.delete(S3ObjectEntry.self, key, in: partition)
                }
                return DeleteResult(versionId: nil, deleteMarker: false)
            }
            var current = entry ?? S3ObjectEntry(key: key, versions: [])
            let markerId = versioning == "Enabled" ? newVersionId(context) : "null"
            if markerId == "null" { removed = dropNullVersion(&current) }
            let marker = ObjectVersion(versionId: markerId, isDeleteMarker: true, body: nil, size: 0, etag: "", lastModified: context.now,
                                       owner: context.account)
            current.versions.insert(marker, at: 0)
            tx.put(current, id: key, in: partition)
            entry = current
            return DeleteResult(versionId: markerId, deleteMarker: true)
        }
        bodies.remove(removed)
        return result
    }
}
