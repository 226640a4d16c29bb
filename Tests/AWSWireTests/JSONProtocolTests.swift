import Foundation
import Testing
@testable import AWSWire

/// The `json` protocol (X-Amz-Target and a JSON body), with Organizations, Logs and SSM.
@Suite struct JSONProtocolTests {
    let logs = try! ModelRegistry.shared.model("logs")

    func request(_ target: String, _ body: String) -> WireRequest {
        WireRequest(method: "POST", rawPath: "/", rawQuery: "", headers: [("X-Amz-Target", target), ("Content-Type", "application/x-amz-json-1.1")],
                    body: Array(body.utf8), host: "localhost")
    }

    @Test func decodesByTarget() throws {
        let codec = WireCodec(model: logs)
        let req = request("Logs_20140328.PutLogEvents", #"{"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1700000000000,"message":"hi"}]}"#)
        let op = try codec.operation(for: req)
        #expect(op.name == "PutLogEvents")
        let input = try codec.decodeInput(req, operation: op)
        #expect(input["logEvents"] == [["timestamp": .integer(1_700_000_000_000), "message": "hi"]])
    }

    @Test func wrongTypesAreSerializationErrors() throws {
        let codec = WireCodec(model: logs)
        let req = request("Logs_20140328.CreateLogGroup", #"{"logGroupName":5}"#)
        #expect(throws: WireFault.self) { try codec.decodeInput(req, operation: codec.operation(for: req)) }
        let bad = request("Logs_20140328.CreateLogGroup", #"{"logGroupName":"#)
        #expect(throws: WireFault.self) { try codec.decodeInput(bad, operation: codec.operation(for: bad)) }
        #expect(WireFault.malformedBody("x").error(in: .json).code == "SerializationException")
    }

    @Test func unknownTarget() {
        let codec = WireCodec(model: logs)
        #expect(throws: WireFault.self) { try codec.operation(for: request("Logs_20140328.Nope", "{}")) }
        #expect(WireFault.unknownOperation("x", version: "").error(in: .json).code == "UnknownOperationException")
    }

    @Test func validationMessagesFollowAWS() throws {
        let codec = WireCodec(model: logs)
        let req = request("Logs_20140328.CreateLogGroup", #"{"logGroupName":""}"#)
        let op = try codec.operation(for: req)
        let input = try codec.decodeInput(req, operation: op)
        do {
            try InputValidator(model: logs).validate(input, operation: op)
            Issue.record("expected a validation error")
        } catch {
            let aws = error.error(in: .json)
            #expect(aws.code == "ValidationException")
            #expect(aws.message == "1 validation error detected: Value '' at 'logGroupName' failed to satisfy constraint: Member must have length greater than or equal to 1")
        }
    }

    @Test func outputRoundTrips() throws {
        let codec = WireCodec(model: logs)
        let op = logs.operations["DescribeLogGroups"]!
        let output: AWSValue = ["logGroups": [["logGroupName": "/aws/lambda/f", "creationTime": .integer(1_700_000_000_000), "retentionInDays": .integer(7)]], "nextToken": "n"]
        let response = codec.encodeOutput(output, operation: op, requestId: "r")
        #expect(response.headers.contains { $0 == ("Content-Type", "application/x-amz-json-1.1") })
        let back = try JSONShapeCodec(model: logs).read(JSONValue.parse(response.body), shape: logs.outputShape(of: op)!, path: "")
        #expect(back == output)
    }

    @Test func errorBody() throws {
        let response = WireCodec(model: logs).encodeError(AWSError("ResourceNotFoundException", "The specified log group does not exist."), requestId: "r")
        #expect(try JSONValue.parse(response.body) == .object(["__type": .string("ResourceNotFoundException"), "message": .string("The specified log group does not exist.")]))
    }
}
