import AWSWire
import NimbusCore
import State

/// A function named as the API allows ("FunctionName": a name, a partial ARN `ACCOUNT:function:NAME`, or an ARN,
/// each optionally with `:QUALIFIER`), with the `Qualifier` member when the operation has one.
struct FunctionReference {
    var name: String
    var qualifier: String?
    /// The account and Region an ARN names (another account's function, for a cross-account invoke).
    var account: String?
    var region: String?

    init(_ text: String, qualifier member: String? = nil) throws {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "arn" {
            // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
            guard parts.count >= 7, parts[2] == "lambda", parts[5] == "function" else { throw Self.invalid(text) }
            region = parts[3].isEmpty ? nil : parts[3]
            account = parts[4].isEmpty ? nil : parts[4]
            parts = Array(parts[6...])
        } else if parts.count >= 3, parts[1] == "function" {
            account = parts[0]
            parts = Array(parts[2...])
        }
        guard let name = parts.first, !name.isEmpty, parts.count <= 2 else { throw Self.invalid(text) }
        self.name = name
        let embedded = parts.count == 2 ? parts[1] : nil
        if let embedded, let member, embedded != member {
            throw LambdaErrors.invalidParameter("The derived qualifier from the function name does not match the specified qualifier.")
        }
        qualifier = embedded ?? member
    }

    init(_ input: AWSValue) throws {
        try self.init(input["FunctionName"]?.string ?? "", qualifier: input["Qualifier"]?.string)
    }

    static func invalid(_ text: String) -> AWSError {
        LambdaErrors.validation("1 validation error detected: Value '\(text)' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?")
    }

    static func arn(_ name: String, _ context: RequestContext) -> String {
        "arn:aws:lambda:\(context.region):\(context.account):function:\(name)"
    }

    func arn(_ context: RequestContext) -> String {
        "arn:aws:lambda:\(region ?? context.region):\(account ?? context.account):function:\(name)" + (qualifier.map { ":" + $0 } ?? "")
    }

    func partition(_ context: RequestContext) -> Partition {
        Partition(account: account ?? context.account, region: region ?? context.region)
    }

    /// The function, or Lambda's ResourceNotFoundException with the ARN asked for.
    func load(_ context: RequestContext) throws -> LambdaFunction {
        guard let function = context.store.read({ $0.get(LambdaFunction.self, name, in: partition(context)) }) else {
            throw LambdaErrors.functionNotFound(arn(context))
        }
        return function
    }

    /// The version a qualifier names: `$LATEST` when none, a published version, or an alias's version (routing
    /// decided by `pick` for weighted aliases).
    func resolveVersion(_ function: LambdaFunction, _ context: RequestContext,
                        pick: (FunctionAlias) -> String = { $0.functionVersion }) throws -> FunctionVersion {
        let qualifier = qualifier ?? "$LATEST"
        if let alias = function.aliases[qualifier] {
            guard let version = function.version(pick(alias)) else { throw LambdaErrors.functionNotFound(arn(context)) }
            return version
        }
        guard let version = function.version(qualifier) else { throw LambdaErrors.functionNotFound(arn(context)) }
        return version
    }

    /// Changes the function in one store write (Lambda's ResourceNotFoundException when it does not exist).
    @discardableResult
    func modify(_ context: RequestContext, _ body: (inout LambdaFunction) throws -> Void) throws -> LambdaFunction {
        let partition = partition(context)
        let missing = LambdaErrors.functionNotFound(arn(context))
        return try context.store.write { tx in
            guard var function = tx.get(LambdaFunction.self, name, in: partition) else { throw missing }
            try body(&function)
            tx.put(function, id: function.name, in: partition)
            return function
        }
    }
}
