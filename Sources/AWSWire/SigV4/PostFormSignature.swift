import Crypto
import Foundation

/// The signatures of a browser upload's POST policy ("Browser-based uploads using POST"): the form signs its
/// base64 policy document itself, not a canonical request.
public enum PostFormSignature {
    /// Signature Version 4: hex HMAC-SHA256 of the policy with the scope's signing key.
    public static func v4(policy: String, signingKey: SymmetricKey) -> String {
        SigV4.signature(signingKey: signingKey, stringToSign: policy)
    }

    /// Signature Version 2: base64 HMAC-SHA1 of the policy with the secret key.
    public static func v2(policy: String, secretAccessKey: String) -> String {
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(policy.utf8), using: SymmetricKey(data: Array(secretAccessKey.utf8)))
        return Data(mac).base64EncodedString()
    }
}
