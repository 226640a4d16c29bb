/// Why a VPC or subnet CIDR block is not accepted.
public enum VPCCIDRValidationError: Error, Hashable, Sendable {
    /// The prefix length is outside what AWS allows for this kind of block.
    case invalidPrefixLength(actual: Int, allowed: ClosedRange<Int>)
    /// A subnet block is not inside any of its VPC's blocks.
    case notWithinVPC
    /// The block overlaps an existing block (another subnet, or one of the VPC's blocks).
    case overlaps(existing: String)
    /// "IPv4 CIDR block association restrictions": the block cannot be added to a VPC whose
    /// primary block is in `primaryRange`.
    case restrictedAssociation(primaryRange: String, restrictedRange: String)
}

/// The address rules of the Amazon VPC User Guide ("VPC CIDR blocks", "Subnet CIDR blocks").
public enum VPCAddressRules {
    /// "VPC CIDR blocks": IPv4 VPC blocks are /16 (65,536 addresses) to /28 (16 addresses).
    public static let vpcIPv4PrefixLengths: ClosedRange<Int> = 16...28
    /// "Subnet CIDR blocks": IPv4 subnets are /16 to /28.
    public static let subnetIPv4PrefixLengths: ClosedRange<Int> = 16...28
    /// Amazon-provided IPv6 VPC blocks are /56 (EC2 API, AmazonProvidedIpv6CidrBlock).
    public static let amazonProvidedVPCIPv6PrefixLength = 56
    /// IPv6 subnets are /64 (CloudFormation AWS::EC2::SubnetCidrBlock: "The subnet size must
    /// use a /64 prefix length"). Newer IPAM-based docs allow /44.../64; not confirmed, not modelled.
    public static let subnetIPv6PrefixLengths: ClosedRange<Int> = 64...64
    /// The first four and the last address of every subnet are reserved.
    public static let reservedAddressesPerSubnet = 5

    public static let rfc1918Ranges: [IPv4CIDR] = [
        IPv4CIDR("10.0.0.0/8")!, IPv4CIDR("172.16.0.0/12")!, IPv4CIDR("192.168.0.0/16")!,
    ]
    /// Shared address space (RFC 6598); AWS treats it like public space for associations.
    public static let sharedAddressSpace = IPv4CIDR("100.64.0.0/10")!
    /// Cannot be associated with a VPC whose primary block is elsewhere (used by AWS services).
    public static let restricted198_19 = IPv4CIDR("198.19.0.0/16")!

    /// The RFC 1918 range holding `block`, if any.
    public static func rfc1918Range(containing block: IPv4CIDR) -> IPv4CIDR? {
        rfc1918Ranges.first { $0.contains(block) }
    }

    public static func isRFC1918(_ block: IPv4CIDR) -> Bool { rfc1918Range(containing: block) != nil }

    /// Checks a primary IPv4 block for CreateVpc.
    public static func validateVPCIPv4Block(_ block: IPv4CIDR) throws(VPCCIDRValidationError) {
        guard vpcIPv4PrefixLengths.contains(block.prefixLength) else {
            throw .invalidPrefixLength(actual: block.prefixLength, allowed: vpcIPv4PrefixLengths)
        }
    }

    /// Checks a secondary IPv4 block for AssociateVpcCidrBlock against the VPC's blocks
    /// (`existingBlocks[0]` need not be the primary; `primary` is given separately).
    /// Implements the "IPv4 CIDR block association restrictions" rows that could be confirmed:
    /// - primary in an RFC 1918 range: blocks from the other RFC 1918 ranges are restricted;
    /// - primary in an RFC 1918 range or public/100.64.0.0/10: 198.19.0.0/16 is restricted;
    /// - primary in 198.19.0.0/16 or public/100.64.0.0/10: RFC 1918 blocks are restricted.
    public static func validateSecondaryVPCIPv4Block(
        _ block: IPv4CIDR, primary: IPv4CIDR, existingBlocks: [IPv4CIDR]
    ) throws(VPCCIDRValidationError) {
        try validateVPCIPv4Block(block)
        for existing in [primary] + existingBlocks where existing.overlaps(block) {
            throw .overlaps(existing: existing.description)
        }
        let candidateRange = rfc1918Range(containing: block)
        if let primaryRange = rfc1918Range(containing: primary) {
            if let candidateRange, candidateRange != primaryRange {
                throw .restrictedAssociation(primaryRange: primaryRange.description, restrictedRange: candidateRange.description)
            }
            if restricted198_19.overlaps(block) {
                throw .restrictedAssociation(primaryRange: primaryRange.description, restrictedRange: restricted198_19.description)
            }
        } else {
            let primaryRange = restricted198_19.contains(primary) ? restricted198_19.description : "public or 100.64.0.0/10"
            if let candidateRange {
                throw .restrictedAssociation(primaryRange: primaryRange, restrictedRange: candidateRange.description)
            }
            if !restricted198_19.contains(primary) && restricted198_19.overlaps(block) {
                throw .restrictedAssociation(primaryRange: primaryRange, restrictedRange: restricted198_19.description)
            }
        }
    }

    /// Checks an IPv4 subnet block for CreateSubnet: size, inside one of the VPC's blocks,
    /// no overlap with the VPC's other subnets.
    public static func validateSubnetIPv4Block(
        _ block: IPv4CIDR, vpcBlocks: [IPv4CIDR], existingSubnets: [IPv4CIDR]
    ) throws(VPCCIDRValidationError) {
        guard subnetIPv4PrefixLengths.contains(block.prefixLength) else {
            throw .invalidPrefixLength(actual: block.prefixLength, allowed: subnetIPv4PrefixLengths)
        }
        guard vpcBlocks.contains(where: { $0.contains(block) }) else { throw .notWithinVPC }
        if let clash = existingSubnets.first(where: { $0.overlaps(block) }) {
            throw .overlaps(existing: clash.description)
        }
    }

    /// Checks an IPv6 subnet block: /64, inside one of the VPC's IPv6 blocks, no overlap.
    public static func validateSubnetIPv6Block(
        _ block: IPv6CIDR, vpcBlocks: [IPv6CIDR], existingSubnets: [IPv6CIDR]
    ) throws(VPCCIDRValidationError) {
        guard subnetIPv6PrefixLengths.contains(block.prefixLength) else {
            throw .invalidPrefixLength(actual: block.prefixLength, allowed: subnetIPv6PrefixLengths)
        }
        guard vpcBlocks.contains(where: { $0.contains(block) }) else { throw .notWithinVPC }
        if let clash = existingSubnets.first(where: { $0.overlaps(block) }) {
            throw .overlaps(existing: clash.description)
        }
    }

    /// The five reserved addresses of a subnet, in address order (for 10.0.0.0/24:
    /// .0 network, .1 router, .2 DNS, .3 future use, .255 broadcast). Blocks smaller
    /// than /29 are never subnets; for them, roles whose address would repeat are dropped.
    public static func reservedAddresses(in subnet: IPv4CIDR) -> [SubnetReservedAddress] {
        var result: [SubnetReservedAddress] = []
        let base = subnet.network.value
        let roles: [(SubnetReservedAddress.Role, UInt32)] = [
            (.networkAddress, 0), (.vpcRouter, 1), (.dnsServer, 2), (.futureUse, 3),
        ]
        for (role, offset) in roles where UInt64(offset) < subnet.addressCount - 1 {
            result.append(SubnetReservedAddress(role: role, address: IPv4Address(base + offset)))
        }
        if subnet.addressCount > 1 || result.isEmpty {
            result.append(SubnetReservedAddress(role: .broadcast, address: subnet.lastAddress))
        }
        return result
    }

    /// Addresses left for use after the five reserved ones: 251 for a /24, 11 for a /28.
    public static func usableAddressCount(in subnet: IPv4CIDR) -> UInt64 {
        let reserved = UInt64(reservedAddresses(in: subnet).count)
        return subnet.addressCount - reserved
    }
}
