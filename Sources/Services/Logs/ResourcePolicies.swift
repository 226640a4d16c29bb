import AWSWire
import NimbusCore
import State

/// A CloudWatch Logs resource policy (PutResourcePolicy in the API Reference): an account's, by name, or one log
/// group's, by its ARN. Kept and listed; other services' deliveries are not checked against it.
struct LogsResourcePolicy: Resource {
    static let kind = "logs.resourcepolicy"

    var name: String
    var document: String
    var resourceArn: String?
    var updated: Int64
    var revision: Int

    static func key(name: String?, resourceArn: String?) -> String { resourceArn.map { "arn:" + $0 } ?? name ?? "" }
}

enum ResourcePolicies {
    /// "CloudWatch Logs quotas": 10 resource policies per Region per account.
    static let maxPerAccount = 10

    static func put(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["policyName"]?.string
        let resourceArn = input["resourceArn"]?.string
        guard name != nil || resourceArn != nil else { throw LogsErrors.invalid("Specify either policyName or resourceArn.") }
        let document = input["policyDocument"]?.string ?? ""
        guard case .object? = try? JSONValue.parse(Array(document.utf8)) else {
            throw LogsErrors.invalid("Policy document is not a valid JSON object.")
        }
        let partition = context.regionalPartition
        let now = LogNames.millis(context.now)
        let policy = try context.store.write { tx -> LogsResourcePolicy in
            let key = LogsResourcePolicy.key(name: name, resourceArn: resourceArn)
            let existing = tx.get(LogsResourcePolicy.self, key, in: partition)
            if let expected = input["expectedRevisionId"]?.string, expected != existing.map({ String($0.revision) }) {
                throw AWSError("OperationAbortedException", "The expected revision id does not match the policy's revision id.")
            }
            if let resourceArn {
                guard tx.get(LogGroup.self, LogNames.groupName(fromIdentifier: resourceArn), in: partition) != nil else {
                    throw LogsErrors.groupNotFound
                }
            } else if existing == nil, tx.all(LogsResourcePolicy.self, in: partition).values.filter({ $0.resourceArn == nil }).count >= maxPerAccount {
                throw AWSError("LimitExceededException", "Resource limit exceeded.")
            }
            let policy = LogsResourcePolicy(name: name ?? "", document: document, resourceArn: resourceArn, updated: now,
                                            revision: (existing?.revision ?? 0) + 1)
            tx.put(policy, id: key, in: partition)
            return policy
        }
        return ["resourcePolicy": output(policy), "revisionId": .string(String(policy.revision))]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let resourceArn = input["resourceArn"]?.string
        let scope = input["policyScope"]?.string
        let policies = context.store.read { Array($0.all(LogsResourcePolicy.self, in: context.regionalPartition).values) }
        let rows = policies.filter { policy in
            (resourceArn.map { policy.resourceArn == $0 } ?? true)
                && (scope.map { $0 == (policy.resourceArn == nil ? "ACCOUNT" : "RESOURCE") } ?? true)
        }
        let page = Paginator.page(rows.map(output), marker: input["nextToken"]?.string, maxItems: input["limit"]?.int, defaultMaxItems: 50)
        return .structure(["resourcePolicies": .list(page.items), "nextToken": page.marker.map(AWSValue.string)])
    }

    static func output(_ policy: LogsResourcePolicy) -> AWSValue {
        .structure([
            "policyName": policy.name.isEmpty ? nil : .string(policy.name), "policyDocument": .string(policy.document),
            "lastUpdatedTime": .integer(policy.updated), "policyScope": .string(policy.resourceArn == nil ? "ACCOUNT" : "RESOURCE"),
            "resourceArn": policy.resourceArn.map(AWSValue.string), "revisionId": .string(String(policy.revision)),
        ])
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["policyName"]?.string
        let key = LogsResourcePolicy.key(name: name, resourceArn: input["resourceArn"]?.string)
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard tx.get(LogsResourcePolicy.self, key, in: partition) != nil else {
                throw AWSError("ResourceNotFoundException", "Policy with name [\(name ?? key)] does not exist")
            }
            tx.delete(LogsResourcePolicy.self, key, in: partition)
        }
        return [:]
    }
}
