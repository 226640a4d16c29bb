import AWSWire
import NetworkModel
import NimbusCore
import State

/// CreateSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute and the subnet's IPv6 block
/// ("Subnet CIDR blocks", "Amazon VPC quotas", EC2 API Reference).
enum Subnets {
    /// "Amazon VPC quotas": subnets per VPC.
    static let subnetsPerVPC = 200

    static func zone(_ input: AWSValue, _ context: RequestContext, existing: Int) throws -> AvailabilityZone {
        let zones = (RegionCatalog.region(named: context.region)?.zones ?? []).filter(\.isAvailabilityZone)
        if let name = input["AvailabilityZone"]?.string ?? input["AvailabilityZoneId"]?.string {
            guard let zone = zones.first(where: { $0.name == name || $0.id == name }) else {
                let parameter = input["AvailabilityZone"] != nil ? "availabilityZone" : "availabilityZoneId"
                throw EC2Errors.invalidParameterValue(
                    "Value (\(name)) for parameter \(parameter) is invalid. Subnets can currently only be created in the following availability zones: \(zones.map(\.name).joined(separator: ", ")).")
            }
            return zone
        }
        // AWS picks a zone when none is named; Nimbus spreads a VPC's subnets over the default zones in turn.
        let choices = RegionNetwork.defaultZones(context.region)
        guard !choices.isEmpty else { throw EC2Errors.invalidParameterValue("No Availability Zone is available in \(context.region).") }
        return choices[existing % choices.count]
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let vpcId = input["VpcId"]?.string ?? ""
        let text = input["CidrBlock"]?.string
        let block = try VPCs.parseBlock(text)
        let ipv6Text = input["Ipv6CidrBlock"]?.string
        let tags = try Tags.fromSpecifications(input, Subnet.resourceType)
        let partition = context.regionalPartition
        let subnet = try context.store.write { tx in
            let vpc = try tx.load(VPC.self, vpcId, in: partition)
            let siblings = tx.every(Subnet.self, in: partition).filter { $0.vpcId == vpcId }
            guard siblings.count < subnetsPerVPC else {
                throw AWSError("SubnetLimitExceeded", "The maximum number of subnets for VPC \(vpcId) has been reached.")
            }
            do throws(VPCCIDRValidationError) {
                try VPCAddressRules.validateSubnetIPv4Block(block, vpcBlocks: vpc.ipv4Blocks, existingSubnets: siblings.map(\.cidr))
            } catch .overlaps {
                throw AWSError("InvalidSubnet.Conflict", "The CIDR '\(text ?? "")' conflicts with another subnet")
            } catch {
                throw AWSError("InvalidSubnet.Range", "The CIDR '\(text ?? "")' is invalid.")
            }
            let zone = try zone(input, context, existing: siblings.count)
            var subnet = Subnet(id: context.ids.resourceId("subnet"), vpcId: vpcId, ownerId: context.account,
                                cidrBlock: block.description, availabilityZone: zone.name, availabilityZoneId: zone.id,
                                tags: tags)
            if let ipv6Text {
                subnet.ipv6Blocks = [try ipv6Block(ipv6Text, vpc: vpc, siblings: siblings, context)]
            }
            try RegionNetwork.addSubnet(&tx, subnet, partition, context)
            return subnet
        }
        return ["Subnet": context.store.read { view in
            guard case .object(var members) = subnet.output(NetworkView(view, context)) else { return .null }
            members["State"] = "available"
            return .object(members)
        }]
    }

    /// "Create a default subnet": a /20 of the default VPC, in a zone that has none, public on launch.
    static func createDefault(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let subnet = try context.store.write { tx in
            guard let vpc = RegionNetwork.defaultVPC(tx.view, partition) else {
                throw AWSError("DefaultVpcDoesNotExist", "No default VPC exists for this account in this region.")
            }
            let siblings = tx.every(Subnet.self, in: partition).filter { $0.vpcId == vpc.id }
            let zone = try zone(input, context, existing: siblings.count)
            guard !siblings.contains(where: { $0.defaultForAz && $0.availabilityZone == zone.name }) else {
                throw AWSError("DefaultSubnetAlreadyExistsInAvailabilityZone",
                               "A default subnet already exists in availability zone \(zone.name).")
            }
            let taken = siblings.map(\.cidr)
            guard let block = vpc.primaryCIDR.subBlocks(prefixLength: RegionNetwork.defaultSubnetPrefixLength)
                .first(where: { candidate in !taken.contains { $0.overlaps(candidate) } }) else {
                throw AWSError("InsufficientFreeAddressesInSubnet", "No /20 block is free in the default VPC \(vpc.id).")
            }
            let subnet = Subnet(id: context.ids.resourceId("subnet"), vpcId: vpc.id, ownerId: context.account,
                                cidrBlock: block.description, availabilityZone: zone.name, availabilityZoneId: zone.id,
                                defaultForAz: true, mapPublicIpOnLaunch: true)
            try RegionNetwork.addSubnet(&tx, subnet, partition, context)
            return subnet
        }
        return ["Subnet": context.store.read { subnet.output(NetworkView($0, context)) }]
    }

    /// Checks a subnet's IPv6 block: a /64 inside the VPC's IPv6 blocks, overlapping no other subnet's.
    static func ipv6Block(_ text: String, vpc: VPC, siblings: [Subnet], _ context: RequestContext) throws -> VPC.CIDRAssociation {
        guard let parsed = IPv6CIDR.parseAllowingHostBits(text) else { throw EC2Errors.invalidCIDR(text, "ipv6CidrBlock") }
        do throws(VPCCIDRValidationError) {
            try VPCAddressRules.validateSubnetIPv6Block(parsed.cidr, vpcBlocks: vpc.ipv6CIDRs,
                                                        existingSubnets: siblings.flatMap { $0.ipv6Blocks.compactMap { IPv6CIDR($0.cidrBlock) } })
        } catch .overlaps {
            throw AWSError("InvalidSubnet.Conflict", "The CIDR '\(text)' conflicts with another subnet")
        } catch {
            throw AWSError("InvalidSubnet.Range", "The CIDR '\(text)' is invalid.")
        }
        return VPC.CIDRAssociation(associationId: context.ids.resourceId("subnet-cidr-assoc"), cidrBlock: parsed.cidr.description)
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(Subnet.self, input, context, idsMember: "SubnetIds", outputMember: "Subnets")
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["SubnetId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            _ = try tx.load(Subnet.self, id, in: partition)
            guard !tx.every(NetworkInterface.self, in: partition).contains(where: { $0.subnetId == id }),
                  !tx.every(NatGateway.self, in: partition).contains(where: { $0.subnetId == id && $0.deleted == nil }) else {
                throw EC2Errors.dependencyViolation("The subnet '\(id)' has dependencies and cannot be deleted.")
            }
            for var table in tx.every(RouteTable.self, in: partition) where table.associations.contains(where: { $0.subnetId == id }) {
                table.associations.removeAll { $0.subnetId == id }
                tx.save(table, in: partition)
            }
            for var acl in tx.every(NetworkACL.self, in: partition) where acl.associations.contains(where: { $0.subnetId == id }) {
                acl.associations.removeAll { $0.subnetId == id }
                tx.save(acl, in: partition)
            }
            tx.remove(Subnet.self, id, in: partition)
        }
        return [:]
    }

    /// The boolean attributes ModifySubnetAttribute sets one at a time.
    static var attributes: [(member: String, keyPath: WritableKeyPath<Subnet, Bool>)] { [
        ("MapPublicIpOnLaunch", \.mapPublicIpOnLaunch),
        ("AssignIpv6AddressOnCreation", \.assignIpv6AddressOnCreation),
        ("EnableDns64", \.enableDns64),
        ("EnableResourceNameDnsARecordOnLaunch", \.enableResourceNameDnsARecord),
        ("EnableResourceNameDnsAAAARecordOnLaunch", \.enableResourceNameDnsAAAARecord),
    ] }

    static func modifyAttribute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let given = attributes.filter { input[$0.member] != nil }
        let hostnameType = input["PrivateDnsHostnameTypeOnLaunch"]?.string
        guard given.count + (hostnameType == nil ? 0 : 1) == 1 else {
            if given.isEmpty && hostnameType == nil { throw EC2Errors.missingParameter("attribute") }
            throw EC2Errors.invalidParameterCombination("Fields for multiple attribute types specified")
        }
        try context.store.write { tx in
            try tx.update(Subnet.self, input["SubnetId"]?.string ?? "", in: context.regionalPartition) { subnet in
                if let hostnameType {
                    guard ["ip-name", "resource-name"].contains(hostnameType) else {
                        throw EC2Errors.invalidParameterValue("Value (\(hostnameType)) for parameter privateDnsHostnameTypeOnLaunch is invalid.")
                    }
                    subnet.hostnameType = hostnameType
                    return
                }
                let attribute = given[0]
                guard let value = input[attribute.member]?["Value"]?.bool else {
                    throw EC2Errors.missingParameter("\(attribute.member).Value")
                }
                if attribute.member == "AssignIpv6AddressOnCreation", value, subnet.ipv6Blocks.isEmpty {
                    throw EC2Errors.invalidParameterValue(
                        "Invalid value 'true' for assignIpv6AddressOnCreation. Cannot set assignIpv6AddressOnCreation to true unless the subnet (\(subnet.id)) has an IPv6 CIDR block associated with it.")
                }
                subnet[keyPath: attribute.keyPath] = value
            }
        }
        return [:]
    }

    static func associateCidrBlock(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["SubnetId"]?.string ?? ""
        let text = input["Ipv6CidrBlock"]?.string ?? ""
        let partition = context.regionalPartition
        let association = try context.store.write { tx in
            var subnet = try tx.load(Subnet.self, id, in: partition)
            guard subnet.ipv6Blocks.isEmpty else {
                throw EC2Errors.invalidParameterValue("The subnet \(id) already has an IPv6 CIDR block associated with it.")
            }
            let vpc = try tx.load(VPC.self, subnet.vpcId, in: partition)
            let siblings = tx.every(Subnet.self, in: partition).filter { $0.vpcId == vpc.id && $0.id != id }
            let association = try ipv6Block(text, vpc: vpc, siblings: siblings, context)
            subnet.ipv6Blocks = [association]
            tx.save(subnet, in: partition)
            return association
        }
        return ["SubnetId": .string(id), "Ipv6CidrBlockAssociation": [
            "AssociationId": .string(association.associationId), "Ipv6CidrBlock": .string(association.cidrBlock),
            "Ipv6CidrBlockState": ["State": "associating"],
        ]]
    }

    static func disassociateCidrBlock(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let associationId = input["AssociationId"]?.string ?? ""
        let partition = context.regionalPartition
        return try context.store.write { tx in
            guard var subnet = tx.every(Subnet.self, in: partition).first(where: { $0.ipv6Blocks.contains { $0.associationId == associationId } }) else {
                throw AWSError("InvalidSubnetCidrBlockAssociationID.NotFound",
                               "The subnet CIDR block with association ID '\(associationId)' does not exist")
            }
            let association = subnet.ipv6Blocks.removeFirst()
            subnet.assignIpv6AddressOnCreation = false
            tx.save(subnet, in: partition)
            return ["SubnetId": .string(subnet.id), "Ipv6CidrBlockAssociation": [
                "AssociationId": .string(association.associationId), "Ipv6CidrBlock": .string(association.cidrBlock),
                "Ipv6CidrBlockState": ["State": "disassociating"],
            ]]
        }
    }
}
