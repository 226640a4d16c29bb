/// A REST operation's `requestUri`, such as `/{Bucket}/{Key+}?uploads` or
/// `/2015-03-31/functions/{FunctionName}/invocations`, compiled for matching.
public struct URITemplate: Sendable {
    public enum Segment: Sendable, Equatable {
        case literal(String)
        case label(String)
        /// `{Key+}`: the rest of the path, slashes included.
        case greedy(String)
    }

    public let segments: [Segment]
    /// Query keys the template requires (`?uploads`, `?list-type=2`), with their value when it is fixed.
    public let queryLiterals: [(key: String, value: String?)]

    public init(_ template: String) {
        let parts = template.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts.first.map(String.init) ?? "/"
        segments = path.split(separator: "/", omittingEmptySubsequences: true).map { raw in
            if raw.hasPrefix("{") && raw.hasSuffix("}") {
                let inner = raw.dropFirst().dropLast()
                if inner.hasSuffix("+") { return .greedy(String(inner.dropLast())) }
                return .label(String(inner))
            }
            return .literal(String(raw))
        }
        if parts.count > 1 {
            queryLiterals = parts[1].split(separator: "&").map { pair in
                let kv = pair.split(separator: "=", maxSplits: 1)
                return (String(kv[0]), kv.count > 1 ? String(kv[1]) : nil)
            }
        } else {
            queryLiterals = []
        }
    }

    /// How specific the path is: literal segments count most, then single labels, then greedy ones.
    public var pathSpecificity: Int {
        var score = 0
        for segment in segments {
            if case .literal = segment { score += 100 } else if case .label = segment { score += 10 }
        }
        return score
    }

    /// The raw (still percent-encoded) label values when `pathSegments` matches, else nil.
    public func match(_ pathSegments: [Substring]) -> [String: String]? {
        var labels: [String: String] = [:]
        var i = 0
        for (n, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard i < pathSegments.count, pathSegments[i] == text else { return nil }
                i += 1
            case .label(let name):
                guard i < pathSegments.count, !pathSegments[i].isEmpty else { return nil }
                labels[name] = String(pathSegments[i])
                i += 1
            case .greedy(let name):
                // Greedy labels are last in every AWS model; they take the rest, trailing slashes included, and
                // must not be empty.
                guard n == segments.count - 1, i < pathSegments.count else { return nil }
                let rest = pathSegments[i...].joined(separator: "/")
                guard !rest.isEmpty else { return nil }
                labels[name] = rest
                i = pathSegments.count
            }
        }
        // Past the template, only the empty segments of trailing slashes may remain: `/bucket/` is `/{Bucket}`.
        return pathSegments[i...].allSatisfy(\.isEmpty) ? labels : nil
    }
}
