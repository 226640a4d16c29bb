/// A condition clause compiled for evaluation: the key normalized, the operator resolved, the policy
/// values parsed once (numbers, dates as epoch seconds, CIDR blocks, booleans, base64 bytes, wildcard and
/// ARN patterns with their variables tokenized).
final class CompiledCondition: Sendable {
    /// The key, lowercased.
    let key: String
    /// The key's hash, for the context lookup.
    let keyHash: UInt64
    /// The key as written in the policy (for reporting missing keys).
    let name: String
    let op: ConditionOperator
    let values: Values

    enum Values: Sendable {
        case strings([StringValue])
        case arns([StringValue])
        case numbers([Double])
        case dates([Double])
        case bools([Bool])
        case boolTemplates([PolicyTemplate])
        case binaries([[UInt8]])
        case cidrs([CIDRBlock])
        /// For `Null`: `true` means "the key is absent".
        case null([Bool])
    }

    /// A string or ARN operator's value: its template and, without variables, the pattern built once.
    struct StringValue: Sendable {
        let template: PolicyTemplate
        let glob: GlobPattern?
        let arn: ArnPattern?
    }

    init(_ clause: ConditionClause, variables: Bool) {
        key = ConditionContext.normalize(clause.key)
        keyHash = ConditionContext.hash(key)
        name = clause.key
        op = clause.operator
        let useVariables = variables && op.base.acceptsPolicyVariables
        switch op.base.family {
        case .string:
            let ignoreCase = op.base == .stringEqualsIgnoreCase || op.base == .stringNotEqualsIgnoreCase
            let wildcards = op.base == .stringLike || op.base == .stringNotLike
            values = .strings(clause.values.map { text in
                let template = PolicyTemplate.parse(ignoreCase ? text.lowercased() : text, variables: useVariables)
                let glob = template.hasVariables ? nil
                    : GlobPattern(codes: template.staticCodes(wildcards: wildcards, lowercase: ignoreCase))
                return StringValue(template: template, glob: glob, arn: nil)
            })
        case .arn:
            values = .arns(clause.values.map { text in
                let template = PolicyTemplate.parse(text, variables: useVariables)
                let arn = template.hasVariables ? nil : ArnPattern(codes: template.staticCodes(wildcards: true, lowercase: false))
                return StringValue(template: template, glob: nil, arn: arn)
            })
        case .numeric:
            values = .numbers(clause.values.compactMap(ConditionValue.parseNumber))
        case .date:
            values = .dates(clause.values.compactMap(DateParsing.epochSeconds))
        case .bool:
            let templates = clause.values.map { PolicyTemplate.parse($0, variables: useVariables) }
            if templates.contains(where: \.hasVariables) {
                values = .boolTemplates(templates)
            } else {
                values = .bools(clause.values.compactMap(ConditionValue.parseBool))
            }
        case .binary:
            values = .binaries(clause.values.compactMap(Base64.decode))
        case .ipAddress:
            values = .cidrs(clause.values.compactMap(CIDRBlock.init))
        case .null:
            values = .null(clause.values.compactMap(ConditionValue.parseBool))
        }
    }

    /// Evaluates the clause ("IAM JSON policy elements: Condition operators"; "Multivalued context keys").
    ///
    /// - A key that is absent makes the clause false, except: `...IfExists` is true; a negated operator
    ///   (`StringNotEquals`, `ArnNotLike`, ...) is true; `ForAllValues:` is true and `ForAnyValue:` false
    ///   (an empty request set likewise); `Null` tests absence itself.
    /// - Several policy values for the key are ORed; a negated operator is true when the request value
    ///   matches none of them.
    /// - `ForAllValues:` is true when every request value passes, `ForAnyValue:` when at least one does; a
    ///   request value passes a negated operator when it matches none of the policy values.
    func evaluate(_ env: inout EvaluationEnvironment) -> Bool {
        let found = env.lookup(key, hash: keyHash)
        if case .null(let expectations) = values {
            var isNull = found == nil
            if case .list(let items)? = found, items.isEmpty { isNull = true }
            if isNull { env.noteMissing(name) }
            return expectations.contains(isNull)
        }
        guard let value = found else {
            env.noteMissing(name)
            if op.ifExists { return true }
            switch op.qualifier {
            case .forAllValues: return true
            case .forAnyValue: return false
            case nil: return op.base.isNegated
            }
        }
        let negated = op.base.isNegated
        switch op.qualifier {
        case nil:
            var single = value
            if case .list(let items) = value {
                if items.isEmpty {
                    // An empty set is no value.
                    return op.ifExists || negated
                }
                // A multivalued key needs a set operator; a one-element list is its element.
                guard items.count == 1 else { return false }
                single = items[0]
            }
            guard let positive = matches(single, &env) else { return false }
            return negated ? !positive : positive
        case .forAllValues:
            for item in value.elements {
                guard let positive = matches(item, &env) else { return false }
                if negated ? positive : !positive { return false }
            }
            return true
        case .forAnyValue:
            for item in value.elements {
                if let positive = matches(item, &env), negated ? !positive : positive { return true }
            }
            return false
        }
    }

    /// Whether one request value matches any policy value under the positive form of the operator; nil
    /// when the value cannot be read as the operator's type.
    func matches(_ value: ConditionValue, _ env: inout EvaluationEnvironment) -> Bool? {
        switch values {
        case .strings(let patterns):
            let text = value.text
            switch op.base {
            case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
                let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
                let folded = isASCII ? text : text.lowercased()
                for pattern in patterns {
                    if let glob = pattern.glob {
                        if isASCII ? glob.matchesFoldingCase(folded) : glob.matches(folded) { return true }
                    } else if let glob = resolveGlob(pattern.template, wildcards: false, lowercase: true, &env),
                              isASCII ? glob.matchesFoldingCase(folded) : glob.matches(folded) {
                        return true
                    }
                }
                return false
            default:
                let wildcards = op.base == .stringLike || op.base == .stringNotLike
                for pattern in patterns {
                    if let glob = pattern.glob {
                        if glob.matches(text) { return true }
                    } else if let glob = resolveGlob(pattern.template, wildcards: wildcards, lowercase: false, &env),
                              glob.matches(text) {
                        return true
                    }
                }
                return false
            }
        case .arns(let patterns):
            let text = value.text
            for pattern in patterns {
                if let arn = pattern.arn {
                    if arn.matches(text) { return true }
                } else {
                    var codes: [UInt16] = []
                    if pattern.template.appendCodes(to: &codes, wildcards: true, lowercase: false, resolver: env.resolver,
                                                    missing: &env.missing),
                       ArnPattern(codes: codes).matches(text) {
                        return true
                    }
                }
            }
            return false
        case .numbers(let numbers):
            guard let number = value.numberValue else { return nil }
            return numbers.contains { compare(number, $0) }
        case .dates(let dates):
            guard let seconds = value.epochSeconds else { return nil }
            return dates.contains { compare(seconds, $0) }
        case .bools(let flags):
            guard let flag = value.boolValue else { return nil }
            return flags.contains(flag)
        case .boolTemplates(let templates):
            guard let flag = value.boolValue else { return nil }
            for template in templates {
                if let text = template.resolvedText(resolver: env.resolver, missing: &env.missing),
                   ConditionValue.parseBool(text) == flag {
                    return true
                }
            }
            return false
        case .binaries(let blobs):
            guard let bytes = value.binaryValue else { return nil }
            return blobs.contains(bytes)
        case .cidrs(let blocks):
            guard let address = value.ipValue else { return nil }
            return blocks.contains { $0.contains(address) }
        case .null:
            return nil
        }
    }

    func resolveGlob(_ template: PolicyTemplate, wildcards: Bool, lowercase: Bool, _ env: inout EvaluationEnvironment) -> GlobPattern? {
        var codes: [UInt16] = []
        guard template.appendCodes(to: &codes, wildcards: wildcards, lowercase: lowercase, resolver: env.resolver,
                                   missing: &env.missing) else { return nil }
        return GlobPattern(codes: codes)
    }

    /// The positive comparison: equality for `...Equals` and `...NotEquals`, order for the others.
    @inline(__always)
    func compare(_ request: Double, _ policy: Double) -> Bool {
        switch op.base {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: request == policy
        case .numericLessThan, .dateLessThan: request < policy
        case .numericLessThanEquals, .dateLessThanEquals: request <= policy
        case .numericGreaterThan, .dateGreaterThan: request > policy
        case .numericGreaterThanEquals, .dateGreaterThanEquals: request >= policy
        default: false
        }
    }
}
