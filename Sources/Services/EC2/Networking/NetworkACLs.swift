import AWSWire
import NetworkModel
import NimbusCore
import State

/// Network ACLs, their numbered entries and subnet associations ("Control subnet traffic with network
/// access control lists", "Network ACL rules", "Amazon VPC quotas", EC2 API Reference).
enum NetworkACLs {
    /// "Amazon VPC quotas": network ACLs per VPC, rules per ACL in each direction.
    static let aclsPerVPC = 200
    static let entriesPerDirection = 20

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let tags = try Tags.fromSpecifications(input, NetworkACL.resourceType)
        let acl = try context.store.write { tx in
            let vpc = try tx.load(VPC.self, input["VpcId"]?.string ?? "", in: partition)
            guard tx.every(NetworkACL.self, in: partition).filter({ $0.vpcId == vpc.id }).count < aclsPerVPC else {
                throw AWSError("NetworkAclLimitExceeded", "The maximum number of network ACLs has been reached.")
            }
            // A new network ACL denies everything until entries are added.
            let acl = NetworkACL(id: context.ids.resourceId("acl"), vpcId: vpc.id, ownerId: context.account, isDefault: false,
                                 entries: NetworkACL.initialEntries(allowAll: false, ipv6: !vpc.ipv6Blocks.isEmpty), tags: tags)
            tx.save(acl, in: partition)
            return acl
        }
        return .structure(["NetworkAcl": context.store.read { acl.output(NetworkView($0, context)) }, "ClientToken": input["ClientToken"]])
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(NetworkACL.self, input, context, idsMember: "NetworkAclIds", outputMember: "NetworkAcls")
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["NetworkAclId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            let acl = try tx.load(NetworkACL.self, id, in: partition)
            guard !acl.isDefault else { throw EC2Errors.invalidParameterValue("cannot delete default network ACL \(id)") }
            guard acl.associations.isEmpty else {
                throw EC2Errors.dependencyViolation("The networkAcl '\(id)' has dependencies and cannot be deleted.")
            }
            tx.remove(NetworkACL.self, id, in: partition)
        }
        return [:]
    }

    // MARK: Entries

    /// NACL protocols are numbers ("-1" for all); the names tcp, udp, icmp and icmpv6 are accepted too.
    static func protocolNumber(_ text: String) throws -> String {
        guard let number = IPProtocolNumbers.number(text) else {
            throw EC2Errors.invalidParameterValue("Invalid value '\(text)' for protocol. Unknown protocol.")
        }
        return number.map(String.init) ?? "-1"
    }

    static func entry(_ input: AWSValue) throws -> NetworkACL.Entry {
        let number = input["RuleNumber"]?.int ?? 0
        guard NetworkACL.ruleNumbers.contains(number) else {
            throw EC2Errors.invalidParameterValue(
                "Invalid value '\(number)' for ruleNumber. Rule number must be in the range 1..32766.")
        }
        let action = input["RuleAction"]?.string ?? ""
        guard ["allow", "deny"].contains(action) else {
            throw EC2Errors.invalidParameterValue("Value (\(action)) for parameter ruleAction is invalid.")
        }
        let proto = try protocolNumber(input["Protocol"]?.string ?? "")
        var entry = NetworkACL.Entry(ruleNumber: number, egress: input["Egress"]?.bool ?? false, protocolNumber: proto,
                                     allow: action == "allow")
        let cidr = input["CidrBlock"]?.string
        let ipv6 = input["Ipv6CidrBlock"]?.string
        switch (cidr, ipv6) {
        case let (cidr?, nil): entry.cidrBlock = try SecurityGroupRuleInput.canonicalIPv4(cidr)
        case let (nil, ipv6?): entry.ipv6CidrBlock = try SecurityGroupRuleInput.canonicalIPv6(ipv6)
        case (nil, nil): throw EC2Errors.missingParameter("cidrBlock or ipv6CidrBlock")
        default: throw EC2Errors.invalidParameterCombination("Only one of cidrBlock and ipv6CidrBlock may be given.")
        }
        switch proto {
        case "6", "17":
            guard let from = input["PortRange"]?["From"]?.int, let to = input["PortRange"]?["To"]?.int else {
                throw EC2Errors.missingParameter("portRange")
            }
            guard (0...65535).contains(from), (0...65535).contains(to), from <= to else {
                throw EC2Errors.invalidParameterValue("Invalid port range (\(from), \(to)).")
            }
            entry.fromPort = from
            entry.toPort = to
        case "1", "58":
            guard let type = input["IcmpTypeCode"]?["Type"]?.int, let code = input["IcmpTypeCode"]?["Code"]?.int else {
                throw EC2Errors.missingParameter("icmpTypeCode")
            }
            entry.icmpType = type
            entry.icmpCode = code
        default:
            break
        }
        return entry
    }

    static func createEntry(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let entry = try entry(input)
        try context.store.write { tx in
            try tx.update(NetworkACL.self, input["NetworkAclId"]?.string ?? "", in: context.regionalPartition) { acl in
                guard !acl.entries.contains(where: { $0.ruleNumber == entry.ruleNumber && $0.egress == entry.egress }) else {
                    throw AWSError("NetworkAclEntryAlreadyExists", "The network acl entry identified by \(entry.ruleNumber) already exists.")
                }
                // "Amazon VPC quotas": 20 rules per direction, counted separately for IPv4 and IPv6, the
                // default deny rules included.
                let sameFamily = acl.entries.filter { $0.egress == entry.egress && ($0.ipv6CidrBlock == nil) == (entry.ipv6CidrBlock == nil) }
                guard sameFamily.count < entriesPerDirection else {
                    throw AWSError("NetworkAclEntryLimitExceeded", "The maximum number of network ACL entries has been reached.")
                }
                acl.entries.append(entry)
            }
        }
        return [:]
    }

    static func replaceEntry(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let entry = try entry(input)
        try context.store.write { tx in
            try tx.update(NetworkACL.self, input["NetworkAclId"]?.string ?? "", in: context.regionalPartition) { acl in
                guard let index = acl.entries.firstIndex(where: { $0.ruleNumber == entry.ruleNumber && $0.egress == entry.egress }) else {
                    throw AWSError("InvalidNetworkAclEntry.NotFound", "The network acl entry identified by \(entry.ruleNumber) does not exist.")
                }
                acl.entries[index] = entry
            }
        }
        return [:]
    }

    static func deleteEntry(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let number = input["RuleNumber"]?.int ?? 0
        let egress = input["Egress"]?.bool ?? false
        guard NetworkACL.ruleNumbers.contains(number) else {
            throw EC2Errors.invalidParameterValue("Invalid value '\(number)' for ruleNumber. Rule number must be in the range 1..32766.")
        }
        try context.store.write { tx in
            try tx.update(NetworkACL.self, input["NetworkAclId"]?.string ?? "", in: context.regionalPartition) { acl in
                guard acl.entries.contains(where: { $0.ruleNumber == number && $0.egress == egress }) else {
                    throw AWSError("InvalidNetworkAclEntry.NotFound", "The network acl entry identified by \(number) does not exist.")
                }
                acl.entries.removeAll { $0.ruleNumber == number && $0.egress == egress }
            }
        }
        return [:]
    }

    // MARK: Associations

    static func replaceAssociation(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let associationId = input["AssociationId"]?.string ?? ""
        let partition = context.regionalPartition
        let newId = try context.store.write { tx in
            guard var old = tx.every(NetworkACL.self, in: partition).first(where: { $0.associations.contains { $0.id == associationId } }) else {
                throw AWSError("InvalidAssociationID.NotFound", "The association ID '\(associationId)' does not exist")
            }
            var new = try tx.load(NetworkACL.self, input["NetworkAclId"]?.string ?? "", in: partition)
            guard new.vpcId == old.vpcId else {
                throw EC2Errors.invalidParameterValue("Network ACL \(new.id) and subnet belong to different networks")
            }
            let subnetId = old.associations.first { $0.id == associationId }!.subnetId
            old.associations.removeAll { $0.id == associationId }
            tx.save(old, in: partition)
            if new.id == old.id { new = old }
            let association = NetworkACL.Association(id: context.ids.resourceId("aclassoc"), subnetId: subnetId)
            new.associations.append(association)
            tx.save(new, in: partition)
            return association.id
        }
        return ["NewAssociationId": .string(newId)]
    }
}
