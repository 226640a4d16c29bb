/// What a policy is attached to, which decides the elements it may and must have
/// ("IAM JSON policy elements reference", "Grammar of the IAM JSON policy language", "SCP syntax").
public enum PolicyKind: String, Sendable, Hashable, CaseIterable {
    /// Attached to a user, group or role (inline or managed).
    case identity
    /// Attached to a resource (bucket policy, queue policy, key policy...). `Principal` required.
    case resource
    /// A role's trust policy: `Principal` required, `Resource` prohibited.
    case trust
    /// An AWS Organizations service control policy: no `Principal`.
    case serviceControl
    /// An AWS Organizations resource control policy: `Principal` must be `"*"`.
    case resourceControl
    /// A managed policy used as a user's or role's permissions boundary.
    case permissionsBoundary
    /// A policy passed to `AssumeRole*` or `GetFederationToken`.
    case session

    /// Policies written in IAM itself, whose `Sid` must be alphanumeric ("Grammar of the IAM JSON policy
    /// language": "For IAM policies, basic alphanumeric characters (A-Z,a-z,0-9) are the only allowed
    /// characters in the Sid value").
    var isIAMPolicy: Bool {
        switch self {
        case .identity, .trust, .permissionsBoundary, .session: true
        case .resource, .serviceControl, .resourceControl: false
        }
    }
}

/// The `Version` element ("IAM JSON policy elements: Version").
public enum PolicyVersion: String, Sendable, Hashable {
    case v2008_10_17 = "2008-10-17"
    case v2012_10_17 = "2012-10-17"

    /// "IAM policy elements: Variables and tags": variables were introduced in 2012-10-17; under an
    /// earlier (or absent) version `${aws:username}` is a literal string.
    public var supportsPolicyVariables: Bool { self == .v2012_10_17 }
}

public enum PolicyEffect: String, Sendable, Hashable {
    case allow = "Allow"
    case deny = "Deny"
}

/// A parsed, validated policy document. Parse one with ``PolicyDocument/parse(_:kind:maximumLength:)``,
/// then compile it into a ``Policy`` to evaluate it.
public struct PolicyDocument: Sendable, Hashable {
    /// The language version; `2008-10-17` when the document has no `Version`.
    public var version: PolicyVersion
    /// Whether the document named its version.
    public var versionIsExplicit: Bool
    /// The optional `Id` element.
    public var id: String?
    public var statements: [PolicyStatement]

    public init(version: PolicyVersion = .v2012_10_17, versionIsExplicit: Bool = true, id: String? = nil,
                statements: [PolicyStatement]) {
        self.version = version
        self.versionIsExplicit = versionIsExplicit
        self.id = id
        self.statements = statements
    }
}

/// One statement ("IAM JSON policy elements reference").
public struct PolicyStatement: Sendable, Hashable {
    public var sid: String?
    public var effect: PolicyEffect
    /// `Principal` or `NotPrincipal`; nil in identity policies, SCPs, boundaries and session policies.
    public var principal: PrincipalElement?
    /// `Action` or `NotAction`.
    public var action: ActionElement
    /// `Resource` or `NotResource`; nil where the kind allows leaving it out (a resource-based policy
    /// applies to the resource it is attached to; an SCP without one covers every resource).
    public var resource: ResourceElement?
    /// The `Condition` block flattened: one clause per operator and key, in document order.
    public var conditions: [ConditionClause]

    public init(sid: String? = nil, effect: PolicyEffect, principal: PrincipalElement? = nil, action: ActionElement,
                resource: ResourceElement? = nil, conditions: [ConditionClause] = []) {
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
    }
}

/// `Principal` or `NotPrincipal` ("AWS JSON policy elements: Principal", "...: NotPrincipal").
public enum PrincipalElement: Sendable, Hashable {
    case principal(PrincipalSet)
    case notPrincipal(PrincipalSet)

    public var set: PrincipalSet {
        switch self {
        case .principal(let set), .notPrincipal(let set): set
        }
    }

    public var isNegated: Bool {
        if case .notPrincipal = self { return true }
        return false
    }
}

/// The principals a `Principal` element names: `"*"`, or a map of `AWS`, `Service`, `Federated` and
/// `CanonicalUser` to one or more identifiers.
public struct PrincipalSet: Sendable, Hashable {
    /// `"Principal": "*"`: everyone, including anonymous callers.
    public var isWildcard: Bool
    /// Account IDs, account root ARNs, user, role, assumed-role session and federated-user ARNs, unique IDs, or `"*"`.
    public var aws: [String]
    public var service: [String]
    public var federated: [String]
    public var canonicalUser: [String]

    public init(isWildcard: Bool = false, aws: [String] = [], service: [String] = [], federated: [String] = [],
                canonicalUser: [String] = []) {
        self.isWildcard = isWildcard
        self.aws = aws
        self.service = service
        self.federated = federated
        self.canonicalUser = canonicalUser
    }

    public static let wildcard = PrincipalSet(isWildcard: true)
}

/// `Action` or `NotAction`: `service:Action` patterns with `*` and `?`, matched without regard to case.
public enum ActionElement: Sendable, Hashable {
    case action([String])
    case notAction([String])

    public var patterns: [String] {
        switch self {
        case .action(let patterns), .notAction(let patterns): patterns
        }
    }

    public var isNegated: Bool {
        if case .notAction = self { return true }
        return false
    }
}

/// `Resource` or `NotResource`: ARN patterns with `*` and `?` (and policy variables), matched with case.
public enum ResourceElement: Sendable, Hashable {
    case resource([String])
    case notResource([String])

    public var patterns: [String] {
        switch self {
        case .resource(let patterns), .notResource(let patterns): patterns
        }
    }

    public var isNegated: Bool {
        if case .notResource = self { return true }
        return false
    }
}

/// One `"Operator": { "key": values }` pair of a `Condition` block. Values are kept as text: JSON
/// `true` becomes `"true"`, the number `10` becomes `"10"` ("Grammar of the IAM JSON policy language":
/// a condition value is a string, number or Boolean).
public struct ConditionClause: Sendable, Hashable {
    public var `operator`: ConditionOperator
    /// The condition key as written (keys match without regard to case).
    public var key: String
    public var values: [String]

    public init(operator: ConditionOperator, key: String, values: [String]) {
        self.operator = `operator`
        self.key = key
        self.values = values
    }
}
