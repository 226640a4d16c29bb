import AWSWire
import NimbusCore
import State

/// IAM entities that carry tags, found from an operation's input.
protocol TaggedIAMEntity: Resource {
    var tags: [IAMTag] { get set }
    /// The input member naming the entity, and how its store id is made from it.
    static var idMember: String { get }
    static func storeId(_ value: String) -> String
    static func missing(_ value: String) -> AWSError
}

extension IAMUser: TaggedIAMEntity {
    static let idMember = "UserName"
    static func storeId(_ value: String) -> String { value.lowercased() }
    static func missing(_ value: String) -> AWSError { IAMErrors.noSuchUser(value) }
}

extension IAMRole: TaggedIAMEntity {
    static let idMember = "RoleName"
    static func storeId(_ value: String) -> String { value.lowercased() }
    static func missing(_ value: String) -> AWSError { notFound(value) }
}

extension IAMManagedPolicy: TaggedIAMEntity {
    static let idMember = "PolicyArn"
    static func storeId(_ value: String) -> String { value }
    static func missing(_ value: String) -> AWSError { IAMErrors.noSuchEntity("Policy \(value) was not found.") }
}

extension IAMInstanceProfile: TaggedIAMEntity {
    static let idMember = "InstanceProfileName"
    static func storeId(_ value: String) -> String { value.lowercased() }
    static func missing(_ value: String) -> AWSError { IAMErrors.noSuchEntity("Instance Profile \(value) cannot be found.") }
}

extension IAMMFADevice: TaggedIAMEntity {
    static let idMember = "SerialNumber"
    static func storeId(_ value: String) -> String { value }
    static func missing(_ value: String) -> AWSError { IAMErrors.noSuchEntity("MFA device \(value) cannot be found.") }
}

/// Tag*, Untag* and List*Tags for users, roles and policies, one implementation ("Tagging IAM resources":
/// at most 50 tags, keys case-sensitive, a tag with an existing key replaces it).
enum IAMTagging {
    static let quota = 50

    static func tag<E: TaggedIAMEntity>(_: E.Type) -> OperationHandler {
        { input, context in
            let tags = IAMTag.list(input["Tags"])
            try modify(E.self, input, context) { entity in
                for tag in tags {
                    entity.tags.removeAll { $0.key == tag.key }
                    entity.tags.append(tag)
                }
                guard entity.tags.count <= quota else {
                    throw IAMErrors.limitExceeded("The number of tags has reached the maximum limit.")
                }
            }
            return [:]
        }
    }

    static func untag<E: TaggedIAMEntity>(_: E.Type) -> OperationHandler {
        { input, context in
            let keys = Set(input["TagKeys"]?.strings ?? [])
            try modify(E.self, input, context) { $0.tags.removeAll { keys.contains($0.key) } }
            return [:]
        }
    }

    static func list<E: TaggedIAMEntity>(_: E.Type) -> OperationHandler {
        { input, context in
            let value = input[E.idMember]?.string ?? ""
            guard let entity = context.store.read({ $0.get(E.self, E.storeId(value), in: context.globalPartition) }) else {
                throw E.missing(value)
            }
            return ["Tags": IAMTag.output(entity.tags) ?? [], "IsTruncated": false]
        }
    }

    private static func modify<E: TaggedIAMEntity>(_: E.Type, _ input: AWSValue, _ context: RequestContext,
                                                  _ change: (inout E) throws -> Void) throws {
        let value = input[E.idMember]?.string ?? ""
        try context.store.write { tx in
            guard var entity = tx.get(E.self, E.storeId(value), in: context.globalPartition) else { throw E.missing(value) }
            try change(&entity)
            tx.put(entity, id: E.storeId(value), in: context.globalPartition)
        }
    }
}
