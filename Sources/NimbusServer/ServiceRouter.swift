import AWSModels
import AWSWire

/// Which AWS service a request is for, from what clients always send: the SigV4
/// credential scope, `X-Amz-Target`, a virtual-host S3 name, or `Action` and `Version`.
struct ServiceRouter: Sendable {
    private let bySigningName: [String: EmbeddedServiceInfo]
    private let byTargetPrefix: [String: EmbeddedServiceInfo]
    private let queryByVersion: [String: EmbeddedServiceInfo]
    /// S3 Control signs as "s3"; every one of its URIs starts with its API version.
    private let s3Control: EmbeddedServiceInfo?
    static let s3ControlPathPrefix = "/v20180820/"

    init(services: [EmbeddedServiceInfo] = EmbeddedModels.services) {
        var signing: [String: EmbeddedServiceInfo] = [:]
        var target: [String: EmbeddedServiceInfo] = [:]
        var version: [String: EmbeddedServiceInfo] = [:]
        for service in services {
            signing[service.signingName] = signing[service.signingName] ?? service
            signing[service.endpointPrefix] = signing[service.endpointPrefix] ?? service
            if let prefix = service.targetPrefix { target[prefix] = service }
            if service.protocol == "query" || service.protocol == "ec2" { version[service.apiVersion] = service }
        }
        bySigningName = signing
        byTargetPrefix = target
        queryByVersion = version
        s3Control = services.first { $0.name == "s3control" }
    }

    func service(named name: String) -> EmbeddedServiceInfo? {
        bySigningName[name]
    }

    func route(_ request: WireRequest, scopeService: String?) -> EmbeddedServiceInfo? {
        if let target = request.header("x-amz-target"), let dot = target.lastIndex(of: "."),
           let service = byTargetPrefix[String(target[..<dot])] {
            return service
        }
        if let scopeService, let service = bySigningName[scopeService] {
            if scopeService == "s3", let s3Control, request.rawPath.hasPrefix(Self.s3ControlPathPrefix) { return s3Control }
            return service
        }
        if Self.virtualHostBucket(request.host) != nil { return bySigningName["s3"] }
        // Unsigned query-protocol calls (AssumeRoleWithWebIdentity, presigned URLs) name their API version.
        let items = request.queryItems + (request.isFormEncoded ? FormEncoding.decodePairs(String(decoding: request.body, as: UTF8.self)) : [])
        if items.contains(where: { $0.key == "Action" }) {
            return items.first { $0.key == "Version" }.flatMap { queryByVersion[$0.value] }
        }
        // Anything else unsigned is an anonymous S3 request, as on AWS's S3 endpoints.
        return bySigningName["s3"]
    }

    /// `BUCKET.s3.localhost[:port]` or `BUCKET.s3.REGION.localhost.localstack.cloud`-style hosts: the bucket, else nil.
    static func virtualHostBucket(_ host: String) -> String? {
        let name = host.split(separator: ":").first.map(String.init) ?? host
        guard let range = name.range(of: ".s3.") ?? name.range(of: ".s3-") else { return nil }
        let bucket = String(name[..<range.lowerBound])
        return bucket.isEmpty ? nil : bucket
    }
}
