/// Why a policy document was refused. `message` is what IAM returns (its wording where known);
/// `detail` says exactly what is wrong and where, for logs and `nimbus simulate`.
public struct PolicyValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case malformedPolicyDocument = "MalformedPolicyDocument"
        case limitExceeded = "LimitExceeded"
    }

    public var code: Code
    public var message: String
    public var detail: String
    /// The zero-based statement the problem is in, when it is in one.
    public var statementIndex: Int?

    public init(code: Code = .malformedPolicyDocument, message: String, detail: String, statementIndex: Int? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
        self.statementIndex = statementIndex
    }

    public var description: String {
        let location = statementIndex.map { " (statement \($0))" } ?? ""
        return "\(code.rawValue): \(message) [\(detail)\(location)]"
    }

    static func syntax(_ detail: String) -> Self {
        Self(message: "Syntax errors in policy.", detail: detail)
    }

    static func legacyParsing(_ detail: String) -> Self {
        Self(message: "The policy failed legacy parsing", detail: detail)
    }

    static func missingField(_ field: String) -> Self {
        Self(message: "Missing required field \(field)", detail: "the \(field) element is required here")
    }

    static func prohibitedField(_ field: String, _ why: String) -> Self {
        Self(message: "Has prohibited field \(field)", detail: why)
    }

    static let noActions = Self(message: "Policy statement must contain actions.", detail: "no Action or NotAction values")
    static let noResources = Self(message: "Policy statement must contain resources.", detail: "no Resource or NotResource values")

    static func invalidPrincipal(_ text: String) -> Self {
        Self(message: "Invalid principal in policy: \(text)", detail: "not a principal this element accepts")
    }

    static func invalidConditionType(_ name: String) -> Self {
        Self(message: "Invalid Condition type : \(name)", detail: "unknown condition operator \(name)")
    }

    static func missingVendor(_ name: String) -> Self {
        Self(message: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
             detail: "\"\(name)\" has no service prefix")
    }

    static func sizeQuota(kind: PolicyKind, limit: Int) -> Self {
        // "IAM and AWS STS quotas": a role trust policy is charged against ACLSizePerRole.
        let quota = kind == .trust ? "ACLSizePerRole" : "PolicySize"
        return Self(code: .limitExceeded, message: "Cannot exceed quota for \(quota): \(limit)",
                    detail: "the document is longer than \(limit) characters (white space not counted)")
    }
}

/// The rules that depend on where the policy is attached, and on the format of individual values.
enum PolicyValidation {
    static func validate(_ document: PolicyDocument, kind: PolicyKind) throws(PolicyValidationError) {
        var sids = Set<String>()
        for (index, statement) in document.statements.enumerated() {
            do {
                try validate(statement, kind: kind)
            } catch {
                var located = error
                located.statementIndex = index
                throw located
            }
            if let sid = statement.sid, !sid.isEmpty {
                guard sids.insert(sid).inserted else {
                    throw PolicyValidationError(message: "Statement IDs (SID) in a single policy must be unique.",
                                                detail: "Sid \"\(sid)\" appears more than once", statementIndex: index)
                }
            }
        }
    }

    static func validate(_ statement: PolicyStatement, kind: PolicyKind) throws(PolicyValidationError) {
        if let sid = statement.sid, kind.isIAMPolicy, !sid.utf8.allSatisfy(isAlphanumeric) {
            throw PolicyValidationError(
                message: "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
                detail: "Sid \"\(sid)\"")
        }
        try validatePrincipal(statement, kind: kind)
        try validateResource(statement, kind: kind)
        for pattern in statement.action.patterns {
            try validateAction(pattern, kind: kind)
        }
    }

    // MARK: Principal

    static func validatePrincipal(_ statement: PolicyStatement, kind: PolicyKind) throws(PolicyValidationError) {
        switch kind {
        case .identity, .permissionsBoundary, .session:
            // "IAM JSON policy elements: Principal": "You cannot use the Principal element in an identity-based policy."
            if statement.principal != nil {
                throw PolicyValidationError(message: "Policy document should not specify a principal.",
                                            detail: "\(kind.rawValue) policies have no Principal or NotPrincipal")
            }
        case .serviceControl:
            // "SCP syntax": Principal and NotPrincipal are not among the supported elements.
            switch statement.principal {
            case .principal: throw .prohibitedField("Principal", "service control policies have no Principal")
            case .notPrincipal: throw .prohibitedField("NotPrincipal", "service control policies have no NotPrincipal")
            case nil: break
            }
        case .resource, .trust, .resourceControl:
            guard let principal = statement.principal else { throw .missingField("Principal") }
            if principal.isNegated {
                // "AWS JSON policy elements: NotPrincipal": not in a role trust policy; "must be used with
                // Effect Deny. Using it with Allow is not supported." RCPs take only "Principal": "*".
                if kind != .resource {
                    throw .prohibitedField("NotPrincipal", "\(kind.rawValue) policies do not accept NotPrincipal")
                }
                if statement.effect == .allow {
                    throw PolicyValidationError(message: "Syntax errors in policy.",
                                                detail: "NotPrincipal must be used with \"Effect\": \"Deny\"")
                }
            }
            if kind == .resourceControl, !(principal.set.isWildcard || principal.set == PrincipalSet(aws: ["*"])) {
                throw PolicyValidationError(message: "Syntax errors in policy.",
                                            detail: "resource control policies accept only \"Principal\": \"*\"")
            }
            try validatePrincipalValues(principal.set)
        }
    }

    static func validatePrincipalValues(_ set: PrincipalSet) throws(PolicyValidationError) {
        for value in set.aws where !isValidAWSPrincipal(value) {
            throw .invalidPrincipal("\"AWS\":\"\(value)\"")
        }
        // "Note: You cannot use a wildcard to match part of a principal name or ARN."
        for value in set.service where value.isEmpty || value.contains("*") || value.contains("?") {
            throw .invalidPrincipal("\"Service\":\"\(value)\"")
        }
        for value in set.federated where value.isEmpty || value.contains("*") || value.contains("?") {
            throw .invalidPrincipal("\"Federated\":\"\(value)\"")
        }
        for value in set.canonicalUser where value.isEmpty || value.contains("*") {
            throw .invalidPrincipal("\"CanonicalUser\":\"\(value)\"")
        }
    }

    /// An `AWS` principal value: `"*"`, a 12-digit account ID, an account, user, role, assumed-role
    /// session or federated-user ARN, or a unique ID (IAM stores trusted users and roles by unique ID).
    static func isValidAWSPrincipal(_ value: String) -> Bool {
        if value == "*" { return true }
        if value.utf8.count == 12, value.utf8.allSatisfy(isDigit) { return true }
        if value.contains("*") || value.contains("?") { return false }
        if value.hasPrefix("arn:") {
            let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, !parts[1].isEmpty, parts[3].isEmpty,
                  parts[4].utf8.count == 12, parts[4].utf8.allSatisfy(isDigit) else { return false }
            let resource = parts[5]
            switch parts[2] {
            case "iam":
                return resource == "root" || resource.hasPrefix("user/") || resource.hasPrefix("role/")
            case "sts":
                return resource.hasPrefix("assumed-role/") || resource.hasPrefix("federated-user/")
            default:
                return false
            }
        }
        // Unique IDs such as AIDA..., AROA...: upper-case letters and digits.
        return value.utf8.count >= 16 && value.utf8.allSatisfy { isUpper($0) || isDigit($0) }
    }

    // MARK: Resource

    static func validateResource(_ statement: PolicyStatement, kind: PolicyKind) throws(PolicyValidationError) {
        switch kind {
        case .trust:
            // A role trust policy's resource is the role itself.
            switch statement.resource {
            case .resource: throw .prohibitedField("Resource", "a role trust policy has no Resource")
            case .notResource: throw .prohibitedField("NotResource", "a role trust policy has no NotResource")
            case nil: return
            }
        case .identity, .permissionsBoundary, .session, .resourceControl:
            guard statement.resource != nil else { throw .noResources }
        case .resource, .serviceControl:
            break
        }
        for pattern in statement.resource?.patterns ?? [] {
            try validateResourcePattern(pattern)
        }
    }

    /// "IAM JSON policy elements: Resource": an ARN, with wildcards allowed in any segment but the
    /// service ("You can't use a wildcard in the service segment that identifies the AWS product").
    static func validateResourcePattern(_ pattern: String) throws(PolicyValidationError) {
        if pattern == "*" { return }
        let parts = pattern.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "arn" else {
            throw PolicyValidationError(message: "Resource \(pattern) must be in ARN format or \"*\".",
                                        detail: "expected arn:partition:service:region:account:resource")
        }
        let service = parts[2]
        if service.isEmpty || service.contains("*") || service.contains("?") || service.contains("$") {
            throw PolicyValidationError(message: "Resource \(pattern) vendor must be fully qualified and cannot contain regexes.",
                                        detail: "the service segment \"\(service)\" must name one service")
        }
    }

    // MARK: Action

    /// `service:Action`, with `*` alone for every action ("Grammar...": action_string).
    static func validateAction(_ pattern: String, kind: PolicyKind) throws(PolicyValidationError) {
        if pattern == "*" { return }
        let colons = pattern.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: ":") ? 1 : 0) }
        guard colons > 0, !pattern.hasPrefix(":") else { throw .missingVendor(pattern) }
        guard colons == 1 else {
            throw PolicyValidationError(message: "Actions/Condition can contain only one colon.", detail: "action \"\(pattern)\"")
        }
        if kind == .serviceControl {
            // "SCP syntax": in Action or NotAction, "*" and "?" "can be used only by itself or at the end of
            // the string. It can't appear at the beginning or middle of the string."
            let colon = pattern.firstIndex(of: ":")!
            let service = pattern[..<colon]
            var name = pattern[pattern.index(after: colon)...]
            while let last = name.last, last == "*" || last == "?" { name.removeLast() }
            if service.contains("*") || service.contains("?") || name.contains("*") || name.contains("?") {
                throw PolicyValidationError(
                    message: "Wildcards in SCP actions can be used only by themselves or at the end of the action.",
                    detail: "action \"\(pattern)\"")
            }
        }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || isUpper(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
}
