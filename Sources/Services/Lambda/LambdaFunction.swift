import AWSWire
import Foundation
import State

/// A function: `$LATEST`, its published versions, aliases, reserved concurrency, resource policy and tags,
/// kept under its name in the account and Region's partition.
struct LambdaFunction: Resource {
    static let kind = "lambda.function"

    var name: String
    var latest: FunctionVersion
    var versions: [FunctionVersion] = []
    var aliases: [String: FunctionAlias] = [:]
    var reservedConcurrency: Int?
    /// The resource-based policy's statements, in the order AddPermission added them.
    var statements: [PermissionStatement] = []
    var tags: [String: String] = [:]
    var nextVersion = 1

    func version(_ qualifier: String) -> FunctionVersion? {
        qualifier == "$LATEST" ? latest : versions.first { $0.version == qualifier }
    }
}

/// One version's configuration and code (`$LATEST` is the one that changes).
struct FunctionVersion: Codable, Sendable, Hashable {
    var functionName: String
    var functionArn: String
    var version: String
    var runtime: String
    var role: String
    var handler: String
    var description: String
    var timeout: Int
    var memorySize: Int
    var environment: [String: String]
    var architectures: [String]
    var ephemeralStorage: Int
    var codeDirectory: String
    var codeSha256: String
    var codeSize: Int
    var lastModified: Date
    var revisionId: String
    var logGroup: String

    /// The ARN of this version: `:N`, or `:$LATEST` where a listing of versions names it.
    var versionArn: String { functionArn + ":" + version }

    /// FunctionConfiguration as the API Reference shows it. `state`/`updateStatus` let CreateFunction and the
    /// updates answer `Pending`/`InProgress` while reads answer the settled `Active`/`Successful`.
    func configuration(state: String = "Active", updateStatus: String? = "Successful", qualifiedArn: Bool = false) -> AWSValue {
        .structure([
            "FunctionName": .string(functionName),
            // `$LATEST` is shown unqualified except in ListVersionsByFunction and ListFunctions(ALL).
            "FunctionArn": .string(qualifiedArn || version != "$LATEST" ? versionArn : functionArn),
            "Runtime": .string(runtime),
            "Role": .string(role),
            "Handler": .string(handler),
            "CodeSize": .int(codeSize),
            "Description": .string(description),
            "Timeout": .int(timeout),
            "MemorySize": .int(memorySize),
            "LastModified": .string(Self.lastModifiedText(lastModified)),
            "CodeSha256": .string(codeSha256),
            "Version": .string(version),
            "Environment": environment.isEmpty ? nil : .structure(["Variables": .object(environment.mapValues(AWSValue.string))]),
            "TracingConfig": .structure(["Mode": "PassThrough"]),
            "RevisionId": .string(revisionId),
            "State": .string(state),
            "StateReason": state == "Pending" ? "The function is being created." : nil,
            "StateReasonCode": state == "Pending" ? "Creating" : nil,
            "LastUpdateStatus": updateStatus.map(AWSValue.string),
            "LastUpdateStatusReason": updateStatus == "InProgress" ? "The function is being updated." : nil,
            
            "PackageType": "Zip",
            "Architectures": .list(architectures.map(AWSValue.string)),
            "EphemeralStorage": .structure(["Size": .int(ephemeralStorage)]),
            "SnapStart": .structure(["ApplyOn": "None", "OptimizationStatus": "Off"]),
            "LoggingConfig": .structure(["LogFormat": "Text", "LogGroup": .string(logGroup)]),
        ])
    }

    /// Lambda's own timestamp text: `2024-05-01T12:00:00.000+0000`.
    static func lastModifiedText(_ date: Date) -> String {
        let iso = Timestamp.iso8601(date, fractional: true)
        return String(iso.dropLast()) + "+0000"
    }
}

/// An alias: a name for a version, optionally sending a share of invocations to a second version.
struct FunctionAlias: Codable, Sendable, Hashable {
    var name: String
    var functionVersion: String
    var description: String
    /// `AdditionalVersionWeights`: version -> share (0 to 1).
    var weights: [String: Double]
    var revisionId: String

    func output(functionArn: String) -> AWSValue {
        .structure([
            "AliasArn": .string(functionArn + ":" + name),
            "Name": .string(name),
            "FunctionVersion": .string(functionVersion),
            "Description": .string(description),
            "RoutingConfig": weights.isEmpty ? nil : .structure(["AdditionalVersionWeights": .object(weights.mapValues(AWSValue.double))]),
            "RevisionId": .string(revisionId),
        ])
    }
}

/// One statement of the function's resource-based policy, kept as the JSON AWS shows in GetPolicy.
struct PermissionStatement: Codable, Sendable, Hashable {
    var sid: String
    /// The qualifier the permission was added for (nil: the unqualified function).
    var qualifier: String?
    var json: String
}
