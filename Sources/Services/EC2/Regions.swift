import AWSWire
import NimbusCore

/// DescribeRegions and DescribeAvailabilityZones, answered from the region catalogue
/// ("DescribeRegions" and "DescribeAvailabilityZones", Amazon EC2 API Reference).
enum Regions {
    static func describeRegions(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let filters = try EC2Filters(input["Filters"], allowed: ["endpoint", "opt-in-status", "region-name"])
        let names = input["RegionNames"]?.strings ?? []
        let unknown = names.filter { RegionCatalog.region(named: $0) == nil }
        if !unknown.isEmpty {
            throw AWSError("InvalidParameterValue", "Invalid region names: [\(unknown.joined(separator: ", "))]")
        }
        let all = input["AllRegions"]?.bool ?? false
        let regions = RegionCatalog.regions.filter { region in
            if !names.isEmpty { return names.contains(region.name) }
            return all || !region.isOptInRegion
        }.filter { region in
            filters.matches { name in
                switch name {
                case "endpoint": return [region.endpoint]
                case "opt-in-status": return [region.optInStatus]
                case "region-name": return [region.name]
                default: return []
                }
            }
        }
        return ["Regions": .list(regions.map { region in
            ["RegionName": .string(region.name), "Endpoint": .string(region.endpoint), "OptInStatus": .string(region.optInStatus)]
        })]
    }

    static let zoneFilters: Set<String> = [
        "group-long-name", "group-name", "message", "opt-in-status", "parent-zone-id", "parent-zone-name", "region-name",
        "state", "zone-id", "zone-name", "zone-type", "network-border-group",
    ]

    static func describeAvailabilityZones(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let filters = try EC2Filters(input["Filters"], allowed: zoneFilters)
        guard let region = RegionCatalog.region(named: context.region) else {
            throw AWSError("InvalidParameterValue", "Invalid region: \(context.region)")
        }
        let names = input["ZoneNames"]?.strings ?? []
        let ids = input["ZoneIds"]?.strings ?? []
        for name in names where !region.zones.contains(where: { $0.name == name }) {
            throw AWSError("InvalidParameterValue", "The zone '\(name)' does not exist.")
        }
        for id in ids where !region.zones.contains(where: { $0.id == id }) {
            throw AWSError("InvalidParameterValue", "The zone ID '\(id)' does not exist.")
        }
        let all = input["AllAvailabilityZones"]?.bool ?? false
        let zones = region.zones.filter { zone in
            if !names.isEmpty || !ids.isEmpty { return names.contains(zone.name) || ids.contains(zone.id) }
            // Zones in groups the account has not opted in to show only when all are asked for.
            return all || zone.optInStatus != AWSOptInStatus.notOptedIn
        }.filter { zone in
            filters.matches { name in
                switch name {
                case "group-long-name": return [zone.groupLongName]
                case "group-name": return [zone.groupName]
                case "message": return zone.messages
                case "opt-in-status": return [zone.optInStatus]
                case "parent-zone-id": return zone.parentZoneId.map { [$0] } ?? []
                case "parent-zone-name": return zone.parentZoneName.map { [$0] } ?? []
                case "region-name": return [zone.regionName]
                case "state": return [zone.state]
                case "zone-id": return [zone.id]
                case "zone-name": return [zone.name]
                case "zone-type": return [zone.zoneType]
                case "network-border-group": return [zone.networkBorderGroup]
                default: return []
                }
            }
        }
        return ["AvailabilityZones": .list(zones.map { zone in
            .structure([
                "State": .string(zone.state), "OptInStatus": .string(zone.optInStatus), "Messages": [],
                "RegionName": .string(zone.regionName), "ZoneName": .string(zone.name), "ZoneId": .string(zone.id),
                "GroupName": .string(zone.groupName), "GroupLongName": .string(zone.groupLongName),
                "NetworkBorderGroup": .string(zone.networkBorderGroup), "ZoneType": .string(zone.zoneType),
                "ParentZoneName": zone.parentZoneName.map(AWSValue.string), "ParentZoneId": zone.parentZoneId.map(AWSValue.string),
            ])
        })]
    }
}
