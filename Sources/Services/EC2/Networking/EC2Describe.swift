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
            var matched: [AWSValue] = []
            var next: String?
            var skipped = 0
            /// Takes one candidate; false once the page is full.
            func visit(_ resource: R) -> Bool {
                guard keep?(resource, network) ?? true,
                      filters.isEmpty || filters.matches(resource, { $0.tagValues($1) ?? $0.filterValues($1, network) }) else {
                    return true
                }
                if skipped < start {
                    skipped += 1
                    return true
                }
                if let maxResults, matched.count == maxResults {
                    next = Paginator.token(start + matched.count)
                    return false
                }
                matched.append(resource.output(network))
                return true
            }
            if ids.isEmpty {
                // Walks the store's own storage: no copy of every resource for a call that keeps a few.
                network.forEach(type, visit)
            } else {
                for id in ids { try R.checkWellFormed(id) }
                let missing = ids.filter { network.get(type, $0) == nil }
                guard missing.isEmpty else { throw R.notFound(missing) }
                var seen: Set<String> = []
                for id in ids where seen.insert(id).inserted {
                    if let resource = network.get(type, id), !visit(resource) { break }
                }
            }
            return .structure([outputMember: .list(matched), "NextToken": next.map(AWSValue.string)])
        }
    }

    /// One page of `items` from `start`, and the token for the next page when there is one.
    static func page<T>(_ items: [T], maxResults: Int?, start: Int) -> (items: ArraySlice<T>, nextToken: AWSValue?) {
        let from = min(start, items.count)
        let end = maxResults.map { min(items.count, from + $0) } ?? items.count
        return (items[from..<end], end < items.count ? .string(Paginator.token(end)) : nil)
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
