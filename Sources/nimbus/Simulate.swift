import ArgumentParser
import Foundation
import PolicyEngine

/// `nimbus simulate`: the policy engine on the command line, with no server. Prints each decision and the
/// statements that made it; exits 0 when every action is allowed on every resource, 1 otherwise.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide whether policies allow actions, and say which statement decided.",
        discussion: """
            Example:
              nimbus simulate --policy admin.json --boundary boundary.json --action iam:CreateUser \\
                --resource arn:aws:iam::123456789012:user/bob --context aws:MultiFactorAuthPresent=true
            """
    )

    @Option(name: .customLong("policy"), help: "An identity-based policy: a file or inline JSON (repeatable).")
    var policies: [String] = []

    @Option(help: "A permissions boundary: a file or inline JSON.")
    var boundary: String?

    @Option(name: .customLong("session-policy"), help: "A session policy: a file or inline JSON (repeatable).")
    var sessionPolicies: [String] = []

    @Option(name: .customLong("resource-policy"), help: "The resource's own policy: a file or inline JSON.")
    var resourcePolicy: String?

    @Option(name: .customLong("action"), help: "An action such as s3:GetObject (repeatable).")
    var actions: [String]

    @Option(name: .customLong("resource"), help: "A resource ARN (repeatable); * when none is given.")
    var resources: [String] = []

    @Option(help: "The caller's ARN (a user, a role session or root).")
    var principal: String = "arn:aws:iam::000000000000:user/simulated"

    @Option(name: .customLong("context"), help: "A condition key and value, KEY=VALUE (repeatable; several values: KEY=a,b).")
    var contextEntries: [String] = []

    func run() throws {
        var set = PolicySet()
        set.identity = try policies.enumerated().map { try load($1, id: "policy \($0 + 1)", kind: .identity) }
        set.permissionsBoundary = try boundary.map { try load($0, id: "boundary", kind: .permissionsBoundary) }
        set.session = try sessionPolicies.enumerated().map { try load($1, id: "session policy \($0 + 1)", kind: .session) }
        set.resourceBased = try resourcePolicy.map { try load($0, id: "resource policy", kind: .resource) }
        let caller = Self.principalInfo(principal)
        let context = ConditionContext(Dictionary(contextEntries.compactMap(Self.entry)) { _, last in last })
        var allAllowed = true
        for action in actions {
            for resource in resources.isEmpty ? ["*"] : resources {
                let request = AuthorizationRequest(principal: caller, action: action, resource: resource,
                                                   resourceAccount: caller.account, context: context)
                let decision = Evaluator.evaluate(request, set, options: .simulation)
                allAllowed = allAllowed && decision.isAllowed
                print("\(decision.effect.rawValue)  \(action) on \(resource)")
                print("  \(decision.reason)")
                for statement in decision.decidingStatements {
                    print("  decided by: \(statement)")
                }
                if !decision.missingContextKeys.isEmpty {
                    print("  missing context keys: \(decision.missingContextKeys.joined(separator: ", "))")
                }
            }
        }
        if !allAllowed { throw ExitCode(1) }
    }

    private func load(_ source: String, id: String, kind: PolicyKind) throws -> Policy {
        let text = FileManager.default.fileExists(atPath: source) ? try String(contentsOfFile: source, encoding: .utf8) : source
        do throws(PolicyValidationError) {
            return try Policy(json: text, id: id, kind: kind)
        } catch {
            throw ValidationError("\(id): \(error.code.rawValue): \(error.message)")
        }
    }

    static func principalInfo(_ arn: String) -> PrincipalInfo {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let account = parts.count > 4 ? String(parts[4]) : nil
        let resource = parts.count > 5 ? String(parts[5]) : ""
        if resource == "root", let account { return .root(account: account) }
        if resource.hasPrefix("assumed-role/") {
            let pieces = resource.split(separator: "/")
            return PrincipalInfo(kind: .roleSession, arn: arn, account: account,
                                 roleArn: "arn:aws:iam::\(account ?? ""):role/\(pieces.dropFirst().first ?? "")")
        }
        return PrincipalInfo(kind: .user, arn: arn, account: account, username: resource.split(separator: "/").last.map(String.init))
    }

    static func entry(_ text: String) -> (String, ConditionValue)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let key = String(text[..<eq])
        let values = text[text.index(after: eq)...].split(separator: ",").map { one(String($0)) }
        return (key, values.count == 1 ? values[0] : .list(values))
    }

    static func one(_ text: String) -> ConditionValue {
        if text == "true" || text == "false" { return .bool(text == "true") }
        if let number = Double(text) { return .number(number) }
        if IPAddress(text) != nil { return .ip(text) }
        return .string(text)
    }
}
