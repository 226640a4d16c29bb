import AWSWire
import NimbusCore

/// EC2's own condition keys that policies (SCPs among them) test on launches ("Actions, resources, and condition
/// keys for Amazon EC2": `ec2:InstanceType` on RunInstances). A launch template's type is not looked up here:
/// only the type the request names, or the default one when it names neither.
extension EC2Provider: ConditionKeyProviding {
    public func conditionKeys(operation: String, input: AWSValue, context: RequestContext) -> [String: String] {
        guard operation == "RunInstances" else { return [:] }
        if let type = input["InstanceType"]?.string { return ["ec2:InstanceType": type] }
        if input["LaunchTemplate"] == nil { return ["ec2:InstanceType": LaunchCatalog.defaultInstanceType] }
        return [:]
    }
}
