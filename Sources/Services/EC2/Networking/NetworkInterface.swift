import AWSWire
import Foundation
import NimbusCore
import State

/// An elastic network interface ("Elastic network interfaces"): private addresses from its subnet,
/// security groups, a MAC address; attached to at most one instance at a time.
struct NetworkInterface: EC2Resource {
    static let kind = "ec2.network-interface"
    static let idPrefix = "eni"
    static let resourceType = "network-interface"

    struct PrivateIP: Codable, Hashable, Sendable {
        var address: String
        var primary: Bool
    }

    struct Attachment: Codable, Hashable, Sendable {
        var id: String
        var instanceId: String?
        var deviceIndex: Int
        var deleteOnTermination: Bool
        var attachTime: Date
    }

    var id: String
    var subnetId: String
    var vpcId: String
    var availabilityZone: String
    var ownerId: String
    var description: String = ""
    var privateIps: [PrivateIP]
    var ipv6Addresses: [String] = []
    var groups: [String]
    var macAddress: String
    var sourceDestCheck = true
    /// `interface`, or the managed kinds (`nat_gateway`...).
    var interfaceType = "interface"
    var requesterManaged = false
    var requesterId: String?
    var attachment: Attachment?
    /// A public IPv4 address assigned at launch (not an Elastic IP).
    var publicIp: String?
    var tags: [EC2Tag] = []

    var primaryPrivateIp: String { privateIps.first(where: \.primary)?.address ?? privateIps.first?.address ?? "" }
    var status: String { attachment == nil && interfaceType == "interface" ? "available" : "in-use" }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidNetworkInterfaceID.NotFound", notFoundMessage("networkInterface", ids))
    }

    static var malformedCode: String { "InvalidNetworkInterfaceId.Malformed" }

    /// `10.0.1.5` as `10-0-1-5`, for host names (Foundation's replacingOccurrences bridges through NSString: slow on
    /// a path that runs for every interface described).
    static func dashed(_ address: String) -> String {
        String(decoding: address.utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }

    /// The private DNS name AWS gives an address: `ip-10-0-1-4.ec2.internal` in us-east-1.
    static func privateDnsName(_ address: String, region: String) -> String {
        let host = "ip-" + dashed(address)
        return region == "us-east-1" ? "\(host).ec2.internal" : "\(host).\(region).compute.internal"
    }

    static func publicDnsName(_ address: String, region: String) -> String {
        let host = "ec2-" + dashed(address)
        return region == "us-east-1" ? "\(host).compute-1.amazonaws.com" : "\(host).\(region).compute.amazonaws.com"
    }

    static let filterNames: Set<String> = [
        "association.allocation-id", "association.association-id", "association.ip-owner-id", "association.public-ip",
        "association.public-dns-name", "attachment.attachment-id", "attachment.attach-time",
        "attachment.delete-on-termination", "attachment.device-index", "attachment.instance-id",
        "attachment.instance-owner-id", "attachment.status", "availability-zone", "description", "group-id",
        "group-name", "ipv6-addresses.ipv6-address", "interface-type", "mac-address", "network-interface-id",
        "owner-id", "private-ip-address", "private-dns-name", "requester-id", "requester-managed",
        "source-dest-check", "status", "subnet-id", "vpc-id", "addresses.private-ip-address", "addresses.primary",
        "addresses.association.public-ip", "addresses.association.owner-id",
    ]

    /// The Elastic IPs associated with this interface, by private address.
    func elasticAddresses(_ network: NetworkView) -> [String: ElasticAddress] {
        var found: [String: ElasticAddress] = [:]
        for address in network.all(ElasticAddress.self) where address.networkInterfaceId == id {
            if let privateIp = address.privateIp { found[privateIp] = address }
        }
        return found
    }

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "association.allocation-id": return elasticAddresses(network).values.map(\.id)
        case "association.association-id": return elasticAddresses(network).values.compactMap(\.associationId)
        case "association.public-ip", "addresses.association.public-ip":
            return elasticAddresses(network).values.map(\.publicIp) + (publicIp.map { [$0] } ?? [])
        case "association.ip-owner-id", "addresses.association.owner-id":
            return elasticAddresses(network).isEmpty ? [] : [ownerId]
        case "attachment.attachment-id": return attachment.map { [$0.id] } ?? []
        case "attachment.instance-id": return attachment?.instanceId.map { [$0] } ?? []
        case "attachment.device-index": return attachment.map { [String($0.deviceIndex)] } ?? []
        case "attachment.status": return attachment == nil ? [] : ["attached"]
        case "attachment.delete-on-termination": return attachment.map { [String($0.deleteOnTermination)] } ?? []
        case "attachment.instance-owner-id": return attachment == nil ? [] : [ownerId]
        case "availability-zone": return [availabilityZone]
        case "description": return [description]
        case "group-id": return groups
        case "group-name": return groups.compactMap { network.get(SecurityGroup.self, $0)?.name }
        case "ipv6-addresses.ipv6-address": return ipv6Addresses
        case "interface-type": return [interfaceType]
        case "mac-address": return [macAddress]
        case "network-interface-id": return [id]
        case "owner-id": return [ownerId]
        case "private-ip-address", "addresses.private-ip-address": return privateIps.map(\.address)
        case "addresses.primary": return privateIps.map { String($0.primary) }
        case "private-dns-name": return [Self.privateDnsName(primaryPrivateIp, region: network.partition.region)]
        case "requester-id": return requesterId.map { [$0] } ?? []
        case "requester-managed": return [String(requesterManaged)]
        case "source-dest-check": return [String(sourceDestCheck)]
        case "status": return [status]
        case "subnet-id": return [subnetId]
        case "vpc-id": return [vpcId]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        let region = network.partition.region
        let elastic = elasticAddresses(network)
        func association(_ privateIp: String) -> AWSValue? {
            if let address = elastic[privateIp] {
                return .structure([
                    "AllocationId": .string(address.id), "AssociationId": address.associationId.map(AWSValue.string),
                    "IpOwnerId": .string(ownerId), "PublicIp": .string(address.publicIp),
                    "PublicDnsName": .string(Self.publicDnsName(address.publicIp, region: region)),
                ])
            }
            if privateIp == primaryPrivateIp, let publicIp {
                return ["IpOwnerId": "amazon", "PublicIp": .string(publicIp),
                        "PublicDnsName": .string(Self.publicDnsName(publicIp, region: region))]
            }
            return nil
        }
        let groupOutput: [AWSValue] = groups.map { groupId in
            .structure(["GroupId": .string(groupId),
                        "GroupName": network.get(SecurityGroup.self, groupId).map { AWSValue.string($0.name) }])
        }
        return .structure([
            "NetworkInterfaceId": .string(id), "SubnetId": .string(subnetId), "VpcId": .string(vpcId),
            "AvailabilityZone": .string(availabilityZone), "OwnerId": .string(ownerId), "Description": .string(description),
            "InterfaceType": .string(interfaceType), "MacAddress": .string(macAddress),
            "PrivateIpAddress": .string(primaryPrivateIp),
            "PrivateDnsName": .string(Self.privateDnsName(primaryPrivateIp, region: region)),
            "PrivateIpAddresses": .list(privateIps.map { ip in
                .structure([
                    "PrivateIpAddress": .string(ip.address), "Primary": .boolean(ip.primary),
                    "PrivateDnsName": .string(Self.privateDnsName(ip.address, region: region)),
                    "Association": association(ip.address),
                ])
            }),
            "Association": association(primaryPrivateIp),
            "Ipv6Addresses": .list(ipv6Addresses.map { ["Ipv6Address": .string($0), "IsPrimaryIpv6": false] }),
            "Groups": .list(groupOutput), "SourceDestCheck": .boolean(sourceDestCheck),
            "RequesterManaged": .boolean(requesterManaged), "RequesterId": requesterId.map(AWSValue.string),
            "Status": .string(status),
            "Attachment": attachment.map { attachment in
                .structure([
                    "AttachmentId": .string(attachment.id), "InstanceId": attachment.instanceId.map(AWSValue.string),
                    "InstanceOwnerId": attachment.instanceId == nil ? nil : .string(ownerId),
                    "DeviceIndex": .int(attachment.deviceIndex), "NetworkCardIndex": 0,
                    "DeleteOnTermination": .boolean(attachment.deleteOnTermination),
                    "AttachTime": .timestamp(attachment.attachTime), "Status": "attached",
                ])
            },
            "TagSet": tagsOutput,
        ])
    }
}

/// An Elastic IP address ("Elastic IP addresses"), allocated to the account in a Region.
struct ElasticAddress: EC2Resource {
    static let kind = "ec2.elastic-ip"
    static let idPrefix = "eipalloc"
    static let resourceType = "elastic-ip"
    /// "Elastic IP address quota": 5 per Region.
    static let quotaPerRegion = 5

    var id: String
    var publicIp: String
    var associationId: String?
    var networkInterfaceId: String?
    var privateIp: String?
    var instanceId: String?
    var tags: [EC2Tag] = []

    /// Leaves whatever the address was associated with.
    mutating func disassociate() {
        associationId = nil
        networkInterfaceId = nil
        privateIp = nil
        instanceId = nil
    }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidAllocationID.NotFound", ids.count > 1
            ? "The allocation IDs '\(ids.joined(separator: ", "))' do not exist"
            : "The allocation ID '\(ids.first ?? "")' does not exist")
    }

    /// The instance the address reaches: the one it was associated with, or the one its interface is attached to.
    func instance(_ network: NetworkView) -> String? {
        instanceId ?? networkInterfaceId.flatMap { network.get(NetworkInterface.self, $0)?.attachment?.instanceId }
    }

    static let filterNames: Set<String> = [
        "allocation-id", "association-id", "domain", "instance-id", "network-border-group", "network-interface-id",
        "network-interface-owner-id", "private-ip-address", "public-ip",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "allocation-id": return [id]
        case "association-id": return associationId.map { [$0] } ?? []
        case "domain": return ["vpc"]
        case "instance-id": return instance(network).map { [$0] } ?? []
        case "network-border-group": return [network.partition.region]
        case "network-interface-id": return networkInterfaceId.map { [$0] } ?? []
        case "network-interface-owner-id": return networkInterfaceId == nil ? [] : [network.account]
        case "private-ip-address": return privateIp.map { [$0] } ?? []
        case "public-ip": return [publicIp]
        default: return []
        }
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "AllocationId": .string(id), "PublicIp": .string(publicIp), "Domain": "vpc",
            "AssociationId": associationId.map(AWSValue.string), "NetworkInterfaceId": networkInterfaceId.map(AWSValue.string),
            "NetworkInterfaceOwnerId": networkInterfaceId == nil ? nil : .string(network.account),
            "PrivateIpAddress": privateIp.map(AWSValue.string), "InstanceId": instance(network).map(AWSValue.string),
            "PublicIpv4Pool": "amazon", "NetworkBorderGroup": .string(network.partition.region),
            "Tags": tagsIfAny,
        ])
    }
}
