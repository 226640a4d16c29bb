import Foundation
import PolicyEngine
import Synchronization

extension Principal {
    /// The principal as the policy engine sees it.
    public var policyPrincipal: PrincipalInfo {
        var info = accountPrincipal
        // A `"CanonicalUser"` principal (an S3 ACL grant, a bucket policy) names the account by its canonical ID.
        if kind != .anonymous { info.canonicalUserId = CanonicalUser.id(of: account) }
        return info
    }

    private var accountPrincipal: PrincipalInfo {
        switch kind {
        case .root:
            return .root(account: account)
        case .user:
            var info = PrincipalInfo(kind: .user, arn: arn, account: account, userId: userId, username: name)
            info.tags = tags
            return info
        case .assumedRole:
            // Service-linked roles live under /aws-service-role/; SCPs don't limit them ("SCP evaluation").
            var info = PrincipalInfo(kind: .roleSession, arn: arn, account: account, userId: userId, roleArn: roleArn,
                                     isServiceLinkedRole: roleArn?.contains(":role/aws-service-role/") == true)
            info.tags = tags
            return info
        case .federatedUser:
            return PrincipalInfo(kind: .federatedUser, arn: arn, account: account, userId: userId)
        case .anonymous:
            return .anonymous
        }
    }

    /// `aws:PrincipalType`, as AWS's global condition keys page lists its values.
    var principalType: String {
        switch kind {
        case .root: return "Account"
        case .user: return "User"
        case .assumedRole: return "AssumedRole"
        case .federatedUser: return "FederatedUser"
        case .anonymous: return "Anonymous"
        }
    }
}

extension RequestContext {
    /// The global condition keys AWS supplies with every request ("AWS global condition context keys"),
    /// plus `aws:RequestTag/*` and `aws:TagKeys` from tags in the input.
    public func conditionContext(input: AWSValueTags = .none) -> ConditionContext {
        var values: [String: ConditionValue] = [:]
        let now = self.now
        values["aws:CurrentTime"] = .date(now)
        values["aws:EpochTime"] = .number(now.timeIntervalSince1970.rounded(.down))
        values["aws:SourceIp"] = .ip(sourceIP)
        values["aws:SecureTransport"] = .bool(secureTransport)
        values["aws:RequestedRegion"] = .string(region)
        values["aws:ViaAWSService"] = .bool(false)
        values["aws:PrincipalType"] = .string(principal.principalType)
        if principal.kind != .anonymous {
            values["aws:PrincipalArn"] = .string(principal.kind == .assumedRole ? (principal.roleArn ?? principal.arn) : principal.arn)
            values["aws:PrincipalAccount"] = .string(principal.account)
            values["aws:userid"] = .string(principal.userId)
        }
        if principal.kind == .user, let name = principal.name { values["aws:username"] = .string(name) }
        for (key, value) in principal.tags { values["aws:PrincipalTag/\(key)"] = .string(value) }
        // "aws:MultiFactorAuthPresent" is present only for temporary credentials; long-term keys leave it out.
        if principal.isSession { values["aws:MultiFactorAuthPresent"] = .bool(principal.mfaAuthenticated) }
        if let source = principal.sourceIdentity { values["aws:SourceIdentity"] = .string(source) }
        if case .tags(let tags) = input, !tags.isEmpty {
            for (key, value) in tags { values["aws:RequestTag/\(key)"] = .string(value) }
            values["aws:TagKeys"] = .list(tags.map { .string($0.key) })
        }
        return ConditionContext(values)
    }
}

/// Tags a request carries, for `aws:RequestTag/*` and `aws:TagKeys`.
public enum AWSValueTags: Sendable {
    case none
    case tags([(key: String, value: String)])
}

/// Compiled policies, by policy id: a principal's policies are the same request after request, and compiling
/// is far dearer than evaluating. The document is compared on a hit (cheap: the store hands back the same
/// string storage each time), so an edited policy is recompiled; keys stay short, so no document is hashed.
public final class PolicyCache: Sendable {
    public static let shared = PolicyCache()

    private struct Key: Hashable {
        let kind: PolicyKind
        let id: String
    }

    private let cache = Mutex<[Key: (document: String, policy: Policy)]>([:])
    private let capacity = 4096

    public func policy(id: String, document: String, kind: PolicyKind) throws(PolicyValidationError) -> Policy {
        let key = Key(kind: kind, id: id)
        if let cached = cache.withLock({ $0[key] }), cached.document == document { return cached.policy }
        let policy = try Policy(json: document, id: id, kind: kind)
        store(policy, document: document, key: key)
        return policy
    }

    /// Many policies at once, under one acquisition of the lock; documents that do not compile are left out.
    public func policies(_ documents: [NamedPolicyDocument], kind: PolicyKind) -> [Policy] {
        var found: [Policy?] = cache.withLock { cache in
            documents.map { document in
                guard let cached = cache[Key(kind: kind, id: document.id)], cached.document == document.document else { return nil }
                return cached.policy
            }
        }
        for (index, document) in documents.enumerated() where found[index] == nil {
            found[index] = try? policy(id: document.id, document: document.document, kind: kind)
        }
        return found.compactMap { $0 }
    }

    private func store(_ policy: Policy, document: String, key: Key) {
        cache.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = (document, policy)
        }
    }
}
