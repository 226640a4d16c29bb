import AWSWire
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The request context Nimbus needs from Hummingbird: the peer's address (for `aws:SourceIp`).
struct NimbusRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The only Hummingbird-specific piece: HTTP in, `WireRequest` to the dispatcher, `WireResponse` out,
/// and one log line per request.
struct HTTPAdapter: HTTPResponder {
    typealias Context = NimbusRequestContext
    let dispatcher: Dispatcher
    let endpoints: NimbusEndpoints
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var wire = WireRequest(
            method: request.method.rawValue,
            rawPath: request.uri.path,
            rawQuery: request.uri.query ?? "",
            headers: request.headers.map { ($0.name.canonicalName, $0.value) },
            body: [],
            host: request.head.authority ?? "localhost"
        )
        if NimbusEndpoints.handles(wire.rawPath) {
            wire.body = (try? await request.body.collect(upTo: 64 << 10)).map { Array($0.readableBytesView) } ?? []
            return Self.response(endpoints.respond(wire))
        }
        let sourceIP = context.remoteAddress?.ipAddress ?? "127.0.0.1"
        let parsed = dispatcher.parseAuthorization(wire)
        let limit = dispatcher.bodyLimit(forService: dispatcher.serviceName(forHeadersOf: wire, authorization: parsed))
        // A body over the service's limit is read to its end without being kept, so the client
        // finishes sending and reads the error rather than hanging on a full socket.
        var tooLarge = wire.header("content-length").flatMap(Int.init).map { $0 > limit } ?? false
        var collected: [UInt8] = []
        do {
            for try await chunk in request.body where !tooLarge {
                if collected.count + chunk.readableBytes > limit {
                    tooLarge = true
                    collected = []
                } else {
                    collected.append(contentsOf: chunk.readableBytesView)
                }
            }
        } catch {
            tooLarge = true
        }
        wire.body = collected
        let outcome = await dispatcher.handle(wire, parsed: parsed, sourceIP: sourceIP, bodyTooLarge: tooLarge)
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        logger.info("request", metadata: [
            "service": "\(outcome.service)",
            "operation": "\(outcome.operation)",
            "status": "\(outcome.response.status)",
            "principal": "\(outcome.principal)",
            "ms": "\((ms * 100).rounded() / 100)",
            "error": outcome.errorCode.map { "\($0)" } ?? "-",
        ])
        return Self.response(outcome.response)
    }

    static func response(_ wire: WireResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in wire.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        fields[.contentLength] = String(wire.body.count)
        return Response(
            status: HTTPResponse.Status(code: wire.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: wire.body))
        )
    }
}
