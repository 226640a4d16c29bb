import AWSWire
import NimbusCore

/// STS's own condition keys ("Actions, resources, and condition keys for AWS Security Token Service";
/// "IAM and AWS STS condition context keys"), which trust policies test on AssumeRole.
extension STSProvider: ConditionKeyProviding {
    public func conditionKeys(operation: String, input: AWSValue, context: RequestContext) -> [String: String] {
        guard operation == "AssumeRole" else { return [:] }
        var keys: [String: String] = [:]
        if let externalId = input["ExternalId"]?.string { keys["sts:ExternalId"] = externalId }
        if let session = input["RoleSessionName"]?.string { keys["sts:RoleSessionName"] = session }
        if let source = input["SourceIdentity"]?.string { keys["sts:SourceIdentity"] = source }
        return keys
    }
}
