import Foundation
import NimbusCore
import State

/// Carries out buckets' lifecycle rules (``LifecycleActions`` decides): expirations, transitions, noncurrent
/// versions, expired delete markers and incomplete multipart uploads. S3 runs its rules once a day, in the
/// background; Nimbus sweeps at start-up, every minute, and within a second of its clock being moved
/// (`POST /_nimbus/clock`), so a configuration can be watched at work by moving the clock 31 days on. A version
/// Object Lock protects is never removed by a rule ("How S3 Lifecycle handles Object Lock"), and lifecycle's
/// deletes are not replicated ("What isn't replicated"). Expirations and transitions publish their own event types
/// ("Configuring S3 Lifecycle event notifications"), never `ObjectRemoved:*` ("Supported event types for SQS, SNS,
/// and Lambda": those "don't alert you for automatic deletes from Lifecycle policies").
public enum LifecycleSweep {
    /// Every bucket's rules as of the clock's time; returns how many actions were taken.
    @discardableResult
    public static func sweep(_ environment: NimbusEnvironment) -> Int {
        let now = environment.clock.now()
        guard let bodies = try? ObjectBodies(files: environment.files) else { return 0 }
        let buckets = environment.store.read { view in
            view.all(S3Bucket.self, in: S3Partitions.buckets).values.filter { $0[configuration: BucketLifecycle.stored.key] != nil }
        }
        var taken = 0
        for bucket in buckets {
            guard let configuration = bucket[configuration: BucketLifecycle.stored.key]?.value else { continue }
            let rules = LifecycleActions.enabledRules(configuration)
            guard !rules.isEmpty else { continue }
            let partition = S3Partitions.objects(bucket.name)
            let (entries, uploads) = environment.store.read { view in
                (Array(view.all(S3ObjectEntry.self, in: partition).values), Array(view.all(S3MultipartUpload.self, in: partition).values))
            }
            let decide = { (entry: S3ObjectEntry, current: S3Bucket) in
                LifecycleActions.actions(for: entry, rules: rules, now: now, minimumObjectSize: configuration["TransitionDefaultMinimumObjectSize"]?.string,
                                         versioned: current.versioning != nil)
            }
            // The snapshot only says which keys to look at; each is decided again inside its write, against the rows a
            // request may have changed since (a version written meanwhile is not the one that was due).
            for entry in entries where !decide(entry, bucket).isEmpty {
                taken += apply(key: entry.key, bucket: bucket.name, decide: decide, environment: environment, bodies: bodies, now: now)
            }
            for upload in uploads where LifecycleActions.abortsUpload(upload, rules: rules, now: now) {
                // Aborted only if it is still in progress: a completion meanwhile made its parts an object's body. No
                // event: "Supported event types for SQS, SNS, and Lambda" has none for an upload aborted.
                let aborted = try? environment.store.write { tx -> S3MultipartUpload? in
                    guard let current = tx.get(S3MultipartUpload.self, upload.uploadId, in: partition) else { return nil }
                    tx.delete(S3MultipartUpload.self, upload.uploadId, in: partition)
                    return current
                }
                guard let aborted = aborted ?? nil else { continue }
                bodies.remove(aborted.parts.values.map(\.body))
                taken += 1
            }
        }
        return taken
    }

    /// One key's actions, decided and taken in one store write against its current rows; their events are delivered
    /// once that write has committed.
    static func apply(key: String, bucket name: String, decide: (S3ObjectEntry, S3Bucket) -> [LifecycleActions.Action],
                      environment: NimbusEnvironment, bodies: ObjectBodies, now: Date) -> Int {
        var removed: [String] = []
        // "Expiring objects": a lifecycle delete marker is dated midnight UTC of the day it is made.
        let midnight = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
        let outcome = try? environment.store.write { tx -> (taken: Int, events: [EventNotifications.Event], bucket: S3Bucket)? in
            guard let bucket = tx.get(S3Bucket.self, name, in: S3Partitions.buckets) else { return nil }
            let partition = S3Partitions.objects(name)
            guard var entry = tx.get(S3ObjectEntry.self, key, in: partition) else { return nil }
            let actions = decide(entry, bucket)
            guard !actions.isEmpty else { return nil }
            var count = 0
            var events: [EventNotifications.Event] = []
            for action in actions {
                switch action {
                case .expireCurrent:
                    guard let current = entry.latest, !current.isDeleteMarker else { continue }
                    guard let versioning = bucket.versioning else {
                        removed += entry.versions.flatMap(\.bodyFiles)
                        entry.versions = []
                        count += 1
                        events.append(.init(name: "LifecycleExpiration:Delete", key: key, describesObject: false))
                        continue
                    }
                    // A versioned bucket keeps the version, noncurrent now, behind a delete marker.
                    let markerId = versioning == "Enabled" ? environment.ids.hex(32) : "null"
                    if markerId == "null" { removed += ObjectWrites.dropNullVersion(&entry) }
                    entry.versions.insert(ObjectVersion(versionId: markerId, isDeleteMarker: true, body: nil, size: 0, etag: "",
                                                        lastModified: max(midnight, entry.latest?.lastModified ?? midnight), owner: bucket.owner), at: 0)
                    count += 1
                    events.append(.init(name: "LifecycleExpiration:DeleteMarkerCreated", key: key, versionId: markerId, describesObject: false))
                case .transitionCurrent(let storageClass):
                    guard let current = entry.latest, !current.isDeleteMarker else { continue }
                    entry.versions[0].storageClass = storageClass
                    count += 1
                    events.append(.init(name: "LifecycleTransition", key: key, versionId: current.versionId,
                                        data: .transition(destinationStorageClass: storageClass)))
                case .removeVersion(let versionId):
                    guard let index = entry.versions.firstIndex(where: { $0.versionId == versionId }), index > 0,
                          (try? ObjectLock.checkRemovable(entry.versions[index], bypassGovernance: false, at: now)) != nil else { continue }
                    removed += entry.versions.remove(at: index).bodyFiles
                    count += 1
                    events.append(.init(name: "LifecycleExpiration:Delete", key: key, versionId: versionId, describesObject: false))
                case .transitionVersion(let versionId, let storageClass):
                    guard let index = entry.versions.firstIndex(where: { $0.versionId == versionId }), index > 0 else { continue }
                    entry.versions[index].storageClass = storageClass
                    count += 1
                    events.append(.init(name: "LifecycleTransition", key: key, versionId: versionId, data: .transition(destinationStorageClass: storageClass)))
                case .removeExpiredMarker(let versionId):
                    guard entry.versions.count == 1, entry.versions[0].versionId == versionId else { continue }
                    entry.versions = []
                    count += 1
                    // No event: the LifecycleExpiration types name an object deleted, a version permanently deleted or
                    // a delete marker created ("Configuring S3 Lifecycle event notifications"); a marker removed is none.
                }
            }
            if entry.versions.isEmpty { tx.delete(S3ObjectEntry.self, key, in: partition) } else { tx.put(entry, id: key, in: partition) }
            return (count, events, bucket)
        }
        bodies.remove(removed)
        guard let outcome = outcome ?? nil else { return 0 }
        EventNotifications.deliver(outcome.events, bucket: outcome.bucket, context: EventNotifications.s3Context(bucket: outcome.bucket, environment: environment))
        return outcome.taken
    }

    /// Sweeps after start-up, every minute, and within a second of the clock being moved; until cancelled.
    public static func run(_ environment: NimbusEnvironment) async {
        var offset = environment.clock.now().timeIntervalSinceNow
        var last = ContinuousClock.now - .seconds(3600)
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let moved = environment.clock.now().timeIntervalSinceNow
            guard abs(moved - offset) > 0.5 || ContinuousClock.now - last >= .seconds(60) else { continue }
            sweep(environment)
            offset = moved
            last = ContinuousClock.now
        }
    }
}
