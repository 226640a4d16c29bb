import AWSWire
import NimbusCore
import State

/// An object whose owner decides a request about it, and the version the request names.
typealias GoverningObject = (bucket: String, key: String, versionId: String?)

/// Who owns an object, and what that changes ("Controlling ownership of objects and disabling ACLs for your
/// bucket"; "How Amazon S3 authorizes a request for an object operation").
///
/// With ACLs enabled (ObjectWriter, or BucketOwnerPreferred without `bucket-owner-full-control`), the account that
/// writes an object owns it, even in another account's bucket. The bucket owner's policy then cannot grant access to
/// that object: reading it, its attributes, ACL or tags is the object owner's to allow, through the object's ACL; the
/// bucket policy's denies still bind. Writes and deletes stay the bucket's (WRITE on the bucket), whoever owns what they replace.
enum ObjectOwnership {
    /// The owner of an object written now by `writer` with the canned ACL `acl`.
    static func owner(writer: String, acl: String?, bucket: S3Bucket) -> String {
        switch OwnershipControls.setting(of: bucket) {
        case "BucketOwnerEnforced"?: bucket.owner
        case "BucketOwnerPreferred"? where acl == "bucket-owner-full-control": bucket.owner
        default: writer
        }
    }

    /// With BucketOwnerEnforced the bucket owner owns every object, those written before the setting too.
    static func effectiveOwner(_ version: ObjectVersion, bucket: S3Bucket) -> String {
        OwnershipControls.setting(of: bucket) == "BucketOwnerEnforced" ? bucket.owner : version.owner
    }

    /// The operations decided in the object's own context: reading it, its attributes, its ACL and its tags
    /// ("Mapping of ACL permissions and access policy permissions": an object's READ, READ_ACP and WRITE_ACP).
    /// Writes and deletes of the object itself, and restores, stay the bucket's.
    static let objectContextOperations: Set<String> = ["GetObject", "HeadObject", "GetObjectAttributes", "GetObjectAcl", "PutObjectAcl",
                                                       "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging"]
    /// What replication does to its source version.
    static let replicationReads: Set<String> = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging", "s3:GetObjectVersionAcl"]
    /// What a copy does to its source: reads it and its tags.
    static let sourceReads: Set<String> = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:GetObjectVersionTagging"]

    /// The object (and version) whose owner decides `action` on `resource` for this request, if its owner decides
    /// it: the object a read names, or a copy's source for the copy's reads of it (never the copy's write, even
    /// onto the same key).
    static func governingObject(operation: String, action: String, input: AWSValue, resource: String) -> GoverningObject? {
        guard let (bucket, key) = S3ARN.objectParts(resource) else { return nil }
        // Replication reads its source version as a copy reads its source.
        if operation == Replication.operationName {
            guard replicationReads.contains(action), input["Bucket"]?.string == bucket else { return nil }
            return (bucket, key, input["SourceVersionId"]?.string)
        }
        if operation == "CopyObject" || operation == "UploadPartCopy" {
            guard sourceReads.contains(action), let source = try? CopyObjects.parseSource(input["CopySource"]?.string),
                  S3ARN.object(source.bucket, source.key) == resource else { return nil }
            return (bucket, key, source.versionId)
        }
        guard objectContextOperations.contains(operation) else { return nil }
        return (bucket, key, input["VersionId"]?.string)
    }

    /// The version a request's object names (the newest when none is named); nil for a missing one or a marker.
    static func version(bucket: String, key: String, versionId: String?, in view: StoreView) -> ObjectVersion? {
        guard let entry = view.get(S3ObjectEntry.self, key, in: S3Partitions.objects(bucket)) else { return nil }
        let version = versionId.map { id in entry.versions.first { $0.versionId == id } } ?? entry.latest
        return version.flatMap { $0.isDeleteMarker ? nil : $0 }
    }

    /// What an object's canned ACL grants the bucket owner when another account owns the object
    /// ("Canned ACL": bucket-owner-read gives READ, bucket-owner-full-control FULL_CONTROL).
    static func bucketOwnerGrant(objectACL: String?, bucketOwner: String, resource: String) -> [String: Any]? {
        let actions: [String]
        switch objectACL {
        case "bucket-owner-read"?: actions = ACLGrants.objectRead + ACLGrants.objectAttributes
        case "bucket-owner-full-control"?: actions = ownerActions
        default: return nil
        }
        return ["Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::\(bucketOwner):root"], "Action": actions,
                "Resource": resource]
    }

    /// What an object's owner may do with it in its own context (FULL_CONTROL, and its tags).
    static let ownerActions = ACLGrants.objectRead + ACLGrants.objectAttributes + ACLGrants.objectACLs + ACLGrants.objectTags

    /// An object written anonymously (ACLs on) belongs to no account: anonymous callers hold its owner's rights, so the
    /// writer can still read it or grant it to the bucket owner ("How do I get access to objects that were uploaded
    /// anonymously?": PutObjectAcl with bucket-owner-full-control).
    static func anonymousOwnerGrant(resource: String) -> [String: Any] {
        ["Effect": "Allow", "Principal": "*", "Action": ownerActions, "Resource": resource,
         "Condition": ["StringEquals": ["aws:PrincipalType": "Anonymous"]]]
    }
}
