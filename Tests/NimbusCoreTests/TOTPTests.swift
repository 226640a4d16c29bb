import Foundation
import Testing
@testable import NimbusCore

/// RFC 6238 Appendix B test vectors (SHA-1, seed "12345678901234567890"), last 6 digits.
@Suite struct TOTPTests {
    let seed = Array("12345678901234567890".utf8)

    @Test(arguments: [(59.0, "287082"), (1_111_111_109.0, "081804"), (1_111_111_111.0, "050471"), (1_234_567_890.0, "005924"),
                      (2_000_000_000.0, "279037"), (20_000_000_000.0, "353130")])
    func rfc6238Vectors(_ time: Double, _ expected: String) {
        #expect(TOTP.code(secret: seed, at: Date(timeIntervalSince1970: time)) == expected)
    }

    @Test func base32() {
        #expect(TOTP.base32(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(TOTP.base32(Array("f".utf8)) == "MY")
    }

    @Test func findsTheCounterInAWindow() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let code = TOTP.code(secret: seed, at: date.addingTimeInterval(-30))
        #expect(TOTP.counter(of: code, secret: seed, near: date, window: 1) == UInt64(1_700_000_000 / 30) - 1)
        #expect(TOTP.counter(of: "000000", secret: seed, near: date, window: 0) == nil || TOTP.code(secret: seed, at: date) == "000000")
    }
}
