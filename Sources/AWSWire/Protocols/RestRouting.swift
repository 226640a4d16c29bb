/// Finds a REST operation from method, path and query, the way AWS's front ends do:
/// of the templates that match, the most specific wins (literal segments, then fixed
/// query keys, then the required query and header members that are present: S3's UploadPart
/// shares PutObject's path and differs by `partNumber` and `uploadId`, UploadPartCopy by `x-amz-copy-source`).
enum RestRouting {
    static func match(_ request: WireRequest, model: ServiceModel) -> (OperationModel, [String: String])? {
        let segments = pathSegments(request.rawPath)
        let query = request.queryItems
        let queryKeys = Set(query.map(\.key))
        var best: (operation: OperationModel, labels: [String: String], score: Int)?
        for operation in model.operations.values where operation.httpMethod == request.method {
            let template = operation.template
            guard let labels = template.match(segments) else { continue }
            var score = template.pathSpecificity
            var literalsPresent = true
            var literalsMatched = 0
            for literal in template.queryLiterals {
                let present = literal.value.map { value in query.contains { $0.key == literal.key && $0.value == value } }
                    ?? queryKeys.contains(literal.key)
                if present {
                    score += 50
                    literalsMatched += 1
                } else if literal.key != "x-id" || queryKeys.contains("x-id") {
                    // `x-id=GetObject` names the operation; botocore does not always send it, so only a different one rules out.
                    literalsPresent = false
                }
            }
            guard literalsPresent else { continue }
            if let input = model.inputShape(of: operation) {
                for member in input.members where input.required.contains(member.name) {
                    let name = member.locationName ?? member.name
                    let present: Bool
                    switch member.location {
                    case .querystring: present = queryKeys.contains(name)
                    case .header: present = request.header(name) != nil
                    default: continue
                    }
                    // A request that names the operation by its query literal (`?metrics`) is that operation even without a
                    // required member (`id`): validation answers for it, rather than another operation taking it.
                    guard present || literalsMatched > 0 else { score = -1; break }
                    score += present ? 20 : -5
                }
            }
            if score >= 0, ModelPatches.isSuperseded(service: model.name, operation: operation.name) { score = max(0, score - 30) }
            // Equal scores go to the first name in order, so routing never depends on dictionary order.
            if score >= 0, score > (best?.score ?? -1) || (score == best?.score && operation.name < best!.operation.name) {
                best = (operation, labels, score)
            }
        }
        return best.map { ($0.operation, $0.labels) }
    }

    /// `/a/b/` -> ["a", "b", ""]: the trailing empty segment stays, because a greedy label keeps it (S3's key `dir/`
    /// is not the key `dir`); templates without one ignore it (`/bucket/` is the bucket).
    static func pathSegments(_ rawPath: String) -> [Substring] {
        Array(rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
    }
}
