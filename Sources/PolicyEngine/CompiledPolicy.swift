/// A validated policy compiled for evaluation. Compile once (when the policy is created or changed) and
/// evaluate many times; a `Policy` is immutable and safe to share between threads.
///
/// Compilation lowercases actions and indexes them (exact names in a hash table, wildcard patterns by
/// service), pre-tokenizes resources and policy variables, and resolves condition operators with their
/// values parsed (numbers, epoch seconds, CIDR ranges, booleans, bytes).
public final class Policy: Sendable, CustomStringConvertible {
    /// How decisions refer to the policy: its ARN, or a name such as `user/alice/inline/S3Access`.
    public let id: String
    public let kind: PolicyKind
    public let document: PolicyDocument

    let statements: [CompiledStatement]
    /// Bit i set: statement i is a Deny (policies of at most 64 statements).
    let denyMask: UInt64
    let actionIndex: ActionIndex?

    /// Validates `document` for `kind` and compiles it.
    public init(document: PolicyDocument, id: String, kind: PolicyKind) throws(PolicyValidationError) {
        try PolicyValidation.validate(document, kind: kind)
        self.id = id
        self.kind = kind
        self.document = document
        let variables = document.version.supportsPolicyVariables
        statements = document.statements.enumerated().map { CompiledStatement($1, index: $0, variables: variables) }
        var mask: UInt64 = 0
        for statement in statements where statement.effect == .deny && statement.index < 64 {
            mask |= 1 << UInt64(statement.index)
        }
        denyMask = mask
        actionIndex = statements.count <= 64 ? ActionIndex(statements) : nil
    }

    /// Parses, validates and compiles a JSON document.
    public convenience init(json: String, id: String, kind: PolicyKind, maximumLength: Int? = nil) throws(PolicyValidationError) {
        try self.init(document: PolicyDocument.parse(json, kind: kind, maximumLength: maximumLength), id: id, kind: kind)
    }

    public var description: String { "Policy(\(id), \(kind.rawValue), \(statements.count) statements)" }
}

/// One statement, compiled. (A class so that evaluation passes one reference, not a dozen.)
final class CompiledStatement: Sendable {
    let index: Int
    let sid: String?
    let effect: PolicyEffect
    let principals: CompiledPrincipals?
    let principalNegated: Bool
    /// Lowercased action patterns.
    let actions: [GlobPattern]
    let actionNegated: Bool
    /// Nil: any resource.
    let resources: [ResourcePattern]?
    let resourceNegated: Bool
    let conditions: [CompiledCondition]

    init(_ statement: PolicyStatement, index: Int, variables: Bool) {
        self.index = index
        sid = statement.sid
        effect = statement.effect
        principals = statement.principal.map { CompiledPrincipals($0.set) }
        principalNegated = statement.principal?.isNegated ?? false
        actions = statement.action.patterns.map { GlobPattern(wildcardText: $0, lowercase: true) }
        actionNegated = statement.action.isNegated
        resources = statement.resource.map { $0.patterns.map { ResourcePattern($0, variables: variables) } }
        resourceNegated = statement.resource?.isNegated ?? false
        conditions = statement.conditions.map { CompiledCondition($0, variables: variables) }
    }

    /// Action match without the index (policies over 64 statements).
    func matchesAction(_ action: RequestAction) -> Bool {
        let any = actions.contains { $0.matchesFoldingCase(action.text) }
        return actionNegated ? !any : any
    }

    /// "IAM JSON policy elements: Resource" / "NotResource".
    func matchesResource(_ env: inout EvaluationEnvironment) -> Bool {
        guard let resources else { return true }
        var any = false
        for pattern in resources where pattern.matches(env.resource, &env) {
            any = true
            break
        }
        return resourceNegated ? !any : any
    }

    /// Every condition clause holds ("Multiple keys in one operator and multiple operators are ANDed").
    /// When `all` is set every clause is evaluated (to collect missing keys) even after one fails.
    func matchesConditions(_ env: inout EvaluationEnvironment, all: Bool) -> Bool {
        var result = true
        for condition in conditions where !condition.evaluate(&env) {
            result = false
            if !all { return false }
        }
        return result
    }
}

/// A `Resource` pattern. `*` matches any run of characters, `:` and `/` included; `?` one character;
/// matching is case-sensitive ("IAM JSON policy elements: Resource": "If the * wildcard is the last
/// character of a resource ARN segment, it can expand to match beyond the colon boundaries"; the
/// asterisk "can expand to replace everything within the segment, including characters like a forward
/// slash"). Variables are resolved in the resource part only (after the fifth colon).
final class ResourcePattern: Sendable {
    let template: PolicyTemplate
    let glob: GlobPattern?

    init(_ text: String, variables: Bool) {
        template = PolicyTemplate.parse(text, variables: variables, afterColons: 5)
        glob = template.hasVariables ? nil : GlobPattern(codes: template.staticCodes(wildcards: true, lowercase: false))
    }

    @inline(__always)
    func matches(_ resource: String, _ env: inout EvaluationEnvironment) -> Bool {
        if let glob { return glob.matches(resource) }
        var codes: [UInt16] = []
        guard template.appendCodes(to: &codes, wildcards: true, lowercase: false, resolver: env.resolver,
                                   missing: &env.missing) else { return false }
        return Glob.match(codes, resource, foldCase: false)
    }
}

