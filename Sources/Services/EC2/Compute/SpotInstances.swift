import AWSWire
import Foundation
import NimbusCore
import State

/// A Spot Instance request ("Spot Instance requests", EC2 User Guide): one per instance asked for; fulfilled at
/// once when its maximum price is at least the Spot price, otherwise left open with `price-too-low`.
struct SpotInstanceRequest: EC2Resource {
    static let kind = "ec2.spot-instance-request"
    static let idPrefix = "sir"
    static let resourceType = "spot-instances-request"

    var id: String
    var type: String
    var maxPrice: String
    var state: String
    var statusCode: String
    var statusMessage: String
    var instanceId: String?
    var availabilityZone: String?
    /// The launch specification, as JSON (RunInstances' members).
    var launchSpecification: String
    var created: Date
    var updated: Date
    var validUntil: Date?
    var interruptionBehavior: String
    var tags: [EC2Tag] = []

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidSpotInstanceRequestID.NotFound", "The spot instance request ID '\(ids.joined(separator: ", "))' does not exist")
    }

    static var malformedCode: String { "InvalidSpotInstanceRequestID.Malformed" }

    static let filterNames: Set<String> = [
        "availability-zone-group", "create-time", "instance-id", "launched-availability-zone", "spot-instance-request-id",
        "spot-price", "state", "status-code", "status-message", "type", "launch.instance-type", "launch.image-id",
        "product-description", "valid-from", "valid-until",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        let spec = LaunchTemplates.data(launchSpecification)
        switch name {
        case "create-time": return [Timestamp.iso8601(created)]
        case "instance-id": return instanceId.map { [$0] } ?? []
        case "launched-availability-zone": return availabilityZone.map { [$0] } ?? []
        case "spot-instance-request-id": return [id]
        case "spot-price": return [maxPrice]
        case "state": return [state]
        case "status-code": return [statusCode]
        case "status-message": return [statusMessage]
        case "type": return [type]
        case "launch.instance-type": return spec["InstanceType"]?.string.map { [$0] } ?? []
        case "launch.image-id": return spec["ImageId"]?.string.map { [$0] } ?? []
        case "product-description": return ["Linux/UNIX"]
        case "valid-until": return validUntil.map { [Timestamp.iso8601($0)] } ?? []
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "SpotInstanceRequestId": .string(id), "Type": .string(type), "SpotPrice": .string(maxPrice), "State": .string(state),
            "Status": ["Code": .string(statusCode), "Message": .string(statusMessage), "UpdateTime": .timestamp(updated)],
            "InstanceId": instanceId.map(AWSValue.string), "LaunchedAvailabilityZone": availabilityZone.map(AWSValue.string),
            "LaunchSpecification": LaunchTemplates.data(launchSpecification), "CreateTime": .timestamp(created),
            "ValidUntil": validUntil.map(AWSValue.timestamp), "ProductDescription": "Linux/UNIX",
            "InstanceInterruptionBehavior": .string(interruptionBehavior), "Tags": tagsIfAny,
        ])
    }
}

/// Spot prices: plausible, stable figures below On-Demand ("Spot Instance pricing history"). On-Demand is
/// estimated from the type's vCPUs, memory and GPUs (m5.large comes to $0.096 an hour, as AWS charges in
/// us-east-1); Spot is 25 to 45 % of it, varying by type, zone and day.
enum SpotPricing {
    static func onDemand(_ type: String) -> Double? {
        guard let info = InstanceTypeCatalog.info(type) else { return nil }
        var price = 0.024 * Double(info.vcpu.count) + 0.006 * Double(info.memoryMiB) / 1024
        price += 3.0 * Double(info.gpus.reduce(0) { $0 + $1.count })
        if info.burstable { price *= 0.2 }
        return price
    }

    static func spot(_ type: String, zone: String, at date: Date) -> Double? {
        guard let onDemand = onDemand(type) else { return nil }
        let day = Int(date.timeIntervalSince1970 / 86_400)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(type)|\(zone)|\(day)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return onDemand * (0.25 + Double(hash % 21) / 100)
    }

    static func text(_ price: Double) -> String { String(format: "%.6f", price) }
}

enum SpotInstances {
    static func request(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let count = input["InstanceCount"]?.int ?? 1
        guard (1...1000).contains(count) else {
            throw EC2Errors.invalidParameterValue("Value (\(count)) for parameter instanceCount is invalid.")
        }
        guard let spec = input["LaunchSpecification"] else { throw EC2Errors.missingParameter("LaunchSpecification") }
        let type = spec["InstanceType"]?.string ?? LaunchCatalog.defaultInstanceType
        let tags = try Tags.fromSpecifications(input, SpotInstanceRequest.resourceType)
        let requestType = input["Type"]?.string ?? "one-time"
        guard ["one-time", "persistent"].contains(requestType) else {
            throw EC2Errors.invalidParameterValue("Value (\(requestType)) for parameter type is invalid.")
        }
        let zone = spec["Placement"]?["AvailabilityZone"]?.string ?? RegionNetwork.defaultZones(context.region).first?.name ?? ""
        guard let price = SpotPricing.spot(type, zone: zone, at: context.now), let onDemand = SpotPricing.onDemand(type) else {
            throw EC2Errors.invalidParameterValue("Invalid value '\(type)' for InstanceType.")
        }
        // "Spot Instance requests": without a maximum price, the On-Demand price is the maximum.
        let maxPrice = input["SpotPrice"]?.string.flatMap(Double.init) ?? onDemand
        var instanceIds: [String] = []
        if maxPrice >= price {
            var launch = spec.object ?? [:]
            launch["MinCount"] = .int(count)
            launch["MaxCount"] = .int(count)
            launch["InstanceMarketOptions"] = ["MarketType": "spot"]
            launch["Monitoring"] = spec["Monitoring"].map { ["Enabled": $0["Enabled"] ?? false] }
            let reservation = try await RunInstances.run(.object(launch), context)
            instanceIds = (reservation["Instances"]?.list ?? []).compactMap { $0["InstanceId"]?.string }
        }
        let partition = context.regionalPartition
        let requests = try context.store.write { tx in
            (0..<count).map { index -> SpotInstanceRequest in
                let instanceId = index < instanceIds.count ? instanceIds[index] : nil
                let request = SpotInstanceRequest(
                    id: context.ids.resourceId("sir", digits: 8), type: requestType, maxPrice: SpotPricing.text(maxPrice),
                    state: instanceId == nil ? "open" : "active",
                    statusCode: instanceId == nil ? "price-too-low" : "fulfilled",
                    statusMessage: instanceId == nil ? "Your Spot request price of \(SpotPricing.text(maxPrice)) is lower than the minimum required Spot request fulfillment price of \(SpotPricing.text(price))."
                        : "Your spot request is fulfilled.",
                    instanceId: instanceId, availabilityZone: instanceId == nil ? nil : zone,
                    launchSpecification: String(decoding: spec.jsonBytes, as: UTF8.self), created: context.now, updated: context.now,
                    validUntil: input["ValidUntil"]?.date, interruptionBehavior: input["InstanceInterruptionBehavior"]?.string ?? "terminate",
                    tags: tags)
                tx.save(request, in: partition)
                if let instanceId, var instance = tx.get(Instance.self, instanceId, in: partition) {
                    instance.spotInstanceRequestId = request.id
                    tx.save(instance, in: partition)
                }
                return request
            }
        }
        return context.store.read { view in
            let network = NetworkView(view, context)
            return ["SpotInstanceRequests": .list(requests.map { $0.output(network) })]
        }
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(SpotInstanceRequest.self, input, context, idsMember: "SpotInstanceRequestIds",
                                 outputMember: "SpotInstanceRequests")
    }

    /// "Cancel a Spot Instance request": the request ends; instances it launched keep running.
    static func cancel(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let ids = input["SpotInstanceRequestIds"]?.strings ?? []
        let partition = context.regionalPartition
        try context.store.write { tx in
            for id in ids {
                try tx.update(SpotInstanceRequest.self, id, in: partition) { request in
                    request.state = "cancelled"
                    request.statusCode = request.instanceId == nil ? "canceled-before-fulfillment" : "request-canceled-and-instance-running"
                    request.statusMessage = "Your spot request is canceled."
                    request.updated = context.now
                }
            }
        }
        return ["CancelledSpotInstanceRequests": .list(ids.map { ["SpotInstanceRequestId": .string($0), "State": "cancelled"] })]
    }

    static func priceHistory(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let types = input["InstanceTypes"]?.strings ?? ["t3.micro", "m5.large", "c5.large", "r5.large"]
        let zones = input["AvailabilityZone"]?.string.map { [$0] } ?? RegionNetwork.defaultZones(context.region).map(\.name)
        let end = input["EndTime"]?.date ?? context.now
        let start = input["StartTime"]?.date ?? end
        var rows: [AWSValue] = []
        // One price a day per type and zone, newest first, from the start to the end of the window.
        var day = end
        repeat {
            for type in types {
                for zone in zones {
                    guard let price = SpotPricing.spot(type, zone: zone, at: day) else { continue }
                    rows.append(["AvailabilityZone": .string(zone), "InstanceType": .string(type),
                                 "ProductDescription": "Linux/UNIX", "SpotPrice": .string(SpotPricing.text(price)),
                                 "Timestamp": .timestamp(Date(timeIntervalSince1970: (day.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400))])
                }
            }
            day = day.addingTimeInterval(-86_400)
        } while day >= start && rows.count < 10_000
        let page = Paginator.page(rows, marker: input["NextToken"]?.string, maxItems: input["MaxResults"]?.int, defaultMaxItems: 1000)
        return .structure(["SpotPriceHistory": .list(page.items), "NextToken": .string(page.marker ?? "")])
    }
}
