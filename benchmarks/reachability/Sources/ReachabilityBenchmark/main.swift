// Measures one reachability analysis (NetworkModel's ReachabilityAnalyzer, on one thread) in a synthetic Region the
// size the reachability issue names: 1,000 subnets (5 VPCs x 200), 10,000 network interfaces, 2,000 security groups
// whose rules reference each other, 200 route tables, 100 network ACLs, a NAT and internet gateway per VPC and
// peering between the first VPC and the others. Then how the time grows with the rules the path crosses.
//
//     swift run -c release ReachabilityBenchmark [iterations]
import Foundation
import NetworkModel

let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 2000

struct Scale {
    var vpcs = 5
    var subnetsPerVPC = 200
    var interfacesPerSubnet = 10
    var groupsPerVPC = 400
    var ingressRulesPerGroup = 20
    var routeTablesPerVPC = 40
    var aclsPerVPC = 20
    var aclEntriesPerDirection = 20
}

func cidr(_ text: String) -> IPv4CIDR { IPv4CIDR(text)! }

/// The Region: VPC v is 10.v.0.0/16, subnet s of it 10.v.s.0/24 (the first half public, the second private);
/// interface i of a subnet holds 10.v.s.(10+i) and carries two groups; group g of a VPC allows tcp 443 from the
/// group before it, ssh from an office block, and more cidr rules.
func region(_ scale: Scale) -> NetworkSnapshot {
    var net = NetworkSnapshot()
    for v in 0..<scale.vpcs {
        let vpc = "vpc-\(v)"
        net.vpcs[vpc] = VPCConfig(id: vpc, cidrs: [cidr("10.\(v).0.0/16")])
        net.internetGateways["igw-\(v)"] = InternetGatewayConfig(id: "igw-\(v)", attachedVpcId: vpc)
        net.natGateways["nat-\(v)"] = NATGatewayConfig(id: "nat-\(v)", subnetId: "subnet-\(v)-0", vpcId: vpc, state: "available",
                                                       isPublic: true, privateAddress: IPv4Address(10, UInt8(v), 0, 5),
                                                       publicAddress: IPv4Address(198, 51, 100, UInt8(v)))
        if v > 0 {
            net.peeringConnections["pcx-\(v)"] = PeeringConnectionConfig(id: "pcx-\(v)", requesterVpcId: "vpc-0", accepterVpcId: vpc, status: "active")
        }
        for t in 0..<scale.routeTablesPerVPC {
            var routes: [RouteTableConfig.Route] = [.init(destination: .cidr(cidr("10.\(v).0.0/16")), target: .local, origin: "CreateRouteTable")]
            routes.append(.init(destination: .cidr(cidr("0.0.0.0/0")), target: t < scale.routeTablesPerVPC / 2 ? .internetGateway("igw-\(v)") : .natGateway("nat-\(v)")))
            for peer in 1..<scale.vpcs where v == 0 || peer == v {
                routes.append(.init(destination: .cidr(cidr(v == 0 ? "10.\(peer).0.0/16" : "10.0.0.0/16")), target: .peeringConnection("pcx-\(peer)")))
            }
            for extra in 0..<10 { routes.append(.init(destination: .cidr(cidr("172.\(16 + extra).\(t).0/24")), target: .natGateway("nat-\(v)"))) }
            net.routeTables["rtb-\(v)-\(t)"] = RouteTableConfig(id: "rtb-\(v)-\(t)", vpcId: vpc, routes: routes)
        }
        net.mainRouteTables[vpc] = "rtb-\(v)-0"
        for a in 0..<scale.aclsPerVPC {
            var entries: [NetworkACLConfig.Entry] = []
            for egress in [false, true] {
                for n in 0..<(scale.aclEntriesPerDirection - 2) {
                    entries.append(.init(ruleNumber: 10 + n, isEgress: egress, protocolNumber: 6, allow: false,
                                         cidr: cidr("192.0.2.\(n % 256)/32"), ports: PortRange(from: 6000 + n, to: 6000 + n)))
                }
                entries.append(.init(ruleNumber: 1000, isEgress: egress, protocolNumber: nil, allow: true, cidr: cidr("0.0.0.0/0")))
                entries.append(.init(ruleNumber: 32767, isEgress: egress, protocolNumber: nil, allow: false, cidr: cidr("0.0.0.0/0")))
            }
            net.networkACLs["acl-\(v)-\(a)"] = NetworkACLConfig(id: "acl-\(v)-\(a)", vpcId: vpc, entries: entries)
        }
        for g in 0..<scale.groupsPerVPC {
            var rules: [SecurityGroupConfig.Rule] = [
                .init(id: "sgr-\(v)-\(g)-e", isEgress: true, protocolNumber: nil, ports: nil, peer: .cidr(cidr("0.0.0.0/0"))),
                .init(id: "sgr-\(v)-\(g)-ssh", isEgress: false, protocolNumber: 6, ports: PortRange(22), peer: .cidr(cidr("203.0.113.0/24"))),
            ]
            for r in 0..<max(0, scale.ingressRulesPerGroup - 3) {
                rules.append(.init(id: "sgr-\(v)-\(g)-\(r)", isEgress: false, protocolNumber: 6, ports: PortRange(from: 7000 + r, to: 7000 + r),
                                   peer: .cidr(cidr("172.16.\(r % 256).0/24"))))
            }
            rules.append(.init(id: "sgr-\(v)-\(g)-ref", isEgress: false, protocolNumber: 6, ports: PortRange(443),
                               peer: .group("sg-\(v)-\((g + scale.groupsPerVPC - 1) % scale.groupsPerVPC)")))
            if v > 0 {  // the hub VPC (peered with every other) reaches 443 everywhere
                rules.append(.init(id: "sgr-\(v)-\(g)-hub", isEgress: false, protocolNumber: 6, ports: PortRange(443), peer: .cidr(cidr("10.0.0.0/16"))))
            }
            net.securityGroups["sg-\(v)-\(g)"] = SecurityGroupConfig(id: "sg-\(v)-\(g)", vpcId: vpc, rules: rules)
        }
        for s in 0..<scale.subnetsPerVPC {
            let subnet = "subnet-\(v)-\(s)"
            net.subnets[subnet] = SubnetConfig(id: subnet, vpcId: vpc, cidr: cidr("10.\(v).\(s).0/24"))
            let isPublic = s < scale.subnetsPerVPC / 2
            let tables = scale.routeTablesPerVPC / 2
            net.routeTableAssociations[subnet] = "rtb-\(v)-\(isPublic ? s % tables : tables + s % tables)"
            net.aclAssociations[subnet] = "acl-\(v)-\(s % scale.aclsPerVPC)"
            for i in 0..<scale.interfacesPerSubnet {
                let address = IPv4Address(10, UInt8(v), UInt8(s), UInt8(10 + i))
                let index = s * scale.interfacesPerSubnet + i
                let groups = ["sg-\(v)-\(index % scale.groupsPerVPC)", "sg-\(v)-\((index + 1) % scale.groupsPerVPC)"]
                net.interfaces["eni-\(v)-\(s)-\(i)"] = InterfaceConfig(
                    id: "eni-\(v)-\(s)-\(i)", subnetId: subnet, vpcId: vpc, privateAddresses: [address],
                    publicAddresses: isPublic ? [address: IPv4Address(198, 18, UInt8(v * 50 + s % 50), UInt8(10 + i))] : [:],
                    groupIds: groups, instanceId: "i-\(v)-\(s)-\(i)", instanceState: "running")
            }
        }
    }
    return net
}

/// Interface `i` of subnet `s` of VPC `v` carries groups index and index+1 (index = s*interfacesPerSubnet+i, modulo
/// the groups); group g admits 443 from group g-1: eni-1-30-0 (groups 300, 301) reaches eni-1-150-1 (groups 301, 302)
/// through the reference.
func cases(_ scale: Scale) -> [(String, ReachabilityQuery)] {
    let n = scale.interfacesPerSubnet
    return [
        ("instance -> instance, tcp 443 (group reference)",
         ReachabilityQuery(source: .interface("eni-1-30-0"), destination: .interface("eni-1-150-1"), protocol: .tcp, destinationPort: 443)),
        ("internet -> public instance, tcp 22",
         ReachabilityQuery(source: .internetGateway("igw-2"), destination: .interface("eni-2-3-\(n - 1)"), protocol: .tcp, destinationPort: 22,
                           sourceAddress: IPv4Address(203, 0, 113, 9))),
        ("private instance -> internet via NAT, tcp 443",
         ReachabilityQuery(source: .interface("eni-3-160-2"), destination: .address(IPv4Address(93, 184, 216, 34)), protocol: .tcp, destinationPort: 443)),
        ("instance -> peered VPC instance, tcp 443",
         ReachabilityQuery(source: .interface("eni-0-7-0"), destination: .interface("eni-4-8-0"), protocol: .tcp, destinationPort: 443)),
        ("blocked: instance -> instance, tcp 9999 (every rule scanned)",
         ReachabilityQuery(source: .interface("eni-1-5-0"), destination: .interface("eni-1-150-\(min(1, n - 1))"), protocol: .tcp, destinationPort: 9999)),
    ]
}

func measure(_ analyzer: ReachabilityAnalyzer<NetworkSnapshot>, _ query: ReachabilityQuery, iterations: Int) -> (median: Double, p99: Double, found: Bool) {
    let clock = ContinuousClock()
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    var found = false
    for _ in 0..<iterations {
        let start = clock.now
        let result = try! analyzer.analyze(query)
        let elapsed = start.duration(to: clock.now)
        found = result.pathFound
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    samples.sort()
    return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 99 / 100)], found)
}

func microseconds(_ value: Double) -> String { String(format: "%.1f µs", value) }

let base = Scale()
let clock = ContinuousClock()
let buildStart = clock.now
let network = region(base)
print("Region: \(network.vpcs.count) VPCs, \(network.subnets.count) subnets, \(network.interfaces.count) interfaces, "
      + "\(network.securityGroups.count) security groups (\(network.securityGroups.values.reduce(0) { $0 + $1.rules.count }) rules), "
      + "\(network.routeTables.count) route tables, \(network.networkACLs.count) network ACLs; built in \(start(buildStart))")
func start(_ instant: ContinuousClock.Instant) -> String { "\(instant.duration(to: clock.now))" }

let analyzer = ReachabilityAnalyzer(network)
print("\n| path | found | median | p99 |\n|---|---|---|---|")
for (name, query) in cases(base) {
    _ = measure(analyzer, query, iterations: 50)  // warm-up
    let (median, p99, found) = measure(analyzer, query, iterations: iterations)
    print("| \(name) | \(found) | \(microseconds(median)) | \(microseconds(p99)) |")
}

// Growth: the blocked case scans every ingress rule of the destination's two groups and every entry of the two ACLs
// the path crosses; nothing else in the Region is read.
print("\nGrowth with the rules the path crosses (blocked instance -> instance, median):")
print("\n| ingress rules per group | ACL entries per direction | interfaces in Region | median |\n|---|---|---|---|")
for (rules, entries, perSubnet) in [(20, 20, 10), (60, 20, 10), (600, 20, 10), (60, 200, 10), (60, 2000, 10), (20, 20, 1), (20, 20, 40)] {
    var scale = Scale()
    scale.ingressRulesPerGroup = rules
    scale.aclEntriesPerDirection = entries
    scale.interfacesPerSubnet = perSubnet
    let grown = ReachabilityAnalyzer(region(scale))
    let query = cases(scale)[4].1
    _ = measure(grown, query, iterations: 20)
    let (median, _, _) = measure(grown, query, iterations: max(200, iterations / 4))
    print("| \(rules) | \(entries) | \(scale.vpcs * scale.subnetsPerVPC * perSubnet) | \(microseconds(median)) |")
}
