import AWSModels
import AWSWire
import Foundation
import Logging
import NimbusCore
import S3Service

/// The way of an AWS request through Nimbus, independent of the HTTP server:
/// route -> authenticate -> operation -> decode -> validate -> handle -> encode.
public final class Dispatcher: Sendable {
    let environment: NimbusEnvironment
    let router = ServiceRouter()
    let authenticator: Authenticator
    let registry: ModelRegistry
    let handlers: [String: [String: OperationHandler]]
    let providers: [String: any ServiceProvider]
    let authorizer = Authorizer()
    let logger: Logger

    public init(environment: NimbusEnvironment, providers: [any ServiceProvider], strictCredentials: Bool,
                registry: ModelRegistry = .shared, logger: Logger) {
        self.environment = environment
        self.authenticator = Authenticator(environment: environment, strictCredentials: strictCredentials)
        self.registry = registry
        var table: [String: [String: OperationHandler]] = [:]
        for provider in providers { table[provider.serviceName, default: [:]].merge(provider.handlers) { _, new in new } }
        self.handlers = table
        self.providers = Dictionary(providers.map { ($0.serviceName, $0) }) { first, _ in first }
        self.logger = logger
    }

    /// How many operations each service's model has and how many Nimbus implements.
    public func implementedOperations() -> [(service: String, implemented: Int)] {
        EmbeddedModels.serviceNames.map { ($0, handlers[$0]?.count ?? 0) }
    }

    /// The largest body each service takes before refusing it; AWS documents Lambda's
    /// (CreateFunction's 70,167,211 bytes of base64 zip), the rest are generous ceilings.
    public func bodyLimit(forService service: String?) -> Int {
        switch service {
        case "lambda": return 70_167_211
        case "s3": return 64 << 20
        default: return 16 << 20
        }
    }

    /// A request's SigV4 authorization, parsed once from its headers or query (nil when unsigned).
    public struct ParsedAuthorization: Sendable {
        public var authorization: SigV4Authorization?
        public var fault: WireFault?
    }

    public func parseAuthorization(_ request: WireRequest) -> ParsedAuthorization {
        do throws(SigV4ParseError) {
            return ParsedAuthorization(authorization: try SigV4.parseAuthorization(request.sigV4Request))
        } catch {
            if case .malformedPresignedQuery(let message) = error { return ParsedAuthorization(fault: .malformedPresignedQuery(message)) }
            return ParsedAuthorization(fault: .incompleteSignature(error.message))
        }
    }

    /// The service a request is for, from headers alone (to size its body before reading it).
    public func serviceName(forHeadersOf request: WireRequest, authorization: ParsedAuthorization) -> String? {
        router.route(request, scopeService: authorization.authorization?.service)?.name
    }

    /// Where a request's body goes when it is a streaming payload (S3's PutObject and UploadPart): a directory
    /// to spool it into as it arrives, on the file system the service keeps bodies on; nil for bodies kept in memory.
    public func spoolDirectory(for request: WireRequest, authorization: ParsedAuthorization) -> String? {
        // Only S3's PUTs and POSTs carry bodies worth spooling; anything else is not routed twice to find that out.
        guard request.method == "PUT" || request.method == "POST",
              let info = router.route(request, scopeService: authorization.authorization?.service), info.name == "s3",
              let model = try? registry.model(info.name) else { return nil }
        // A browser upload's form carries the file: spooled like a PutObject body.
        if Self.formUploadBoundary(request) == nil {
            guard let operation = try? WireCodec(model: model).operation(for: Self.pathStyle(request, service: info.name)),
                  Self.streamsBody(operation, model: model) else { return nil }
        }
        // A small body with a stated length is read into memory (S3 keeps it inline); chunked framing always spools.
        if let length = request.header("content-length").flatMap(Int.init), length <= Self.inlineBodyLimit,
           !HTTPAdapter.isAWSChunked(request) { return nil }
        return try? environment.files.directory("s3/incoming").path
    }

    /// A signed S3 payload whose SHA-256 is not what the client stated ("Common Request Headers": x-amz-content-sha256).
    static func payloadHashMismatch(_ request: WireRequest) -> AWSError? {
        guard HTTPAdapter.hasPayloadHash(request), let stated = request.header("x-amz-content-sha256") else { return nil }
        let computed = request.spooled.map { $0.sha256Hex ?? stated } ?? SigV4.sha256Hex(request.body)
        guard computed != stated else { return nil }
        return AWSError("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", status: 400,
                        fields: [("ClientComputedContentSHA256", stated), ("S3ComputedContentSHA256", computed)])
    }

    /// Operations whose payload is the body itself (PutObject, UploadPart): their handler checks its digests as
    /// it takes the body; the others' bodies are documents, checked before they are decoded.
    static func streamsBody(_ operation: OperationModel, model: ServiceModel) -> Bool {
        guard let payload = model.inputShape(of: operation)?.payloadMember else { return false }
        return payload.isStreaming || model.shape(of: payload).isStreaming
    }

    /// Bodies up to this size are not spooled (S3's `ReceivedBody.inlineLimit`).
    static let inlineBodyLimit = 8 << 10

    /// Virtual-host S3 (`bucket.s3.localhost`) names the bucket in the host: the operation is found
    /// on the path-style form, while the signature is checked against what the client sent.
    static func pathStyle(_ request: WireRequest, service: String) -> WireRequest {
        guard service == "s3", let bucket = ServiceRouter.virtualHostBucket(request.host) else { return request }
        var routed = request
        routed.rawPath = "/" + FormEncoding.percentEncode(bucket) + (request.rawPath == "/" ? "" : request.rawPath)
        return routed
    }

    public struct Outcome: Sendable {
        public var response: WireResponse
        public var service: String
        public var operation: String
        public var principal: String
        public var errorCode: String?
    }

    public func handle(_ request: WireRequest, parsed: ParsedAuthorization? = nil, sourceIP: String, bodyTooLarge: Bool = false,
                       bodyError: AWSError? = nil) async -> Outcome {
        if let bucket = StaticWebsite.bucket(fromHost: request.host) { return await website(request, bucket: bucket, sourceIP: sourceIP) }
        var outcome = await answer(request, parsed: parsed, sourceIP: sourceIP, bodyTooLarge: bodyTooLarge, bodyError: bodyError)
        // A browser's request from another origin: the service's CORS rules say what its answer may be read by.
        if request.method != "OPTIONS", request.header("origin") != nil, let cors = providers[outcome.service] as? any CrossOriginAnswering {
            let context = anonymousContext(service: outcome.service, operation: outcome.operation, requestId: "", sourceIP: sourceIP)
            outcome.response.headers += cors.crossOriginHeaders(path: Self.pathStyle(request, service: outcome.service).rawPath, method: request.method,
                                                                header: { request.header($0) }, context: context)
        }
        return outcome
    }

    private func anonymousContext(service: String, operation: String, requestId: String, sourceIP: String, region: String? = nil) -> RequestContext {
        RequestContext(requestId: requestId, service: service, operation: operation, principal: .anonymous, region: region ?? RegionCatalog.defaultRegion,
                       sourceIP: sourceIP, secureTransport: false, environment: environment)
    }

    func answer(_ request: WireRequest, parsed: ParsedAuthorization?, sourceIP: String, bodyTooLarge: Bool,
                        bodyError: AWSError?) async -> Outcome {
        let parsed = parsed ?? parseAuthorization(request)
        let authorization = parsed.authorization
        let authFault = parsed.fault
        guard let info = router.route(request, scopeService: authorization?.service) else {
            let id = environment.ids.uuid()
            let error = WireFault.unknownService.error(in: .query)
            return Outcome(response: WireCodec.encodeError(error, wireProtocol: .query, model: nil, requestId: id),
                           service: "-", operation: "-", principal: "-", errorCode: error.code)
        }
        let requestId = info.name == "s3" ? environment.ids.s3RequestId() : environment.ids.uuid()
        let model: ServiceModel
        do throws(ModelError) {
            model = try registry.model(info.name)
        } catch {
            logger.error("model load failed", metadata: ["service": "\(info.name)", "error": "\(error)"])
            let failure = AWSError("InternalFailure", "Nimbus could not load the \(info.name) model.", status: 500, senderFault: false)
            return Outcome(response: WireCodec.encodeError(failure, wireProtocol: .query, model: nil, requestId: requestId),
                           service: info.name, operation: "-", principal: "-", errorCode: failure.code)
        }
        let codec = WireCodec(model: model)
        let routed = Self.pathStyle(request, service: info.name)
        var outcome = Outcome(response: WireResponse(status: 500), service: info.name, operation: "-", principal: "-")

        func fail(_ error: AWSError) -> Outcome {
            outcome.response = codec.encodeError(error, requestId: requestId)
            // HEAD answers and 304 Not Modified carry no body (RFC 9110 §9.3.2, §15.4.5); S3 sends only the status.
            if request.method == "HEAD" || error.status == 304 { outcome.response.body = [] }
            if error.status == 304 { outcome.response.headers.removeAll { $0.name.lowercased() == "content-type" } }
            outcome.errorCode = error.code
            return outcome
        }
        /// Any error thrown on the way, in the service's protocol.
        func fail(thrown error: any Error) -> Outcome {
            switch error {
            case let fault as WireFault: fail(fault.error(in: codec.wireProtocol, service: info.name))
            case let error as AWSError: fail(error)
            default: fail(AWSError("InternalFailure", "\(error)", status: 500, senderFault: false))
            }
        }

        // "Using cross-origin resource sharing (CORS)": the preflight OPTIONS is answered from the resource's rules,
        // unsigned, before any operation is looked for (no model has one).
        if request.method == "OPTIONS", let cors = providers[info.name] as? any CrossOriginAnswering {
            outcome.operation = "PreflightRequest"
            let context = anonymousContext(service: info.name, operation: outcome.operation, requestId: requestId, sourceIP: sourceIP,
                                           region: authorization?.region)
            do {
                let headers = try cors.preflight(path: routed.rawPath, header: { request.header($0) }, context: context)
                outcome.response = WireResponse(status: 200, headers: headers + [("x-amz-request-id", requestId)])
                return outcome
            } catch {
                return fail(thrown: error)
            }
        }
        if info.name == "s3", let boundary = Self.formUploadBoundary(routed), !bodyTooLarge, bodyError == nil {
            outcome.operation = "PostObject"
            do {
                return try await formUpload(request, routed: routed, boundary: boundary, codec: codec, requestId: requestId, sourceIP: sourceIP,
                                            region: authorization?.region, outcome: outcome)
            } catch {
                return fail(thrown: error)
            }
        }
        if bodyTooLarge { return fail(WireFault.payloadTooLarge(limit: bodyLimit(forService: info.name)).error(in: codec.wireProtocol)) }
        if let bodyError { return fail(bodyError) }
        if let authFault { return fail(authFault.error(in: codec.wireProtocol)) }
        if info.name == "s3", let mismatch = Self.payloadHashMismatch(request) { return fail(mismatch) }
        do {
            let operation = try codec.operation(for: routed)
            outcome.operation = operation.name
            let principal = try authenticator.authenticate(request, authorization: authorization, service: info.name, operation: operation)
            outcome.principal = principal.arn
            // A body sent whole is checked against the digests stated for it, where the model says the operation takes
            // them (`httpChecksum`) or the client sent Content-MD5; streamed bodies are checked as they are taken.
            if request.spooled == nil, operation.hasRequestChecksum || operation.requestChecksumRequired || request.header("content-md5") != nil,
               !Self.streamsBody(operation, model: model) {
                try StatedDigests.verify(request.body, header: { request.header($0) }, required: operation.requestChecksumRequired,
                                         checksumsDescribeBody: operation.hasRequestChecksum)
            }
            let input = try codec.decodeInput(routed, operation: operation)
            try InputValidator(model: model).validate(input, operation: operation)
            guard let handler = handlers[info.name]?[operation.name] else {
                throw WireFault.notImplemented(service: info.name, operation: operation.name)
            }
            let region = authorization?.region ?? RegionCatalog.defaultRegion
            var context = RequestContext(requestId: requestId, service: info.name, operation: operation.name, principal: principal,
                                         region: region, sourceIP: sourceIP, secureTransport: false, environment: environment)
            context.spooledBody = request.spooled
            let decided = try authorizer.authorize(service: info.name, operation: operation, input: input, context: context,
                                                   provider: providers[info.name], wireProtocol: codec.wireProtocol)
            context.deniedResources = Set(decided.denied)
            context.grantedQuestions = decided.granted
            // "DryRun" (EC2 API Reference, Common Parameters): checked and authorized, answered without acting.
            if codec.wireProtocol == .ec2, input["DryRun"]?.bool == true {
                throw AWSError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", status: 412)
            }
            do {
                let output = try await handler(input, context)
                outcome.response = codec.encodeOutput(output, operation: operation, requestId: requestId)
                return outcome
            } catch let error as AWSError {
                return fail(error)
            } catch let fault as WireFault {
                return fail(fault.error(in: codec.wireProtocol, service: info.name))
            } catch {
                logger.error("handler failed", metadata: ["service": "\(info.name)", "operation": "\(operation.name)", "error": "\(error)"])
                return fail(AWSError("InternalFailure", "The request processing has failed because of an unknown error.", status: 500, senderFault: false))
            }
        } catch {
            return fail(thrown: error)
        }
    }
}

extension WireRequest {
    var sigV4Request: SigV4Request {
        var all = headers
        if header("host") == nil { all.append(("host", host)) }
        return SigV4Request(method: method, rawPath: rawPath, rawQuery: rawQuery, headers: all)
    }
}
