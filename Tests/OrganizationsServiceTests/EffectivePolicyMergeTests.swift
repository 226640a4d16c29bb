import Foundation
import Testing
@testable import OrganizationsService

/// "Inheritance operators" (AWS Organizations User Guide): how management policies merge into an effective policy.
@Suite struct EffectivePolicyMergeTests {
    func merged(_ policies: [String]) throws -> [String: Any] {
        let root = EffectivePolicies.Node(allowed: EffectivePolicies.valueOperators)
        for text in policies {
            root.apply(try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]))
        }
        return root.rendered as? [String: Any] ?? [:]
    }

    func values(_ effective: [String: Any], _ path: String...) -> [String]? {
        var node: Any? = effective
        for key in path { node = (node as? [String: Any])?[key] }
        return node as? [String]
    }

    @Test func assignOverwritesAppendAddsRemoveTakesAway() throws {
        let effective = try merged([
            #"{"tags":{"cc":{"tag_value":{"@@assign":["100","200"]}}}}"#,
            #"{"tags":{"cc":{"tag_value":{"@@append":["300","200"]}}}}"#,
            #"{"tags":{"cc":{"tag_value":{"@@remove":["100"]}}}}"#,
        ])
        #expect(values(effective, "tags", "cc", "tag_value") == ["200", "300"])
        let replaced = try merged([
            #"{"tags":{"cc":{"tag_value":{"@@assign":["100","200"]}}}}"#,
            #"{"tags":{"cc":{"tag_value":{"@@assign":["900"]}}}}"#,
        ])
        #expect(values(replaced, "tags", "cc", "tag_value") == ["900"])
    }

    @Test func childControlLocksValuesForPoliciesBelowOnly() throws {
        let effective = try merged([
            #"{"tags":{"cc":{"@@operators_allowed_for_child_policies":["@@append"],"tag_value":{"@@assign":["1"]}}}}"#,
            #"{"tags":{"cc":{"tag_value":{"@@assign":["2"]}}}}"#,
            #"{"tags":{"cc":{"tag_value":{"@@append":["3"]}}}}"#,
        ])
        #expect(values(effective, "tags", "cc", "tag_value") == ["1", "3"])
        let locked = try merged([
            #"{"s":{"k":{"@@assign":"A","@@operators_allowed_for_child_policies":["@@none"]}}}"#,
            #"{"s":{"k":{"@@assign":"B"}}}"#,
        ])
        #expect((locked["s"] as? [String: Any])?["k"] as? String == "A")
    }
}

/// The ids Organizations accepts ("AWS Organizations API Reference": each id's pattern).
@Suite struct OrganizationIdTests {
    @Test func patterns() {
        #expect(OrgTree.isRootId("r-ab12"))
        #expect(!OrgTree.isRootId("r-AB12") && !OrgTree.isRootId("r-ab1"))
        #expect(OrgTree.isOUId("ou-ab12-abcdefgh"))
        #expect(!OrgTree.isOUId("ou-ab12-abc") && !OrgTree.isOUId("ou-ab12") && !OrgTree.isOUId("ou--abcdefgh"))
        #expect(OrgTree.isPolicyId("p-FullAWSAccess") && OrgTree.isPolicyId("p-1234abcd"))
        #expect(!OrgTree.isPolicyId("p-123") && !OrgTree.isPolicyId("x-12345678"))
        #expect(OrgTree.isAccountId("123456789012") && !OrgTree.isAccountId("12345678901"))
    }
}
