import AWSWire
import Foundation
import NimbusCore
import State

/// A placement group ("Placement groups for your Amazon EC2 instances"): cluster (one zone, close together),
/// spread (at most seven running instances per zone) or partition (up to seven partitions per zone).
struct PlacementGroup: EC2Resource {
    static let kind = "ec2.placement-group"
    static let idPrefix = "pg"
    static let resourceType = "placement-group"
    static let strategies: Set<String> = ["cluster", "spread", "partition"]
    /// "Placement group rules and limitations".
    static let spreadInstancesPerZone = 7
    static let maxPartitions = 7

    var id: String
    var name: String
    var strategy: String
    var partitionCount: Int?
    var spreadLevel: String?
    var ownerId: String
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidPlacementGroup.Unknown", "The Placement Group '\(ids.joined(separator: ", "))' is unknown.")
    }

    static let filterNames: Set<String> = ["group-name", "group-arn", "spread-level", "state", "strategy"]

    func arn(_ region: String) -> String { "arn:aws:ec2:\(region):\(ownerId):placement-group/\(name)" }

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "group-name": return [self.name]
        case "group-arn": return [arn(network.partition.region)]
        case "spread-level": return spreadLevel.map { [$0] } ?? []
        case "state": return ["available"]
        case "strategy": return [strategy]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "GroupName": .string(name), "GroupId": .string(id), "State": "available", "Strategy": .string(strategy),
            "PartitionCount": partitionCount.map { .int($0) }, "SpreadLevel": spreadLevel.map(AWSValue.string),
            "GroupArn": .string(arn(network.partition.region)), "Tags": tagsIfAny,
        ])
    }
}

enum PlacementGroups {
    static func find(_ name: String, _ view: StoreView, _ partition: Partition) -> PlacementGroup? {
        view.all(PlacementGroup.self, in: partition).values.first { $0.name == name }
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["GroupName"]?.string ?? ""
        guard !name.isEmpty, name.count <= 255 else { throw EC2Errors.missingParameter("groupName") }
        let strategy = input["Strategy"]?.string ?? ""
        guard PlacementGroup.strategies.contains(strategy) else {
            throw EC2Errors.invalidParameterValue("Value (\(strategy)) for parameter strategy is invalid. Valid values are cluster, spread and partition.")
        }
        var partitions: Int?
        if strategy == "partition" {
            let count = input["PartitionCount"]?.int ?? 2
            guard (1...PlacementGroup.maxPartitions).contains(count) else {
                throw EC2Errors.invalidParameterValue("Value (\(count)) for parameter partitionCount is invalid. Partition count must be between 1 and 7.")
            }
            partitions = count
        } else if input["PartitionCount"] != nil {
            throw EC2Errors.invalidParameterCombination("PartitionCount can only be specified for the partition strategy.")
        }
        let group = PlacementGroup(id: context.ids.resourceId("pg"), name: name, strategy: strategy, partitionCount: partitions,
                                   spreadLevel: strategy == "spread" ? input["SpreadLevel"]?.string ?? "rack" : nil,
                                   ownerId: context.account, tags: try Tags.fromSpecifications(input, PlacementGroup.resourceType))
        try context.store.write { tx in
            guard find(name, tx.view, context.regionalPartition) == nil else {
                throw AWSError("InvalidPlacementGroup.Duplicate", "The Placement Group '\(name)' already exists.")
            }
            tx.save(group, in: context.regionalPartition)
        }
        return ["PlacementGroup": context.store.read { group.output(NetworkView($0, context)) }]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let names = input["GroupNames"]?.strings ?? []
        if !names.isEmpty {
            let missing = context.store.read { view in names.filter { find($0, view, context.regionalPartition) == nil } }
            guard missing.isEmpty else { throw PlacementGroup.notFound(missing) }
        }
        return try EC2Describe.describe(PlacementGroup.self, input, context, idsMember: "GroupIds", outputMember: "PlacementGroups") { group, _ in
            names.isEmpty || names.contains(group.name)
        }
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["GroupName"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard let group = find(name, tx.view, partition) else { throw PlacementGroup.notFound([name]) }
            let inUse = tx.every(Instance.self, in: partition).contains {
                $0.placementGroup == name && $0.currentState(context.now) != .terminated
            }
            guard !inUse else {
                throw AWSError("InvalidPlacementGroup.InUse", "The placement group '\(name)' is in use and may not be deleted.")
            }
            tx.remove(PlacementGroup.self, group.id, in: partition)
        }
        return [:]
    }

    /// Starting a stopped instance counts against its spread group's seven running instances per zone too.
    static func checkStart(_ instance: Instance, _ tx: StoreTransaction, _ context: RequestContext) throws {
        guard let name = instance.placementGroup else { return }
        _ = try place(name, partitionNumber: instance.partitionNumber, count: 1, zone: instance.availabilityZone, tx, context)
    }

    /// Checks a launch of `count` instances into `name` in `zone` and gives each its partition number
    /// ("Placement group rules and limitations").
    static func place(_ name: String?, partitionNumber: Int?, count: Int, zone: String, _ tx: StoreTransaction,
                      _ context: RequestContext) throws -> [Int?] {
        guard let name else { return Array(repeating: nil, count: count) }
        let partition = context.regionalPartition
        guard let group = find(name, tx.view, partition) else { throw PlacementGroup.notFound([name]) }
        let members = tx.every(Instance.self, in: partition).filter {
            $0.placementGroup == name && [.pending, .running].contains($0.currentState(context.now))
        }
        switch group.strategy {
        case "cluster":
            if let other = members.first(where: { $0.availabilityZone != zone }) {
                throw AWSError("InvalidPlacementGroup.InUse",
                               "The placement group '\(name)' is in use in another availability zone: \(other.availabilityZone)")
            }
            return Array(repeating: nil, count: count)
        case "spread":
            let inZone = members.filter { $0.availabilityZone == zone }.count
            guard inZone + count <= PlacementGroup.spreadInstancesPerZone else {
                throw AWSError("InsufficientInstanceCapacity",
                               "A spread placement group can have at most \(PlacementGroup.spreadInstancesPerZone) running instances per Availability Zone; '\(name)' has \(inZone) in \(zone).")
            }
            return Array(repeating: nil, count: count)
        default:
            let partitions = group.partitionCount ?? 1
            if let partitionNumber {
                guard (1...partitions).contains(partitionNumber) else {
                    throw EC2Errors.invalidParameterValue("Invalid partition number \(partitionNumber) for placement group '\(name)' with \(partitions) partitions.")
                }
                return Array(repeating: partitionNumber, count: count)
            }
            // Instances spread over the partitions, the emptiest first.
            var load = Dictionary(uniqueKeysWithValues: (1...partitions).map { ($0, 0) })
            for member in members { if let number = member.partitionNumber { load[number, default: 0] += 1 } }
            return (0..<count).map { _ in
                let next = load.min { ($0.value, $0.key) < ($1.value, $1.key) }!.key
                load[next, default: 0] += 1
                return next
            }
        }
    }
}
