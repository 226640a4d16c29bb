import AWSWire
import Foundation
import NimbusCore
import State

/// Creating, listing and removing buckets ("CreateBucket", "ListBuckets", "DeleteBucket", "HeadBucket",
/// "GetBucketLocation" in the Amazon S3 API Reference).
enum Buckets {
    static let create: OperationHandler = { input, context in
        let name = input["Bucket"]?.string ?? ""
        if let problem = BucketNames.problem(name) {
            throw AWSError("InvalidBucketName", "The specified bucket is not valid.", status: 400, fields: [("BucketName", name), ("Reason", problem)])
        }
        let region = try location(input["CreateBucketConfiguration"]?["LocationConstraint"]?.string, requestRegion: context.region)
        var bucket = S3Bucket(name: name, owner: context.account, region: region, created: context.now)
        if input["ObjectLockEnabledForBucket"]?.bool == true {
            // Object Lock needs versioning, which S3 turns on with it ("Using S3 Object Lock").
            bucket.objectLockEnabled = true
            bucket.versioning = "Enabled"
        }
        var configurations: [String: StoredValue] = [:]
        let ownership = input["ObjectOwnership"]?.string ?? "BucketOwnerEnforced"
        guard OwnershipControls.values.contains(ownership) else {
            throw S3Errors.invalidArgument("Invalid x-amz-object-ownership header: \(ownership)", name: "x-amz-object-ownership", value: ownership)
        }
        configurations[OwnershipControls.key] = .string(ownership)
        // New buckets block all public access ("Blocking public access to your Amazon S3 storage", since April 2023).
        configurations[PublicAccessBlock.key] = .object(Dictionary(uniqueKeysWithValues: PublicAccessBlock.settings.map { ($0, StoredValue.boolean(true)) }))
        if let constraint = input["CreateBucketConfiguration"]?["LocationConstraint"]?.string, constraint == "EU" {
            // The legacy name is what GetBucketLocation answers for a bucket created with it.
            configurations[legacyLocationKey] = .string(constraint)
        }
        if let acl = input["ACL"]?.string {
            try CannedACL.checkName(acl)
            // "Controlling ownership of objects": a bucket created with ACLs disabled takes no ACL but the owner's.
            if ownership == "BucketOwnerEnforced", !CannedACL.ownerOnly.contains(acl) {
                throw AWSError("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
                               status: 400)
            }
            // The bucket is born with Block Public Access on, so a public ACL cannot come with it ("CreateBucket":
            // create the bucket, turn the setting off, then PutBucketAcl).
            if CannedACL.publicACLs.contains(acl) {
                throw AWSError("InvalidBucketAclWithBlockPublicAccessError", "Bucket cannot have public ACLs set with BlockPublicAccess enabled",
                               status: 400)
            }
            configurations["ACL"] = .string(acl)
        }
        // Grants sent as x-amz-grant-* headers follow the same two rules ("CreateBucket").
        if let grants = try ExplicitGrants.fromHeaders(input) {
            if ownership == "BucketOwnerEnforced", !ExplicitGrants.ownerOnly(grants, owners: [context.account]) {
                throw AWSError("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
                               status: 400)
            }
            if ExplicitGrants.isPublic(grants) {
                throw AWSError("InvalidBucketAclWithBlockPublicAccessError", "Bucket cannot have public ACLs set with BlockPublicAccess enabled",
                               status: 400)
            }
            configurations[ExplicitGrants.bucketKey] = ExplicitGrants.stored(grants)
        }
        bucket.configurations = configurations
        try context.store.write { tx in
            if let existing = tx.get(S3Bucket.self, name, in: S3Partitions.buckets) {
                // In us-east-1 re-creating a bucket you own succeeds, for compatibility with the legacy endpoint
                // ("CreateBucket": BucketAlreadyOwnedByYou).
                guard existing.owner == context.account else {
                    throw AWSError("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
                                   status: 409, fields: [("BucketName", name)])
                }
                // "CreateBucket": in us-east-1 it answers 200 and resets the bucket's ACL.
                if existing.region == "us-east-1", region == "us-east-1" {
                    var reset = existing
                    let acl = input["ACL"]?.string
                    if let acl, OwnershipControls.setting(of: existing) == "BucketOwnerEnforced", !CannedACL.ownerOnly.contains(acl) {
                        throw AWSError("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
                                       status: 400)
                    }
                    reset[configuration: "ACL"] = acl.map(StoredValue.string)
                    reset[configuration: ExplicitGrants.bucketKey] = nil
                    if let grants = try ExplicitGrants.fromHeaders(input) {
                        if OwnershipControls.setting(of: existing) == "BucketOwnerEnforced", !ExplicitGrants.ownerOnly(grants, owners: [existing.owner]) {
                            throw S3Errors.aclNotSupported
                        }
                        reset[configuration: ExplicitGrants.bucketKey] = ExplicitGrants.stored(grants)
                    }
                    tx.put(reset, id: name, in: S3Partitions.buckets)
                    return
                }
                throw AWSError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.",
                               status: 409, fields: [("BucketName", name)])
            }
            tx.put(bucket, id: name, in: S3Partitions.buckets)
        }
        return ["Location": .string(region == "us-east-1" ? "/\(name)" : "http://\(name).s3.amazonaws.com/")]
    }

    /// The bucket's region from its location constraint and the endpoint the request was sent to.
    static func location(_ constraint: String?, requestRegion: String) throws -> String {
        guard let constraint, !constraint.isEmpty else {
            guard requestRegion == "us-east-1" else {
                throw AWSError("IllegalLocationConstraintException",
                               "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.", status: 400)
            }
            return "us-east-1"
        }
        let region = constraint == "EU" ? "eu-west-1" : constraint
        guard RegionCatalog.region(named: region) != nil, constraint != "us-east-1" else {
            throw AWSError("InvalidLocationConstraint", "The specified location-constraint is not valid", status: 400,
                           fields: [("LocationConstraint", constraint)])
        }
        // The us-east-1 endpoint (s3.amazonaws.com) creates buckets in any Region; the others only in their own.
        guard region == requestRegion || requestRegion == "us-east-1" else {
            throw AWSError("IllegalLocationConstraintException",
                           "The \(constraint) location constraint is incompatible for the region specific endpoint this request was sent to.", status: 400)
        }
        return region
    }

    static let delete: OperationHandler = { input, context in
        let name = input["Bucket"]?.string ?? ""
        try context.store.write { tx in
            let bucket = try S3Lookup.requireBucket(name, in: tx)
            guard tx.all(S3ObjectEntry.self, in: S3Partitions.objects(name)).isEmpty else {
                // A bucket that has had versioning says versions count too (AWS-verified recording: LocalStack
                // test_delete_versioned_bucket_with_objects).
                let message = "The bucket you tried to delete is not empty" + (bucket.versioning == nil ? "" : ". You must delete all versions in the bucket.")
                throw AWSError("BucketNotEmpty", message, status: 409, fields: [("BucketName", name)])
            }
            tx.delete(S3Bucket.self, name, in: S3Partitions.buckets)
            for upload in tx.all(S3MultipartUpload.self, in: S3Partitions.objects(name)).keys {
                tx.delete(S3MultipartUpload.self, upload, in: S3Partitions.objects(name))
            }
        }
        return [:]
    }

    static let head: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        return ["BucketRegion": .string(bucket.region), "AccessPointAlias": false]
    }

    static let location: OperationHandler = { input, context in
        let bucket = try S3Lookup.bucket(input, context)
        // us-east-1 answers an empty constraint; a bucket created with `EU` answers `EU` ("GetBucketLocation").
        if case .string(let legacy)? = bucket.configurations?[legacyLocationKey] { return ["LocationConstraint": .string(legacy)] }
        return bucket.region == "us-east-1" ? [:] : ["LocationConstraint": .string(bucket.region)]
    }

    static let legacyLocationKey = "LegacyLocationConstraint"

    static let list: OperationHandler = { input, context in
        let prefix = input["Prefix"]?.string ?? ""
        let regionFilter = input["BucketRegion"]?.string
        let owned = context.store.read { view in
            view.all(S3Bucket.self, in: S3Partitions.buckets).values.filter {
                $0.owner == context.account && $0.name.hasPrefix(prefix) && (regionFilter == nil || $0.region == regionFilter)
            }
        }.sorted { $0.name < $1.name }
        let maxBuckets = input["MaxBuckets"]?.int
        let after = input["ContinuationToken"]?.string
        var page = owned.filter { after == nil || $0.name > after! }
        var token: String?
        if let maxBuckets, page.count > maxBuckets {
            page = Array(page.prefix(maxBuckets))
            token = page.last?.name
        }
        return .structure([
            "Buckets": .list(page.map { ["Name": .string($0.name), "CreationDate": .timestamp($0.created), "BucketRegion": .string($0.region)] }),
            "Owner": S3Owner.value(context.account),
            "ContinuationToken": token.map(AWSValue.string),
            "Prefix": input["Prefix"],
        ])
    }
}
