// AWS Signature Version 4 test-suite vectors, embedded as Swift literals (no resource bundle).
//
// Source: the SigV4 suite as kept in awslabs/aws-c-auth, tests/aws-signing-test-suite/v4/<name>/
// (Apache-2.0): credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z,
// us-east-1, service "service". "header-*" is the Authorization-header variant, "query-*" the presigned
// one; "*-signed-request" is the raw HTTP request with its signature (request line, headers, blank line,
// body). A header line that starts with spaces continues the previous header as another value.
// "-unnormalized" cases are signed without path normalization (S3 rules, s3Style: true).
// The two "botocore-" cases are botocore's copy of the older suite (boto/botocore
// tests/unit/auth/aws4_testsuite get-space / get-utf8; 20110909, service "host", Date header, wire path
// already percent-encoded); their request file is rebuilt from the .creq and .authz.
//
// Adjustments, each checked against the published signature:
// - canonical requests / strings to sign of an older revision than the signed request are left out;
// - get-vanilla-with-session-token (query): upstream repeats X-Amz-Security-Token after X-Amz-Signature
//   (appended after signing); the repeat is dropped;
// - post-x-www-form-urlencoded(-parameters) (query): upstream signs x-amz-content-sha256 without sending
//   it; the header is added to the request.

import Testing

struct SigV4SuiteVector: Sendable, CustomTestStringConvertible {
    let name: String
    /// false: S3 rules (no path normalization, single encoding).
    let normalize: Bool
    var headerSignedRequest: String? = nil
    var headerCanonicalRequest: String? = nil
    var headerStringToSign: String? = nil
    var querySignedRequest: String? = nil
    var queryCanonicalRequest: String? = nil
    var queryStringToSign: String? = nil

    var testDescription: String { name }
}

enum SigV4SuiteVectors {
    static let all: [SigV4SuiteVector] = [
        SigV4SuiteVector(
            name: "botocore-get-space",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /%20/foo HTTP/1.1\n",
                    "Date:Mon, 09 Sep 2011 23:36:00 GMT\n",
                    "Host:host.foo.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/host/aws4_request, SignedHeaders=date;host, Signature=2be9e587d1ee1f0fd02128724b86b4358ba3630d39f493b6e06610a19a50779e\n",
                    "\n",
                ].joined(),
            headerCanonicalRequest:
                [
                    "GET\n",
                    "/%2520/foo\n",
                    "\n",
                    "date:Mon, 09 Sep 2011 23:36:00 GMT\n",
                    "host:host.foo.com\n",
                    "\n",
                    "date;host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined(),
            headerStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20110909T233600Z\n",
                    "20110909/us-east-1/host/aws4_request\n",
                    "35975885599128f8963ce9be7219598b2b5a344321bae304529556c891e9e6ba",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "botocore-get-utf8",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /%E1%88%B4 HTTP/1.1\n",
                    "Date:Mon, 09 Sep 2011 23:36:00 GMT\n",
                    "Host:host.foo.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/host/aws4_request, SignedHeaders=date;host, Signature=57b1eb3df3b16a8479c0097b66c0b261cfd65b829419a3f2c3d05319722490b8\n",
                    "\n",
                ].joined(),
            headerCanonicalRequest:
                [
                    "GET\n",
                    "/%25E1%2588%25B4\n",
                    "\n",
                    "date:Mon, 09 Sep 2011 23:36:00 GMT\n",
                    "host:host.foo.com\n",
                    "\n",
                    "date;host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined(),
            headerStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20110909T233600Z\n",
                    "20110909/us-east-1/host/aws4_request\n",
                    "47f4456c465167f4db3490a68903fe057412e6e030de38f71d9006467eb4922a",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-header-key-duplicate",
            normalize: true,
            headerSignedRequest:
                [
                    "GET / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:value2\n",
                    "My-Header1:value2\n",
                    "My-Header1:value1\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1&X-Amz-Signature=aed110578ec50d63e187183adef6b400e35825f075bd7bf3514303355ea8a3a7 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:value2\n",
                    "My-Header1:value2\n",
                    "My-Header1:value1\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1\n",
                    "host:example.amazonaws.com\n",
                    "my-header1:value2,value2,value1\n",
                    "\n",
                    "host;my-header1\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined(),
            queryStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20150830T123600Z\n",
                    "20150830/us-east-1/service/aws4_request\n",
                    "f886b1c161d47c16ca226b43daafb78d40e6d6a3c10a8fd89695498e2724ef70",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-header-value-multiline",
            normalize: true,
            headerSignedRequest:
                [
                    "GET / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:value1\n",
                    "  value2\n",
                    "     value3\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1&X-Amz-Expires=3600&X-Amz-Signature=07f38a7bae261a5b2eec137361e6403c191bbf8e3f75466bb8114a08acd99936 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:value1\n",
                    "  value2\n",
                    "     value3\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host%3Bmy-header1\n",
                    "host:example.amazonaws.com\n",
                    "my-header1:value1,value2,value3\n",
                    "\n",
                    "host;my-header1\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined(),
            queryStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20150830T123600Z\n",
                    "20150830/us-east-1/service/aws4_request\n",
                    "6053ce005c5b805dd7bde2fd4c4ed6c54852b2157f3f9e57d39997dd3c36b0c4",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-header-value-order",
            normalize: true,
            headerSignedRequest:
                [
                    "GET / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:value4\n",
                    "My-Header1:value1\n",
                    "My-Header1:value3\n",
                    "My-Header1:value2\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1&X-Amz-Signature=cbf1dbd78c9e4b545482af8403dc88d0f6b3b0517dcfd6380ac0b98c04407b17 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:value4\n",
                    "My-Header1:value1\n",
                    "My-Header1:value3\n",
                    "My-Header1:value2\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1\n",
                    "host:example.amazonaws.com\n",
                    "my-header1:value4,value1,value3,value2\n",
                    "\n",
                    "host;my-header1\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined(),
            queryStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20150830T123600Z\n",
                    "20150830/us-east-1/service/aws4_request\n",
                    "895053d07ef0b71f0c4ea72ab766a2a179f32604f9e3b36657157f7e191d058c",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-header-value-trim",
            normalize: true,
            headerSignedRequest:
                [
                    "GET / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1: value1\n",
                    "My-Header2: \"a   b   c\"\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1%3Bmy-header2&X-Amz-Signature=437aef474be68d1c09b56053015ccaf0a10518a70bc04b7f76260f98b0ab3c56 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1: value1\n",
                    "My-Header2: \"a   b   c\"\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1%3Bmy-header2\n",
                    "host:example.amazonaws.com\n",
                    "my-header1:value1\n",
                    "my-header2:\"a b c\"\n",
                    "\n",
                    "host;my-header1;my-header2\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-relative-normalized",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /example/.. HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /example/..?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-relative-relative-normalized",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /example1/example2/../.. HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /example1/example2/../..?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-relative-relative-unnormalized",
            normalize: false,
            headerSignedRequest:
                [
                    "GET /example1/example2/../.. HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=dc33e0856fd4baca4d7aa2146c38958283844764f38c74252a333df5e613003b\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /example1/example2/../..?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=df5c6e827cc5d3a8ad05c9ebca9924f2971f7b7ba45b1a987aac30558497fb2e HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/example1/example2/../..\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-relative-unnormalized",
            normalize: false,
            headerSignedRequest:
                [
                    "GET /example/.. HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /example/..?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=403a86d12bea5e716f2afa3384bb5297f220b0e983403269ac7dbbdb82ab94e0 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/example/..\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-slash-dot-slash-normalized",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /./ HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /./?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=359fe211d8c9b77c4c7ceb160481b42da4e09ab0092be54d8a8d210d1fff9a6d HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-slash-dot-slash-unnormalized",
            normalize: false,
            headerSignedRequest:
                [
                    "GET /./ HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=68714168e6557f8f2de0ef956fc24dc2593a4bd2961f8df51898d8a134695145\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /./?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=aa1bdd0d64bd7b36d8e109fd69b76c3a8450b602bfd66c2b10c80e53051be868 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/./\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-slash-normalized",
            normalize: true,
            headerSignedRequest:
                [
                    "GET // HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET //?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-slash-pointless-dot-normalized",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /./example HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /./example?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=6599a6a497dc45308392240cfed8a3603a94dceb1d6d11f3428a3dae68d62d7c HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/example\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-slash-pointless-dot-unnormalized",
            normalize: false,
            headerSignedRequest:
                [
                    "GET /./example HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=beb03f223f7deae4146464f06e29eebbee9c8afbe15c290cf07aa8b119e14cff\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /./example?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=050011029f34ff1bf0f9f7070ed9aae6887220cb4f2a6c335700d85331d60ba6 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/./example\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-slash-unnormalized",
            normalize: false,
            headerSignedRequest:
                [
                    "GET // HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=c88bcd3d312d75078c0cd961d6deae3f4c754924b01669efcfcb439fd5e5b76e\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET //?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=aafad56d137886bf0d2b7ee0e86a6c7140336a888f8020c80edafb77b4b76263 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "//\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-slashes-normalized",
            normalize: true,
            headerSignedRequest:
                [
                    "GET //example// HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET //example//?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=4a93cc9801ccd286d732b99f2779cded3f2d80d3829857000be3f83ff6ed2e84 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/example/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-slashes-unnormalized",
            normalize: false,
            headerSignedRequest:
                [
                    "GET //example// HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET //example//?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=ed7e25d3f04cd9dfc648c40ce5d9a03022f9047038a4c0273ed32db6d805e820 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "//example//\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-space-normalized",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /example space/ HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /example space/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=7a1f416954786484c9824d93c1f26ef64acb9b1b6c9154d08c9f07d0e394abf6 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-space-unnormalized",
            normalize: false,
            headerSignedRequest:
                [
                    "GET /example space/ HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /example space/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=df2538a2f0e3833e12597dc3955a6a4545255907051db5a7c6e22550c4ddc380 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20150830T123600Z\n",
                    "20150830/us-east-1/service/aws4_request\n",
                    "0be2b2c2895feb348ad737286bb3d0123acadfe51b93d94e75e3a7b0977f16cf",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-unreserved",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=704aa8df10c9b3b96a9be46c0e16e6b111e71e31ddf96a4aefc12e198ac90a37 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-utf8",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /\u{1234} HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /\u{1234}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=4d600c0c344da828bbb1a71b2174e7be3c95d726293e6c4979fd5816730dd99d HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/%E1%88%B4\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-vanilla-empty-query-key",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /?Param1=value1 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=3ab70cf2711d023bdeef6c7c3dbcfdeec5b826dc4257276cea3d5773f33c2e08 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/\n",
                    "Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-vanilla-query",
            normalize: true,
            headerSignedRequest:
                [
                    "GET / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-vanilla-query-order-encoded",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?Param-3=Value3&Param=Value2&%E1%88%B4=Value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=c5f1848ceec943ac2ca68ee720460c23aaae30a2300586597ada94c4a65e4787 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-vanilla-query-order-key-case",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /?Param2=value2&Param1=value1 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?Param2=value2&Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=99fe619ddc7883a0738f7e90dc36a30badef2b551412ad283fd7338128bc73ac HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/\n",
                    "Param1=value1&Param2=value2&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-vanilla-query-unreserved",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=7c81fc3287ef0d38eae1d9ed8d84da9764b6aa18fbb26254e299608759ca65ba HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "GET\n",
                    "/\n",
                    "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\n",
                    "host:example.amazonaws.com\n",
                    "\n",
                    "host\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-vanilla-utf8-query",
            normalize: true,
            headerSignedRequest:
                [
                    "GET /?\u{1234}=bar HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?\u{1234}=bar&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=0bdd809b1519ac4f0c1dc3540e2cc46bd0c7f778eda408b2ebf3b913d21ff600 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "get-vanilla-with-session-token",
            normalize: true,
            headerSignedRequest:
                [
                    "GET / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "X-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Security-Token=6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267&X-Amz-Signature=7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-header-key-sort",
            normalize: true,
            headerSignedRequest:
                [
                    "POST / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:value1\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1&X-Amz-Signature=97909fb29c7ca63be95c91cafef33776de41196bddce643864a32d97da915945 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:value1\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "POST\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1\n",
                    "host:example.amazonaws.com\n",
                    "my-header1:value1\n",
                    "\n",
                    "host;my-header1\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-header-value-case",
            normalize: true,
            headerSignedRequest:
                [
                    "POST / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:VALUE1\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1&X-Amz-Signature=4216acabfea8ce782d03673809b3c137066f4253fed335fa5502f34cdfc911aa HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "My-Header1:VALUE1\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "POST\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bmy-header1\n",
                    "host:example.amazonaws.com\n",
                    "my-header1:VALUE1\n",
                    "\n",
                    "host;my-header1\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-sts-header-after",
            normalize: true,
            headerSignedRequest:
                [
                    "POST / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-sts-header-before",
            normalize: true,
            headerSignedRequest:
                [
                    "POST / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Security-Token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bx-amz-security-token&X-Amz-Expires=3600&X-Amz-Signature=aca67b49ed321f377645504bccbd5a65f9085c536ff1961bc49c835d30827b16 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Security-Token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryCanonicalRequest:
                [
                    "POST\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host%3Bx-amz-security-token\n",
                    "host:example.amazonaws.com\n",
                    "x-amz-security-token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==\n",
                    "\n",
                    "host;x-amz-security-token\n",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-vanilla",
            normalize: true,
            headerSignedRequest:
                [
                    "POST / HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=caa296951ae2b86ffa8f57409a77f0eb49851df8716956a88b813521755ce29c HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            queryStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20150830T123600Z\n",
                    "20150830/us-east-1/service/aws4_request\n",
                    "bd1b3e0794b826cf2e184c303fcd2b287ed51f5a06174a27ee879dd136e0b85f",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-vanilla-empty-query-value",
            normalize: true,
            querySignedRequest:
                [
                    "POST /?Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=a9ef26247f293bffe40eeff86a0480ba8c14d31503b2e0c3399e3a16bf1a3682 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-vanilla-query",
            normalize: true,
            headerSignedRequest:
                [
                    "POST /?Param1=value1 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined(),
            querySignedRequest:
                [
                    "POST /?Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=3db81c23f61a113c20a450ddd23cd505339301826c402790ceaa9490520fb718 HTTP/1.1\n",
                    "Host:example.amazonaws.com\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-x-www-form-urlencoded",
            normalize: true,
            headerSignedRequest:
                [
                    "POST / HTTP/1.1\n",
                    "Content-Type:application/x-www-form-urlencoded\n",
                    "Host:example.amazonaws.com\n",
                    "Content-Length:13\n",
                    "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                    "Param1=value1",
                ].joined(),
            querySignedRequest:
                [
                    "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bx-amz-content-sha256&X-Amz-Expires=3600&X-Amz-Signature=c2348f57d08c84939944d6c878b3f7be56316f8e7fd6817e81eded279a362d69 HTTP/1.1\n",
                    "Content-Type:application/x-www-form-urlencoded\n",
                    "Host:example.amazonaws.com\n",
                    "Content-Length:13\n",
                    "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                    "Param1=value1",
                ].joined(),
            queryCanonicalRequest:
                [
                    "POST\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bx-amz-content-sha256\n",
                    "content-length:13\n",
                    "content-type:application/x-www-form-urlencoded\n",
                    "host:example.amazonaws.com\n",
                    "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n",
                    "\n",
                    "content-length;content-type;host;x-amz-content-sha256\n",
                    "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
                ].joined(),
            queryStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20150830T123600Z\n",
                    "20150830/us-east-1/service/aws4_request\n",
                    "93ef6c9c66ebd13b0c6820c0464c78f8e1ab050af24494e5322cde3f7067e5ed",
                ].joined()
        ),
        SigV4SuiteVector(
            name: "post-x-www-form-urlencoded-parameters",
            normalize: true,
            headerSignedRequest:
                [
                    "POST / HTTP/1.1\n",
                    "Content-Type:application/x-www-form-urlencoded; charset=utf-8\n",
                    "Host:example.amazonaws.com\n",
                    "Content-Length:13\n",
                    "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n",
                    "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                    "Param1=value1",
                ].joined(),
            querySignedRequest:
                [
                    "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bx-amz-content-sha256&X-Amz-Expires=3600&X-Amz-Signature=1b8d9ac4ab8553a224622753bae7714608a7c61f8994dbd385150e6da12114df HTTP/1.1\n",
                    "Content-Type:application/x-www-form-urlencoded; charset=utf-8\n",
                    "Host:example.amazonaws.com\n",
                    "Content-Length:13\n",
                    "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n",
                    "X-Amz-Date:20150830T123600Z\n",
                    "\n",
                    "Param1=value1",
                ].joined(),
            queryCanonicalRequest:
                [
                    "POST\n",
                    "/\n",
                    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bx-amz-content-sha256\n",
                    "content-length:13\n",
                    "content-type:application/x-www-form-urlencoded; charset=utf-8\n",
                    "host:example.amazonaws.com\n",
                    "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n",
                    "\n",
                    "content-length;content-type;host;x-amz-content-sha256\n",
                    "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
                ].joined(),
            queryStringToSign:
                [
                    "AWS4-HMAC-SHA256\n",
                    "20150830T123600Z\n",
                    "20150830/us-east-1/service/aws4_request\n",
                    "85c9808555086a3183cd6ebf7579c72e22ea7905670f7ec97f284793b2fc9836",
                ].joined()
        ),
    ]
}
