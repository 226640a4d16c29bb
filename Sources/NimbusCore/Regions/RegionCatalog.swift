// Lookups over the fixed catalogue of AWS Regions and zones (data: RegionCatalogData.swift).

/// The commercial (`aws` partition) Regions, their Availability Zones and a few Local Zones,
/// as fixed data. EC2's DescribeRegions and DescribeAvailabilityZones answer from it.
///
/// Zone names: real accounts in the oldest Regions get their own shuffled mapping of zone
/// letters to AZ IDs; Nimbus uses one fixed mapping for every account. See
/// `RegionCatalogData` for the rule and the sources.
public enum RegionCatalog {
    /// The Region a request without one is taken to be in.
    public static let defaultRegion = "us-east-1"

    /// The partition every catalogued Region belongs to.
    public static let partition = "aws"

    /// Every Region, sorted by name.
    public static let regions: [AWSRegion] = RegionCatalogData.buildRegions()

    /// Every zone of every Region, in `regions` order.
    public static let allZones: [AvailabilityZone] = regions.flatMap(\.zones)

    private static let regionsByName: [String: AWSRegion] = Dictionary(
        regions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }
    )

    private static let zonesByNameOrId: [String: AvailabilityZone] = {
        var table: [String: AvailabilityZone] = [:]
        for zone in allZones {
            table[zone.name] = table[zone.name] ?? zone
            table[zone.id] = table[zone.id] ?? zone
        }
        return table
    }()

    /// The Region named `name` (e.g. `eu-west-1`), or nil if there is none.
    public static func region(named name: String) -> AWSRegion? {
        regionsByName[name]
    }

    /// The zone whose `ZoneName` (e.g. `us-east-1a`) or `ZoneId` (e.g. `use1-az1`) is
    /// `nameOrId`, or nil if there is none. Names and IDs never collide: IDs contain `-az`.
    public static func zone(named nameOrId: String) -> AvailabilityZone? {
        zonesByNameOrId[nameOrId]
    }

    /// True if `name` is a catalogued Region.
    public static func isRegion(_ name: String) -> Bool {
        regionsByName[name] != nil
    }
}
