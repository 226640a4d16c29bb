import PolicyEngine

/// Whether a bucket policy is public, as "Blocking public access to your Amazon S3 storage" ("The meaning of
/// 'public'") defines it: a policy is public unless every statement that allows a wildcard principal is limited
/// to fixed values of one of the keys that name known callers or networks. Pure, so Block Public Access
/// enforcement and GetBucketPolicyStatus answer alike.
public enum S3PublicPolicy {
    /// Condition keys whose fixed values make a statement non-public (lowercased: keys match without case).
    static let restrictingKeys: Set<String> = [
        "aws:sourceip", "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner", "aws:sourceaccount",
        "aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:userid",
        "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:dataaccesspointarn", "s3:dataaccesspointaccount",
    ]

    /// The policy text as stored; a document the policy engine refuses is not public (S3 never stores one).
    public static func isPublic(_ text: String) -> Bool {
        guard let document = try? PolicyDocument.parse(text, kind: .resource) else { return false }
        return isPublic(document)
    }

    public static func isPublic(_ document: PolicyDocument) -> Bool {
        document.statements.contains(where: isPublic)
    }

    /// An Allow statement for everyone (`"*"`, `{"AWS": "*"}`, or NotPrincipal) that no condition limits.
    public static func isPublic(_ statement: PolicyStatement) -> Bool {
        guard statement.effect == .allow, let principal = statement.principal else { return false }
        let everyone = principal.isNegated || principal.set.isWildcard || principal.set.aws.contains { $0.contains("*") }
        return everyone && !statement.conditions.contains(where: restricts)
    }

    /// A clause that admits only fixed values of a restricting key. Negated operators, `...IfExists` and
    /// `ForAllValues:` pass requests that lack the key, so they limit nothing.
    static func restricts(_ clause: ConditionClause) -> Bool {
        let key = clause.key.lowercased()
        let op = clause.`operator`
        guard restrictingKeys.contains(key), !op.ifExists, op.qualifier != .forAllValues, !op.base.isNegated,
              !clause.values.isEmpty else { return false }
        switch op.base.family {
        case .ipAddress: return clause.values.allSatisfy(isNarrowRange)
        case .string, .arn: return clause.values.allSatisfy { isFixed($0, key: key) }
        default: return false
        }
    }

    /// A value without wildcards or policy variables; for `aws:userid`, the `AROLEID:*` form (every session
    /// of one role) counts as fixed.
    static func isFixed(_ value: String, key: String) -> Bool {
        var text = Substring(value)
        if key == "aws:userid", text.hasSuffix(":*") { text = text.dropLast(2) }
        return !text.isEmpty && !text.contains("*") && !text.contains("?") && !text.contains("${")
    }

    /// A CIDR that names a network rather than the internet. AWS calls very broad ranges public without
    /// publishing the bound; Nimbus counts IPv4 ranges wider than /8 and IPv6 wider than /32 as public.
    static func isNarrowRange(_ cidr: String) -> Bool {
        let parts = cidr.split(separator: "/", maxSplits: 1)
        guard let address = parts.first, let ip = IPAddress(String(address)) else { return false }
        guard parts.count == 2 else { return true }
        guard let prefix = Int(parts[1]) else { return false }
        return prefix >= (ip.isIPv4 ? 8 : 32)
    }
}
