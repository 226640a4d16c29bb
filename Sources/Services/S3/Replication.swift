import AWSWire
import Foundation
import NimbusCore
import State

/// S3 Replication, carried out ("Replicating objects within and across Regions", "What does Amazon S3 replicate?",
/// "Setting up permissions"): after a request that writes a version or a delete marker in a bucket with a replication
/// configuration, each matching rule's destination gets a replica with the same key, version id, metadata, tags and
/// lock, marked `REPLICA`, and the source version `COMPLETED` or `FAILED`. Replication happens as the configuration's
/// role: the role must trust `s3.amazonaws.com`, its policies must allow reading the source version
/// (s3:GetObjectVersionForReplication) and writing the destination (s3:ReplicateObject, s3:ReplicateDelete), and a
/// destination another account owns must allow it in its bucket policy; each is decided by the authorizer as the
/// role's own request would be. Replication completes before the request that caused it answers (on AWS it takes
/// seconds to minutes); replicas are never replicated again, deletes naming a version never replicated.
enum Replication {
    static let configurationKey = "ReplicationConfiguration"
    /// The role session S3 replicates as.
    static let sessionName = "s3-replication"
    /// The name replication's questions go to the authorizer under (``ObjectOwnership`` decides its source reads in the
    /// source object's owner's context).
    static let operationName = "ReplicateObject"

    /// The requests that leave a new version or delete marker.
    static let replicating: Set<String> = ["PutObject", "PostObject", "CopyObject", "CompleteMultipartUpload", "DeleteObject", "DeleteObjects"]

    static func replicate(operation: String, input: AWSValue, output: AWSValue, index: ConfigurationIndex, context: RequestContext) {
        guard replicating.contains(operation), index.mayApply(context), let name = input["Bucket"]?.string,
              let bucket = context.store.read({ S3Lookup.bucket(name, in: $0) }),
              let configuration = bucket[configuration: configurationKey]?.value else { return }
        let rules = configuration["Rules"]?.list ?? []
        for event in EventNotifications.events(operation: operation, input: input, output: output, bucket: bucket) {
            guard event.name.hasPrefix("ObjectCreated:") || event.name == "ObjectRemoved:DeleteMarkerCreated", let versionId = event.versionId else { continue }
            replicateVersion(key: event.key, versionId: versionId, from: bucket, role: configuration["Role"]?.string ?? "", rules: rules, context: context)
        }
    }

    static func replicateVersion(key: String, versionId: String, from bucket: S3Bucket, role: String, rules: [AWSValue], context: RequestContext) {
        guard let version = context.store.read({ view in
            view.get(S3ObjectEntry.self, key, in: S3Partitions.objects(bucket.name))?.versions.first { $0.versionId == versionId }
        }) else { return }
        // "What isn't replicated": replicas, and objects in S3 Glacier Flexible Retrieval or Deep Archive.
        guard version.replicationStatus != "REPLICA", !["GLACIER", "DEEP_ARCHIVE"].contains(version.storageClass ?? "") else { return }
        let targets = ReplicationTarget.targets(rules, key: key, tags: version.tags ?? [], isDeleteMarker: version.isDeleteMarker,
                                                encryptedWithKMS: version.serverSideEncryption?.hasPrefix("aws:kms") == true)
        guard !targets.isEmpty else { return }
        var failures: [(target: ReplicationTarget, reason: String?)] = []
        for target in targets {
            do {
                try replicate(version, key: key, from: bucket, to: target, role: role, context: context)
            } catch let refused as Refused {
                failures.append((target, refused.reason))
            } catch {
                failures.append((target, nil))
            }
        }
        let replicated = failures.isEmpty
        // A delete marker carries no replication status.
        if !version.isDeleteMarker {
            try? context.store.write { tx in
                let partition = S3Partitions.objects(bucket.name)
                guard var entry = tx.get(S3ObjectEntry.self, key, in: partition),
                      let index = entry.versions.firstIndex(where: { $0.versionId == versionId }) else { return }
                entry.versions[index].replicationStatus = replicated ? "COMPLETED" : "FAILED"
                tx.put(entry, id: key, in: partition)
            }
        }
        // After the status is written, so that a function reading the version finds it FAILED.
        EventNotifications.deliver(failureEvents(failures, version: version, key: key), bucket: bucket, context: context)
    }

    /// A replica S3 would not make, and why, as "Amazon S3 replication failure reasons" names it.
    struct Refused: Error {
        var reason: String
    }

    /// "Receiving replication failure events with Amazon S3 Event Notifications": a version that failed to replicate
    /// publishes `Replication:OperationFailedReplication` when the rule has S3 Replication metrics on (S3 RTC is not
    /// needed for it). The threshold events need S3 RTC's 15 minutes, which a replication that completes before its
    /// request answers never misses, and nothing here stops tracking an object (`OperationNotTracked`). Delete markers
    /// publish nothing: the documentation names no `s3Operation` for them.
    static func failureEvents(_ failures: [(target: ReplicationTarget, reason: String?)], version: ObjectVersion, key: String) -> [EventNotifications.Event] {
        guard !version.isDeleteMarker else { return [] }
        return failures.filter { $0.target.metricsEnabled }.map { failure in
            let data = EventNotifications.ReplicationEventData(ruleId: failure.target.ruleId, destinationBucket: failure.target.bucketArn,
                                                               s3Operation: "OBJECT_PUT", requestTime: version.lastModified, failureReason: failure.reason)
            return EventNotifications.Event(name: "Replication:OperationFailedReplication", key: key, versionId: version.versionId, data: .replication(data))
        }
    }

    /// One replica in one destination, as the role may make it.
    static func replicate(_ version: ObjectVersion, key: String, from source: S3Bucket, to target: ReplicationTarget, role: String,
                          context: RequestContext) throws {
        guard let destinationName = S3ARN.bucketName(target.bucketArn),
              let destination = context.store.read({ S3Lookup.bucket(destinationName, in: $0) }) else { throw Refused(reason: "DstBucketNotFound") }
        // "What isn't replicated": delete markers, when the destination belongs to another account.
        if version.isDeleteMarker, destination.owner != source.owner { return }
        guard let roleRecord = context.environment.identities.role(arn: role), roleRecord.trusts(service: "s3.amazonaws.com") else {
            throw Refused(reason: "AssumeRoleNotPermitted")
        }
        let session = RequestContext(requestId: context.requestId, service: "s3", operation: operationName,
                                     principal: SessionCredentials.rolePrincipal(roleRecord, sessionName: sessionName), region: source.region,
                                     sourceIP: "", secureTransport: true, environment: context.environment)
        let sourceObject = S3ARN.object(source.name, key)
        let destinationObject = S3ARN.object(destination.name, key)
        let read = version.isDeleteMarker ? DependentAction(action: "s3:ListBucket", resource: S3ARN.bucket(source.name))
            : DependentAction(action: "s3:GetObjectVersionForReplication", resource: sourceObject)
        let write = DependentAction(action: version.isDeleteMarker ? "s3:ReplicateDelete" : "s3:ReplicateObject", resource: destinationObject)
        let readTags = DependentAction(action: "s3:GetObjectVersionTagging", resource: sourceObject)
        let writeTags = DependentAction(action: "s3:ReplicateTags", resource: destinationObject)
        let override = DependentAction(action: "s3:ObjectOwnerOverrideToBucketOwner", resource: destinationObject)
        // The source version is read in its owner's context (``ObjectOwnership``): an object another account wrote is
        // replicated only if its ACL lets the bucket owner read it ("What does Amazon S3 replicate?").
        let answers = context.environment.access.answers(
            [read, write, readTags, writeTags] + (target.ownerOverride ? [override] : []), service: "s3", operation: operationName,
            input: .object(["Bucket": .string(source.name), "Key": .string(key), "SourceVersionId": .string(version.versionId)]), context: session)
        guard answers.isGranted(read) else { throw Refused(reason: "SrcGetObjectNotPermitted") }
        guard answers.isGranted(write) else { throw Refused(reason: version.isDeleteMarker ? "DstDelObjNotPermitted" : "DstPutObjectNotPermitted") }
        // "Changing the replica owner": the override needs s3:ObjectOwnerOverrideToBucketOwner (role and destination);
        // "Amazon S3 replication failure reasons" counts its absence as DstPutObjectNotPermitted.
        if target.ownerOverride, !answers.isGranted(override) { throw Refused(reason: "DstPutObjectNotPermitted") }
        // "Replication failure reasons" (DstBucketObjectLockConfigMissing): a locked version needs a lock bucket.
        if version.lockMode != nil || version.legalHold == "ON", destination.objectLockEnabled != true {
            throw Refused(reason: "DstBucketObjectLockConfigMissing")
        }

        var replica = version
        replica.replicationStatus = version.isDeleteMarker ? nil : "REPLICA"
        // "Setting up permissions": tags go with the object when the role may read them; s3:ReplicateObject covers
        // writing them, unless the destination denies s3:ReplicateTags.
        if !answers.isGranted(readTags) || answers.isExplicitlyDenied(writeTags) { replica.tags = nil }
        if let storageClass = target.storageClass { replica.storageClass = storageClass }
        if target.ownerOverride { replica.owner = destination.owner }
        let bodies = try ObjectBodies.of(context)
        try bodies.link(bodyOf: version, into: &replica, ids: context.ids)
        do {
            try context.store.write { tx in
                let current = try S3Lookup.requireBucket(destination.name, in: tx)
                guard current.versioningEnabled else { throw Refused(reason: "DstBucketUnversioned") }
                // "Using S3 Object Lock": a replica keeps its source's retention; without one, the destination's default.
                ObjectLock.applyDefault(to: &replica, bucket: current)
                let partition = S3Partitions.objects(destination.name)
                var entry = tx.get(S3ObjectEntry.self, key, in: partition) ?? S3ObjectEntry(key: key, versions: [])
                // "SrcReplicationNotPending: Amazon S3 has already replicated this object."
                guard !entry.versions.contains(where: { $0.versionId == replica.versionId }) else { throw Refused(reason: "SrcReplicationNotPending") }
                // Versions stay newest first: a replica takes its place by its creation time.
                let position = entry.versions.firstIndex { $0.lastModified <= replica.lastModified } ?? entry.versions.endIndex
                entry.versions.insert(replica, at: position)
                tx.put(entry, id: key, in: partition)
            }
        } catch {
            bodies.remove(replica.bodyFiles)
            throw error
        }
    }
}
