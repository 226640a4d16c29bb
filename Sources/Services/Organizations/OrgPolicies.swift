import AWSWire
import Foundation
import NimbusCore
import PolicyEngine
import State

/// CreatePolicy, UpdatePolicy, DeletePolicy, DescribePolicy, ListPolicies ("Managing AWS Organizations
/// policies"). SCPs are checked with the policy engine's SCP grammar, the other types as JSON.
enum OrgPolicies {
    /// "Quotas for AWS Organizations": 1,000 policies of each type.
    static let maxPoliciesPerType = 1000

    static func policy(_ id: String, in organization: Organization, _ view: StoreView) -> OrgPolicy? {
        if id == OrgPolicyTypes.fullAWSAccessId { return OrgPolicyTypes.fullAWSAccess }
        guard let policy = view.get(OrgPolicy.self, id, in: OrgTree.partition), policy.organizationId == organization.id else { return nil }
        return policy
    }

    static func summary(_ policy: OrgPolicy, in organization: Organization) -> AWSValue {
        [
            "Id": .string(policy.id), "Arn": .string(OrgPolicyTypes.arn(policy, in: organization)), "Name": .string(policy.name),
            "Description": .string(policy.description), "Type": .string(policy.type),
            "AwsManaged": .boolean(policy.id == OrgPolicyTypes.fullAWSAccessId),
        ]
    }

    static func output(_ policy: OrgPolicy, in organization: Organization) -> AWSValue {
        ["PolicySummary": summary(policy, in: organization), "Content": .string(policy.content)]
    }

    static func checkType(_ type: String) throws {
        guard OrgPolicyTypes.supported.contains(type) else {
            throw OrgErrors.invalidInput("INVALID_ENUM_POLICY_TYPE", "You specified a policy type that Nimbus does not support: \(type).")
        }
    }

    /// "SCP syntax": an SCP is an IAM policy without Principal, in at most 5,120 characters; the other types
    /// have their own JSON syntax, which Nimbus checks only for being a JSON object.
    static func validate(_ content: String, type: String) throws {
        let limit = type == OrgPolicyTypes.serviceControl ? OrgPolicyTypes.scpMaxCharacters : OrgPolicyTypes.otherMaxCharacters
        guard content.count <= limit else {
            throw OrgErrors.constraint("POLICY_CONTENT_LIMIT_EXCEEDED", "You attempted to create a policy larger than the maximum size (\(limit) characters).")
        }
        if type == OrgPolicyTypes.serviceControl {
            do throws(PolicyValidationError) {
                _ = try PolicyCache.shared.policy(id: "organizations-validation", document: content, kind: .serviceControl)
            } catch {
                throw OrgErrors.malformedPolicy(error.message)
            }
        } else {
            guard let data = content.data(using: .utf8),
                  (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
                throw OrgErrors.malformedPolicy("The policy must be a JSON object.")
            }
        }
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.count <= 128 else {
            throw OrgErrors.invalidInput(name.isEmpty ? "MIN_LENGTH_EXCEEDED" : "MAX_LENGTH_EXCEEDED", "A policy name must be 1 to 128 characters long.")
        }
    }

    static func checkDescription(_ description: String) throws {
        guard description.count <= 512 else {
            throw OrgErrors.invalidInput("MAX_LENGTH_EXCEEDED", "A policy description can have at most 512 characters.")
        }
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["Name"]?.string ?? ""
        let description = input["Description"]?.string ?? ""
        let type = input["Type"]?.string ?? ""
        let content = input["Content"]?.string ?? ""
        try checkName(name)
        try checkDescription(description)
        try checkType(type)
        let tags = try OrgTagging.tags(input["Tags"])
        let output = try context.store.write { tx -> AWSValue in
            let organization = try OrgTree.managed(context, tx.view)
            // Every policy type needs all features ("Enabling all features for an organization").
            guard organization.featureSet == "ALL" else { throw OrgErrors.policyTypeNotAvailable() }
            try validate(content, type: type)
            let sameType = tx.all(OrgPolicy.self, in: OrgTree.partition).values.filter { $0.organizationId == organization.id && $0.type == type }
            guard !sameType.contains(where: { $0.name == name }), !(type == OrgPolicyTypes.serviceControl && name == "FullAWSAccess") else {
                throw AWSError("DuplicatePolicyException", "A policy with the same name already exists.")
            }
            guard sameType.count < maxPoliciesPerType else {
                throw OrgErrors.constraint("POLICY_NUMBER_LIMIT_EXCEEDED", "You attempted to exceed the number of policies that you can have in an organization.")
            }
            let policy = OrgPolicy(id: OrgTree.freshId("p-", digits: 8, unusedBy: OrgPolicy.self, context, tx.view), organizationId: organization.id, name: name, description: description,
                                   type: type, content: content, tags: tags)
            tx.put(policy, id: policy.id, in: OrgTree.partition)
            return self.output(policy, in: organization)
        }
        return ["Policy": output]
    }

    static func update(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["PolicyId"]?.string ?? ""
        try OrgTree.checkPolicyId(id)
        let name = input["Name"]?.string
        let description = input["Description"]?.string
        let content = input["Content"]?.string
        if let name { try checkName(name) }
        if let description { try checkDescription(description) }
        let output = try context.store.write { tx -> AWSValue in
            let organization = try OrgTree.managed(context, tx.view)
            guard var policy = policy(id, in: organization, tx.view) else { throw OrgErrors.policyNotFound() }
            guard id != OrgPolicyTypes.fullAWSAccessId else {
                throw OrgErrors.invalidInput("IMMUTABLE_POLICY", "You specified a policy that is managed by AWS and can't be modified.")
            }
            if let name, name != policy.name {
                let taken = tx.all(OrgPolicy.self, in: OrgTree.partition).values.contains {
                    $0.organizationId == organization.id && $0.type == policy.type && $0.name == name
                }
                if taken { throw AWSError("DuplicatePolicyException", "A policy with the same name already exists.") }
                policy.name = name
            }
            if let description { policy.description = description }
            if let content {
                try validate(content, type: policy.type)
                policy.content = content
            }
            tx.put(policy, id: policy.id, in: OrgTree.partition)
            return self.output(policy, in: organization)
        }
        return ["Policy": output]
    }

    /// "DeletePolicy": a policy must be detached from every root, OU and account first.
    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["PolicyId"]?.string ?? ""
        try OrgTree.checkPolicyId(id)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard policy(id, in: organization, tx.view) != nil else { throw OrgErrors.policyNotFound() }
            guard id != OrgPolicyTypes.fullAWSAccessId else {
                throw OrgErrors.invalidInput("IMMUTABLE_POLICY", "You specified a policy that is managed by AWS and can't be modified.")
            }
            guard PolicyAttachments.targets(of: id, in: organization, tx.view).isEmpty else {
                throw AWSError("PolicyInUseException",
                               "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.")
            }
            tx.delete(OrgPolicy.self, id, in: OrgTree.partition)
        }
        return [:]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["PolicyId"]?.string ?? ""
        try OrgTree.checkPolicyId(id)
        let output = try context.store.read { view -> AWSValue in
            let organization = try OrgTree.reader(context, view)
            guard let policy = policy(id, in: organization, view) else { throw OrgErrors.policyNotFound() }
            return self.output(policy, in: organization)
        }
        return ["Policy": output]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let type = input["Filter"]?.string ?? ""
        try checkType(type)
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            var policies = view.all(OrgPolicy.self, in: OrgTree.partition).values.filter { $0.organizationId == organization.id && $0.type == type }
            if type == OrgPolicyTypes.serviceControl { policies.insert(OrgPolicyTypes.fullAWSAccess, at: 0) }
            return policies.map { summary($0, in: organization) }
        }
        return try OrgTree.page("Policies", rows, input)
    }
}
