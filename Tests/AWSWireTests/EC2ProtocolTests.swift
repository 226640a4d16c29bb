import Foundation
import Testing
@testable import AWSWire

/// The `ec2` protocol ("Making API requests using the Query format", EC2 API Reference).
@Suite struct EC2ProtocolTests {
    let ec2 = try! ModelRegistry.shared.model("ec2")

    func request(_ body: String) -> WireRequest {
        WireRequest(method: "POST", rawPath: "/", rawQuery: "", headers: [("content-type", "application/x-www-form-urlencoded")],
                    body: Array(body.utf8), host: "localhost")
    }

    @Test func decodesFiltersAndIndexedLists() throws {
        let codec = WireCodec(model: ec2)
        let req = request("Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1&VpcId.2=vpc-2&Filter.1.Name=tag%3AName&Filter.1.Value.1=web&Filter.1.Value.2=db&MaxResults=5&DryRun=false")
        let input = try codec.decodeInput(req, operation: codec.operation(for: req))
        #expect(input["VpcIds"] == ["vpc-1", "vpc-2"])
        #expect(input["Filters"] == [["Name": "tag:Name", "Values": ["web", "db"]]])
        #expect(input["MaxResults"] == .integer(5))
        #expect(input["DryRun"] == false)
    }

    @Test func listPositionsAreNumericNotLexical() throws {
        let codec = WireCodec(model: ec2)
        let params = (1...12).map { "VpcId.\($0)=vpc-\($0)" }.joined(separator: "&")
        let req = request("Action=DescribeVpcs&Version=2016-11-15&" + params)
        let input = try codec.decodeInput(req, operation: codec.operation(for: req))
        #expect(input["VpcIds"]?.strings == (1...12).map { "vpc-\($0)" })
    }

    @Test func outputUsesLocationNamesAndItems() throws {
        let codec = WireCodec(model: ec2)
        let op = ec2.operations["DescribeRegions"]!
        let output: AWSValue = ["Regions": [["RegionName": "us-east-1", "Endpoint": "ec2.us-east-1.amazonaws.com", "OptInStatus": "opt-in-not-required"]]]
        let response = codec.encodeOutput(output, operation: op, requestId: "r1")
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("<DescribeRegionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\"><requestId>r1</requestId><regionInfo><item><optInStatus>opt-in-not-required</optInStatus><regionName>us-east-1</regionName>"))
        let back = try XMLInputDecoder(model: ec2).read(XMLNode.parse(response.body), shape: ec2.outputShape(of: op)!, path: "")
        #expect(back == output)
    }

    @Test func errorsHaveEC2Shape() {
        let response = WireCodec(model: ec2).encodeError(AWSError("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist"), requestId: "r")
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID &apos;vpc-1&apos; does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>") || text.contains("<Code>InvalidVpcID.NotFound</Code>"))
        #expect(response.status == 400)
    }

    @Test func unknownParametersAreRefused() throws {
        let codec = WireCodec(model: ec2)
        let req = request("Action=DescribeVpcs&Version=2016-11-15&VpcIds.1=vpc-1")
        #expect(throws: WireFault.unknownParameter("VpcIds")) { try codec.decodeInput(req, operation: codec.operation(for: req)) }
        #expect(WireFault.unknownParameter("VpcIds").error(in: .ec2).code == "UnknownParameter")
    }

    @Test func missingRequiredIsMissingParameter() throws {
        let codec = WireCodec(model: ec2)
        let req = request("Action=RunInstances&Version=2016-11-15&ImageId=ami-1")
        let op = try codec.operation(for: req)
        let input = try codec.decodeInput(req, operation: op)
        #expect(throws: WireFault.missingParameter("MaxCount")) { try InputValidator(model: ec2).validate(input, operation: op) }
        #expect(WireFault.missingParameter("MaxCount").error(in: .ec2).code == "MissingParameter")
    }
}
