import AWSWire
import NimbusCore
import PolicyEngine

/// Other services invoking functions (S3's event notifications): allowed only by the function's resource-based
/// policy naming the service, with the source ARN and account as the conditions it may test ("Using
/// resource-based policies in Lambda": `aws:SourceArn`, `aws:SourceAccount`).
extension LambdaProvider: FunctionInvoking {
    public func invocationProblem(functionArn: String, service: String, sourceArn: String, sourceAccount: String,
                                  context: RequestContext) -> String? {
        guard let reference = try? FunctionReference(functionArn), reference.account != nil, reference.region != nil,
              let function = try? reference.load(context), (try? reference.resolveVersion(function, context)) != nil else {
            return "The function does not exist"
        }
        guard let document = Permissions.document(function, qualifier: reference.qualifier),
              let policy = try? PolicyCache.shared.policy(id: "\(functionArn) policy", document: document, kind: .resource) else {
            return "Not authorized to invoke function [\(functionArn)]"
        }
        var policies = PolicySet()
        policies.resourceBased = policy
        let request = AuthorizationRequest(principal: .service(service), action: "lambda:InvokeFunction", resource: functionArn,
                                           resourceAccount: reference.account,
                                           context: ["aws:SourceArn": .string(sourceArn), "aws:SourceAccount": .string(sourceAccount)])
        return Evaluator.evaluate(request, policies).isAllowed ? nil : "Not authorized to invoke function [\(functionArn)]"
    }

    public func invokeAsynchronously(functionArn: String, payload: [UInt8], context: RequestContext) {
        guard let reference = try? FunctionReference(functionArn), let function = try? reference.load(context),
              let version = try? reference.resolveVersion(function, context, pick: { AliasRouting.version(for: $0, draw: Double.random(in: 0 ..< 1)) })
        else { return }
        Invocations(runner: runner).enqueue(version, invokedArn: functionArn, reserved: function.reservedConcurrency, payload: payload,
                                            context: context)
    }
}
