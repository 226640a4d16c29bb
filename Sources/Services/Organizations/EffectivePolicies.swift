import AWSWire
import Foundation
import NimbusCore
import State

/// DescribeEffectivePolicy: the management policies (tag, backup, AI services opt-out) of the root, each OU down
/// the path and the account, merged with the inheritance operators ("Inheritance operators": `@@assign`
/// overwrites, `@@append` adds to a list, `@@remove` takes from one, `@@operators_allowed_for_child_policies`
/// limits what policies further down may do) into the account's effective policy, operators removed.
enum EffectivePolicies {
    static let valueOperators: Set<String> = ["@@assign", "@@append", "@@remove"]
    static let childControl = "@@operators_allowed_for_child_policies"

    /// One setting of the effective policy while it is merged.
    final class Node {
        var value: Any?
        var children: [(key: String, node: Node)] = []
        /// The value-setting operators policies below the one that set this may still use here.
        var allowed: Set<String>

        init(allowed: Set<String>) {
            self.allowed = allowed
        }

        func child(_ key: String) -> Node {
            if let found = children.first(where: { $0.key == key }) { return found.node }
            let node = Node(allowed: allowed)
            children.append((key, node))
            return node
        }

        /// Narrows what later policies may do here and in every setting below.
        func restrict(to operators: Set<String>) {
            allowed.formIntersection(operators)
            for (_, child) in children { child.restrict(to: operators) }
        }

        func apply(_ policy: [String: Any]) {
            for key in policy.keys.sorted() where key != childControl {
                let given = policy[key]!
                switch key {
                case "@@assign":
                    if allowed.contains(key) { value = given }
                case "@@append":
                    guard allowed.contains(key) else { continue }
                    var list = value as? [Any] ?? []
                    for item in given as? [Any] ?? [given] where !list.contains(where: { same($0, item) }) { list.append(item) }
                    value = list
                case "@@remove":
                    guard allowed.contains(key), var list = value as? [Any] else { continue }
                    let removed = given as? [Any] ?? [given]
                    list.removeAll { item in removed.contains { same($0, item) } }
                    value = list
                default:
                    if let object = given as? [String: Any] { child(key).apply(object) } else { child(key).value = given }
                }
            }
            // The child control operator limits policies further down, not this one.
            if let control = policy[childControl] as? [String] {
                restrict(to: control.contains("@@all") ? valueOperators : Set(control).intersection(valueOperators))
            }
        }

        var rendered: Any? {
            if children.isEmpty { return value }
            var object: [String: Any] = [:]
            for (key, child) in children { if let shown = child.rendered { object[key] = shown } }
            return object.isEmpty ? nil : object
        }
    }

    private static func same(_ a: Any, _ b: Any) -> Bool { "\(a)" == "\(b)" }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let type = input["PolicyType"]?.string ?? ""
        let target = input["TargetId"]?.string ?? context.account
        guard OrgPolicyTypes.supported.contains(type), type != OrgPolicyTypes.serviceControl else {
            throw OrgErrors.invalidInput("INVALID_ENUM_POLICY_TYPE", "You specified a policy type that has no effective policy in Nimbus: \(type).")
        }
        guard OrgTree.isAccountId(target) else {
            throw OrgErrors.invalidInput("TARGET_NOT_SUPPORTED", "You can get the effective policy of an account only, not of a root or OU.")
        }
        let contents = try context.store.read { view -> [String] in
            let organization = try OrgTree.member(context, view)
            // A member account reads its own; the management account (and delegated administrators) any account.
            if target != context.account { _ = try OrgTree.reader(context, view) }
            guard let account = OrgTree.account(target, in: organization, view) else { throw OrgErrors.targetNotFound() }
            var ids: [String] = []
            for id in OrgTree.path(to: account.parentId, in: organization, view) {
                ids += id == organization.rootId ? organization.rootPolicies : OrgTree.ou(id, in: organization, view)?.policies ?? []
            }
            ids += account.policies
            return ids.compactMap { OrgPolicies.policy($0, in: organization, view) }.filter { $0.type == type }.map(\.content)
        }
        guard !contents.isEmpty else {
            throw AWSError("EffectivePolicyNotFoundException", "We can't find an effective policy of the specified type for the target.")
        }
        let root = Node(allowed: valueOperators)
        for content in contents {
            if let object = (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any] { root.apply(object) }
        }
        let effective = root.rendered ?? [String: Any]()
        let data = (try? JSONSerialization.data(withJSONObject: effective, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return ["EffectivePolicy": [
            "PolicyContent": .string(String(decoding: data, as: UTF8.self)), "LastUpdatedTimestamp": .timestamp(context.now),
            "TargetId": .string(target), "PolicyType": .string(type),
        ]]
    }
}
