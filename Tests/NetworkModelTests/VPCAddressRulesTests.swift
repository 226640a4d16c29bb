import Testing
@testable import NetworkModel

private func v4(_ text: String) -> IPv4CIDR { IPv4CIDR(text)! }

@Suite struct VPCAddressRulesTests {
    // "VPC CIDR blocks" (Amazon VPC User Guide): IPv4 VPC blocks are /16 to /28.
    @Test func vpcBlockSize() {
        #expect(throws: Never.self) { try VPCAddressRules.validateVPCIPv4Block(v4("10.0.0.0/16")) }
        #expect(throws: Never.self) { try VPCAddressRules.validateVPCIPv4Block(v4("10.0.0.0/28")) }
        #expect(throws: VPCCIDRValidationError.invalidPrefixLength(actual: 15, allowed: 16...28)) {
            try VPCAddressRules.validateVPCIPv4Block(v4("10.0.0.0/15"))
        }
        #expect(throws: VPCCIDRValidationError.invalidPrefixLength(actual: 29, allowed: 16...28)) {
            try VPCAddressRules.validateVPCIPv4Block(v4("10.0.0.0/29"))
        }
    }

    // "Subnet CIDR blocks": IPv4 subnets are /16 to /28, inside the VPC, and may not overlap.
    @Test func subnetBlock() {
        let vpc = [v4("10.0.0.0/16")]
        #expect(throws: Never.self) {
            try VPCAddressRules.validateSubnetIPv4Block(v4("10.0.0.0/16"), vpcBlocks: vpc, existingSubnets: [])
        }
        #expect(throws: VPCCIDRValidationError.invalidPrefixLength(actual: 29, allowed: 16...28)) {
            try VPCAddressRules.validateSubnetIPv4Block(v4("10.0.0.0/29"), vpcBlocks: vpc, existingSubnets: [])
        }
        #expect(throws: VPCCIDRValidationError.notWithinVPC) {
            try VPCAddressRules.validateSubnetIPv4Block(v4("10.1.0.0/24"), vpcBlocks: vpc, existingSubnets: [])
        }
        #expect(throws: VPCCIDRValidationError.overlaps(existing: "10.0.0.0/20")) {
            try VPCAddressRules.validateSubnetIPv4Block(v4("10.0.1.0/24"), vpcBlocks: vpc, existingSubnets: [v4("10.0.0.0/20")])
        }
        // A subnet may sit in a secondary VPC block.
        #expect(throws: Never.self) {
            try VPCAddressRules.validateSubnetIPv4Block(v4("10.1.0.0/24"), vpcBlocks: vpc + [v4("10.1.0.0/16")], existingSubnets: [])
        }
    }

    // "Subnet CIDR blocks": reserved 10.0.0.0, .1 (router), .2 (DNS), .3 (future use), .255 (broadcast).
    @Test func reservedAddressesOf10_0_0_0_24() {
        let reserved = VPCAddressRules.reservedAddresses(in: v4("10.0.0.0/24"))
        #expect(reserved.map { $0.address.description } == ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.255"])
        #expect(reserved.map { $0.role } == [.networkAddress, .vpcRouter, .dnsServer, .futureUse, .broadcast])
    }

    // "Subnet CIDR blocks": first four and last address unavailable.
    @Test func usableAddressCounts() {
        #expect(VPCAddressRules.usableAddressCount(in: v4("10.0.0.0/24")) == 251)
        #expect(VPCAddressRules.usableAddressCount(in: v4("10.0.0.0/28")) == 11)
        #expect(VPCAddressRules.usableAddressCount(in: v4("10.0.0.0/16")) == 65_531)
    }

    // "IPv4 CIDR block association restrictions" (VPC CIDR blocks): primary in 10.0.0.0/8
    // cannot add 172.16.0.0/12 or 192.168.0.0/16 blocks, nor 198.19.0.0/16.
    @Test func secondaryBlockRestrictionsForRFC1918Primary() {
        let primary = v4("10.0.0.0/16")
        #expect(throws: Never.self) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("10.1.0.0/16"), primary: primary, existingBlocks: [])
        }
        #expect(throws: VPCCIDRValidationError.restrictedAssociation(primaryRange: "10.0.0.0/8", restrictedRange: "172.16.0.0/12")) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("172.16.0.0/16"), primary: primary, existingBlocks: [])
        }
        #expect(throws: VPCCIDRValidationError.restrictedAssociation(primaryRange: "10.0.0.0/8", restrictedRange: "192.168.0.0/16")) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("192.168.0.0/20"), primary: primary, existingBlocks: [])
        }
        #expect(throws: VPCCIDRValidationError.restrictedAssociation(primaryRange: "10.0.0.0/8", restrictedRange: "198.19.0.0/16")) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("198.19.0.0/16"), primary: primary, existingBlocks: [])
        }
        // Publicly routable and 100.64.0.0/10 blocks are permitted.
        #expect(throws: Never.self) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("100.64.0.0/16"), primary: primary, existingBlocks: [])
        }
        #expect(throws: VPCCIDRValidationError.overlaps(existing: "10.0.0.0/16")) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("10.0.1.0/24"), primary: primary, existingBlocks: [])
        }
        #expect(throws: VPCCIDRValidationError.invalidPrefixLength(actual: 12, allowed: 16...28)) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("10.16.0.0/12"), primary: primary, existingBlocks: [])
        }
    }

    // "IPv4 CIDR block association restrictions": primary public, 100.64.0.0/10 or 198.19.0.0/16
    // cannot add RFC 1918 blocks; a public primary cannot add 198.19.0.0/16.
    @Test func secondaryBlockRestrictionsForNonRFC1918Primary() {
        #expect(throws: VPCCIDRValidationError.restrictedAssociation(primaryRange: "public or 100.64.0.0/10", restrictedRange: "10.0.0.0/8")) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("10.0.0.0/16"), primary: v4("100.64.0.0/16"), existingBlocks: [])
        }
        #expect(throws: VPCCIDRValidationError.restrictedAssociation(primaryRange: "198.19.0.0/16", restrictedRange: "192.168.0.0/16")) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("192.168.0.0/16"), primary: v4("198.19.0.0/24"), existingBlocks: [])
        }
        #expect(throws: VPCCIDRValidationError.restrictedAssociation(primaryRange: "public or 100.64.0.0/10", restrictedRange: "198.19.0.0/16")) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("198.19.0.0/20"), primary: v4("8.8.0.0/16"), existingBlocks: [])
        }
        #expect(throws: Never.self) {
            try VPCAddressRules.validateSecondaryVPCIPv4Block(v4("100.64.0.0/16"), primary: v4("8.8.0.0/16"), existingBlocks: [v4("9.9.0.0/16")])
        }
    }

    // IPv6: Amazon-provided VPC blocks are /56 (EC2 API AmazonProvidedIpv6CidrBlock);
    // subnets are /64 (CloudFormation AWS::EC2::SubnetCidrBlock).
    @Test func ipv6SubnetBlock() {
        let vpc = [IPv6CIDR("2600:1f18:abcd:1200::/56")!]
        #expect(VPCAddressRules.amazonProvidedVPCIPv6PrefixLength == 56)
        #expect(throws: Never.self) {
            try VPCAddressRules.validateSubnetIPv6Block(IPv6CIDR("2600:1f18:abcd:1201::/64")!, vpcBlocks: vpc, existingSubnets: [])
        }
        #expect(throws: VPCCIDRValidationError.invalidPrefixLength(actual: 60, allowed: 64...64)) {
            try VPCAddressRules.validateSubnetIPv6Block(IPv6CIDR("2600:1f18:abcd:1200::/60")!, vpcBlocks: vpc, existingSubnets: [])
        }
        #expect(throws: VPCCIDRValidationError.notWithinVPC) {
            try VPCAddressRules.validateSubnetIPv6Block(IPv6CIDR("2600:1f18:abcd:1300::/64")!, vpcBlocks: vpc, existingSubnets: [])
        }
        #expect(throws: VPCCIDRValidationError.overlaps(existing: "2600:1f18:abcd:1201::/64")) {
            try VPCAddressRules.validateSubnetIPv6Block(IPv6CIDR("2600:1f18:abcd:1201::/64")!, vpcBlocks: vpc,
                                                        existingSubnets: [IPv6CIDR("2600:1f18:abcd:1201::/64")!])
        }
    }
}

@Suite struct SubnetIPv4AddressAllocatorTests {
    @Test func skipsReservedAndTaken() {
        let allocator = SubnetIPv4AddressAllocator(subnet: v4("10.0.0.0/24"))
        #expect(allocator.nextFreeAddress(taken: []) == IPv4Address(10, 0, 0, 4))
        #expect(allocator.nextFreeAddress(taken: [IPv4Address(10, 0, 0, 4), IPv4Address(10, 0, 0, 5)]) == IPv4Address(10, 0, 0, 6))
        #expect(allocator.availableAddressCount(taken: []) == 251)
        // Reserved or foreign addresses in `taken` do not count.
        #expect(allocator.availableAddressCount(taken: [IPv4Address(10, 0, 0, 4), IPv4Address(10, 0, 0, 1), IPv4Address(10, 9, 9, 9)]) == 250)
        #expect(!allocator.isAssignable(IPv4Address(10, 0, 0, 255)))
        #expect(allocator.isAssignable(IPv4Address(10, 0, 0, 254)))
    }

    @Test func fillsASlash28() {
        let allocator = SubnetIPv4AddressAllocator(subnet: v4("10.0.0.16/28"))
        var taken: Set<IPv4Address> = []
        while let next = allocator.nextFreeAddress(taken: taken) { taken.insert(next) }
        #expect(taken.count == 11)
        #expect(taken.min() == IPv4Address(10, 0, 0, 20))
        #expect(taken.max() == IPv4Address(10, 0, 0, 30))
        #expect(allocator.availableAddressCount(taken: taken) == 0)
    }

    @Test func startsAtAHintAndWraps() {
        let allocator = SubnetIPv4AddressAllocator(subnet: v4("10.0.0.0/28"))
        #expect(allocator.nextFreeAddress(startingAt: IPv4Address(10, 0, 0, 9), taken: []) == IPv4Address(10, 0, 0, 9))
        #expect(allocator.nextFreeAddress(startingAt: IPv4Address(10, 0, 0, 14), taken: [IPv4Address(10, 0, 0, 14)]) == IPv4Address(10, 0, 0, 4))
        #expect(allocator.nextFreeAddress(startingAt: IPv4Address(10, 0, 0, 1), taken: []) == IPv4Address(10, 0, 0, 4))
        #expect(allocator.nextFreeAddress(startingAt: IPv4Address(192, 168, 0, 1), taken: []) == IPv4Address(10, 0, 0, 4))
    }
}
