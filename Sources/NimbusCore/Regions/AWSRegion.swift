// The value types of the region catalogue: one AWS Region and one zone (Availability
// Zone or Local Zone), with every field EC2's DescribeRegions and
// DescribeAvailabilityZones return. The data itself is in RegionCatalogData.swift and
// the lookups in RegionCatalog.swift.

/// The wire values of `OptInStatus`, for Regions (DescribeRegions) and zones
/// (DescribeAvailabilityZones) alike (EC2 API Reference, `AvailabilityZoneOptInStatus`).
public enum AWSOptInStatus {
    /// A Region enabled by default, or any Availability Zone.
    public static let notRequired = "opt-in-not-required"
    /// An opt-in Region or zone group the account has enabled.
    public static let optedIn = "opted-in"
    /// An opt-in Region or zone group the account has not enabled.
    public static let notOptedIn = "not-opted-in"
}

/// The wire values of a zone's `ZoneType` (EC2 API Reference, `AvailabilityZone`).
public enum AWSZoneType {
    public static let availabilityZone = "availability-zone"
    public static let localZone = "local-zone"
    public static let wavelengthZone = "wavelength-zone"
}

/// One zone as `DescribeAvailabilityZones` returns it: an Availability Zone of a Region,
/// or a Local Zone whose parent is one of them.
///
/// Field names follow the API's members: `name` is `ZoneName`, `id` is `ZoneId`, and so on.
/// `optInStatus` is the status a new account sees (Local Zones are opt-in, so
/// `not-opted-in`); an account that opts a zone group in is state the EC2 service keeps,
/// not something this catalogue knows.
public struct AvailabilityZone: Sendable, Hashable {
    /// `ZoneName`, e.g. `us-east-1a` or `us-west-2-lax-1a`.
    public let name: String
    /// `ZoneId`, e.g. `use1-az1` or `usw2-lax1-az1`; the same physical place in every account.
    public let id: String
    /// `ZoneType`: one of the `AWSZoneType` values.
    public let zoneType: String
    /// `State`: always `available` here.
    public let state: String
    /// `OptInStatus` for a new account: `opt-in-not-required` for Availability Zones,
    /// `not-opted-in` for Local Zones.
    public let optInStatus: String
    /// `RegionName`, e.g. `us-east-1`.
    public let regionName: String
    /// `GroupName`: `<region>-zg-1` for Availability Zones, the zone group
    /// (e.g. `us-east-1-bos-1`) for Local Zones.
    public let groupName: String
    /// `GroupLongName`, e.g. `US East (Ohio) 1` or `US West (Los Angeles)`.
    public let groupLongName: String
    /// `NetworkBorderGroup`: the Region for Availability Zones, the zone group for Local Zones.
    public let networkBorderGroup: String
    /// `ParentZoneName`: for a Local Zone, the name (in Nimbus's fixed mapping) of the
    /// Availability Zone that handles its control plane; nil for Availability Zones.
    public let parentZoneName: String?
    /// `ParentZoneId`: for a Local Zone, the AZ ID of its parent zone; nil for Availability Zones.
    public let parentZoneId: String?
    /// `Geography` names, e.g. `["United States of America"]`.
    public let geography: [String]
    /// `SubGeography` names, e.g. `["Ohio"]`; empty where AWS gives only a country.
    public let subGeography: [String]
    /// `Messages`: always empty here.
    public let messages: [String]

    public init(
        name: String,
        id: String,
        zoneType: String,
        state: String = "available",
        optInStatus: String,
        regionName: String,
        groupName: String,
        groupLongName: String,
        networkBorderGroup: String,
        parentZoneName: String? = nil,
        parentZoneId: String? = nil,
        geography: [String] = [],
        subGeography: [String] = [],
        messages: [String] = []
    ) {
        self.name = name
        self.id = id
        self.zoneType = zoneType
        self.state = state
        self.optInStatus = optInStatus
        self.regionName = regionName
        self.groupName = groupName
        self.groupLongName = groupLongName
        self.networkBorderGroup = networkBorderGroup
        self.parentZoneName = parentZoneName
        self.parentZoneId = parentZoneId
        self.geography = geography
        self.subGeography = subGeography
        self.messages = messages
    }

    /// True for `availability-zone`.
    public var isAvailabilityZone: Bool { zoneType == AWSZoneType.availabilityZone }
    /// True for `local-zone`.
    public var isLocalZone: Bool { zoneType == AWSZoneType.localZone }
}

/// One AWS Region of the `aws` partition as `DescribeRegions` returns it, with its zones.
public struct AWSRegion: Sendable, Hashable {
    /// `RegionName`, e.g. `us-east-1`.
    public let name: String
    /// The Region's long name as botocore's endpoints data gives it, e.g. `US East (N. Virginia)`.
    /// Not a DescribeRegions field; used for `GroupLongName` and for people.
    public let longName: String
    /// `Endpoint` (DescribeRegions' `regionEndpoint`), e.g. `ec2.us-east-1.amazonaws.com`.
    public let endpoint: String
    /// `OptInStatus` for a new account: `opt-in-not-required` for Regions enabled by default,
    /// `not-opted-in` for opt-in Regions.
    public let optInStatus: String
    /// `Geography` names, e.g. `["United States of America"]`.
    public let geography: [String]
    /// Every zone of the Region: its Availability Zones by name, then its Local Zones by name.
    public let zones: [AvailabilityZone]

    public init(
        name: String,
        longName: String,
        endpoint: String,
        optInStatus: String,
        geography: [String],
        zones: [AvailabilityZone]
    ) {
        self.name = name
        self.longName = longName
        self.endpoint = endpoint
        self.optInStatus = optInStatus
        self.geography = geography
        self.zones = zones
    }

    /// The Region's zones of type `availability-zone`.
    public var availabilityZones: [AvailabilityZone] { zones.filter(\.isAvailabilityZone) }
    /// The Region's zones of type `local-zone`.
    public var localZones: [AvailabilityZone] { zones.filter(\.isLocalZone) }
    /// True for a Region that an account must enable before use.
    public var isOptInRegion: Bool { optInStatus != AWSOptInStatus.notRequired }
}
