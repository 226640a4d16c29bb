import AWSWire
import Foundation
import NimbusCore
import State

/// Finds a managed policy by ARN: AWS's own (`arn:aws:iam::aws:policy/...`) from the built-in
/// catalogue, or a customer managed policy of the caller's account.
enum ManagedPolicyCatalog {
    struct Entry {
        var name: String
        var arn: String
        var path: String
        var defaultDocument: String
        var isAWSManaged: Bool
    }

    static func find(_ arn: String, _ context: RequestContext, _ view: StoreView) throws -> Entry {
        if let aws = AWSManagedPolicies.named(arn) {
            return Entry(name: aws.name, arn: aws.arn, path: aws.path, defaultDocument: aws.document, isAWSManaged: true)
        }
        guard let parsed = ARN(arn), parsed.service == "iam", parsed.resource.hasPrefix("policy/") else {
            throw IAMErrors.invalidInput("ARN \(arn) is not valid.")
        }
        guard parsed.account == context.account,
              let policy = view.get(IAMManagedPolicy.self, arn, in: context.globalPartition) else {
            throw IAMErrors.noSuchEntity("Policy \(arn) does not exist or is not attachable.")
        }
        let document = policy.versions.first { $0.versionId == policy.defaultVersionId }?.document ?? "{}"
        return Entry(name: policy.policyName, arn: policy.arn, path: policy.path, defaultDocument: document, isAWSManaged: false)
    }
}
