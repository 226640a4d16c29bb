import AWSWire
import NimbusCore
import State

/// Users, groups and roles all hold managed policies and inline policies; one implementation
/// of attach, detach, put, get, delete and list serves the three ("IAM API Reference").
protocol PolicyHolder: Resource {
    /// `User`, `Group`, `Role`: the word in IAM's operation and member names.
    static var entity: String { get }
    /// "IAM and AWS STS quotas": an inline policy's size limit for this kind of entity, in characters.
    static var inlinePolicySizeLimit: Int { get }
    var name: String { get }
    var attachedPolicies: [String] { get set }
    var inlinePolicies: [InlinePolicy] { get set }
    static func notFound(_ name: String) -> AWSError
}

extension PolicyHolder {
    /// The input member that names the entity (`UserName`, `GroupName`, `RoleName`).
    static var nameMember: String { "\(entity)Name" }

    static func load(_ name: String, _ view: StoreView, _ partition: Partition) throws -> Self {
        guard let found = view.get(Self.self, name.lowercased(), in: partition) else { throw notFound(name) }
        return found
    }
}

extension IAMUser: PolicyHolder {
    static let entity = "User"
    static let inlinePolicySizeLimit = 2_048
    var name: String { userName }
    static func notFound(_ name: String) -> AWSError { IAMErrors.noSuchUser(name) }
}

extension IAMGroup: PolicyHolder {
    static let entity = "Group"
    static let inlinePolicySizeLimit = 5_120
    var name: String { groupName }
    static func notFound(_ name: String) -> AWSError { IAMErrors.noSuchEntity("The group with name \(name) cannot be found.") }
}

extension IAMRole: PolicyHolder {
    static let entity = "Role"
    static let inlinePolicySizeLimit = 10_240
    var name: String { roleName }
    static func notFound(_ name: String) -> AWSError { IAMErrors.noSuchEntity("The role with name \(name) cannot be found.") }
}

/// The generic handlers, one per operation family, for any policy holder.
enum PolicyAttachments {
    /// Loads the holder the input names, lets `change` edit it, and stores it, in one transaction.
    private static func modify<H: PolicyHolder>(_: H.Type, _ input: AWSValue, _ context: RequestContext,
                                                _ change: (inout H, StoreView) throws -> Void) throws {
        let name = input[H.nameMember]?.string ?? ""
        try context.store.write { tx in
            var holder = try H.load(name, tx.view, context.globalPartition)
            try change(&holder, tx.view)
            tx.put(holder, id: name.lowercased(), in: context.globalPartition)
        }
    }

    /// "IAM and AWS STS quotas": managed policies attached to one user, group or role.
    static let attachedQuota = 10

    static func attach<H: PolicyHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let arn = input["PolicyArn"]?.string ?? ""
            try modify(H.self, input, context) { holder, view in
                _ = try ManagedPolicyCatalog.find(arn, context, view)
                guard !holder.attachedPolicies.contains(arn) else { return }
                guard holder.attachedPolicies.count < attachedQuota else {
                    throw IAMErrors.limitExceeded("Cannot exceed quota for PoliciesPer\(H.entity): \(attachedQuota)")
                }
                holder.attachedPolicies.append(arn)
            }
            return [:]
        }
    }

    static func detach<H: PolicyHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let arn = input["PolicyArn"]?.string ?? ""
            try modify(H.self, input, context) { holder, _ in
                guard let index = holder.attachedPolicies.firstIndex(of: arn) else {
                    throw IAMErrors.noSuchEntity("Policy \(arn) was not found.")
                }
                holder.attachedPolicies.remove(at: index)
            }
            return [:]
        }
    }

    static func listAttached<H: PolicyHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let name = input[H.nameMember]?.string ?? ""
            let prefix = input["PathPrefix"]?.string ?? "/"
            let attached: [ManagedPolicyCatalog.Entry] = try context.store.read { view in
                let holder = try H.load(name, view, context.globalPartition)
                return holder.attachedPolicies.compactMap { try? ManagedPolicyCatalog.find($0, context, view) }
            }
            let matching = attached.filter { $0.path.hasPrefix(prefix) }
            return IAMPaging.list("AttachedPolicies", matching.map { ["PolicyName": .string($0.name), "PolicyArn": .string($0.arn)] }, input)
        }
    }

    static func putInline<H: PolicyHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let policyName = input["PolicyName"]?.string ?? ""
            let document = input["PolicyDocument"]?.string ?? ""
            try IAMNames.validName(policyName, member: "policyName", max: 128)
            try PolicyDocuments.validate(document, kind: .identity)
            try modify(H.self, input, context) { holder, _ in
                var policies = holder.inlinePolicies.filter { $0.name != policyName }
                policies.append(InlinePolicy(name: policyName, document: document))
                // The quota counts every inline policy of the entity together, without white space.
                let size = policies.reduce(0) { $0 + PolicyDocuments.chargedSize($1.document) }
                guard size <= H.inlinePolicySizeLimit else {
                    throw IAMErrors.limitExceeded("Maximum policy size of \(H.inlinePolicySizeLimit) bytes exceeded for \(H.entity.lowercased()) \(holder.name)")
                }
                if let index = holder.inlinePolicies.firstIndex(where: { $0.name == policyName }) {
                    holder.inlinePolicies[index].document = document
                } else {
                    holder.inlinePolicies.append(InlinePolicy(name: policyName, document: document))
                }
            }
            return [:]
        }
    }

    static func getInline<H: PolicyHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let name = input[H.nameMember]?.string ?? ""
            let policyName = input["PolicyName"]?.string ?? ""
            let holder = try context.store.read { try H.load(name, $0, context.globalPartition) }
            guard let policy = holder.inlinePolicies.first(where: { $0.name == policyName }) else {
                throw IAMErrors.noSuchEntity("The \(H.entity.lowercased()) policy with name \(policyName) cannot be found.")
            }
            return [H.nameMember: .string(holder.name), "PolicyName": .string(policy.name),
                    "PolicyDocument": .string(PolicyDocuments.encodeForResponse(policy.document))]
        }
    }

    static func deleteInline<H: PolicyHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let policyName = input["PolicyName"]?.string ?? ""
            try modify(H.self, input, context) { holder, _ in
                guard let index = holder.inlinePolicies.firstIndex(where: { $0.name == policyName }) else {
                    throw IAMErrors.noSuchEntity("The \(H.entity.lowercased()) policy with name \(policyName) cannot be found.")
                }
                holder.inlinePolicies.remove(at: index)
            }
            return [:]
        }
    }

    static func listInline<H: PolicyHolder>(_: H.Type) -> OperationHandler {
        { input, context in
            let name = input[H.nameMember]?.string ?? ""
            let holder = try context.store.read { try H.load(name, $0, context.globalPartition) }
            return IAMPaging.list("PolicyNames", holder.inlinePolicies.map { .string($0.name) }, input)
        }
    }
}
