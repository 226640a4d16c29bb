import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `nimbus reach`: asks the running Nimbus whether one component reaches another on a port, and prints the path
/// hop by hop, or what blocks it and the rule to change. Exits 0 when reachable, 1 when not, 2 on an error.
struct Reach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Can A reach B on this port? The path hop by hop, or what blocks it.",
        discussion: """
            Example:
              nimbus reach --from i-0abc... --to i-0def... --protocol tcp --port 22
              nimbus reach --from igw-0123... --to i-0def... --port 443 --account 123456789012
            The source is an instance, network interface or internet gateway; the destination one of those,
            a peering connection, or an IPv4 address.
            """
    )

    @Option(help: "The source: an instance, network interface or internet gateway ID.")
    var from: String

    @Option(help: "The destination: an instance, network interface, internet gateway or peering connection ID, or an IPv4 address.")
    var to: String

    @Option(name: .customLong("protocol"), help: "tcp, udp or icmp.")
    var trafficProtocol: String = "tcp"

    @Option(help: "The destination port (any port when omitted).")
    var port: Int?

    @Option(help: "The Region.")
    var region: String = env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? "us-east-1"

    @Option(help: "The account (default: the server's default account).")
    var account: String?

    @Option(help: "The running Nimbus (env NIMBUS_ENDPOINT).")
    var endpoint: String = env("NIMBUS_ENDPOINT") ?? "http://127.0.0.1:4566"

    func run() throws {
        var body: [String: Any] = ["from": from, "to": to, "protocol": trafficProtocol, "region": region]
        if let port { body["port"] = port }
        if let account { body["account"] = account }
        let payload = try JSONSerialization.data(withJSONObject: body)
        let (status, answer): (Int, Data)
        do {
            (status, answer) = try LoopbackHTTP.post(endpoint, path: "/_nimbus/reach", body: payload)
        } catch {
            FileHandle.standardError.write(Data("nimbus reach: cannot reach Nimbus at \(endpoint): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let fields = (try? JSONSerialization.jsonObject(with: answer)) as? [String: Any] ?? [:]
        guard status == 200, let report = fields["report"] as? String, let reachable = fields["reachable"] as? Bool else {
            let message = fields["error"] as? String ?? String(decoding: answer, as: UTF8.self)
            FileHandle.standardError.write(Data("nimbus reach: \(message)\n".utf8))
            throw ExitCode(2)
        }
        print(report, terminator: "")
        throw ExitCode(reachable ? 0 : 1)
    }
}

/// A minimal HTTP/1.1 client for Nimbus's own endpoints (`http://host:port` with a numeric IPv4 address or
/// localhost): a POSIX socket, one request, `Connection: close`. Linking URLSession's FoundationNetworking would
/// load libcurl into every `nimbus` process, the server's included.
enum LoopbackHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func post(_ endpoint: String, path: String, body: Data) throws -> (Int, Data) {
        guard let url = URL(string: endpoint), url.scheme == "http", let host = url.host else {
            throw Failure(description: "the endpoint must be http://HOST:PORT")
        }
        let port = UInt16(url.port ?? 80)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            throw Failure(description: "\(host) is not an IPv4 address")
        }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(socket) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connection refused") }
        var request = Data("POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        request.append(body)
        try request.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let written = send(socket, buffer.baseAddress! + sent, buffer.count - sent, 0)
                guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
                sent += written
            }
        }
        var response = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count <= 0 { break }
            response.append(contentsOf: chunk[0..<count])
        }
        guard let split = response.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "no HTTP answer") }
        let head = String(decoding: response[..<split.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var payload = Data(response[split.upperBound...])
        if head.lowercased().contains("transfer-encoding: chunked") { payload = dechunk(payload) }
        return (status, payload)
    }

    /// The body of a chunked answer.
    static func dechunk(_ data: Data) -> Data {
        var result = Data()
        var index = data.startIndex
        while let lineEnd = data[index...].range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard let end = data.index(start, offsetBy: size, limitedBy: data.endIndex) else { break }
            result.append(data[start..<end])
            index = min(data.endIndex, data.index(end, offsetBy: 2, limitedBy: data.endIndex) ?? data.endIndex)
        }
        return result
    }
}
