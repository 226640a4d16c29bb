import AWSWire
import NimbusCore
import State

/// One Describe call for every EC2 resource type: IDs (every one must exist), the filter language,
/// `MaxResults` / `NextToken` ("Pagination", EC2 API Reference), in creation order.
enum EC2Describe {
    /// The filter names every type accepts besides its own.
    static let tagFilterNames: Set<String> = ["tag-key", "tag-value"]

    /// Answers a Describe call: `{outputMember: [...], NextToken}`.
    static func describe<R: EC2Resource>(
        _ type: R.Type, _ input: AWSValue, _ context: RequestContext,
        idsMember: String, outputMember: String, where keep: ((R, NetworkView) -> Bool)? = nil
    ) throws -> AWSValue {
        // DescribeNatGateways and DescribeFlowLogs name the member `Filter`.
        let filters = try EC2Filters(input["Filters"] ?? input["Filter"], allowed: R.filterNames.union(tagFilterNames))
        let ids = input[idsMember]?.strings ?? []
        let (maxResults, start) = try pageRequest(input)
        return try context.store.read { view in
            let network = NetworkView(view, context)
            let candidates: [R]
            if ids.isEmpty {
                candidates = Array(network.all(type))
            } else {
                for id in ids { try R.checkWellFormed(id) }
                let missing = ids.filter { network.get(type, $0) == nil }
                guard missing.isEmpty else { throw R.notFound(missing) }
                var seen: Set<String> = []
                candidates = ids.filter { seen.insert($0).inserted }.compactMap { network.get(type, $0) }
            }
            var matched: [AWSValue] = []
            var next: String?
            var skipped = 0
            for resource in candidates where keep?(resource, network) ?? true {
                guard filters.isEmpty || filters.matches({ resource.tagValues($0) ?? resource.filterValues($0, network) }) else {
                    continue
                }
                if skipped < start {
                    skipped += 1
                    continue
                }
                if let maxResults, matched.count == maxResults {
                    next = Paginator.token(start + matched.count)
                    break
                }
                matched.append(resource.output(network))
            }
            return .structure([outputMember: .list(matched), "NextToken": next.map(AWSValue.string)])
        }
    }

    /// `MaxResults` (5 to 1000, as most EC2 Describe calls document) and where `NextToken` resumes.
    static func pageRequest(_ input: AWSValue) throws -> (maxResults: Int?, start: Int) {
        let maxResults = input["MaxResults"]?.int
        if let maxResults, !(5...1000).contains(maxResults) {
            throw AWSError("InvalidParameterValue",
                           "Value ( \(maxResults) ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.")
        }
        var start = 0
        if let token = input["NextToken"]?.string {
            guard let position = Paginator.position(token) else {
                throw AWSError("InvalidNextToken", "The token '\(token)' is invalid.")
            }
            start = position
        }
        return (maxResults, start)
    }
}
