import Foundation
import Testing
@testable import AWSWire

/// The `query` protocol ("Query API request" pages of IAM and STS): form parameters in, XML out.
@Suite struct QueryProtocolTests {
    let iam = try! ModelRegistry.shared.model("iam")

    func request(_ body: String) -> WireRequest {
        WireRequest(method: "POST", rawPath: "/", rawQuery: "",
                    headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: Array(body.utf8), host: "localhost")
    }

    @Test func decodesMembersListsOfStructuresAndScalars() throws {
        let codec = WireCodec(model: iam)
        let req = request("Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fteam%2F&Tags.member.1.Key=env&Tags.member.1.Value=dev&Tags.member.2.Key=k2&Tags.member.2.Value=v%202")
        let op = try codec.operation(for: req)
        #expect(op.name == "CreateUser")
        let input = try codec.decodeInput(req, operation: op)
        #expect(input["UserName"] == "alice")
        #expect(input["Path"] == "/team/")
        #expect(input["Tags"] == [["Key": "env", "Value": "dev"], ["Key": "k2", "Value": "v 2"]])
    }

    @Test func decodesIntegersAndRefusesNonNumbers() throws {
        let codec = WireCodec(model: iam)
        let ok = request("Action=ListUsers&Version=2010-05-08&MaxItems=10")
        #expect(try codec.decodeInput(ok, operation: codec.operation(for: ok))["MaxItems"] == .integer(10))
        let bad = request("Action=ListUsers&Version=2010-05-08&MaxItems=ten")
        #expect(throws: WireFault.self) { try codec.decodeInput(bad, operation: codec.operation(for: bad)) }
    }

    @Test func emptyListParameterIsAnEmptyList() throws {
        let codec = WireCodec(model: iam)
        let req = request("Action=CreateUser&Version=2010-05-08&UserName=a&Tags=")
        #expect(try codec.decodeInput(req, operation: codec.operation(for: req))["Tags"] == .list([]))
    }

    @Test func unknownAndMissingActions() {
        let codec = WireCodec(model: iam)
        #expect(throws: WireFault.unknownOperation("Nope", version: "2010-05-08")) { try codec.operation(for: request("Action=Nope&Version=2010-05-08")) }
        #expect(throws: WireFault.missingAction) { try codec.operation(for: request("Version=2010-05-08")) }
        let error = WireFault.unknownOperation("Nope", version: "2010-05-08").error(in: .query)
        #expect(error.code == "InvalidAction")
    }

    @Test func outputRoundTripsThroughXML() throws {
        let codec = WireCodec(model: iam)
        let op = iam.operations["ListUsers"]!
        let created = Date(timeIntervalSince1970: 1_700_000_000.25)
        let output: AWSValue = [
            "Users": [["Path": "/", "UserName": "alice", "UserId": "AIDAEXAMPLE", "Arn": "arn:aws:iam::1:user/alice",
                       "CreateDate": .timestamp(created), "Tags": [["Key": "a&b", "Value": "<x>"]]]],
            "IsTruncated": true, "Marker": "m1",
        ]
        let response = codec.encodeOutput(output, operation: op, requestId: "req-1")
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.hasPrefix("<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListUsersResult>"))
        #expect(text.contains("<Users><member><Path>/</Path><UserName>alice</UserName>"))
        #expect(text.contains("<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"))
        #expect(text.contains("a&amp;b"))
        let root = try XMLNode.parse(response.body)
        let result = try #require(root.children(named: "ListUsersResult").first)
        let back = try XMLInputDecoder(model: iam).read(result, shape: iam.outputShape(of: op)!, path: "")
        #expect(back == output)
    }

    @Test func errorsHaveQueryShape() {
        let response = WireCodec(model: iam).encodeError(AWSError("NoSuchEntity", "no"), requestId: "r")
        #expect(response.status == 404)
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>no</Message></Error><RequestId>r</RequestId></ErrorResponse>"))
    }
}
