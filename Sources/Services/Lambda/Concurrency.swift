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
        // Read before the write: the sum is a check, not a lock (two racing reservations may both pass, as a moment apart).
        let others = context.store.read { view in
            view.all(LambdaFunction.self, in: reference.partition(context)).values
                .filter { $0.name != reference.name }.compactMap(\.reservedConcurrency).reduce(0, +)
        }
        guard others + reserved <= EnvironmentPool.accountLimit - minimumUnreserved else {
            throw LambdaErrors.invalidParameter("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [\(minimumUnreserved)].")
        }
        try reference.modify(context) { $0.reservedConcurrency = reserved }
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
