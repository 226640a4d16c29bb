import AWSWire
import Foundation
import NimbusCore
import State

/// A tag as EC2 keeps it ("Tag your Amazon EC2 resources"): keys and values are case-sensitive.
struct EC2Tag: Codable, Hashable, Sendable {
    var key: String
    var value: String

    var output: AWSValue { ["Key": .string(key), "Value": .string(value)] }

    /// Values of `tags` for the tag filters every Describe call takes (`tag:Key`, `tag-key`, `tag-value`);
    /// nil for any other filter name.
    static func filterValues(_ tags: [EC2Tag], _ filter: String) -> [String]? {
        if filter.hasPrefix("tag:") {
            let key = filter.dropFirst(4)
            return tags.filter { $0.key == key }.map(\.value)
        }
        switch filter {
        case "tag-key": return tags.map(\.key)
        case "tag-value": return tags.map(\.value)
        default: return nil
        }
    }
}

/// What every EC2 resource Nimbus keeps has in common, so one piece of code serves every Describe call,
/// every ID check, CreateTags and DeleteTags.
protocol EC2Resource: Resource {
    var id: String { get }
    var tags: [EC2Tag] { get set }
    /// The ID's prefix: `vpc`, `subnet`, `igw`...
    static var idPrefix: String { get }
    /// The type DescribeTags reports and TagSpecifications name: `vpc`, `internet-gateway`...
    static var resourceType: String { get }
    /// The error for IDs that do not exist, as EC2 words it for this type.
    static func notFound(_ ids: [String]) -> AWSError
    /// The code for an ID that is not of this type's form (`InvalidVpcID.Malformed`).
    static var malformedCode: String { get }
    /// The filter names this type's Describe call documents (tags are handled for every type).
    static var filterNames: Set<String> { get }
    /// The resource's values for a filter name.
    func filterValues(_ name: String, _ network: NetworkView) -> [String]
    /// The resource as its Describe call shows it.
    func output(_ network: NetworkView) -> AWSValue
    /// Where resources of this type are kept for a request in `regional` (its account and Region):
    /// there, unless both sides of the resource must see it (peering connections).
    static func storagePartition(_ regional: Partition) -> Partition
}

extension EC2Resource {
    static func storagePartition(_ regional: Partition) -> Partition { regional }

    static var malformedCode: String { notFound([]).code.replacingOccurrences(of: ".NotFound", with: ".Malformed") }

    /// Whether `id` has this type's form: the prefix, a dash, hex digits.
    static func isWellFormed(_ id: String) -> Bool {
        guard id.hasPrefix(idPrefix + "-") else { return false }
        let digits = id.utf8.dropFirst(idPrefix.utf8.count + 1)
        return !digits.isEmpty && digits.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// Refuses an ID that cannot be of this type ("Invalid id: "x" (expecting "vpc-...")").
    static func checkWellFormed(_ id: String) throws {
        guard isWellFormed(id) else {
            throw AWSError(malformedCode, "Invalid id: \"\(id)\" (expecting \"\(idPrefix)-...\")")
        }
    }

    /// The standard "does not exist" message: "The vpc ID 'vpc-1' does not exist".
    static func notFoundMessage(_ noun: String, _ ids: [String]) -> String {
        ids.count > 1
            ? "The \(noun) IDs '\(ids.joined(separator: ", "))' do not exist"
            : "The \(noun) ID '\(ids.first ?? "")' does not exist"
    }

    var tagsOutput: AWSValue { .list(tags.map(\.output)) }

    /// A value for the `Tags` member only when there are tags (EC2 leaves the element out otherwise).
    var tagsIfAny: AWSValue? { tags.isEmpty ? nil : tagsOutput }

    func tagValues(_ filter: String) -> [String]? { EC2Tag.filterValues(tags, filter) }
}

/// What Describe outputs and filters read: the store as the request sees it, and the request's scope.
struct NetworkView {
    let view: StoreView
    let partition: Partition
    let account: String
    let now: Date

    init(_ view: StoreView, _ context: RequestContext) {
        self.view = view
        self.partition = context.regionalPartition
        self.account = context.account
        self.now = context.now
    }

    init(_ view: StoreView, partition: Partition, now: Date) {
        self.view = view
        self.partition = partition
        self.account = partition.account
        self.now = now
    }

    func get<R: EC2Resource>(_ type: R.Type, _ id: String) -> R? {
        view.get(type, id, in: R.storagePartition(partition))
    }

    func all<R: EC2Resource>(_ type: R.Type) -> some Collection<R> {
        view.all(type, in: R.storagePartition(partition)).values
    }

    /// Visits every resource of a type in place, without copying each (a Describe call over thousands of
    /// resources that keeps a few); stops when `body` returns false.
    func forEach<R: EC2Resource>(_ type: R.Type, _ body: (R) throws -> Bool) rethrows {
        try view.all(type, in: R.storagePartition(partition)).values.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where try !body(buffer[index]) { return }
        }
    }

    /// The resource `id`, or the type's Malformed / NotFound error.
    func load<R: EC2Resource>(_ type: R.Type, _ id: String) throws -> R {
        try R.checkWellFormed(id)
        guard let found = get(type, id) else { throw R.notFound([id]) }
        return found
    }
}

extension StoreTransaction {
    /// The resource `id` in `partition`, or the type's Malformed / NotFound error.
    func load<R: EC2Resource>(_ type: R.Type, _ id: String, in partition: Partition) throws -> R {
        try R.checkWellFormed(id)
        guard let found = get(type, id, in: R.storagePartition(partition)) else { throw R.notFound([id]) }
        return found
    }

    /// Stores a resource under its own ID.
    mutating func save<R: EC2Resource>(_ resource: R, in partition: Partition) {
        put(resource, id: resource.id, in: R.storagePartition(partition))
    }

    /// Removes a resource.
    mutating func remove<R: EC2Resource>(_ type: R.Type, _ id: String, in partition: Partition) {
        delete(type, id, in: R.storagePartition(partition))
    }

    /// Every resource of a type for a request in `partition`.
    func every<R: EC2Resource>(_ type: R.Type, in partition: Partition) -> [R] {
        Array(all(type, in: R.storagePartition(partition)).values)
    }

    /// Loads, changes and stores one resource.
    @discardableResult
    mutating func update<R: EC2Resource>(_ type: R.Type, _ id: String, in partition: Partition,
                                         _ change: (inout R) throws -> Void) throws -> R {
        var resource = try load(type, id, in: partition)
        try change(&resource)
        save(resource, in: partition)
        return resource
    }
}
