import Testing
@testable import PolicyEngine

/// "IAM policy elements: Variables and tags".
@Suite struct VariableTests {
    // The home-directory policy: ${aws:username} in Resource and in a StringLike condition.
    @Test func usernameScopesAnS3Prefix() {
        let p = identity(#"""
        {"Action":["s3:ListBucket"],"Effect":"Allow","Resource":["arn:aws:s3:::mybucket"],"Condition":{"StringLike":{"s3:prefix":["${aws:username}/*"]}}},
        {"Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":["arn:aws:s3:::mybucket/${aws:username}/*"]}
        """#)
        let set = PolicySet(identity: [p])
        #expect(decide("s3:GetObject", "arn:aws:s3:::mybucket/alice/notes.txt", set).isAllowed)
        #expect(!decide("s3:GetObject", "arn:aws:s3:::mybucket/bob/notes.txt", set).isAllowed)
        #expect(decide(.user(account: Fixture.account, name: "bob"), "s3:GetObject", "arn:aws:s3:::mybucket/bob/notes.txt", set).isAllowed)
        #expect(decide("s3:ListBucket", "arn:aws:s3:::mybucket", context: ["s3:prefix": "alice/photos"], set).isAllowed)
        #expect(!decide("s3:ListBucket", "arn:aws:s3:::mybucket", context: ["s3:prefix": "bob/photos"], set).isAllowed)
    }

    // "If you don't include the Version element ... variables like ${aws:username} are treated as literal
    // strings in the policy."
    @Test func noVariablesBefore2012() {
        let old = identity(#"{"Action":"s3:GetObject","Effect":"Allow","Resource":"arn:aws:s3:::mybucket/${aws:username}/*"}"#,
                           version: "2008-10-17")
        let set = PolicySet(identity: [old])
        #expect(!decide("s3:GetObject", "arn:aws:s3:::mybucket/alice/notes.txt", set).isAllowed)
        #expect(decide("s3:GetObject", "arn:aws:s3:::mybucket/${aws:username}/notes.txt", set).isAllowed)
        let unversioned = policy(#"{"Statement":{"Action":"s3:GetObject","Effect":"Allow","Resource":"arn:aws:s3:::mybucket/${aws:username}/*"}}"#)
        #expect(!decide("s3:GetObject", "arn:aws:s3:::mybucket/alice/notes.txt", PolicySet(identity: [unversioned])).isAllowed)
    }

    // "Tags as policy variables": ${aws:PrincipalTag/department} in Resource; tag keys match without case.
    @Test func principalTags() {
        let p = identity(#"{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::bucket/${aws:PrincipalTag/department}/*"]}"#)
        let hr = PrincipalInfo.user(account: Fixture.account, name: "carol", tags: ["Department": "HR"])
        let set = PolicySet(identity: [p])
        #expect(decide(hr, "s3:GetObject", "arn:aws:s3:::bucket/HR/file", set).isAllowed)
        #expect(!decide(hr, "s3:GetObject", "arn:aws:s3:::bucket/hr/file", set).isAllowed)
        #expect(!decide(hr, "s3:GetObject", "arn:aws:s3:::bucket/Sales/file", set).isAllowed)
        // A principal without the tag: the variable does not resolve, the resource matches nothing.
        let untagged = decide(Fixture.alice, "s3:GetObject", "arn:aws:s3:::bucket/HR/file", set, options: .simulation)
        #expect(!untagged.isAllowed)
        #expect(untagged.missingContextKeys == ["aws:PrincipalTag/department"])

        // ABAC: the resource tag must equal the principal tag.
        let abac = PolicySet(identity: [identity(#"{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}"#)])
        let blue = PrincipalInfo.user(account: Fixture.account, name: "dan", tags: ["team": "blue"])
        #expect(decide(blue, "ec2:StartInstances", "*", context: ["aws:ResourceTag/team": "blue"], abac).isAllowed)
        #expect(!decide(blue, "ec2:StartInstances", "*", context: ["aws:ResourceTag/team": "red"], abac).isAllowed)
        #expect(!decide(Fixture.alice, "ec2:StartInstances", "*", context: ["aws:ResourceTag/team": "blue"], abac).isAllowed)
    }

    // "You can use a policy variable in the Resource element, but only in the resource portion of the ARN.
    // This portion of the ARN appears after the fifth colon."
    @Test func resourceVariablesOnlyAfterTheFifthColon() {
        let p = identity(#"{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-2:${aws:PrincipalAccount}:${aws:username}-queue"}"#)
        let set = PolicySet(identity: [p])
        #expect(!decide("sqs:SendMessage", "arn:aws:sqs:us-east-2:111122223333:alice-queue", set).isAllowed)
        let ok = identity(#"{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-2:*:${aws:username}-queue"}"#)
        #expect(decide("sqs:SendMessage", "arn:aws:sqs:us-east-2:111122223333:alice-queue", PolicySet(identity: [ok])).isAllowed)
    }

    // "Special characters": ${*}, ${?} and ${$} are literal characters.
    @Test func escapes() {
        let p = identity(#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${*}literal${?}${$}"}"#)
        let set = PolicySet(identity: [p])
        #expect(decide("s3:GetObject", "arn:aws:s3:::bucket/*literal?$", set).isAllowed)
        #expect(!decide("s3:GetObject", "arn:aws:s3:::bucket/xliteralY$", set).isAllowed)
        #expect(conditionHolds(#"{"StringLike":{"ex:k":"a${*}b*"}}"#, ["ex:k": "a*bcd"]))
        #expect(!conditionHolds(#"{"StringLike":{"ex:k":"a${*}b*"}}"#, ["ex:k": "axbcd"]))
        #expect(conditionHolds(#"{"StringEquals":{"ex:k":"cost${$}"}}"#, ["ex:k": "cost$"]))
    }

    // "Specifying default values": ${aws:userid, 'anonymous'}.
    @Test func defaults() {
        let c = #"{"StringEquals":{"ex:owner":"${aws:PrincipalTag/owner, 'nobody'}"}}"#
        #expect(conditionHolds(c, ["ex:owner": "nobody"]))
        #expect(!conditionHolds(c, ["ex:owner": "someone"]))
        let owned = PrincipalInfo.user(account: Fixture.account, name: "erin", tags: ["owner": "erin"])
        #expect(conditionHolds(c, ["ex:owner": "erin"], principal: owned))
        let resource = identity(#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:username, 'anonymous'}/*"}"#)
        #expect(decide(.anonymous, "s3:GetObject", "arn:aws:s3:::bucket/anonymous/x", PolicySet(identity: [resource])).effect == .implicitDeny)
        #expect(decide(Fixture.adminSession, "s3:GetObject", "arn:aws:s3:::bucket/anonymous/x", PolicySet(identity: [resource])).isAllowed)
    }

    // Variables in ARN and Bool operators, not in numeric ones ("Condition element").
    @Test func variablesByOperator() {
        #expect(conditionHolds(#"{"ArnLike":{"ex:arn":"arn:aws:iam::*:user/${aws:username}"}}"#, ["ex:arn": "arn:aws:iam::1:user/alice"]))
        #expect(!conditionHolds(#"{"ArnLike":{"ex:arn":"arn:aws:iam::*:user/${aws:username}"}}"#, ["ex:arn": "arn:aws:iam::1:user/bob"]))
        #expect(conditionHolds(#"{"Bool":{"ex:flag":"${ex:expected}"}}"#, ["ex:flag": true, "ex:expected": "true"]))
        #expect(!conditionHolds(#"{"NumericEquals":{"ex:n":"${ex:m}"}}"#, ["ex:n": 1, "ex:m": 1]))
        // A variable inside StringNotEquals that does not resolve leaves no value to match: the negated
        // operator is true.
        #expect(conditionHolds(#"{"StringNotEquals":{"ex:k":"${ex:absent}"}}"#, ["ex:k": "x"]))
        // A multivalued key cannot be a variable.
        #expect(!conditionHolds(#"{"StringEquals":{"ex:k":"${aws:TagKeys}"}}"#, ["ex:k": "a", "aws:TagKeys": ["a", "b"]]))
    }

    @Test func templateParsing() {
        let template = PolicyTemplate.parse("a${aws:username}b${ aws:userid , 'x''y' }c${bad key}d${unterminated", variables: true)
        #expect(template.pieces == [
            .text("a"), .variable(key: "aws:username", name: "aws:username", defaultValue: nil), .text("b"),
            .variable(key: "aws:userid", name: "aws:userid", defaultValue: "x'y"), .text("c${bad key}d${unterminated"),
        ])
        #expect(PolicyTemplate.parse("${aws:username}", variables: false).pieces == [.text("${aws:username}")])
        #expect(PolicyTemplate.parse("arn:aws:s3:::${x}:${y}", variables: true, afterColons: 5).pieces
            == [.text("arn:aws:s3:::"), .variable(key: "x", name: "x", defaultValue: nil), .text(":"),
                .variable(key: "y", name: "y", defaultValue: nil)])
    }
}
