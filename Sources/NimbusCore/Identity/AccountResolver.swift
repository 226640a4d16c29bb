/// Which account an access key that Nimbus did not issue belongs to: a 12-digit key
/// names its account (so tests can play many accounts), anything else (`test`) is the default account.
public struct AccountResolver: Sendable {
    public let defaultAccount: String

    public init(defaultAccount: String) {
        self.defaultAccount = defaultAccount
    }

    public func account(forUnknownKey accessKeyId: String) -> String {
        Self.isAccountId(accessKeyId) ? accessKeyId : defaultAccount
    }

    public static func isAccountId(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
