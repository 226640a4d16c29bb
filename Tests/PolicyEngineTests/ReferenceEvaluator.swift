import Foundation
@testable import PolicyEngine

/// A deliberately naive evaluator written straight from AWS's pages, working on the parsed documents
/// (not the compiled policies): recursive wildcard matching over Characters, string substitution for
/// variables, Foundation's ISO 8601 parser for dates, IPv4 arithmetic by hand. The differential test
/// compares it with ``Evaluator``.
enum ReferenceEvaluator {
    struct Input {
        var principal: PrincipalInfo
        var action: String
        var resource: String
        var resourceAccount: String?
        /// Keys lowercased.
        var context: [String: ConditionValue]
    }

    static func evaluate(_ request: AuthorizationRequest, _ set: PolicySet) -> DecisionEffect {
        var context: [String: ConditionValue] = [:]
        for key in request.context.keys { context[key.lowercased()] = request.context[key] }
        let input = Input(principal: request.principal, action: request.action, resource: request.resource,
                          resourceAccount: request.resourceAccount, context: context)
        return evaluate(input, set)
    }

    // MARK: Flow ("Policy evaluation logic")

    static func evaluate(_ r: Input, _ set: PolicySet) -> DecisionEffect {
        let p = r.principal
        let iamPrincipal = [.root, .user, .roleSession, .federatedUser].contains(p.kind)
        let hasBoundary = iamPrincipal && p.kind != .root && set.permissionsBoundary != nil
        let scps = (iamPrincipal && !p.isServiceLinkedRole) ? set.serviceControl : nil
        let rcps = p.isServiceLinkedRole ? nil : set.resourceControl

        // Every applicable policy, for the deny pass.
        var applicable: [PolicyDocument] = []
        for level in scps ?? [] { applicable += level.map(\.document) }
        for level in rcps ?? [] { applicable += level.map(\.document) }
        if iamPrincipal && p.kind != .root {
            applicable += set.identity.map(\.document)
            if let boundary = set.permissionsBoundary { applicable.append(boundary.document) }
        }
        let isSession = p.kind == .roleSession || p.kind == .federatedUser
        let sessionPolicies = isSession ? set.session : []
        applicable += sessionPolicies.map(\.document)
        let resourceDoc = set.resourceBased?.document
        if let resourceDoc { applicable.append(resourceDoc) }

        for document in applicable {
            for statement in document.statements where statement.effect == .deny {
                if statementApplies(statement, document, r, hasBoundary: hasBoundary) != nil { return .explicitDeny }
            }
        }

        func allows(_ document: PolicyDocument) -> Bool {
            document.statements.contains { $0.effect == .allow && statementApplies($0, document, r, hasBoundary: hasBoundary) != nil }
        }
        for level in scps ?? [] where !level.contains(where: { allows($0.document) }) { return .implicitDeny }
        for level in rcps ?? [] where !level.contains(where: { allows($0.document) }) { return .implicitDeny }

        var resourceLevel = 0
        if let resourceDoc {
            for statement in resourceDoc.statements where statement.effect == .allow {
                if let level = statementApplies(statement, resourceDoc, r, hasBoundary: hasBoundary) {
                    resourceLevel = max(resourceLevel, level)
                }
            }
        }
        guard iamPrincipal else { return resourceLevel > 0 ? .allowed : .implicitDeny }

        let isRoot = p.kind == .root
        let identityAllows = isRoot || set.identity.contains { allows($0.document) }
        let boundaryAllows = isRoot || set.permissionsBoundary.map { allows($0.document) } ?? true
        let sessionPoliciesAllow = sessionPolicies.isEmpty || sessionPolicies.contains { allows($0.document) }
        let sessionAllows = p.kind == .federatedUser && sessionPolicies.isEmpty ? false : sessionPoliciesAllow
        let mustAllow = set.resourcePolicyMustAllow ?? (set.resourceBased?.kind == .trust)
        let crossAccount = r.resourceAccount != nil && p.account != nil && r.resourceAccount != p.account

        if crossAccount {
            return resourceLevel > 0 && identityAllows && boundaryAllows && sessionAllows ? .allowed : .implicitDeny
        }
        if isRoot { return mustAllow && resourceLevel == 0 ? .implicitDeny : .allowed }
        switch resourceLevel {
        case 3: return .allowed
        case 2: return boundaryAllows && sessionPoliciesAllow ? .allowed : .implicitDeny
        case 0 where mustAllow: return .implicitDeny
        default: return identityAllows && boundaryAllows && sessionAllows ? .allowed : .implicitDeny
        }
    }

    /// nil when the statement does not apply; else the principal level (3 direct, 2 entity, 1 account; 3
    /// when the statement has no principal).
    static func statementApplies(_ s: PolicyStatement, _ document: PolicyDocument, _ r: Input, hasBoundary: Bool) -> Int? {
        let actionHit = s.action.patterns.contains { wildcard($0.lowercased(), r.action.lowercased()) }
        guard actionHit != s.action.isNegated else { return nil }
        if let resource = s.resource {
            let hit = resource.patterns.contains { resourceMatches($0, r, document.version) }
            guard hit != resource.isNegated else { return nil }
        }
        var level = 3
        if let principal = s.principal {
            switch principal {
            case .principal(let set):
                level = principalLevel(set, r.principal)
                guard level > 0 else { return nil }
            case .notPrincipal(let set):
                let excluded = isExcluded(set, r.principal) && !(s.effect == .deny && hasBoundary)
                guard !excluded else { return nil }
            }
        }
        for clause in s.conditions where !conditionHolds(clause, r, document.version) { return nil }
        return level
    }

    // MARK: Matching

    /// `*` any run of characters, `?` one; everything else literal.
    static func wildcard(_ pattern: String, _ value: String) -> Bool {
        tokensMatch(pattern.map { ($0, $0 == "*" || $0 == "?") }[...], Array(value)[...])
    }

    /// Tokens: a character, and whether it is a wildcard.
    static func tokensMatch(_ pattern: ArraySlice<(Character, Bool)>, _ value: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return value.isEmpty }
        if first.1 && first.0 == "*" {
            var rest = value
            while true {
                if tokensMatch(pattern.dropFirst(), rest) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        }
        guard let head = value.first else { return false }
        if first.1 && first.0 == "?" { return tokensMatch(pattern.dropFirst(), value.dropFirst()) }
        return first.0 == head && tokensMatch(pattern.dropFirst(), value.dropFirst())
    }

    /// Variables substituted (values and escapes literal), then wildcards; nil when a variable is missing.
    static func expand(_ text: String, _ r: Input, _ version: PolicyVersion, wildcards: Bool, afterColons: Int = 0) -> [(Character, Bool)]? {
        var out: [(Character, Bool)] = []
        let characters = Array(text)
        var index = 0
        var colons = 0
        while index < characters.count {
            let c = characters[index]
            if colons >= afterColons, version == .v2012_10_17, c == "$", index + 1 < characters.count, characters[index + 1] == "{",
               let close = characters[(index + 2)...].firstIndex(of: "}") {
                let inner = String(characters[(index + 2)..<close]).trimmingCharacters(in: .whitespaces)
                var replacement: String?
                var understood = true
                if inner == "*" || inner == "?" || inner == "$" {
                    replacement = inner
                } else {
                    var key = inner
                    var fallback: String?
                    if let comma = inner.firstIndex(of: ",") {
                        key = inner[..<comma].trimmingCharacters(in: .whitespaces)
                        let quoted = inner[inner.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                        if quoted.count >= 2, quoted.hasPrefix("'"), quoted.hasSuffix("'") {
                            fallback = String(quoted.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
                        } else {
                            understood = false
                        }
                    }
                    if key.isEmpty || key.contains(" ") || key.contains("'") { understood = false }
                    if understood {
                        replacement = variable(key, r) ?? fallback
                        if replacement == nil { return nil }
                    }
                }
                if understood, let replacement {
                    out += replacement.map { ($0, false) }
                    index = close + 1
                    continue
                }
            }
            if c == ":" { colons += 1 }
            out.append((c, wildcards && (c == "*" || c == "?")))
            index += 1
        }
        return out
    }

    static func variable(_ key: String, _ r: Input) -> String? {
        let value = lookup(key.lowercased(), r)
        switch value {
        case .list(let items)?: return items.count == 1 ? text(items[0]) : nil
        case let value?: return text(value)
        case nil: return nil
        }
    }

    static func resourceMatches(_ pattern: String, _ r: Input, _ version: PolicyVersion) -> Bool {
        guard let tokens = expand(pattern, r, version, wildcards: true, afterColons: 5) else { return false }
        return tokensMatch(tokens[...], Array(r.resource)[...])
    }

    static func principalLevel(_ set: PrincipalSet, _ p: PrincipalInfo) -> Int {
        if set.isWildcard { return 3 }
        var level = 0
        switch p.kind {
        case .service: return set.service.contains(p.arn) ? 3 : 0
        case .federatedIdentity: return set.federated.contains(p.arn) ? 3 : 0
        case .anonymous: return set.aws.contains("*") ? 3 : 0
        default: break
        }
        for value in set.aws {
            if value == "*" || value == p.arn || value == p.userId { level = max(level, 3) }
            if p.kind == .roleSession, value == p.roleArn { level = max(level, 2) }
            if p.kind == .federatedUser, value == p.federatingUserArn { level = max(level, 2) }
            if value == p.account || value == "arn:aws:iam::\(p.account ?? "-"):root" { level = max(level, 1) }
        }
        return level
    }

    /// NotPrincipal: the requester is excluded only when its account, its role (for a session) and itself
    /// are all listed.
    static func isExcluded(_ set: PrincipalSet, _ p: PrincipalInfo) -> Bool {
        if set.isWildcard { return true }
        switch p.kind {
        case .service: return set.service.contains(p.arn)
        case .federatedIdentity: return set.federated.contains(p.arn)
        case .anonymous: return set.aws.contains("*")
        default: break
        }
        if set.aws.contains("*") { return true }
        let accountListed = set.aws.contains(p.account ?? "-") || set.aws.contains("arn:aws:iam::\(p.account ?? "-"):root")
        if p.kind == .root { return accountListed }
        let roleListed = p.kind != .roleSession || set.aws.contains(p.roleArn ?? "-")
        let selfListed = set.aws.contains(p.arn)
        return accountListed && roleListed && selfListed
    }

    // MARK: Conditions ("IAM JSON policy elements: Condition operators")

    static func lookup(_ key: String, _ r: Input) -> ConditionValue? {
        if let value = r.context[key] { return value }
        if key == "aws:username", r.principal.kind == .user { return r.principal.username.map(ConditionValue.string) }
        if key.hasPrefix("aws:principaltag/") {
            let tag = String(key.dropFirst("aws:principaltag/".count))
            return r.principal.tags.first { $0.key.lowercased() == tag }.map { .string($0.value) }
        }
        return nil
    }

    static func text(_ value: ConditionValue) -> String {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
        default: return "\(value)"
        }
    }

    static func conditionHolds(_ clause: ConditionClause, _ r: Input, _ version: PolicyVersion) -> Bool {
        let op = clause.operator
        var value = lookup(clause.key.lowercased(), r)
        if case .list(let items)? = value, items.isEmpty { value = nil }
        if op.base == .null {
            return clause.values.contains { $0.lowercased() == (value == nil ? "true" : "false") }
        }
        guard let value else {
            if op.ifExists { return true }
            if op.qualifier == .forAllValues { return true }
            if op.qualifier == .forAnyValue { return false }
            return op.base.isNegated
        }
        let items: [ConditionValue]
        if case .list(let list) = value { items = list } else { items = [value] }
        func passes(_ item: ConditionValue) -> Bool {
            guard let positive = positiveMatch(op.base, item, clause.values, r, version) else { return false }
            return op.base.isNegated ? !positive : positive
        }
        switch op.qualifier {
        case nil: return items.count == 1 && passes(items[0])
        case .forAllValues: return items.allSatisfy(passes)
        case .forAnyValue: return items.contains(where: passes)
        }
    }

    static func positiveMatch(_ base: ConditionOperator.Base, _ item: ConditionValue, _ policyValues: [String], _ r: Input,
                              _ version: PolicyVersion) -> Bool? {
        let requestText = text(item)
        switch base.family {
        case .string:
            let like = base == .stringLike || base == .stringNotLike
            let ignoreCase = base == .stringEqualsIgnoreCase || base == .stringNotEqualsIgnoreCase
            return policyValues.contains { policyValue in
                guard let tokens = expand(policyValue, r, version, wildcards: like) else { return false }
                if ignoreCase {
                    return String(tokens.map(\.0)).lowercased() == requestText.lowercased()
                }
                return tokensMatch(tokens[...], Array(requestText)[...])
            }
        case .arn:
            return policyValues.contains { policyValue in
                guard let tokens = expand(policyValue, r, version, wildcards: true) else { return false }
                if tokens.count == 1, tokens[0].1, tokens[0].0 == "*" { return true }
                let patternSegments = split(tokens)
                let valueSegments = split(Array(requestText).map { ($0, false) })
                guard patternSegments.count == 6, valueSegments.count == 6 else { return false }
                return zip(patternSegments, valueSegments).allSatisfy { tokensMatch($0[...], $1.map(\.0)[...]) }
            }
        case .numeric:
            guard let number = Double(requestText) else { return nil }
            return policyValues.compactMap(Double.init).contains { compare(base, number, $0) }
        case .date:
            guard let seconds = date(requestText) else { return nil }
            return policyValues.compactMap(date).contains { compare(base, seconds, $0) }
        case .bool:
            guard let flag = Bool(requestText.lowercased()) else { return nil }
            return policyValues.contains { policyValue in
                expand(policyValue, r, version, wildcards: false).flatMap { Bool(String($0.map(\.0)).lowercased()) } == flag
            }
        case .ipAddress:
            guard let address = ipv4(requestText) else { return nil }
            return policyValues.contains { cidr in
                let parts = cidr.split(separator: "/")
                guard let network = ipv4(String(parts[0])) else { return false }
                let bits = parts.count > 1 ? Int(parts[1]) ?? 32 : 32
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
                return address & mask == network & mask
            }
        case .binary, .null:
            return nil
        }
    }

    static func split(_ tokens: [(Character, Bool)]) -> [[(Character, Bool)]] {
        var segments: [[(Character, Bool)]] = [[]]
        for token in tokens {
            if token.0 == ":", !token.1, segments.count < 6 { segments.append([]) } else { segments[segments.count - 1].append(token) }
        }
        return segments
    }

    static func compare(_ base: ConditionOperator.Base, _ a: Double, _ b: Double) -> Bool {
        switch base {
        case .numericEquals, .numericNotEquals, .dateEquals, .dateNotEquals: a == b
        case .numericLessThan, .dateLessThan: a < b
        case .numericLessThanEquals, .dateLessThanEquals: a <= b
        case .numericGreaterThan, .dateGreaterThan: a > b
        default: a >= b
        }
    }

    static func date(_ text: String) -> Double? {
        if let seconds = Double(text) { return seconds }
        return ISO8601DateFormatter().date(from: text)?.timeIntervalSince1970
    }

    static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        return octets.reduce(0) { $0 << 8 | $1 }
    }
}
