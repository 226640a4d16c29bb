import AWSWire
import NimbusCore
import State

/// AWS Lambda: functions that really run, as local processes speaking the Runtime API, held to their execution role.
public struct LambdaProvider: ServiceProvider {
    let runner = FunctionRunner()
    let functions: Functions

    /// `s3`: where `S3Bucket`/`S3Key` code is read from, once S3 provides a reader.
    public init(s3: (any S3ObjectReading)? = nil) {
        functions = Functions(runner: runner, s3: s3)
        // Finding the interpreters asks `python3` where it lives (tens of milliseconds): done once, off any request.
        Task.detached(priority: .background) { _ = (Interpreters.python, Interpreters.node) }
    }

    public let serviceName = "lambda"
    public var resourceTypes: [any Resource.Type] { [LambdaFunction.self] }

    public var handlers: [String: OperationHandler] {
        let invocations = Invocations(runner: runner)
        return [
            "CreateFunction": functions.create,
            "GetFunction": functions.get,
            "GetFunctionConfiguration": functions.getConfiguration,
            "ListFunctions": functions.list,
            "DeleteFunction": functions.delete,
            "UpdateFunctionCode": functions.updateCode,
            "UpdateFunctionConfiguration": functions.updateConfiguration,
            "Invoke": invocations.invoke,
            "PublishVersion": Versions.publish,
            "ListVersionsByFunction": Versions.list,
            "CreateAlias": Aliases.create,
            "GetAlias": Aliases.get,
            "ListAliases": Aliases.list,
            "UpdateAlias": Aliases.update,
            "DeleteAlias": Aliases.delete,
            "PutFunctionConcurrency": Concurrency.put,
            "GetFunctionConcurrency": Concurrency.get,
            "DeleteFunctionConcurrency": Concurrency.delete,
            "AddPermission": Permissions.add,
            "RemovePermission": Permissions.remove,
            "GetPolicy": Permissions.get,
            "TagResource": Tags.tag,
            "UntagResource": Tags.untag,
            "ListTags": Tags.list,
            "GetAccountSettings": AccountSettings.get,
        ]
    }

    /// Kills every execution environment (Nimbus is stopping).
    public func shutdown() {
        runner.pool.shutdown()
    }

    /// Kills the idle environments (`POST /_nimbus/reset`: the functions they ran are gone).
    public func retireEnvironments() {
        runner.pool.retire(prefix: "")
    }
}

/// Lambda's resources for authorization ("Actions, resources, and condition keys for AWS Lambda"): the function's
/// ARN (qualified when the request names a version or alias), its resource-based policy, and `iam:PassRole` for the
/// execution role a function is given.
extension LambdaProvider: ResourceNaming, ResourcePolicyProviding, DependentActionNaming {
    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        if let resource = input["Resource"]?.string { return [resource] }
        guard let text = input["FunctionName"]?.string,
              let reference = try? FunctionReference(text, qualifier: input["Qualifier"]?.string) else { return [] }
        // A function named by ARN is decided on that ARN (another account's function, for a cross-account invoke).
        if text.hasPrefix("arn:"), let arn = ARN(text) {
            return ["arn:aws:lambda:\(arn.region):\(arn.account):function:\(reference.name)" + (reference.qualifier.map { ":" + $0 } ?? "")]
        }
        return [reference.arn(context)]
    }

    public func resourcePolicy(operation: String, action: String, input: AWSValue, resource: String, context: RequestContext) -> ResourcePolicyDocument? {
        guard let arn = ARN(resource), arn.service == "lambda", arn.resource.hasPrefix("function:") else { return nil }
        let parts = arn.resource.split(separator: ":").map(String.init)
        guard parts.count >= 2 else { return nil }
        let partition = Partition(account: arn.account, region: arn.region)
        guard let function = context.store.read({ $0.get(LambdaFunction.self, parts[1], in: partition) }),
              let document = Permissions.document(function, qualifier: parts.count > 2 ? parts[2] : nil) else { return nil }
        return ResourcePolicyDocument(id: "\(resource) policy", document: document, isTrustPolicy: false)
    }

    public func dependentActions(operation: String, input: AWSValue, context: RequestContext) -> [DependentAction] {
        guard ["CreateFunction", "UpdateFunctionConfiguration"].contains(operation), let role = input["Role"]?.string else { return [] }
        return [DependentAction(action: "iam:PassRole", resource: role, conditions: ["iam:PassedToService": "lambda.amazonaws.com"])]
    }
}
