import AWSWire
import NimbusCore
import State

/// Elastic IP addresses ("Elastic IP addresses", "Elastic IP address quota", EC2 API Reference).
enum ElasticIPs {
    static func allocate(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let domain = input["Domain"]?.string ?? "vpc"
        guard domain == "vpc" else {
            throw EC2Errors.invalidParameterValue("Value (\(domain)) for parameter domain is invalid. EC2-Classic is retired; use vpc.")
        }
        if let border = input["NetworkBorderGroup"]?.string, border != context.region {
            throw EC2Errors.invalidParameterValue("Invalid network border group '\(border)'")
        }
        if input["Address"] != nil {
            throw AWSError("InvalidAddress.NotFound", "Address '\(input["Address"]?.string ?? "")' not found.")
        }
        let tags = try Tags.fromSpecifications(input, ElasticAddress.resourceType)
        let partition = context.regionalPartition
        let address = try context.store.write { tx in
            guard tx.all(ElasticAddress.self, in: partition).count < ElasticAddress.quotaPerRegion else {
                throw AWSError("AddressLimitExceeded", "The maximum number of addresses has been reached.")
            }
            let id = context.ids.resourceId("eipalloc")
            let ip = try PublicIPPool.lease(&tx, account: context.account, region: context.region, holder: id)
            let address = ElasticAddress(id: id, publicIp: ip, tags: tags)
            tx.save(address, in: partition)
            return address
        }
        return ["PublicIp": .string(address.publicIp), "AllocationId": .string(address.id), "Domain": "vpc",
                "PublicIpv4Pool": "amazon", "NetworkBorderGroup": .string(context.region)]
    }

    /// The address a call names by `AllocationId` or `PublicIp`.
    static func find(_ input: AWSValue, _ tx: StoreTransaction, _ partition: Partition) throws -> ElasticAddress {
        if let id = input["AllocationId"]?.string { return try tx.load(ElasticAddress.self, id, in: partition) }
        guard let ip = input["PublicIp"]?.string else { throw EC2Errors.missingParameter("allocationId") }
        guard let address = tx.every(ElasticAddress.self, in: partition).first(where: { $0.publicIp == ip }) else {
            throw AWSError("InvalidAddress.NotFound", "Address '\(ip)' not found.")
        }
        return address
    }

    static func associate(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        // "AssociateAddress": in a VPC reassociation is automatic; `AllowReassociation=false` makes it fail instead.
        let allowReassociation = input["AllowReassociation"]?.bool ?? true
        let associationId = try context.store.write { tx in
            var address = try find(input, tx, partition)
            let interface: NetworkInterface
            if let id = input["NetworkInterfaceId"]?.string {
                interface = try tx.load(NetworkInterface.self, id, in: partition)
            } else if let instanceId = input["InstanceId"]?.string {
                guard let attached = tx.every(NetworkInterface.self, in: partition)
                    .first(where: { $0.attachment?.instanceId == instanceId && $0.attachment?.deviceIndex == 0 }) else {
                    throw AWSError("InvalidInstanceID.NotFound", "The instance ID '\(instanceId)' does not exist")
                }
                interface = attached
            } else {
                throw EC2Errors.missingParameter("instanceId or networkInterfaceId")
            }
            let privateIp = input["PrivateIpAddress"]?.string ?? interface.primaryPrivateIp
            guard interface.privateIps.contains(where: { $0.address == privateIp }) else {
                throw EC2Errors.invalidParameterValue("The private IP address \(privateIp) is not associated with the network interface \(interface.id).")
            }
            // "Elastic IP addresses": the VPC needs an internet gateway for a public address to reach anything.
            guard tx.every(InternetGateway.self, in: partition).contains(where: { $0.vpcId == interface.vpcId }) else {
                throw AWSError("Gateway.NotAttached", "Network \(interface.vpcId) is not attached to any internet gateway")
            }
            if let existing = address.associationId {
                guard allowReassociation else {
                    throw EC2Errors.alreadyAssociated("resource \(address.id) is already associated with associate-id \(existing)")
                }
            }
            // Another Elastic IP on the same private address is moved off only when reassociation is allowed.
            for var other in tx.every(ElasticAddress.self, in: partition)
            where other.id != address.id && other.networkInterfaceId == interface.id && other.privateIp == privateIp {
                guard allowReassociation else {
                    throw EC2Errors.alreadyAssociated("The private IP address \(privateIp) of \(interface.id) already has an Elastic IP address associated.")
                }
                other.disassociate()
                tx.save(other, in: partition)
            }
            address.associationId = context.ids.resourceId("eipassoc")
            address.networkInterfaceId = interface.id
            address.privateIp = privateIp
            address.instanceId = interface.attachment?.instanceId
            tx.save(address, in: partition)
            return address.associationId!
        }
        return ["AssociationId": .string(associationId)]
    }

    static func disassociate(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            var address: ElasticAddress
            if let associationId = input["AssociationId"]?.string {
                guard let found = tx.every(ElasticAddress.self, in: partition).first(where: { $0.associationId == associationId }) else {
                    throw AWSError("InvalidAssociationID.NotFound", "The association ID '\(associationId)' does not exist")
                }
                address = found
            } else {
                address = try find(input, tx, partition)
            }
            if let interfaceId = address.networkInterfaceId, tx.get(NetworkInterface.self, interfaceId, in: partition)?.interfaceType == "nat_gateway" {
                throw AWSError("InvalidIPAddress.InUse", "Address \(address.publicIp) is in use by a NAT gateway.")
            }
            address.disassociate()
            tx.save(address, in: partition)
        }
        return [:]
    }

    static func release(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            let address = try find(input, tx, partition)
            guard address.associationId == nil else {
                throw AWSError("InvalidIPAddress.InUse", "Address \(address.publicIp) is in use.")
            }
            PublicIPPool.release(&tx, address.publicIp)
            tx.remove(ElasticAddress.self, address.id, in: partition)
        }
        return [:]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let ips = input["PublicIps"]?.strings ?? []
        guard !ips.isEmpty else {
            return try EC2Describe.describe(ElasticAddress.self, input, context, idsMember: "AllocationIds", outputMember: "Addresses")
        }
        let known = context.store.read { NetworkView($0, context).all(ElasticAddress.self).map(\.publicIp) }
        if let missing = ips.first(where: { !known.contains($0) }) {
            throw AWSError("InvalidAddress.NotFound", "Address '\(missing)' not found.")
        }
        return try EC2Describe.describe(ElasticAddress.self, input, context, idsMember: "AllocationIds", outputMember: "Addresses") { address, _ in
            ips.contains(address.publicIp)
        }
    }
}
