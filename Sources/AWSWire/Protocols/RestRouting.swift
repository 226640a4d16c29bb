/// Finds a REST operation from method, path and query, the way AWS's front ends do:
/// of the templates that match, the most specific wins (literal segments, then fixed
/// query keys, then the required query members that are present, as S3's UploadPart
/// shares PutObject's path and differs only by `partNumber` and `uploadId`).
enum RestRouting {
    static func match(_ request: WireRequest, model: ServiceModel) -> (Operation, [String: String])? {
        let segments = pathSegments(request.rawPath)
        let query = request.queryItems
        let queryKeys = Set(query.map(\.key))
        var best: (operation: Operation, labels: [String: String], score: Int)?
        for operation in model.operations.values where operation.httpMethod == request.method {
            let template = operation.template
            guard let labels = template.match(segments) else { continue }
            let literalsPresent = template.queryLiterals.allSatisfy { literal in
                guard let value = literal.value else { return queryKeys.contains(literal.key) }
                // `x-id=GetObject` names the operation; botocore does not always send it, so it only counts when present.
                if literal.key == "x-id" { return !queryKeys.contains("x-id") || query.contains { $0 == ("x-id", value) } }
                return query.contains { $0.key == literal.key && $0.value == value }
            }
            guard literalsPresent else { continue }
            var score = template.specificity
            if let input = model.inputShape(of: operation) {
                for member in input.members where member.location == .querystring && input.required.contains(member.name) {
                    guard queryKeys.contains(member.locationName ?? member.name) else { score = -1; break }
                    score += 20
                }
            }
            if score >= 0, score > (best?.score ?? -1) { best = (operation, labels, score) }
        }
        return best.map { ($0.operation, $0.labels) }
    }

    /// `/a/b/` -> ["a", "b"]: a trailing slash names the same resource.
    static func pathSegments(_ rawPath: String) -> [Substring] {
        rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst().reversed().drop(while: \.isEmpty).reversed()
    }
}
