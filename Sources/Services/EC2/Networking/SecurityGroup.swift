import AWSWire
import NimbusCore
import State

/// A security group ("Security groups for your VPC"): allow-only, stateful rules for the interfaces
/// that carry it. Kept as one rule per source, each with its `sgr-` ID, as DescribeSecurityGroupRules
/// shows them; `IpPermissions` groups them back by protocol and ports.
struct SecurityGroup: EC2Resource {
    static let kind = "ec2.security-group"
    static let idPrefix = "sg"
    static let resourceType = "security-group"
    /// "Amazon VPC quotas": inbound or outbound rules per security group.
    static let rulesPerDirection = 60

    struct Rule: Codable, Hashable, Sendable {
        var id: String
        var isEgress: Bool
        /// `tcp`, `udp`, `icmp`, `icmpv6`, `-1` or another protocol number.
        var ipProtocol: String
        var fromPort: Int?
        var toPort: Int?
        var cidrIpv4: String?
        var cidrIpv6: String?
        var prefixListId: String?
        var referencedGroupId: String?
        var referencedUserId: String?
        var description: String?
        var tags: [EC2Tag] = []

        /// What makes two rules the same rule (the description and the ID do not).
        var identity: [String?] {
            [String(isEgress), ipProtocol, fromPort.map(String.init), toPort.map(String.init),
             cidrIpv4, cidrIpv6, prefixListId, referencedGroupId]
        }
    }

    var id: String
    var name: String
    var description: String
    var vpcId: String
    var ownerId: String
    var rules: [Rule] = []
    var tags: [EC2Tag] = []

    var isDefault: Bool { name == "default" }
    var ingress: [Rule] { rules.filter { !$0.isEgress } }
    var egress: [Rule] { rules.filter(\.isEgress) }

    static func notFound(_ ids: [String]) -> AWSError {
        AWSError("InvalidGroup.NotFound", ids.count > 1
            ? "The security groups '\(ids.joined(separator: ", "))' do not exist"
            : "The security group '\(ids.first ?? "")' does not exist")
    }

    static var malformedCode: String { "InvalidGroupId.Malformed" }

    func arn(_ region: String) -> String { "arn:aws:ec2:\(region):\(ownerId):security-group/\(id)" }

    static let filterNames: Set<String> = {
        let permission = ["cidr", "from-port", "group-id", "group-name", "ipv6-cidr", "prefix-list-id", "protocol",
                          "to-port", "user-id"]
        return Set(["description", "group-id", "group-name", "owner-id", "vpc-id"]
            + permission.map { "ip-permission.\($0)" } + permission.map { "egress.ip-permission.\($0)" })
    }()

    func filterValues(_ name: String, _ network: NetworkView) -> [String] {
        switch name {
        case "description": return [description]
        case "group-id": return [id]
        case "group-name": return [self.name]
        case "owner-id": return [ownerId]
        case "vpc-id": return [vpcId]
        default:
            let egressFilter = name.hasPrefix("egress.")
            let field = name.dropFirst(egressFilter ? "egress.ip-permission.".count : "ip-permission.".count)
            let selected = egressFilter ? egress : ingress
            switch field {
            case "cidr": return selected.compactMap(\.cidrIpv4)
            case "from-port": return selected.compactMap { $0.fromPort.map(String.init) }
            case "to-port": return selected.compactMap { $0.toPort.map(String.init) }
            case "group-id": return selected.compactMap(\.referencedGroupId)
            case "group-name":
                return selected.compactMap { $0.referencedGroupId.flatMap { network.get(SecurityGroup.self, $0)?.name } }
            case "ipv6-cidr": return selected.compactMap(\.cidrIpv6)
            case "prefix-list-id": return selected.compactMap(\.prefixListId)
            case "protocol": return selected.map(\.ipProtocol)
            case "user-id": return selected.compactMap(\.referencedUserId)
            default: return []
            }
        }
    }

    /// Rules as `IpPermissions`: one permission per protocol and port range, its sources listed inside.
    static func permissions(_ rules: [Rule], _ network: NetworkView) -> AWSValue {
        var order: [[String?]] = []
        var grouped: [[String?]: [Rule]] = [:]
        for rule in rules {
            let key = [rule.ipProtocol, rule.fromPort.map(String.init), rule.toPort.map(String.init)]
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(rule)
        }
        return .list(order.map { key in
            let members = grouped[key]!
            let first = members[0]
            func described(_ base: [String: AWSValue?], _ rule: Rule) -> AWSValue {
                var base = base
                base["Description"] = rule.description.map(AWSValue.string)
                return .structure(base)
            }
            return .structure([
                "IpProtocol": .string(first.ipProtocol),
                "FromPort": first.fromPort.map { .int($0) }, "ToPort": first.toPort.map { .int($0) },
                "IpRanges": .list(members.compactMap { rule in rule.cidrIpv4.map { described(["CidrIp": .string($0)], rule) } }),
                "Ipv6Ranges": .list(members.compactMap { rule in rule.cidrIpv6.map { described(["CidrIpv6": .string($0)], rule) } }),
                "PrefixListIds": .list(members.compactMap { rule in
                    rule.prefixListId.map { described(["PrefixListId": .string($0)], rule) }
                }),
                "UserIdGroupPairs": .list(members.compactMap { rule in
                    rule.referencedGroupId.map { groupId in
                        described(["GroupId": .string(groupId), "UserId": rule.referencedUserId.map(AWSValue.string)], rule)
                    }
                }),
            ])
        })
    }

    func ruleOutput(_ rule: Rule, region: String) -> AWSValue {
        .structure([
            "SecurityGroupRuleId": .string(rule.id), "GroupId": .string(id), "GroupOwnerId": .string(ownerId),
            "IsEgress": .boolean(rule.isEgress), "IpProtocol": .string(rule.ipProtocol),
            "FromPort": .int(rule.fromPort ?? -1), "ToPort": .int(rule.toPort ?? -1),
            "CidrIpv4": rule.cidrIpv4.map(AWSValue.string), "CidrIpv6": rule.cidrIpv6.map(AWSValue.string),
            "PrefixListId": rule.prefixListId.map(AWSValue.string),
            "ReferencedGroupInfo": rule.referencedGroupId.map { groupId in
                .structure(["GroupId": .string(groupId), "UserId": rule.referencedUserId.map(AWSValue.string)])
            },
            "Description": rule.description.map(AWSValue.string), "Tags": .list(rule.tags.map(\.output)),
            "SecurityGroupRuleArn": .string("arn:aws:ec2:\(region):\(ownerId):security-group-rule/\(rule.id)"),
        ])
    }

    func output(_ network: NetworkView) -> AWSValue {
        .structure([
            "GroupId": .string(id), "GroupName": .string(name), "Description": .string(description),
            "VpcId": .string(vpcId), "OwnerId": .string(ownerId),
            "SecurityGroupArn": .string(arn(network.partition.region)),
            "IpPermissions": Self.permissions(ingress, network),
            "IpPermissionsEgress": Self.permissions(egress, network),
            "Tags": tagsIfAny,
        ])
    }
}
