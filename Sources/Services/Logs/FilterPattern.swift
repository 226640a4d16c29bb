import AWSWire
import Foundation

/// CloudWatch Logs' filter pattern language ("Filter pattern syntax for metric filters, subscription filters, filter
/// log events, and Live Tail", CloudWatch Logs User Guide), parsed once and matched against each event's message.
/// Pure: a pattern and a message in, a decision out.
///
/// - Unstructured: `ERROR` (the term appears, case-sensitively), `"quoted phrase"`, `ERROR Exception` (every term),
///   `?ERROR ?WARN` (any of the `?` terms), `-DEBUG` (the term is absent).
/// - JSON: `{ $.level = "error" }`, `{ $.latency > 100 }`, `&&`, `||`, parentheses, `*` in strings, `IS NULL`,
///   `NOT EXISTS`, `IS TRUE`, `IS FALSE`; a message that is not a JSON object never matches.
/// - Space-delimited: `[ip, user, ..., status=404, size>1000]`: the message's fields (a `"..."` or `[...]` group is one
///   field), matched by position; `...` stands for any number of fields.
public struct FilterPattern: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case everything
        case terms(required: [Term], anyOf: [Term], excluded: [Term])
        case json(JSONCondition)
        case delimited([DelimitedField])
    }

    let kind: Kind

    public init(_ text: String) throws(FilterPatternError) {
        let trimmed = text.trimmed
        if trimmed.isEmpty || trimmed == "\"\"" {
            kind = .everything
        } else if trimmed.hasPrefix("{") {
            guard trimmed.hasSuffix("}") else { throw FilterPatternError("a JSON pattern must end with '}'") }
            var parser = ConditionParser(Array(trimmed.dropFirst().dropLast()))
            kind = .json(try parser.parseAll())
        } else if trimmed.hasPrefix("[") {
            guard trimmed.hasSuffix("]") else { throw FilterPatternError("a space-delimited pattern must end with ']'") }
            kind = .delimited(try DelimitedField.parseList(String(trimmed.dropFirst().dropLast())))
        } else {
            kind = try Self.terms(trimmed)
        }
    }

    public func matches(_ message: String) -> Bool {
        switch kind {
        case .everything:
            return true
        case let .terms(required, alternatives, excluded):
            return required.allSatisfy { $0.found(in: message) }
                && !excluded.contains { $0.found(in: message) }
                && (alternatives.isEmpty || alternatives.contains { $0.found(in: message) })
        case let .json(condition):
            guard let document = try? JSONValue.parse(Array(message.utf8)), case .object = document else { return false }
            return condition.holds(in: document)
        case let .delimited(fields):
            return DelimitedField.match(fields[...], DelimitedField.split(message)[...]) != nil
        }
    }

    /// What TestMetricFilter shows of a matching message (nil when it does not match): a space-delimited pattern's
    /// fields as `$name`, a JSON pattern's selectors (`$.a.b`) with the scalar values they name.
    public func extractedValues(_ message: String) -> [String: String]? {
        switch kind {
        case let .delimited(fields):
            guard let named = DelimitedField.match(fields[...], DelimitedField.split(message)[...]) else { return nil }
            return Dictionary(named.map { ("$" + $0.name, $0.value) }) { first, _ in first }
        case let .json(condition):
            guard matches(message), let document = try? JSONValue.parse(Array(message.utf8)) else { return nil }
            var values: [String: String] = [:]
            for selector in condition.selectors {
                switch JSONStep.resolve(selector, in: document) {
                case .string(let s): values[JSONStep.path(selector)] = s
                case .int(let i): values[JSONStep.path(selector)] = String(i)
                case .double(let d): values[JSONStep.path(selector)] = String(d)
                case .bool(let b): values[JSONStep.path(selector)] = String(b)
                default: break
                }
            }
            return values
        case .everything, .terms:
            return matches(message) ? [:] : nil
        }
    }

    /// Unstructured terms: words or quoted phrases, each optionally marked `?` (any of) or `-` (none of).
    static func terms(_ text: String) throws(FilterPatternError) -> Kind {
        var required: [Term] = [], alternatives: [Term] = [], excluded: [Term] = []
        var chars = Substring(text)
        while true {
            chars = chars.drop { $0.isWhitespace }
            guard let first = chars.first else { break }
            var marker: Character?
            if first == "?" || first == "-" {
                marker = first
                chars = chars.dropFirst()
            }
            var term: String
            var regex = false
            if chars.first == "\"" {
                chars = chars.dropFirst()
                guard let end = chars.firstIndex(of: "\"") else { throw FilterPatternError("unterminated quoted term") }
                term = String(chars[..<end])
                chars = chars[chars.index(after: end)...]
            } else if chars.first == "%", let end = chars.dropFirst().firstIndex(of: "%") {
                // `%...%`: a regular expression ("Using regular expressions in filter patterns").
                term = String(chars[chars.index(after: chars.startIndex)..<end])
                chars = chars[chars.index(after: end)...]
                regex = true
                guard (try? NSRegularExpression(pattern: term)) != nil else { throw FilterPatternError("invalid regular expression %\(term)%") }
            } else {
                let word = chars.prefix { !$0.isWhitespace }
                term = String(word)
                chars = chars.dropFirst(word.count)
            }
            if term.isEmpty {
                guard marker == "-" else { throw FilterPatternError("empty term") }
                term = "-"
                marker = nil
            }
            let parsed = Term(text: term, regex: regex)
            switch marker {
            case "?"?: alternatives.append(parsed)
            case "-"?: excluded.append(parsed)
            default: required.append(parsed)
            }
        }
        return .terms(required: required, anyOf: alternatives, excluded: excluded)
    }
}

/// An unstructured term: text that must appear, case-sensitively, or a regular expression that must match somewhere.
struct Term: Sendable, Equatable {
    var text: String
    var regex: Bool

    func found(in message: String) -> Bool {
        regex ? message.range(of: text, options: .regularExpression) != nil : message.contains(text)
    }
}

/// Why a filter pattern does not parse (CloudWatch Logs answers `InvalidParameterException`).
public struct FilterPatternError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

// MARK: - Comparisons shared by JSON and space-delimited patterns

enum Comparison: String, Sendable, Equatable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// Longest first, so `<=` is not read as `<`.
    static let byLength: [Comparison] = allCases.sorted { $0.rawValue.count > $1.rawValue.count }

    func compare(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        }
    }
}

/// The right-hand side of a comparison: a number, or a string that may hold `*` wildcards.
struct PatternValue: Sendable, Equatable {
    var text: String
    var number: Double?

    init(_ text: String, quoted: Bool) {
        self.text = text
        self.number = quoted ? nil : Double(text)
    }

    /// Compares `actual` (a field's text, and its number when it is one) with this value.
    func test(_ comparison: Comparison, text actual: String, number: Double?) -> Bool {
        if let expected = self.number, let number {
            return comparison.compare(number, expected)
        }
        switch comparison {
        case .equal: return Wildcard.matches(text, actual)
        case .notEqual: return !Wildcard.matches(text, actual)
        default: return false
        }
    }
}

/// `*` matches any run of characters; everything else matches itself.
enum Wildcard {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        guard pattern.contains("*") else { return pattern == text }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        var rest = Substring(text)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard !part.isEmpty else { continue }
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }
}

// MARK: - JSON patterns

indirect enum JSONCondition: Sendable, Equatable {
    case compare(selector: [JSONStep], Comparison, PatternValue)
    case isNull([JSONStep])
    case notExists([JSONStep])
    case isBool([JSONStep], Bool)
    case and(JSONCondition, JSONCondition)
    case or(JSONCondition, JSONCondition)

    /// Every selector the condition names.
    var selectors: [[JSONStep]] {
        switch self {
        case let .compare(selector, _, _), let .isNull(selector), let .notExists(selector), let .isBool(selector, _):
            return [selector]
        case let .and(lhs, rhs), let .or(lhs, rhs):
            return lhs.selectors + rhs.selectors
        }
    }

    func holds(in document: JSONValue) -> Bool {
        switch self {
        case let .and(lhs, rhs): return lhs.holds(in: document) && rhs.holds(in: document)
        case let .or(lhs, rhs): return lhs.holds(in: document) || rhs.holds(in: document)
        case let .notExists(selector): return JSONStep.resolve(selector, in: document) == nil
        case let .isNull(selector): return JSONStep.resolve(selector, in: document) == .null
        case let .isBool(selector, expected): return JSONStep.resolve(selector, in: document) == .bool(expected)
        case let .compare(selector, comparison, value):
            switch JSONStep.resolve(selector, in: document) {
            case .string(let s): return value.test(comparison, text: s, number: nil)
            case .int(let i): return value.test(comparison, text: String(i), number: Double(i))
            case .double(let d): return value.test(comparison, text: String(d), number: d)
            case .bool(let b): return value.test(comparison, text: b ? "true" : "false", number: nil)
            case .array(let items):
                // A selector that names an array matches when one of its elements does.
                return items.contains { JSONCondition.compare(selector: [], comparison, value).holds(in: $0) }
            case .null, .object, nil: return false
            }
        }
    }
}

/// One step of a selector: `.name` or `[index]`.
enum JSONStep: Sendable, Equatable {
    case member(String)
    case index(Int)

    /// `$.a.b[0]`, as the pattern wrote it.
    static func path(_ steps: [JSONStep]) -> String {
        "$" + steps.map { step in
            switch step {
            case .member(let name): return "." + name
            case .index(let index): return "[\(index)]"
            }
        }.joined()
    }

    static func resolve(_ steps: [JSONStep], in document: JSONValue) -> JSONValue? {
        var current = document
        for step in steps {
            switch (step, current) {
            case let (.member(name), .object(fields)):
                guard let next = fields[name] else { return nil }
                current = next
            case let (.index(index), .array(items)):
                guard items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}

/// A recursive-descent parser over the characters between `{` and `}`: `||` binds looser than `&&`.
struct ConditionParser {
    let chars: [Character]
    var position = 0

    init(_ chars: [Character]) { self.chars = chars }

    mutating func parseAll() throws(FilterPatternError) -> JSONCondition {
        let condition = try parseOr()
        skipSpaces()
        guard position == chars.count else { throw FilterPatternError("unexpected '\(String(chars[position...]))'") }
        return condition
    }

    mutating func parseOr() throws(FilterPatternError) -> JSONCondition {
        var condition = try parseAnd()
        while take("||") { condition = .or(condition, try parseAnd()) }
        return condition
    }

    mutating func parseAnd() throws(FilterPatternError) -> JSONCondition {
        var condition = try parsePrimary()
        while take("&&") { condition = .and(condition, try parsePrimary()) }
        return condition
    }

    mutating func parsePrimary() throws(FilterPatternError) -> JSONCondition {
        if take("(") {
            let inner = try parseOr()
            guard take(")") else { throw FilterPatternError("missing ')'") }
            return inner
        }
        let selector = try parseSelector()
        if take("IS NULL") { return .isNull(selector) }
        if take("IS TRUE") { return .isBool(selector, true) }
        if take("IS FALSE") { return .isBool(selector, false) }
        if take("NOT EXISTS") { return .notExists(selector) }
        guard let comparison = Comparison.byLength.first(where: { take($0.rawValue) }) else {
            throw FilterPatternError("expected a comparison after the selector")
        }
        return .compare(selector: selector, comparison, try parseValue())
    }

    mutating func parseSelector() throws(FilterPatternError) -> [JSONStep] {
        guard take("$") else { throw FilterPatternError("a JSON pattern's selector starts with '$.'") }
        var steps: [JSONStep] = []
        while position < chars.count {
            if chars[position] == "." {
                position += 1
                let name = word { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "@" }
                guard !name.isEmpty else { throw FilterPatternError("empty selector step") }
                steps.append(.member(name))
            } else if chars[position] == "[" {
                position += 1
                let digits = word { $0.isNumber }
                guard let index = Int(digits), position < chars.count, chars[position] == "]" else {
                    throw FilterPatternError("an array index is a number in brackets")
                }
                position += 1
                steps.append(.index(index))
            } else {
                break
            }
        }
        guard !steps.isEmpty else { throw FilterPatternError("a selector names a field") }
        return steps
    }

    mutating func parseValue() throws(FilterPatternError) -> PatternValue {
        skipSpaces()
        guard position < chars.count else { throw FilterPatternError("missing value") }
        if chars[position] == "\"" {
            position += 1
            var text = ""
            while position < chars.count, chars[position] != "\"" {
                if chars[position] == "\\", position + 1 < chars.count { position += 1 }
                text.append(chars[position])
                position += 1
            }
            guard position < chars.count else { throw FilterPatternError("unterminated string") }
            position += 1
            return PatternValue(text, quoted: true)
        }
        let text = word { !$0.isWhitespace && $0 != ")" && $0 != "&" && $0 != "|" }
        guard !text.isEmpty else { throw FilterPatternError("missing value") }
        return PatternValue(text, quoted: false)
    }

    mutating func word(_ allowed: (Character) -> Bool) -> String {
        let start = position
        while position < chars.count, allowed(chars[position]) { position += 1 }
        return String(chars[start..<position])
    }

    mutating func skipSpaces() {
        while position < chars.count, chars[position].isWhitespace { position += 1 }
    }

    /// Consumes `token` (after spaces) when it comes next.
    mutating func take(_ token: String) -> Bool {
        skipSpaces()
        let wanted = Array(token)
        guard position + wanted.count <= chars.count, Array(chars[position..<position + wanted.count]) == wanted else { return false }
        position += wanted.count
        return true
    }
}

// MARK: - Space-delimited patterns

/// One field of `[...]`: `...` (any number of fields), a name (any value), or conditions on the field's value.
enum DelimitedField: Sendable, Equatable {
    case ellipsis
    /// The field's name (TestMetricFilter's `$name`), and alternatives (`||`) of conjunctions (`&&`) of comparisons.
    case field(name: String, anyOf: [[FieldTest]])

    struct FieldTest: Sendable, Equatable {
        var comparison: Comparison
        var value: PatternValue
    }

    static func parseList(_ text: String) throws(FilterPatternError) -> [DelimitedField] {
        var fields: [DelimitedField] = []
        for part in splitOutsideQuotes(text, on: ",") {
            let field = part.trimmed
            if field == "..." { fields.append(.ellipsis); continue }
            guard !field.isEmpty else { throw FilterPatternError("empty field in a space-delimited pattern") }
            var alternatives: [[FieldTest]] = []
            for alternative in field.components(separatedBy: "||") {
                var tests: [FieldTest] = []
                for clause in alternative.components(separatedBy: "&&") {
                    if let test = try parseTest(clause.trimmed) { tests.append(test) }
                }
                alternatives.append(tests)
            }
            let name = field.prefix { !"=!<>".contains($0) && !$0.isWhitespace }
            fields.append(.field(name: String(name), anyOf: alternatives))
        }
        return fields
    }

    /// `name`, or `name OP value`; nil for a bare name.
    static func parseTest(_ clause: String) throws(FilterPatternError) -> FieldTest? {
        let chars = Array(clause)
        guard let start = chars.firstIndex(where: { "=!<>".contains($0) }) else {
            guard !clause.isEmpty, !clause.contains(where: \.isWhitespace) else {
                throw FilterPatternError("invalid field '\(clause)'")
            }
            return nil
        }
        let rest = String(chars[start...])
        guard let comparison = Comparison.byLength.first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw FilterPatternError("invalid comparison in '\(clause)'")
        }
        var value = String(rest.dropFirst(comparison.rawValue.count)).trimmed
        let quoted = value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"")
        if quoted { value = String(value.dropFirst().dropLast()) }
        guard !value.isEmpty else { throw FilterPatternError("missing value in '\(clause)'") }
        return FieldTest(comparison: comparison, value: PatternValue(value, quoted: quoted))
    }

    func accepts(_ value: String) -> Bool {
        guard case let .field(_, alternatives) = self else { return true }
        let number = Double(value)
        return alternatives.contains { tests in tests.allSatisfy { $0.value.test($0.comparison, text: value, number: number) } }
    }

    /// Every field spec against every message field, `...` taking as many fields as it must: the named fields'
    /// values when the message matches, nil when it does not.
    static func match(_ specs: ArraySlice<DelimitedField>, _ values: ArraySlice<String>) -> [(name: String, value: String)]? {
        guard let spec = specs.first else { return values.isEmpty ? [] : nil }
        guard case let .field(name, _) = spec else {
            for skipped in 0...values.count {
                if let rest = match(specs.dropFirst(), values.dropFirst(skipped)) { return rest }
            }
            return nil
        }
        guard let value = values.first, spec.accepts(value), let rest = match(specs.dropFirst(), values.dropFirst()) else { return nil }
        return [(name, value)] + rest
    }

    /// A message's fields: runs of non-space characters; `"..."` and `[...]` are one field each (without the marks).
    static func split(_ message: String) -> [String] {
        var fields: [String] = []
        var chars = Substring(message)
        while true {
            chars = chars.drop { $0 == " " || $0 == "\t" }
            guard let first = chars.first else { return fields }
            if first == "\"" || first == "[", let end = chars.dropFirst().firstIndex(of: first == "\"" ? "\"" : "]") {
                fields.append(String(chars[chars.index(after: chars.startIndex)..<end]))
                chars = chars[chars.index(after: end)...]
            } else {
                let word = chars.prefix { $0 != " " && $0 != "\t" }
                fields.append(String(word))
                chars = chars.dropFirst(word.count)
            }
        }
    }

    static func splitOutsideQuotes(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = [], current = "", quoted = false
        for char in text {
            if char == "\"" { quoted.toggle() }
            if char == separator, !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        parts.append(current)
        return parts
    }
}

extension StringProtocol {
    var trimmed: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
