import AWSWire
import NimbusCore
import State

/// GetAccountSettings ("Lambda quotas"): the account's limits and what its functions use of them in this Region.
enum AccountSettings {
    /// "Lambda quotas": 75 GB of code per Region.
    static let totalCodeSize = 80_530_636_800

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let functions = context.store.read { Array($0.all(LambdaFunction.self, in: context.regionalPartition).values) }
        let reserved = functions.compactMap(\.reservedConcurrency).reduce(0, +)
        let codeSize = functions.flatMap { [$0.latest] + $0.versions }.reduce(0) { $0 + $1.codeSize }
        return .structure([
            "AccountLimit": .structure([
                "TotalCodeSize": .int(totalCodeSize), "CodeSizeUnzipped": .int(ZipArchive.maxUnzippedSize),
                "CodeSizeZipped": .int(FunctionCode.maxZippedSize), "ConcurrentExecutions": .int(EnvironmentPool.accountLimit),
                "UnreservedConcurrentExecutions": .int(EnvironmentPool.accountLimit - reserved),
            ]),
            "AccountUsage": .structure(["TotalCodeSize": .int(codeSize), "FunctionCount": .int(functions.count)]),
        ])
    }
}
