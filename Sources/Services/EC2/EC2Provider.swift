import AWSWire
import NimbusCore
import State

/// Amazon EC2: the region and zone catalogue, VPC networking, instances, volumes, key pairs and images.
public struct EC2Provider: ServiceProvider, DependentActionNaming {
    /// "IAM roles for Amazon EC2": launching with an instance profile passes its role to EC2, which the caller
    /// must be allowed (`iam:PassRole`, with `iam:PassedToService` = `ec2.amazonaws.com`).
    public func dependentActions(operation: String, input: AWSValue, context: RequestContext) -> [DependentAction] {
        guard operation == "RunInstances", let spec = input["IamInstanceProfile"],
              let profile = context.environment.identities.instanceProfile(arn: spec["Arn"]?.string, name: spec["Name"]?.string,
                                                                           account: context.account),
              let role = profile.role else { return [] }
        return [DependentAction(action: "iam:PassRole", resource: role.arn, conditions: ["iam:PassedToService": "ec2.amazonaws.com"])]
    }

    public init() {}

    public let serviceName = "ec2"
    public var resourceTypes: [any Resource.Type] {
        [RegionNetwork.State.self, VPC.self, Subnet.self, InternetGateway.self, EgressOnlyInternetGateway.self,
         NatGateway.self, RouteTable.self, SecurityGroup.self, NetworkACL.self, NetworkInterface.self,
         ElasticAddress.self, DHCPOptions.self, VPCPeeringConnection.self, ManagedPrefixList.self,
         Instance.self, Volume.self, KeyPair.self, RunInstances.ClientTokenRecord.self, Snapshot.self, PlacementGroup.self,
         LaunchTemplate.self, SpotInstanceRequest.self, UserImage.self, PublicIPPool.Lease.self, PublicIPPool.Cursor.self,
         NetworkInsightsPath.self, NetworkInsightsAnalysis.self, CreditSpecifications.FamilyDefault.self]
    }

    public var handlers: [String: OperationHandler] {
        var handlers: [String: OperationHandler] = [
            "DescribeRegions": Regions.describeRegions,
            "DescribeAvailabilityZones": Regions.describeAvailabilityZones,
            "DescribeInstanceTypes": InstanceTypes.describe,
            "DescribeInstanceTypeOfferings": InstanceTypes.describeOfferings,
        ]
        for (name, handler) in networking {
            handlers[name] = { input, context in
                // "Default VPCs": every account has one in every Region from its first call.
                try RegionNetwork.prepare(context)
                return try await handler(input, context)
            }
        }
        return handlers
    }

    private var networking: [String: OperationHandler] {
        var handlers: [String: OperationHandler] = [
            "CreateVpc": VPCs.create,
            "DeleteVpc": VPCs.delete,
            "DescribeVpcs": VPCs.describe,
            "CreateDefaultVpc": VPCs.createDefault,
            "ModifyVpcAttribute": VPCs.modifyAttribute,
            "DescribeVpcAttribute": VPCs.describeAttribute,
            "AssociateVpcCidrBlock": VPCs.associateCidrBlock,
            "DisassociateVpcCidrBlock": VPCs.disassociateCidrBlock,

            "CreateSubnet": Subnets.create,
            "DeleteSubnet": Subnets.delete,
            "DescribeSubnets": Subnets.describe,
            "CreateDefaultSubnet": Subnets.createDefault,
            "ModifySubnetAttribute": Subnets.modifyAttribute,
            "AssociateSubnetCidrBlock": Subnets.associateCidrBlock,
            "DisassociateSubnetCidrBlock": Subnets.disassociateCidrBlock,

            "CreateInternetGateway": InternetGateways.create,
            "DescribeInternetGateways": InternetGateways.describe,
            "AttachInternetGateway": InternetGateways.attach,
            "DetachInternetGateway": InternetGateways.detach,
            "DeleteInternetGateway": InternetGateways.delete,
            "CreateEgressOnlyInternetGateway": EgressOnlyInternetGateways.create,
            "DescribeEgressOnlyInternetGateways": EgressOnlyInternetGateways.describe,
            "DeleteEgressOnlyInternetGateway": EgressOnlyInternetGateways.delete,
            "CreateNatGateway": NatGateways.create,
            "DescribeNatGateways": NatGateways.describe,
            "DeleteNatGateway": NatGateways.delete,

            "CreateRouteTable": RouteTables.create,
            "DescribeRouteTables": RouteTables.describe,
            "DeleteRouteTable": RouteTables.delete,
            "CreateRoute": RouteTables.createRoute,
            "ReplaceRoute": RouteTables.replaceRoute,
            "DeleteRoute": RouteTables.deleteRoute,
            "AssociateRouteTable": RouteTables.associate,
            "ReplaceRouteTableAssociation": RouteTables.replaceAssociation,
            "DisassociateRouteTable": RouteTables.disassociate,

            "CreateSecurityGroup": SecurityGroups.create,
            "DeleteSecurityGroup": SecurityGroups.delete,
            "DescribeSecurityGroups": SecurityGroups.describe,
            "AuthorizeSecurityGroupIngress": SecurityGroups.authorizeIngress,
            "AuthorizeSecurityGroupEgress": SecurityGroups.authorizeEgress,
            "RevokeSecurityGroupIngress": SecurityGroups.revokeIngress,
            "RevokeSecurityGroupEgress": SecurityGroups.revokeEgress,
            "DescribeSecurityGroupRules": SecurityGroups.describeRules,
            "ModifySecurityGroupRules": SecurityGroups.modifyRules,
            "UpdateSecurityGroupRuleDescriptionsIngress": SecurityGroups.updateDescriptionsIngress,
            "UpdateSecurityGroupRuleDescriptionsEgress": SecurityGroups.updateDescriptionsEgress,

            "CreateNetworkAcl": NetworkACLs.create,
            "DescribeNetworkAcls": NetworkACLs.describe,
            "DeleteNetworkAcl": NetworkACLs.delete,
            "CreateNetworkAclEntry": NetworkACLs.createEntry,
            "ReplaceNetworkAclEntry": NetworkACLs.replaceEntry,
            "DeleteNetworkAclEntry": NetworkACLs.deleteEntry,
            "ReplaceNetworkAclAssociation": NetworkACLs.replaceAssociation,

            "AllocateAddress": ElasticIPs.allocate,
            "AssociateAddress": ElasticIPs.associate,
            "DisassociateAddress": ElasticIPs.disassociate,
            "ReleaseAddress": ElasticIPs.release,
            "DescribeAddresses": ElasticIPs.describe,

            "CreateNetworkInterface": NetworkInterfaces.create,
            "DeleteNetworkInterface": NetworkInterfaces.delete,
            "DescribeNetworkInterfaces": NetworkInterfaces.describe,
            "AssignPrivateIpAddresses": NetworkInterfaces.assignPrivateIps,
            "UnassignPrivateIpAddresses": NetworkInterfaces.unassignPrivateIps,
            "ModifyNetworkInterfaceAttribute": NetworkInterfaces.modifyAttribute,
            "DescribeNetworkInterfaceAttribute": NetworkInterfaces.describeAttribute,

            "CreateDhcpOptions": DHCPOptionsSets.create,
            "DescribeDhcpOptions": DHCPOptionsSets.describe,
            "AssociateDhcpOptions": DHCPOptionsSets.associate,
            "DeleteDhcpOptions": DHCPOptionsSets.delete,

            "CreateVpcPeeringConnection": PeeringConnections.create,
            "DescribeVpcPeeringConnections": PeeringConnections.describe,
            "AcceptVpcPeeringConnection": PeeringConnections.accept,
            "RejectVpcPeeringConnection": PeeringConnections.reject,
            "DeleteVpcPeeringConnection": PeeringConnections.delete,

            "CreateManagedPrefixList": PrefixLists.create,
            "DescribeManagedPrefixLists": PrefixLists.describe,
            "GetManagedPrefixListEntries": PrefixLists.getEntries,
            "ModifyManagedPrefixList": PrefixLists.modify,
            "DeleteManagedPrefixList": PrefixLists.delete,

            "RunInstances": RunInstances.run,
            "DescribeInstances": Instances.describe,
            "StopInstances": Instances.stop,
            "StartInstances": Instances.start,
            "TerminateInstances": Instances.terminate,
            "RebootInstances": Instances.reboot,
            "DescribeInstanceStatus": Instances.describeStatus,
            "GetConsoleOutput": Instances.consoleOutput,
            "ModifyInstanceAttribute": InstanceAttributes.modify,
            "DescribeInstanceAttribute": InstanceAttributes.describe,
            "ModifyInstanceMetadataOptions": InstanceAttributes.modifyMetadataOptions,
            "DescribeVolumes": Volumes.describe,
            "CreateVolume": Volumes.create,
            "AttachVolume": Volumes.attach,
            "DetachVolume": Volumes.detach,
            "DeleteVolume": Volumes.delete,
            "ModifyVolume": Volumes.modify,
            "DescribeVolumesModifications": Volumes.describeModifications,
            "DescribeVolumeStatus": Volumes.describeStatus,
            "CreateSnapshot": Volumes.createSnapshot,
            "DescribeSnapshots": Volumes.describeSnapshots,
            "CopySnapshot": Volumes.copySnapshot,
            "DeleteSnapshot": Volumes.deleteSnapshot,
            "AttachNetworkInterface": InterfaceAttachments.attach,
            "DetachNetworkInterface": InterfaceAttachments.detach,
            "CreateLaunchTemplate": LaunchTemplates.create,
            "CreateLaunchTemplateVersion": LaunchTemplates.createVersion,
            "DescribeLaunchTemplates": LaunchTemplates.describe,
            "DescribeLaunchTemplateVersions": LaunchTemplates.describeVersions,
            "ModifyLaunchTemplate": LaunchTemplates.modify,
            "DeleteLaunchTemplate": LaunchTemplates.delete,
            "DeleteLaunchTemplateVersions": LaunchTemplates.deleteVersions,
            "RequestSpotInstances": SpotInstances.request,
            "DescribeSpotInstanceRequests": SpotInstances.describe,
            "CancelSpotInstanceRequests": SpotInstances.cancel,
            "DescribeSpotPriceHistory": SpotInstances.priceHistory,
            "CreatePlacementGroup": PlacementGroups.create,
            "DescribePlacementGroups": PlacementGroups.describe,
            "DeletePlacementGroup": PlacementGroups.delete,
            "DescribeInstanceCreditSpecifications": CreditSpecifications.describe,
            "ModifyInstanceCreditSpecification": CreditSpecifications.modify,
            "GetDefaultCreditSpecification": CreditSpecifications.getDefault,
            "ModifyDefaultCreditSpecification": CreditSpecifications.modifyDefault,
            "CreateNetworkInsightsPath": NetworkInsights.createPath,
            "DescribeNetworkInsightsPaths": NetworkInsights.describePaths,
            "DeleteNetworkInsightsPath": NetworkInsights.deletePath,
            "StartNetworkInsightsAnalysis": NetworkInsights.startAnalysis,
            "DescribeNetworkInsightsAnalyses": NetworkInsights.describeAnalyses,
            "DeleteNetworkInsightsAnalysis": NetworkInsights.deleteAnalysis,
            "DescribeImages": Images.describe,
            "CreateImage": ImageOperations.createImage,
            "RegisterImage": ImageOperations.register,
            "CopyImage": ImageOperations.copy,
            "DeregisterImage": ImageOperations.deregister,
            "ModifyImageAttribute": ImageOperations.modifyAttribute,
            "DescribeImageAttribute": ImageOperations.describeAttribute,
            "CreateKeyPair": KeyPairs.create,
            "ImportKeyPair": KeyPairs.importKey,
            "DescribeKeyPairs": KeyPairs.describe,
            "DeleteKeyPair": KeyPairs.delete,

            "CreateTags": Tags.create,
            "DeleteTags": Tags.delete,
            "DescribeTags": Tags.describe,
        ]
        handlers.merge(NotYetModelled.handlers()) { first, _ in first }
        return handlers
    }
}
