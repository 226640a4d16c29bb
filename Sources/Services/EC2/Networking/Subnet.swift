import AWSWire
import NetworkModel
import NimbusCore
import State

/// A subnet ("Subnets for your VPC"): one IPv4 block in one Availability Zone, an optional IPv6 /64,
/// and the private addresses its network interfaces hold (the five reserved ones are never among them).
struct Subnet: EC2Resource {
    static let kind = "ec2.subnet"
    static let idPrefix = "subnet"
    static let resourceType = "subnet"

    var id: String
    var vpcId: String
    var ownerId: String
    var cidrBlock: String
    var availabilityZone: String
    var availabilityZoneId: String
    var ipv6Blocks: [VPC.CIDRAssociation] = []
    var defaultForAz = false
    var mapPublicIpOnLaunch = false
    var assignIpv6AddressOnCreation = false
    var enableDns64 = false
    var hostnameType = "ip-name"
    var enableResourceNameDnsARecord = false
    var enableResourceNameDnsAAAARecord = false
    /// Private IPv4 addresses in use (as 32-bit values): interfaces' primary and secondary addresses.
    var usedAddresses: Set<UInt32> = []
    var tags: [EC2Tag] = []

    var cidr: IPv4CIDR { IPv4CIDR(cidrBlock)! }
    var availableAddressCount: Int { Int(VPCAddressRules.usableAddressCount(in: cidr)) - usedAddresses.count }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidSubnetID.NotFound", notFoundMessage("subnet", ids))
    }

    func arn(_ network: NetworkView) -> String {
        "arn:aws:ec2:\(network.partition.region):\(ownerId):subnet/\(id)"
    }

    /// Takes the lowest free address (`nil`: the subnet is full). Checks the used set directly: a launch of
    /// thousands of instances into one subnet must not rebuild it for each address.
    mutating func takeNextAddress() -> IPv4Address? {
        let block = cidr
        let reserved = Set(VPCAddressRules.reservedAddresses(in: block).map(\.address.value))
        for value in block.network.value...block.lastAddress.value where !reserved.contains(value) && !usedAddresses.contains(value) {
            usedAddresses.insert(value)
            return IPv4Address(value)
        }
        return nil
    }

    /// Takes a chosen address: it must be in the subnet, not reserved and free.
    mutating func take(_ text: String) throws -> IPv4Address {
        guard let address = IPv4Address(text) else {
            throw EC2Errors.invalidParameterValue("Value (\(text)) for parameter privateIpAddress is invalid. Invalid IP address.")
        }
        let allocator = SubnetIPv4AddressAllocator(subnet: cidr)
        guard allocator.isAssignable(address) else {
            throw EC2Errors.invalidParameterValue(
                "Address \(text) does not fall within the subnet's address range or is reserved by AWS")
        }
        guard usedAddresses.insert(address.value).inserted else {
            throw AWSError("InvalidIPAddress.InUse", "The specified address \(text) is already in use.")
        }
        return address
    }

    mutating func release(_ address: String) {
        if let parsed = IPv4Address(address) { usedAddresses.remove(parsed.value) }
    }

    static let filterNames: Set<String> = [
        "availability-zone", "availabilityZone", "availability-zone-id", "availabilityZoneId",
        "available-ip-address-count", "cidr", "cidr-block", "cidrBlock", "default-for-az", "defaultForAz",
        "enable-dns64", "ipv6-cidr-block-association.ipv6-cidr-block", "ipv6-cidr-block-association.association-id",
        "ipv6-cidr-block-association.state", "ipv6-native", "map-public-ip-on-launch", "map-customer-owned-ip-on-launch",
        "owner-id", "state", "subnet-arn", "subnet-id", "vpc-id", "outpost-arn", "customer-owned-ipv4-pool",
        "enable-lni-at-device-index", "private-dns-name-options-on-launch.hostname-type",
        "private-dns-name-options-on-launch.enable-resource-name-dns-a-record",
        "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "availability-zone", "availabilityZone": return [availabilityZone]
        case "availability-zone-id", "availabilityZoneId": return [availabilityZoneId]
        case "available-ip-address-count": return [String(availableAddressCount)]
        case "cidr", "cidr-block", "cidrBlock": return [cidrBlock]
        case "default-for-az", "defaultForAz": return [String(defaultForAz)]
        case "enable-dns64": return [String(enableDns64)]
        case "ipv6-cidr-block-association.ipv6-cidr-block": return ipv6Blocks.map(\.cidrBlock)
        case "ipv6-cidr-block-association.association-id": return ipv6Blocks.map(\.associationId)
        case "ipv6-cidr-block-association.state": return ipv6Blocks.isEmpty ? [] : ["associated"]
        case "ipv6-native": return ["false"]
        case "map-public-ip-on-launch": return [String(mapPublicIpOnLaunch)]
        case "map-customer-owned-ip-on-launch": return ["false"]
        case "owner-id": return [ownerId]
        case "state": return ["available"]
        case "subnet-arn": return [arn(network)]
        case "subnet-id": return [id]
        case "vpc-id": return [vpcId]
        case "private-dns-name-options-on-launch.hostname-type": return [hostnameType]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "SubnetId": .string(id), "VpcId": .string(vpcId), "OwnerId": .string(ownerId), "State": "available",
            "CidrBlock": .string(cidrBlock), "AvailabilityZone": .string(availabilityZone),
            "AvailabilityZoneId": .string(availabilityZoneId), "AvailableIpAddressCount": .int(availableAddressCount),
            "DefaultForAz": .boolean(defaultForAz), "MapPublicIpOnLaunch": .boolean(mapPublicIpOnLaunch),
            "MapCustomerOwnedIpOnLaunch": false, "AssignIpv6AddressOnCreation": .boolean(assignIpv6AddressOnCreation),
            "Ipv6CidrBlockAssociationSet": .list(ipv6Blocks.map { block in
                ["AssociationId": .string(block.associationId), "Ipv6CidrBlock": .string(block.cidrBlock),
                 "Ipv6CidrBlockState": ["State": "associated"], "Ipv6AddressAttribute": "public", "IpSource": "amazon"]
            }),
            "SubnetArn": .string(arn(network)), "EnableDns64": .boolean(enableDns64), "Ipv6Native": false,
            "PrivateDnsNameOptionsOnLaunch": [
                "HostnameType": .string(hostnameType),
                "EnableResourceNameDnsARecord": .boolean(enableResourceNameDnsARecord),
                "EnableResourceNameDnsAAAARecord": .boolean(enableResourceNameDnsAAAARecord),
            ],
            "BlockPublicAccessStates": ["InternetGatewayBlockMode": "off"],
            "Tags": tagsIfAny,
        ])
    }
}
