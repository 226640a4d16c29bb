import Foundation
import Testing
@testable import PolicyEngine

/// "IAM JSON policy elements: Condition operators", "IAM JSON policy elements: Condition",
/// "Multivalued context keys" (set operators).
@Suite struct ConditionTests {
    // String condition operators.
    @Test func stringEquals() {
        let c = #"{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}"#
        #expect(conditionHolds(c, ["aws:PrincipalTag/job-category": "iamuser-admin"]))
        #expect(!conditionHolds(c, ["aws:PrincipalTag/job-category": "IAMUSER-ADMIN"]))
        // "If the key that you specify in a policy condition is not present in the request context, the
        // values do not match and the condition is false."
        #expect(!conditionHolds(c, [:]))
        // Several values for one key are ORed.
        let any = #"{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}"#
        #expect(conditionHolds(any, ["aws:RequestedRegion": "eu-west-1"]))
        #expect(!conditionHolds(any, ["aws:RequestedRegion": "ap-south-1"]))
    }

    // "IAM JSON policy elements: Condition": "Condition key names are not case-sensitive" — values are.
    @Test func keyNamesIgnoreCase() {
        #expect(conditionHolds(#"{"StringEquals":{"aws:username":"johndoe"}}"#, ["AWS:UserName": "johndoe"]))
        #expect(conditionHolds(#"{"StringEquals":{"AWS:SOURCEVPC":"vpc-1"}}"#, ["aws:SourceVpc": "vpc-1"]))
        #expect(!conditionHolds(#"{"StringEquals":{"aws:username":"johndoe"}}"#, ["aws:username": "JohnDoe"]))
        #expect(conditionHolds(#"{"StringEqualsIgnoreCase":{"aws:username":"johndoe"}}"#, ["aws:username": "JohnDoe"]))
    }

    // "StringNotEquals: Negated matching" — with several values, none may match; a missing key is true.
    @Test func stringNotEquals() {
        let c = #"{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","us-west-2"]}}"#
        #expect(conditionHolds(c, ["aws:RequestedRegion": "eu-west-1"]))
        #expect(!conditionHolds(c, ["aws:RequestedRegion": "us-east-1"]))
        #expect(!conditionHolds(c, ["aws:RequestedRegion": "us-west-2"]))
        // "If the policy condition requires that the key is not matched, such as StringNotLike or
        // ArnNotLike, and the right key is not present, the condition is true."
        #expect(conditionHolds(c, [:]))
    }

    @Test func stringIgnoreCase() {
        let equal = #"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/dept":["Engineering","Ünïcode"]}}"#
        #expect(conditionHolds(equal, ["aws:PrincipalTag/dept": "ENGINEERING"]))
        #expect(conditionHolds(equal, ["aws:PrincipalTag/dept": "ÜNÏCODE"]))
        #expect(!conditionHolds(equal, ["aws:PrincipalTag/dept": "Sales"]))
        let notEqual = #"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/dept":"engineering"}}"#
        #expect(!conditionHolds(notEqual, ["aws:PrincipalTag/dept": "Engineering"]))
        #expect(conditionHolds(notEqual, ["aws:PrincipalTag/dept": "Sales"]))
        #expect(conditionHolds(notEqual, [:]))
        // No wildcards in the IgnoreCase operators.
        #expect(!conditionHolds(#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/dept":"eng*"}}"#, ["aws:PrincipalTag/dept": "Engineering"]))
    }

    // "StringLike: Case-sensitive matching. The values can include multi-character match wildcards (*) and
    // single-character match wildcards (?) anywhere in the string."
    @Test func stringLike() {
        let c = #"{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}"#
        #expect(conditionHolds(c, ["s3:prefix": ""]))
        #expect(conditionHolds(c, ["s3:prefix": "home/"]))
        #expect(conditionHolds(c, ["s3:prefix": "home/alice/docs/a.txt"]))
        #expect(!conditionHolds(c, ["s3:prefix": "home/bob/docs"]))
        #expect(!conditionHolds(c, ["s3:prefix": "Home/alice/x"]))
        let question = #"{"StringLike":{"ec2:InstanceType":["t?.*","m5.*"]}}"#
        #expect(conditionHolds(question, ["ec2:InstanceType": "t2.micro"]))
        #expect(conditionHolds(question, ["ec2:InstanceType": "m5.large"]))
        #expect(!conditionHolds(question, ["ec2:InstanceType": "t10.micro"]))
        let notLike = #"{"StringNotLike":{"ec2:InstanceType":["*.metal","x1*"]}}"#
        #expect(conditionHolds(notLike, ["ec2:InstanceType": "t2.micro"]))
        #expect(!conditionHolds(notLike, ["ec2:InstanceType": "m5.metal"]))
        #expect(!conditionHolds(notLike, ["ec2:InstanceType": "x1e.large"]))
        #expect(conditionHolds(notLike, [:]))
    }

    // Numeric condition operators; "NumericLessThanEquals ... s3:max-keys ... 10".
    @Test func numeric() {
        let c = #"{"NumericLessThanEquals":{"s3:max-keys":"10"}}"#
        #expect(conditionHolds(c, ["s3:max-keys": 10]))
        #expect(conditionHolds(c, ["s3:max-keys": "9"]))
        #expect(conditionHolds(c, ["s3:max-keys": 9.5]))
        #expect(!conditionHolds(c, ["s3:max-keys": "11"]))
        #expect(!conditionHolds(c, [:]))
        #expect(!conditionHolds(c, ["s3:max-keys": "ten"]))
        func holds(_ op: String, _ policy: String, _ request: Double) -> Bool {
            conditionHolds(#"{"\#(op)":{"aws:MultiFactorAuthAge":\#(policy)}}"#, ["aws:MultiFactorAuthAge": .number(request)])
        }
        #expect(holds("NumericEquals", "3600", 3600))
        #expect(holds("NumericEquals", "3600.0", 3600))
        #expect(!holds("NumericEquals", "3600", 3601))
        #expect(holds("NumericNotEquals", "3600", 3601))
        #expect(!holds("NumericNotEquals", "[1,2]", 2))
        #expect(holds("NumericNotEquals", "[1,2]", 3))
        #expect(holds("NumericLessThan", "10", 9))
        #expect(!holds("NumericLessThan", "10", 10))
        #expect(holds("NumericGreaterThan", "10", 11))
        #expect(!holds("NumericGreaterThan", "10", 10))
        #expect(holds("NumericGreaterThanEquals", "10", 10))
        #expect(holds("NumericGreaterThanEquals", "-1.5", -1))
        #expect(conditionHolds(#"{"NumericNotEquals":{"s3:max-keys":"10"}}"#, [:]))
    }

    // Date condition operators: "W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time".
    @Test func dates() {
        let issued = #"{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}"#
        #expect(conditionHolds(issued, ["aws:TokenIssueTime": "2020-06-01T12:00:00Z"]))
        #expect(!conditionHolds(issued, ["aws:TokenIssueTime": "2019-12-31T23:59:59Z"]))
        #expect(!conditionHolds(issued, ["aws:TokenIssueTime": "2020-01-01T00:00:01Z"]))
        // "The aws:TokenIssueTime key is present in the request context only when the principal uses
        // temporary credentials" — without it the condition is false.
        #expect(!conditionHolds(issued, [:]))
        #expect(conditionHolds(issued, ["aws:TokenIssueTime": .date(Date(timeIntervalSince1970: 1_600_000_000))]))
        // Epoch seconds on either side.
        #expect(conditionHolds(#"{"DateLessThan":{"aws:EpochTime":"1700000000"}}"#, ["aws:EpochTime": 1_600_000_000]))
        #expect(conditionHolds(#"{"DateLessThan":{"aws:CurrentTime":"1700000000"}}"#, ["aws:CurrentTime": "2020-01-01T00:00:00Z"]))
        // Time zones and partial dates.
        #expect(conditionHolds(#"{"DateEquals":{"aws:CurrentTime":"2020-01-01T02:00:00+02:00"}}"#, ["aws:CurrentTime": "2020-01-01T00:00:00Z"]))
        #expect(conditionHolds(#"{"DateEquals":{"aws:CurrentTime":"2020-03-04"}}"#, ["aws:CurrentTime": "2020-03-04T00:00:00Z"]))
        #expect(conditionHolds(#"{"DateLessThanEquals":{"aws:CurrentTime":"2020-03-04T10:00Z"}}"#, ["aws:CurrentTime": "2020-03-04T10:00:00.000Z"]))
        #expect(conditionHolds(#"{"DateGreaterThanEquals":{"aws:CurrentTime":"2020-03-04T10:00:00.5Z"}}"#, ["aws:CurrentTime": "2020-03-04T10:00:01Z"]))
        #expect(conditionHolds(#"{"DateNotEquals":{"aws:CurrentTime":"2020-03-04"}}"#, ["aws:CurrentTime": "2020-03-05"]))
        #expect(!conditionHolds(#"{"DateNotEquals":{"aws:CurrentTime":"2020-03-04"}}"#, ["aws:CurrentTime": "2020-03-04"]))
        #expect(!conditionHolds(#"{"DateEquals":{"aws:CurrentTime":"2020-03-04"}}"#, ["aws:CurrentTime": "yesterday"]))
        #expect(DateParsing.epochSeconds("1970-01-01T00:00:00Z") == 0)
        #expect(DateParsing.epochSeconds("2000-02-29T00:00:00Z") == 951_782_400)
        #expect(DateParsing.iso8601(epochSeconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(DateParsing.epochSeconds("2020-13-01") == nil)
    }

    // Boolean condition operators: the aws:SecureTransport example.
    @Test func bool() {
        let deny = #"{"Bool":{"aws:SecureTransport":"false"}}"#
        #expect(conditionHolds(deny, ["aws:SecureTransport": false]))
        #expect(conditionHolds(deny, ["aws:SecureTransport": "false"]))
        #expect(conditionHolds(deny, ["aws:SecureTransport": "FALSE"]))
        #expect(!conditionHolds(deny, ["aws:SecureTransport": true]))
        #expect(!conditionHolds(deny, [:]))
        #expect(conditionHolds(#"{"Bool":{"aws:SecureTransport":true}}"#, ["aws:SecureTransport": true]))
        #expect(!conditionHolds(#"{"Bool":{"aws:SecureTransport":"true"}}"#, ["aws:SecureTransport": "yes"]))
    }

    // BinaryEquals: "compares the value of the specified key byte for byte against a base-64 encoded
    // representation of the binary value in the policy".
    @Test func binary() {
        let c = #"{"BinaryEquals":{"ex:key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}"#
        #expect(conditionHolds(c, ["ex:key": .binary(Array("BinaryValueInBase64".utf8))]))
        #expect(conditionHolds(c, ["ex:key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="]))
        #expect(!conditionHolds(c, ["ex:key": .binary(Array("Other".utf8))]))
        #expect(!conditionHolds(c, [:]))
        #expect(Base64.decode("QmluYXJ5VmFsdWVJbkJhc2U2NA==") == Array("BinaryValueInBase64".utf8))
        #expect(Base64.encode(Array("BinaryValueInBase64".utf8)) == "QmluYXJ5VmFsdWVJbkJhc2U2NA==")
        #expect(Base64.decode("not base64!") == nil)
    }

    // IP address condition operators: CIDR, IPv4 and IPv6, "/32" when no prefix.
    @Test func ipAddresses() {
        let c = #"{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}"#
        #expect(conditionHolds(c, ["aws:SourceIp": .ip("203.0.113.255")]))
        #expect(conditionHolds(c, ["aws:SourceIp": "203.0.113.0"]))
        #expect(!conditionHolds(c, ["aws:SourceIp": "203.0.114.1"]))
        #expect(conditionHolds(c, ["aws:SourceIp": .ip("2001:db8:1234:5678:abcd::1")]))
        #expect(!conditionHolds(c, ["aws:SourceIp": .ip("2001:db8:1234:5679::1")]))
        #expect(!conditionHolds(c, [:]))
        let single = #"{"IpAddress":{"aws:SourceIp":"192.0.2.7"}}"#
        #expect(conditionHolds(single, ["aws:SourceIp": "192.0.2.7"]))
        #expect(!conditionHolds(single, ["aws:SourceIp": "192.0.2.8"]))
        let not = #"{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","172.16.0.0/12"]}}"#
        #expect(conditionHolds(not, ["aws:SourceIp": "192.168.1.1"]))
        #expect(!conditionHolds(not, ["aws:SourceIp": "172.31.255.255"]))
        #expect(conditionHolds(not, [:]))
        #expect(conditionHolds(#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#, ["aws:SourceIp": "8.8.8.8"]))
        #expect(!conditionHolds(#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#, ["aws:SourceIp": "::1"]))
        #expect(conditionHolds(#"{"IpAddress":{"aws:SourceIp":"::/0"}}"#, ["aws:SourceIp": "::1"]))
        #expect(conditionHolds(#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#, ["aws:SourceIp": "::ffff:10.1.2.3"]))
        #expect(IPAddress("2001:db8::ff00:42:8329")?.description == "2001:db8:0:0:0:ff00:42:8329")
        #expect(IPAddress("1.2.3") == nil)
        #expect(IPAddress("1.2.3.256") == nil)
        #expect(IPAddress("1::2::3") == nil)
        #expect(CIDRBlock("10.0.0.0/33") == nil)
    }

    // ARN condition operators: ArnEquals and ArnLike behave identically; the SQS queue policy example.
    @Test func arns() {
        let c = #"{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:TOPIC-ID"}}"#
        #expect(conditionHolds(c, ["aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:TOPIC-ID"]))
        #expect(!conditionHolds(c, ["aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic-id"]))
        #expect(!conditionHolds(c, [:]))
        let like = #"{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::logs-*"}}"#
        #expect(conditionHolds(like, ["aws:SourceArn": "arn:aws:s3:::logs-2024"]))
        #expect(!conditionHolds(like, ["aws:SourceArn": "arn:aws:s3:::data"]))
        let equalsWithWildcard = #"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}}"#
        #expect(conditionHolds(equalsWithWildcard, ["aws:PrincipalArn": "arn:aws:iam::123456789012:role/admin"]))
        let notLike = #"{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/Breakglass","arn:aws:iam::*:role/Admin*"]}}"#
        #expect(conditionHolds(notLike, ["aws:PrincipalArn": "arn:aws:iam::123456789012:role/Dev"]))
        #expect(!conditionHolds(notLike, ["aws:PrincipalArn": "arn:aws:iam::123456789012:role/AdminFull"]))
        #expect(conditionHolds(notLike, [:]))
        #expect(!conditionHolds(#"{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::*:role/X"}}"#, ["aws:PrincipalArn": "arn:aws:iam::1:role/X"]))
    }

    // "...IfExists": "If the key is not present, evaluate the condition element as true."
    @Test func ifExists() {
        let c = #"{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}"#
        #expect(conditionHolds(c, [:]))
        #expect(conditionHolds(c, ["ec2:InstanceType": "t2.micro"]))
        #expect(!conditionHolds(c, ["ec2:InstanceType": "m5.large"]))
        for op in ["StringEqualsIfExists", "NumericLessThanIfExists", "DateLessThanIfExists", "BoolIfExists", "BinaryEqualsIfExists",
                   "IpAddressIfExists", "ArnLikeIfExists", "StringNotEqualsIfExists", "NotIpAddressIfExists"] {
            #expect(conditionHolds(#"{"\#(op)":{"ex:absent":"1"}}"#, [:]), "\(op) with the key absent")
        }
        #expect(conditionHolds(#"{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"a"}}"#, [:]))
        #expect(conditionHolds(#"{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":"a"}}"#, [:]))
        #expect(!conditionHolds(#"{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"a"}}"#, ["aws:TagKeys": ["b"]]))
    }

    // "Condition operator to check existence of condition keys": Null true = absent, false = present.
    @Test func null() {
        let absent = #"{"Null":{"aws:TokenIssueTime":"true"}}"#
        #expect(conditionHolds(absent, [:]))
        #expect(!conditionHolds(absent, ["aws:TokenIssueTime": "2020-01-01T00:00:00Z"]))
        let present = #"{"Null":{"aws:TokenIssueTime":false}}"#
        #expect(conditionHolds(present, ["aws:TokenIssueTime": "2020-01-01T00:00:00Z"]))
        #expect(!conditionHolds(present, [:]))
        #expect(conditionHolds(#"{"Null":{"aws:TagKeys":"true"}}"#, ["aws:TagKeys": []]))
    }

    // "Multivalued context keys": ForAllValues — every request value matches some policy value; true
    // when the key is missing or empty.
    @Test func forAllValues() {
        let c = #"{"ForAllValues:StringLike":{"dynamodb:requestedAttributes":["PostDateTime","Message","Tags"]}}"#
        #expect(conditionHolds(c, ["dynamodb:requestedAttributes": ["PostDateTime", "Message"]]))
        #expect(!conditionHolds(c, ["dynamodb:requestedAttributes": ["PostDateTime", "UserName"]]))
        #expect(conditionHolds(c, [:]))
        #expect(conditionHolds(c, ["dynamodb:requestedAttributes": []]))
        #expect(conditionHolds(c, ["dynamodb:requestedAttributes": "Tags"]))
        let wild = #"{"ForAllValues:StringLike":{"aws:TagKeys":["Created*"]}}"#
        #expect(conditionHolds(wild, ["aws:TagKeys": ["CreatedBy", "CreatedAt"]]))
        #expect(!conditionHolds(wild, ["aws:TagKeys": ["CreatedBy", "Owner"]]))
        // Negated: no request value may match any policy value.
        let notEquals = #"{"ForAllValues:StringNotEquals":{"aws:TagKeys":["DataClass","Owner"]}}"#
        #expect(conditionHolds(notEquals, ["aws:TagKeys": ["Project", "Env"]]))
        #expect(!conditionHolds(notEquals, ["aws:TagKeys": ["Project", "Owner"]]))
        #expect(conditionHolds(notEquals, [:]))
    }

    // "Multivalued context keys": ForAnyValue — at least one request value matches; false when missing.
    @Test func forAnyValue() {
        let c = #"{"ForAnyValue:StringLike":{"dynamodb:requestedAttributes":["ID","PostDateTime"]}}"#
        #expect(conditionHolds(c, ["dynamodb:requestedAttributes": ["UserName", "Message", "PostDateTime"]]))
        #expect(!conditionHolds(c, ["dynamodb:requestedAttributes": ["UserName"]]))
        #expect(!conditionHolds(c, [:]))
        #expect(!conditionHolds(c, ["dynamodb:requestedAttributes": []]))
        // Negated: at least one request value matches none of the policy values.
        let notEquals = #"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["DataClass","Owner"]}}"#
        #expect(conditionHolds(notEquals, ["aws:TagKeys": ["Owner", "Project"]]))
        #expect(!conditionHolds(notEquals, ["aws:TagKeys": ["Owner", "DataClass"]]))
        #expect(!conditionHolds(notEquals, [:]))
        // Set operators with other types.
        #expect(conditionHolds(#"{"ForAnyValue:NumericGreaterThan":{"ex:sizes":"100"}}"#, ["ex:sizes": [5, 500]]))
        #expect(conditionHolds(#"{"ForAllValues:IpAddress":{"ex:ips":"10.0.0.0/8"}}"#, ["ex:ips": [.ip("10.0.0.1"), "10.9.9.9"]]))
        #expect(!conditionHolds(#"{"ForAllValues:IpAddress":{"ex:ips":"10.0.0.0/8"}}"#, ["ex:ips": [.ip("10.0.0.1"), "11.0.0.1"]]))
        #expect(conditionHolds(#"{"ForAnyValue:ArnLike":{"ex:arns":"arn:aws:iam::*:role/A*"}}"#, ["ex:arns": ["x", "arn:aws:iam::1:role/Admin"]]))
    }

    // A multivalued key under a single-valued operator (no set qualifier): AWS asks for a set operator
    // ("Single-valued vs. multivalued context keys"); here it does not match, unless the list has one value.
    @Test func multivaluedKeyWithoutSetOperator() {
        #expect(!conditionHolds(#"{"StringEquals":{"aws:TagKeys":"a"}}"#, ["aws:TagKeys": ["a", "b"]]))
        #expect(!conditionHolds(#"{"StringNotEquals":{"aws:TagKeys":"c"}}"#, ["aws:TagKeys": ["a", "b"]]))
        #expect(conditionHolds(#"{"StringEquals":{"aws:TagKeys":"a"}}"#, ["aws:TagKeys": ["a"]]))
    }

    // "IAM JSON policy elements: Condition": several keys in one operator, and several operators, are ANDed.
    @Test func clausesAreANDed() {
        let c = #"{"StringEquals":{"aws:RequestedRegion":"us-east-1","aws:PrincipalTag/team":"blue"},"Bool":{"aws:SecureTransport":"true"}}"#
        let all: ConditionContext = ["aws:RequestedRegion": "us-east-1", "aws:PrincipalTag/team": "blue", "aws:SecureTransport": true]
        #expect(conditionHolds(c, all))
        var wrongRegion = all
        wrongRegion["aws:requestedregion"] = "us-west-2"
        #expect(!conditionHolds(c, wrongRegion))
        var insecure = all
        insecure["aws:SecureTransport"] = false
        #expect(!conditionHolds(c, insecure))
        var noTag = all
        noTag["aws:PrincipalTag/team"] = nil
        #expect(!conditionHolds(c, noTag))
    }

    // The simulator's MissingContextValues: keys the conditions needed but the request lacked.
    @Test func missingContextKeysAreReported() {
        let p = identity(#"""
        {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
        {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}
        """#)
        let d = decide("s3:GetObject", "*", context: ["aws:RequestedRegion": "us-east-1"], PolicySet(identity: [p]), options: .simulation)
        #expect(d.effect == .explicitDeny)
        #expect(Set(d.missingContextKeys) == ["aws:SourceIp", "aws:MultiFactorAuthPresent"])
        let complete = decide("s3:GetObject", "*", context: ["aws:RequestedRegion": "us-east-1", "aws:SourceIp": "10.1.1.1",
                                                              "aws:MultiFactorAuthPresent": true], PolicySet(identity: [p]), options: .simulation)
        #expect(complete.effect == .allowed)
        #expect(complete.missingContextKeys.isEmpty)
    }

    // "AWS global condition context keys" that follow from the principal.
    @Test func principalDerivedKeys() {
        let tagged = PrincipalInfo.user(account: Fixture.account, name: "alice", userId: "AIDAALICEEXAMPLE00001", tags: ["Team": "blue"])
        #expect(conditionHolds(#"{"StringEquals":{"aws:username":"alice","aws:PrincipalAccount":"111122223333","aws:PrincipalType":"User"}}"#, [:], principal: tagged))
        #expect(conditionHolds(#"{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"#, [:], principal: tagged))
        #expect(conditionHolds(#"{"StringEquals":{"aws:userid":"AIDAALICEEXAMPLE00001"}}"#, [:], principal: tagged))
        #expect(conditionHolds(#"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/alice"}}"#, [:], principal: tagged))
        #expect(conditionHolds(#"{"Bool":{"aws:PrincipalIsAWSService":"false"}}"#, [:], principal: tagged))
        // For a role session aws:PrincipalArn is the role's ARN; aws:username is not present.
        let session = Fixture.adminSession
        #expect(conditionHolds(#"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/Admin"}}"#, [:], principal: session))
        #expect(conditionHolds(#"{"StringEquals":{"aws:PrincipalType":"AssumedRole","aws:userid":"AROAADMINEXAMPLE00001:work"}}"#, [:], principal: session))
        #expect(conditionHolds(#"{"Null":{"aws:username":"true"}}"#, [:], principal: session))
        // The request's own value wins.
        #expect(conditionHolds(#"{"StringEquals":{"aws:username":"override"}}"#, ["aws:username": "override"], principal: tagged))
    }
}
