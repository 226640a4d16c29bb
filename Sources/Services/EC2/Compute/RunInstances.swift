import AWSWire
import Foundation
import NetworkModel
import NimbusCore
import State

/// RunInstances ("RunInstances", EC2 API Reference; "Launch an instance", EC2 User Guide): the image and type
/// (architectures must match), where the primary interface goes (a subnet, or the default VPC's subnet in the
/// zone asked for), its address, groups and public address, the key pair, user data, the instance profile,
/// block devices, tags and ClientToken idempotency.
enum RunInstances {
    /// "Instance user data": at most 16 KB, before base64 encoding.
    static let userDataLimit = 16 * 1024

    /// Remembers a ClientToken's reservation so a retried launch answers the first one ("Ensuring idempotency").
    struct ClientTokenRecord: Resource {
        static let kind = "ec2.client-token"
        var reservationId: String
        var instanceIds: [String]
        /// The request's parameters, canonical: the same token with other parameters is a mismatch.
        var parameters: String?
    }

    /// A stable text of a request's parameters (sorted keys), without the token itself.
    static func canonical(_ value: AWSValue) -> String {
        switch value {
        case .object(let members):
            return "{" + members.keys.sorted().filter { $0 != "ClientToken" }.map { "\($0)=\(canonical(members[$0]!))" }.joined(separator: ",") + "}"
        case .list(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .string(let text): return "\"" + text + "\""
        default: return "\(value)"
        }
    }

    /// The primary interface a launch asks for.
    struct InterfaceRequest {
        var subnetId: String?
        var existingInterfaceId: String?
        var groupIds: [String]
        var groupNames: [String]
        var privateIp: String?
        var secondaryCount: Int
        var associatePublicIp: Bool?
        var deleteOnTermination: Bool
    }

    static func interfaceRequest(_ input: AWSValue) throws -> InterfaceRequest {
        let specs = input["NetworkInterfaces"]?.list ?? []
        if let primary = specs.first(where: { ($0["DeviceIndex"]?.int ?? 0) == 0 }) ?? specs.first {
            if input["SubnetId"] != nil {
                throw EC2Errors.invalidParameterCombination("Network interfaces and an instance-level subnet ID may not be specified on the same request")
            }
            if input["SecurityGroupIds"] != nil || input["SecurityGroups"] != nil {
                throw EC2Errors.invalidParameterCombination("Network interfaces and an instance-level security groups may not be specified on the same request")
            }
            return InterfaceRequest(subnetId: primary["SubnetId"]?.string, existingInterfaceId: primary["NetworkInterfaceId"]?.string,
                                    groupIds: primary["Groups"]?.strings ?? [], groupNames: [],
                                    privateIp: primary["PrivateIpAddress"]?.string,
                                    secondaryCount: primary["SecondaryPrivateIpAddressCount"]?.int ?? 0,
                                    associatePublicIp: primary["AssociatePublicIpAddress"]?.bool,
                                    deleteOnTermination: primary["DeleteOnTermination"]?.bool ?? true)
        }
        return InterfaceRequest(subnetId: input["SubnetId"]?.string, existingInterfaceId: nil,
                                groupIds: input["SecurityGroupIds"]?.strings ?? [], groupNames: input["SecurityGroups"]?.strings ?? [],
                                privateIp: input["PrivateIpAddress"]?.string, secondaryCount: 0, associatePublicIp: nil,
                                deleteOnTermination: true)
    }

    static func run(_ request: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let input = try LaunchTemplates.merged(request, context)
        let partition = context.regionalPartition
        let minCount = input["MinCount"]?.int ?? 1
        let maxCount = input["MaxCount"]?.int ?? minCount
        guard minCount >= 1, maxCount >= minCount else {
            throw EC2Errors.invalidParameterValue("Invalid value '\(minCount)' for minCount. Must be between 1 and maxCount (\(maxCount)).")
        }
        let clientToken = input["ClientToken"]?.string
        if let clientToken, let earlier = context.store.read({ view in
            view.get(ClientTokenRecord.self, clientToken, in: partition)
        }) {
            // "Ensure idempotency in Amazon EC2 API requests": a token reused with other parameters is refused.
            if let parameters = earlier.parameters, parameters != canonical(input) {
                throw AWSError("IdempotentParameterMismatch",
                               "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).")
            }
            return try reservationOutput(earlier.reservationId, earlier.instanceIds, context)
        }

        let image = try LaunchCatalog.resolveImage(input["ImageId"]?.string, context)
        let typeName = input["InstanceType"]?.string ?? LaunchCatalog.defaultInstanceType
        guard let type = LaunchCatalog.instanceType(typeName) else {
            throw EC2Errors.invalidParameterValue("Invalid value '\(typeName)' for InstanceType.")
        }
        guard type.architectures.contains(image.architecture) else {
            throw EC2Errors.invalidParameterValue(
                "The architecture '\(type.architectures.first ?? "")' of the specified instance type does not match the architecture '\(image.architecture)' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again.")
        }
        var request = try interfaceRequest(input)
        if request.privateIp != nil && maxCount > 1 {
            throw EC2Errors.invalidParameterCombination("Cannot specify a private IP address when launching more than one instance.")
        }
        let userData = try checkedUserData(input["UserData"]?.string)
        let keyName = input["KeyName"]?.string
        let profile = try instanceProfile(input["IamInstanceProfile"], context)
        let placementZone = input["Placement"]?["AvailabilityZone"]?.string
        let tenancy = input["Placement"]?["Tenancy"]?.string ?? "default"
        let instanceTags = try Tags.fromSpecifications(input, Instance.resourceType, ignoringOthers: true)
        let volumeTags = try Tags.fromSpecifications(input, Volume.resourceType, ignoringOthers: true)
        let interfaceTags = try Tags.fromSpecifications(input, NetworkInterface.resourceType, ignoringOthers: true)
        var metadata = Instance.MetadataOptions()
        if image.requiresIMDSv2 { metadata.httpTokens = "required" }
        if let options = input["MetadataOptions"] {
            metadata.httpTokens = options["HttpTokens"]?.string ?? metadata.httpTokens
            metadata.httpEndpoint = options["HttpEndpoint"]?.string ?? metadata.httpEndpoint
            metadata.httpPutResponseHopLimit = options["HttpPutResponseHopLimit"]?.int ?? metadata.httpPutResponseHopLimit
            metadata.instanceMetadataTags = options["InstanceMetadataTags"]?.string ?? metadata.instanceMetadataTags
        }

        let (reservationId, ids) = try context.store.write { tx in
            if let keyName, KeyPairs.find(name: keyName, tx.view, partition) == nil {
                throw AWSError("InvalidKeyPair.NotFound", "The key pair '\(keyName)' does not exist")
            }
            let subnet = try subnetForLaunch(&request, placementZone, &tx, context)
            if let placementZone, placementZone != subnet.availabilityZone {
                throw EC2Errors.invalidParameterValue(
                    "The specified Availability Zone (\(placementZone)) does not match the subnet's Availability Zone (\(subnet.availabilityZone)).")
            }
            let groups = try groupsForLaunch(request, subnet, tx, context)
            let spot = input["InstanceMarketOptions"]?["MarketType"]?.string == "spot"
            let count = spot ? maxCount : try VCPUQuota.check(type, count: maxCount, minimum: minCount, tx, context)
            let instanceStore = try LaunchVolumes.instanceStore(input["BlockDeviceMappings"], disks: type.instanceStoreDisks)
            let credits = try CreditSpecifications.forLaunch(input["CreditSpecification"]?["CpuCredits"]?.string,
                                                             instanceType: type.name, tx.view, context)
            let placements = try PlacementGroups.place(input["Placement"]?["GroupName"]?.string,
                                                       partitionNumber: input["Placement"]?["PartitionNumber"]?.int,
                                                       count: count, zone: subnet.availabilityZone, tx, context)
            let reservationId = context.ids.resourceId("r")
            var ids: [String] = []
            // The subnet's addresses are taken in one copy of it, saved once: not once per instance.
            var addresses = try tx.load(Subnet.self, subnet.id, in: partition)
            for index in 0..<count {
                let id = context.ids.resourceId("i")
                let interfaceId = try launchInterface(request, subnet: &addresses, groups: groups, instanceId: id, tags: interfaceTags, &tx, context)
                let wantsPublic = request.associatePublicIp ?? subnet.mapPublicIpOnLaunch
                if wantsPublic {
                    let address = try PublicIPPool.lease(&tx, account: context.account, region: context.region, holder: interfaceId)
                    try tx.update(NetworkInterface.self, interfaceId, in: partition) { $0.publicIp = address }
                }
                var instance = Instance(
                    id: id, reservationId: reservationId, ownerId: context.account, imageId: image.id, instanceType: type.name,
                    architecture: image.architecture, platform: image.platform, platformDetails: image.platformDetails,
                    keyName: keyName, launchTime: context.now, amiLaunchIndex: index, subnetId: subnet.id, vpcId: subnet.vpcId,
                    availabilityZone: subnet.availabilityZone, tenancy: tenancy,
                    placementGroup: input["Placement"]?["GroupName"]?.string, partitionNumber: placements[index],
                    primaryInterfaceId: interfaceId, wantsPublicIp: wantsPublic, rootDeviceName: image.rootDeviceName,
                    iamInstanceProfileArn: profile?.arn, iamInstanceProfileId: profile?.id, userData: userData,
                    metadataOptions: metadata, disableApiTermination: input["DisableApiTermination"]?.bool ?? false,
                    shutdownBehavior: input["InstanceInitiatedShutdownBehavior"]?.string ?? "stop",
                    ebsOptimized: input["EbsOptimized"]?.bool ?? false, monitoring: input["Monitoring"]?["Enabled"]?.bool ?? false,
                    clientToken: clientToken, creditSpecification: credits,
                    coreCount: input["CpuOptions"]?["CoreCount"]?.int ?? type.cores,
                    threadsPerCore: input["CpuOptions"]?["ThreadsPerCore"]?.int ?? type.threadsPerCore,
                    instanceLifecycle: spot ? "spot" : nil,
                    state: .pending, stateChanged: context.now, tags: instanceTags)
                instance.instanceStore = instanceStore
                instance.blockDevices = try LaunchVolumes.create(input["BlockDeviceMappings"], image: image, instanceId: id,
                                                                 zone: subnet.availabilityZone, tags: volumeTags, &tx, context)
                tx.save(instance, in: partition)
                ids.append(id)
            }
            tx.save(addresses, in: partition)
            if let clientToken {
                tx.put(ClientTokenRecord(reservationId: reservationId, instanceIds: ids, parameters: canonical(input)),
                       id: clientToken, in: partition)
            }
            return (reservationId, ids)
        }
        return try reservationOutput(reservationId, ids, context, state: .pending)
    }

    static func checkedUserData(_ text: String?) throws -> String? {
        guard let text else { return nil }
        guard let decoded = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
            throw EC2Errors.invalidParameterValue("Invalid BASE64 encoding of user data.")
        }
        guard decoded.count <= userDataLimit else {
            throw EC2Errors.invalidParameterValue("User data is limited to \(userDataLimit) bytes")
        }
        return text
    }

    /// The instance profile a launch names by ARN or name, which must exist in the caller's account.
    static func instanceProfile(_ spec: AWSValue?, _ context: RequestContext) throws -> InstanceProfileRecord? {
        guard let spec else { return nil }
        let arn = spec["Arn"]?.string, name = spec["Name"]?.string
        guard arn != nil || name != nil else { throw EC2Errors.missingParameter("iamInstanceProfile.arn or iamInstanceProfile.name") }
        guard let profile = context.environment.identities.instanceProfile(arn: arn, name: name, account: context.account) else {
            let parameter = arn != nil ? "iamInstanceProfile.arn" : "iamInstanceProfile.name"
            throw EC2Errors.invalidParameterValue("Value (\(arn ?? name ?? "")) for parameter \(parameter) is invalid. Invalid IAM Instance Profile \(arn != nil ? "ARN" : "name")")
        }
        return profile
    }

    /// The subnet the primary interface goes in: the one named, the existing interface's, or the default VPC's
    /// default subnet in the zone asked for (the first zone otherwise).
    static func subnetForLaunch(_ request: inout InterfaceRequest, _ zone: String?, _ tx: inout StoreTransaction,
                                _ context: RequestContext) throws -> Subnet {
        let partition = context.regionalPartition
        if let existing = request.existingInterfaceId {
            let interface = try tx.load(NetworkInterface.self, existing, in: partition)
            guard interface.attachment == nil else {
                throw AWSError("InvalidNetworkInterface.InUse", "Interface: [\(existing)] in use.")
            }
            request.subnetId = interface.subnetId
        }
        if let id = request.subnetId { return try tx.load(Subnet.self, id, in: partition) }
        guard let vpc = RegionNetwork.defaultVPC(tx.view, partition) else {
            throw AWSError("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.")
        }
        let subnets = tx.every(Subnet.self, in: partition).filter { $0.vpcId == vpc.id && $0.defaultForAz }
        if let zone {
            guard let subnet = subnets.first(where: { $0.availabilityZone == zone }) else {
                throw EC2Errors.invalidParameterValue("Invalid availability zone: [\(zone)]")
            }
            return subnet
        }
        guard let subnet = subnets.first else {
            throw AWSError("MissingInput", "No subnets found for the default VPC '\(vpc.id)'. Please specify a subnet.")
        }
        return subnet
    }

    /// Security groups by ID or (default VPC) name, in the subnet's VPC; the VPC's default group when none.
    static func groupsForLaunch(_ request: InterfaceRequest, _ subnet: Subnet, _ tx: StoreTransaction,
                                _ context: RequestContext) throws -> [String] {
        let network = NetworkView(tx.view, context)
        var ids = request.groupIds
        for name in request.groupNames {
            guard let group = network.all(SecurityGroup.self).first(where: { $0.vpcId == subnet.vpcId && $0.name == name }) else {
                throw AWSError("InvalidGroup.NotFound", "The security group '\(name)' does not exist in VPC '\(subnet.vpcId)'")
            }
            ids.append(group.id)
        }
        for id in ids {
            let group = try network.load(SecurityGroup.self, id)
            guard group.vpcId == subnet.vpcId else {
                throw AWSError("InvalidParameter", "Security group \(id) and subnet \(subnet.id) belong to different networks.")
            }
        }
        return try NetworkInterfaces.groups(ids, vpcId: subnet.vpcId, network)
    }

    /// Makes (or takes) the primary interface and attaches it to the instance at device index 0.
    static func launchInterface(_ request: InterfaceRequest, subnet: inout Subnet, groups: [String], instanceId: String, tags: [EC2Tag],
                                _ tx: inout StoreTransaction, _ context: RequestContext) throws -> String {
        let partition = context.regionalPartition
        let attachment = NetworkInterface.Attachment(id: context.ids.resourceId("eni-attach"), instanceId: instanceId, deviceIndex: 0,
                                                     deleteOnTermination: request.existingInterfaceId == nil ? request.deleteOnTermination : false,
                                                     attachTime: context.now)
        if let existing = request.existingInterfaceId {
            try tx.update(NetworkInterface.self, existing, in: partition) { $0.attachment = attachment }
            return existing
        }
        let primary = try NetworkInterfaces.takeAddresses(&subnet, chosen: request.privateIp.map { [$0] } ?? [],
                                                          count: request.privateIp == nil ? 1 : 0)
        let secondary = try NetworkInterfaces.takeAddresses(&subnet, chosen: [], count: request.secondaryCount)
        let interface = NetworkInterface(
            id: context.ids.resourceId("eni"), subnetId: subnet.id, vpcId: subnet.vpcId, availabilityZone: subnet.availabilityZone,
            ownerId: context.account, description: "",
            privateIps: primary.map { .init(address: $0, primary: true) } + secondary.map { .init(address: $0, primary: false) },
            groups: groups, macAddress: NetworkInterfaces.macAddress(context), attachment: attachment, tags: tags)
        tx.save(interface, in: partition)
        return interface.id
    }

    /// A reservation as RunInstances and DescribeInstances show it.
    static func reservationOutput(_ reservationId: String, _ ids: [String], _ context: RequestContext,
                                  state: InstanceState? = nil) throws -> AWSValue {
        try context.store.read { view in
            let network = NetworkView(view, context)
            let instances = try ids.map { try network.load(Instance.self, $0) }
            return .structure([
                "ReservationId": .string(reservationId), "OwnerId": .string(context.account), "Groups": [],
                "Instances": .list(instances.map { InstanceOutput.instance($0, network, state: state) }),
            ])
        }
    }
}
