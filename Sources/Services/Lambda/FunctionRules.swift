import AWSWire
import Foundation
import NimbusCore
import PolicyEngine

/// AWS's rules for a function's configuration ("Lambda quotas", "Lambda runtimes", "Working with Lambda
/// environment variables"), pure so the unit tests read them directly.
enum FunctionRules {
    /// Runtimes Nimbus can run, by the program that runs them.
    enum Family: String { case python, node, provided }

    /// "Lambda runtimes": the supported runtimes Nimbus executes. Other names in the model are deprecated ones
    /// (refused at create, as AWS does) or languages Nimbus has no runtime for (kept, refused at invoke).
    static func family(of runtime: String) -> Family? {
        if ["python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14"].contains(runtime) { return .python }
        if ["nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"].contains(runtime) { return .node }
        if ["provided.al2", "provided.al2023"].contains(runtime) { return .provided }
        return nil
    }

    /// Runtimes past their "Block function create" date in "Runtime deprecation".
    static let deprecated: Set<String> = [
        "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x",
        "nodejs4.3-edge", "python2.7", "python3.6", "python3.7", "python3.8", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
        "dotnetcore3.1", "dotnet6", "go1.x", "ruby2.5", "ruby2.7", "java8", "provided",
    ]

    static let minTimeout = 1, maxTimeout = 900
    static let minMemory = 128, maxMemory = 10240
    /// "Lambda quotas": 4 KB for all environment variables together.
    static let maxEnvironmentBytes = 4096
    /// "Defined runtime environment variables": keys a function may not set.
    static let reservedKeys: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    static func checkRuntime(_ runtime: String) throws {
        if deprecated.contains(runtime) {
            throw LambdaErrors.invalidParameter("The runtime parameter of \(runtime) is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.")
        }
    }

    static func checkTimeout(_ timeout: Int) throws {
        guard timeout <= maxTimeout else {
            throw LambdaErrors.validation("1 validation error detected: Value '\(timeout)' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to \(maxTimeout)")
        }
    }

    static func checkMemory(_ memory: Int) throws {
        guard memory <= maxMemory else {
            throw LambdaErrors.invalidParameter("'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to \(maxMemory)")
        }
    }

    static func checkEnvironment(_ variables: [String: String]) throws {
        let reserved = variables.keys.filter { reservedKeys.contains($0) }.sorted()
        if !reserved.isEmpty {
            throw LambdaErrors.invalidParameter("Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: \(reserved.joined(separator: ", "))")
        }
        for key in variables.keys where key.range(of: "^[a-zA-Z]([a-zA-Z0-9_])*$", options: .regularExpression) == nil {
            throw LambdaErrors.invalidParameter("Lambda was unable to configure your environment variables because the environment variables you have provided contains invalid keys. Invalid key: \(key)")
        }
        // AWS measures the variables as a JSON object.
        let measured = AWSValue.object(variables.mapValues(AWSValue.string)).jsonBytes
        if measured.count > maxEnvironmentBytes {
            throw LambdaErrors.invalidParameter("Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: \(String(decoding: measured, as: UTF8.self))")
        }
    }

    /// `file.function` for Python and Node (the module may have a path: `src/app.handler`); nil when malformed.
    static func handlerParts(_ handler: String) -> (module: String, function: String)? {
        guard let dot = handler.lastIndex(of: "."), dot != handler.startIndex else { return nil }
        let module = String(handler[..<dot]), function = String(handler[handler.index(after: dot)...])
        guard !function.isEmpty, !module.hasSuffix("/") else { return nil }
        return (module, function)
    }

    /// "Lambda execution role": the role's trust policy must let `lambda.amazonaws.com` call `sts:AssumeRole`,
    /// decided by the policy engine as STS would decide it.
    static func trustsLambda(_ role: RoleRecord) -> Bool {
        role.trusts(service: "lambda.amazonaws.com")
    }
}
