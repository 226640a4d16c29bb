import AWSWire
import Foundation
import NimbusCore

/// Invoke ("Invoke a Lambda function synchronously", "Invoking a Lambda function asynchronously"): RequestResponse
/// runs the function and answers its result; Event answers 202 at once and runs it in the background, retried
/// twice on error; DryRun answers 204 once authorization (already done) and the function's existence pass.
struct Invocations: Sendable {
    let runner: FunctionRunner

    /// "Lambda quotas": 6 MB synchronous, 1 MB asynchronous payloads.
    static let maxSyncPayload = 6_291_456
    static let maxAsyncPayload = 1_048_576
    /// "Error handling and automatic retries in Lambda": two retries, a minute and then two minutes after the failure.
    /// `NIMBUS_LAMBDA_RETRY_SECONDS=1,2` shortens the waits (tests), keeping the count.
    static let asyncRetryDelays: [Duration] = {
        let configured = ProcessInfo.processInfo.environment["NIMBUS_LAMBDA_RETRY_SECONDS"]?
            .split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let seconds = configured.flatMap { $0.count == 2 && $0.allSatisfy { $0 >= 0 } ? $0 : nil } ?? [60, 120]
        return seconds.map { Duration.milliseconds(Int64($0 * 1000)) }
    }()

    func invoke(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let reference = try FunctionReference(input)
        let function = try reference.load(context)
        let version = try reference.resolveVersion(function, context) { AliasRouting.version(for: $0, draw: Double.random(in: 0..<1)) }
        let body = input["Payload"]?.bytes ?? input["Payload"]?.string.map { Array($0.utf8) } ?? []
        // An empty payload reaches the handler as an empty object, as on AWS.
        let payload = body.isEmpty ? Array("{}".utf8) : body
        let invokedArn = reference.arn(context)
        switch input["InvocationType"]?.string ?? "RequestResponse" {
        case "DryRun":
            return .structure(["StatusCode": .int(204)])
        case "Event":
            guard payload.count <= Self.maxAsyncPayload else {
                throw LambdaErrors.requestTooLarge("Request must be smaller than \(Self.maxAsyncPayload) bytes for the InvokeAsync operation")
            }
            try checkJSON(payload)
            enqueue(version, invokedArn: invokedArn, reserved: function.reservedConcurrency, payload: payload, context: context)
            return .structure(["StatusCode": .int(202)])
        default:
            guard payload.count <= Self.maxSyncPayload else {
                throw LambdaErrors.requestTooLarge("Request must be smaller than \(Self.maxSyncPayload) bytes for the Invoke operation")
            }
            try checkJSON(payload)
            // "Invoke": ClientContext is base64 JSON of up to 3,583 bytes, handed to the function's context.
            let clientContext = input["ClientContext"]?.string.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
            let result = try await runner.invoke(version, invokedArn: invokedArn, reserved: function.reservedConcurrency, payload: payload,
                                                 clientContext: clientContext, context: context)
            return .structure([
                "StatusCode": .int(200),
                "FunctionError": result.functionError.map(AWSValue.string),
                "LogResult": input["LogType"]?.string == "Tail" ? .string(result.log.tail) : nil,
                "ExecutedVersion": .string(version.version),
                "Payload": .blob(result.payload),
            ])
        }
    }

    /// Runs an asynchronous invocation in the background: at once, then again after each retry delay while it fails.
    func enqueue(_ version: FunctionVersion, invokedArn: String, reserved: Int?, payload: [UInt8], context: RequestContext) {
        let runner = self.runner
        Task.detached {
            for delay in [Duration.zero] + Self.asyncRetryDelays {
                try? await Task.sleep(for: delay)
                let result = try? await runner.invoke(version, invokedArn: invokedArn, reserved: reserved, payload: payload, context: context)
                if let result, result.functionError == nil { return }
            }
        }
    }

    /// The event must be JSON ("Invoke": InvalidRequestContentException otherwise).
    private func checkJSON(_ payload: [UInt8]) throws {
        if (try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])) == nil {
            throw AWSError("InvalidRequestContentException", "Could not parse request body into json: Could not parse payload into json: Unexpected character: was expecting a JSON value", status: 400)
        }
    }
}
