import AWSWire
import Foundation
import NimbusCore
import State

/// The categories of instance metadata ("Instance metadata categories", EC2 User Guide) for one instance, as a
/// tree: a directory lists its entries (directories with a trailing `/`), a leaf is its value.
indirect enum MetadataTree {
    case value(String)
    case directory([String: MetadataTree])
    /// The role's credentials, issued only when asked for.
    case credentials(RoleRecord)

    var isDirectory: Bool {
        if case .directory = self { return true }
        return false
    }

    func node(at path: String) -> MetadataTree? {
        var node = self
        for part in path.split(separator: "/") {
            guard case .directory(let entries) = node, let next = entries[String(part)] else { return nil }
            node = next
        }
        return node
    }

    static func build(_ instance: Instance, profile: InstanceProfileRecord?, _ network: NetworkView) -> MetadataTree {
        let region = network.partition.region
        let interfaces = ([instance.primaryInterfaceId] + instance.attachedInterfaces).compactMap { network.get(NetworkInterface.self, $0) }
        let primary = interfaces.first
        let privateIp = primary?.primaryPrivateIp ?? ""
        let publicIp = InstanceNetwork.publicIp(of: instance, primary, network)
        let groupNames = (primary?.groups ?? []).compactMap { network.get(SecurityGroup.self, $0)?.name }
        let hostname = NetworkInterface.privateDnsName(privateIp, region: region)
        let zoneId = RegionCatalog.zone(named: instance.availabilityZone)?.id ?? ""

        var meta: [String: MetadataTree] = [
            "ami-id": .value(instance.imageId), "ami-launch-index": .value(String(instance.amiLaunchIndex)),
            "ami-manifest-path": .value("(unknown)"), "hostname": .value(hostname), "local-hostname": .value(hostname),
            "instance-action": .value("none"), "instance-id": .value(instance.id), "instance-life-cycle": .value("on-demand"),
            "instance-type": .value(instance.instanceType), "local-ipv4": .value(privateIp), "mac": .value(primary?.macAddress ?? ""),
            "profile": .value("default-hvm"), "reservation-id": .value(instance.reservationId),
            "security-groups": .value(groupNames.joined(separator: "\n")),
            "placement": .directory([
                "availability-zone": .value(instance.availabilityZone), "availability-zone-id": .value(zoneId),
                "region": .value(region),
            ]),
            "services": .directory(["domain": .value("amazonaws.com"), "partition": .value("aws")]),
            "block-device-mapping": .directory(Dictionary(uniqueKeysWithValues:
                [("ami", .value(instance.rootDeviceName)), ("root", .value(instance.rootDeviceName))]
                + instance.blockDevices.filter { $0.deviceName != instance.rootDeviceName }.enumerated().map { index, device in
                    ("ebs\(index + 1)", MetadataTree.value(device.deviceName))
                }
                + (instance.instanceStore ?? [:]).map { ($0.key, MetadataTree.value($0.value)) })),
            "network": .directory(["interfaces": .directory(["macs": .directory(Dictionary(uniqueKeysWithValues: interfaces.map { eni in
                (eni.macAddress, interface(eni, instance, network))
            }))])]),
        ]
        if let publicIp {
            meta["public-ipv4"] = .value(publicIp)
            meta["public-hostname"] = .value(NetworkInterface.publicDnsName(publicIp, region: region))
        }
        if let profile {
            var iam: [String: MetadataTree] = [
                "info": .value(String(decoding: AWSValue.object([
                    "Code": "Success", "LastUpdated": .string(Timestamp.iso8601(instance.launchTime, fractional: false)),
                    "InstanceProfileArn": .string(profile.arn), "InstanceProfileId": .string(profile.id),
                ]).jsonBytes, as: UTF8.self)),
            ]
            if let role = profile.role {
                iam["security-credentials"] = .directory([role.name: .credentials(role)])
            }
            meta["iam"] = .directory(iam)
        }
        if instance.metadataOptions.instanceMetadataTags == "enabled" {
            meta["tags"] = .directory(["instance": .directory(Dictionary(instance.tags.map { ($0.key, MetadataTree.value($0.value)) }) { _, last in last })])
        }

        let identity = AWSValue.structure([
            "accountId": .string(instance.ownerId), "architecture": .string(instance.architecture),
            "availabilityZone": .string(instance.availabilityZone), "imageId": .string(instance.imageId),
            "instanceId": .string(instance.id), "instanceType": .string(instance.instanceType),
            "pendingTime": .string(Timestamp.iso8601(instance.launchTime, fractional: false)), "privateIp": .string(privateIp),
            "region": .string(region), "version": "2017-09-30",
        ])
        var latest: [String: MetadataTree] = [
            "meta-data": .directory(meta),
            "dynamic": .directory(["instance-identity": .directory(["document": .value(String(decoding: identity.jsonBytes, as: UTF8.self))])]),
        ]
        if let userData = instance.userData, let decoded = Data(base64Encoded: userData, options: .ignoreUnknownCharacters) {
            latest["user-data"] = .value(String(decoding: decoded, as: UTF8.self))
        }
        return .directory(["latest": .directory(latest)])
    }

    /// `network/interfaces/macs/MAC/`: one interface's addresses and network.
    static func interface(_ eni: NetworkInterface, _ instance: Instance, _ network: NetworkView) -> MetadataTree {
        let subnet = network.get(Subnet.self, eni.subnetId)
        let vpc = network.get(VPC.self, eni.vpcId)
        var entries: [String: MetadataTree] = [
            "device-number": .value(String(eni.attachment?.deviceIndex ?? 0)), "interface-id": .value(eni.id),
            "local-hostname": .value(NetworkInterface.privateDnsName(eni.primaryPrivateIp, region: network.partition.region)),
            "local-ipv4s": .value(eni.privateIps.map(\.address).joined(separator: "\n")), "mac": .value(eni.macAddress),
            "owner-id": .value(eni.ownerId), "security-group-ids": .value(eni.groups.joined(separator: "\n")),
            "security-groups": .value(eni.groups.compactMap { network.get(SecurityGroup.self, $0)?.name }.joined(separator: "\n")),
            "subnet-id": .value(eni.subnetId), "subnet-ipv4-cidr-block": .value(subnet?.cidrBlock ?? ""),
            "vpc-id": .value(eni.vpcId), "vpc-ipv4-cidr-block": .value(vpc?.cidrBlocks.first?.cidrBlock ?? ""),
            "vpc-ipv4-cidr-blocks": .value((vpc?.cidrBlocks.map(\.cidrBlock) ?? []).joined(separator: "\n")),
        ]
        let elastic = eni.elasticAddresses(network)
        let publicIps = eni.privateIps.compactMap { elastic[$0.address]?.publicIp } + (elastic.isEmpty ? (eni.publicIp.map { [$0] } ?? []) : [])
        if !publicIps.isEmpty {
            entries["public-ipv4s"] = .value(publicIps.joined(separator: "\n"))
            entries["public-hostname"] = .value(NetworkInterface.publicDnsName(publicIps[0], region: network.partition.region))
        }
        if !eni.ipv6Addresses.isEmpty { entries["ipv6s"] = .value(eni.ipv6Addresses.joined(separator: "\n")) }
        return .directory(entries)
    }
}
