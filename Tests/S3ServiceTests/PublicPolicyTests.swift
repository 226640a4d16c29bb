import Testing
@testable import S3Service

/// "The meaning of 'public'" (Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage").
@Suite struct PublicPolicyTests {
    static func policy(principal: String = "\"*\"", effect: String = "Allow", condition: String? = nil) -> String {
        let conditionText = condition.map { ", \"Condition\": \($0)" } ?? ""
        return """
        {"Version": "2012-10-17", "Statement": [{"Effect": "\(effect)", "Principal": \(principal), "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::b/*"\(conditionText)}]}
        """
    }

    @Test func wildcardPrincipalIsPublic() {
        #expect(S3PublicPolicy.isPublic(Self.policy()))
        #expect(S3PublicPolicy.isPublic(Self.policy(principal: #"{"AWS": "*"}"#)))
        #expect(S3PublicPolicy.isPublic(Self.policy(principal: #"{"AWS": ["111122223333", "*"]}"#)))
    }

    @Test func fixedPrincipalsAndDeniesAreNotPublic() {
        #expect(!S3PublicPolicy.isPublic(Self.policy(principal: #"{"AWS": "arn:aws:iam::111122223333:root"}"#)))
        #expect(!S3PublicPolicy.isPublic(Self.policy(principal: #"{"Service": "cloudfront.amazonaws.com"}"#)))
        #expect(!S3PublicPolicy.isPublic(Self.policy(effect: "Deny")))
    }

    @Test func fixedValuesOfRestrictingKeysMakeItNonPublic() {
        let conditions = [
            #"{"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}"#,
            #"{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:db8::/48"]}}"#,
            #"{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
            #"{"StringEquals": {"aws:SourceVpc": "vpc-111bbb22"}}"#,
            #"{"ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}"#,
            #"{"StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
            #"{"StringEquals": {"aws:PrincipalOrgID": "o-abcdef1234"}}"#,
            #"{"StringEquals": {"AWS:SourceAccount": "111122223333"}}"#,
            #"{"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}}"#,
            #"{"ForAnyValue:StringEquals": {"aws:PrincipalOrgID": ["o-abcdef1234"]}}"#,
        ]
        for condition in conditions {
            #expect(!S3PublicPolicy.isPublic(Self.policy(condition: condition)), "\(condition)")
        }
    }

    @Test func conditionsThatDoNotRestrictLeaveItPublic() {
        let conditions = [
            // Other keys do not limit who calls.
            #"{"Bool": {"aws:SecureTransport": "true"}}"#,
            #"{"StringLike": {"s3:prefix": "home/"}}"#,
            // Wildcards and variables are not fixed values.
            #"{"StringLike": {"aws:SourceVpce": "vpce-*"}}"#,
            #"{"StringEquals": {"aws:PrincipalAccount": "${aws:username}"}}"#,
            #"{"StringLike": {"aws:userid": "*"}}"#,
            // Negated operators, IfExists and ForAllValues pass requests without the key.
            #"{"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
            #"{"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}"#,
            #"{"ForAllValues:StringEquals": {"aws:PrincipalOrgID": ["o-abcdef1234"]}}"#,
            #"{"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}"#,
            // The whole internet is not a network.
            #"{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}"#,
            #"{"IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "0.0.0.0/1"]}}"#,
            #"{"IpAddress": {"aws:SourceIp": "::/0"}}"#,
        ]
        for condition in conditions {
            #expect(S3PublicPolicy.isPublic(Self.policy(condition: condition)), "\(condition)")
        }
    }

    @Test func oneOpenStatementMakesThePolicyPublic() {
        let text = """
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"},
          {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
        """
        #expect(S3PublicPolicy.isPublic(text))
    }

    @Test func unreadablePolicyIsNotPublic() {
        #expect(!S3PublicPolicy.isPublic("not json"))
    }
}
