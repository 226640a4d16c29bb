import AWSWire
import Foundation
import NetworkModel
import NimbusCore
import State

/// A path to analyze ("Reachability Analyzer", CreateNetworkInsightsPath): a source, a destination (a component
/// or an address), the protocol and destination port, and optional filters at each end.
struct NetworkInsightsPath: EC2Resource {
    static let kind = "ec2.network-insights-path"
    static let idPrefix = "nip"
    static let resourceType = "network-insights-path"
    /// "Reachability Analyzer quotas": paths per Region.
    static let quotaPerRegion = 1000

    /// A `PathFilter`: addresses and port ranges at one end.
    struct Filter: Codable, Hashable, Sendable {
        var sourceAddress: String?
        var sourcePortRange: [Int]?
        var destinationAddress: String?
        var destinationPortRange: [Int]?

        var isEmpty: Bool { self == Filter() }

        var output: AWSValue {
            func range(_ ports: [Int]?) -> AWSValue? {
                ports.map { ["FromPort": .int($0[0]), "ToPort": .int($0[1])] }
            }
            return .structure([
                "SourceAddress": sourceAddress.map(AWSValue.string), "SourcePortRange": range(sourcePortRange),
                "DestinationAddress": destinationAddress.map(AWSValue.string), "DestinationPortRange": range(destinationPortRange),
            ])
        }
    }

    var id: String
    var ownerId: String
    var created: Date
    var source: String
    var destination: String?
    var sourceArn: String
    var destinationArn: String?
    var sourceIp: String?
    var destinationIp: String?
    var trafficProtocol: String
    var destinationPort: Int?
    var filterAtSource: Filter?
    var filterAtDestination: Filter?
    var clientToken: String?
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidNetworkInsightsPathId.NotFound", notFoundMessage("network insights path", ids))
    }

    func arn(_ region: String) -> String { "arn:aws:ec2:\(region):\(ownerId):network-insights-path/\(id)" }

    static let filterNames: Set<String> = [
        "destination", "filter-at-source.source-address", "filter-at-source.source-port-range",
        "filter-at-source.destination-address", "filter-at-source.destination-port-range",
        "filter-at-destination.source-address", "filter-at-destination.source-port-range",
        "filter-at-destination.destination-address", "filter-at-destination.destination-port-range", "protocol", "source",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        func ports(_ range: [Int]?) -> [String] { range.map { ["\($0[0])-\($0[1])", "\($0[0])"] } ?? [] }
        switch name {
        case "destination": return [destination, destinationArn].compactMap { $0 }
        case "source": return [source, sourceArn]
        case "protocol": return [trafficProtocol]
        case "filter-at-source.source-address": return filterAtSource?.sourceAddress.map { [$0] } ?? []
        case "filter-at-source.source-port-range": return ports(filterAtSource?.sourcePortRange)
        case "filter-at-source.destination-address": return filterAtSource?.destinationAddress.map { [$0] } ?? []
        case "filter-at-source.destination-port-range": return ports(filterAtSource?.destinationPortRange)
        case "filter-at-destination.source-address": return filterAtDestination?.sourceAddress.map { [$0] } ?? []
        case "filter-at-destination.source-port-range": return ports(filterAtDestination?.sourcePortRange)
        case "filter-at-destination.destination-address": return filterAtDestination?.destinationAddress.map { [$0] } ?? []
        case "filter-at-destination.destination-port-range": return ports(filterAtDestination?.destinationPortRange)
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "NetworkInsightsPathId": .string(id), "NetworkInsightsPathArn": .string(arn(network.partition.region)),
            "CreatedDate": .timestamp(created), "Source": .string(source), "Destination": destination.map(AWSValue.string),
            "SourceArn": .string(sourceArn), "DestinationArn": destinationArn.map(AWSValue.string),
            "SourceIp": sourceIp.map(AWSValue.string), "DestinationIp": destinationIp.map(AWSValue.string),
            "Protocol": .string(trafficProtocol), "DestinationPort": destinationPort.map { .int($0) },
            "FilterAtSource": filterAtSource?.output, "FilterAtDestination": filterAtDestination?.output,
            "Tags": tagsOutput,
        ])
    }
}

/// One run of the analyzer on a path, kept with what it found (the network may change after it).
struct NetworkInsightsAnalysis: EC2Resource {
    static let kind = "ec2.network-insights-analysis"
    static let idPrefix = "nia"
    static let resourceType = "network-insights-analysis"
    /// "Reachability Analyzer quotas": analyses per Region.
    static let quotaPerRegion = 10_000

    var id: String
    var ownerId: String
    var pathId: String
    var started: Date
    /// `succeeded` or `failed` (an analysis runs as it starts; a path that is not reachable still succeeds).
    var status: String
    var statusMessage: String?
    var result: ReachabilityResult?
    var filterInArns: [String] = []
    var filterOutArns: [String] = []
    var clientToken: String?
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidNetworkInsightsAnalysisId.NotFound", notFoundMessage("network insights analysis", ids))
    }

    func arn(_ region: String) -> String { "arn:aws:ec2:\(region):\(ownerId):network-insights-analysis/\(id)" }

    static let filterNames: Set<String> = ["path-found", "status"]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "path-found": return result.map { [String($0.pathFound)] } ?? []
        case "status": return [status]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        output(region: network.partition.region, status: status)
    }

    func output(region: String, status: String) -> AWSValue {
        var members: [String: AWSValue?] = [
            "NetworkInsightsAnalysisId": .string(id), "NetworkInsightsAnalysisArn": .string(arn(region)),
            "NetworkInsightsPathId": .string(pathId), "StartDate": .timestamp(started), "Status": .string(status),
            "FilterInArns": .list(filterInArns.map(AWSValue.string)), "FilterOutArns": .list(filterOutArns.map(AWSValue.string)),
            "Tags": tagsOutput,
        ]
        if status != "running" {
            members["StatusMessage"] = statusMessage.map(AWSValue.string)
            if let result {
                let names = AnalysisOutput(region: region, account: ownerId)
                members["NetworkPathFound"] = .boolean(result.pathFound)
                members["ForwardPathComponents"] = .list(names.components(result.forwardPath))
                members["ReturnPathComponents"] = .list(result.pathFound ? names.components(result.returnPath) : [])
                members["Explanations"] = .list(result.explanations.map(names.explanation))
            }
        }
        return .structure(members)
    }
}
