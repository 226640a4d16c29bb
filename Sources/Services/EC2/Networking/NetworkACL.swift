import AWSWire
import NimbusCore
import State

/// A network ACL ("Control subnet traffic with network access control lists"): numbered, stateless
/// entries per direction, evaluated lowest number first, ending with the `*` (32767) deny; the subnets
/// it governs.
struct NetworkACL: EC2Resource {
    static let kind = "ec2.network-acl"
    static let idPrefix = "acl"
    static let resourceType = "network-acl"
    /// The rule numbers AWS shows for the final `*` entries, IPv4 and IPv6.
    static let catchAllRuleNumber = 32767
    static let ipv6CatchAllRuleNumber = 32768
    /// "Network ACL rules": rule numbers 1 to 32766.
    static let ruleNumbers = 1...32766

    struct Entry: Codable, Hashable, Sendable {
        var ruleNumber: Int
        var egress: Bool
        /// `-1` (all) or a protocol number as text (`6` tcp, `17` udp, `1` icmp, `58` icmpv6).
        var protocolNumber: String
        var allow: Bool
        var cidrBlock: String?
        var ipv6CidrBlock: String?
        var fromPort: Int?
        var toPort: Int?
        var icmpType: Int?
        var icmpCode: Int?
    }

    struct Association: Codable, Hashable, Sendable {
        var id: String
        var subnetId: String
    }

    var id: String
    var vpcId: String
    var ownerId: String
    var isDefault: Bool
    var entries: [Entry]
    var associations: [Association] = []
    var tags: [EC2Tag] = []

    /// Entries as AWS lists them: by direction, then rule number, the `*` rules last.
    var sortedEntries: [Entry] {
        entries.sorted { ($0.egress ? 1 : 0, $0.ruleNumber) < ($1.egress ? 1 : 0, $1.ruleNumber) }
    }

    /// The entries a new ACL has: allow-all rules 100 (the default ACL only) and the `*` denies
    /// (IPv6 ones too when the VPC has an IPv6 block).
    static func initialEntries(allowAll: Bool, ipv6: Bool) -> [Entry] {
        var entries: [Entry] = []
        for egress in [false, true] {
            if allowAll {
                entries.append(Entry(ruleNumber: 100, egress: egress, protocolNumber: "-1", allow: true, cidrBlock: "0.0.0.0/0"))
                if ipv6 {
                    entries.append(Entry(ruleNumber: 101, egress: egress, protocolNumber: "-1", allow: true, ipv6CidrBlock: "::/0"))
                }
            }
            entries.append(Entry(ruleNumber: catchAllRuleNumber, egress: egress, protocolNumber: "-1", allow: false,
                                 cidrBlock: "0.0.0.0/0"))
            if ipv6 {
                entries.append(Entry(ruleNumber: ipv6CatchAllRuleNumber, egress: egress, protocolNumber: "-1", allow: false,
                                     ipv6CidrBlock: "::/0"))
            }
        }
        return entries
    }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidNetworkAclID.NotFound", notFoundMessage("networkAcl", ids))
    }

    static var malformedCode: String { "InvalidNetworkAclId.Malformed" }

    static let filterNames: Set<String> = [
        "association.association-id", "association.network-acl-id", "association.subnet-id", "default",
        "entry.cidr", "entry.icmp.code", "entry.icmp.type", "entry.ipv6-cidr", "entry.port-range.from",
        "entry.port-range.to", "entry.protocol", "entry.rule-action", "entry.egress", "entry.rule-number",
        "network-acl-id", "owner-id", "vpc-id",
    ]

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "association.association-id": return associations.map(\.id)
        case "association.network-acl-id": return associations.isEmpty ? [] : [id]
        case "association.subnet-id": return associations.map(\.subnetId)
        case "default": return [String(isDefault)]
        case "entry.cidr": return entries.compactMap(\.cidrBlock)
        case "entry.icmp.code": return entries.compactMap { $0.icmpCode.map(String.init) }
        case "entry.icmp.type": return entries.compactMap { $0.icmpType.map(String.init) }
        case "entry.ipv6-cidr": return entries.compactMap(\.ipv6CidrBlock)
        case "entry.port-range.from": return entries.compactMap { $0.fromPort.map(String.init) }
        case "entry.port-range.to": return entries.compactMap { $0.toPort.map(String.init) }
        case "entry.protocol": return entries.map(\.protocolNumber)
        case "entry.rule-action": return entries.map { $0.allow ? "allow" : "deny" }
        case "entry.egress": return entries.map { String($0.egress) }
        case "entry.rule-number": return entries.map { String($0.ruleNumber) }
        case "network-acl-id": return [id]
        case "owner-id": return [ownerId]
        case "vpc-id": return [vpcId]
        default: return []
        }
    }

    static func entryOutput(_ entry: Entry) -> AWSValue {
        .structure([
            "RuleNumber": .int(entry.ruleNumber), "Egress": .boolean(entry.egress), "Protocol": .string(entry.protocolNumber),
            "RuleAction": .string(entry.allow ? "allow" : "deny"),
            "CidrBlock": entry.cidrBlock.map(AWSValue.string), "Ipv6CidrBlock": entry.ipv6CidrBlock.map(AWSValue.string),
            "PortRange": entry.fromPort.map { from in ["From": .int(from), "To": .int(entry.toPort ?? from)] },
            "IcmpTypeCode": entry.icmpType.map { type in ["Type": .int(type), "Code": .int(entry.icmpCode ?? -1)] },
        ])
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "NetworkAclId": .string(id), "VpcId": .string(vpcId), "OwnerId": .string(ownerId), "IsDefault": .boolean(isDefault),
            "Entries": .list(sortedEntries.map(Self.entryOutput)),
            "Associations": .list(associations.map { association in
                ["NetworkAclAssociationId": .string(association.id), "NetworkAclId": .string(id),
                 "SubnetId": .string(association.subnetId)]
            }),
            "Tags": tagsOutput,
        ])
    }
}
