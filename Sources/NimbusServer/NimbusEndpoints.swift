import AWSModels
import AWSWire
import EC2Service
import Foundation
import NimbusCore
import S3Service

/// Nimbus's own endpoints under `/_nimbus/` (and `/moto-api/reset`, so tools built for moto's server work).
struct NimbusEndpoints: Sendable {
    let environment: NimbusEnvironment
    let dispatcher: Dispatcher
    let dataDirectory: String?
    let started: Date
    /// What else a reset clears beyond the store (Lambda's warm environments).
    var onReset: @Sendable () -> Void = {}

    static func handles(_ path: String) -> Bool {
        path.hasPrefix("/_nimbus/") || path.hasPrefix("/moto-api/")
    }

    func respond(_ request: WireRequest) -> WireResponse {
        if request.rawPath.hasPrefix(InstanceMetadataService.pathPrefix) {
            return InstanceMetadataService.respond(request, environment: environment)
        }
        switch (request.method, request.rawPath) {
        case ("GET", "/_nimbus/health"), ("HEAD", "/_nimbus/health"):
            return json(200, health())
        case ("POST", "/_nimbus/reset"), ("POST", "/moto-api/reset"):
            do {
                try environment.store.reset()
                S3BodySweeper.sweep(store: environment.store, files: environment.files)
                onReset()
                return json(200, ["reset": .boolean(true)])
            } catch {
                return json(500, ["error": .string("reset failed: \(error)")])
            }
        case ("POST", "/_nimbus/clock"):
            // Moves Nimbus's clock forward (expiring sessions, ageing resources) for tests: {"advanceSeconds": N}.
            guard let body = try? JSONValue.parse(request.body), case .object(let fields) = body,
                  let seconds = fields["advanceSeconds"].flatMap({ AWSValue.fromJSON($0).double }), seconds >= 0 else {
                return json(400, ["error": "expected {\"advanceSeconds\": N} with N >= 0"])
            }
            environment.clock.advance(by: seconds)
            return json(200, ["now": .string(Timestamp.iso8601(environment.clock.now()))])
        case ("POST", "/_nimbus/reach"):
            return reach(request)
        default:
            return json(404, ["error": .string("no Nimbus endpoint \(request.method) \(request.rawPath)")])
        }
    }

    /// `nimbus reach`: {"from", "to", "protocol", "port", "region", "account"} -> {"reachable", "report"}.
    private func reach(_ request: WireRequest) -> WireResponse {
        guard let body = try? JSONValue.parse(request.body), case .object(let fields) = body,
              let from = fields["from"].flatMap({ AWSValue.fromJSON($0).string }),
              let to = fields["to"].flatMap({ AWSValue.fromJSON($0).string }) else {
            return json(400, ["error": "expected {\"from\": ID, \"to\": ID or address, \"protocol\", \"port\", \"region\", \"account\"}"])
        }
        func field(_ name: String) -> AWSValue? { fields[name].map { AWSValue.fromJSON($0) } }
        do {
            let report = try ReachabilityReport.run(
                store: environment.store, account: field("account")?.string ?? environment.accounts.defaultAccount,
                region: field("region")?.string ?? "us-east-1", now: environment.clock.now(), from: from, to: to,
                protocol: field("protocol")?.string ?? "tcp", port: field("port")?.double.map { Int($0) })
            return json(200, ["reachable": .boolean(report.reachable), "report": .string(report.text)])
        } catch let error as AWSError {
            return json(400, ["error": .string("\(error.code): \(error.message)")])
        } catch {
            return json(500, ["error": .string("\(error)")])
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
        WireResponse(status: status, headers: [("Content-Type", "application/json")], body: AWSValue.object(fields).jsonBytes)
    }
}
