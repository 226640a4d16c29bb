import AWSModels
import AWSWire
import Foundation
import NimbusCore

/// Nimbus's own endpoints under `/_nimbus/` (and `/moto-api/reset`, so tools built for moto's server work).
struct NimbusEndpoints: Sendable {
    let environment: NimbusEnvironment
    let dispatcher: Dispatcher
    let dataDirectory: String?
    let started: Date

    static func handles(_ path: String) -> Bool {
        path.hasPrefix("/_nimbus/") || path.hasPrefix("/moto-api/")
    }

    func respond(_ request: WireRequest) -> WireResponse {
        switch (request.method, request.rawPath) {
        case ("GET", "/_nimbus/health"), ("HEAD", "/_nimbus/health"):
            return json(200, health())
        case ("POST", "/_nimbus/reset"), ("POST", "/moto-api/reset"):
            do {
                try environment.store.reset()
                return json(200, ["reset": .boolean(true)])
            } catch {
                return json(500, ["error": .string("reset failed: \(error)")])
            }
        default:
            return json(404, ["error": .string("no Nimbus endpoint \(request.method) \(request.rawPath)")])
        }
    }

    private func health() -> [String: AWSValue] {
        let implemented = Dictionary(uniqueKeysWithValues: dispatcher.implementedOperations().map { ($0.service, $0.implemented) })
        var services: [String: AWSValue] = [:]
        for info in EmbeddedModels.services {
            services[info.name] = .object([
                "protocol": .string(info.protocol),
                "operations": .int(info.operationCount),
                "implemented": .int(implemented[info.name] ?? 0),
            ])
        }
        return [
            "status": "running",
            "version": .string(NimbusVersion.current),
            "uptimeSeconds": .double((environment.clock.now().timeIntervalSince(started) * 1000).rounded() / 1000),
            "dataDirectory": dataDirectory.map(AWSValue.string) ?? .null,
            "persistence": .string(dataDirectory == nil ? "ephemeral" : "sqlite"),
            "services": .object(services),
        ]
    }

    private func json(_ status: Int, _ fields: [String: AWSValue]) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(PlainJSON.encode(.object(fields)).utf8))
    }
}

/// JSON for Nimbus's own endpoints, where no model applies.
enum PlainJSON {
    static func encode(_ value: AWSValue) -> String {
        switch value {
        case .string(let s): return quote(s)
        case .integer(let i): return String(i)
        case .double(let d): return d.isFinite ? String(d) : "null"
        case .boolean(let b): return b ? "true" : "false"
        case .timestamp(let date): return quote(Timestamp.iso8601(date))
        case .blob(let bytes): return quote(Data(bytes).base64EncodedString())
        case .null: return "null"
        case .list(let items): return "[" + items.map(encode).joined(separator: ",") + "]"
        case .object(let fields):
            return "{" + fields.keys.sorted().map { quote($0) + ":" + encode(fields[$0]!) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
