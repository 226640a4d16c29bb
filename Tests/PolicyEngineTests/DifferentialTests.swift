import Foundation
import Testing
@testable import PolicyEngine

/// Randomized differential testing (after Cedar's): many small random policy sets and requests, decided by
/// the compiled ``Evaluator`` (fast and full) and by the naive ``ReferenceEvaluator``; every decision must
/// agree.
@Suite struct DifferentialTests {
    /// SplitMix64: deterministic, so a failure can be replayed from its seed.
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
        mutating func some<T>(_ items: [T], max: Int) -> [T] { (0..<(1 + int(max))).map { _ in pick(items) } }
    }

    static let a = "111122223333"
    static let b = "444455556666"

    static let actions = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:DescribeInstances", "ec2:RunInstances",
                          "iam:CreateUser", "iam:GetUser", "sts:AssumeRole"]
    static let actionPatterns = ["s3:GetObject", "S3:getobject", "s3:*", "s3:Get*", "s3:*Object", "ec2:Describe*", "ec2:?unInstances",
                                 "iam:*", "iam:GetUser", "*", "*:Get*", "sts:AssumeRole", "ec2:RunInstances", "s3:List*"]
    static let resources = ["arn:aws:s3:::bucket-a/key1", "arn:aws:s3:::bucket-a/alice/notes", "arn:aws:s3:::bucket-b/key1",
                            "arn:aws:s3:::bucket-a", "arn:aws:ec2:us-east-1:\(a):instance/i-1", "arn:aws:iam::\(a):user/alice", "*"]
    static let resourcePatterns = ["*", "arn:aws:s3:::bucket-a/*", "arn:aws:s3:::bucket-?/key1", "arn:aws:s3:::*",
                                   "arn:aws:ec2:*:\(a):instance/*", "arn:aws:s3:::bucket-a/${aws:username}/*",
                                   "arn:aws:iam::\(a):user/${aws:username}", "arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-a/${aws:PrincipalTag/team, 'key1'}",
                                   "arn:aws:s3:::bucket-a/key${?}", "arn:aws:iam::*:user/*"]
    static let conditions = [
        #"{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}"#,
        #"{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}"#,
        #"{"StringEqualsIfExists":{"aws:RequestedRegion":"eu-west-1"}}"#,
        #"{"StringLike":{"s3:prefix":["home/${aws:username}/*",""]}}"#,
        #"{"StringNotLike":{"s3:prefix":"secret*"}}"#,
        #"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"BLUE"}}"#,
        #"{"StringEquals":{"aws:PrincipalTag/team":"${aws:username}"}}"#,
        #"{"NumericLessThan":{"ex:count":"10"}}"#,
        #"{"NumericGreaterThanEquals":{"ex:count":["5","100"]}}"#,
        #"{"NumericNotEqualsIfExists":{"ex:count":"7"}}"#,
        #"{"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#,
        #"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#,
        #"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
        #"{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.1.0/24"]}}"#,
        #"{"DateLessThan":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}"#,
        #"{"DateGreaterThanEquals":{"aws:CurrentTime":"2024-06-01T00:00:00Z"}}"#,
        #"{"Null":{"aws:TokenIssueTime":"true"}}"#,
        #"{"Null":{"aws:TagKeys":"false"}}"#,
        #"{"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}"#,
        #"{"ForAnyValue:StringLike":{"aws:TagKeys":"t*"}}"#,
        #"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"team"}}"#,
        #"{"ForAllValues:StringNotLike":{"aws:TagKeys":"secret*"}}"#,
        #"{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:\#(a):*"}}"#,
        #"{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:\#(a):topic"}}"#,
        #"{"StringEquals":{"aws:RequestedRegion":"us-east-1"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}"#,
    ]
    static let principalElements = [
        #""*""#, #"{"AWS":"*"}"#, #"{"AWS":"\#(a)"}"#, #"{"AWS":"arn:aws:iam::\#(b):root"}"#, #"{"AWS":"arn:aws:iam::\#(a):user/alice"}"#,
        #"{"AWS":"arn:aws:iam::\#(a):role/Admin"}"#, #"{"AWS":"arn:aws:sts::\#(a):assumed-role/Admin/work"}"#,
        #"{"AWS":["arn:aws:iam::\#(b):user/bob","\#(b)"]}"#, #"{"Service":"s3.amazonaws.com"}"#,
        #"{"AWS":"arn:aws:sts::\#(a):federated-user/fed"}"#, #"{"AWS":["arn:aws:iam::\#(a):user/alice","arn:aws:iam::\#(a):root"]}"#,
    ]

    static let principals: [PrincipalInfo] = [
        .user(account: a, name: "alice", tags: ["team": "blue"]),
        .user(account: a, name: "blue"),
        .user(account: b, name: "bob"),
        .roleSession(account: a, roleName: "Admin", sessionName: "work", tags: ["Team": "alice"]),
        .roleSession(account: a, roleName: "Admin", sessionName: "other"),
        .root(account: a),
        .root(account: b),
        .federatedUser(account: a, name: "fed", federatingUserArn: "arn:aws:iam::\(a):user/alice"),
        .service("s3.amazonaws.com"),
        .anonymous,
    ]

    static func statement(_ rng: inout RNG, kind: PolicyKind, sid: Int) -> String {
        let deny = rng.chance(35)
        var parts = [#""Sid":"S\#(sid)""#, #""Effect":"\#(deny ? "Deny" : "Allow")""#]
        let actionList = rng.some(actionPatterns, max: 2).map { "\"\($0)\"" }.joined(separator: ",")
        parts.append(#""\#(rng.chance(15) ? "NotAction" : "Action")":[\#(actionList)]"#)
        if kind != .trust {
            if kind == .resource && rng.chance(15) {
                // A resource-based policy may leave Resource out.
            } else {
                let list = rng.some(resourcePatterns, max: 2).map { "\"\($0)\"" }.joined(separator: ",")
                parts.append(#""\#(rng.chance(12) ? "NotResource" : "Resource")":[\#(list)]"#)
            }
        }
        if kind == .resource || kind == .trust {
            let element = rng.pick(principalElements)
            parts.append(deny && kind == .resource && rng.chance(25) ? #""NotPrincipal":\#(element)"# : #""Principal":\#(element)"#)
        }
        if kind == .resourceControl { parts.append(#""Principal":"*""#) }
        if rng.chance(45) {
            let first = rng.pick(conditions)
            if rng.chance(25) {
                // Merge a second block (different operators only).
                let second = rng.pick(conditions)
                let firstOp = first.split(separator: "\"")[1]
                let secondOp = second.split(separator: "\"")[1]
                if firstOp != secondOp, !first.contains("},\""), !second.contains("},\"") {
                    parts.append(#""Condition":\#(first.dropLast()),\#(second.dropFirst())"#)
                } else {
                    parts.append(#""Condition":\#(first)"#)
                }
            } else {
                parts.append(#""Condition":\#(first)"#)
            }
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func randomPolicy(_ rng: inout RNG, kind: PolicyKind, id: String) -> Policy? {
        let count = 1 + rng.int(3)
        let statements = (0..<count).map { statement(&rng, kind: kind, sid: $0) }.joined(separator: ",")
        let version = rng.chance(10) ? "2008-10-17" : "2012-10-17"
        return try? Policy(json: #"{"Version":"\#(version)","Statement":[\#(statements)]}"#, id: id, kind: kind)
    }

    static func context(_ rng: inout RNG) -> ConditionContext {
        var context = ConditionContext()
        if rng.chance(60) { context["aws:RequestedRegion"] = .string(rng.pick(["us-east-1", "eu-west-1", "ap-south-1"])) }
        if rng.chance(50) { context["s3:prefix"] = .string(rng.pick(["home/alice/x", "home/bob/y", "", "secret/z", "home/blue/q"])) }
        if rng.chance(50) { context["ex:count"] = rng.chance(50) ? .number(Double(rng.int(120))) : .string(String(rng.int(120))) }
        if rng.chance(60) { context["aws:MultiFactorAuthPresent"] = rng.chance(50) ? .bool(rng.chance(50)) : .string(rng.pick(["true", "false"])) }
        if rng.chance(60) { context["aws:SourceIp"] = .string(rng.pick(["10.1.2.3", "192.168.1.7", "203.0.113.9"])) }
        if rng.chance(50) { context["aws:CurrentTime"] = .string(rng.pick(["2024-01-01T00:00:00Z", "2024-07-01T12:00:00Z", "2025-03-01T00:00:00Z"])) }
        if rng.chance(30) { context["aws:TokenIssueTime"] = "2024-01-01T00:00:00Z" }
        if rng.chance(50) {
            let keys = ["team", "env", "secret-x", "owner"]
            context["aws:TagKeys"] = .list((0..<rng.int(4)).map { _ in .string(rng.pick(keys)) })
        }
        if rng.chance(40) { context["aws:SourceArn"] = .string(rng.pick(["arn:aws:sns:us-east-1:\(a):topic", "arn:aws:sns:eu-west-1:\(a):other", "arn:aws:sqs:us-east-1:\(a):q"])) }
        return context
    }

    @Test(arguments: [0x5EED_2024, 0xC0FFEE, 0xBADC0DE, 0x1234_5678_9ABC] as [UInt64])
    func compiledEvaluatorAgreesWithReference(seed initialSeed: UInt64) {
        var rng = RNG(state: initialSeed)
        var compared = 0
        var effects: [DecisionEffect: Int] = [:]
        for caseNumber in 0..<2500 {
            let seed = rng.state
            var set = PolicySet()
            set.identity = (0..<rng.int(4)).compactMap { Self.randomPolicy(&rng, kind: .identity, id: "identity-\($0)") }
            if rng.chance(45) {
                let kind: PolicyKind = rng.chance(20) ? .trust : .resource
                set.resourceBased = Self.randomPolicy(&rng, kind: kind, id: "resource")
            }
            if rng.chance(25) { set.permissionsBoundary = Self.randomPolicy(&rng, kind: .permissionsBoundary, id: "boundary") }
            if rng.chance(25) { set.session = (0..<(1 + rng.int(2))).compactMap { Self.randomPolicy(&rng, kind: .session, id: "session-\($0)") } }
            if rng.chance(25) {
                set.serviceControl = (0..<(1 + rng.int(3))).map { level in
                    (0..<rng.int(3)).compactMap { Self.randomPolicy(&rng, kind: .serviceControl, id: "scp-\(level)-\($0)") }
                }
            }
            if rng.chance(10) {
                set.resourceControl = [[Self.randomPolicy(&rng, kind: .resourceControl, id: "rcp")].compactMap { $0 }]
            }
            if rng.chance(10) { set.resourcePolicyMustAllow = rng.chance(50) }
            for _ in 0..<4 {
                var principal = rng.pick(Self.principals)
                if rng.chance(10) { principal.isServiceLinkedRole = true }
                let request = AuthorizationRequest(principal: principal, action: rng.pick(Self.actions), resource: rng.pick(Self.resources),
                                                   resourceAccount: rng.chance(20) ? nil : rng.pick([Self.a, Self.a, Self.b]),
                                                   context: Self.context(&rng))
                let expected = ReferenceEvaluator.evaluate(request, set)
                let fast = Evaluator.evaluate(request, set)
                let full = Evaluator.evaluate(request, set, options: .simulation)
                #expect(fast.effect == expected, "case \(caseNumber) (seed \(seed)): \(request.principal.arn) \(request.action) \(request.resource) expected \(expected), got \(fast.effect): \(fast.reason)")
                #expect(full.effect == expected, "case \(caseNumber) (seed \(seed)), full evaluation")
                if fast.effect != expected || full.effect != expected {
                    for policy in set.identity + [set.resourceBased, set.permissionsBoundary].compactMap({ $0 }) + set.session {
                        print(policy.id, policy.document)
                    }
                    return
                }
                compared += 1
                effects[expected, default: 0] += 1
            }
        }
        #expect(compared == 10_000)
        // The generator must exercise every outcome.
        #expect(effects[.allowed, default: 0] > 500)
        #expect(effects[.explicitDeny, default: 0] > 500)
        #expect(effects[.implicitDeny, default: 0] > 500)
    }
}
