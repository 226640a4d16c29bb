import AWSWire

/// EC2's filter language ("Filter your Amazon EC2 resources" and each Describe call's
/// Filter list): several filters AND, several values of one filter OR, `*` and `?` wildcards,
/// `tag:Key` and `tag-key`. A resource answers each filter name with its values for it.
public struct EC2Filters: Sendable {
    public struct Filter: Sendable {
        public let name: String
        public let patterns: [WildcardPattern]
    }

    public let filters: [Filter]

    /// Reads `Filters` from an input; unknown names are refused, as EC2 does, when `allowed` is given.
    public init(_ input: AWSValue?, allowed: Set<String>? = nil) throws {
        var filters: [Filter] = []
        for entry in input?.list ?? [] {
            let name = entry["Name"]?.string ?? ""
            if let allowed, !allowed.contains(name), !name.hasPrefix("tag:") {
                throw AWSError("InvalidParameterValue", "The filter '\(name)' is invalid")
            }
            filters.append(Filter(name: name, patterns: entry["Values"].map { $0.strings.map(WildcardPattern.init) } ?? []))
        }
        self.filters = filters
    }

    public var isEmpty: Bool { filters.isEmpty }

    /// Whether a resource passes every filter; `values(name)` gives the resource's values for a filter name.
    public func matches(_ values: (String) -> [String]) -> Bool {
        filters.allSatisfy { filter in
            let have = values(filter.name)
            return filter.patterns.contains { pattern in have.contains { pattern.matches($0) } }
        }
    }

    /// The same for an item passed along rather than captured: a closure that captures a large value copies it,
    /// and a Describe call over thousands of resources should not copy each one.
    public func matches<Item>(_ item: Item, _ values: (Item, String) -> [String]) -> Bool {
        for filter in filters {
            let have = values(item, filter.name)
            guard filter.patterns.contains(where: { pattern in have.contains { pattern.matches($0) } }) else { return false }
        }
        return true
    }
}

/// A filter value with `*` (any run) and `?` (any one character); `\` escapes them.
public struct WildcardPattern: Sendable {
    private let parts: [Character]
    private let escaped: [Bool]
    private let hasWildcard: Bool
    private let literal: String

    public init(_ text: String) {
        var parts: [Character] = []
        var escaped: [Bool] = []
        var escaping = false
        for c in text {
            if escaping {
                parts.append(c)
                escaped.append(true)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                parts.append(c)
                escaped.append(false)
            }
        }
        self.parts = parts
        self.escaped = escaped
        self.hasWildcard = zip(parts, escaped).contains { ($0 == "*" || $0 == "?") && !$1 }
        self.literal = String(parts)
    }

    public func matches(_ text: String) -> Bool {
        if !hasWildcard { return text == literal }
        let s = Array(text)
        var p = 0, t = 0, starP = -1, starT = 0
        while t < s.count {
            if p < parts.count && !escaped[p] && parts[p] == "*" {
                starP = p
                starT = t
                p += 1
            } else if p < parts.count && ((parts[p] == "?" && !escaped[p]) || parts[p] == s[t]) {
                p += 1
                t += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < parts.count && parts[p] == "*" && !escaped[p] { p += 1 }
        return p == parts.count
    }
}
