import Testing
@testable import PolicyEngine

/// Parsing and validation: "IAM JSON policy elements reference", "Grammar of the IAM JSON policy language".
@Suite struct PolicyParserTests {
    let allowAll = #"{"Effect":"Allow","Action":"*","Resource":"*"}"#

    // "IAM JSON policy elements: Version": 2012-10-17 or 2008-10-17; without Version, 2008-10-17.
    @Test func versions() throws {
        let current = try PolicyDocument.parse(#"{"Version":"2012-10-17","Statement":\#(allowAll)}"#, kind: .identity)
        #expect(current.version == .v2012_10_17)
        #expect(current.versionIsExplicit)
        let old = try PolicyDocument.parse(#"{"Version":"2008-10-17","Statement":\#(allowAll)}"#, kind: .identity)
        #expect(old.version == .v2008_10_17)
        let absent = try PolicyDocument.parse(#"{"Statement":\#(allowAll)}"#, kind: .identity)
        #expect(absent.version == .v2008_10_17)
        #expect(!absent.versionIsExplicit)
        #expect(!absent.version.supportsPolicyVariables)
        let bad = parseError(#"{"Version":"2012-10-18","Statement":\#(allowAll)}"#)
        #expect(bad?.message == "The policy failed legacy parsing")
        #expect(bad?.code == .malformedPolicyDocument)
    }

    // "IAM JSON policy elements: Statement": one statement object or an array of them.
    @Test func statementObjectOrArray() throws {
        let single = try PolicyDocument.parse(#"{"Version":"2012-10-17","Statement":\#(allowAll)}"#, kind: .identity)
        #expect(single.statements.count == 1)
        let list = try PolicyDocument.parse(#"{"Version":"2012-10-17","Statement":[\#(allowAll),\#(allowAll)]}"#, kind: .identity)
        #expect(list.statements.count == 2)
        #expect(parseError(#"{"Version":"2012-10-17"}"#)?.message == "Missing required field Statement")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":[]}"#)?.message == "Syntax errors in policy.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":"Allow"}"#)?.message == "Syntax errors in policy.")
    }

    // Grammar: JSON syntax errors and unknown elements.
    @Test func syntaxErrors() {
        #expect(parseError("{")?.message == "Syntax errors in policy.")
        #expect(parseError("[]")?.message == "Syntax errors in policy.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":\#(allowAll),"Foo":1}"#)?.message == "Syntax errors in policy.")
        let typo = parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Actions":"*","Resource":"*"}}"#)
        #expect(typo?.message == "Syntax errors in policy.")
        #expect(typo?.statementIndex == 0)
        // "Individual elements must not contain multiple instances of the same key."
        let duplicate = parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}}"#)
        #expect(duplicate?.message == "Syntax errors in policy.")
        #expect(duplicate?.detail.contains("duplicate key") == true)
    }

    // "IAM JSON policy elements: Effect": Allow or Deny, required, case-sensitive.
    @Test func effect() {
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Action":"*","Resource":"*"}}"#)?.message
            == "Missing required field Effect")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"*","Resource":"*"}}"#)?.message
            == "The policy failed legacy parsing")
    }

    // "IAM JSON policy elements: Action" / "NotAction": exactly one of them.
    @Test func actionOrNotAction() {
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}"#)?.message
            == "Policy statement must contain actions.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}"#)?.message
            == "Policy statement must contain actions.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}}"#)?.message
            == "Syntax errors in policy.")
        // "Grammar": action_string is a service namespace, a colon, and an action name.
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}"#)?.message
            == "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get:Object","Resource":"*"}}"#)?.message
            == "Actions/Condition can contain only one colon.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:Get*","iam:*Report","ec2:?tartInstances"],"Resource":"*"}}"#) == nil)
    }

    // "IAM JSON policy elements: Resource" / "NotResource".
    @Test func resourceOrNotResource() {
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}"#)?.message
            == "Policy statement must contain resources.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":[]}}"#)?.message
            == "Policy statement must contain resources.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}}"#)?.message
            == "Syntax errors in policy.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"mybucket"}}"#)?.message
            == "Resource mybucket must be in ARN format or \"*\".")
        // "You can't use a wildcard in the service segment that identifies the AWS product."
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s*:::bucket"}}"#)?.message
            == "Resource arn:aws:s*:::bucket vendor must be fully qualified and cannot contain regexes.")
        #expect(parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::bucket/*","arn:*:s3:::b?cket"]}}"#) == nil)
    }

    // "IAM JSON policy elements: Principal": "You cannot use the Principal element in an identity-based policy."
    @Test func principalProhibitedInIdentityPolicies() {
        let withPrincipal = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#
        for kind in [PolicyKind.identity, .permissionsBoundary, .session] {
            #expect(parseError(withPrincipal, kind: kind)?.message == "Policy document should not specify a principal.")
        }
        // "SCP syntax": no Principal.
        #expect(parseError(withPrincipal, kind: .serviceControl)?.message == "Has prohibited field Principal")
    }

    // "Grammar": "The principal_block element is required in resource-based policies ... and in trust policies".
    @Test func principalRequiredInResourceAndTrustPolicies() {
        let without = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#
        #expect(parseError(without, kind: .resource)?.message == "Missing required field Principal")
        let trustWithout = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}"#
        #expect(parseError(trustWithout, kind: .trust)?.message == "Missing required field Principal")
        // A role trust policy has no Resource: the role is the resource.
        let trustWithResource = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Resource":"*"}}"#
        #expect(parseError(trustWithResource, kind: .trust)?.message == "Has prohibited field Resource")
        let trust = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#
        #expect(parseError(trust, kind: .trust) == nil)
        // A resource-based policy may leave Resource out (it applies to the resource it is attached to), as
        // the SNS topic policy in "IAM policy elements: Variables and tags" does.
        let topic = #"{"Version":"2012-10-17","Statement":[{"Principal":{"AWS":"999999999999"},"Effect":"Allow","Action":"sns:*","Condition":{"StringLike":{"sns:endpoint":"https://example.com/${aws:username}/"},"StringEquals":{"sns:Protocol":"https"}}}]}"#
        #expect(parseError(topic, kind: .resource) == nil)
    }

    // "AWS JSON policy elements: Principal": the forms of the element.
    @Test func principalForms() throws {
        let document = try PolicyDocument.parse(#"""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
          {"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::555555555555:root","arn:aws:iam::123456789012:user/path/alice",
            "arn:aws:iam::123456789012:role/r","arn:aws:sts::123456789012:assumed-role/r/s","arn:aws:sts::123456789012:federated-user/f","*"]},
           "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
          {"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"],"Federated":"cognito-identity.amazonaws.com",
            "CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}
        ]}
        """#, kind: .resource)
        #expect(document.statements[0].principal == .principal(.wildcard))
        #expect(document.statements[1].principal?.set.aws.count == 7)
        #expect(document.statements[2].principal?.set.service == ["ec2.amazonaws.com", "lambda.amazonaws.com"])
        #expect(document.statements[2].principal?.set.federated == ["cognito-identity.amazonaws.com"])
        #expect(document.statements[2].principal?.set.canonicalUser.count == 1)
        // "You cannot use a wildcard to match part of a principal name or ARN."
        let partial = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/*"},"Action":"s3:*","Resource":"*"}}"#
        #expect(parseError(partial, kind: .resource)?.message == #"Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*""#)
        let unknownKey = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Foo":"bar"},"Action":"s3:*","Resource":"*"}}"#
        #expect(parseError(unknownKey, kind: .resource)?.message.hasPrefix("Invalid principal in policy") == true)
        let bareArn = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"arn:aws:iam::123456789012:root","Action":"s3:*","Resource":"*"}}"#
        #expect(parseError(bareArn, kind: .resource)?.message.hasPrefix("Invalid principal in policy") == true)
    }

    // "AWS JSON policy elements: NotPrincipal": only with Deny, not in role trust policies.
    @Test func notPrincipalRules() {
        let denyNot = #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]},"Action":"s3:*","Resource":"*"}}"#
        #expect(parseError(denyNot, kind: .resource) == nil)
        let allowNot = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"444455556666"},"Action":"s3:*","Resource":"*"}}"#
        #expect(parseError(allowNot, kind: .resource) != nil)
        let trustNot = #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}}"#
        #expect(parseError(trustNot, kind: .trust)?.message == "Has prohibited field NotPrincipal")
    }

    // "Grammar": Sid; "Statement IDs (SID) in a single policy must be unique."
    @Test func sids() {
        let duplicate = #"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}]}"#
        let error = parseError(duplicate)
        #expect(error?.message == "Statement IDs (SID) in a single policy must be unique.")
        #expect(error?.statementIndex == 1)
        // "For IAM policies, basic alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters".
        let spaced = #"{"Version":"2012-10-17","Statement":{"Sid":"Allow reads","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#
        #expect(parseError(spaced.replacingOccurrences(#""Principal":"*","#, ""), kind: .identity)?.message.hasPrefix("Statement IDs (SID) must be alpha-numeric") == true)
        // "Other AWS services that support resource policies may have other requirements".
        #expect(parseError(spaced, kind: .resource) == nil)
    }

    // "IAM JSON policy elements: Condition" and "...: Condition operators".
    @Test func conditions() throws {
        let document = try PolicyDocument.parse(#"""
        {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
          "StringEqualsIfExists":{"aws:RequestedRegion":["us-east-1","eu-west-1"]},
          "ForAllValues:StringLike":{"aws:TagKeys":"team-*"},
          "NumericLessThan":{"s3:max-keys":10},
          "Bool":{"aws:SecureTransport":true},
          "Null":{"aws:TokenIssueTime":"true"}}}}
        """#, kind: .identity)
        let clauses = document.statements[0].conditions
        #expect(clauses.count == 5)
        #expect(clauses[0].operator == ConditionOperator(.stringEquals, ifExists: true))
        #expect(clauses[0].values == ["us-east-1", "eu-west-1"])
        #expect(clauses[1].operator == ConditionOperator(.stringLike, qualifier: .forAllValues))
        #expect(clauses[2].values == ["10"])
        #expect(clauses[3].values == ["true"])
        #expect(clauses[4].operator.base == .null)

        let unknown = parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}}"#)
        #expect(unknown?.message == "Invalid Condition type : StringEqualz")
        // "You can add IfExists to the end of any condition operator name except the Null condition".
        let nullIfExists = parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}}"#)
        #expect(nullIfExists?.message == "Invalid Condition type : NullIfExists")
        let badValue = parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":1}}}}}"#)
        #expect(badValue?.message == "Syntax errors in policy.")
        let noVendor = parseError(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"username":"a"}}}}"#)
        #expect(noVendor?.message == "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
    }

    @Test func conditionOperatorNames() {
        #expect(ConditionOperator(name: "ForAnyValue:StringNotLikeIfExists") == ConditionOperator(.stringNotLike, qualifier: .forAnyValue, ifExists: true))
        #expect(ConditionOperator(name: "ArnLike")?.base == .arnLike)
        #expect(ConditionOperator(name: "ForSomeValues:StringLike") == nil)
        #expect(ConditionOperator(name: "NullIfExists") == nil)
        #expect(ConditionOperator(name: "ForAllValues:StringEquals")?.name == "ForAllValues:StringEquals")
        for base in ConditionOperator.Base.allCases {
            #expect(ConditionOperator(name: base.rawValue)?.base == base)
            if base != .null {
                #expect(ConditionOperator(name: base.rawValue + "IfExists")?.ifExists == true)
            }
        }
    }

    // "SCP syntax": Resource optional here, wildcards in actions only alone or at the end.
    @Test func serviceControlPolicySyntax() {
        let fullAccess = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        #expect(parseError(fullAccess, kind: .serviceControl) == nil)
        let notAction = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}]}"#
        #expect(parseError(notAction, kind: .serviceControl) == nil)
        let middle = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*Instances","Resource":"*"}]}"#
        #expect(parseError(middle, kind: .serviceControl) != nil)
        #expect(parseError(middle, kind: .identity) == nil)
        let noResource = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization"}]}"#
        #expect(parseError(noResource, kind: .serviceControl) == nil)
    }

    // "Resource control policies": Principal must be "*".
    @Test func resourceControlPolicySyntax() {
        let rcp = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}"#
        #expect(parseError(rcp, kind: .resourceControl) == nil)
        let named = rcp.replacingOccurrences(#""Principal":"*""#, #""Principal":{"AWS":"111122223333"}"#)
        #expect(parseError(named, kind: .resourceControl) != nil)
    }

    // "IAM and AWS STS quotas": size limits; white space not counted.
    @Test func sizeQuota() {
        let document = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#
        let charged = PolicySize.chargedLength(of: document)
        #expect(parseError(document, maximumLength: charged) == nil)
        let error = parseError(document, maximumLength: charged - 1)
        #expect(error?.code == .limitExceeded)
        #expect(error?.message == "Cannot exceed quota for PolicySize: \(charged - 1)")
        let padded = document.replacingOccurrences(",", ",\n      ")
        #expect(PolicySize.chargedLength(of: padded) == charged)
        let trust = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#
        #expect(parseError(trust, kind: .trust, maximumLength: 20)?.message == "Cannot exceed quota for ACLSizePerRole: 20")
    }

    @Test func jsonReader() throws {
        let value = try PolicyJSON.parse(#"{"a":[1,-2.5e3,true,false,null,"x\u00e9\n\"\ud83d\ude00"]}"#)
        guard case .object(let members) = value, case .array(let items) = members[0].value else {
            Issue.record("unexpected shape")
            return
        }
        #expect(items[0] == .number("1"))
        #expect(items[1] == .number("-2.5e3"))
        #expect(items[2] == .bool(true))
        #expect(items[4] == .null)
        #expect(items[5] == .string("xé\n\"😀"))
        #expect(throws: PolicyJSON.SyntaxError.self) { try PolicyJSON.parse(#"{"a":01}"#) }
        #expect(throws: PolicyJSON.SyntaxError.self) { try PolicyJSON.parse(#"{"a":1,}"#) }
        #expect(throws: PolicyJSON.SyntaxError.self) { try PolicyJSON.parse(#"{"a":"\ud83d"}"#) }
    }

    @Test func policyCompilesAndValidates() throws {
        let document = try PolicyDocument.parse(#"{"Version":"2012-10-17","Statement":\#(allowAll)}"#, kind: .identity)
        let compiled = try Policy(document: document, id: "p", kind: .identity)
        #expect(compiled.document == document)
        // Building a document by hand still goes through validation.
        let bad = PolicyDocument(statements: [PolicyStatement(effect: .allow, principal: .principal(.wildcard), action: .action(["s3:*"]),
                                                              resource: .resource(["*"]))])
        #expect(throws: PolicyValidationError.self) { try Policy(document: bad, id: "p", kind: .identity) }
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
