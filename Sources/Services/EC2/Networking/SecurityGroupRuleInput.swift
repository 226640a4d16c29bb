import AWSWire
import NetworkModel
import NimbusCore
import State

/// Reads security group rules from `IpPermissions` (or the older flat members) and checks them as EC2 does
/// ("Security group rules", AuthorizeSecurityGroupIngress): protocol names and numbers, port ranges,
/// ICMP type and code, CIDRs, referenced groups.
enum SecurityGroupRuleInput {
    /// The protocol as EC2 stores it: names for tcp, udp, icmp and icmpv6 (also given by number), `-1` for all.
    static func normalizedProtocol(_ text: String) throws -> String {
        switch text.lowercased() {
        case "tcp", "6": return "tcp"
        case "udp", "17": return "udp"
        case "icmp", "1": return "icmp"
        case "icmpv6", "58": return "icmpv6"
        case "-1", "all": return "-1"
        default:
            if let number = Int(text), (0...255).contains(number) { return String(number) }
            throw EC2Errors.invalidParameterValue("Invalid value '\(text)' for IP protocol. Unknown protocol.")
        }
    }

    /// Ports as stored: tcp/udp need a range in 0...65535; icmp carries type and code (-1 for all);
    /// other protocols cover every port, so their ports are dropped.
    static func ports(_ ipProtocol: String, from: Int?, to: Int?) throws -> (Int?, Int?) {
        switch ipProtocol {
        case "tcp", "udp":
            guard let from, let to else {
                throw EC2Errors.invalidParameterValue("Invalid value for portRange. Must specify both from and to ports with TCP/UDP.")
            }
            if from == -1 && to == -1 { return (0, 65535) }
            guard (0...65535).contains(from), (0...65535).contains(to), from <= to else {
                throw EC2Errors.invalidParameterValue("Invalid TCP/UDP port range (\(from), \(to)).")
            }
            return (from, to)
        case "icmp", "icmpv6":
            let type = from ?? -1, code = to ?? -1
            guard (-1...255).contains(type), (-1...255).contains(code) else {
                throw EC2Errors.invalidParameterValue("Invalid value for ICMP type (\(type)) or code (\(code)).")
            }
            guard type != -1 || code == -1 else {
                throw EC2Errors.invalidParameterValue("Invalid ICMP code: when the ICMP type is -1 (all types), the code must be -1.")
            }
            return (type, code)
        default:
            return (nil, nil)
        }
    }

    static func canonicalIPv4(_ text: String) throws -> String {
        guard let parsed = IPv4CIDR.parseAllowingHostBits(text) else {
            throw EC2Errors.invalidParameterValue("CIDR block \(text) is malformed")
        }
        return parsed.cidr.description
    }

    static func canonicalIPv6(_ text: String) throws -> String {
        guard let parsed = IPv6CIDR.parseAllowingHostBits(text) else {
            throw EC2Errors.invalidParameterValue("CIDR block \(text) is malformed")
        }
        return parsed.cidr.description
    }

    /// The permissions of a request: `IpPermissions`, or the flat `IpProtocol`/`CidrIp`/`FromPort`/`ToPort`/
    /// `SourceSecurityGroupName` members older clients send.
    static func permissions(_ input: AWSValue) -> [AWSValue] {
        if let list = input["IpPermissions"]?.list, !list.isEmpty { return list }
        guard input["IpProtocol"] != nil || input["CidrIp"] != nil || input["SourceSecurityGroupName"] != nil else { return [] }
        var permission: [String: AWSValue?] = [
            "IpProtocol": input["IpProtocol"] ?? "-1", "FromPort": input["FromPort"], "ToPort": input["ToPort"],
        ]
        if let cidr = input["CidrIp"] { permission["IpRanges"] = [["CidrIp": cidr]] }
        if let name = input["SourceSecurityGroupName"] {
            permission["UserIdGroupPairs"] = [.structure(["GroupName": name, "UserId": input["SourceSecurityGroupOwnerId"]])]
        }
        return [.structure(permission)]
    }

    /// Expands permissions into one rule per source, for `group` (referenced groups resolved by ID or name
    /// in the group's VPC).
    static func rules(_ permissions: [AWSValue], egress: Bool, group: SecurityGroup, _ network: NetworkView,
                      _ context: RequestContext) throws -> [SecurityGroup.Rule] {
        var rules: [SecurityGroup.Rule] = []
        for permission in permissions {
            let ipProtocol = try normalizedProtocol(permission["IpProtocol"]?.string ?? "")
            let (from, to) = try ports(ipProtocol, from: permission["FromPort"]?.int, to: permission["ToPort"]?.int)
            func rule(_ fill: (inout SecurityGroup.Rule) -> Void, _ entry: AWSValue) {
                var rule = SecurityGroup.Rule(id: context.ids.resourceId("sgr"), isEgress: egress, ipProtocol: ipProtocol,
                                              fromPort: from, toPort: to, description: entry["Description"]?.string)
                fill(&rule)
                rules.append(rule)
            }
            let before = rules.count
            for range in permission["IpRanges"]?.list ?? [] {
                let cidr = try canonicalIPv4(range["CidrIp"]?.string ?? "")
                rule({ $0.cidrIpv4 = cidr }, range)
            }
            for range in permission["Ipv6Ranges"]?.list ?? [] {
                let cidr = try canonicalIPv6(range["CidrIpv6"]?.string ?? "")
                rule({ $0.cidrIpv6 = cidr }, range)
            }
            for entry in permission["PrefixListIds"]?.list ?? [] {
                let id = try network.load(ManagedPrefixList.self, entry["PrefixListId"]?.string ?? "").id
                rule({ $0.prefixListId = id }, entry)
            }
            for pair in permission["UserIdGroupPairs"]?.list ?? [] {
                let owner = pair["UserId"]?.string ?? context.account
                let referenced: String
                if let id = pair["GroupId"]?.string {
                    try SecurityGroup.checkWellFormed(id)
                    // Groups of other accounts (peered VPCs) are taken on trust; the caller's must exist.
                    if owner == context.account {
                        guard network.get(SecurityGroup.self, id) != nil else { throw SecurityGroup.notFound([id]) }
                    }
                    referenced = id
                } else if let name = pair["GroupName"]?.string {
                    guard let found = network.all(SecurityGroup.self).first(where: { $0.name == name && $0.vpcId == group.vpcId }) else {
                        throw AWSError("InvalidGroup.NotFound", "The security group '\(name)' does not exist in VPC '\(group.vpcId)'")
                    }
                    referenced = found.id
                } else {
                    throw EC2Errors.missingParameter("groupId or groupName")
                }
                rule({ $0.referencedGroupId = referenced; $0.referencedUserId = owner }, pair)
            }
            if rules.count == before {
                throw EC2Errors.missingParameter("ipPermissions.ipRanges, ipv6Ranges, prefixListIds or groups")
            }
        }
        return rules
    }

    /// AWS's words for a rule in InvalidPermission.Duplicate.
    static func describe(_ rule: SecurityGroup.Rule) -> String {
        let peer = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? rule.referencedGroupId ?? ""
        let proto = rule.ipProtocol == "-1" ? "ALL" : rule.ipProtocol.uppercased()
        if let from = rule.fromPort, let to = rule.toPort {
            return "peer: \(peer), \(proto), from port: \(from), to port: \(to), ALLOW"
        }
        return "peer: \(peer), \(proto), ALLOW"
    }
}
