extension PolicyDocument {
    /// Parses and validates a JSON policy document for the given kind of attachment. Throws the first
    /// problem found, worded as IAM words it where that wording is known.
    ///
    /// - Parameter maximumLength: the quota on the document's size, counted as IAM counts it (characters
    ///   other than white space, "IAM and AWS STS quotas"); nil for no check.
    public static func parse(_ json: String, kind: PolicyKind, maximumLength: Int? = nil) throws(PolicyValidationError) -> PolicyDocument {
        if let maximumLength, PolicySize.chargedLength(of: json) > maximumLength {
            throw .sizeQuota(kind: kind, limit: maximumLength)
        }
        let tree: PolicyJSON
        do {
            tree = try PolicyJSON.parse(json)
        } catch {
            throw .syntax("\(error.message) at offset \(error.offset)")
        }
        let document = try PolicyParser.document(from: tree)
        try PolicyValidation.validate(document, kind: kind)
        return document
    }
}

/// JSON tree to typed document: the kind-independent grammar ("Grammar of the IAM JSON policy language").
enum PolicyParser {
    static let documentKeys: Set<String> = ["Version", "Id", "Statement"]
    static let statementKeys: Set<String> = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
                                             "NotResource", "Condition"]

    static func document(from tree: PolicyJSON) throws(PolicyValidationError) -> PolicyDocument {
        guard case .object(let members) = tree else { throw .syntax("the document is a \(tree.typeName), not an object") }
        var version = PolicyVersion.v2008_10_17
        var versionIsExplicit = false
        var id: String?
        var statementValue: PolicyJSON?
        for member in members {
            switch member.key {
            case "Version":
                guard case .string(let text) = member.value else { throw .syntax("Version must be a string") }
                guard let parsed = PolicyVersion(rawValue: text) else {
                    throw .legacyParsing("Version \"\(text)\" is neither 2012-10-17 nor 2008-10-17")
                }
                version = parsed
                versionIsExplicit = true
            case "Id":
                guard case .string(let text) = member.value else { throw .syntax("Id must be a string") }
                id = text
            case "Statement":
                statementValue = member.value
            default:
                throw .syntax("unknown element \"\(member.key)\"")
            }
        }
        guard let statementValue else { throw .missingField("Statement") }
        let rawStatements: [PolicyJSON]
        switch statementValue {
        case .object: rawStatements = [statementValue]
        case .array(let elements):
            guard !elements.isEmpty else { throw .syntax("Statement is an empty array") }
            rawStatements = elements
        default:
            throw .syntax("Statement must be an object or an array of objects")
        }
        var statements: [PolicyStatement] = []
        statements.reserveCapacity(rawStatements.count)
        for (index, raw) in rawStatements.enumerated() {
            do {
                statements.append(try statement(from: raw))
            } catch {
                var located = error
                located.statementIndex = index
                throw located
            }
        }
        return PolicyDocument(version: version, versionIsExplicit: versionIsExplicit, id: id, statements: statements)
    }

    static func statement(from raw: PolicyJSON) throws(PolicyValidationError) -> PolicyStatement {
        guard case .object(let members) = raw else { throw .syntax("a statement is a \(raw.typeName), not an object") }
        var fields: [String: PolicyJSON] = [:]
        for member in members {
            guard statementKeys.contains(member.key) else { throw .syntax("unknown statement element \"\(member.key)\"") }
            fields[member.key] = member.value
        }

        var sid: String?
        if let value = fields["Sid"] {
            guard case .string(let text) = value else { throw .syntax("Sid must be a string") }
            sid = text
        }

        guard let effectValue = fields["Effect"] else { throw .missingField("Effect") }
        guard case .string(let effectText) = effectValue else { throw .syntax("Effect must be a string") }
        guard let effect = PolicyEffect(rawValue: effectText) else {
            throw .legacyParsing("Effect \"\(effectText)\" is neither Allow nor Deny")
        }

        var principal: PrincipalElement?
        switch (fields["Principal"], fields["NotPrincipal"]) {
        case (.some, .some): throw .syntax("a statement has both Principal and NotPrincipal")
        case (.some(let value), nil): principal = .principal(try principalSet(from: value))
        case (nil, .some(let value)): principal = .notPrincipal(try principalSet(from: value))
        case (nil, nil): break
        }

        let action: ActionElement
        switch (fields["Action"], fields["NotAction"]) {
        case (.some, .some): throw .syntax("a statement has both Action and NotAction")
        case (.some(let value), nil): action = .action(try strings(value, element: "Action", emptyError: .noActions))
        case (nil, .some(let value)): action = .notAction(try strings(value, element: "NotAction", emptyError: .noActions))
        case (nil, nil): throw .noActions
        }

        var resource: ResourceElement?
        switch (fields["Resource"], fields["NotResource"]) {
        case (.some, .some): throw .syntax("a statement has both Resource and NotResource")
        case (.some(let value), nil): resource = .resource(try strings(value, element: "Resource", emptyError: .noResources))
        case (nil, .some(let value)): resource = .notResource(try strings(value, element: "NotResource", emptyError: .noResources))
        case (nil, nil): break
        }

        var conditions: [ConditionClause] = []
        if let value = fields["Condition"] {
            conditions = try conditionClauses(from: value)
        }
        return PolicyStatement(sid: sid, effect: effect, principal: principal, action: action, resource: resource,
                               conditions: conditions)
    }

    static func strings(_ value: PolicyJSON, element name: String, emptyError: PolicyValidationError) throws(PolicyValidationError) -> [String] {
        switch value {
        case .string(let text):
            return [text]
        case .array(let elements):
            guard !elements.isEmpty else { throw emptyError }
            var out: [String] = []
            out.reserveCapacity(elements.count)
            for element in elements {
                guard case .string(let text) = element else { throw .syntax("\(name) values must be strings") }
                out.append(text)
            }
            return out
        default:
            throw .syntax("\(name) must be a string or an array of strings")
        }
    }

    static func principalSet(from value: PolicyJSON) throws(PolicyValidationError) -> PrincipalSet {
        switch value {
        case .string("*"):
            return .wildcard
        case .string(let text):
            throw .invalidPrincipal("\"\(text)\"")
        case .object(let members):
            guard !members.isEmpty else { throw .invalidPrincipal("{}") }
            var set = PrincipalSet()
            for member in members {
                let ids: [String]
                switch member.value {
                case .string(let text): ids = [text]
                case .array(let elements) where !elements.isEmpty:
                    var collected: [String] = []
                    for element in elements {
                        guard case .string(let text) = element else { throw .invalidPrincipal("\"\(member.key)\":\(element.typeName)") }
                        collected.append(text)
                    }
                    ids = collected
                default:
                    throw .invalidPrincipal("\"\(member.key)\":\(member.value.typeName)")
                }
                switch member.key {
                case "AWS": set.aws = ids
                case "Service": set.service = ids
                case "Federated": set.federated = ids
                case "CanonicalUser": set.canonicalUser = ids
                default: throw .invalidPrincipal("\"\(member.key)\":\"\(ids.joined(separator: ","))\"")
                }
            }
            return set
        default:
            throw .syntax("Principal must be \"*\" or an object")
        }
    }

    static func conditionClauses(from value: PolicyJSON) throws(PolicyValidationError) -> [ConditionClause] {
        guard case .object(let operators) = value else { throw .syntax("Condition must be an object") }
        var clauses: [ConditionClause] = []
        for block in operators {
            guard let op = ConditionOperator(name: block.key) else { throw .invalidConditionType(block.key) }
            guard case .object(let keys) = block.value else { throw .syntax("the \(block.key) block must be an object") }
            for entry in keys {
                guard entry.key.contains(":") else { throw .missingVendor(entry.key) }
                var values: [String] = []
                switch entry.value {
                case .array(let elements):
                    for element in elements {
                        guard let text = scalarText(element) else {
                            throw .syntax("condition values for \(entry.key) must be strings, numbers or booleans")
                        }
                        values.append(text)
                    }
                default:
                    guard let text = scalarText(entry.value) else {
                        throw .syntax("condition values for \(entry.key) must be strings, numbers or booleans")
                    }
                    values.append(text)
                }
                clauses.append(ConditionClause(operator: op, key: entry.key, values: values))
            }
        }
        return clauses
    }

    static func scalarText(_ value: PolicyJSON) -> String? {
        switch value {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}

/// Policy size as IAM charges it against its quotas.
public enum PolicySize {
    /// "IAM and AWS STS quotas": "IAM doesn't count white space when calculating the size of a policy".
    public static func chargedLength(of text: String) -> Int {
        var count = 0
        for scalar in text.unicodeScalars where !scalar.properties.isWhitespace {
            count += 1
        }
        return count
    }
}
