import AWSWire
import Testing
@testable import EC2Service

/// The pure parts of EC2 networking: how rules, protocols, ports, IDs, public addresses and pages are read.
@Suite struct SecurityGroupRuleInputTests {
    // "Security group rules": tcp, udp, icmp and icmpv6 by name or number; -1 for all; other numbers kept.
    @Test(arguments: [("tcp", "tcp"), ("6", "tcp"), ("UDP", "udp"), ("17", "udp"), ("icmp", "icmp"), ("1", "icmp"),
                      ("58", "icmpv6"), ("-1", "-1"), ("all", "-1"), ("50", "50")])
    func normalizesProtocols(_ text: String, _ expected: String) throws {
        #expect(try SecurityGroupRuleInput.normalizedProtocol(text) == expected)
    }

    @Test(arguments: ["ftp", "256", "-2", ""])
    func refusesUnknownProtocols(_ text: String) {
        #expect(throws: AWSError.self) { try SecurityGroupRuleInput.normalizedProtocol(text) }
    }

    @Test func tcpNeedsAValidRange() throws {
        #expect(try SecurityGroupRuleInput.ports("tcp", from: 22, to: 22) == (22, 22))
        #expect(try SecurityGroupRuleInput.ports("tcp", from: -1, to: -1) == (0, 65535))
        #expect(throws: AWSError.self) { try SecurityGroupRuleInput.ports("tcp", from: 80, to: 22) }
        #expect(throws: AWSError.self) { try SecurityGroupRuleInput.ports("udp", from: nil, to: 53) }
        #expect(throws: AWSError.self) { try SecurityGroupRuleInput.ports("tcp", from: 0, to: 65536) }
    }

    @Test func icmpCarriesTypeAndCode() throws {
        #expect(try SecurityGroupRuleInput.ports("icmp", from: 8, to: -1) == (8, -1))
        #expect(try SecurityGroupRuleInput.ports("icmp", from: nil, to: nil) == (-1, -1))
        #expect(throws: AWSError.self) { try SecurityGroupRuleInput.ports("icmp", from: -1, to: 0) }
        #expect(throws: AWSError.self) { try SecurityGroupRuleInput.ports("icmpv6", from: 256, to: 0) }
    }

    @Test func allProtocolsDropPorts() throws {
        #expect(try SecurityGroupRuleInput.ports("-1", from: 22, to: 22) == (nil, nil))
        #expect(try SecurityGroupRuleInput.ports("50", from: 1, to: 2) == (nil, nil))
    }

    @Test func canonicalizesCIDRs() throws {
        #expect(try SecurityGroupRuleInput.canonicalIPv4("10.0.0.7/24") == "10.0.0.0/24")
        #expect(try SecurityGroupRuleInput.canonicalIPv6("2001:db8::1/64") == "2001:db8::/64")
        #expect(throws: AWSError.self) { try SecurityGroupRuleInput.canonicalIPv4("10.0.0/16") }
    }

    @Test func duplicateMessageNamesTheRule() {
        let rule = SecurityGroup.Rule(id: "sgr-1", isEgress: false, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0")
        #expect(SecurityGroupRuleInput.describe(rule) == "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW")
    }
}

@Suite struct NetworkACLInputTests {
    @Test(arguments: [("tcp", "6"), ("udp", "17"), ("icmp", "1"), ("-1", "-1"), ("47", "47")])
    func protocolsAreNumbers(_ text: String, _ expected: String) throws {
        #expect(try NetworkACLs.protocolNumber(text) == expected)
    }

    // "Network ACL rules": numbers 1 to 32766; the `*` rules are 32767 (IPv4) and 32768 (IPv6).
    @Test func newACLDeniesEverything() {
        let entries = NetworkACL.initialEntries(allowAll: false, ipv6: true)
        #expect(entries.allSatisfy { !$0.allow })
        #expect(Set(entries.map(\.ruleNumber)) == [32767, 32768])
        #expect(NetworkACL.initialEntries(allowAll: true, ipv6: false).map(\.ruleNumber) == [100, 32767, 100, 32767])
    }

    @Test func entryNumbersAreChecked() {
        let base: [String: AWSValue] = ["Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"]
        for number in [0, 32767, -1] {
            var input = base
            input["RuleNumber"] = .int(number)
            #expect(throws: AWSError.self) { try NetworkACLs.entry(.object(input)) }
        }
        var tcp = base
        tcp["RuleNumber"] = 100
        tcp["Protocol"] = "tcp"
        #expect(throws: AWSError.self) { try NetworkACLs.entry(.object(tcp)) }  // tcp needs a port range
    }
}

@Suite struct EC2IdentifierTests {
    @Test func idsHaveTheirTypesForm() {
        #expect(VPC.isWellFormed("vpc-0a1b2c3d4e5f67890"))
        #expect(VPC.isWellFormed("vpc-12345678"))
        #expect(!VPC.isWellFormed("vpc-zzzzzzzz"))
        #expect(!VPC.isWellFormed("subnet-12345678"))
        #expect(!VPC.isWellFormed("vpc-"))
        // EC2 spells the Malformed codes unevenly; each type names its own.
        #expect(VPC.malformedCode == "InvalidVpcID.Malformed")
        #expect(RouteTable.malformedCode == "InvalidRouteTableId.Malformed")
        #expect(InternetGateway.malformedCode == "InvalidInternetGatewayId.Malformed")
        #expect(SecurityGroup.malformedCode == "InvalidGroupId.Malformed")
    }

    @Test func notFoundMessagesNameEveryMissingID() {
        #expect(VPC.notFound(["vpc-1"]).message == "The vpc ID 'vpc-1' does not exist")
        #expect(VPC.notFound(["vpc-1", "vpc-2"]).message == "The vpc IDs 'vpc-1, vpc-2' do not exist")
    }

    @Test func tagFiltersReadKeysAndValues() {
        let tags = [EC2Tag(key: "Name", value: "web"), EC2Tag(key: "env", value: "prod")]
        #expect(EC2Tag.filterValues(tags, "tag:Name") == ["web"])
        #expect(EC2Tag.filterValues(tags, "tag:name") == [])  // keys are case-sensitive
        #expect(EC2Tag.filterValues(tags, "tag-key") == ["Name", "env"])
        #expect(EC2Tag.filterValues(tags, "vpc-id") == nil)
    }
}

@Suite struct PublicAddressAndPagingTests {
    // Public addresses come from the documentation ranges first: none is a real host.
    @Test func poolStartsInTheDocumentationRanges() {
        #expect(PublicIPPool.address(at: 0).description == "192.0.2.1")
        #expect(PublicIPPool.address(at: 253).description == "192.0.2.254")
        #expect(PublicIPPool.address(at: 254).description == "198.51.100.1")
        #expect(PublicIPPool.address(at: 3 * 254).description == "198.18.0.1")
        #expect(PublicIPPool.capacity == 3 * 254 + 131_070)
    }

    @Test func pagesResumeWhereTheyStopped() {
        let items = Array(0..<12)
        let first = EC2Describe.page(items, maxResults: 5, start: 0)
        #expect(Array(first.items) == [0, 1, 2, 3, 4])
        guard case .string(let token)? = first.nextToken else { Issue.record("no token"); return }
        let (size, start) = try! EC2Describe.pageRequest(["MaxResults": 5, "NextToken": .string(token)])
        let second = EC2Describe.page(items, maxResults: size, start: start)
        #expect(Array(second.items) == [5, 6, 7, 8, 9])
        #expect(EC2Describe.page(items, maxResults: nil, start: 10).nextToken == nil)
        #expect(throws: AWSError.self) { try EC2Describe.pageRequest(["MaxResults": 4]) }
        #expect(throws: AWSError.self) { try EC2Describe.pageRequest(["NextToken": "garbage"]) }
    }
}

@Suite struct WildcardTests {
    // "Filter your Amazon EC2 resources": `*` any run, `?` one character, `\` escapes.
    @Test func matchesWildcards() {
        #expect(WildcardPattern("web-*").matches("web-1"))
        #expect(WildcardPattern("web-?").matches("web-1"))
        #expect(!WildcardPattern("web-?").matches("web-10"))
        #expect(WildcardPattern("*").matches(""))
        #expect(WildcardPattern("a\\*b").matches("a*b"))
        #expect(!WildcardPattern("a\\*b").matches("axb"))
        #expect(!WildcardPattern("Web").matches("web"))
    }
}
