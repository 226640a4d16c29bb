import AWSWire
import NetworkModel
import NimbusCore
import State

/// Each account's network in each Region: set up on first use with its default DHCP options and its
/// default VPC ("Default VPCs"), and the resources every VPC comes with.
enum RegionNetwork {
    /// Marks a partition whose default network exists (or existed: deleting the default VPC does not bring
    /// it back on the next call; CreateDefaultVpc does).
    struct State: Resource {
        static let kind = "ec2.region-network"
        var defaultDhcpOptionsId: String
    }

    static let stateId = "region"
    /// "Default VPCs": 172.31.0.0/16 with a /20 default subnet in each Availability Zone.
    static let defaultVPCBlock = IPv4CIDR("172.31.0.0/16")!
    static let defaultSubnetPrefixLength = 20

    /// Sets up the caller's network in this Region if this is its first EC2 networking call.
    static func prepare(_ context: RequestContext) throws {
        let partition = context.regionalPartition
        if context.store.read({ $0.get(State.self, stateId, in: partition) }) != nil { return }
        try context.store.write { tx in
            guard tx.get(State.self, stateId, in: partition) == nil else { return }
            let dhcp = DHCPOptions.defaults(id: context.ids.resourceId("dopt"), ownerId: context.account, region: context.region)
            tx.save(dhcp, in: partition)
            tx.put(State(defaultDhcpOptionsId: dhcp.id), id: stateId, in: partition)
            _ = try createDefaultVPC(&tx, context)
        }
    }

    static func defaultDhcpOptionsId(_ tx: StoreTransaction, _ context: RequestContext) -> String {
        tx.get(State.self, stateId, in: context.regionalPartition)?.defaultDhcpOptionsId ?? "default"
    }

    /// The zones default subnets go in: the Region's Availability Zones that need no opt-in.
    static func defaultZones(_ region: String) -> [AvailabilityZone] {
        (RegionCatalog.region(named: region)?.zones ?? [])
            .filter { $0.isAvailabilityZone && $0.optInStatus == AWSOptInStatus.notRequired }
    }

    /// A VPC and what every VPC comes with ("Create a VPC"): its main route table with the `local`
    /// route, its default security group and its default network ACL.
    static func createVPC(_ tx: inout StoreTransaction, _ context: RequestContext, cidr: IPv4CIDR, ipv6: String?,
                          isDefault: Bool, tenancy: String = "default", tags: [EC2Tag] = []) -> VPC {
        let partition = context.regionalPartition
        var vpc = VPC(id: context.ids.resourceId("vpc"), ownerId: context.account,
                      cidrBlocks: [VPC.CIDRAssociation(associationId: context.ids.resourceId("vpc-cidr-assoc"), cidrBlock: cidr.description)],
                      isDefault: isDefault, instanceTenancy: tenancy, dhcpOptionsId: defaultDhcpOptionsId(tx, context),
                      enableDnsHostnames: isDefault, tags: tags)
        if let ipv6 {
            vpc.ipv6Blocks = [VPC.CIDRAssociation(associationId: context.ids.resourceId("vpc-cidr-assoc"), cidrBlock: ipv6)]
        }
        tx.save(vpc, in: partition)

        var routes = [RouteTable.Route(destinationCidrBlock: cidr.description, target: .local, origin: "CreateRouteTable")]
        if let ipv6 {
            routes.append(RouteTable.Route(destinationIpv6CidrBlock: ipv6, target: .local, origin: "CreateRouteTable"))
        }
        let mainTable = RouteTable(
            id: context.ids.resourceId("rtb"), vpcId: vpc.id, ownerId: context.account, routes: routes,
            associations: [RouteTable.Association(id: context.ids.resourceId("rtbassoc"), main: true)])
        tx.save(mainTable, in: partition)

        let groupId = context.ids.resourceId("sg")
        var rules = [
            // "Default security groups for your VPCs": all inbound from members of the group, all outbound.
            SecurityGroup.Rule(id: context.ids.resourceId("sgr"), isEgress: false, ipProtocol: "-1",
                               referencedGroupId: groupId, referencedUserId: context.account),
            SecurityGroup.Rule(id: context.ids.resourceId("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0"),
        ]
        if ipv6 != nil {
            rules.append(SecurityGroup.Rule(id: context.ids.resourceId("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv6: "::/0"))
        }
        tx.save(SecurityGroup(id: groupId, name: "default", description: "default VPC security group", vpcId: vpc.id,
                              ownerId: context.account, rules: rules), in: partition)

        tx.save(NetworkACL(id: context.ids.resourceId("acl"), vpcId: vpc.id, ownerId: context.account, isDefault: true,
                           entries: NetworkACL.initialEntries(allowAll: true, ipv6: ipv6 != nil)), in: partition)
        return vpc
    }

    /// The default VPC: the VPC, a default subnet per zone with public addresses on launch, an attached
    /// internet gateway and the main route table's `0.0.0.0/0` route to it ("Default VPC components").
    static func createDefaultVPC(_ tx: inout StoreTransaction, _ context: RequestContext) throws -> VPC {
        let partition = context.regionalPartition
        let vpc = createVPC(&tx, context, cidr: defaultVPCBlock, ipv6: nil, isDefault: true)
        let gateway = InternetGateway(id: context.ids.resourceId("igw"), ownerId: context.account, vpcId: vpc.id)
        tx.save(gateway, in: partition)
        if var main = mainRouteTable(tx.view, partition, vpcId: vpc.id) {
            main.routes.append(RouteTable.Route(destinationCidrBlock: "0.0.0.0/0", target: .init(kind: .gateway, id: gateway.id),
                                                origin: "CreateRoute"))
            tx.save(main, in: partition)
        }
        for (index, zone) in defaultZones(context.region).enumerated() {
            guard let block = defaultVPCBlock.subBlock(prefixLength: defaultSubnetPrefixLength, index: UInt64(index)) else { break }
            let subnet = Subnet(id: context.ids.resourceId("subnet"), vpcId: vpc.id, ownerId: context.account,
                                cidrBlock: block.description, availabilityZone: zone.name, availabilityZoneId: zone.id,
                                defaultForAz: true, mapPublicIpOnLaunch: true)
            try addSubnet(&tx, subnet, partition, context)
        }
        return vpc
    }

    /// Stores a new subnet and associates it with its VPC's default network ACL.
    static func addSubnet(_ tx: inout StoreTransaction, _ subnet: Subnet, _ partition: Partition, _ context: RequestContext) throws {
        tx.save(subnet, in: partition)
        if var acl = tx.every(NetworkACL.self, in: partition).first(where: { $0.vpcId == subnet.vpcId && $0.isDefault }) {
            acl.associations.append(NetworkACL.Association(id: context.ids.resourceId("aclassoc"), subnetId: subnet.id))
            tx.save(acl, in: partition)
        }
    }

    static func mainRouteTable(_ view: StoreView, _ partition: Partition, vpcId: String) -> RouteTable? {
        view.all(RouteTable.self, in: partition).values.first { $0.vpcId == vpcId && $0.isMain }
    }

    /// The default VPC of the partition, if there is one.
    static func defaultVPC(_ view: StoreView, _ partition: Partition) -> VPC? {
        view.all(VPC.self, in: partition).values.first(where: \.isDefault)
    }
}
