import AWSWire
import Foundation
import NimbusCore
import Synchronization

/// What Invoke answers: the payload, whether it is the function's error, and the invocation's log.
struct InvocationResult: Sendable {
    var payload: [UInt8]
    /// `Unhandled` when the function failed ("Error handling in Lambda").
    var functionError: String?
    var log: InvocationLog
}

/// Runs one invocation of a function version: admits it against concurrency, finds or starts an environment,
/// hands it the event, and writes START/END/REPORT and the output to CloudWatch Logs.
final class FunctionRunner: Sendable {
    let pool = EnvironmentPool()
    private let runtimeDirectory = Mutex<String?>(nil)
    /// Role sessions by role and function, reused by later environments while they have an hour left (as the
    /// metadata service caches an instance's): each cold start would otherwise store one more credential.
    private let sessions = Mutex<[String: IssuedCredential]>([:])
    /// Credentials issued per environment live for Lambda's maximum, 12 hours; an environment is reaped long before.
    static let credentialLifetime = 43_200

    init() {}

    func invoke(_ version: FunctionVersion, invokedArn: String, reserved: Int?, payload: [UInt8], clientContext: String? = nil,
                context: RequestContext) async throws -> InvocationResult {
        // The function runs in its owner's account and Region, whoever invokes it.
        let owner = ARN(version.functionArn) ?? ARN(service: "lambda", region: context.region, account: context.account, resource: "")
        // "Lambda quotas": concurrency is counted per account and Region.
        let accountKey = "\(owner.account)/\(owner.region)"
        let functionKey = "\(accountKey)/\(version.functionName)"
        try pool.admit(function: functionKey, account: accountKey, reserved: reserved)
        defer { pool.release(function: functionKey, account: accountKey) }

        let key = Self.environmentKey(version, account: owner.account, region: owner.region)
        var environment = pool.takeIdle(key)
        let cold = environment == nil
        let requestId = UUID().uuidString.lowercased()
        if environment == nil {
            do {
                environment = try await launch(version, key: key, owner: owner, context: context)
            } catch let failure as RuntimeFailure {
                return failed(requestId: requestId, type: failure.type, message: failure.message, version: version, context: context)
            }
        }
        guard let environment else { throw AWSError("ServiceException", "No execution environment", status: 500) }
        pool.markBusy(environment)

        let offset = environment.logSize
        let started = ContinuousClock.now
        let traceId = "Root=1-\(String(Int(Date().timeIntervalSince1970), radix: 16))-\(context.ids.hex(24));Parent=\(context.ids.hex(16));Sampled=0;Lineage=1"
        let outcome = await environment.channel.run(PendingInvocation(requestId: requestId, payload: payload, functionArn: invokedArn,
                                                                      timeoutSeconds: version.timeout, traceId: traceId,
                                                                      clientContext: clientContext))
        let duration = ContinuousClock.now - max(started, environment.channel.handedOutAt ?? started)
        let peak = environment.process.peakMemoryMB
        let output = environment.log(since: offset)

        var payloadOut: [UInt8]
        var functionError: String? = "Unhandled"
        var extraLine: String?
        var trailer: String?
        switch outcome {
        case .response(let body):
            payloadOut = body
            functionError = nil
        case .functionError(let body), .initError(let body):
            payloadOut = body
        case .timeout:
            // "Troubleshoot invocation issues in Lambda": the time, the request id and the seconds it ran, in the
            // answer and after the REPORT line.
            let seconds = max(InvocationLog.milliseconds(duration) / 1000, Double(version.timeout))
            let text = "\(Timestamp.iso8601(context.now, fractional: true)) \(requestId) Task timed out after \(String(format: "%.2f", seconds)) seconds"
            payloadOut = AWSValue.object(["errorMessage": .string(text)]).jsonBytes
            trailer = text
        case .exited(let reason):
            let text = "RequestId: \(requestId) Error: Runtime exited with error: \(reason)"
            payloadOut = AWSValue.object(["errorType": "Runtime.ExitError", "errorMessage": .string(text)]).jsonBytes
            extraLine = text + "\nRuntime.ExitError"
        }
        switch outcome {
        case .response, .functionError:
            pool.returnIdle(environment)
        default:
            pool.discard(environment)
        }
        let log = InvocationLog(requestId: requestId, version: version.version, output: output, extraLine: extraLine, trailer: trailer,
                                duration: duration, memorySize: version.memorySize, maxMemoryUsed: peak,
                                initDuration: cold ? environment.channel.initDuration : nil)
        context.environment.logs.append(log.events(now: context.now), group: version.logGroup, stream: environment.streamName,
                                        account: owner.account, region: owner.region)
        return InvocationResult(payload: payloadOut, functionError: functionError, log: log)
    }

    /// A failure before any process ran (no bootstrap): answered as the function's error, logged as AWS logs it.
    private func failed(requestId: String, type: String, message: String, version: FunctionVersion, context: RequestContext) -> InvocationResult {
        let text = "RequestId: \(requestId) Error: \(message)"
        let log = InvocationLog(requestId: requestId, version: version.version, output: "", extraLine: text, duration: .zero,
                                memorySize: version.memorySize, maxMemoryUsed: 0, initDuration: nil)
        return InvocationResult(payload: AWSValue.object(["errorType": .string(type), "errorMessage": .string(text)]).jsonBytes,
                                functionError: "Unhandled", log: log)
    }

    private func launch(_ version: FunctionVersion, key: String, owner: ARN, context: RequestContext) async throws -> ExecutionEnvironment {
        let files = context.environment.files
        let runtimeDirectory = try self.runtimeDirectory(files)
        // The execution role's session, as Lambda assumes it: `assumed-role/ROLE/FUNCTION_NAME`. Looked up before
        // any store access of ours (the directory takes the store's lock).
        var credentials: IssuedCredential?
        if let role = context.environment.identities.role(arn: version.role) {
            let key = "\(role.arn)|\(version.functionArn)"
            let now = context.now
            // Still stored (a reset forgets every credential) and an hour from expiring.
            credentials = sessions.withLock { $0[key] }.flatMap { cached in
                let stored = context.store.read { $0.get(IssuedCredential.self, cached.accessKeyId, in: .nimbus) } != nil
                return stored && (cached.expiration?.timeIntervalSince(now) ?? 0) > 3600 ? cached : nil
            }
            if credentials == nil {
                let principal = SessionCredentials.rolePrincipal(role, sessionName: version.functionName)
                let issued = try SessionCredentials.issue(for: principal, duration: Self.credentialLifetime, context.environment)
                sessions.withLock { $0[key] = issued }
                credentials = issued
                context.environment.identities.noteRoleUsed(arn: role.arn, region: owner.region, at: context.now)
            }
        }
        let spec = LaunchSpec(version: version, account: owner.account, region: owner.region, credentials: credentials,
                              endpointURL: context.environment.endpoint.url, runtimeDirectory: runtimeDirectory,
                              logDirectory: try files.directory("lambda/logs").path)
        return try await ExecutionEnvironment.launch(spec, key: key, streamName: Self.streamName(version, context))
    }

    /// "Using CloudWatch Logs with Lambda": `YYYY/MM/DD/[VERSION]` and 32 hex digits per environment.
    static func streamName(_ version: FunctionVersion, _ context: RequestContext) -> String {
        let day = Timestamp.iso8601(context.now, fractional: false).prefix(10).replacingOccurrences(of: "-", with: "/")
        return "\(day)/[\(version.version)]\(context.ids.hex(32))"
    }

    /// Environments serve one version as it was: a new revision (code or configuration) starts new ones.
    static func environmentKey(_ version: FunctionVersion, account: String, region: String) -> String {
        "\(account)/\(region)/\(version.functionName)/\(version.version)/\(version.revisionId)"
    }

    /// The bootstraps, written once per server under the files directory.
    private func runtimeDirectory(_ files: NimbusFiles) throws -> String {
        try runtimeDirectory.withLock { cached in
            if let cached { return cached }
            let directory = try files.directory("lambda/runtime")
            try PythonBootstrap.source.write(to: directory.appendingPathComponent(PythonBootstrap.fileName), atomically: true, encoding: .utf8)
            try NodeBootstrap.source.write(to: directory.appendingPathComponent(NodeBootstrap.fileName), atomically: true, encoding: .utf8)
            cached = directory.path
            return directory.path
        }
    }
}
