import AWSWire
import Foundation
import NimbusCore
import State

/// Where an instance's addresses come from: its primary interface (private addresses, an auto-assigned public
/// address) and the Elastic IP associated with the interface's primary address, which wins.
enum InstanceNetwork {
    static func publicIp(of instance: Instance, _ interface: NetworkInterface?, _ network: NetworkView) -> String? {
        guard let interface else { return nil }
        return interface.elasticAddresses(network)[interface.primaryPrivateIp]?.publicIp ?? interface.publicIp
    }
}

/// An instance as DescribeInstances and RunInstances show it (shape `Instance` of the EC2 model).
enum InstanceOutput {
    static func instance(_ instance: Instance, _ network: NetworkView, state override: InstanceState? = nil) -> AWSValue {
        let region = network.partition.region
        let state = override ?? instance.currentState(network.now)
        let interface = network.get(NetworkInterface.self, instance.primaryInterfaceId)
        let publicIp = InstanceNetwork.publicIp(of: instance, interface, network)
        let privateIp = interface?.primaryPrivateIp
        // "DNS attributes for your VPC": public DNS names only where the VPC has DNS hostnames enabled.
        let dnsHostnames = network.get(VPC.self, instance.vpcId)?.enableDnsHostnames ?? false
        let interfaces = ([instance.primaryInterfaceId] + instance.attachedInterfaces).compactMap { network.get(NetworkInterface.self, $0) }
        let groups: [AWSValue] = (interface?.groups ?? []).map { id in
            .structure(["GroupId": .string(id), "GroupName": network.get(SecurityGroup.self, id).map { AWSValue.string($0.name) }])
        }
        return .structure([
            "InstanceId": .string(instance.id), "ImageId": .string(instance.imageId), "InstanceType": .string(instance.instanceType),
            "State": state.output, "StateTransitionReason": .string(instance.stateTransitionReason),
            "StateReason": instance.stateReason.map { ["Code": .string($0.code), "Message": .string($0.message)] },
            "PrivateDnsName": privateIp.map { .string(NetworkInterface.privateDnsName($0, region: region)) } ?? "",
            "PublicDnsName": publicIp.flatMap { dnsHostnames ? .string(NetworkInterface.publicDnsName($0, region: region)) : nil } ?? "",
            "PrivateIpAddress": privateIp.map(AWSValue.string), "PublicIpAddress": publicIp.map(AWSValue.string),
            "KeyName": instance.keyName.map(AWSValue.string), "AmiLaunchIndex": .int(instance.amiLaunchIndex),
            "LaunchTime": .timestamp(instance.launchTime),
            "Placement": .structure([
                "AvailabilityZone": .string(instance.availabilityZone), "Tenancy": .string(instance.tenancy),
                "GroupName": .string(instance.placementGroup ?? ""), "PartitionNumber": instance.partitionNumber.map { .int($0) },
            ]),
            "Monitoring": ["State": .string(instance.monitoring ? "enabled" : "disabled")],
            "SubnetId": interface == nil ? nil : .string(instance.subnetId), "VpcId": interface == nil ? nil : .string(instance.vpcId),
            "Architecture": .string(instance.architecture), "Platform": instance.platform.map(AWSValue.string),
            "PlatformDetails": .string(instance.platformDetails), "UsageOperation": .string(instance.platform == "windows" ? "RunInstances:0002" : "RunInstances"),
            "RootDeviceType": "ebs", "RootDeviceName": .string(instance.rootDeviceName),
            "BlockDeviceMappings": .list(instance.blockDevices.map { device in
                ["DeviceName": .string(device.deviceName), "Ebs": [
                    "VolumeId": .string(device.volumeId), "Status": "attached", "AttachTime": .timestamp(device.attachTime),
                    "DeleteOnTermination": .boolean(device.deleteOnTermination),
                ]]
            }),
            "VirtualizationType": "hvm", "Hypervisor": "xen", "EnaSupport": true, "EbsOptimized": .boolean(instance.ebsOptimized),
            "ClientToken": .string(instance.clientToken ?? ""), "SourceDestCheck": interface.map { .boolean($0.sourceDestCheck) },
            "SecurityGroups": .list(groups),
            "IamInstanceProfile": instance.iamInstanceProfileArn.map { arn in
                .structure(["Arn": .string(arn), "Id": instance.iamInstanceProfileId.map(AWSValue.string)])
            },
            "NetworkInterfaces": .list(interfaces.map { eni in networkInterface(eni, instance, network) }),
            "CpuOptions": ["CoreCount": .int(instance.coreCount), "ThreadsPerCore": .int(instance.threadsPerCore)],
            "CapacityReservationSpecification": ["CapacityReservationPreference": "open"],
            "HibernationOptions": ["Configured": false],
            "MetadataOptions": [
                "State": "applied", "HttpTokens": .string(instance.metadataOptions.httpTokens),
                "HttpPutResponseHopLimit": .int(instance.metadataOptions.httpPutResponseHopLimit),
                "HttpEndpoint": .string(instance.metadataOptions.httpEndpoint), "HttpProtocolIpv6": "disabled",
                "InstanceMetadataTags": .string(instance.metadataOptions.instanceMetadataTags),
            ],
            "EnclaveOptions": ["Enabled": false], "BootMode": "uefi-preferred", "CurrentInstanceBootMode": "uefi",
            "PrivateDnsNameOptions": ["HostnameType": "ip-name", "EnableResourceNameDnsARecord": false, "EnableResourceNameDnsAAAARecord": false],
            "MaintenanceOptions": ["AutoRecovery": "default"],
            "InstanceLifecycle": instance.instanceLifecycle.map(AWSValue.string),
            "SpotInstanceRequestId": instance.spotInstanceRequestId.map(AWSValue.string),
            "Tags": instance.tagsIfAny,
        ])
    }

    /// An attached interface as the instance lists it (shape `InstanceNetworkInterface`).
    static func networkInterface(_ eni: NetworkInterface, _ instance: Instance, _ network: NetworkView) -> AWSValue {
        guard case .object(var members) = eni.output(network) else { return .null }
        members["TagSet"] = nil
        members["AvailabilityZone"] = nil
        members["RequesterManaged"] = nil
        members["Status"] = "in-use"
        return .object(members)
    }
}
