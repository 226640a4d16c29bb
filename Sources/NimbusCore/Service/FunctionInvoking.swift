/// Lambda as other services reach it: S3's event notifications invoke functions asynchronously, as the service
/// principal `s3.amazonaws.com`, when the function's resource-based policy lets them ("Using resource-based
/// policies in Lambda"; "Configuring Amazon S3 event notifications": "Granting permissions to invoke an AWS Lambda
/// function").
public protocol FunctionInvoking: Sendable {
    /// Why `service` may not invoke the function (it does not exist, or its policy does not allow the service with
    /// this source ARN and account), or nil when it may.
    func invocationProblem(functionArn: String, service: String, sourceArn: String, sourceAccount: String, context: RequestContext) -> String?

    /// Queues an asynchronous (Event) invocation, retried as Lambda retries asynchronous invocations.
    func invokeAsynchronously(functionArn: String, payload: [UInt8], context: RequestContext)
}

/// No Lambda (unit tests, tools): no function exists.
public struct NoFunctions: FunctionInvoking {
    public init() {}

    public func invocationProblem(functionArn: String, service: String, sourceArn: String, sourceAccount: String,
                                  context: RequestContext) -> String? {
        "The function does not exist"
    }

    public func invokeAsynchronously(functionArn: String, payload: [UInt8], context: RequestContext) {}
}
