import Foundation

/// What a canned ACL's grants to everyone allow ("Access control list (ACL) overview": AllUsers and
/// AuthenticatedUsers grants; "Mapping of ACL permissions and access policy permissions"), written as policy
/// statements that are evaluated beside the bucket policy, as S3 weighs ACLs with policies. Grants to the owner
/// are not written: the owner's account reaches its bucket through its own policies.
enum ACLGrants {
    /// READ on a bucket lists it; WRITE on a bucket writes and deletes its objects; READ on an object reads it.
    static let bucketRead = ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"]
    static let bucketWrite = ["s3:PutObject", "s3:DeleteObject"]
    /// (An object's READ is also what lets replication read it: "Setting up permissions", the object owner "must explicitly
    /// grant the AWS account that owns the IAM role the required permissions through the object ACL".)
    static let objectRead = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectVersionForReplication"]
    /// READ_ACP and WRITE_ACP on an object read and replace its ACL.
    static let objectACLs = ["s3:GetObjectAcl", "s3:GetObjectVersionAcl", "s3:PutObjectAcl", "s3:PutObjectVersionAcl"]
    static let objectAttributes = ["s3:GetObjectAttributes", "s3:GetObjectVersionAttributes"]
    static let objectTags = ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
                             "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"]

    /// The statements the bucket's ACL and, for an object, the object's ACL grant on `resource`.
    static func statements(bucketACL: String?, objectACL: String?, bucket: String, resource: String) -> [[String: Any]] {
        var statements: [[String: Any]] = []
        let isObject = resource != S3ARN.bucket(bucket)
        if !isObject, let grantee = grantee(ofRead: bucketACL) {
            statements.append(statement(grantee, actions: bucketRead, resource: resource))
        }
        // The bucket's grants on its objects name them all, so objects without grants of their own share one policy.
        if isObject, bucketACL == "public-read-write" {
            statements.append(statement(.allUsers, actions: bucketWrite, resource: S3ARN.object(bucket, "*")))
        }
        if isObject, let grantee = grantee(ofRead: objectACL) {
            statements.append(statement(grantee, actions: objectRead, resource: resource))
        }
        return statements
    }

    enum Grantee {
        case allUsers
        case authenticatedUsers
    }

    static func grantee(ofRead acl: String?) -> Grantee? {
        switch acl {
        case "public-read"?, "public-read-write"?: return .allUsers
        case "authenticated-read"?: return .authenticatedUsers
        default: return nil
        }
    }

    /// AllUsers is anyone, signed or not; AuthenticatedUsers is any signed AWS principal, of any account.
    static func statement(_ grantee: Grantee, actions: [String], resource: String) -> [String: Any] {
        // No Sid: a policy's Sids must be unique, and these sit beside the bucket policy's own statements.
        var statement: [String: Any] = ["Effect": "Allow", "Principal": "*", "Action": actions, "Resource": resource]
        if case .authenticatedUsers = grantee {
            statement["Condition"] = ["StringNotEquals": ["aws:PrincipalType": "Anonymous"]]
        }
        return statement
    }

    /// The policy's Deny statements alone (nil if it has none): what binds an object the bucket owner does not own.
    static func denials(of policy: String) -> String? {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any] else { return nil }
        let statements = (parsed["Statement"] as? [Any]) ?? parsed["Statement"].map { [$0] } ?? []
        let denials = statements.filter { ($0 as? [String: Any])?["Effect"] as? String == "Deny" }
        guard !denials.isEmpty else { return nil }
        var document = parsed
        document["Statement"] = denials
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The bucket policy's document with the ACL's statements added (the policy's own Version kept).
    static func merged(policy: String?, with statements: [[String: Any]]) -> String? {
        var document: [String: Any] = ["Version": "2012-10-17"]
        var all: [Any] = []
        if let policy, let parsed = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any] {
            document["Version"] = parsed["Version"] ?? "2012-10-17"
            if let list = parsed["Statement"] as? [Any] { all = list } else if let one = parsed["Statement"] { all = [one] }
        }
        all += statements as [Any]
        document["Statement"] = all
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension ACLGrants {
    /// What explicit grants allow ("Mapping of ACL permissions and access policy permissions"), as statements beside
    /// the bucket policy: the bucket's grants on the bucket (READ lists it, READ_ACP and WRITE_ACP read and replace its
    /// ACL) and on its objects (WRITE writes and deletes them); an object's grants on the object. Grants to the
    /// resource's own owner are left out (the owner's account reaches it through its own policies), and public ones
    /// when `includePublic` is false (IgnorePublicAcls).
    static func explicitStatements(bucketGrants: [CannedACL.Grant]?, objectGrants: [CannedACL.Grant]?, bucket: String, resource: String,
                                   bucketOwner: String, objectOwner: String?, includePublic: Bool) -> [[String: Any]] {
        let isObject = resource != S3ARN.bucket(bucket)
        var statements: [[String: Any]] = []
        func add(_ grant: CannedACL.Grant, owner: String, actions: [String], on target: String = resource) {
            guard !actions.isEmpty, let principal = principal(grant.grantee, owner: owner, includePublic: includePublic) else { return }
            // No Sid: a policy's Sids must be unique, and there is one statement per grant.
            var statement: [String: Any] = ["Effect": "Allow", "Principal": principal.principal, "Action": actions, "Resource": target]
            if let condition = principal.condition { statement["Condition"] = condition }
            statements.append(statement)
        }
        for grant in bucketGrants ?? [] {
            let full = grant.permission == "FULL_CONTROL"
            if isObject {
                add(grant, owner: bucketOwner, actions: full || grant.permission == "WRITE" ? bucketWrite : [], on: S3ARN.object(bucket, "*"))
            } else {
                var actions: [String] = []
                if full || grant.permission == "READ" { actions += bucketRead }
                if full || grant.permission == "READ_ACP" { actions.append("s3:GetBucketAcl") }
                if full || grant.permission == "WRITE_ACP" { actions.append("s3:PutBucketAcl") }
                add(grant, owner: bucketOwner, actions: actions)
            }
        }
        if isObject, let objectOwner {
            for grant in objectGrants ?? [] {
                let full = grant.permission == "FULL_CONTROL"
                var actions: [String] = []
                if full || grant.permission == "READ" { actions += objectRead + objectAttributes }
                if full || grant.permission == "READ_ACP" { actions += ["s3:GetObjectAcl", "s3:GetObjectVersionAcl"] }
                if full || grant.permission == "WRITE_ACP" { actions += ["s3:PutObjectAcl", "s3:PutObjectVersionAcl"] }
                add(grant, owner: objectOwner, actions: actions)
            }
        }
        return statements
    }

    /// A grantee as a policy principal: AllUsers anyone, AuthenticatedUsers any signed principal, the log delivery
    /// group S3's logging service, an account by its canonical ID.
    static func principal(_ grantee: CannedACL.Grantee, owner: String, includePublic: Bool) -> (principal: Any, condition: [String: Any]?)? {
        switch grantee {
        case .group(CannedACL.allUsers): return includePublic ? ("*", nil) : nil
        case .group(CannedACL.authenticatedUsers): return includePublic ? ("*", ["StringNotEquals": ["aws:PrincipalType": "Anonymous"]]) : nil
        case .group: return (["Service": "logging.s3.amazonaws.com"], nil)
        case .user(let account): return account == owner ? nil : (["AWS": "arn:aws:iam::\(account):root"], nil)
        case .canonical(let id): return id == S3Owner.canonicalId(owner) ? nil : (["CanonicalUser": id], nil)
        }
    }
}
