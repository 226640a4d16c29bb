import AWSWire
import NetworkModel
import NimbusCore
import State

/// A customer-managed prefix list ("Managed prefix lists"): named CIDR blocks of one address family that
/// security group rules and routes can reference, versioned on every change.
struct ManagedPrefixList: EC2Resource {
    static let kind = "ec2.managed-prefix-list"
    static let idPrefix = "pl"
    static let resourceType = "prefix-list"

    struct Entry: Codable, Hashable, Sendable {
        var cidr: String
        var description: String?
    }

    var id: String
    var name: String
    var addressFamily: String
    var maxEntries: Int
    var version: Int
    var ownerId: String
    var entries: [Entry]
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidPrefixListID.NotFound", notFoundMessage("prefixList", ids))
    }

    static var malformedCode: String { "InvalidPrefixListId.Malformed" }

    func arn(_ region: String) -> String { "arn:aws:ec2:\(region):\(ownerId):prefix-list/\(id)" }

    static let filterNames: Set<String> = ["owner-id", "prefix-list-id", "prefix-list-name"]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "owner-id": return [ownerId]
        case "prefix-list-id": return [id]
        case "prefix-list-name": return [self.name]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue { output(region: network.partition.region, state: "create-complete") }

    func output(region: String, state: String) -> AWSValue {
        .structure([
            "PrefixListId": .string(id), "PrefixListName": .string(name), "AddressFamily": .string(addressFamily),
            "State": .string(state), "PrefixListArn": .string(arn(region)), "MaxEntries": .int(maxEntries),
            "Version": .int(version), "OwnerId": .string(ownerId), "Tags": tagsOutput,
        ])
    }
}

/// CreateManagedPrefixList, DescribeManagedPrefixLists, GetManagedPrefixListEntries, ModifyManagedPrefixList,
/// DeleteManagedPrefixList (EC2 API Reference; "Managed prefix lists" quotas: 1,000 entries at most).
enum PrefixLists {
    static let maxEntriesLimit = 1000

    static func entries(_ list: AWSValue?, family: String) throws -> [ManagedPrefixList.Entry] {
        try (list?.list ?? []).map { entry in
            let text = entry["Cidr"]?.string ?? ""
            let cidr = family == "IPv4" ? try SecurityGroupRuleInput.canonicalIPv4(text) : try SecurityGroupRuleInput.canonicalIPv6(text)
            return ManagedPrefixList.Entry(cidr: cidr, description: entry["Description"]?.string)
        }
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let family = input["AddressFamily"]?.string ?? ""
        guard ["IPv4", "IPv6"].contains(family) else {
            throw EC2Errors.invalidParameterValue("Value (\(family)) for parameter addressFamily is invalid. Expected IPv4 or IPv6.")
        }
        let maxEntries = input["MaxEntries"]?.int ?? 0
        guard (1...maxEntriesLimit).contains(maxEntries) else {
            throw EC2Errors.invalidParameterValue("Value (\(maxEntries)) for parameter maxEntries is invalid. It must be between 1 and \(maxEntriesLimit).")
        }
        let list = try entries(input["Entries"], family: family)
        guard list.count <= maxEntries else {
            throw AWSError("PrefixListMaxEntriesExceeded", "The prefix list has more entries than its maximum (\(maxEntries)).")
        }
        let prefixList = ManagedPrefixList(id: context.ids.resourceId("pl"), name: input["PrefixListName"]?.string ?? "",
                                           addressFamily: family, maxEntries: maxEntries, version: 1, ownerId: context.account,
                                           entries: list, tags: try Tags.fromSpecifications(input, ManagedPrefixList.resourceType))
        try context.store.write { tx in tx.save(prefixList, in: context.regionalPartition) }
        return ["PrefixList": prefixList.output(region: context.region, state: "create-in-progress")]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(ManagedPrefixList.self, input, context, idsMember: "PrefixListIds", outputMember: "PrefixLists")
    }

    static func getEntries(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let list = try context.store.read { try NetworkView($0, context).load(ManagedPrefixList.self, input["PrefixListId"]?.string ?? "") }
        return ["Entries": .list(list.entries.map { .structure(["Cidr": .string($0.cidr), "Description": $0.description.map(AWSValue.string)]) })]
    }

    static func modify(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let list = try context.store.write { tx in
            try tx.update(ManagedPrefixList.self, input["PrefixListId"]?.string ?? "", in: context.regionalPartition) { list in
                if let current = input["CurrentVersion"]?.int, current != list.version {
                    throw AWSError("PrefixListVersionMismatch", "The prefix list has been modified: its current version is \(list.version).")
                }
                let removed = Set(try entries(input["RemoveEntries"], family: list.addressFamily).map(\.cidr))
                list.entries.removeAll { removed.contains($0.cidr) }
                for entry in try entries(input["AddEntries"], family: list.addressFamily) {
                    list.entries.removeAll { $0.cidr == entry.cidr }
                    list.entries.append(entry)
                }
                if let name = input["PrefixListName"]?.string { list.name = name }
                if let maxEntries = input["MaxEntries"]?.int { list.maxEntries = maxEntries }
                guard list.entries.count <= list.maxEntries else {
                    throw AWSError("PrefixListMaxEntriesExceeded", "The prefix list has more entries than its maximum (\(list.maxEntries)).")
                }
                if input["AddEntries"] != nil || input["RemoveEntries"] != nil { list.version += 1 }
            }
        }
        return ["PrefixList": list.output(region: context.region, state: "modify-in-progress")]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let list = try context.store.write { tx in
            let list = try tx.load(ManagedPrefixList.self, input["PrefixListId"]?.string ?? "", in: partition)
            let referenced = tx.every(SecurityGroup.self, in: partition).contains { $0.rules.contains { $0.prefixListId == list.id } }
                || tx.every(RouteTable.self, in: partition).contains { $0.routes.contains { $0.destinationPrefixListId == list.id } }
            guard !referenced else {
                throw EC2Errors.dependencyViolation("The prefix list \(list.id) is referenced by a security group rule or a route.")
            }
            tx.remove(ManagedPrefixList.self, list.id, in: partition)
            return list
        }
        return ["PrefixList": list.output(region: context.region, state: "delete-in-progress")]
    }
}
