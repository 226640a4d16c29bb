import AWSWire
import NimbusCore
import State

/// CreateTags, DeleteTags, DescribeTags and `TagSpecifications`, for every taggable EC2 resource
/// ("Tag your Amazon EC2 resources": 50 tags per resource, keys up to 128 and values up to 256
/// characters, case-sensitive, `aws:` reserved).
enum Tags {
    static let maxTagsPerResource = 50

    /// Every type CreateTags can reach, by ID prefix.
    static let taggable: [String: any EC2Resource.Type] = {
        let types: [any EC2Resource.Type] = [
            VPC.self, Subnet.self, InternetGateway.self, EgressOnlyInternetGateway.self, NatGateway.self,
            RouteTable.self, SecurityGroup.self, NetworkACL.self, NetworkInterface.self, ElasticAddress.self,
            DHCPOptions.self, VPCPeeringConnection.self, ManagedPrefixList.self, Instance.self, Volume.self, KeyPair.self, Snapshot.self, PlacementGroup.self, LaunchTemplate.self, SpotInstanceRequest.self, UserImage.self,
            NetworkInsightsPath.self, NetworkInsightsAnalysis.self,
        ]
        return Dictionary(uniqueKeysWithValues: types.map { ($0.idPrefix, $0) })
    }()

    static func type(of id: String) -> (any EC2Resource.Type)? {
        guard let dash = id.firstIndex(of: "-") else { return nil }
        return taggable[String(id[..<dash])]
    }

    /// Reads and checks a list of `{Key, Value}`.
    static func parse(_ input: AWSValue?, requireValue: Bool = false) throws -> [EC2Tag] {
        try (input?.list ?? []).map { entry in
            let key = entry["Key"]?.string ?? ""
            let value = entry["Value"]?.string ?? ""
            guard !key.isEmpty else { throw EC2Errors.invalidParameterValue("Tag key cannot be empty") }
            guard key.count <= 128 else {
                throw EC2Errors.invalidParameterValue("Tag key exceeds the maximum length of 128 characters")
            }
            guard value.count <= 256 else {
                throw EC2Errors.invalidParameterValue("Tag value exceeds the maximum length of 256 characters")
            }
            guard !key.lowercased().hasPrefix("aws:") else {
                throw EC2Errors.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use")
            }
            return EC2Tag(key: key, value: value)
        }
    }

    /// Applies new tags over old ones (same key: replaced), within the per-resource limit.
    static func merge(_ existing: [EC2Tag], _ new: [EC2Tag]) throws -> [EC2Tag] {
        var tags = existing
        for tag in new {
            if let index = tags.firstIndex(where: { $0.key == tag.key }) { tags[index] = tag } else { tags.append(tag) }
        }
        guard tags.count <= maxTagsPerResource else {
            throw AWSError("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.")
        }
        return tags
    }

    /// The tags a create call's `TagSpecifications` give a resource of `resourceType`. Calls that make several
    /// kinds of resource (RunInstances: instances, volumes, interfaces) pass `ignoringOthers`.
    static func fromSpecifications(_ input: AWSValue, _ resourceType: String, ignoringOthers: Bool = false) throws -> [EC2Tag] {
        var tags: [EC2Tag] = []
        for specification in input["TagSpecifications"]?.list ?? [] {
            let type = specification["ResourceType"]?.string ?? ""
            if ignoringOthers && type != resourceType { continue }
            guard type == resourceType else {
                throw EC2Errors.invalidParameterValue(
                    "'\(type)' is not a valid taggable resource type for this operation.")
            }
            tags = try merge(tags, parse(specification["Tags"]))
        }
        return tags
    }

    // MARK: Operations

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let ids = input["Resources"]?.strings ?? []
        let tags = try parse(input["Tags"])
        try context.store.write { tx in
            for id in ids {
                try retag(id, &tx, context) { try merge($0, tags) }
            }
        }
        return [:]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let ids = input["Resources"]?.strings ?? []
        // "DeleteTags": a tag given without a value is deleted whatever its value; with one, only on a match.
        let doomed: [(key: String, value: String?)] = (input["Tags"]?.list ?? []).map {
            ($0["Key"]?.string ?? "", $0["Value"]?.string)
        }
        try context.store.write { tx in
            for id in ids {
                try retag(id, &tx, context) { tags in
                    if doomed.isEmpty { return [] }
                    return tags.filter { tag in !doomed.contains { $0.key == tag.key && ($0.value == nil || $0.value == tag.value) } }
                }
            }
        }
        return [:]
    }

    /// Changes the tags of the resource `id` names, whatever its type; security group rules live in their group.
    private static func retag(_ id: String, _ tx: inout StoreTransaction, _ context: RequestContext,
                              _ change: ([EC2Tag]) throws -> [EC2Tag]) throws {
        if id.hasPrefix("sgr-") {
            let partition = context.regionalPartition
            guard var group = tx.every(SecurityGroup.self, in: partition).first(where: { $0.rules.contains { $0.id == id } }),
                  let index = group.rules.firstIndex(where: { $0.id == id }) else {
                throw AWSError("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '\(id)' does not exist")
            }
            group.rules[index].tags = try change(group.rules[index].tags)
            tx.save(group, in: partition)
            return
        }
        guard let type = type(of: id) else { throw EC2Errors.invalidParameterValue("Invalid resource ID: \(id)") }
        try retag(type, id, &tx, context, change)
    }

    private static func retag<R: EC2Resource>(_ type: R.Type, _ id: String, _ tx: inout StoreTransaction,
                                              _ context: RequestContext, _ change: ([EC2Tag]) throws -> [EC2Tag]) throws {
        let partition = context.regionalPartition
        var resource = try tx.load(type, id, in: partition)
        resource.tags = try change(resource.tags)
        tx.save(resource, in: partition)
    }

    static let describeFilterNames: Set<String> = ["key", "resource-id", "resource-type", "value"]

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let filters = try EC2Filters(input["Filters"], allowed: describeFilterNames)
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let rows: [(id: String, type: String, tag: EC2Tag)] = context.store.read { view in
            let network = NetworkView(view, context)
            var rows: [(id: String, type: String, tag: EC2Tag)] = []
            for type in taggable.values.sorted(by: { $0.idPrefix < $1.idPrefix }) {
                collect(type, network, into: &rows)
            }
            for group in network.all(SecurityGroup.self) {
                for rule in group.rules { for tag in rule.tags { rows.append((rule.id, "security-group-rule", tag)) } }
            }
            return rows
        }
        let matched = rows.filter { row in
            filters.matches { name in
                switch name {
                case "key": return [row.tag.key]
                case "value": return [row.tag.value]
                case "resource-id": return [row.id]
                case "resource-type": return [row.type]
                default:
                    if name.hasPrefix("tag:") { return row.tag.key == name.dropFirst(4) ? [row.tag.value] : [] }
                    return []
                }
            }
        }
        let page = EC2Describe.page(matched, maxResults: maxResults, start: start)
        return .structure([
            "Tags": .list(page.items.map { row in
                ["Key": .string(row.tag.key), "Value": .string(row.tag.value), "ResourceId": .string(row.id),
                 "ResourceType": .string(row.type)]
            }),
            "NextToken": page.nextToken,
        ])
    }

    private static func collect<R: EC2Resource>(_ type: R.Type, _ network: NetworkView,
                                                into rows: inout [(id: String, type: String, tag: EC2Tag)]) {
        for resource in network.all(type) {
            if let peering = resource as? VPCPeeringConnection, !peering.involves(network.account) { continue }
            for tag in resource.tags { rows.append((resource.id, R.resourceType, tag)) }
        }
    }
}
