import AWSWire
import NimbusCore

/// Canned ACLs ("Access control list (ACL) overview": "Canned ACL") for buckets and objects: stored by name
/// (the bucket's in `configurations["ACL"]`, an object's in `ObjectVersion.acl`) and shown as the grants S3 lists.
enum CannedACL {
    static let allUsers = "http://acs.amazonaws.com/groups/global/AllUsers"
    static let authenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    static let logDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery"
    /// The canonical user that aws-exec-read grants READ to (EC2 reading AMI bundles).
    static let ec2Bundles = "6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c"

    /// ACLs that grant nothing beyond the owners: the only ones BucketOwnerEnforced accepts.
    static let ownerOnly: Set<String> = ["private", "bucket-owner-full-control"]
    /// ACLs that grant to AllUsers or AuthenticatedUsers: "public" for Block Public Access ("The meaning of 'public'").
    static let publicACLs: Set<String> = ["public-read", "public-read-write", "authenticated-read"]
    /// "Access control list (ACL) overview", Canned ACL: every name S3 knows.
    static let all: Set<String> = ["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read",
                                   "bucket-owner-full-control", "log-delivery-write"]

    /// A name that is no canned ACL is an invalid `x-amz-acl` header, which S3 answers without a message.
    static func checkName(_ acl: String) throws {
        guard all.contains(acl) else { throw S3Errors.invalidArgument("", name: "x-amz-acl", value: acl) }
    }

    static func bucketACL(of bucket: S3Bucket) -> String? {
        guard case .string(let acl)? = bucket[configuration: "ACL"] else { return nil }
        return acl
    }

    enum Grantee: Hashable, Codable, Sendable {
        case user(account: String)
        case canonical(String)
        case group(String)
    }

    struct Grant: Hashable, Codable, Sendable {
        var grantee: Grantee
        var permission: String
    }

    /// The grants a canned ACL stands for; `bucketOwner` matters for the bucket-owner-* object ACLs.
    static func grants(_ acl: String, owner: String, bucketOwner: String) -> [Grant] {
        var grants = [Grant(grantee: .user(account: owner), permission: "FULL_CONTROL")]
        switch acl {
        case "public-read": grants.append(Grant(grantee: .group(allUsers), permission: "READ"))
        case "public-read-write":
            grants.append(Grant(grantee: .group(allUsers), permission: "READ"))
            grants.append(Grant(grantee: .group(allUsers), permission: "WRITE"))
        case "authenticated-read": grants.append(Grant(grantee: .group(authenticatedUsers), permission: "READ"))
        case "aws-exec-read": grants.append(Grant(grantee: .canonical(ec2Bundles), permission: "READ"))
        case "log-delivery-write":
            grants.append(Grant(grantee: .group(logDelivery), permission: "WRITE"))
            grants.append(Grant(grantee: .group(logDelivery), permission: "READ_ACP"))
        case "bucket-owner-read" where bucketOwner != owner: grants.append(Grant(grantee: .user(account: bucketOwner), permission: "READ"))
        case "bucket-owner-full-control" where bucketOwner != owner:
            grants.append(Grant(grantee: .user(account: bucketOwner), permission: "FULL_CONTROL"))
        default: break
        }
        return grants
    }

    /// GetBucketAcl / GetObjectAcl output.
    static func output(_ acl: String, owner: String, bucketOwner: String) -> AWSValue {
        .object(["Owner": S3Owner.value(owner), "Grants": .list(grants(acl, owner: owner, bucketOwner: bucketOwner).map(outputGrant))])
    }

    static func outputGrant(_ grant: Grant) -> AWSValue {
        var grantee: [String: AWSValue]
        switch grant.grantee {
        case .user(let account): grantee = ["Type": "CanonicalUser", "ID": .string(S3Owner.canonicalId(account))]
        case .canonical(let id): grantee = ["Type": "CanonicalUser", "ID": .string(id)]
        case .group(let uri): grantee = ["Type": "Group", "URI": .string(uri)]
        }
        return ["Grantee": .object(grantee), "Permission": .string(grant.permission)]
    }

    /// The `x-amz-grant-*` headers, by their model names (PutObject has no GrantWrite; the lookup finds none there).
    static let grantHeaders = ["GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP"]

    /// Whether a request sets an ACL, canned or by grants (an ACL write of its own: s3:PutObjectAcl, s3:PutBucketAcl).
    static func isSet(in input: AWSValue) -> Bool {
        input["ACL"] != nil || grantHeaders.contains { input[$0] != nil }
    }

    /// The ACL a Put asks for: the `x-amz-acl` header, the `x-amz-grant-*` headers, or an AccessControlPolicy body;
    /// grants that are exactly a canned ACL's are kept as that name.
    static func requested(_ input: AWSValue, owner: String, bucketOwner: String, candidates: [String]) throws -> ExplicitGrants.Requested {
        if let headerGrants = try ExplicitGrants.fromHeaders(input) {
            return ExplicitGrants.requested(headerGrants, owner: owner, bucketOwner: bucketOwner, candidates: candidates)
        }
        if let acl = input["ACL"]?.string { return .canned(acl) }
        guard let body = input["AccessControlPolicy"] else {
            throw AWSError("MissingSecurityHeader", "Your request was missing a required header", status: 400, fields: [("MissingHeaderName", "x-amz-acl")])
        }
        let grants = try ExplicitGrants.fromBody(body)
        guard !grants.isEmpty, Set(grants).count == grants.count else { throw ExplicitGrants.malformed }
        return ExplicitGrants.requested(grants, owner: owner, bucketOwner: bucketOwner, candidates: candidates)
    }

    /// The grant as a request body names it: accounts by their canonical id.
    static func byId(_ grant: Grant) -> Grant {
        guard case .user(let account) = grant.grantee else { return grant }
        return Grant(grantee: .canonical(S3Owner.canonicalId(account)), permission: grant.permission)
    }

    /// Ownership and Block Public Access rules for setting `acl` on the bucket or one of its objects.
    static func check(_ acl: String, bucket: S3Bucket, _ context: RequestContext) throws {
        try check(acl, bucket: bucket, account: AccountPublicAccessBlock.enabled(for: bucket.owner, context))
    }

    /// The same, with the owner's account-level settings already read (inside a store write).
    static func check(_ acl: String, bucket: S3Bucket, account: Set<String>) throws {
        try checkName(acl)
        if OwnershipControls.setting(of: bucket) == "BucketOwnerEnforced", !ownerOnly.contains(acl) { throw S3Errors.aclNotSupported }
        // "Blocking public access": BlockPublicAcls makes "PUT Bucket ACL and PUT Object ACL calls fail if the
        // specified ACL is public".
        if publicACLs.contains(acl), PublicAccessBlock.setting("BlockPublicAcls", of: bucket, account: account) { throw S3Errors.accessDenied }
    }
}
