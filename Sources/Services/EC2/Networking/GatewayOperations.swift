import AWSWire
import Foundation
import NimbusCore
import State

/// Internet gateways, egress-only internet gateways and NAT gateways (EC2 API Reference;
/// "Enable internet access for a VPC using an internet gateway", "NAT gateways").
enum InternetGateways {
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let gateway = InternetGateway(id: context.ids.resourceId("igw"), ownerId: context.account,
                                      tags: try Tags.fromSpecifications(input, InternetGateway.resourceType))
        try context.store.write { tx in tx.save(gateway, in: context.regionalPartition) }
        return ["InternetGateway": context.store.read { gateway.output(NetworkView($0, context)) }]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(InternetGateway.self, input, context, idsMember: "InternetGatewayIds", outputMember: "InternetGateways")
    }

    static func attach(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["InternetGatewayId"]?.string ?? ""
        let vpcId = input["VpcId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            var gateway = try tx.load(InternetGateway.self, id, in: partition)
            _ = try tx.load(VPC.self, vpcId, in: partition)
            if let attached = gateway.vpcId {
                throw EC2Errors.alreadyAssociated("resource \(id) is already attached to network \(attached)")
            }
            if tx.every(InternetGateway.self, in: partition).contains(where: { $0.vpcId == vpcId }) {
                throw EC2Errors.invalidParameterValue("Network \(vpcId) already has an internet gateway attached")
            }
            gateway.vpcId = vpcId
            tx.save(gateway, in: partition)
        }
        return [:]
    }

    static func detach(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["InternetGatewayId"]?.string ?? ""
        let vpcId = input["VpcId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            var gateway = try tx.load(InternetGateway.self, id, in: partition)
            guard gateway.vpcId == vpcId else {
                throw AWSError("Gateway.NotAttached", "resource \(id) is not attached to network \(vpcId)")
            }
            // "Detach an internet gateway": public addresses in the VPC must be released or disassociated first.
            let interfaces = tx.every(NetworkInterface.self, in: partition).filter { $0.vpcId == vpcId }
            let interfaceIds = Set(interfaces.map(\.id))
            let mapped = interfaces.contains { $0.publicIp != nil }
                || tx.every(ElasticAddress.self, in: partition).contains { $0.networkInterfaceId.map(interfaceIds.contains) ?? false }
            guard !mapped else {
                throw EC2Errors.dependencyViolation(
                    "Network \(vpcId) has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.")
            }
            gateway.vpcId = nil
            tx.save(gateway, in: partition)
        }
        return [:]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["InternetGatewayId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            let gateway = try tx.load(InternetGateway.self, id, in: partition)
            guard gateway.vpcId == nil else {
                throw EC2Errors.dependencyViolation("The internetGateway '\(id)' has dependencies and cannot be deleted.")
            }
            tx.remove(InternetGateway.self, id, in: partition)
        }
        return [:]
    }
}

enum EgressOnlyInternetGateways {
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let tags = try Tags.fromSpecifications(input, EgressOnlyInternetGateway.resourceType)
        let gateway = try context.store.write { tx in
            let vpc = try tx.load(VPC.self, input["VpcId"]?.string ?? "", in: partition)
            let gateway = EgressOnlyInternetGateway(id: context.ids.resourceId("eigw"), vpcId: vpc.id, tags: tags)
            tx.save(gateway, in: partition)
            return gateway
        }
        return .structure([
            "EgressOnlyInternetGateway": context.store.read { gateway.output(NetworkView($0, context)) },
            "ClientToken": input["ClientToken"],
        ])
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try EC2Describe.describe(EgressOnlyInternetGateway.self, input, context,
                                 idsMember: "EgressOnlyInternetGatewayIds", outputMember: "EgressOnlyInternetGateways")
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["EgressOnlyInternetGatewayId"]?.string ?? ""
        try context.store.write { tx in
            _ = try tx.load(EgressOnlyInternetGateway.self, id, in: context.regionalPartition)
            tx.remove(EgressOnlyInternetGateway.self, id, in: context.regionalPartition)
        }
        return ["ReturnCode": true]
    }
}

enum NatGateways {
    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let subnetId = input["SubnetId"]?.string ?? ""
        let connectivity = input["ConnectivityType"]?.string ?? "public"
        let allocationId = input["AllocationId"]?.string
        let tags = try Tags.fromSpecifications(input, NatGateway.resourceType)
        if connectivity == "public", allocationId == nil {
            throw EC2Errors.missingParameter("AllocationId")
        }
        if connectivity == "private", allocationId != nil {
            throw EC2Errors.invalidParameterCombination("A private NAT gateway cannot have an Elastic IP address (AllocationId).")
        }
        let partition = context.regionalPartition
        let gateway = try context.store.write { tx in
            var subnet = try tx.load(Subnet.self, subnetId, in: partition)
            var address = try allocationId.map { try tx.load(ElasticAddress.self, $0, in: partition) }
            if let address, address.associationId != nil {
                throw EC2Errors.alreadyAssociated("Elastic IP address [\(address.id)] is already associated")
            }
            let privateIp = try input["PrivateIpAddress"]?.string.map { try subnet.take($0) } ?? subnet.takeNextAddress()
            guard let privateIp else {
                throw AWSError("InsufficientFreeAddressesInSubnet", "The specified subnet \(subnetId) has no free addresses.")
            }
            tx.save(subnet, in: partition)
            let id = context.ids.resourceId("nat")
            let interface = NetworkInterface(
                id: context.ids.resourceId("eni"), subnetId: subnet.id, vpcId: subnet.vpcId,
                availabilityZone: subnet.availabilityZone, ownerId: context.account,
                description: "Interface for NAT Gateway \(id)",
                privateIps: [.init(address: privateIp.description, primary: true)], groups: [],
                macAddress: NetworkInterfaces.macAddress(context), sourceDestCheck: false, interfaceType: "nat_gateway",
                requesterManaged: true, requesterId: "amazon-vpc-nat")
            tx.save(interface, in: partition)
            var gateway = NatGateway(id: id, subnetId: subnet.id, vpcId: subnet.vpcId, connectivityType: connectivity,
                                     networkInterfaceId: interface.id, privateIp: privateIp.description, created: context.now,
                                     tags: tags)
            if var chosen = address {
                chosen.associationId = context.ids.resourceId("eipassoc")
                chosen.networkInterfaceId = interface.id
                chosen.privateIp = privateIp.description
                tx.save(chosen, in: partition)
                address = chosen
                gateway.allocationId = chosen.id
                gateway.publicIp = chosen.publicIp
                gateway.associationId = chosen.associationId
            }
            tx.save(gateway, in: partition)
            return gateway
        }
        return .structure(["NatGateway": gateway.output(state: "pending"), "ClientToken": input["ClientToken"]])
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let now = context.now
        return try EC2Describe.describe(NatGateway.self, input, context, idsMember: "NatGatewayIds", outputMember: "NatGateways") { gateway, _ in
            gateway.deleted.map { now.timeIntervalSince($0) < NatGateway.deletedVisibility } ?? true
        }
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["NatGatewayId"]?.string ?? ""
        let partition = context.regionalPartition
        try context.store.write { tx in
            var gateway = try tx.load(NatGateway.self, id, in: partition)
            guard gateway.deleted == nil else { return }
            gateway.deleted = context.now
            tx.save(gateway, in: partition)
            // The gateway's interface goes, its address returns to the subnet, its Elastic IP is disassociated.
            if let allocationId = gateway.allocationId, var address = tx.get(ElasticAddress.self, allocationId, in: partition) {
                address.disassociate()
                tx.save(address, in: partition)
            }
            if var subnet = tx.get(Subnet.self, gateway.subnetId, in: partition) {
                subnet.release(gateway.privateIp)
                tx.save(subnet, in: partition)
            }
            tx.remove(NetworkInterface.self, gateway.networkInterfaceId, in: partition)
        }
        return ["NatGatewayId": .string(id)]
    }
}
