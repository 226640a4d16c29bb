import Testing
@testable import PolicyEngine

/// "Policy evaluation logic", "Policy evaluation for requests within a single account", "Cross-account
/// policy evaluation logic", "Permissions boundaries for IAM entities", "Session policies", "SCP evaluation".
@Suite struct EvaluationTests {
    let account = Fixture.account
    let other = Fixture.otherAccount

    // MARK: Identity-based and resource-based policies, same account

    // "Example identity-based and resource-based policy evaluation" (Carlos).
    @Test func carlosExample() {
        let carlos = PrincipalInfo.user(account: "123456789012", name: "carlossalazar")
        let identityPolicy = identity(#"""
        {"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetAccountPublicAccessBlock","s3:ListAccessPoints","s3:ListAllMyBuckets"],"Resource":"arn:aws:s3:::*"},
        {"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]},
        {"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}
        """#, id: "arn:aws:iam::123456789012:policy/carlos")
        let bucketPolicy = resourcePolicy(#"""
        {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/carlossalazar"},"Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]}
        """#, id: "bucket-policy")
        let set = PolicySet(identity: [identityPolicy], resourceBased: bucketPolicy)
        let logs = decide(carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar-logs/file", resourceAccount: "123456789012", set)
        #expect(logs.effect == .explicitDeny)
        #expect(logs.reason == "Denied by statement 'DenyS3Logs' of identity-based policy arn:aws:iam::123456789012:policy/carlos.")
        let own = decide(carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file", resourceAccount: "123456789012", set)
        #expect(own.effect == .allowed)
        // "If one of the policy types allows the request and the other doesn't, the request is still allowed."
        let identityOnly = decide(carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file", PolicySet(identity: [identityPolicy]))
        #expect(identityOnly.effect == .allowed)
        #expect(identityOnly.detail.grantedBy == .identityPolicies)
        let resourceOnly = decide(carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file", resourceAccount: "123456789012",
                                  PolicySet(resourceBased: bucketPolicy))
        #expect(resourceOnly.effect == .allowed)
        #expect(resourceOnly.detail.grantedBy == .resourcePolicy)
        #expect(resourceOnly.reason == "Allowed by statement 0 of resource-based policy bucket-policy.")
    }

    // "An explicit deny in any of these policies overrides the allow."
    @Test func explicitDenyInAnyPolicyWins() {
        let allowAll = identity(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        let denyBucket = resourcePolicy(#"{"Sid":"NoDelete","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b/*"}"#)
        let d = decide("s3:DeleteObject", "arn:aws:s3:::b/x", PolicySet(identity: [allowAll], resourceBased: denyBucket))
        #expect(d.effect == .explicitDeny)
        #expect(d.detail.resourceBased == .explicitDeny)
        #expect(d.reason.contains("resource-based policy resource"))
        let boundaryDeny = policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#,
                                  kind: .permissionsBoundary, id: "boundary")
        #expect(decide("iam:CreateUser", "*", PolicySet(identity: [allowAll], permissionsBoundary: boundaryDeny)).effect == .explicitDeny)
        let sessionDeny = policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#,
                                 kind: .session, id: "session")
        let session = decide(Fixture.adminSession, "s3:GetObject", "*", PolicySet(identity: [allowAll], session: [sessionDeny]))
        #expect(session.effect == .explicitDeny)
        #expect(session.detail.session == .explicitDeny)
        // A deny beats even a resource policy that names the user directly.
        let allowAlice = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:*","Resource":"*"}"#)
        let denyIdentity = identity(#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#)
        #expect(decide("s3:GetObject", "arn:aws:s3:::b/x", PolicySet(identity: [denyIdentity], resourceBased: allowAlice)).effect == .explicitDeny)
    }

    // "By default, all requests are implicitly denied".
    @Test func implicitDenyByDefault() {
        let d = decide("s3:GetObject", "arn:aws:s3:::b/x", PolicySet())
        #expect(d.effect == .implicitDeny)
        #expect(d.detail.implicitDenyReason == .identityPolicies)
        #expect(d.reason == "Implicitly denied: no identity-based policy allows s3:GetObject on arn:aws:s3:::b/x.")
    }

    // "Resource-based policies and implicit denies in other policy types (same account)".
    @Test func sameAccountResourcePolicyByPrincipalType() {
        let boundary = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}}"#,
                              kind: .permissionsBoundary, id: "boundary")
        let secret = "arn:aws:secretsmanager:us-east-1:\(account):secret:db"
        func set(_ principalARN: String, session: [Policy] = []) -> PolicySet {
            PolicySet(resourceBased: resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"\#(principalARN)"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}"#),
                      permissionsBoundary: boundary, session: session)
        }
        // IAM user ARN: "not limited by an implicit deny in an identity-based policy or permissions boundary".
        let user = decide("secretsmanager:GetSecretValue", secret, resourceAccount: account, set("arn:aws:iam::\(account):user/alice"))
        #expect(user.effect == .allowed)
        #expect(user.detail.resourcePrincipalMatch == .direct)
        // IAM role ARN: "limited by an implicit deny in a permissions boundary or session policy".
        let role = decide(Fixture.adminSession, "secretsmanager:GetSecretValue", secret, resourceAccount: account, set("arn:aws:iam::\(account):role/Admin"))
        #expect(role.effect == .implicitDeny)
        #expect(role.detail.implicitDenyReason == .permissionsBoundary)
        #expect(role.detail.resourcePrincipalMatch == .entity)
        let roleWithoutBoundary = PolicySet(resourceBased: resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Admin"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}"#))
        #expect(decide(Fixture.adminSession, "secretsmanager:GetSecretValue", secret, roleWithoutBoundary).effect == .allowed)
        // IAM role session ARN: "not limited by an implicit deny in an identity-based policy, a permissions
        // boundary, or session policy".
        let sessionPolicy = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#, kind: .session, id: "session")
        let sessionARN = decide(Fixture.adminSession, "secretsmanager:GetSecretValue", secret,
                                set("arn:aws:sts::\(account):assumed-role/Admin/work", session: [sessionPolicy]))
        #expect(sessionARN.effect == .allowed)
        let roleARNWithSessionPolicy = decide(Fixture.adminSession, "secretsmanager:GetSecretValue", secret,
                                              PolicySet(resourceBased: resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Admin"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}"#),
                                                        session: [sessionPolicy]))
        #expect(roleARNWithSessionPolicy.effect == .implicitDeny)
        #expect(roleARNWithSessionPolicy.detail.implicitDenyReason == .sessionPolicies)
    }

    // "IAM federated user sessions": the session ARN directly, or the IAM user who federated.
    @Test func federatedUserSessions() {
        let fed = PrincipalInfo.federatedUser(account: account, name: "contractor", federatingUserArn: "arn:aws:iam::\(account):user/alice")
        let userPolicy = identity(#"{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*"}"#)
        let sessionPolicy = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#, kind: .session, id: "session")
        // Permissions are the intersection of the user's identity policy and the session policy.
        #expect(decide(fed, "s3:GetObject", "*", PolicySet(identity: [userPolicy], session: [sessionPolicy])).effect == .allowed)
        let narrowed = decide(fed, "sqs:SendMessage", "*", PolicySet(identity: [userPolicy], session: [sessionPolicy]))
        #expect(narrowed.effect == .implicitDeny)
        #expect(narrowed.detail.implicitDenyReason == .sessionPolicies)
        // "If there is no session policy ... Otherwise, the request is implicitly denied" (not a role session).
        let noPolicy = decide(fed, "s3:GetObject", "*", PolicySet(identity: [userPolicy]))
        #expect(noPolicy.effect == .implicitDeny)
        #expect(noPolicy.detail.implicitDenyReason == .federatedUserWithoutSessionPolicy)
        // A resource policy naming the federated-user ARN grants directly to the session.
        let direct = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:federated-user/contractor"},"Action":"sqs:SendMessage","Resource":"*"}"#)
        #expect(decide(fed, "sqs:SendMessage", "*", PolicySet(identity: [userPolicy], resourceBased: direct, session: [sessionPolicy])).effect == .allowed)
        // "if a resource-based policy grants permission to the ARN of the IAM user who federated, then requests
        // made by the federated user during the session are limited by an implicit deny in a permission
        // boundary or session policy."
        let viaUser = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sqs:SendMessage","Resource":"*"}"#)
        #expect(decide(fed, "sqs:SendMessage", "*", PolicySet(resourceBased: viaUser, session: [sessionPolicy])).effect == .implicitDeny)
        let broadSession = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:*","Resource":"*"}}"#, kind: .session, id: "broad")
        #expect(decide(fed, "sqs:SendMessage", "*", PolicySet(resourceBased: viaUser, session: [broadSession])).effect == .allowed)
    }

    // MARK: Permissions boundaries

    // "Permissions boundaries for IAM entities": ShirleyRodriguez may manage only S3, CloudWatch and EC2.
    @Test func boundaryCapsIdentityPolicies() {
        let boundary = policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}]}"#,
                              kind: .permissionsBoundary, id: "arn:aws:iam::111122223333:policy/ShirleyBoundary")
        let shirley = PrincipalInfo.user(account: account, name: "ShirleyRodriguez")
        let createUser = identity(#"{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}"#)
        let denied = decide(shirley, "iam:CreateUser", "*", PolicySet(identity: [createUser], permissionsBoundary: boundary))
        #expect(denied.effect == .implicitDeny)
        #expect(denied.detail.implicitDenyReason == .permissionsBoundary)
        #expect(denied.reason == "Implicitly denied: the permissions boundary does not allow iam:CreateUser on *.")
        // A boundary "does not provide permissions on its own".
        #expect(decide(shirley, "s3:GetObject", "*", PolicySet(permissionsBoundary: boundary)).effect == .implicitDeny)
        let admin = identity(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        #expect(decide(shirley, "s3:GetObject", "*", PolicySet(identity: [admin], permissionsBoundary: boundary)).effect == .allowed)
        #expect(decide(shirley, "iam:DeleteRole", "*", PolicySet(identity: [admin], permissionsBoundary: boundary)).effect == .implicitDeny)
    }

    // "Permissions boundaries for IAM entities", the Nikhil example: resource policies are not limited by
    // the boundary, but an explicit deny in the boundary still applies.
    @Test func boundaryAndResourcePolicies() {
        let boundary = policy(#"""
        {"Version":"2012-10-17","Statement":[
          {"Sid":"ServiceBoundaries","Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*","dynamodb:*"],"Resource":"*"},
          {"Sid":"DenyEC2Production","Effect":"Deny","Action":"ec2:*","Resource":"arn:aws:ec2:*:*:instance/i-1234567890abcdef0"}]}
        """#, kind: .permissionsBoundary, id: "XCompanyBoundaries")
        let nikhil = PrincipalInfo.user(account: account, name: "Nikhil")
        let secretPolicy = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/Nikhil"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}"#)
        #expect(decide(nikhil, "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:x",
                       PolicySet(resourceBased: secretPolicy, permissionsBoundary: boundary)).effect == .allowed)
        let instancePolicy = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/Nikhil"},"Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"*"}"#)
        let stop = decide(nikhil, "ec2:StopInstances", "arn:aws:ec2:us-east-1:111122223333:instance/i-1234567890abcdef0",
                          PolicySet(resourceBased: instancePolicy, permissionsBoundary: boundary))
        #expect(stop.effect == .explicitDeny)
        #expect(stop.reason == "Denied by statement 'DenyEC2Production' of permissions boundary XCompanyBoundaries.")
    }

    // "Permissions boundaries for IAM entities": a NotPrincipal Deny "will always deny any IAM principal that
    // has a permissions boundary policy attached, regardless of the values specified in the NotPrincipal".
    @Test func notPrincipalDenyWithBoundary() {
        let bucket = resourcePolicy(#"""
        {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:*","Resource":"*"},
        {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:root"]},"Action":"s3:*","Resource":"*"}
        """#)
        #expect(decide("s3:GetObject", "arn:aws:s3:::b/x", PolicySet(resourceBased: bucket)).effect == .allowed)
        #expect(decide(.user(account: account, name: "eve"), "s3:GetObject", "arn:aws:s3:::b/x", PolicySet(resourceBased: bucket)).effect == .explicitDeny)
        let boundary = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#, kind: .permissionsBoundary, id: "b")
        #expect(decide("s3:GetObject", "arn:aws:s3:::b/x", PolicySet(resourceBased: bucket, permissionsBoundary: boundary)).effect == .explicitDeny)
    }

    // MARK: Session policies

    // "Session policies": the session's permissions are the intersection of the role's identity-based
    // policies and the session policies; several session policies together.
    @Test func sessionPolicyIntersection() {
        let roleIdentity = identity(#"{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}"#)
        let inline = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#, kind: .session, id: "inline")
        let managed = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["ec2:Describe*","iam:*"],"Resource":"*"}}"#, kind: .session, id: "managed")
        let set = PolicySet(identity: [roleIdentity], session: [inline, managed])
        #expect(decide(Fixture.adminSession, "s3:GetObject", "*", set).effect == .allowed)
        #expect(decide(Fixture.adminSession, "ec2:DescribeVpcs", "*", set).effect == .allowed)
        let put = decide(Fixture.adminSession, "s3:PutObject", "*", set)
        #expect(put.effect == .implicitDeny)
        #expect(put.detail.implicitDenyReason == .sessionPolicies)
        // A session policy cannot grant what the identity policy does not.
        let iam = decide(Fixture.adminSession, "iam:CreateUser", "*", set)
        #expect(iam.effect == .implicitDeny)
        #expect(iam.detail.implicitDenyReason == .identityPolicies)
        // A role session without session policies has the role's permissions.
        #expect(decide(Fixture.adminSession, "ec2:RunInstances", "*", PolicySet(identity: [roleIdentity])).effect == .allowed)
        // With a permissions boundary too: all three must allow.
        let boundary = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#, kind: .permissionsBoundary, id: "b")
        let three = PolicySet(identity: [roleIdentity], permissionsBoundary: boundary, session: [inline, managed])
        #expect(decide(Fixture.adminSession, "ec2:DescribeVpcs", "*", three).effect == .allowed)
        #expect(decide(Fixture.adminSession, "s3:GetObject", "*", three).effect == .implicitDeny)
    }

    // MARK: Cross-account

    // "Cross-account policy evaluation logic": both the resource policy and the identity policies must allow.
    @Test func crossAccountNeedsBoth() {
        let bucket = "arn:aws:s3:::shared/report.csv"
        let bobIdentity = identity(#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}"#)
        let namesBob = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/bob"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}"#)
        let namesAccount = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}"#)
        let identityOnly = decide(Fixture.bob, "s3:GetObject", bucket, resourceAccount: account, PolicySet(identity: [bobIdentity]))
        #expect(identityOnly.effect == .implicitDeny)
        #expect(identityOnly.detail.implicitDenyReason == .crossAccountResourcePolicy)
        #expect(identityOnly.detail.isCrossAccount)
        let resourceOnly = decide(Fixture.bob, "s3:GetObject", bucket, resourceAccount: account, PolicySet(resourceBased: namesBob))
        #expect(resourceOnly.effect == .implicitDeny)
        #expect(resourceOnly.detail.implicitDenyReason == .identityPolicies)
        let both = decide(Fixture.bob, "s3:GetObject", bucket, resourceAccount: account, PolicySet(identity: [bobIdentity], resourceBased: namesBob))
        #expect(both.effect == .allowed)
        #expect(both.detail.grantedBy == .resourcePolicy)
        #expect(both.reason.hasPrefix("Allowed cross-account by statement 0 of resource-based policy"))
        // "AWS account principals": the account delegates to its own identity policies.
        #expect(decide(Fixture.bob, "s3:GetObject", bucket, resourceAccount: account, PolicySet(identity: [bobIdentity], resourceBased: namesAccount)).effect == .allowed)
        #expect(decide(Fixture.bob, "s3:GetObject", bucket, resourceAccount: account, PolicySet(resourceBased: namesAccount)).effect == .implicitDeny)
        // Another account's principals are not named.
        let carol = PrincipalInfo.user(account: "777788889999", name: "bob")
        #expect(decide(carol, "s3:GetObject", bucket, resourceAccount: account, PolicySet(identity: [bobIdentity], resourceBased: namesAccount)).effect == .implicitDeny)
        // The principal's boundary still applies cross-account.
        let boundary = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#, kind: .permissionsBoundary, id: "b")
        #expect(decide(Fixture.bob, "s3:GetObject", bucket, resourceAccount: account,
                       PolicySet(identity: [bobIdentity], resourceBased: namesBob, permissionsBoundary: boundary)).effect == .implicitDeny)
    }

    // "Policy evaluation logic": for the same account an account principal does not grant by itself — it
    // delegates to the identity-based policies.
    @Test func sameAccountAccountPrincipal() {
        let namesAccount = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sqs:SendMessage","Resource":"*"}"#)
        let queue = "arn:aws:sqs:us-east-1:111122223333:jobs"
        #expect(decide("sqs:SendMessage", queue, resourceAccount: account, PolicySet(resourceBased: namesAccount)).effect == .implicitDeny)
        let allow = identity(#"{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}"#)
        let d = decide("sqs:SendMessage", queue, resourceAccount: account, PolicySet(identity: [allow], resourceBased: namesAccount))
        #expect(d.effect == .allowed)
        #expect(d.detail.grantedBy == .identityPolicies)
        #expect(d.detail.resourcePrincipalMatch == .account)
        // A Deny naming the account denies every principal in it.
        let denyAccount = resourcePolicy(#"{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"sqs:*","Resource":"*"}"#)
        #expect(decide("sqs:SendMessage", queue, PolicySet(identity: [allow], resourceBased: denyAccount)).effect == .explicitDeny)
    }

    // MARK: Role trust policies

    // "IAM role trust policies and KMS key policies are exceptions to this logic, because they must explicitly
    // allow access for principals."
    @Test func trustPolicies() {
        let role = "arn:aws:iam::\(account):role/Deployer"
        let trustsAccount = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}"#, kind: .trust)
        let trustsAlice = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"}"#, kind: .trust)
        let trustsEC2 = resourcePolicy(#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#, kind: .trust)
        let canAssume = identity(#"{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/*"}"#)
        #expect(decide("sts:AssumeRole", role, PolicySet(identity: [canAssume], resourceBased: trustsAccount)).effect == .allowed)
        #expect(decide("sts:AssumeRole", role, PolicySet(resourceBased: trustsAccount)).effect == .implicitDeny)
        #expect(decide("sts:AssumeRole", role, PolicySet(resourceBased: trustsAlice)).effect == .allowed)
        let notTrusted = decide("sts:AssumeRole", role, PolicySet(identity: [canAssume], resourceBased: trustsEC2))
        #expect(notTrusted.effect == .implicitDeny)
        #expect(notTrusted.detail.implicitDenyReason == .resourcePolicyRequired)
        #expect(decide(.service("ec2.amazonaws.com"), "sts:AssumeRole", role, PolicySet(resourceBased: trustsEC2)).effect == .allowed)
        #expect(decide(.service("lambda.amazonaws.com"), "sts:AssumeRole", role, PolicySet(resourceBased: trustsEC2)).effect == .implicitDeny)
        // Web identity federation.
        let trustsGoogle = resourcePolicy(#"{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"my-app"}}}"#, kind: .trust)
        let google = PrincipalInfo.federatedIdentity(provider: "accounts.google.com")
        #expect(decide(google, "sts:AssumeRoleWithWebIdentity", role, context: ["accounts.google.com:aud": "my-app"], PolicySet(resourceBased: trustsGoogle)).isAllowed)
        #expect(!decide(google, "sts:AssumeRoleWithWebIdentity", role, context: ["accounts.google.com:aud": "other"], PolicySet(resourceBased: trustsGoogle)).isAllowed)
        // Cross-account role assumption: the trust policy names the account, the user's account allows.
        let trustsOther = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}"#, kind: .trust)
        let bobCanAssume = identity(#"{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}"#)
        #expect(decide(Fixture.bob, "sts:AssumeRole", role, resourceAccount: account, PolicySet(identity: [bobCanAssume], resourceBased: trustsOther)).isAllowed)
        #expect(!decide(Fixture.bob, "sts:AssumeRole", role, resourceAccount: account, PolicySet(resourceBased: trustsOther)).isAllowed)
        // KMS-style: the caller can require the resource policy for other resources too.
        let keyPolicy = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/carol"},"Action":"kms:*","Resource":"*"}"#)
        let kmsAll = identity(#"{"Effect":"Allow","Action":"kms:*","Resource":"*"}"#)
        #expect(!decide("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k", PolicySet(identity: [kmsAll], resourceBased: keyPolicy, resourcePolicyMustAllow: true)).isAllowed)
        #expect(decide("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k", PolicySet(identity: [kmsAll], resourceBased: keyPolicy)).isAllowed)
    }

    // MARK: Services and anonymous callers

    @Test func servicePrincipalsAndAnonymousCallers() {
        let trail = resourcePolicy(#"{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::trail/AWSLogs/*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}"#)
        let cloudtrail = PrincipalInfo.service("cloudtrail.amazonaws.com")
        #expect(decide(cloudtrail, "s3:PutObject", "arn:aws:s3:::trail/AWSLogs/x", context: ["aws:SourceAccount": "111122223333"], PolicySet(resourceBased: trail)).isAllowed)
        #expect(!decide(cloudtrail, "s3:PutObject", "arn:aws:s3:::trail/AWSLogs/x", context: ["aws:SourceAccount": "999999999999"], PolicySet(resourceBased: trail)).isAllowed)
        let noPolicy = decide(cloudtrail, "s3:PutObject", "arn:aws:s3:::trail/AWSLogs/x", PolicySet())
        #expect(noPolicy.detail.implicitDenyReason == .resourcePolicyDoesNotNamePrincipal)
        // A public bucket: "Principal": "*" allows anonymous requests.
        let publicRead = resourcePolicy(#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::site/*"}"#)
        #expect(decide(.anonymous, "s3:GetObject", "arn:aws:s3:::site/index.html", PolicySet(resourceBased: publicRead)).isAllowed)
        #expect(!decide(.anonymous, "s3:PutObject", "arn:aws:s3:::site/index.html", PolicySet(resourceBased: publicRead)).isAllowed)
        // ...and same-account IAM principals directly, whatever their boundary ("Principal" element: wildcard
        // grants are not limited by permissions boundaries or session policies).
        let boundary = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#, kind: .permissionsBoundary, id: "b")
        #expect(decide("s3:GetObject", "arn:aws:s3:::site/index.html", PolicySet(resourceBased: publicRead, permissionsBoundary: boundary)).isAllowed)
    }

    // MARK: Root user

    // "By default, all requests are implicitly denied with the exception of the AWS account root user, which
    // has full access."
    @Test func rootUser() {
        let root = Fixture.root
        #expect(root.isRoot)
        let d = decide(root, "iam:DeleteAccountPasswordPolicy", "*", PolicySet())
        #expect(d.effect == .allowed)
        #expect(d.detail.grantedBy == .rootUser)
        #expect(d.reason == "Allowed: the root user has full access to its own account.")
        // An explicit deny in a resource policy naming the account applies to root too.
        let deny = resourcePolicy(#"{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:DeleteBucket","Resource":"*"}"#)
        #expect(decide(root, "s3:DeleteBucket", "arn:aws:s3:::b", PolicySet(resourceBased: deny)).effect == .explicitDeny)
        // Cross-account, root still needs the other account's resource policy.
        let otherRoot = PrincipalInfo.root(account: other)
        #expect(decide(otherRoot, "s3:GetObject", "arn:aws:s3:::b/x", resourceAccount: account, PolicySet()).effect == .implicitDeny)
        let grant = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"*"}"#)
        #expect(decide(otherRoot, "s3:GetObject", "arn:aws:s3:::b/x", resourceAccount: account, PolicySet(resourceBased: grant)).effect == .allowed)
    }

    // MARK: SCPs and RCPs

    // "SCP evaluation": every level (root, each OU, the account) must allow; SCPs never grant; they bind the
    // root user of member accounts; not the management account; not service-linked roles.
    @Test func serviceControlPolicyLevels() {
        let fullAccess = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#, kind: .serviceControl, id: "p-FullAWSAccess")
        let onlyS3AndEC2 = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}}"#, kind: .serviceControl, id: "p-ou-workloads")
        let denyRegions = policy(#"{"Version":"2012-10-17","Statement":{"Sid":"DenyOutsideEU","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}}"#,
                                kind: .serviceControl, id: "p-regions")
        let admin = identity(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        let levels = [[fullAccess], [onlyS3AndEC2], [fullAccess, denyRegions]]
        let set = PolicySet(identity: [admin], serviceControl: levels)
        let eu: ConditionContext = ["aws:RequestedRegion": "eu-west-1"]
        #expect(decide("s3:GetObject", "*", context: eu, set).effect == .allowed)
        let iam = decide("iam:CreateUser", "*", context: eu, set)
        #expect(iam.effect == .implicitDeny)
        #expect(iam.detail.implicitDenyReason == .serviceControlPolicies(level: 1))
        #expect(iam.reason == "Implicitly denied: no service control policy at level 1 allows iam:CreateUser.")
        let us = decide("ec2:RunInstances", "*", context: ["aws:RequestedRegion": "us-east-1"], set)
        #expect(us.effect == .explicitDeny)
        #expect(us.reason == "Denied by statement 'DenyOutsideEU' of service control policy p-regions.")
        #expect(us.decidingStatements.first?.level == 2)
        // SCPs never grant.
        #expect(decide("s3:GetObject", "*", context: eu, PolicySet(serviceControl: levels)).effect == .implicitDeny)
        // They bind the root user of a member account.
        #expect(decide(Fixture.root, "iam:CreateUser", "*", context: eu, set).effect == .implicitDeny)
        #expect(decide(Fixture.root, "s3:CreateBucket", "*", context: eu, set).effect == .allowed)
        // Management account (nil): not limited.
        #expect(decide(Fixture.root, "iam:CreateUser", "*", PolicySet()).effect == .allowed)
        // Service-linked roles are exempt.
        let linked = PrincipalInfo.roleSession(account: account, roleName: "AWSServiceRoleForSupport", sessionName: "s",
                                               path: "/aws-service-role/support.amazonaws.com/", isServiceLinkedRole: true)
        #expect(decide(linked, "iam:CreateUser", "*", PolicySet(identity: [admin], serviceControl: levels)).effect == .allowed)
        // A level with no policy allows nothing.
        #expect(decide("s3:GetObject", "*", context: eu, PolicySet(identity: [admin], serviceControl: [[fullAccess], []])).effect == .implicitDeny)
        // Detail.
        let detail = decide("s3:GetObject", "*", context: eu, set, options: .simulation).detail
        #expect(detail.serviceControl == .allowed)
        #expect(detail.identity == .allowed)
    }

    // "Resource control policies": the resource's account; every level must allow; explicit denies apply.
    @Test func resourceControlPolicies() {
        let full = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#, kind: .resourceControl, id: "RCPFullAWSAccess")
        let tls = policy(#"{"Version":"2012-10-17","Statement":{"Sid":"EnforceTLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}}"#,
                         kind: .resourceControl, id: "tls")
        let admin = identity(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        let set = PolicySet(identity: [admin], resourceControl: [[full, tls]])
        #expect(decide("s3:GetObject", "arn:aws:s3:::b/x", context: ["aws:SecureTransport": true], set).effect == .allowed)
        #expect(decide("s3:GetObject", "arn:aws:s3:::b/x", context: ["aws:SecureTransport": false], set).effect == .explicitDeny)
        let none = decide("s3:GetObject", "arn:aws:s3:::b/x", context: ["aws:SecureTransport": true], PolicySet(identity: [admin], resourceControl: [[tls]]))
        #expect(none.detail.implicitDenyReason == .resourceControlPolicies(level: 0))
    }

    // MARK: Reporting

    @Test func simulationReportsEveryMatch() {
        let a = identity(#"{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"B","Effect":"Allow","Action":"s3:Get*","Resource":"*"}"#, id: "first")
        let b = identity(#"{"Sid":"C","Effect":"Allow","Action":"*","Resource":"*"}"#, id: "second")
        let fast = decide("s3:GetObject", "*", PolicySet(identity: [a, b]))
        #expect(fast.matchedStatements.count == 1)
        let full = decide("s3:GetObject", "*", PolicySet(identity: [a, b]), options: .simulation)
        #expect(full.matchedStatements.map(\.description) == [
            "statement 'A' of identity-based policy first",
            "statement 'B' of identity-based policy first",
            "statement 'C' of identity-based policy second",
        ])
        #expect(full.decidingStatements.count == 3)
        #expect(full.reason == "Allowed by statement 'A' of identity-based policy first.")
        #expect(full.detail.permissionsBoundary == .notApplicable)
        #expect(full.detail.resourceBased == .notApplicable)
        #expect(full.detail.session == .notApplicable)
    }

    // "An explicit deny in any policy overrides any allows" — and an implicit deny: the answer is an
    // explicit deny even when an SCP level already lacks an Allow.
    @Test func explicitDenyOutranksImplicitDeny() {
        let onlyS3 = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#, kind: .serviceControl, id: "scp")
        let deny = identity(#"{"Sid":"NoIAM","Effect":"Deny","Action":"iam:*","Resource":"*"}"#)
        let d = decide("iam:CreateUser", "*", PolicySet(identity: [deny], serviceControl: [[onlyS3]]))
        #expect(d.effect == .explicitDeny)
        #expect(d.detail.identity == .explicitDeny)
        let full = decide("iam:CreateUser", "*", PolicySet(identity: [deny], serviceControl: [[onlyS3]]), options: .simulation)
        #expect(full.detail.serviceControl == .implicitDeny)
        #expect(full.detail.identity == .explicitDeny)
    }

    // Fast evaluation stops early and says so; full evaluation reports every kind of policy.
    @Test func outcomesByPolicyType() {
        let allow = identity(#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#)
        let boundary = policy(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}"#, kind: .permissionsBoundary, id: "b")
        let bucket = resourcePolicy(#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}"#)
        let set = PolicySet(identity: [allow], resourceBased: bucket, permissionsBoundary: boundary)
        let full = decide("s3:PutObject", "arn:aws:s3:::b/x", set, options: .simulation)
        #expect(full.effect == .implicitDeny)
        #expect(full.detail.identity == .allowed)
        #expect(full.detail.permissionsBoundary == .implicitDeny)
        #expect(full.detail.resourceBased == .allowed)
        #expect(full.detail.resourcePrincipalMatch == .account)
        #expect(full.detail.implicitDenyReason == .permissionsBoundary)
        #expect(full.decidingStatements.isEmpty)
        let get = decide("s3:GetObject", "arn:aws:s3:::b/x", set, options: .simulation)
        #expect(get.effect == .allowed)
        #expect(get.detail.grantedBy == .identityPolicies)
        #expect(Set(get.matchedStatements.map(\.policyType)) == [.identity, .permissionsBoundary, .resourceBased])
        #expect(get.matchedStatements.first { $0.policyType == .resourceBased }?.principalMatch == .account)
    }

    @Test func contextAPI() {
        var context: ConditionContext = ["AWS:SourceIp": "10.0.0.1", "aws:sourceip": "10.0.0.2"]
        #expect(context.count == 1)
        #expect(context["aws:SOURCEIP"] == "10.0.0.2")
        context["Ex:Key"] = ["a", "b"]
        #expect(context.keys.sorted() == ["aws:sourceip", "ex:key"])
        context["ex:key"] = nil
        #expect(context.count == 1)
        let fromDictionary = ConditionContext(["S3:Prefix": "home/", "aws:MultiFactorAuthPresent": true])
        #expect(fromDictionary["s3:prefix"] == "home/")
        #expect(ConditionValue.ip("not an ip") == .string("not an ip"))
        #expect(ConditionValue.strings(["a"]) == .list([.string("a")]))
        #expect(ConditionValue.number(10).text == "10")
        #expect(ConditionValue.number(2.5).text == "2.5")
    }
}
