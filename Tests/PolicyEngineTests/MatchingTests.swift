import Testing
@testable import PolicyEngine

/// Action, resource and principal matching.
@Suite struct MatchingTests {
    // "IAM JSON policy elements: Action": names are case-insensitive; * and ? wildcards.
    @Test func actionsMatchWithoutCaseAndWithWildcards() {
        let p = identity(#"{"Effect":"Allow","Action":["S3:getobject","ec2:Describe*","sqs:?eceiveMessage"],"Resource":"*"}"#)
        let set = PolicySet(identity: [p])
        #expect(decide("s3:GetObject", "*", set).isAllowed)
        #expect(decide("S3:GETOBJECT", "*", set).isAllowed)
        #expect(decide("ec2:DescribeInstances", "*", set).isAllowed)
        #expect(decide("EC2:describevpcs", "*", set).isAllowed)
        #expect(decide("sqs:ReceiveMessage", "*", set).isAllowed)
        #expect(!decide("sqs:DeceiveMessages", "*", set).isAllowed)
        #expect(!decide("s3:GetObjectAcl", "*", set).isAllowed)
        #expect(!decide("ec2:RunInstances", "*", set).isAllowed)
        #expect(!decide("ec3:DescribeInstances", "*", set).isAllowed)
    }

    // "Policy evaluation logic", "The difference between explicit and implicit denies": the AllowGetList
    // and DenyReports example.
    @Test func explicitAndImplicitDenyExample() {
        let p = identity(#"""
        {"Sid":"AllowGetList","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"},
        {"Sid":"DenyReports","Effect":"Deny","Action":"iam:*Report","Resource":"*"}
        """#)
        let set = PolicySet(identity: [p])
        #expect(decide("iam:GetUser", "*", set).effect == .allowed)
        #expect(decide("iam:ListRoles", "*", set).effect == .allowed)
        #expect(decide("iam:CreatePolicy", "*", set).effect == .implicitDeny)
        let report = decide("iam:GetOrganizationsAccessReport", "*", set)
        #expect(report.effect == .explicitDeny)
        #expect(report.reason == "Denied by statement 'DenyReports' of identity-based policy identity.")
        #expect(decide("iam:GenerateCredentialReport", "*", set).effect == .explicitDeny)
    }

    @Test func everyActionWildcard() {
        let set = PolicySet(identity: [identity(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)])
        #expect(decide("anything:AtAll", "arn:aws:x:::y", set).isAllowed)
        let partial = PolicySet(identity: [identity(#"{"Effect":"Allow","Action":"*:Get*","Resource":"*"}"#)])
        #expect(decide("s3:GetObject", "*", partial).isAllowed)
        #expect(!decide("s3:PutObject", "*", partial).isAllowed)
    }

    // "IAM JSON policy elements: NotAction": with Allow, everything except the listed actions.
    @Test func notActionWithAllow() {
        let set = PolicySet(identity: [identity(#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#)])
        #expect(decide("s3:GetObject", "*", set).isAllowed)
        #expect(decide("ec2:RunInstances", "*", set).isAllowed)
        #expect(decide("iam:CreateUser", "*", set).effect == .implicitDeny)
        #expect(decide("IAM:createuser", "*", set).effect == .implicitDeny)
    }

    // "IAM JSON policy elements: NotAction": with Deny, deny everything except the listed actions (here:
    // unless MFA, only IAM self-service is possible).
    @Test func notActionWithDeny() {
        let set = PolicySet(identity: [identity(#"""
        {"Effect":"Allow","Action":"*","Resource":"*"},
        {"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}
        """#)])
        #expect(decide("s3:GetObject", "*", context: ["aws:MultiFactorAuthPresent": false], set).effect == .explicitDeny)
        // BoolIfExists: a request without the key (long-term access keys) is denied as well.
        #expect(decide("s3:GetObject", "*", set).effect == .explicitDeny)
        #expect(decide("iam:ChangePassword", "*", context: ["aws:MultiFactorAuthPresent": false], set).effect == .allowed)
        #expect(decide("s3:GetObject", "*", context: ["aws:MultiFactorAuthPresent": true], set).effect == .allowed)
    }

    // "IAM JSON policy elements: Resource": ARNs with * and ?, case-sensitive; * spans / and :.
    @Test func resources() {
        let set = PolicySet(identity: [identity(#"""
        {"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::my_corporate_bucket/*","arn:aws:s3:::logs-????"]},
        {"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::111122223333:user/accounting/*"},
        {"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::111122223333:user/Bob"},
        {"Effect":"Allow","Action":"logs:*","Resource":"arn:aws:logs:*:*:*"},
        {"Effect":"Allow","Action":"ec2:*","Resource":"arn:aws:ec2:*:111122223333:instance/*"}
        """#)])
        #expect(decide("s3:GetObject", "arn:aws:s3:::my_corporate_bucket/a/b/c.txt", set).isAllowed)
        #expect(decide("s3:GetObject", "arn:aws:s3:::my_corporate_bucket/x:y", set).isAllowed)
        #expect(!decide("s3:GetObject", "arn:aws:s3:::my_corporate_bucket", set).isAllowed)
        #expect(!decide("s3:GetObject", "arn:aws:s3:::My_Corporate_Bucket/a", set).isAllowed)
        #expect(decide("s3:ListBucket", "arn:aws:s3:::logs-2024", set).isAllowed)
        #expect(!decide("s3:ListBucket", "arn:aws:s3:::logs-24", set).isAllowed)
        #expect(decide("iam:DeleteUser", "arn:aws:iam::111122223333:user/accounting/alice", set).isAllowed)
        #expect(decide("iam:DeleteUser", "arn:aws:iam::111122223333:user/accounting/eu/alice", set).isAllowed)
        #expect(!decide("iam:DeleteUser", "arn:aws:iam::111122223333:user/sales/alice", set).isAllowed)
        // "In the Resource element, the IAM user name is case sensitive."
        #expect(decide("iam:GetUser", "arn:aws:iam::111122223333:user/Bob", set).isAllowed)
        #expect(!decide("iam:GetUser", "arn:aws:iam::111122223333:user/bob", set).isAllowed)
        // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond
        // the colon boundaries."
        #expect(decide("logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:x", set).isAllowed)
        #expect(decide("ec2:StartInstances", "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc", set).isAllowed)
        #expect(!decide("ec2:StartInstances", "arn:aws:ec2:us-east-1:999999999999:instance/i-0abc", set).isAllowed)
        #expect(!decide("ec2:StartInstances", "arn:aws:ec2:us-east-1:111122223333:volume/vol-1", set).isAllowed)
    }

    // "IAM JSON policy elements: NotResource": deny everything but the listed resources.
    @Test func notResource() {
        let set = PolicySet(identity: [identity(#"""
        {"Effect":"Allow","Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}
        """#)])
        #expect(decide("s3:GetObject", "arn:aws:s3:::HRBucket/Payroll/2024.csv", set).effect == .allowed)
        #expect(decide("s3:GetObject", "arn:aws:s3:::HRBucket/Payroll", set).effect == .allowed)
        #expect(decide("s3:GetObject", "arn:aws:s3:::HRBucket/Other", set).effect == .explicitDeny)
        let allowNot = PolicySet(identity: [identity(#"{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}"#)])
        #expect(decide("s3:GetObject", "arn:aws:s3:::public/x", allowNot).isAllowed)
        #expect(!decide("s3:GetObject", "arn:aws:s3:::secret/x", allowNot).isAllowed)
    }

    // Requests for actions without resource-level permissions carry resource "*".
    @Test func wildcardResourceRequests() {
        let set = PolicySet(identity: [identity(#"{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"arn:aws:s3:::*"}"#)])
        #expect(!decide("s3:ListAllMyBuckets", "*", set).isAllowed)
        let star = PolicySet(identity: [identity(#"{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}"#)])
        #expect(decide("s3:ListAllMyBuckets", "*", star).isAllowed)
    }

    @Test func globMatcher() {
        func matches(_ pattern: String, _ value: String) -> Bool {
            Glob.match(Glob.codes(wildcardText: pattern), value, foldCase: false)
        }
        #expect(matches("*", ""))
        #expect(matches("*", "anything"))
        #expect(matches("a*b*c", "aXXbYYc"))
        #expect(matches("a*b*c", "abc"))
        #expect(!matches("a*b*c", "acb"))
        #expect(matches("*a*a*a*b", "aaaaaaaaaaaaaaaaab"))
        #expect(!matches("*a*a*a*b", "aaaaaaaaaaaaaaaaaa"))
        #expect(matches("??", "éé"))
        #expect(!matches("?", "éé"))
        #expect(matches("h?llo*", "héllo world"))
        #expect(!matches("abc", "ab"))
        #expect(!matches("ab", "abc"))
        #expect(matches("", ""))
        #expect(!matches("", "a"))
        #expect(Glob.match(Glob.codes(wildcardText: "s3:get*", lowercase: true), "S3:GetObject", foldCase: true))
        let prefix = GlobPattern(wildcardText: "arn:aws:s3:::bucket/*")
        #expect(prefix.prefix != nil)
        #expect(prefix.matches("arn:aws:s3:::bucket/"))
        #expect(!prefix.matches("arn:aws:s3:::bucket"))
    }

    // "IAM JSON policy elements: Condition operators", ARN operators: each of the six components is matched
    // separately; the documented example matches with StringLike but not with ArnLike.
    @Test func arnMatchingBySegment() {
        let pattern = ArnPattern(codes: Glob.codes(wildcardText: "arn:aws:someservice:*:111122223333:finance/*"))
        let value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
        #expect(!pattern.matches(value))
        #expect(GlobPattern(wildcardText: "arn:aws:someservice:*:111122223333:finance/*").matches(value))
        #expect(pattern.matches("arn:aws:someservice:us-east-2:111122223333:finance/document.txt"))
        #expect(pattern.matches("arn:aws:someservice:us-east-2:111122223333:finance/a:b/c"))
        #expect(!ArnPattern(codes: Glob.codes(wildcardText: "arn:aws:iam::*")).matches("arn:aws:iam::111122223333:user/x"))
        #expect(ArnPattern(codes: Glob.codes(wildcardText: "*")).matches("anything"))
        #expect(!pattern.matches("not-an-arn"))
    }

    // A policy of more than 64 statements is evaluated without the action index, with the same result.
    @Test func largePolicies() {
        var statements = (0..<70).map { #"{"Effect":"Allow","Action":"svc\#($0):Do*","Resource":"arn:aws:svc\#($0):::thing/*"}"# }
        statements.append(#"{"Sid":"NoDelete","Effect":"Deny","Action":"*:Delete*","Resource":"*"}"#)
        statements.append(#"{"Effect":"Allow","NotAction":"svc1:*","Resource":"arn:aws:other:::x"}"#)
        let big = identity(statements.joined(separator: ","))
        #expect(big.actionIndex == nil)
        let set = PolicySet(identity: [big])
        #expect(decide("svc69:DoThing", "arn:aws:svc69:::thing/1", set).isAllowed)
        #expect(!decide("svc69:DoThing", "arn:aws:svc68:::thing/1", set).isAllowed)
        #expect(decide("svc3:DeleteThing", "*", set).effect == .explicitDeny)
        #expect(decide("svc2:Anything", "arn:aws:other:::x", set).isAllowed)
        #expect(!decide("svc1:Anything", "arn:aws:other:::x", set).isAllowed)
    }

    // "AWS JSON policy elements: Principal" as compiled sets.
    @Test func principalMatchLevels() {
        let account = Fixture.account
        let set = CompiledPrincipals(PrincipalSet(aws: [
            "arn:aws:iam::\(account):user/alice",
            "arn:aws:iam::\(account):role/Admin",
            "arn:aws:sts::\(account):assumed-role/Reader/s1",
            "444455556666",
        ], service: ["ec2.amazonaws.com"]))
        #expect(set.match(Fixture.alice) == .direct)
        #expect(set.match(.user(account: account, name: "carol")) == .none)
        #expect(set.match(Fixture.adminSession) == .entity)
        #expect(set.match(.roleSession(account: account, roleName: "Reader", sessionName: "s1")) == .direct)
        #expect(set.match(.roleSession(account: account, roleName: "Reader", sessionName: "s2")) == .none)
        #expect(set.match(Fixture.bob) == .account)
        #expect(set.match(.root(account: "444455556666")) == .account)
        #expect(set.match(.service("ec2.amazonaws.com")) == .direct)
        #expect(set.match(.service("lambda.amazonaws.com")) == .none)
        #expect(set.match(.anonymous) == .none)
        // A role with a path: the session ARN has no path, the role ARN does.
        let pathed = CompiledPrincipals(PrincipalSet(aws: ["arn:aws:iam::\(account):role/team/Deployer"]))
        #expect(pathed.match(.roleSession(account: account, roleName: "Deployer", sessionName: "ci", path: "/team/")) == .entity)
        #expect(pathed.match(.roleSession(account: account, roleName: "Deployer", sessionName: "ci")) == .none)
        // IAM stores trusted principals by unique ID.
        let byId = CompiledPrincipals(PrincipalSet(aws: ["AROAADMINEXAMPLE00001", "AIDAALICEEXAMPLE00001"]))
        #expect(byId.match(Fixture.adminSession) == .entity)
        #expect(byId.match(Fixture.alice) == .direct)
        // "Principal": "*" and {"AWS": "*"} include anonymous callers.
        #expect(CompiledPrincipals(.wildcard).match(.anonymous) == .direct)
        #expect(CompiledPrincipals(PrincipalSet(aws: ["*"])).match(.anonymous) == .direct)
        #expect(CompiledPrincipals(PrincipalSet(aws: ["*"])).match(.service("s3.amazonaws.com")) == .none)
        // "The account ARN and the shortened account ID behave the same way."
        #expect(CompiledPrincipals(PrincipalSet(aws: ["arn:aws:iam::444455556666:root"])).match(Fixture.bob) == .account)
        // Federated identities and canonical users.
        #expect(CompiledPrincipals(PrincipalSet(federated: ["accounts.google.com"])).match(.federatedIdentity(provider: "accounts.google.com")) == .direct)
        var withCanonical = Fixture.bob
        withCanonical.canonicalUserId = "79a59df9"
        #expect(CompiledPrincipals(PrincipalSet(canonicalUser: ["79a59df9"])).match(withCanonical) == .account)
        // A federated-user session: its own ARN directly, the IAM user who federated as the entity.
        let federated = PrincipalInfo.federatedUser(account: account, name: "fed", federatingUserArn: "arn:aws:iam::\(account):user/alice")
        #expect(CompiledPrincipals(PrincipalSet(aws: ["arn:aws:sts::\(account):federated-user/fed"])).match(federated) == .direct)
        #expect(CompiledPrincipals(PrincipalSet(aws: ["arn:aws:iam::\(account):user/alice"])).match(federated) == .entity)
    }

    // "AWS JSON policy elements: NotPrincipal": the account, the role and the session must all be named
    // for an assumed-role user to be excluded.
    @Test func notPrincipalExclusion() {
        let session = PrincipalInfo.roleSession(account: "444455556666", roleName: "cross-account-read-only-role",
                                                sessionName: "cross-account-audit-app")
        let complete = CompiledPrincipals(PrincipalSet(aws: [
            "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app",
            "arn:aws:iam::444455556666:role/cross-account-read-only-role",
            "arn:aws:iam::444455556666:root",
        ]))
        #expect(complete.excludes(session))
        let withoutRole = CompiledPrincipals(PrincipalSet(aws: [
            "arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app",
            "arn:aws:iam::444455556666:root",
        ]))
        #expect(!withoutRole.excludes(session))
        let bobOnly = CompiledPrincipals(PrincipalSet(aws: ["arn:aws:iam::444455556666:user/bob"]))
        #expect(!bobOnly.excludes(Fixture.bob))
        let bobAndAccount = CompiledPrincipals(PrincipalSet(aws: ["arn:aws:iam::444455556666:user/bob", "444455556666"]))
        #expect(bobAndAccount.excludes(Fixture.bob))
        #expect(!bobAndAccount.excludes(.user(account: "444455556666", name: "eve")))
        #expect(!bobAndAccount.excludes(.anonymous))
    }
}
