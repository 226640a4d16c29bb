// The data of the region catalogue, and the code that turns it into `AWSRegion` values.
//
// Sources (as of botocore 1.43.11 and the AWS documentation pages named below):
// - Region list and long names: botocore `data/endpoints.json`, partition `aws`, `regions`
//   (34 Regions). EC2 endpoints there follow the partition default
//   `{service}.{region}.{dnsSuffix}` with dnsSuffix `amazonaws.com`, so every endpoint is
//   `ec2.<region>.amazonaws.com`.
// - Opt-in status: AWS Account Management Reference Guide, "Enable or disable AWS Regions
//   in your account": Regions launched before March 20, 2019 are enabled by default
//   (`opt-in-not-required`); later Regions are opt-in (`not-opted-in` until enabled).
// - AZ IDs per Region and each zone's geography: "AWS Availability Zones" page of the
//   AWS Regions and Availability Zones guide (tables by continent). Where that table lists
//   more IDs than a new account can use, the unusable ones are left out:
//   apne1-az3 (the retired ap-northeast-1b) and usw1-az2 ("Newer accounts can access two
//   Availability Zones in US West (N. California)"). The table's "Coming in 2026" us-east-1
//   zone (Maryland) is left out.
// - Field values for Availability Zones (`GroupName` `<region>-zg-1`, `GroupLongName`
//   `<Region long name> 1`, `NetworkBorderGroup` = Region, `Geography`/`SubGeography`):
//   the example `describe-availability-zones --zone-name us-east-2a` output on that same
//   "AWS Availability Zones" page.
// - Local Zones: "Available Local Zones" page of the AWS Local Zones User Guide (name, ID,
//   network border group, parent zone ID, geography); values not confirmed there are
//   marked `UNCONFIRMED` below.
//
// Zone letter -> AZ ID mapping (one fixed mapping for every Nimbus account):
// - "AZ IDs" page, "Regions with independently mapped Availability Zones": us-east-1,
//   us-west-1, us-west-2, ap-southeast-1, ap-southeast-2, ap-northeast-1, eu-west-1 and
//   sa-east-1 give each (older) account its own shuffled mapping. In those Regions Nimbus
//   pairs the zone letters in alphabetical order with the AZ IDs in numeric order
//   (us-east-1a = use1-az1 ... us-east-1f = use1-az6; ap-northeast-1a/c/d =
//   apne1-az1/az2/az4; us-west-1a/c = usw1-az1/az3).
// - "All other Regions use a uniform mapping": there the real mapping is the same in every
//   account, and Nimbus uses it as observed in real `describe-availability-zones` output
//   (a public Terraform dump of every AZ of one account; eu-central-1 also in a second
//   account's Terraform state, eu-west-2, ap-south-1, ca-central-1 and ap-northeast-2 also
//   in moto's data). It is letter n = azn except: eu-central-1 (a=az2, b=az3, c=az1),
//   eu-west-2 (a=az2, b=az3, c=az1, d=az4), ap-south-1 (a=az1, b=az3, c=az2) and
//   ap-northeast-3 (a=az3, b=az1, c=az2). ca-central-1 has no `c`: a, b, d = az1, az2, az4.

/// The raw data of the catalogue. Internal: use `RegionCatalog`.
enum RegionCatalogData {
    /// One Region's facts. `zones` pairs each zone letter with its AZ ID number.
    struct RegionSpec: Sendable {
        let name: String
        let longName: String
        let optIn: Bool
        let country: String
        /// The sub-geography AWS gives its zones (US states), if any.
        let subGeography: String?
        /// The AZ ID prefix, e.g. `use1` (region prefix + compass initials + number).
        let idPrefix: String
        let zones: [(letter: String, number: Int)]
    }

    /// One Local Zone's facts.
    struct LocalZoneSpec: Sendable {
        let name: String
        let id: String
        let group: String
        let groupLongName: String
        let regionName: String
        let parentZoneId: String
        let country: String
        let subGeography: String?
    }

    private static func seq(_ letters: String) -> [(letter: String, number: Int)] {
        letters.enumerated().map { (String($0.element), $0.offset + 1) }
    }

    static let regionSpecs: [RegionSpec] = [
        // MARK: North America
        RegionSpec(name: "us-east-1", longName: "US East (N. Virginia)", optIn: false,
                   country: "United States of America", subGeography: "Virginia",
                   idPrefix: "use1", zones: seq("abcdef")),
        RegionSpec(name: "us-east-2", longName: "US East (Ohio)", optIn: false,
                   country: "United States of America", subGeography: "Ohio",
                   idPrefix: "use2", zones: seq("abc")),
        // Two zones for new accounts: usw1-az1 and usw1-az3 (usw1-az2 is closed to them).
        RegionSpec(name: "us-west-1", longName: "US West (N. California)", optIn: false,
                   country: "United States of America", subGeography: "California",
                   idPrefix: "usw1", zones: [("a", 1), ("c", 3)]),
        RegionSpec(name: "us-west-2", longName: "US West (Oregon)", optIn: false,
                   country: "United States of America", subGeography: "Oregon",
                   idPrefix: "usw2", zones: seq("abcd")),
        RegionSpec(name: "ca-central-1", longName: "Canada (Central)", optIn: false,
                   country: "Canada", subGeography: nil,
                   idPrefix: "cac1", zones: [("a", 1), ("b", 2), ("d", 4)]),
        RegionSpec(name: "ca-west-1", longName: "Canada West (Calgary)", optIn: true,
                   country: "Canada", subGeography: nil,
                   idPrefix: "caw1", zones: seq("abc")),
        RegionSpec(name: "mx-central-1", longName: "Mexico (Central)", optIn: true,
                   country: "Mexico", subGeography: nil,
                   idPrefix: "mxc1", zones: seq("abc")),

        // MARK: South America
        RegionSpec(name: "sa-east-1", longName: "South America (Sao Paulo)", optIn: false,
                   country: "Brazil", subGeography: nil,
                   idPrefix: "sae1", zones: seq("abc")),

        // MARK: Africa
        RegionSpec(name: "af-south-1", longName: "Africa (Cape Town)", optIn: true,
                   country: "South Africa", subGeography: nil,
                   idPrefix: "afs1", zones: seq("abc")),

        // MARK: Asia Pacific
        RegionSpec(name: "ap-east-1", longName: "Asia Pacific (Hong Kong)", optIn: true,
                   country: "Hong Kong", subGeography: nil,
                   idPrefix: "ape1", zones: seq("abc")),
        // Letter mapping not observed (Region launched 2025); assumed a/b/c = az1/az2/az3.
        RegionSpec(name: "ap-east-2", longName: "Asia Pacific (Taipei)", optIn: true,
                   country: "Taiwan", subGeography: nil,
                   idPrefix: "ape2", zones: seq("abc")),
        // ap-northeast-1b (apne1-az3) is closed to new accounts: a, c, d remain.
        RegionSpec(name: "ap-northeast-1", longName: "Asia Pacific (Tokyo)", optIn: false,
                   country: "Japan", subGeography: nil,
                   idPrefix: "apne1", zones: [("a", 1), ("c", 2), ("d", 4)]),
        RegionSpec(name: "ap-northeast-2", longName: "Asia Pacific (Seoul)", optIn: false,
                   country: "South Korea", subGeography: nil,
                   idPrefix: "apne2", zones: seq("abcd")),
        RegionSpec(name: "ap-northeast-3", longName: "Asia Pacific (Osaka)", optIn: false,
                   country: "Japan", subGeography: nil,
                   idPrefix: "apne3", zones: [("a", 3), ("b", 1), ("c", 2)]),
        RegionSpec(name: "ap-south-1", longName: "Asia Pacific (Mumbai)", optIn: false,
                   country: "India", subGeography: nil,
                   idPrefix: "aps1", zones: [("a", 1), ("b", 3), ("c", 2)]),
        RegionSpec(name: "ap-south-2", longName: "Asia Pacific (Hyderabad)", optIn: true,
                   country: "India", subGeography: nil,
                   idPrefix: "aps2", zones: seq("abc")),
        RegionSpec(name: "ap-southeast-1", longName: "Asia Pacific (Singapore)", optIn: false,
                   country: "Singapore", subGeography: nil,
                   idPrefix: "apse1", zones: seq("abc")),
        RegionSpec(name: "ap-southeast-2", longName: "Asia Pacific (Sydney)", optIn: false,
                   country: "Australia", subGeography: nil,
                   idPrefix: "apse2", zones: seq("abc")),
        RegionSpec(name: "ap-southeast-3", longName: "Asia Pacific (Jakarta)", optIn: true,
                   country: "Indonesia", subGeography: nil,
                   idPrefix: "apse3", zones: seq("abc")),
        RegionSpec(name: "ap-southeast-4", longName: "Asia Pacific (Melbourne)", optIn: true,
                   country: "Australia", subGeography: nil,
                   idPrefix: "apse4", zones: seq("abc")),
        RegionSpec(name: "ap-southeast-5", longName: "Asia Pacific (Malaysia)", optIn: true,
                   country: "Malaysia", subGeography: nil,
                   idPrefix: "apse5", zones: seq("abc")),
        RegionSpec(name: "ap-southeast-6", longName: "Asia Pacific (New Zealand)", optIn: true,
                   country: "New Zealand", subGeography: nil,
                   idPrefix: "apse6", zones: seq("abc")),
        RegionSpec(name: "ap-southeast-7", longName: "Asia Pacific (Thailand)", optIn: true,
                   country: "Thailand", subGeography: nil,
                   idPrefix: "apse7", zones: seq("abc")),

        // MARK: Europe
        RegionSpec(name: "eu-central-1", longName: "Europe (Frankfurt)", optIn: false,
                   country: "Germany", subGeography: nil,
                   idPrefix: "euc1", zones: [("a", 2), ("b", 3), ("c", 1)]),
        RegionSpec(name: "eu-central-2", longName: "Europe (Zurich)", optIn: true,
                   country: "Switzerland", subGeography: nil,
                   idPrefix: "euc2", zones: seq("abc")),
        RegionSpec(name: "eu-north-1", longName: "Europe (Stockholm)", optIn: false,
                   country: "Sweden", subGeography: nil,
                   idPrefix: "eun1", zones: seq("abc")),
        RegionSpec(name: "eu-south-1", longName: "Europe (Milan)", optIn: true,
                   country: "Italy", subGeography: nil,
                   idPrefix: "eus1", zones: seq("abc")),
        RegionSpec(name: "eu-south-2", longName: "Europe (Spain)", optIn: true,
                   country: "Spain", subGeography: nil,
                   idPrefix: "eus2", zones: seq("abc")),
        RegionSpec(name: "eu-west-1", longName: "Europe (Ireland)", optIn: false,
                   country: "Ireland", subGeography: nil,
                   idPrefix: "euw1", zones: seq("abc")),
        // euw2-az4 (eu-west-2d) is the newly launched fourth zone.
        RegionSpec(name: "eu-west-2", longName: "Europe (London)", optIn: false,
                   country: "United Kingdom", subGeography: nil,
                   idPrefix: "euw2", zones: [("a", 2), ("b", 3), ("c", 1), ("d", 4)]),
        RegionSpec(name: "eu-west-3", longName: "Europe (Paris)", optIn: false,
                   country: "France", subGeography: nil,
                   idPrefix: "euw3", zones: seq("abc")),

        // MARK: Middle East
        RegionSpec(name: "il-central-1", longName: "Israel (Tel Aviv)", optIn: true,
                   country: "Israel", subGeography: nil,
                   idPrefix: "ilc1", zones: seq("abc")),
        RegionSpec(name: "me-central-1", longName: "Middle East (UAE)", optIn: true,
                   country: "United Arab Emirates", subGeography: nil,
                   idPrefix: "mec1", zones: seq("abc")),
        RegionSpec(name: "me-south-1", longName: "Middle East (Bahrain)", optIn: true,
                   country: "Bahrain", subGeography: nil,
                   idPrefix: "mes1", zones: seq("abc")),
    ]

    /// Local Zones, all opt-in (`not-opted-in` for a new account). Parent zone IDs come from
    /// the "Available Local Zones" page unless marked UNCONFIRMED.
    static let localZoneSpecs: [LocalZoneSpec] = [
        LocalZoneSpec(name: "us-east-1-atl-2a", id: "use1-atl2-az1", group: "us-east-1-atl-2",
                      groupLongName: "US East (Atlanta) 2", regionName: "us-east-1",
                      parentZoneId: "use1-az5",
                      country: "United States of America", subGeography: "Georgia"),
        LocalZoneSpec(name: "us-east-1-bos-1a", id: "use1-bos1-az1", group: "us-east-1-bos-1",
                      groupLongName: "US East (Boston)", regionName: "us-east-1",
                      parentZoneId: "use1-az4",
                      country: "United States of America", subGeography: "Massachusetts"),
        LocalZoneSpec(name: "us-east-1-chi-2a", id: "use1-chi2-az1", group: "us-east-1-chi-2",
                      groupLongName: "US East (Chicago) 2", regionName: "us-east-1",
                      parentZoneId: "use1-az6",
                      country: "United States of America", subGeography: "Illinois"),
        // Sub-geography "Texas" inferred (the page's cell was not seen).
        LocalZoneSpec(name: "us-east-1-dfw-2a", id: "use1-dfw2-az1", group: "us-east-1-dfw-2",
                      groupLongName: "US East (Dallas) 2", regionName: "us-east-1",
                      parentZoneId: "use1-az4",
                      country: "United States of America", subGeography: "Texas"),
        // A Local Zone outside the US, parented by us-east-1.
        LocalZoneSpec(name: "us-east-1-qro-1a", id: "use1-qro1-az1", group: "us-east-1-qro-1",
                      groupLongName: "México (Querétaro)", regionName: "us-east-1",
                      parentZoneId: "use1-az1",
                      country: "Mexico", subGeography: nil),
        // UNCONFIRMED: parent zone ID of the Los Angeles group (usw2-az4 is a plausible guess).
        LocalZoneSpec(name: "us-west-2-lax-1a", id: "usw2-lax1-az1", group: "us-west-2-lax-1",
                      groupLongName: "US West (Los Angeles)", regionName: "us-west-2",
                      parentZoneId: "usw2-az4",
                      country: "United States of America", subGeography: "California"),
        // UNCONFIRMED: parent zone ID, as for us-west-2-lax-1a.
        LocalZoneSpec(name: "us-west-2-lax-1b", id: "usw2-lax1-az2", group: "us-west-2-lax-1",
                      groupLongName: "US West (Los Angeles)", regionName: "us-west-2",
                      parentZoneId: "usw2-az4",
                      country: "United States of America", subGeography: "California"),
        // UNCONFIRMED: parent zone ID and group long name of the Las Vegas group.
        LocalZoneSpec(name: "us-west-2-las-1a", id: "usw2-las1-az1", group: "us-west-2-las-1",
                      groupLongName: "US West (Las Vegas)", regionName: "us-west-2",
                      parentZoneId: "usw2-az4",
                      country: "United States of America", subGeography: "Nevada"),
    ]

    /// Builds every Region, sorted by name, with its zones (AZs by name, then Local Zones by name).
    static func buildRegions() -> [AWSRegion] {
        var azById: [String: AvailabilityZone] = [:]
        var azsByRegion: [String: [AvailabilityZone]] = [:]
        for spec in regionSpecs {
            let zones = spec.zones.map { zone in
                AvailabilityZone(
                    name: spec.name + zone.letter,
                    id: "\(spec.idPrefix)-az\(zone.number)",
                    zoneType: AWSZoneType.availabilityZone,
                    optInStatus: AWSOptInStatus.notRequired,
                    regionName: spec.name,
                    groupName: spec.name + "-zg-1",
                    groupLongName: spec.longName + " 1",
                    networkBorderGroup: spec.name,
                    geography: [spec.country],
                    subGeography: spec.subGeography.map { [$0] } ?? []
                )
            }.sorted { $0.name < $1.name }
            azsByRegion[spec.name] = zones
            for zone in zones { azById[zone.id] = zone }
        }

        var localsByRegion: [String: [AvailabilityZone]] = [:]
        for spec in localZoneSpecs {
            let zone = AvailabilityZone(
                name: spec.name,
                id: spec.id,
                zoneType: AWSZoneType.localZone,
                optInStatus: AWSOptInStatus.notOptedIn,
                regionName: spec.regionName,
                groupName: spec.group,
                groupLongName: spec.groupLongName,
                networkBorderGroup: spec.group,
                parentZoneName: azById[spec.parentZoneId]?.name,
                parentZoneId: spec.parentZoneId,
                geography: [spec.country],
                subGeography: spec.subGeography.map { [$0] } ?? []
            )
            localsByRegion[spec.regionName, default: []].append(zone)
        }

        return regionSpecs.map { spec in
            AWSRegion(
                name: spec.name,
                longName: spec.longName,
                endpoint: "ec2.\(spec.name).amazonaws.com",
                optInStatus: spec.optIn ? AWSOptInStatus.notOptedIn : AWSOptInStatus.notRequired,
                geography: [spec.country],
                zones: (azsByRegion[spec.name] ?? [])
                    + (localsByRegion[spec.name] ?? []).sorted { $0.name < $1.name }
            )
        }.sorted { $0.name < $1.name }
    }
}
