import Testing
@testable import PolicyEngine

@Suite struct SmokeTests {
    @Test func allowAndDeny() {
        let p = identity(#"{"Sid":"A","Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::bucket/*"}"#)
        let d = decide("s3:GetObject", "arn:aws:s3:::bucket/key", PolicySet(identity: [p]))
        #expect(d.effect == .allowed)
        #expect(d.reason.contains("'A'"))
        let d2 = decide("s3:PutObject", "arn:aws:s3:::bucket/key", PolicySet(identity: [p]))
        #expect(d2.effect == .implicitDeny)
    }
}
