import AWSWire
import Foundation
import NimbusCore
import PolicyEngine
import State

/// SimulatePrincipalPolicy and SimulateCustomPolicy ("Testing IAM policies with the IAM policy simulator"):
/// the same evaluator that enforces every request, run over the given policies, actions, resources and context.
enum Simulator {
    static func custom(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let identity = try compile(input["PolicyInputList"]?.strings ?? [], prefix: "PolicyInputList", kind: .identity)
        let principal = Principal(kind: .user, account: context.account, arn: input["CallerArn"]?.string ?? "arn:aws:iam::\(context.account):user/simulated",
                                  userId: "SIMULATED")
        return try simulate(input, context, principal: principal, identity: identity, sources: [:])
    }

    static func principal(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let source = input["PolicySourceArn"]?.string ?? ""
        guard let arn = ARN(source), arn.service == "iam", arn.account == context.account else {
            throw IAMErrors.invalidInput("Invalid ARN: \(source)")
        }
        let name = String(arn.resource.split(separator: "/").last ?? "")
        let partition = context.globalPartition
        // Read IAM's state first; the directory takes the store's lock itself, so it is asked afterwards.
        enum Source { case user(Principal), role(Principal), group(IAMGroup) }
        let found: Source = try context.store.read { view in
            if arn.resource.hasPrefix("user/") {
                let user = try IAMUser.load(name, view, partition)
                return .user(Principal(kind: .user, account: context.account, arn: user.arn, userId: user.userId, name: user.userName,
                                       tags: Dictionary(user.tags.map { ($0.key, $0.value) }) { _, last in last }))
            }
            if arn.resource.hasPrefix("role/") {
                let role = try IAMRole.load(name, view, partition)
                return .role(Principal(kind: .assumedRole, account: context.account, arn: role.arn, userId: role.roleId,
                                       name: role.roleName, roleArn: role.arn))
            }
            if arn.resource.hasPrefix("group/") { return .group(try IAMGroup.load(name, view, partition)) }
            throw IAMErrors.invalidInput("Invalid ARN: \(source)")
        }
        let principal: Principal
        let documents: [NamedPolicyDocument]
        switch found {
        case .user(let p), .role(let p):
            principal = p
            documents = context.environment.identities.policies(of: p).identity
        case .group(let group):
            principal = Principal(kind: .user, account: context.account, arn: group.arn, userId: group.groupId)
            documents = group.inlinePolicies.map { NamedPolicyDocument(id: "group/\(group.groupName)/\($0.name)", document: $0.document) }
                + group.attachedPolicies.compactMap { context.environment.identities.managedPolicy(arn: $0, account: context.account) }
        }
        var identity: [Policy] = []
        var sources: [String: (id: String, type: String)] = [:]
        for document in documents {
            let policy = try compileOne(document.document, id: document.id, kind: .identity)
            identity.append(policy)
            sources[document.id] = describe(document.id)
        }
        identity += try compile(input["PolicyInputList"]?.strings ?? [], prefix: "PolicyInputList", kind: .identity)
        // "SimulatePrincipalPolicy": for an entity of a member account, the SCPs that bind the account count
        // too (asked here, outside any store closure: the directory reads the store itself).
        let serviceControl = context.environment.organizations.serviceControlPolicies(account: context.account)?.levels.map { level in
            PolicyCache.shared.policies(level.policies, kind: .serviceControl)
        }
        return try simulate(input, context, principal: principal, identity: identity, sources: sources, serviceControl: serviceControl)
    }

    /// GetContextKeysForCustomPolicy: every condition key the policies test, in first-seen order.
    static func contextKeysForCustom(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let policies = try compile(input["PolicyInputList"]?.strings ?? [], prefix: "PolicyInputList", kind: .identity)
        return ["ContextKeyNames": .list(conditionKeys(policies).map(AWSValue.string))]
    }

    /// GetContextKeysForPrincipalPolicy: the same over a user's (and its groups'), group's or role's policies and any given ones.
    static func contextKeysForPrincipal(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let source = input["PolicySourceArn"]?.string ?? ""
        let name = String(source.split(separator: "/").last ?? "")
        let p = context.globalPartition
        let (inline, attached): ([String], [String]) = try context.store.read { view in
            if source.contains(":user/") {
                let user = try IAMUser.load(name, view, p)
                let groups = Groups.memberships(of: user.userName, view, p)
                return (user.inlinePolicies.map(\.document) + groups.flatMap { $0.inlinePolicies.map(\.document) },
                        user.attachedPolicies + groups.flatMap(\.attachedPolicies))
            }
            if source.contains(":role/") {
                let role = try IAMRole.load(name, view, p)
                return (role.inlinePolicies.map(\.document), role.attachedPolicies)
            }
            if source.contains(":group/") {
                let group = try IAMGroup.load(name, view, p)
                return (group.inlinePolicies.map(\.document), group.attachedPolicies)
            }
            throw IAMErrors.invalidInput("Invalid ARN: \(source)")
        }
        let managed = attached.compactMap { context.environment.identities.managedPolicy(arn: $0, account: context.account)?.document }
        let policies = try compile(inline + managed + (input["PolicyInputList"]?.strings ?? []), prefix: "policy", kind: .identity)
        return ["ContextKeyNames": .list(conditionKeys(policies).map(AWSValue.string))]
    }

    private static func conditionKeys(_ policies: [Policy]) -> [String] {
        var seen = Set<String>()
        var keys: [String] = []
        for policy in policies {
            for statement in policy.document.statements {
                for clause in statement.conditions where seen.insert(clause.key.lowercased()).inserted {
                    keys.append(clause.key)
                }
            }
        }
        return keys
    }

    private static func simulate(_ input: AWSValue, _ context: RequestContext, principal: Principal, identity: [Policy],
                                 sources: [String: (id: String, type: String)], serviceControl: [[Policy]]? = nil) throws -> AWSValue {
        var set = PolicySet(identity: identity, serviceControl: serviceControl)
        set.permissionsBoundary = try compile(input["PermissionsBoundaryPolicyInputList"]?.strings ?? [], prefix: "PermissionsBoundaryPolicyInputList",
                                              kind: .permissionsBoundary).first
        if let resourcePolicy = input["ResourcePolicy"]?.string {
            set.resourceBased = try compileOne(resourcePolicy, id: "ResourcePolicy", kind: .resource)
        }
        let conditions = try contextEntries(input["ContextEntries"])
        let resources = (input["ResourceArns"]?.strings).flatMap { $0.isEmpty ? nil : $0 } ?? ["*"]
        var results: [AWSValue] = []
        for action in input["ActionNames"]?.strings ?? [] {
            for resource in resources {
                var info = principal.policyPrincipal
                if let caller = input["CallerArn"]?.string { info.arn = caller }
                let request = AuthorizationRequest(principal: info, action: action, resource: resource,
                                                   resourceAccount: input["ResourceOwner"]?.string.flatMap { ARN($0)?.account } ?? context.account,
                                                   context: conditions)
                let decision = Evaluator.evaluate(request, set, options: .simulation)
                results.append(result(decision, sources: sources, hasBoundary: set.permissionsBoundary != nil,
                                      inOrganization: serviceControl != nil))
            }
        }
        return IAMPaging.list("EvaluationResults", results, input)
    }

    private static func result(_ decision: Decision, sources: [String: (id: String, type: String)], hasBoundary: Bool,
                               inOrganization: Bool) -> AWSValue {
        let statements = decision.decidingStatements.map { statement -> AWSValue in
            let source = sources[statement.policyId] ?? (statement.policyId, statement.policyType == .resourceBased ? "resource" : "none")
            return ["SourcePolicyId": .string(source.id), "SourcePolicyType": .string(source.type)]
        }
        return .structure([
            "EvalActionName": .string(decision.action), "EvalResourceName": .string(decision.resource),
            "EvalDecision": .string(decision.effect.rawValue), "MatchedStatements": .list(statements),
            "MissingContextValues": .list(decision.missingContextKeys.map(AWSValue.string)),
            // "Only applies if the simulated user's account is part of an organization" (and bound by its SCPs).
            "OrganizationsDecisionDetail": inOrganization
                ? ["AllowedByOrganizations": .boolean(decision.detail.serviceControl == .allowed)] : nil,
            "PermissionsBoundaryDecisionDetail": hasBoundary
                ? ["AllowedByPermissionsBoundary": .boolean(decision.detail.permissionsBoundary == .allowed)] : nil,
            "EvalDecisionDetails": decision.detail.resourceBased == .notApplicable ? nil
                : ["IAM Policy": .string(decision.detail.identity == .allowed ? "allowed" : "implicitDeny"),
                   "Resource Policy": .string(decision.detail.resourceBased == .allowed ? "allowed" : "implicitDeny")],
        ])
    }

    /// How the simulator names a policy's source (`SourcePolicyId`, `SourcePolicyType`).
    private static func describe(_ id: String) -> (id: String, type: String) {
        if id.hasPrefix("arn:aws:iam::aws:policy") { return (String(id.split(separator: "/").last ?? ""), "aws-managed") }
        if id.hasPrefix("arn:") { return (String(id.split(separator: "/").last ?? ""), "user-managed") }
        let parts = id.split(separator: "/")
        return (String(parts.last ?? ""), String(parts.first ?? "none"))
    }

    private static func compile(_ documents: [String], prefix: String, kind: PolicyKind) throws -> [Policy] {
        try documents.enumerated().map { index, document in try compileOne(document, id: "\(prefix).\(index + 1)", kind: kind) }
    }

    private static func compileOne(_ document: String, id: String, kind: PolicyKind) throws -> Policy {
        do throws(PolicyValidationError) {
            return try PolicyCache.shared.policy(id: id, document: document, kind: kind)
        } catch {
            throw IAMErrors.malformedPolicy(error.message)
        }
    }

    /// `ContextEntries` as condition values, typed as the caller says ("ContextEntry", IAM API Reference).
    private static func contextEntries(_ entries: AWSValue?) throws -> ConditionContext {
        var values: [String: ConditionValue] = [:]
        for entry in entries?.list ?? [] {
            guard let key = entry["ContextKeyName"]?.string else { continue }
            let type = entry["ContextKeyType"]?.string ?? "string"
            let raw = entry["ContextKeyValues"]?.strings ?? []
            func one(_ text: String) throws -> ConditionValue {
                switch type.replacingOccurrences(of: "List", with: "") {
                case "numeric":
                    guard let number = Double(text) else { throw IAMErrors.invalidInput("Invalid value \(text) for numeric context key \(key)") }
                    return .number(number)
                case "boolean": return .bool(text.lowercased() == "true")
                case "ip": return .ip(text)
                case "date":
                    guard let date = Timestamp.parse(text) else { throw IAMErrors.invalidInput("Invalid value \(text) for date context key \(key)") }
                    return .date(date)
                case "binary": return .binary(Array(Data(base64Encoded: text) ?? Data()))
                default: return .string(text)
                }
            }
            let converted = try raw.map(one)
            values[key] = type.hasSuffix("List") || converted.count != 1 ? .list(converted) : converted[0]
        }
        return ConditionContext(values)
    }
}
