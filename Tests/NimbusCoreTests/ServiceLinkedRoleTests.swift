import Testing
@testable import NimbusCore

/// "Service control policies (SCPs)": SCPs don't limit service-linked roles, which live under /aws-service-role/.
@Suite struct ServiceLinkedRoleTests {
    @Test func sessionsOfServiceLinkedRolesAreMarked() {
        let linked = Principal(kind: .assumedRole, account: "111122223333",
                               arn: "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/s", userId: "AROAEXAMPLE:s",
                               roleArn: "arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport")
        #expect(linked.policyPrincipal.isServiceLinkedRole)
        let ordinary = Principal(kind: .assumedRole, account: "111122223333",
                                 arn: "arn:aws:sts::111122223333:assumed-role/admin/s", userId: "AROAEXAMPLE:s",
                                 roleArn: "arn:aws:iam::111122223333:role/admin")
        #expect(!ordinary.policyPrincipal.isServiceLinkedRole)
    }
}
