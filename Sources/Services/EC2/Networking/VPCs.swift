import AWSWire
import NetworkModel
import NimbusCore
import State

/// CreateVpc, DeleteVpc, DescribeVpcs, the VPC attributes, secondary blocks and the default VPC
/// ("VPC CIDR blocks", "Default VPCs", "Amazon VPC quotas", EC2 API Reference).
enum VPCs {
    /// "Amazon VPC quotas": VPCs per Region.
    static let vpcsPerRegion = 5
    /// "Amazon VPC quotas": IPv4 CIDR blocks per VPC.
    static let ipv4BlocksPerVPC = 5

    static func parseBlock(_ text: String?, parameter: String = "cidrBlock") throws -> IPv4CIDR {
        guard let text else { throw EC2Errors.missingParameter(parameter) }
        guard let parsed = IPv4CIDR.parseAllowingHostBits(text) else { throw EC2Errors.invalidCIDR(text, parameter) }
        return parsed.cidr
    }

    /// An Amazon-provided /56 from a documentation-free public pool, distinct per VPC.
    static func amazonIPv6Block(_ context: RequestContext) -> String {
        let digits = context.ids.hex(6)
        let a = digits.prefix(4), b = digits.suffix(2)
        return "2600:1f18:\(a):\(b)00::/56"
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let block = try parseBlock(input["CidrBlock"]?.string)
        guard VPCAddressRules.vpcIPv4PrefixLengths.contains(block.prefixLength) else {
            throw AWSError("InvalidVpc.Range", "The CIDR '\(input["CidrBlock"]?.string ?? "")' is invalid.")
        }
        let tenancy = input["InstanceTenancy"]?.string ?? "default"
        guard ["default", "dedicated"].contains(tenancy) else {
            throw EC2Errors.invalidParameterValue("Value (\(tenancy)) for parameter instanceTenancy is invalid.")
        }
        let tags = try Tags.fromSpecifications(input, VPC.resourceType)
        let ipv6 = input["AmazonProvidedIpv6CidrBlock"]?.bool == true ? amazonIPv6Block(context) : nil
        let partition = context.regionalPartition
        let vpc = try context.store.write { tx in
            guard tx.all(VPC.self, in: partition).count < vpcsPerRegion else {
                throw AWSError("VpcLimitExceeded", "The maximum number of VPCs has been reached.")
            }
            return RegionNetwork.createVPC(&tx, context, cidr: block, ipv6: ipv6, isDefault: false, tenancy: tenancy, tags: tags)
        }
        return ["Vpc": output(vpc, context, ipv4State: "associated", ipv6State: "associating")]
    }

    static func output(_ vpc: VPC, _ context: RequestContext, ipv4State: String, ipv6State: String) -> AWSValue {
        context.store.read { view in
            let network = NetworkView(view, context)
            guard case .object(var members) = vpc.output(network) else { return .null }
            members["State"] = "pending"
            if !vpc.ipv6Blocks.isEmpty {
                members["Ipv6CidrBlockAssociationSet"] = .list(vpc.ipv6Blocks.map {
                    VPC.ipv6AssociationOutput($0, state: ipv6State, network: network)
                })
            }
            return .object(members)
        }
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(VPC.self, input, context, idsMember: "VpcIds", outputMember: "Vpcs")
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["VpcId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            let vpc = try tx.load(VPC.self, id, in: partition)
            // "Delete your VPC": everything inside must go first, except what came with the VPC.
            let blocking = tx.every(Subnet.self, in: partition).contains { $0.vpcId == id }
                || tx.every(InternetGateway.self, in: partition).contains { $0.vpcId == id }
                || tx.every(EgressOnlyInternetGateway.self, in: partition).contains { $0.vpcId == id }
                || tx.every(SecurityGroup.self, in: partition).contains { $0.vpcId == id && !$0.isDefault }
                || tx.every(RouteTable.self, in: partition).contains { $0.vpcId == id && !$0.isMain }
                || tx.every(NetworkACL.self, in: partition).contains { $0.vpcId == id && !$0.isDefault }
                || tx.every(NetworkInterface.self, in: partition).contains { $0.vpcId == id }
                || tx.every(NatGateway.self, in: partition).contains { $0.vpcId == id && $0.deleted == nil }
            guard !blocking else {
                throw EC2Errors.dependencyViolation("The vpc '\(id)' has dependencies and cannot be deleted.")
            }
            for table in tx.every(RouteTable.self, in: partition) where table.vpcId == id { tx.remove(RouteTable.self, table.id, in: partition) }
            for group in tx.every(SecurityGroup.self, in: partition) where group.vpcId == id { tx.remove(SecurityGroup.self, group.id, in: partition) }
            for acl in tx.every(NetworkACL.self, in: partition) where acl.vpcId == id { tx.remove(NetworkACL.self, acl.id, in: partition) }
            tx.remove(VPC.self, vpc.id, in: partition)
        }
        return [:]
    }

    static func createDefault(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let vpc = try context.store.write { tx in
            guard RegionNetwork.defaultVPC(tx.view, partition) == nil else {
                throw AWSError("DefaultVpcAlreadyExists", "A Default VPC already exists for this account in this region.")
            }
            guard tx.all(VPC.self, in: partition).count < vpcsPerRegion else {
                throw AWSError("VpcLimitExceeded", "The maximum number of VPCs has been reached.")
            }
            return try RegionNetwork.createDefaultVPC(&tx, context)
        }
        return ["Vpc": output(vpc, context, ipv4State: "associated", ipv6State: "associated")]
    }

    // MARK: Attributes

    /// The attributes ModifyVpcAttribute and DescribeVpcAttribute know, by member name.
    static var attributes: [(member: String, name: String, keyPath: WritableKeyPath<VPC, Bool>)] { [
        ("EnableDnsSupport", "enableDnsSupport", \.enableDnsSupport),
        ("EnableDnsHostnames", "enableDnsHostnames", \.enableDnsHostnames),
        ("EnableNetworkAddressUsageMetrics", "enableNetworkAddressUsageMetrics", \.enableNetworkAddressUsageMetrics),
    ] }

    static func modifyAttribute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let given = attributes.filter { input[$0.member] != nil }
        guard given.count == 1, let attribute = given.first else {
            if given.isEmpty { throw EC2Errors.missingParameter("attribute") }
            throw EC2Errors.invalidParameterCombination(
                "Fields for multiple attribute types specified: \(given.map(\.name).joined(separator: ", "))")
        }
        guard let value = input[attribute.member]?["Value"]?.bool else {
            throw EC2Errors.missingParameter("\(attribute.name).value")
        }
        try context.store.write { tx in
            try tx.update(VPC.self, input["VpcId"]?.string ?? "", in: context.regionalPartition) { vpc in
                // "DNS attributes for your VPC": hostnames need DNS resolution.
                if attribute.name == "enableDnsHostnames", value, !vpc.enableDnsSupport {
                    throw EC2Errors.invalidParameterValue(
                        "Cannot enable DNS hostnames: DNS resolution (enableDnsSupport) is not enabled for \(vpc.id).")
                }
                vpc[keyPath: attribute.keyPath] = value
            }
        }
        return [:]
    }

    static func describeAttribute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["Attribute"]?.string ?? ""
        guard let attribute = attributes.first(where: { $0.name == name }) else {
            throw EC2Errors.invalidParameterValue("Value (\(name)) for parameter attribute is invalid.")
        }
        let vpc = try context.store.read { try NetworkView($0, context).load(VPC.self, input["VpcId"]?.string ?? "") }
        return ["VpcId": .string(vpc.id), attribute.member: ["Value": .boolean(vpc[keyPath: attribute.keyPath])]]
    }

    // MARK: Secondary blocks

    static func associateCidrBlock(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["VpcId"]?.string ?? ""
        let partition = context.regionalPartition
        if input["AmazonProvidedIpv6CidrBlock"]?.bool == true {
            let association = try context.store.write { tx in
                var association = VPC.CIDRAssociation(associationId: context.ids.resourceId("vpc-cidr-assoc"), cidrBlock: "")
                try tx.update(VPC.self, id, in: partition) { vpc in
                    // "VPC CIDR blocks": up to five IPv6 blocks per VPC.
                    guard vpc.ipv6Blocks.count < 5 else {
                        throw AWSError("CidrLimitExceeded", "This network '\(id)' has met its maximum number of allowed CIDRs: 5")
                    }
                    association.cidrBlock = amazonIPv6Block(context)
                    vpc.ipv6Blocks.append(association)
                }
                return association
            }
            return context.store.read { view in
                ["VpcId": .string(id),
                 "Ipv6CidrBlockAssociation": VPC.ipv6AssociationOutput(association, state: "associating", network: NetworkView(view, context))]
            }
        }
        let text = input["CidrBlock"]?.string
        let block = try parseBlock(text)
        let association = try context.store.write { tx in
            let association = VPC.CIDRAssociation(associationId: context.ids.resourceId("vpc-cidr-assoc"), cidrBlock: block.description)
            try tx.update(VPC.self, id, in: partition) { vpc in
                guard vpc.cidrBlocks.count < ipv4BlocksPerVPC else {
                    throw AWSError("CidrLimitExceeded", "This network '\(id)' has met its maximum number of allowed CIDRs: \(ipv4BlocksPerVPC)")
                }
                do throws(VPCCIDRValidationError) {
                    try VPCAddressRules.validateSecondaryVPCIPv4Block(block, primary: vpc.primaryCIDR, existingBlocks: vpc.ipv4Blocks)
                } catch .overlaps(let existing) {
                    throw AWSError("InvalidVpc.Range", "The CIDR '\(block)' conflicts with another CIDR block '\(existing)' of the VPC.")
                } catch .invalidPrefixLength {
                    throw AWSError("InvalidVpc.Range", "The CIDR '\(text ?? "")' is invalid.")
                } catch {
                    throw AWSError("InvalidVpc.Range", "The CIDR '\(block)' is restricted: it cannot be associated with a VPC whose primary CIDR block is \(vpc.primaryCIDR).")
                }
                vpc.cidrBlocks.append(association)
            }
            // "Add IPv4 CIDR blocks to a VPC": each route table gets a local route for the new block.
            for var table in tx.every(RouteTable.self, in: partition) where table.vpcId == id {
                table.routes.insert(RouteTable.Route(destinationCidrBlock: block.description, target: .local, origin: "CreateRouteTable"),
                                    at: table.routes.lastIndex(where: \.isLocal).map { $0 + 1 } ?? 0)
                tx.save(table, in: partition)
            }
            return association
        }
        return ["VpcId": .string(id), "CidrBlockAssociation": VPC.ipv4AssociationOutput(association, state: "associating")]
    }

    static func disassociateCidrBlock(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let associationId = input["AssociationId"]?.string ?? ""
        let partition = context.regionalPartition
        return try context.store.write { tx in
            guard var vpc = tx.every(VPC.self, in: partition).first(where: { vpc in
                vpc.cidrBlocks.contains { $0.associationId == associationId } || vpc.ipv6Blocks.contains { $0.associationId == associationId }
            }) else {
                throw AWSError("InvalidVpcCidrBlockAssociationID.NotFound",
                               "The vpc CIDR block association ID '\(associationId)' does not exist")
            }
            let subnets = tx.every(Subnet.self, in: partition).filter { $0.vpcId == vpc.id }
            if let index = vpc.ipv6Blocks.firstIndex(where: { $0.associationId == associationId }) {
                let association = vpc.ipv6Blocks[index]
                guard !subnets.contains(where: { !$0.ipv6Blocks.isEmpty }) else {
                    throw EC2Errors.dependencyViolation("The vpc CIDR block '\(association.cidrBlock)' has dependencies and cannot be disassociated.")
                }
                vpc.ipv6Blocks.remove(at: index)
                tx.save(vpc, in: partition)
                let network = NetworkView(tx.view, context)
                return ["VpcId": .string(vpc.id),
                        "Ipv6CidrBlockAssociation": VPC.ipv6AssociationOutput(association, state: "disassociating", network: network)]
            }
            let index = vpc.cidrBlocks.firstIndex { $0.associationId == associationId }!
            let association = vpc.cidrBlocks[index]
            guard index != 0 else {
                throw AWSError("OperationNotPermitted", "The vpc CIDR block with association ID \(associationId) may not be disassociated. It is the primary IPv4 CIDR block of the VPC")
            }
            let block = IPv4CIDR(association.cidrBlock)!
            guard !subnets.contains(where: { block.contains($0.cidr) }) else {
                throw EC2Errors.dependencyViolation("The vpc CIDR block '\(block)' has dependencies and cannot be disassociated.")
            }
            vpc.cidrBlocks.remove(at: index)
            tx.save(vpc, in: partition)
            for var table in tx.every(RouteTable.self, in: partition) where table.vpcId == vpc.id {
                table.routes.removeAll { $0.isLocal && $0.destinationCidrBlock == association.cidrBlock }
                tx.save(table, in: partition)
            }
            return ["VpcId": .string(vpc.id), "CidrBlockAssociation": VPC.ipv4AssociationOutput(association, state: "disassociating")]
        }
    }
}
