import AWSWire
import Foundation
import NimbusCore
import State

/// IAM OIDC identity providers ("Create an OpenID Connect (OIDC) identity provider in IAM"): an issuer URL, the
/// audiences (client IDs) it may issue tokens for, and its certificate thumbprints. AssumeRoleWithWebIdentity finds
/// the provider by a token's issuer.
struct IAMOpenIDConnectProvider: Resource {
    static let kind = "iam.oidc-provider"
    /// The URL without `https://` (`token.actions.githubusercontent.com`), as the ARN and condition keys name it.
    var host: String
    var arn: String
    var clientIDs: [String]
    var thumbprints: [String]
    var created: Date
    var tags: [IAMTag]
}

enum OpenIDConnectProviders {
    /// "IAM and AWS STS quotas": client IDs per provider; thumbprints per provider.
    static let maxClientIDs = 100
    static let maxThumbprints = 5

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let url = input["Url"]?.string ?? ""
        guard url.hasPrefix("https://"), url.count > "https://".count, !url.contains("?"), !url.contains("#") else {
            throw IAMErrors.invalidInput("Invalid URL: the URL must begin with https:// and may not contain a query or fragment.")
        }
        let host = String(url.dropFirst("https://".count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let clientIDs = input["ClientIDList"]?.strings ?? []
        let thumbprints = try checkedThumbprints(input["ThumbprintList"]?.strings ?? [])
        guard clientIDs.count <= maxClientIDs else { throw IAMErrors.limitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: \(maxClientIDs)") }
        let arn = "arn:aws:iam::\(context.account):oidc-provider/\(host)"
        try context.store.write { tx in
            guard tx.get(IAMOpenIDConnectProvider.self, host, in: context.globalPartition) == nil else {
                throw IAMErrors.alreadyExists("Provider with url \(url) already exists.")
            }
            tx.put(IAMOpenIDConnectProvider(host: host, arn: arn, clientIDs: clientIDs, thumbprints: thumbprints, created: context.now,
                                            tags: IAMTag.list(input["Tags"])), id: host, in: context.globalPartition)
        }
        return .structure(["OpenIDConnectProviderArn": .string(arn), "Tags": IAMTag.output(IAMTag.list(input["Tags"]))])
    }

    static func get(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let provider = try load(input, context)
        return .structure([
            "Url": .string(provider.host), "ClientIDList": .list(provider.clientIDs.map(AWSValue.string)),
            "ThumbprintList": .list(provider.thumbprints.map(AWSValue.string)), "CreateDate": .timestamp(provider.created),
            "Tags": IAMTag.output(provider.tags),
        ])
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let providers = context.store.read { $0.all(IAMOpenIDConnectProvider.self, in: context.globalPartition) }.values
        return ["OpenIDConnectProviderList": .list(providers.map { ["Arn": .string($0.arn)] })]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let provider = try load(input, context)
        try context.store.write { tx in tx.delete(IAMOpenIDConnectProvider.self, provider.host, in: context.globalPartition) }
        return [:]
    }

    static func addClientID(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let clientID = input["ClientID"]?.string ?? ""
        try modify(input, context) { provider in
            guard !provider.clientIDs.contains(clientID) else { return }
            guard provider.clientIDs.count < maxClientIDs else {
                throw IAMErrors.limitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: \(maxClientIDs)")
            }
            provider.clientIDs.append(clientID)
        }
        return [:]
    }

    static func removeClientID(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let clientID = input["ClientID"]?.string ?? ""
        try modify(input, context) { $0.clientIDs.removeAll { $0 == clientID } }
        return [:]
    }

    static func updateThumbprints(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let thumbprints = try checkedThumbprints(input["ThumbprintList"]?.strings ?? [])
        try modify(input, context) { $0.thumbprints = thumbprints }
        return [:]
    }

    /// 40 hex digits each (the certificate's SHA-1), at most five.
    static func checkedThumbprints(_ list: [String]) throws -> [String] {
        guard list.count <= maxThumbprints else { throw IAMErrors.limitExceeded("Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: \(maxThumbprints)") }
        for thumbprint in list where thumbprint.count != 40 || !thumbprint.allSatisfy(\.isHexDigit) {
            throw IAMErrors.invalidInput("Thumbprint \(thumbprint) must be 40 hexadecimal characters.")
        }
        return list
    }

    private static func load(_ input: AWSValue, _ context: RequestContext) throws -> IAMOpenIDConnectProvider {
        let arn = input["OpenIDConnectProviderArn"]?.string ?? ""
        let host = arn.components(separatedBy: ":oidc-provider/").last ?? ""
        guard let provider = context.store.read({ $0.get(IAMOpenIDConnectProvider.self, host, in: context.globalPartition) }),
              provider.arn == arn else {
            throw IAMErrors.noSuchEntity("OpenIDConnect Provider not found for arn \(arn)")
        }
        return provider
    }

    private static func modify(_ input: AWSValue, _ context: RequestContext, _ change: (inout IAMOpenIDConnectProvider) throws -> Void) throws {
        let host = try load(input, context).host
        try context.store.write { tx in
            guard var provider = tx.get(IAMOpenIDConnectProvider.self, host, in: context.globalPartition) else {
                throw IAMErrors.noSuchEntity("OpenIDConnect Provider not found")
            }
            try change(&provider)
            tx.put(provider, id: host, in: context.globalPartition)
        }
    }
}
