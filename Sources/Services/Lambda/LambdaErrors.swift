import AWSWire

/// Lambda's errors as its API Reference names them; statuses come from the model.
enum LambdaErrors {
    static func invalidParameter(_ message: String) -> AWSError { AWSError("InvalidParameterValueException", message) }

    static func notFound(_ message: String) -> AWSError { AWSError("ResourceNotFoundException", message) }

    static func functionNotFound(_ arn: String) -> AWSError { notFound("Function not found: \(arn)") }

    static func conflict(_ message: String) -> AWSError { AWSError("ResourceConflictException", message) }

    static func requestTooLarge(_ message: String) -> AWSError { AWSError("RequestTooLargeException", message) }

    /// "Lambda function scaling": a throttled invocation is `TooManyRequestsException` with a reason.
    static func throttled(_ reason: String) -> AWSError {
        AWSError("TooManyRequestsException", "Rate Exceeded.", fields: [("Type", "User"), ("Reason", reason)])
    }

    /// A runtime Nimbus has no program for (Java, .NET, Ruby), or whose program is not installed.
    static func runtimeUnavailable(_ runtime: String) -> AWSError {
        AWSError("InvalidRuntimeException", "The runtime parameter of \(runtime) is not supported by Nimbus: it runs python3.x, nodejs and provided runtimes.", status: 502)
    }

    static func validation(_ message: String) -> AWSError { AWSError("ValidationException", message) }
}
