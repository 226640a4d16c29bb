import AWSWire
import NetworkModel
import NimbusCore
import State

/// Network interfaces and their private addresses ("Elastic network interfaces", "Amazon VPC quotas",
/// EC2 API Reference). Attaching to instances is the compute issue's work.
enum NetworkInterfaces {
    /// "Amazon VPC quotas": network interfaces per Region, security groups per interface.
    static let interfacesPerRegion = 5000
    static let groupsPerInterface = 5

    /// A locally administered unicast MAC address (`02:` then five random bytes), as AWS's look.
    static func macAddress(_ context: RequestContext) -> String {
        let hex = Array(context.ids.hex(10))
        return "02:" + stride(from: 0, to: 10, by: 2).map { String(hex[$0..<$0 + 2]) }.joined(separator: ":")
    }

    /// Checks security group IDs for an interface in `vpcId` (the VPC's default group when none is given).
    static func groups(_ ids: [String], vpcId: String, _ network: NetworkView) throws -> [String] {
        if ids.isEmpty {
            return network.all(SecurityGroup.self).first { $0.vpcId == vpcId && $0.isDefault }.map { [$0.id] } ?? []
        }
        guard ids.count <= groupsPerInterface else {
            throw AWSError("SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached.")
        }
        for id in ids {
            let group = try network.load(SecurityGroup.self, id)
            guard group.vpcId == vpcId else {
                throw EC2Errors.invalidParameterValue("security group \(id) and subnet belong to different networks.")
            }
        }
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }

    /// Takes the addresses a call asks for: chosen ones first, then `count` more, lowest free first.
    static func takeAddresses(_ subnet: inout Subnet, chosen: [String], count: Int) throws -> [String] {
        var taken = try chosen.map { try subnet.take($0).description }
        for _ in 0..<count {
            guard let address = subnet.takeNextAddress() else {
                throw AWSError("InsufficientFreeAddressesInSubnet", "The specified subnet \(subnet.id) does not have enough free addresses to satisfy the request.")
            }
            taken.append(address.description)
        }
        return taken
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let tags = try Tags.fromSpecifications(input, NetworkInterface.resourceType)
        let listed = (input["PrivateIpAddresses"]?.list ?? []).map {
            (address: $0["PrivateIpAddress"]?.string ?? "", primary: $0["Primary"]?.bool ?? false)
        }
        let primaryChoice = input["PrivateIpAddress"]?.string ?? listed.first(where: \.primary)?.address
        let secondaryChoices = listed.filter { $0.address != primaryChoice }.map(\.address)
        let secondaryCount = input["SecondaryPrivateIpAddressCount"]?.int ?? 0
        guard secondaryCount >= 0 else {
            throw EC2Errors.invalidParameterValue("Value (\(secondaryCount)) for parameter secondaryPrivateIpAddressCount is invalid.")
        }
        let interfaceType = input["InterfaceType"]?.string ?? "interface"
        let interface = try context.store.write { tx in
            var subnet = try tx.load(Subnet.self, input["SubnetId"]?.string ?? "", in: partition)
            guard tx.all(NetworkInterface.self, in: partition).count < interfacesPerRegion else {
                throw AWSError("NetworkInterfaceLimitExceeded", "The maximum number of network interfaces has been reached.")
            }
            let network = NetworkView(tx.view, context)
            let groups = try groups(input["Groups"]?.strings ?? [], vpcId: subnet.vpcId, network)
            let primary = try takeAddresses(&subnet, chosen: primaryChoice.map { [$0] } ?? [], count: primaryChoice == nil ? 1 : 0)
            let secondary = try takeAddresses(&subnet, chosen: secondaryChoices, count: secondaryCount)
            let ipv6 = try ipv6Addresses(input, subnet: subnet, context)
            tx.save(subnet, in: partition)
            let interface = NetworkInterface(
                id: context.ids.resourceId("eni"), subnetId: subnet.id, vpcId: subnet.vpcId,
                availabilityZone: subnet.availabilityZone, ownerId: context.account,
                description: input["Description"]?.string ?? "",
                privateIps: primary.map { .init(address: $0, primary: true) } + secondary.map { .init(address: $0, primary: false) },
                ipv6Addresses: ipv6, groups: groups, macAddress: macAddress(context), interfaceType: interfaceType, tags: tags)
            tx.save(interface, in: partition)
            return interface
        }
        return .structure([
            "NetworkInterface": context.store.read { interface.output(NetworkView($0, context)) },
            "ClientToken": input["ClientToken"],
        ])
    }

    /// IPv6 addresses from the subnet's /64: the ones listed, or `Ipv6AddressCount` drawn at random.
    static func ipv6Addresses(_ input: AWSValue, subnet: Subnet, _ context: RequestContext) throws -> [String] {
        let listed = (input["Ipv6Addresses"]?.list ?? []).compactMap { $0["Ipv6Address"]?.string }
        let count = input["Ipv6AddressCount"]?.int ?? 0
        guard !listed.isEmpty || count > 0 else { return [] }
        guard let block = subnet.ipv6Blocks.first.flatMap({ IPv6CIDR($0.cidrBlock) }) else {
            throw EC2Errors.invalidParameterValue("The subnet \(subnet.id) has no IPv6 CIDR block.")
        }
        for address in listed {
            guard let parsed = IPv6Address(address), block.contains(parsed) else {
                throw EC2Errors.invalidParameterValue("Address \(address) does not fall within the subnet's IPv6 range")
            }
        }
        let drawn = (0..<count).map { _ in
            IPv6Address(block.network.value | UInt128(context.ids.next() & 0xFFFF_FFFF_FFFF)).description
        }
        return listed + drawn
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(NetworkInterface.self, input, context, idsMember: "NetworkInterfaceIds", outputMember: "NetworkInterfaces")
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["NetworkInterfaceId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            let interface = try tx.load(NetworkInterface.self, id, in: partition)
            guard interface.attachment == nil, !interface.requesterManaged else {
                throw AWSError("InvalidNetworkInterface.InUse", "Interface: [\(id)] in use.")
            }
            try release(interface, &tx, partition)
        }
        return [:]
    }

    /// Removes an interface: its addresses return to the subnet, its Elastic IPs are disassociated.
    static func release(_ interface: NetworkInterface, _ tx: inout StoreTransaction, _ partition: Partition) throws {
        if var subnet = tx.get(Subnet.self, interface.subnetId, in: partition) {
            for ip in interface.privateIps { subnet.release(ip.address) }
            tx.save(subnet, in: partition)
        }
        for var address in tx.every(ElasticAddress.self, in: partition) where address.networkInterfaceId == interface.id {
            address.disassociate()
            tx.save(address, in: partition)
        }
        if let publicIp = interface.publicIp { PublicIPPool.release(&tx, publicIp) }
        tx.remove(NetworkInterface.self, interface.id, in: partition)
    }

    static func assignPrivateIps(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let chosen = input["PrivateIpAddresses"]?.strings ?? []
        let count = input["SecondaryPrivateIpAddressCount"]?.int ?? 0
        guard !chosen.isEmpty || count > 0 else { throw EC2Errors.missingParameter("privateIpAddresses or secondaryPrivateIpAddressCount") }
        let (id, assigned) = try context.store.write { tx in
            var interface = try tx.load(NetworkInterface.self, input["NetworkInterfaceId"]?.string ?? "", in: partition)
            var subnet = try tx.load(Subnet.self, interface.subnetId, in: partition)
            let assigned = try takeAddresses(&subnet, chosen: chosen, count: count)
            interface.privateIps += assigned.map { .init(address: $0, primary: false) }
            tx.save(subnet, in: partition)
            tx.save(interface, in: partition)
            return (interface.id, assigned)
        }
        return ["NetworkInterfaceId": .string(id),
                "AssignedPrivateIpAddresses": .list(assigned.map { ["PrivateIpAddress": .string($0)] })]
    }

    static func unassignPrivateIps(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let addresses = input["PrivateIpAddresses"]?.strings ?? []
        try context.store.write { tx in
            var interface = try tx.load(NetworkInterface.self, input["NetworkInterfaceId"]?.string ?? "", in: partition)
            for address in addresses {
                guard let ip = interface.privateIps.first(where: { $0.address == address }) else {
                    throw EC2Errors.invalidParameterValue("Some of the specified addresses are not assigned to interface \(interface.id)")
                }
                guard !ip.primary else {
                    throw EC2Errors.invalidParameterValue("The primary private IP address \(address) of interface \(interface.id) cannot be unassigned.")
                }
            }
            var subnet = try tx.load(Subnet.self, interface.subnetId, in: partition)
            for address in addresses { subnet.release(address) }
            interface.privateIps.removeAll { addresses.contains($0.address) }
            for var elastic in tx.every(ElasticAddress.self, in: partition)
            where elastic.networkInterfaceId == interface.id && addresses.contains(elastic.privateIp ?? "") {
                elastic.disassociate()
                tx.save(elastic, in: partition)
            }
            tx.save(subnet, in: partition)
            tx.save(interface, in: partition)
        }
        return [:]
    }

    static func modifyAttribute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            let network = NetworkView(tx.view, context)
            var interface = try tx.load(NetworkInterface.self, input["NetworkInterfaceId"]?.string ?? "", in: partition)
            if let description = input["Description"]?["Value"]?.string { interface.description = description }
            if let check = input["SourceDestCheck"]?["Value"]?.bool { interface.sourceDestCheck = check }
            if let ids = input["Groups"]?.strings, !ids.isEmpty {
                interface.groups = try groups(ids, vpcId: interface.vpcId, network)
            }
            if let attachment = input["Attachment"], let flag = attachment["DeleteOnTermination"]?.bool {
                guard interface.attachment?.id == attachment["AttachmentId"]?.string else {
                    throw AWSError("InvalidAttachmentID.NotFound", "The attachment ID '\(attachment["AttachmentId"]?.string ?? "")' does not exist")
                }
                interface.attachment?.deleteOnTermination = flag
            }
            tx.save(interface, in: partition)
        }
        return [:]
    }

    static func describeAttribute(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let attribute = input["Attribute"]?.string ?? ""
        return try context.store.read { view in
            let network = NetworkView(view, context)
            let interface = try network.load(NetworkInterface.self, input["NetworkInterfaceId"]?.string ?? "")
            guard case .object(let full) = interface.output(network) else { return [:] }
            let member: String
            switch attribute {
            case "description": return ["NetworkInterfaceId": .string(interface.id), "Description": ["Value": .string(interface.description)]]
            case "sourceDestCheck": return ["NetworkInterfaceId": .string(interface.id), "SourceDestCheck": ["Value": .boolean(interface.sourceDestCheck)]]
            case "groupSet": member = "Groups"
            case "attachment": member = "Attachment"
            default: throw EC2Errors.invalidParameterValue("Value (\(attribute)) for parameter attribute is invalid.")
            }
            return .structure(["NetworkInterfaceId": .string(interface.id), member: full[member]])
        }
    }
}
