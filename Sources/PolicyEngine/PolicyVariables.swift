/// A policy string with its `${...}` policy variables tokenized once, at compile time
/// ("IAM policy elements: Variables and tags").
///
/// - `${key}` is replaced by the request's value for the context key (keys match without regard to case).
/// - `${key, 'default'}` uses `default` when the key has no value ("Specifying default values").
/// - `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$` ("Special characters").
/// - A key with no value and no default leaves the string unresolved, so that resource or condition value
///   matches nothing ("If AWS cannot resolve a variable, this might cause the entire statement to be invalid").
/// - A multivalued key cannot be used as a variable ("Single-valued vs. multivalued context keys").
struct PolicyTemplate: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        /// Text from the policy: `*` and `?` in it are wildcards where the operator has them.
        case text(String)
        /// A character written as `${*}`, `${?}` or `${$}`: never a wildcard.
        case escaped(UInt8)
        /// `key` is lowercased; `name` is as written, for reporting.
        case variable(key: String, name: String, defaultValue: String?)
    }

    let pieces: [Piece]
    let hasVariables: Bool

    init(pieces: [Piece]) {
        self.pieces = pieces
        hasVariables = pieces.contains { if case .variable = $0 { return true } else { return false } }
    }

    /// Tokenizes `text`. With `variables` false (a 2008-10-17 policy, or an operator that takes no
    /// variables) the whole text is one text piece. `afterColons` leaves the text up to and including
    /// that many colons untouched ("Resource element": variables only in the resource part of the ARN,
    /// after the fifth colon).
    static func parse(_ text: String, variables: Bool, afterColons: Int = 0) -> PolicyTemplate {
        guard variables, text.contains("${") else { return PolicyTemplate(pieces: [.text(text)]) }
        let scalars = Array(text.unicodeScalars)
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        var colons = 0
        while index < scalars.count, colons < afterColons {
            if scalars[index] == ":" { colons += 1 }
            literal.append(scalars[index])
            index += 1
        }
        func flush() {
            if !literal.isEmpty {
                pieces.append(.text(String(literal)))
                literal = String.UnicodeScalarView()
            }
        }
        while index < scalars.count {
            if scalars[index] == "$", index + 1 < scalars.count, scalars[index + 1] == "{",
               let close = scalars[(index + 2)...].firstIndex(of: "}") {
                let inner = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                if let piece = variablePiece(inner) {
                    flush()
                    pieces.append(piece)
                    index = close + 1
                    continue
                }
            }
            literal.append(scalars[index])
            index += 1
        }
        flush()
        return PolicyTemplate(pieces: pieces)
    }

    /// The piece for the text between `${` and `}`, or nil when it is not a well-formed variable (the
    /// characters then stay literal).
    static func variablePiece(_ inner: String) -> Piece? {
        let trimmed = inner.trimmingSpaces
        switch trimmed {
        case "*": return .escaped(UInt8(ascii: "*"))
        case "?": return .escaped(UInt8(ascii: "?"))
        case "$": return .escaped(UInt8(ascii: "$"))
        default: break
        }
        var name = trimmed
        var defaultValue: String?
        if let comma = trimmed.firstIndex(of: ",") {
            name = String(trimmed[..<comma]).trimmingSpaces
            let rest = String(trimmed[trimmed.index(after: comma)...]).trimmingSpaces
            guard rest.count >= 2, rest.first == "'", rest.last == "'" else { return nil }
            let quoted = rest.dropFirst().dropLast()
            defaultValue = String(quoted).replacing("''", with: "'")
        }
        guard !name.isEmpty, !name.contains(" "), !name.contains("'") else { return nil }
        return .variable(key: ConditionContext.normalize(name), name: name, defaultValue: defaultValue)
    }

    /// Appends the pattern codes for this template. With `wildcards`, `*` and `?` in text pieces are
    /// wildcards; otherwise everything is literal. Variable values are always literal. Returns false when a
    /// variable has no value (its name is added to `missing`).
    func appendCodes(to codes: inout [UInt16], wildcards: Bool, lowercase: Bool, resolver: VariableResolver,
                     missing: inout [String]) -> Bool {
        var resolved = true
        for piece in pieces {
            switch piece {
            case .text(let text):
                if wildcards {
                    Glob.appendCodes(wildcardText: text, lowercase: lowercase, to: &codes)
                } else {
                    Glob.appendCodes(literalText: text, lowercase: lowercase, to: &codes)
                }
            case .escaped(let byte):
                codes.append(UInt16(byte))
            case .variable(let key, let name, let defaultValue):
                if let value = resolver.variableValue(key) ?? defaultValue {
                    Glob.appendCodes(literalText: lowercase ? value.lowercased() : value, lowercase: lowercase, to: &codes)
                } else {
                    missing.append(name)
                    resolved = false
                }
            }
        }
        return resolved
    }

    /// The codes when the template has no variables.
    func staticCodes(wildcards: Bool, lowercase: Bool) -> [UInt16] {
        var codes: [UInt16] = []
        var missing: [String] = []
        _ = appendCodes(to: &codes, wildcards: wildcards, lowercase: lowercase, resolver: .none, missing: &missing)
        return codes
    }

    /// The text with variables resolved and escapes applied (for operators without wildcards that compare
    /// values, such as `Bool`). Nil when a variable has no value.
    func resolvedText(resolver: VariableResolver, missing: inout [String]) -> String? {
        var out = ""
        var resolved = true
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .escaped(let byte): out.unicodeScalars.append(Unicode.Scalar(byte))
            case .variable(let key, let name, let defaultValue):
                if let value = resolver.variableValue(key) ?? defaultValue {
                    out += value
                } else {
                    missing.append(name)
                    resolved = false
                }
            }
        }
        return resolved ? out : nil
    }
}

/// Looks up the single text value of a context key for a policy variable.
struct VariableResolver {
    let request: UnsafePointer<AuthorizationRequest>?

    static var none: VariableResolver { VariableResolver(request: nil) }

    func variableValue(_ key: String) -> String? {
        guard let request else { return nil }
        guard let value = request.pointee.context.lookup(normalizedKey: key, hash: ConditionContext.hash(key), request: request) else {
            return nil
        }
        // A multivalued key cannot be a variable; a one-element list is taken as its element.
        switch value {
        case .list(let values):
            guard values.count == 1 else { return nil }
            return values[0].text
        default:
            return value.text
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

}
