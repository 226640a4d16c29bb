import AWSWire
import NimbusCore
import State

/// Reading and changing one version's tags or ACL: the version the request names (VersionId, else the newest),
/// found as `Objects.resolve` finds it, and for changes found and changed inside one store transaction.
enum ObjectSubresources {
    /// `markerRefuses`: a delete marker as the newest version is 405 MethodNotAllowed rather than NoSuchKey, as S3
    /// answers the tagging operations (AWS-verified recordings: LocalStack's `*-object-tags-delete-marker-latest`).
    static func read(_ input: AWSValue, _ context: RequestContext, method: String, markerRefuses: Bool = false) throws -> Objects.Resolved {
        do {
            return try Objects.resolve(bucket: input["Bucket"]?.string ?? "", key: input["Key"]?.string ?? "", versionId: input["VersionId"]?.string,
                                       context: context, method: method)
        } catch let error as AWSError where markerRefuses && error.code == "NoSuchKey"
            && error.headers.contains(where: { $0.name == "x-amz-delete-marker" }) {
            throw S3Errors.methodNotAllowed(method: method, resource: "DeleteMarker")
        }
    }

    /// Changes the version in place; the closure sees the bucket too (its ownership and public access settings).
    @discardableResult
    static func update<T>(_ input: AWSValue, _ context: RequestContext, method: String, markerRefuses: Bool = false,
                          _ change: (inout ObjectVersion, S3Bucket) throws -> T) throws -> T {
        let name = input["Bucket"]?.string ?? ""
        let key = input["Key"]?.string ?? ""
        let versionId = input["VersionId"]?.string
        return try context.store.write { tx in
            let bucket = try S3Lookup.requireBucket(name, in: tx)
            let partition = S3Partitions.objects(name)
            guard var entry = tx.get(S3ObjectEntry.self, key, in: partition) else {
                throw versionId.map { S3Errors.noSuchVersion(key: key, version: $0) } ?? S3Errors.noSuchKey(key)
            }
            let index = try position(of: versionId, in: entry, method: method, markerRefuses: markerRefuses)
            let result = try change(&entry.versions[index], bucket)
            tx.put(entry, id: key, in: partition)
            return result
        }
    }

    /// The index of the named version, with the errors `Objects.resolve` gives: a delete marker has nothing to
    /// tag ("Working with delete markers": MethodNotAllowed by id, NoSuchKey as the newest).
    static func position(of versionId: String?, in entry: S3ObjectEntry, method: String, markerRefuses: Bool = false) throws -> Int {
        guard let versionId else {
            guard let latest = entry.latest else { throw S3Errors.noSuchKey(entry.key) }
            if latest.isDeleteMarker {
                throw markerRefuses ? S3Errors.methodNotAllowed(method: method, resource: "DeleteMarker") : S3Errors.noSuchKey(entry.key)
            }
            return 0
        }
        guard let index = entry.versions.firstIndex(where: { $0.versionId == versionId }) else {
            throw S3Errors.noSuchVersion(key: entry.key, version: versionId)
        }
        if entry.versions[index].isDeleteMarker { throw S3Errors.methodNotAllowed(method: method, resource: "DeleteMarker") }
        return index
    }

    /// The version id S3 reports beside a tagging call: only on a bucket that has had versioning configured.
    static func versionOutput(_ version: ObjectVersion, bucket: S3Bucket) -> AWSValue? {
        bucket.versioning == nil ? nil : .string(version.versionId)
    }
}
