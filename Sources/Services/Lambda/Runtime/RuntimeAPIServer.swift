import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP request to the Runtime API and its answer, without NIO types.
struct RuntimeRequest: Sendable {
    var method: String
    var path: String
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

struct RuntimeReply: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    static func json(_ status: Int, _ text: String) -> RuntimeReply {
        RuntimeReply(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }
}

/// The Lambda Runtime API of one execution environment: a listener on 127.0.0.1 with a port the system chooses,
/// handed to the runtime as `AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT`. Each environment has its own, so a runtime can
/// only ever see its own invocations. Requests are answered by `respond`, which may wait (the next invocation).
final class RuntimeAPIServer: Sendable {
    typealias Channel = NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    let port: Int
    private let channel: any NIOCore.Channel

    static func start(respond: @escaping @Sendable (RuntimeRequest) async -> RuntimeReply) async throws -> RuntimeAPIServer {
        let server: Channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.backlog, value: 16)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let instance = RuntimeAPIServer(port: port, channel: server.channel)
        Task {
            try? await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await Self.serve(connection, respond: respond) }
                    }
                }
            }
        }
        return instance
    }

    private init(port: Int, channel: any NIOCore.Channel) {
        self.port = port
        self.channel = channel
    }

    func stop() {
        channel.close(promise: nil)
    }

    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                              respond: @Sendable (RuntimeRequest) async -> RuntimeReply) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let value):
                    head = value
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let request = head else { continue }
                    let reply = await respond(RuntimeRequest(method: request.method.rawValue, path: request.uri,
                                                             headers: request.headers.map { ($0.name, $0.value) },
                                                             body: Array(buffer: body)))
                    var headers = HTTPHeaders(reply.headers)
                    headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.count))
                    if !request.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
                    try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .init(statusCode: reply.status), headers: headers)))
                    if !reply.body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: reply.body)))) }
                    try await outbound.write(.end(nil))
                    if !request.isKeepAlive { return }
                    head = nil
                }
            }
        }
    }
}
