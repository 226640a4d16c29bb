import AWSWire
import Foundation
import NetworkModel
import NimbusCore
import State

/// Reachability Analyzer's API: paths, analyses of them, and their deletion ("Reachability Analyzer",
/// EC2 API Reference). An analysis runs as it starts, on the configuration of that moment; StartNetworkInsightsAnalysis
/// answers `running`, as AWS does, and Describe shows the result.
enum NetworkInsights {
    static func createPath(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        guard let given = input["Protocol"]?.string, !given.isEmpty else { throw EC2Errors.missingParameter("protocol") }
        let trafficProtocol = given.lowercased()
        guard ["tcp", "udp"].contains(trafficProtocol) else {
            throw EC2Errors.invalidParameterValue("Value (\(input["Protocol"]?.string ?? "")) for parameter protocol is invalid. Valid values are tcp and udp.")
        }
        guard let source = input["Source"]?.string, !source.isEmpty else { throw EC2Errors.missingParameter("source") }
        let filterAtSource = try filter(input["FilterAtSource"], "FilterAtSource")
        let filterAtDestination = try filter(input["FilterAtDestination"], "FilterAtDestination")
        let destinationPort = input["DestinationPort"]?.int
        if let destinationPort, !(0...65535).contains(destinationPort) {
            throw EC2Errors.invalidParameterValue("Value (\(destinationPort)) for parameter destinationPort is invalid. Ports are 0 to 65535.")
        }
        let sourceIp = try address(input["SourceIp"]?.string, "sourceIp")
        let destinationIp = try address(input["DestinationIp"]?.string, "destinationIp")
        // The member documentation: FilterAtSource excludes SourceIp and DestinationPort; FilterAtDestination, DestinationIp.
        if filterAtSource != nil, sourceIp != nil || destinationPort != nil {
            throw EC2Errors.invalidParameterCombination("FilterAtSource cannot be specified with SourceIp or DestinationPort.")
        }
        if filterAtDestination != nil, destinationIp != nil {
            throw EC2Errors.invalidParameterCombination("FilterAtDestination cannot be specified with DestinationIp.")
        }
        let destination = input["Destination"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        guard destination != nil || destinationIp != nil || filterAtSource?.destinationAddress != nil else {
            throw EC2Errors.missingParameter("destination")
        }
        let tags = try Tags.fromSpecifications(input, NetworkInsightsPath.resourceType)
        let clientToken = input["ClientToken"]?.string
        let partition = context.regionalPartition
        let path = try context.store.write { tx -> NetworkInsightsPath in
            // "Ensuring idempotency": the same token answers the same path; with other parameters it is refused.
            if let clientToken, let earlier = tx.view.all(NetworkInsightsPath.self, in: partition).values.first(where: { $0.clientToken == clientToken }) {
                guard earlier.source == source || earlier.sourceArn == source, earlier.destination == destination || earlier.destinationArn == destination,
                      earlier.trafficProtocol == trafficProtocol, earlier.destinationPort == destinationPort,
                      earlier.sourceIp == sourceIp?.description, earlier.destinationIp == destinationIp?.description,
                      earlier.filterAtSource == filterAtSource, earlier.filterAtDestination == filterAtDestination else {
                    throw AWSError("IdempotentParameterMismatch",
                                   "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).")
                }
                return earlier
            }
            let network = NetworkView(tx.view, context)
            let from = try PathEndpoint.resolve(source, role: .source, address: sourceIp ?? filterAtSource?.sourceAddress.flatMap { IPv4Address($0) },
                                                network: network)
            let to = try destination.map {
                try PathEndpoint.resolve($0, role: .destination, address: destinationIp ?? filterAtDestination?.destinationAddress.flatMap { IPv4Address($0) },
                                         network: network)
            }
            guard tx.view.all(NetworkInsightsPath.self, in: partition).count < NetworkInsightsPath.quotaPerRegion else {
                throw AWSError("NetworkInsightsPath.LimitExceeded", "You have reached the limit of \(NetworkInsightsPath.quotaPerRegion) network insights paths.")
            }
            let path = NetworkInsightsPath(
                id: context.ids.resourceId("nip"), ownerId: context.account, created: context.now, source: from.id,
                destination: to?.id, sourceArn: from.arn, destinationArn: to?.arn, sourceIp: sourceIp?.description,
                destinationIp: destinationIp?.description, trafficProtocol: trafficProtocol, destinationPort: destinationPort,
                filterAtSource: filterAtSource, filterAtDestination: filterAtDestination, clientToken: clientToken, tags: tags)
            tx.save(path, in: partition)
            return path
        }
        return ["NetworkInsightsPath": context.store.read { path.output(NetworkView($0, context)) }]
    }

    static func describePaths(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(NetworkInsightsPath.self, input, context, idsMember: "NetworkInsightsPathIds",
                                 outputMember: "NetworkInsightsPaths")
    }

    static func deletePath(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["NetworkInsightsPathId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            _ = try tx.load(NetworkInsightsPath.self, id, in: partition)
            // "Delete a path": "Before you can delete the path, you must delete its analyses."
            guard !tx.view.all(NetworkInsightsAnalysis.self, in: partition).values.contains(where: { $0.pathId == id }) else {
                throw AWSError("AnalysisExistsForNetworkInsightsPath",
                               "The network insights path '\(id)' has analyses. Delete them before deleting the path.")
            }
            tx.remove(NetworkInsightsPath.self, id, in: partition)
        }
        return ["NetworkInsightsPathId": .string(id)]
    }

    static func startAnalysis(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        guard let pathId = input["NetworkInsightsPathId"]?.string, !pathId.isEmpty else {
            throw EC2Errors.missingParameter("networkInsightsPathId")
        }
        let tags = try Tags.fromSpecifications(input, NetworkInsightsAnalysis.resourceType)
        let partition = context.regionalPartition
        let analysisId = context.ids.resourceId("nia")
        // "Ensuring idempotency": the same ClientToken answers the analysis it started.
        let clientToken = input["ClientToken"]?.string
        if let clientToken, let earlier = context.store.read({ view in
            view.all(NetworkInsightsAnalysis.self, in: partition).values.last { $0.clientToken == clientToken }
        }) {
            guard earlier.pathId == pathId else {
                throw AWSError("IdempotentParameterMismatch",
                               "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).")
            }
            return ["NetworkInsightsAnalysis": earlier.output(region: partition.region, status: earlier.status)]
        }
        let analysis = try context.store.read { view -> NetworkInsightsAnalysis in
            let network = NetworkView(view, context)
            let path = try network.load(NetworkInsightsPath.self, pathId)
            var analysis = NetworkInsightsAnalysis(id: analysisId, ownerId: context.account, pathId: path.id, started: context.now,
                                                   status: "succeeded", tags: tags)
            analysis.filterInArns = input["FilterInArns"]?.strings ?? []
            analysis.filterOutArns = input["FilterOutArns"]?.strings ?? []
            analysis.clientToken = clientToken
            do {
                analysis.result = try run(path, network, filterIn: analysis.filterInArns, filterOut: analysis.filterOutArns)
                analysis.statusMessage = "Analysis completed successfully"
            } catch let failure as AnalysisFailure {
                analysis.status = "failed"
                analysis.statusMessage = failure.message
            }
            return analysis
        }
        let stored = try context.store.write { tx -> NetworkInsightsAnalysis in
            _ = try tx.load(NetworkInsightsPath.self, pathId, in: partition)
            // Two starts with one token racing: the first one stored wins.
            if let clientToken, let earlier = tx.view.all(NetworkInsightsAnalysis.self, in: partition).values.last(where: { $0.clientToken == clientToken }) {
                guard earlier.pathId == pathId else {
                    throw AWSError("IdempotentParameterMismatch",
                                   "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).")
                }
                return earlier
            }
            guard tx.view.all(NetworkInsightsAnalysis.self, in: partition).count < NetworkInsightsAnalysis.quotaPerRegion else {
                throw AWSError("NetworkInsightsAnalysis.LimitExceeded",
                               "You have reached the limit of \(NetworkInsightsAnalysis.quotaPerRegion) network insights analyses.")
            }
            tx.save(analysis, in: partition)
            return analysis
        }
        return ["NetworkInsightsAnalysis": stored.output(region: partition.region, status: stored.id == analysis.id ? "running" : stored.status)]
    }

    static func describeAnalyses(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let pathId = input["NetworkInsightsPathId"]?.string
        if let pathId {
            _ = try context.store.read { try NetworkView($0, context).load(NetworkInsightsPath.self, pathId) }
        }
        let from = input["AnalysisStartTime"]?.date
        let until = input["AnalysisEndTime"]?.date
        return try EC2Describe.describe(NetworkInsightsAnalysis.self, input, context, idsMember: "NetworkInsightsAnalysisIds",
                                        outputMember: "NetworkInsightsAnalyses") { analysis, _ in
            (pathId == nil || analysis.pathId == pathId) && from.map { analysis.started >= $0 } ?? true
                && until.map { analysis.started <= $0 } ?? true
        }
    }

    static func deleteAnalysis(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["NetworkInsightsAnalysisId"]?.string ?? ""
        try context.store.write { tx in
            _ = try tx.load(NetworkInsightsAnalysis.self, id, in: context.regionalPartition)
            tx.remove(NetworkInsightsAnalysis.self, id, in: context.regionalPartition)
        }
        return ["NetworkInsightsAnalysisId": .string(id)]
    }

    // MARK: - Running

    /// Why an analysis could not run: AWS reports these as a failed analysis with a status message
    /// ("Troubleshooting Reachability Analyzer").
    struct AnalysisFailure: Error {
        let message: String
    }

    /// Analyzes a path on the configuration `network` shows now.
    static func run(_ path: NetworkInsightsPath, _ network: NetworkView, filterIn: [String] = [], filterOut: [String] = []) throws -> ReachabilityResult {
        // The addresses as the source sends them (FilterAtDestination's source address is what arrives, after any NAT).
        let sourceAddress = (path.sourceIp ?? path.filterAtSource?.sourceAddress).flatMap { IPv4Address($0) }
        let destinationAddress = (path.destinationIp ?? path.filterAtSource?.destinationAddress ?? path.filterAtDestination?.destinationAddress)
            .flatMap { IPv4Address($0) }
        func endpoint(_ id: String, _ role: PathEndpoint.Role, _ address: IPv4Address?) throws -> ReachabilityQuery.Endpoint {
            guard let found = try? PathEndpoint.resolve(id, role: role, address: address, network: network) else {
                throw AnalysisFailure(message: "The request failed due to missing component \(id)")
            }
            return found.endpoint
        }
        let source = try endpoint(path.source, .source, sourceAddress)
        let destination: ReachabilityQuery.Endpoint
        if let id = path.destination { destination = try endpoint(id, .destination, destinationAddress) }
        else if let destinationAddress { destination = .address(destinationAddress) }
        else { throw AnalysisFailure(message: "The path has no destination") }
        let portRange = path.filterAtSource?.destinationPortRange ?? path.filterAtDestination?.destinationPortRange
        let sourcePortRange = path.filterAtSource?.sourcePortRange ?? path.filterAtDestination?.sourcePortRange
        var query = ReachabilityQuery(
            source: source, destination: destination, protocol: TrafficProtocol(rawValue: path.trafficProtocol) ?? .tcp,
            destinationPorts: path.destinationPort.map { PortRange($0) } ?? portRange.map { PortRange(from: $0[0], to: $0[1]) },
            sourceAddress: sourceAddress, destinationAddress: destinationAddress,
            sourcePorts: sourcePortRange.map { PortRange(from: $0[0], to: $0[1]) })
        // FilterInArns / FilterOutArns name components by ARN: the analyzer knows them by ID.
        func id(_ arn: String) -> String { ARN(arn).flatMap { $0.resource.split(separator: "/").last.map(String.init) } ?? arn }
        query.requiredComponents = filterIn.map(id)
        query.excludedComponents = filterOut.map(id)
        do {
            return try ReachabilityAnalyzer(LiveNetworkConfiguration(network)).analyze(query)
        } catch {
            throw AnalysisFailure(message: error.message)
        }
    }

    // MARK: - Input

    static func address(_ text: String?, _ parameter: String) throws -> IPv4Address? {
        guard let text, !text.isEmpty else { return nil }
        guard let address = IPv4Address(text) else {
            throw EC2Errors.invalidParameterValue("Value (\(text)) for parameter \(parameter) is invalid. It must be an IPv4 address.")
        }
        return address
    }

    static func filter(_ value: AWSValue?, _ parameter: String) throws -> NetworkInsightsPath.Filter? {
        guard let value else { return nil }
        func ports(_ member: String) throws -> [Int]? {
            guard let range = value[member] else { return nil }
            let from = range["FromPort"]?.int ?? 0
            let to = range["ToPort"]?.int ?? 65535
            guard (0...65535).contains(from), (0...65535).contains(to), from <= to else {
                throw EC2Errors.invalidParameterValue("Value for parameter \(parameter).\(member) is invalid: ports are 0 to 65535, FromPort no greater than ToPort.")
            }
            return [from, to]
        }
        let filter = NetworkInsightsPath.Filter(
            sourceAddress: try address(value["SourceAddress"]?.string, "\(parameter).SourceAddress")?.description,
            sourcePortRange: try ports("SourcePortRange"),
            destinationAddress: try address(value["DestinationAddress"]?.string, "\(parameter).DestinationAddress")?.description,
            destinationPortRange: try ports("DestinationPortRange"))
        return filter.isEmpty ? nil : filter
    }
}
