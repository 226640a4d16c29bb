import AWSWire
import Foundation
import NimbusCore
import State

/// Turns a request's SigV4 signature into a `Principal`.
///
/// Keys Nimbus issued are verified strictly (secret, status, session token, expiry).
/// Any other key is the root user of an account, as the design says: a 12-digit key
/// names the account, anything else is the default account; `--strict-credentials` refuses them.
struct Authenticator: Sendable {
    let environment: NimbusEnvironment
    let strictCredentials: Bool
    let keyCache = SigV4SigningKeyCache()
    static let maxSkew: TimeInterval = 15 * 60

    func authenticate(_ request: WireRequest, authorization: SigV4Authorization?, service: String,
                      operation: OperationModel?) throws(WireFault) -> Principal {
        guard let authorization else {
            if service == "s3", let v2 = SigV2Query.parse(request.sigV4Request) { return try authenticateV2(v2, request) }
            if operation?.unsigned == true || service == "s3" { return .anonymous }
            throw .missingAuthentication
        }
        let now = environment.clock.now()
        guard let signedAt = SigV4.parseAmzDate(authorization.amzDate) else {
            throw .incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        if authorization.presigned {
            let expires = TimeInterval(authorization.expires ?? 0)
            if now > signedAt.addingTimeInterval(expires) || signedAt > now.addingTimeInterval(Self.maxSkew) {
                throw .presignExpired
            }
        } else if abs(Date().timeIntervalSince(signedAt)) > Self.maxSkew {
            // Skew is the client's clock against real time; Nimbus's own clock may have been moved
            // forward (POST /_nimbus/clock) to age credentials, and that must not fail every signature.
            throw .signatureExpired(requestTime: authorization.amzDate, serverTime: SigV4.formatAmzDate(Date()))
        }

        let issued = environment.store.read { $0.get(IssuedCredential.self, authorization.accessKeyId, in: .nimbus) }
        guard let issued else {
            if strictCredentials { throw .invalidAccessKey }
            let account = environment.accounts.account(forUnknownKey: authorization.accessKeyId)
            return .root(account: account, accessKeyId: authorization.accessKeyId)
        }
        let sigRequest = request.sigV4Request
        let payloadHash = request.header("x-amz-content-sha256") ?? SigV4.sha256Hex(request.body)
        guard SigV4.verify(authorization, request: sigRequest, secretAccessKey: issued.secretAccessKey, payloadHash: payloadHash,
                           s3Style: service == "s3", cache: keyCache) else {
            throw .signatureMismatch
        }
        if payloadHash.hasPrefix(SigV4.streamingSignedPayload), let chunks = request.spooled?.chunkSignatures {
            let key = keyCache.key(secret: issued.secretAccessKey, date: authorization.scopeDate, region: authorization.region,
                                   service: authorization.service)
            guard SigV4.verifyChunkChain(chunks, seed: authorization, signingKey: key) else { throw .signatureMismatch }
        }
        guard issued.active, !issued.deleted else { throw .invalidAccessKey }
        if let token = issued.sessionToken, token != authorization.securityToken { throw .invalidAccessKey }
        if let expiration = issued.expiration, now >= expiration { throw .expiredToken }
        environment.credentialUsage.record(authorization.accessKeyId, service: service, region: authorization.region, at: now)
        return issued.principal
    }

    /// A browser upload's form ("Browser-based uploads using POST"): the policy signed with SigV4
    /// (`x-amz-signature` over the base64 policy, with the key of `x-amz-credential`'s scope) or SigV2 (`signature`,
    /// HMAC-SHA1 of the policy, with `AWSAccessKeyId`); a form with neither is anonymous. Fields by lowercased name.
    func authenticateForm(_ fields: [String: String]) throws(WireFault) -> Principal {
        let accessKeyId: String
        let matches: (String) -> Bool
        if let signature = fields["x-amz-signature"] {
            let scope = (fields["x-amz-credential"] ?? "").split(separator: "/").map(String.init)
            guard fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256", scope.count == 5, let policy = fields["policy"] else {
                throw .incompleteSignature("Bucket POST must contain the fields x-amz-algorithm, x-amz-credential, x-amz-date and policy.")
            }
            accessKeyId = scope[0]
            let cache = keyCache
            matches = { secret in
                let key = cache.key(secret: secret, date: scope[1], region: scope[2], service: scope[3])
                return SigV4.constantTimeEquals(PostFormSignature.v4(policy: policy, signingKey: key), signature)
            }
        } else if let key = fields["awsaccesskeyid"] {
            guard let signature = fields["signature"], let policy = fields["policy"] else {
                throw .incompleteSignature("Bucket POST must contain the fields AWSAccessKeyId, signature and policy.")
            }
            accessKeyId = key
            matches = { secret in
                SigV4.constantTimeEquals(PostFormSignature.v2(policy: policy, secretAccessKey: secret), signature)
            }
        } else {
            return .anonymous
        }
        let now = environment.clock.now()
        guard let issued = environment.store.read({ $0.get(IssuedCredential.self, accessKeyId, in: .nimbus) }) else {
            if strictCredentials { throw .invalidAccessKey }
            return .root(account: environment.accounts.account(forUnknownKey: accessKeyId), accessKeyId: accessKeyId)
        }
        guard matches(issued.secretAccessKey) else { throw .signatureMismatch }
        guard issued.active, !issued.deleted else { throw .invalidAccessKey }
        if let token = issued.sessionToken, token != fields["x-amz-security-token"] { throw .invalidAccessKey }
        if let expiration = issued.expiration, now >= expiration { throw .expiredToken }
        environment.credentialUsage.record(accessKeyId, service: "s3", region: RegionCatalog.defaultRegion, at: now)
        return issued.principal
    }

    /// An S3 URL presigned with Signature Version 2 (boto3's default in us-east-1).
    func authenticateV2(_ query: SigV2Query, _ request: WireRequest) throws(WireFault) -> Principal {
        let now = environment.clock.now()
        guard now.timeIntervalSince1970 <= TimeInterval(query.expires) else { throw .presignExpired }
        let issued = environment.store.read { $0.get(IssuedCredential.self, query.accessKeyId, in: .nimbus) }
        guard let issued else {
            if strictCredentials { throw .invalidAccessKey }
            return .root(account: environment.accounts.account(forUnknownKey: query.accessKeyId), accessKeyId: query.accessKeyId)
        }
        guard query.verify(request.sigV4Request, secretAccessKey: issued.secretAccessKey, bucketFromHost: ServiceRouter.virtualHostBucket(request.host)) else {
            throw .signatureMismatch
        }
        guard issued.active, !issued.deleted else { throw .invalidAccessKey }
        if let token = issued.sessionToken, token != query.securityToken { throw .invalidAccessKey }
        if let expiration = issued.expiration, now >= expiration { throw .expiredToken }
        environment.credentialUsage.record(query.accessKeyId, service: "s3", region: RegionCatalog.defaultRegion, at: now)
        return issued.principal
    }
}
