import AWSWire
import NimbusCore
import State

/// PutFunctionConcurrency, GetFunctionConcurrency and DeleteFunctionConcurrency ("Configuring reserved concurrency
/// for a function"): a function's reservation caps it, and the account keeps at least 100 unreserved.
enum Concurrency {
    static let minimumUnreserved = 100

    static func put(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input["FunctionName"]?.string ?? "")
        let reserved = input["ReservedConcurrentExecutions"]?.int ?? 0
        let partition = context.regionalPartition
        try context.store.write { tx in
            guard var function = tx.get(LambdaFunction.self, reference.name, in: partition) else {
                throw LambdaErrors.functionNotFound(reference.arn(context))
            }
            let others = tx.all(LambdaFunction.self, in: partition).values
                .filter { $0.name != function.name }.compactMap(\.reservedConcurrency).reduce(0, +)
            guard others + reserved <= EnvironmentPool.accountLimit - minimumUnreserved else {
                throw LambdaErrors.invalidParameter("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [\(minimumUnreserved)].")
            }
            function.reservedConcurrency = reserved
            tx.put(function, id: function.name, in: partition)
        }
        return .structure(["ReservedConcurrentExecutions": .int(reserved)])
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let function = try FunctionReference(input["FunctionName"]?.string ?? "").load(context)
        return .structure(["ReservedConcurrentExecutions": function.reservedConcurrency.map(AWSValue.int)])
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input["FunctionName"]?.string ?? "")
        try reference.modify(context) { $0.reservedConcurrency = nil }
        return .object([:])
    }
}
