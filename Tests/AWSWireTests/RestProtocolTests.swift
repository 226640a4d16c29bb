import Foundation
import Testing
@testable import AWSWire

/// `rest-json` (Lambda) and `rest-xml` (S3): operations found by method and path, members in URI, query, headers and body.
@Suite struct RestProtocolTests {
    let lambda = try! ModelRegistry.shared.model("lambda")
    let s3 = try! ModelRegistry.shared.model("s3")

    func request(_ method: String, _ path: String, query: String = "", headers: [(String, String)] = [], body: String = "") -> WireRequest {
        WireRequest(method: method, rawPath: path, rawQuery: query, headers: headers.map { ($0.0, $0.1) }, body: Array(body.utf8), host: "localhost")
    }

    @Test func lambdaRoutesByPathAndMethod() throws {
        let codec = WireCodec(model: lambda)
        #expect(try codec.operation(for: request("GET", "/2015-03-31/functions/f1")).name == "GetFunction")
        #expect(try codec.operation(for: request("GET", "/2015-03-31/functions/f1/configuration")).name == "GetFunctionConfiguration")
        #expect(try codec.operation(for: request("POST", "/2015-03-31/functions/f1/invocations")).name == "Invoke")
        #expect(try codec.operation(for: request("GET", "/2015-03-31/functions/")).name == "ListFunctions")
        #expect(throws: WireFault.self) { try codec.operation(for: request("PATCH", "/nothing/here")) }
    }

    @Test func lambdaInvokeBindsLabelsHeadersAndBlobPayload() throws {
        let codec = WireCodec(model: lambda)
        let req = request("POST", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations", query: "Qualifier=v1",
                          headers: [("X-Amz-Invocation-Type", "Event"), ("X-Amz-Log-Type", "Tail")], body: #"{"a":1}"#)
        let input = try codec.decodeInput(req, operation: codec.operation(for: req))
        #expect(input["FunctionName"] == "arn:aws:lambda:us-east-1:1:function:f")
        #expect(input["Qualifier"] == "v1")
        #expect(input["InvocationType"] == "Event")
        #expect(input["Payload"] == .blob(Array(#"{"a":1}"#.utf8)))
    }

    @Test func lambdaJSONBodyAndOutputStatus() throws {
        let codec = WireCodec(model: lambda)
        let req = request("POST", "/2015-03-31/functions", body: #"{"FunctionName":"f","Runtime":"python3.12","Role":"arn:aws:iam::1:role/r","Handler":"h.main","Code":{"ZipFile":"UEsDBA=="},"Timeout":30}"#)
        let op = try codec.operation(for: req)
        #expect(op.name == "CreateFunction")
        let input = try codec.decodeInput(req, operation: op)
        #expect(input["Timeout"] == .integer(30))
        #expect(input["Code"]?["ZipFile"] == .blob([0x50, 0x4B, 0x03, 0x04]))
        let response = codec.encodeOutput(["FunctionName": "f", "Timeout": .integer(30)], operation: op, requestId: "r")
        #expect(response.status == 201)
        #expect(try JSONValue.parse(response.body) == .object(["FunctionName": .string("f"), "Timeout": .int(30)]))
    }

    @Test func invokeOutputPutsStatusAndHeaders() throws {
        let codec = WireCodec(model: lambda)
        let op = lambda.operations["Invoke"]!
        let response = codec.encodeOutput(["StatusCode": .integer(200), "FunctionError": "Unhandled", "Payload": .blob(Array("{}".utf8))], operation: op, requestId: "r")
        #expect(response.status == 200)
        #expect(response.headers.contains { $0 == ("X-Amz-Function-Error", "Unhandled") })
        #expect(response.body == Array("{}".utf8))
    }

    @Test func s3DistinguishesOperationsSharingAPath() throws {
        let codec = WireCodec(model: s3)
        #expect(try codec.operation(for: request("PUT", "/bucket/key.txt")).name == "PutObject")
        #expect(try codec.operation(for: request("PUT", "/bucket/key.txt", query: "partNumber=1&uploadId=u")).name == "UploadPart")
        #expect(try codec.operation(for: request("PUT", "/bucket/key.txt", query: "partNumber=1&uploadId=u", headers: [("x-amz-copy-source", "/b/k")])).name == "UploadPartCopy")
        #expect(try codec.operation(for: request("PUT", "/bucket/key.txt", headers: [("x-amz-copy-source", "/b/k")])).name == "CopyObject")
        #expect(try codec.operation(for: request("POST", "/bucket/key.txt", query: "uploads")).name == "CreateMultipartUpload")
        #expect(try codec.operation(for: request("GET", "/bucket", query: "list-type=2")).name == "ListObjectsV2")
        #expect(try codec.operation(for: request("GET", "/bucket/")).name == "ListObjects")
        #expect(try codec.operation(for: request("GET", "/")).name == "ListBuckets")
        #expect(try codec.operation(for: request("PUT", "/bucket")).name == "CreateBucket")
        #expect(try codec.operation(for: request("PUT", "/bucket", query: "policy")).name == "PutBucketPolicy")
        // A query literal names the operation even when a required member is missing (validation then says so); where
        // two share the literal, the one whose required members are all there wins.
        #expect(try codec.operation(for: request("PUT", "/bucket", query: "metrics")).name == "PutBucketMetricsConfiguration")
        #expect(try codec.operation(for: request("GET", "/bucket", query: "metrics")).name == "ListBucketMetricsConfigurations")
        #expect(try codec.operation(for: request("GET", "/bucket", query: "metrics&id=a")).name == "GetBucketMetricsConfiguration")
    }

    @Test func s3XMLPayloadAndMetadataHeaders() throws {
        let codec = WireCodec(model: s3)
        let body = #"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"#
        let req = request("PUT", "/my-bucket", headers: [("x-amz-acl", "private")], body: body)
        let input = try codec.decodeInput(req, operation: codec.operation(for: req))
        #expect(input["Bucket"] == "my-bucket")
        #expect(input["ACL"] == "private")
        #expect(input["CreateBucketConfiguration"] == ["LocationConstraint": "eu-west-1"])

        let put = request("PUT", "/b/dir/a%20b.txt", headers: [("x-amz-meta-color", "blue"), ("Content-Type", "text/plain")], body: "hello")
        let putInput = try codec.decodeInput(put, operation: codec.operation(for: put))
        #expect(putInput["Key"] == "dir/a b.txt")
        #expect(putInput["Metadata"] == ["color": "blue"])
        #expect(putInput["Body"] == .blob(Array("hello".utf8)))
    }

    @Test func s3MalformedXMLIsAnError() throws {
        let codec = WireCodec(model: s3)
        let req = request("PUT", "/my-bucket", body: "<CreateBucketConfiguration><Loc")
        #expect(throws: WireFault.self) { try codec.decodeInput(req, operation: codec.operation(for: req)) }
        #expect(WireFault.malformedBody("x").error(in: .restXML).code == "MalformedXML")
    }

    @Test func s3OutputXMLAndErrors() throws {
        let codec = WireCodec(model: s3)
        let op = s3.operations["ListBuckets"]!
        let output: AWSValue = ["Buckets": [["Name": "b1", "CreationDate": .timestamp(Date(timeIntervalSince1970: 1_700_000_000))]], "Owner": ["ID": "abc"]]
        let response = codec.encodeOutput(output, operation: op, requestId: "r")
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("<Buckets><Bucket><Name>b1</Name><CreationDate>2023-11-14T22:13:20.000Z</CreationDate></Bucket></Buckets>"))
        let back = try XMLInputDecoder(model: s3).read(XMLNode.parse(response.body), shape: s3.outputShape(of: op)!, path: "")
        #expect(back == output)
        let error = codec.encodeError(AWSError("NoSuchBucket", "The specified bucket does not exist", status: 404, fields: [("BucketName", "b")]), requestId: "R")
        #expect(error.status == 404)
        #expect(String(decoding: error.body, as: UTF8.self).contains("<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>b</BucketName><RequestId>R</RequestId>"))
        #expect(error.headers.contains { $0.name == "x-amz-request-id" && $0.value == "R" })
    }

    @Test func headOutputHeaders() throws {
        let codec = WireCodec(model: s3)
        let op = s3.operations["HeadObject"]!
        let response = codec.encodeOutput(["ContentLength": .integer(5), "ETag": "\"abc\"", "LastModified": .timestamp(Date(timeIntervalSince1970: 0)), "Metadata": ["k": "v"]], operation: op, requestId: "r")
        #expect(response.headers.contains { $0 == ("Content-Length", "5") })
        #expect(response.headers.contains { $0 == ("Last-Modified", "Thu, 01 Jan 1970 00:00:00 GMT") })
        #expect(response.headers.contains { $0 == ("x-amz-meta-k", "v") })
    }
}
