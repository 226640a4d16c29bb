import AWSWire
import NimbusCore
import State

/// Resource-level permissions for EC2 ("Actions, resources, and condition keys for Amazon EC2", Service Authorization
/// Reference; "Example policies for working with the AWS CLI or an AWS SDK", EC2 User Guide). An action is authorized
/// against every resource type the reference lists for it: the resources the request names (by their IDs), and for the
/// required types it does not name, every resource of the type (`instance/*`, the instances a launch creates). So a
/// policy that allows `ec2:RunInstances` on `instance/*` only, without the image, subnet, group, interface and volume,
/// refuses the launch, as AWS does.
extension EC2Provider: ResourceNaming, ResourceConditionProviding {
    /// The input members that name resources of each type.
    static let idMembers: [String: [String]] = [
        "instance": ["InstanceIds", "InstanceId"],
        "volume": ["VolumeIds", "VolumeId"],
        "snapshot": ["SnapshotIds", "SnapshotId", "SourceSnapshotId"],
        "image": ["ImageId", "SourceImageId"],
        "security-group": ["GroupIds", "GroupId", "SecurityGroupIds"],
        "subnet": ["SubnetId"],
        "vpc": ["VpcId"],
        "network-interface": ["NetworkInterfaceId"],
        "route-table": ["RouteTableId"],
        "internet-gateway": ["InternetGatewayId"],
        "egress-only-internet-gateway": ["EgressOnlyInternetGatewayId"],
        "natgateway": ["NatGatewayId"],
        "elastic-ip": ["AllocationId"],
        "network-acl": ["NetworkAclId"],
        "key-pair": ["KeyName"],
        "launch-template": ["LaunchTemplateId"],
        "vpc-peering-connection": ["VpcPeeringConnectionId"],
        "dhcp-options": ["DhcpOptionsId"],
        "prefix-list": ["PrefixListId"],
        "network-insights-path": ["NetworkInsightsPathId"],
        "network-insights-analysis": ["NetworkInsightsAnalysisId"],
        "spot-instances-request": ["SpotInstanceRequestIds"],
    ]

    public func authorizationResources(operation: String, input: AWSValue, context: RequestContext) -> [String] {
        guard let table = ServiceAuthorization.forService("ec2"),
              let action = table.authorization(forOperation: operation)?.action else { return [] }
        var arns: [String] = []
        for (type, info) in table.resourceTypes(forAction: action) {
            guard let format = info?.arnFormat else { continue }
            let ids = Self.idMembers[type.name]?.lazy.compactMap { input[$0] }.first.map { value in value.list != nil ? value.strings : value.string.map { [$0] } ?? [] } ?? []
            if !ids.isEmpty {
                arns += ids.map { Self.arn(format, id: $0, context) }
            } else if type.required {
                arns.append(Self.arn(format, id: "*", context))
            }
        }
        return arns
    }

    /// `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}` with the request's Region and account and
    /// the resource's ID (or `*`) in the last place.
    static func arn(_ format: String, id: String, _ context: RequestContext) -> String {
        var text = format.replacingOccurrences(of: "${Partition}", with: "aws")
            .replacingOccurrences(of: "${Region}", with: context.region)
            .replacingOccurrences(of: "${Account}", with: context.account)
        if let open = text.range(of: "${", options: .backwards) { text = String(text[..<open.lowerBound]) + id }
        return text
    }

    /// Per resource: `ec2:Region`; the tags of an existing resource (`aws:ResourceTag/K`, `ec2:ResourceTag/K`); the
    /// instance type of an instance, launched (`instance/*` with the request's `InstanceType`) or existing.
    public func conditionKeys(operation: String, input: AWSValue, resource: String, context: RequestContext) -> [String: String] {
        var keys = ["ec2:Region": context.region]
        guard let arn = ARN(resource), let slash = arn.resource.firstIndex(of: "/") else { return keys }
        let type = String(arn.resource[..<slash])
        let id = String(arn.resource[arn.resource.index(after: slash)...])
        if id == "*" {
            if type == "instance", operation == "RunInstances" {
                // The type the launch will have: the request's, else its launch template's, else the default.
                let launch = (try? LaunchTemplates.merged(input, context)) ?? input
                keys["ec2:InstanceType"] = launch["InstanceType"]?.string ?? LaunchCatalog.defaultInstanceType
                keys["ec2:Tenancy"] = launch["Placement"]?["Tenancy"]?.string ?? "default"
            }
            return keys
        }
        let partition = context.regionalPartition
        context.store.read { view in
            let network = NetworkView(view, context)
            if type == "instance", let instance = network.get(Instance.self, id) {
                keys["ec2:InstanceType"] = instance.instanceType
                keys["ec2:Tenancy"] = instance.tenancy
            }
            guard let resourceType = Tags.type(of: id) else { return }
            for tag in Self.tags(resourceType, id, view, partition) {
                keys["aws:ResourceTag/\(tag.key)"] = tag.value
                keys["ec2:ResourceTag/\(tag.key)"] = tag.value
            }
        }
        return keys
    }

    private static func tags<R: EC2Resource>(_ type: R.Type, _ id: String, _ view: StoreView, _ partition: Partition) -> [EC2Tag] {
        view.get(type, id, in: R.storagePartition(partition))?.tags ?? []
    }
}
