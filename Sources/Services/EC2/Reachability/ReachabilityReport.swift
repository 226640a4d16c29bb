import AWSWire
import Foundation
import NetworkModel
import NimbusCore
import State

/// `nimbus reach`: one analysis, answered as text for a person (the path hop by hop, or what blocks it and the
/// rule to change). Served at `/_nimbus/reach`, so the command asks the running Nimbus.
public enum ReachabilityReport {
    public struct Report: Sendable {
        public let reachable: Bool
        public let text: String
    }

    /// Analyzes `from` -> `to` (IDs of instances, interfaces, internet gateways; `to` may be an IPv4 address) in an
    /// account and Region. Throws an `AWSError` for unknown components or bad input.
    public static func run(store: Store, account: String, region: String, now: Date, from: String, to: String,
                           protocol name: String, port: Int?) throws -> Report {
        guard let trafficProtocol = TrafficProtocol(rawValue: name.lowercased()) else {
            throw EC2Errors.invalidParameterValue("Unknown protocol \(name): use tcp, udp or icmp.")
        }
        if let port, !(0...65535).contains(port) { throw EC2Errors.invalidParameterValue("Ports are 0 to 65535, not \(port).") }
        return try store.read { view in
            let network = NetworkView(view, partition: Partition(account: account, region: region), now: now)
            let source = try PathEndpoint.resolve(from, role: .source, address: nil, network: network)
            let destination: ReachabilityQuery.Endpoint
            if let address = IPv4Address(to) { destination = .address(address) }
            else { destination = try PathEndpoint.resolve(to, role: .destination, address: nil, network: network).endpoint }
            let query = ReachabilityQuery(source: source.endpoint, destination: destination, protocol: trafficProtocol,
                                          destinationPort: trafficProtocol.hasPorts ? port : nil)
            let result: ReachabilityResult
            do {
                result = try ReachabilityAnalyzer(LiveNetworkConfiguration(network)).analyze(query)
            } catch let error as ReachabilityError {
                throw AWSError("AnalysisFailed", error.message)
            }
            let what = "\(from) -> \(to) \(trafficProtocol.rawValue)" + (trafficProtocol.hasPorts ? "/\(port.map(String.init) ?? "any")" : "")
            return Report(reachable: result.pathFound, text: text(result, what))
        }
    }

    static func text(_ result: ReachabilityResult, _ what: String) -> String {
        var lines: [String] = []
        if result.pathFound {
            lines.append("Reachable: \(what)")
            lines.append("Forward path:")
            lines += result.forwardPath.enumerated().map { "  \($0 + 1). \(describe($1))" }
            lines.append("Return path:")
            lines += result.returnPath.enumerated().map { "  \($0 + 1). \(describe($1))" }
        } else {
            lines.append("Not reachable: \(what)")
            lines.append("Blocked by:")
            for explanation in result.explanations {
                let direction = explanation.direction.map { " (\($0.rawValue)\(explanation.onReturnPath ? ", return traffic" : ""))" }
                    ?? (explanation.onReturnPath ? " (return traffic)" : "")
                let at = explanation.component.map { " at \($0.id)" } ?? ""
                var detail = ""
                if let entry = explanation.aclEntry { detail = " [rule \(entry.ruleNumber == 32767 ? "*" : String(entry.ruleNumber)) \(entry.allow ? "allow" : "deny")]" }
                if !explanation.securityGroupIds.isEmpty { detail = " [\(explanation.securityGroupIds.joined(separator: ", "))]" }
                lines.append("  - \(explanation.code.rawValue)\(direction)\(at)\(detail)")
                lines.append("    \(explanation.advice)")
            }
            if !result.forwardPath.isEmpty {
                lines.append("Path as far as it goes:")
                lines += result.forwardPath.enumerated().map { "  \($0 + 1). \(describe($1))" }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ hop: PathHop) -> String {
        var text = "\(AnalysisOutput.resourceType(hop.component.kind) ?? "address") \(hop.component.id)"
        if let rule = hop.securityGroupRule {
            let peer: String = switch rule.rule.peer {
            case .cidr(let block): block.description
            case .prefixList(let id), .group(let id), .other(let id): id
            }
            let ports = rule.rule.ports.map { " \($0)" } ?? ""
            text += ": \(rule.direction.rawValue) rule \(rule.rule.id) \(AnalysisOutput.protocolName(rule.rule.protocolNumber))\(ports) \(rule.direction == .egress ? "to" : "from") \(peer)"
        }
        if let entry = hop.aclEntry {
            let ports = entry.ports.map { " \($0)" } ?? ""
            text += ": \(entry.isEgress ? "outbound" : "inbound") rule \(entry.ruleNumber) \(entry.allow ? "allow" : "deny") \(AnalysisOutput.protocolName(entry.protocolNumber))\(ports) \(entry.cidr?.description ?? "")"
        }
        if let route = hop.route {
            let destination: String = switch route.destination {
            case .cidr(let block): block.description
            case .prefixList(let id), .other(let id): id
            }
            text += ": route \(destination) -> \(route.target.id)\(route.active ? "" : " (blackhole)")"
        }
        if let header = hop.outboundHeader ?? hop.inboundHeader {
            let ports = header.destinationPorts.map { " port \($0)" } ?? ""
            text += "  [\(header.source) -> \(header.destination) \(header.trafficProtocol.rawValue)\(ports)]"
        }
        return text
    }
}
