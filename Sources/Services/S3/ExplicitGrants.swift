import AWSWire
import NimbusCore

/// ACLs given as explicit grants rather than a canned name ("Access control list (ACL) overview": Grantee types,
/// Permissions; "PutObjectAcl": the `x-amz-grant-*` headers and the AccessControlPolicy body). An ACL is kept by its
/// canned name when it is one (``CannedACL``); any other set of grants is kept as given, on the version
/// (`ObjectVersion.grants`) or the bucket (`configurations["ACLGrants"]`).
enum ExplicitGrants {
    typealias Grant = CannedACL.Grant

    /// What an ACL write asks for.
    enum Requested: Equatable {
        case canned(String)
        case grants([Grant])
    }

    static let permissions: Set<String> = ["READ", "WRITE", "READ_ACP", "WRITE_ACP", "FULL_CONTROL"]
    static let groups: Set<String> = [CannedACL.allUsers, CannedACL.authenticatedUsers, CannedACL.logDelivery]
    /// The `x-amz-grant-*` headers by model member, and the permission each grants.
    static let headers = [("GrantRead", "READ"), ("GrantWrite", "WRITE"), ("GrantReadACP", "READ_ACP"), ("GrantWriteACP", "WRITE_ACP"),
                          ("GrantFullControl", "FULL_CONTROL")]
    /// "Bucket policies and ACLs" quotas: an ACL holds at most 100 grants.
    static let maximumGrants = 100

    /// The grants of a write's `x-amz-grant-*` headers (nil when it sends none); with `x-amz-acl` too it is refused.
    static func fromHeaders(_ input: AWSValue) throws -> [Grant]? {
        let sent = headers.filter { input[$0.0] != nil }
        guard !sent.isEmpty else { return nil }
        if input["ACL"] != nil { throw S3Errors.invalidRequest("Specifying both Canned ACLs and Header Grants is not allowed") }
        var grants: [Grant] = []
        for (member, permission) in sent {
            let header = "x-amz-grant-" + permission.lowercased().replacingOccurrences(of: "_", with: "-")
            let grantees = try granteeList(input[member]?.string ?? "", header: header)
            guard !grantees.isEmpty else { throw S3Errors.invalidArgument("Invalid grantee in \(header)", name: header, value: input[member]?.string ?? "") }
            // The same grantee named twice is one grant.
            for grantee in grantees where !grants.contains(Grant(grantee: grantee, permission: permission)) {
                grants.append(Grant(grantee: grantee, permission: permission))
            }
        }
        try checkCount(grants)
        return grants
    }

    /// `id="…", uri="…", emailAddress="…"`, comma-separated ("PutObjectAcl": x-amz-grant-read).
    static func granteeList(_ text: String, header: String) throws -> [CannedACL.Grantee] {
        try text.split(separator: ",").map { item in
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw S3Errors.invalidArgument("Invalid grantee in \(header)", name: header, value: text) }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            switch pair[0].lowercased() {
            case "id": return try canonical(value)
            case "uri": return try group(value)
            case "emailaddress": throw unresolvableEmail
            default: throw S3Errors.invalidArgument("Invalid grantee in \(header)", name: header, value: text)
            }
        }
    }

    /// An AccessControlPolicy body's grants ("PutBucketAcl": MalformedACLError for a grant it cannot read).
    static func fromBody(_ body: AWSValue) throws -> [Grant] {
        let listed = body["Grants"]?.list ?? []
        let grants = try listed.map { value -> Grant in
            guard let permission = value["Permission"]?.string, permissions.contains(permission), let grantee = value["Grantee"] else { throw malformed }
            let type = grantee["Type"]?.string
            if let uri = grantee["URI"]?.string, type == nil || type == "Group" { return Grant(grantee: try group(uri), permission: permission) }
            if let id = grantee["ID"]?.string, type == nil || type == "CanonicalUser" { return Grant(grantee: try canonical(id), permission: permission) }
            if grantee["EmailAddress"] != nil { throw unresolvableEmail }
            throw malformed
        }
        try checkCount(grants)
        return grants
    }

    /// The canned ACL an explicit set of grants amounts to, among `candidates`, else the grants themselves.
    static func requested(_ grants: [Grant], owner: String, bucketOwner: String, candidates: [String]) -> Requested {
        let sent = Set(grants)
        if let acl = candidates.first(where: { Set(CannedACL.grants($0, owner: owner, bucketOwner: bucketOwner).map(CannedACL.byId)) == sent }) {
            return .canned(acl)
        }
        return .grants(grants)
    }

    static func canonical(_ id: String) throws -> CannedACL.Grantee {
        guard id.utf8.count == 64, id.utf8.allSatisfy({ (48...57).contains($0) || (65...70).contains($0) || (97...102).contains($0) }) else { throw S3Errors.invalidArgument("Invalid id", name: "CanonicalUser/ID", value: id) }
        return .canonical(id.lowercased())
    }

    static func group(_ uri: String) throws -> CannedACL.Grantee {
        guard groups.contains(uri) else { throw S3Errors.invalidArgument("Invalid group uri", name: "Group/URI", value: uri) }
        return .group(uri)
    }

    static func checkCount(_ grants: [Grant]) throws {
        guard grants.count <= maximumGrants else { throw malformed }
    }

    static let malformed = AWSError("MalformedACLError", "The XML you provided was not well-formed or did not validate against our published schema",
                                    status: 400)
    /// Nimbus has no e-mail addresses for its accounts, as S3 has none in most Regions ("Grantee Values").
    static let unresolvableEmail = AWSError("UnresolvableGrantByEmailAddress", "The e-mail address you provided does not match any account on record.",
                                            status: 400)

    // MARK: Rules

    /// Grants to everyone or every AWS account: public for Block Public Access ("The meaning of 'public'").
    static func isPublic(_ grants: [Grant]) -> Bool {
        grants.contains { if case .group(let uri) = $0.grantee { uri != CannedACL.logDelivery } else { false } }
    }

    /// What BucketOwnerEnforced accepts: grants to the owners' accounts alone ("Controlling ownership of objects").
    static func ownerOnly(_ grants: [Grant], owners: Set<String>) -> Bool {
        let ids = Set(owners.map(S3Owner.canonicalId))
        return grants.allSatisfy { grant in
            switch grant.grantee {
            case .user(let account): owners.contains(account)
            case .canonical(let id): ids.contains(id)
            case .group: false
            }
        }
    }

    /// The ownership and Block Public Access rules for setting `grants` on the bucket or one of its objects.
    static func check(_ grants: [Grant], bucket: S3Bucket, account: Set<String>) throws {
        if OwnershipControls.setting(of: bucket) == "BucketOwnerEnforced", !ownerOnly(grants, owners: [bucket.owner]) { throw S3Errors.aclNotSupported }
        if isPublic(grants), PublicAccessBlock.setting("BlockPublicAcls", of: bucket, account: account) { throw S3Errors.accessDenied }
    }

    static func check(_ grants: [Grant], bucket: S3Bucket, _ context: RequestContext) throws {
        try check(grants, bucket: bucket, account: AccountPublicAccessBlock.enabled(for: bucket.owner, context))
    }

    // MARK: The bucket's grants

    static let bucketKey = "ACLGrants"

    static func ofBucket(_ bucket: S3Bucket) -> [Grant]? {
        guard case .list(let items)? = bucket[configuration: bucketKey] else { return nil }
        return items.compactMap { item in
            guard case .object(let members) = item, case .string(let permission)? = members["Permission"],
                  case .string(let grantee)? = members["Grantee"] else { return nil }
            if grantee.hasPrefix("uri:") { return Grant(grantee: .group(String(grantee.dropFirst(4))), permission: permission) }
            if grantee.hasPrefix("id:") { return Grant(grantee: .canonical(String(grantee.dropFirst(3))), permission: permission) }
            return nil
        }
    }

    static func stored(_ grants: [Grant]) -> StoredValue {
        .list(grants.compactMap { grant in
            let grantee: String
            switch grant.grantee {
            case .group(let uri): grantee = "uri:" + uri
            case .canonical(let id): grantee = "id:" + id
            case .user(let account): grantee = "id:" + S3Owner.canonicalId(account)
            }
            return .object(["Grantee": .string(grantee), "Permission": .string(grant.permission)])
        })
    }

    /// Get*Acl's output for explicit grants.
    static func output(_ grants: [Grant], owner: String) -> AWSValue {
        .object(["Owner": S3Owner.value(owner), "Grants": .list(grants.map(CannedACL.outputGrant))])
    }
}
