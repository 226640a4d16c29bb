import AWSWire
import Crypto
import Synchronization

/// S3's canonical user ID of an account: 64 hex digits that stand for the account in ACL grants, object owners and
/// `"CanonicalUser"` policy principals ("Find the canonical user ID for your AWS account"). Nimbus derives it from
/// the account ID, so it is stable across restarts and the same in every service; derived once per account.
public enum CanonicalUser {
    private static let known = Mutex<[String: String]>([:])

    public static func id(of account: String) -> String {
        if let id = known.withLock({ $0[account] }) { return id }
        let id = SigV4.hex(Array(SHA256.hash(data: Array("nimbus-s3-owner:\(account)".utf8))))
        known.withLock { $0[account] = id }
        return id
    }
}
