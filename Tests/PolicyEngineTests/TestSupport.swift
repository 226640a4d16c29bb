import Foundation
import Testing
@testable import PolicyEngine

/// Shared fixtures: an account, its principals, and quick ways to build policies and ask questions.
enum Fixture {
    static let account = "111122223333"
    static let otherAccount = "444455556666"
    static let alice = PrincipalInfo.user(account: account, name: "alice", userId: "AIDAALICEEXAMPLE00001")
    static let bob = PrincipalInfo.user(account: otherAccount, name: "bob", userId: "AIDABOBEXAMPLE0000001")
    static let adminSession = PrincipalInfo.roleSession(account: account, roleName: "Admin", sessionName: "work",
                                                        roleId: "AROAADMINEXAMPLE00001")
    static let root = PrincipalInfo.root(account: account)
}

/// A compiled policy from JSON; the test fails loudly if it does not parse.
func policy(_ json: String, kind: PolicyKind = .identity, id: String = "policy") -> Policy {
    do {
        return try Policy(json: json, id: id, kind: kind)
    } catch {
        Issue.record("policy did not parse: \(error)\n\(json)")
        return try! Policy(json: #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#, id: id, kind: .identity)
    }
}

/// An identity policy of the given statements (JSON objects, comma-separated).
func identity(_ statements: String, id: String = "identity", version: String = "2012-10-17") -> Policy {
    policy(#"{"Version":"\#(version)","Statement":[\#(statements)]}"#, kind: .identity, id: id)
}

func resourcePolicy(_ statements: String, id: String = "resource", kind: PolicyKind = .resource) -> Policy {
    policy(#"{"Version":"2012-10-17","Statement":[\#(statements)]}"#, kind: kind, id: id)
}

/// Parse errors, for validation tests.
func parseError(_ json: String, kind: PolicyKind = .identity, maximumLength: Int? = nil) -> PolicyValidationError? {
    do {
        _ = try PolicyDocument.parse(json, kind: kind, maximumLength: maximumLength)
        return nil
    } catch {
        return error
    }
}

func decide(_ action: String, _ resource: String, context: ConditionContext = [:], resourceAccount: String? = nil,
            _ set: PolicySet, options: EvaluationOptions = .enforcement) -> Decision {
    decide(Fixture.alice, action, resource, context: context, resourceAccount: resourceAccount, set, options: options)
}

func decide(_ principal: PrincipalInfo, _ action: String, _ resource: String,
            context: ConditionContext = [:], resourceAccount: String? = nil, _ set: PolicySet,
            options: EvaluationOptions = .enforcement) -> Decision {
    let request = AuthorizationRequest(principal: principal, action: action, resource: resource,
                                       resourceAccount: resourceAccount, context: context)
    let decision = Evaluator.evaluate(request, set, options: options)
    if !options.collectAllMatches {
        // Fast evaluation and full evaluation must always agree.
        let full = Evaluator.evaluate(request, set, options: .simulation)
        #expect(full.effect == decision.effect, "fast and full evaluation disagree on \(action) \(resource)")
        if decision.effect == .implicitDeny {
            #expect(full.detail.implicitDenyReason == decision.detail.implicitDenyReason)
        } else {
            #expect(full.detail.grantedBy == decision.detail.grantedBy)
        }
    }
    return decision
}

/// Whether a single condition block allows: an identity policy allowing everything under `condition`.
func conditionHolds(_ condition: String, _ context: ConditionContext, principal: PrincipalInfo = Fixture.alice,
                    version: String = "2012-10-17") -> Bool {
    let p = identity(#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":\#(condition)}"#, version: version)
    let fast = decide(principal, "s3:GetObject", "arn:aws:s3:::bucket/key", context: context, PolicySet(identity: [p]))
    let full = decide(principal, "s3:GetObject", "arn:aws:s3:::bucket/key", context: context, PolicySet(identity: [p]),
                      options: .simulation)
    #expect(fast.effect == full.effect)
    return fast.isAllowed
}
