import Testing
import NimbusCore

@Suite("RegionCatalog")
struct RegionCatalogTests {
    // botocore data/endpoints.json, partition "aws", "regions" (botocore 1.43.11).
    static let botocoreAWSRegions: Set<String> = [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
        "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
        "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
        "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
        "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]

    // "Enable or disable AWS Regions in your account": Regions launched before
    // March 20, 2019 are enabled by default.
    static let defaultRegions: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
        "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-southeast-1", "ap-southeast-2",
    ]

    /// The AZ ID prefix by the grammar of the "AZ IDs" / "AWS Availability Zones" pages:
    /// the Region's first segment, the initials of its compass segment ("northeast" -> "ne",
    /// "central" -> "c"), then its number. `us-east-1` -> `use1`, `ap-southeast-2` -> `apse2`.
    static func expectedPrefix(_ region: String) -> String {
        let parts = region.split(separator: "-").map(String.init)
        let area = parts[0]
        let compass = parts[1]
        var initials = ""
        var rest = Substring(compass)
        // In this order, so "northeast" gives "n" then "e".
        for word in ["north", "south", "east", "west", "central"] where rest.hasPrefix(word) {
            initials.append(word.first!)
            rest = rest.dropFirst(word.count)
        }
        precondition(rest.isEmpty, "unknown compass segment in \(region)")
        return area + initials + parts[2]
    }

    static func isDigits(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy(\.isASCII) && s.allSatisfy(\.isNumber) }
    static func isLowerLetters(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0 >= "a" && $0 <= "z" } }

    // botocore endpoints.json: the aws partition's Regions, and the partition default
    // hostname "{service}.{region}.{dnsSuffix}".
    @Test func regionsAreBotocoresAWSPartition() {
        #expect(Set(RegionCatalog.regions.map(\.name)) == Self.botocoreAWSRegions)
        #expect(RegionCatalog.regions.count == 34)
        #expect(RegionCatalog.regions.map(\.name) == RegionCatalog.regions.map(\.name).sorted())
        for region in RegionCatalog.regions {
            #expect(region.endpoint == "ec2.\(region.name).amazonaws.com")
            #expect(!region.longName.isEmpty)
            #expect(!region.geography.isEmpty)
        }
        #expect(RegionCatalog.region(named: "us-east-1")?.longName == "US East (N. Virginia)")
        #expect(RegionCatalog.region(named: "ap-east-2")?.longName == "Asia Pacific (Taipei)")
    }

    // "Enable or disable AWS Regions in your account" (AWS Account Management Reference Guide).
    @Test func optInStatusFollowsTheMarch2019Rule() {
        for region in RegionCatalog.regions {
            let expected = Self.defaultRegions.contains(region.name)
                ? "opt-in-not-required" : "not-opted-in"
            #expect(region.optInStatus == expected, "\(region.name)")
            #expect(region.isOptInRegion == (expected == "not-opted-in"))
        }
        for name in ["af-south-1", "ap-east-1", "me-south-1", "eu-south-1", "ap-south-2",
                     "ap-southeast-3", "il-central-1", "mx-central-1", "ap-east-2"] {
            #expect(RegionCatalog.region(named: name)?.optInStatus == "not-opted-in", "\(name)")
        }
        #expect(RegionCatalog.region(named: "us-east-1")?.optInStatus == "opt-in-not-required")
        #expect(RegionCatalog.region(named: "eu-north-1")?.optInStatus == "opt-in-not-required")
        #expect(RegionCatalog.region(named: "ap-northeast-3")?.optInStatus == "opt-in-not-required")
    }

    // "AWS Availability Zones" (AWS Regions and Availability Zones guide): AZ IDs per Region,
    // less the zones closed to new accounts (apne1-az3, usw1-az2).
    @Test func availabilityZoneCounts() {
        let expected: [String: Int] = [
            "us-east-1": 6, "us-east-2": 3, "us-west-1": 2, "us-west-2": 4,
            "eu-west-1": 3, "eu-west-2": 4, "ap-northeast-1": 3, "ap-northeast-2": 4,
            "ca-central-1": 3, "ap-east-2": 3, "sa-east-1": 3, "mx-central-1": 3,
        ]
        for (name, count) in expected {
            #expect(RegionCatalog.region(named: name)?.availabilityZones.count == count, "\(name)")
        }
        for region in RegionCatalog.regions {
            #expect(region.availabilityZones.count >= 2, "\(region.name)")
        }
        #expect(RegionCatalog.regions.reduce(0) { $0 + $1.availabilityZones.count } == 107)
    }

    // "AWS Availability Zones": the AZ ID sets of Regions that skip an ID.
    @Test func realIdSetsWhereAWSSkipsAnId() {
        func ids(_ region: String) -> [String] {
            RegionCatalog.region(named: region)!.availabilityZones.map(\.id).sorted()
        }
        func names(_ region: String) -> [String] {
            RegionCatalog.region(named: region)!.availabilityZones.map(\.name)
        }
        #expect(ids("ap-northeast-1") == ["apne1-az1", "apne1-az2", "apne1-az4"])
        #expect(names("ap-northeast-1") == ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"])
        #expect(ids("ca-central-1") == ["cac1-az1", "cac1-az2", "cac1-az4"])
        #expect(names("ca-central-1") == ["ca-central-1a", "ca-central-1b", "ca-central-1d"])
        #expect(ids("us-west-1") == ["usw1-az1", "usw1-az3"])
        #expect(ids("us-east-1") == (1...6).map { "use1-az\($0)" })
    }

    // "AZ IDs": in independently mapped Regions Nimbus pairs letters and IDs in order;
    // uniformly mapped Regions keep AWS's real mapping.
    @Test func fixedLetterToIdMapping() {
        #expect(RegionCatalog.zone(named: "us-east-1a")?.id == "use1-az1")
        #expect(RegionCatalog.zone(named: "us-east-1f")?.id == "use1-az6")
        #expect(RegionCatalog.zone(named: "us-west-2b")?.id == "usw2-az2")
        #expect(RegionCatalog.zone(named: "ap-northeast-1c")?.id == "apne1-az2")
        #expect(RegionCatalog.zone(named: "ap-northeast-1d")?.id == "apne1-az4")
        #expect(RegionCatalog.zone(named: "us-west-1c")?.id == "usw1-az3")
        #expect(RegionCatalog.zone(named: "us-east-2a")?.id == "use2-az1")
        #expect(RegionCatalog.zone(named: "eu-central-1a")?.id == "euc1-az2")
        #expect(RegionCatalog.zone(named: "eu-central-1c")?.id == "euc1-az1")
        #expect(RegionCatalog.zone(named: "eu-west-2d")?.id == "euw2-az4")
        #expect(RegionCatalog.zone(named: "ap-south-1b")?.id == "aps1-az3")
        #expect(RegionCatalog.zone(named: "ap-northeast-3a")?.id == "apne3-az3")
    }

    // "AZ IDs" / "AWS Availability Zones": an AZ ID is the Region-specific prefix, "-az",
    // then a number; a zone name is the Region code followed by a letter.
    @Test func availabilityZoneIdAndNameFormat() {
        for region in RegionCatalog.regions {
            let prefix = Self.expectedPrefix(region.name)
            for zone in region.availabilityZones {
                #expect(zone.id.hasPrefix(prefix + "-az"), "\(zone.id) in \(region.name)")
                #expect(Self.isDigits(zone.id.dropFirst(prefix.count + 3)), "\(zone.id)")
                #expect(zone.name.hasPrefix(region.name), "\(zone.name)")
                let letter = zone.name.dropFirst(region.name.count)
                #expect(letter.count == 1 && Self.isLowerLetters(letter), "\(zone.name)")
            }
        }
        #expect(Self.expectedPrefix("us-east-1") == "use1")
        #expect(Self.expectedPrefix("ap-northeast-1") == "apne1")
        #expect(Self.expectedPrefix("ap-southeast-7") == "apse7")
        #expect(Self.expectedPrefix("ca-central-1") == "cac1")
        #expect(Self.expectedPrefix("sa-east-1") == "sae1")
        #expect(Self.expectedPrefix("il-central-1") == "ilc1")
    }

    // EC2 API Reference, AvailabilityZone; "AWS Availability Zones" example output for us-east-2a.
    @Test func availabilityZoneFieldsMatchDescribeAvailabilityZones() throws {
        let zone = try #require(RegionCatalog.zone(named: "us-east-2a"))
        #expect(zone.id == "use2-az1")
        #expect(zone.zoneType == "availability-zone")
        #expect(zone.state == "available")
        #expect(zone.optInStatus == "opt-in-not-required")
        #expect(zone.regionName == "us-east-2")
        #expect(zone.groupName == "us-east-2-zg-1")
        #expect(zone.groupLongName == "US East (Ohio) 1")
        #expect(zone.networkBorderGroup == "us-east-2")
        #expect(zone.geography == ["United States of America"])
        #expect(zone.subGeography == ["Ohio"])
        #expect(zone.parentZoneName == nil && zone.parentZoneId == nil)
        #expect(zone.messages.isEmpty)

        for zone in RegionCatalog.allZones where zone.isAvailabilityZone {
            #expect(zone.optInStatus == "opt-in-not-required")
            #expect(zone.groupName == zone.regionName + "-zg-1")
            #expect(zone.networkBorderGroup == zone.regionName)
            #expect(zone.parentZoneId == nil && zone.parentZoneName == nil)
            #expect(zone.state == "available")
        }
    }

    // EC2 API Reference, AvailabilityZone: every zone names a Region, and every name and ID
    // is unique across the partition.
    @Test func everyZoneBelongsToAnExistingRegionAndIsUnique() {
        for region in RegionCatalog.regions {
            for zone in region.zones {
                #expect(zone.regionName == region.name, "\(zone.name)")
                #expect(RegionCatalog.isRegion(zone.regionName))
            }
        }
        let names = RegionCatalog.allZones.map(\.name)
        let ids = RegionCatalog.allZones.map(\.id)
        #expect(Set(names).count == names.count)
        #expect(Set(ids).count == ids.count)
        #expect(Set(names).isDisjoint(with: Set(ids)))
        #expect(Set(RegionCatalog.regions.map(\.name)).count == RegionCatalog.regions.count)
    }

    // "Available Local Zones" (AWS Local Zones User Guide): name, ID, network border group
    // and parent zone of each Local Zone; Local Zones are opt-in.
    @Test func localZonesHaveExistingParentsInTheirRegion() throws {
        let locals = RegionCatalog.allZones.filter(\.isLocalZone)
        #expect(locals.count == 8)
        for zone in locals {
            let parentId = try #require(zone.parentZoneId, "\(zone.name)")
            let parent = try #require(RegionCatalog.zone(named: parentId), "\(zone.name)")
            #expect(parent.isAvailabilityZone)
            #expect(parent.regionName == zone.regionName)
            #expect(zone.parentZoneName == parent.name)
            #expect(zone.optInStatus == "not-opted-in")
            #expect(zone.zoneType == "local-zone")
            #expect(zone.networkBorderGroup == zone.groupName)
            // Name: <group><letter>; ID: <region prefix>-<location><n>-az<k>.
            #expect(zone.name.hasPrefix(zone.groupName))
            #expect(zone.name.count == zone.groupName.count + 1)
            #expect(zone.groupName.hasPrefix(zone.regionName + "-"))
            #expect(zone.id.hasPrefix(Self.expectedPrefix(zone.regionName) + "-"))
            #expect(zone.id.contains("-az"))
        }
        let bos = try #require(RegionCatalog.zone(named: "us-east-1-bos-1a"))
        #expect(bos.id == "use1-bos1-az1")
        #expect(bos.groupName == "us-east-1-bos-1")
        #expect(bos.parentZoneId == "use1-az4")
        #expect(bos.parentZoneName == "us-east-1d")
        let lax = try #require(RegionCatalog.region(named: "us-west-2"))
        #expect(lax.localZones.map(\.id).contains("usw2-lax1-az2"))
        #expect(RegionCatalog.zone(named: "usw2-lax1-az2")?.name == "us-west-2-lax-1b")
    }

    // EC2 API Reference, DescribeAvailabilityZones: Availability Zones come before Local Zones here.
    @Test func zonesListAvailabilityZonesFirst() throws {
        let east = try #require(RegionCatalog.region(named: "us-east-1"))
        let firstLocal = try #require(east.zones.firstIndex { $0.isLocalZone })
        #expect(east.zones[..<firstLocal].allSatisfy { $0.isAvailabilityZone })
        #expect(east.zones[firstLocal...].allSatisfy { $0.isLocalZone })
        #expect(east.availabilityZones.map(\.name) == ["a", "b", "c", "d", "e", "f"].map { "us-east-1" + $0 })
        #expect(east.localZones.count == 5)
        #expect(RegionCatalog.region(named: "eu-west-1")?.localZones.isEmpty == true)
    }

    // "Availability Zone IDs for your AWS resources" (AWS RAM User Guide): a zone is found by
    // name or by AZ ID; unknown names find nothing.
    @Test func lookups() {
        #expect(RegionCatalog.region(named: "eu-west-1")?.name == "eu-west-1")
        #expect(RegionCatalog.region(named: "eu-west-9") == nil)
        #expect(RegionCatalog.region(named: "us-gov-west-1") == nil)
        #expect(RegionCatalog.region(named: "") == nil)
        #expect(RegionCatalog.zone(named: "eu-west-1b")?.id == "euw1-az2")
        #expect(RegionCatalog.zone(named: "euw1-az2")?.name == "eu-west-1b")
        #expect(RegionCatalog.zone(named: "use1-az6")?.name == "us-east-1f")
        #expect(RegionCatalog.zone(named: "us-east-1-bos-1a")?.regionName == "us-east-1")
        #expect(RegionCatalog.zone(named: "use1-bos1-az1")?.name == "us-east-1-bos-1a")
        #expect(RegionCatalog.zone(named: "us-east-1z") == nil)
        #expect(RegionCatalog.zone(named: "use1-az9") == nil)
        #expect(RegionCatalog.zone(named: "US-EAST-1A") == nil)
        #expect(RegionCatalog.isRegion(RegionCatalog.defaultRegion))
        #expect(RegionCatalog.defaultRegion == "us-east-1")
        #expect(RegionCatalog.partition == "aws")
    }
}
