import Testing
@testable import NetworkModel

@Suite struct IPv4CIDRTests {
    @Test func parsesStrictly() {
        let block = IPv4CIDR("10.0.0.0/16")
        #expect(block?.network == IPv4Address(10, 0, 0, 0))
        #expect(block?.prefixLength == 16)
        #expect(block?.description == "10.0.0.0/16")
        #expect(IPv4CIDR("0.0.0.0/0")?.addressCount == 4_294_967_296)
        #expect(IPv4CIDR("1.2.3.4/32")?.addressCount == 1)
    }

    @Test(arguments: ["10.0.0.1/16", "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/016", "10.0.0.0/-1",
                      "10.0.0.0/16/1", "/16", "10.0.0/16", "10.0.0.0/+16", "10.0.0.0/ 16"])
    func rejectsInvalidOrHostBitsSet(_ text: String) {
        #expect(IPv4CIDR(text) == nil)
    }

    @Test func detectsHostBitsSet() {
        let lenient = IPv4CIDR.parseAllowingHostBits("100.68.0.18/18")
        #expect(lenient?.cidr == IPv4CIDR("100.68.0.0/18"))
        #expect(lenient?.hostBitsWereSet == true)
        #expect(IPv4CIDR.parseAllowingHostBits("10.0.0.0/16")?.hostBitsWereSet == false)
        #expect(IPv4CIDR.parseAllowingHostBits("10.0.0.0/40") == nil)
        #expect(IPv4CIDR(network: IPv4Address(10, 0, 0, 1), prefixLength: 24) == nil)
        #expect(IPv4CIDR(containing: IPv4Address(10, 0, 0, 1), prefixLength: 24) == IPv4CIDR("10.0.0.0/24"))
    }

    @Test func boundsAndSize() throws {
        let block = try #require(IPv4CIDR("172.31.0.0/16"))
        #expect(block.firstAddress == IPv4Address(172, 31, 0, 0))
        #expect(block.lastAddress == IPv4Address(172, 31, 255, 255))
        #expect(block.netmask == IPv4Address(255, 255, 0, 0))
        #expect(block.addressCount == 65_536)
        #expect(IPv4CIDR("0.0.0.0/0")?.lastAddress == IPv4Address(UInt32.max))
    }

    @Test func containmentAndOverlap() throws {
        let vpc = try #require(IPv4CIDR("10.0.0.0/16"))
        let subnet = try #require(IPv4CIDR("10.0.1.0/24"))
        let other = try #require(IPv4CIDR("10.1.0.0/16"))
        #expect(vpc.contains(IPv4Address(10, 0, 255, 255)))
        #expect(!vpc.contains(IPv4Address(10, 1, 0, 0)))
        #expect(vpc.contains(subnet))
        #expect(!subnet.contains(vpc))
        #expect(vpc.contains(vpc))
        #expect(vpc.overlaps(subnet) && subnet.overlaps(vpc))
        #expect(!vpc.overlaps(other))
        #expect(try #require(IPv4CIDR("0.0.0.0/0")).contains(other))
        #expect(!subnet.overlaps(try #require(IPv4CIDR("10.0.2.0/24"))))
    }

    @Test func carvesDefaultSubnetsFrom172_31() throws {
        let vpc = try #require(IPv4CIDR("172.31.0.0/16"))
        #expect(vpc.subBlockCount(prefixLength: 20) == 16)
        #expect(vpc.subBlock(prefixLength: 20, index: 0)?.description == "172.31.0.0/20")
        #expect(vpc.subBlock(prefixLength: 20, index: 1)?.description == "172.31.16.0/20")
        #expect(vpc.subBlock(prefixLength: 20, index: 2)?.description == "172.31.32.0/20")
        #expect(vpc.subBlock(prefixLength: 20, index: 15)?.description == "172.31.240.0/20")
        #expect(vpc.subBlock(prefixLength: 20, index: 16) == nil)
        #expect(vpc.subBlock(prefixLength: 8, index: 0) == nil)
        #expect(vpc.subBlock(prefixLength: 33, index: 0) == nil)
        let all = Array(vpc.subBlocks(prefixLength: 20))
        #expect(all.count == 16)
        #expect(all.prefix(3).map { $0.description } == ["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"])
        #expect(vpc.subBlocks(prefixLength: 16).map { $0 } == [vpc])
        #expect(Array(vpc.subBlocks(prefixLength: 12)).isEmpty)
        #expect(IPv4CIDR("0.0.0.0/0")?.subBlock(prefixLength: 32, index: UInt64(UInt32.max)) == IPv4CIDR("255.255.255.255/32"))
    }

    @Test func iteratesAddresses() throws {
        let block = try #require(IPv4CIDR("10.0.0.0/30"))
        #expect(block.addresses.map { $0.description } == ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3"])
    }
}

@Suite struct IPv6CIDRTests {
    @Test func parsesStrictlyAndDetectsHostBits() {
        let block = IPv6CIDR("2600:1f18:abcd:1200::/56")
        #expect(block?.prefixLength == 56)
        #expect(block?.description == "2600:1f18:abcd:1200::/56")
        #expect(IPv6CIDR("2001:DB8:0:0::/32")?.description == "2001:db8::/32")
        #expect(IPv6CIDR("2001:db8::1/64") == nil)
        #expect(IPv6CIDR("2001:db8::/129") == nil)
        #expect(IPv6CIDR("2001:db8::") == nil)
        #expect(IPv6CIDR("2001:db8::/064") == nil)
        let lenient = IPv6CIDR.parseAllowingHostBits("2001:db8::1/64")
        #expect(lenient?.cidr == IPv6CIDR("2001:db8::/64"))
        #expect(lenient?.hostBitsWereSet == true)
    }

    @Test func boundsAndSaturatingSize() throws {
        let block = try #require(IPv6CIDR("2001:db8::/64"))
        #expect(block.lastAddress.description == "2001:db8::ffff:ffff:ffff:ffff")
        #expect(block.hostBitCount == 64)
        #expect(block.addressCountSaturatingUInt64 == UInt64.max)
        #expect(IPv6CIDR("2001:db8::/120")?.addressCountSaturatingUInt64 == 256)
        #expect(IPv6CIDR("::/0")?.addressCount == UInt128.max)
        #expect(IPv6CIDR("::/1")?.addressCount == UInt128(1) << 127)
        #expect(IPv6CIDR("::1/128")?.addressCount == 1)
    }

    @Test func containmentAndOverlap() throws {
        let vpc = try #require(IPv6CIDR("2600:1f18:abcd:1200::/56"))
        let subnet = try #require(IPv6CIDR("2600:1f18:abcd:12ff::/64"))
        #expect(vpc.contains(subnet))
        #expect(!vpc.contains(try #require(IPv6CIDR("2600:1f18:abcd:1300::/64"))))
        #expect(vpc.contains(try #require(IPv6Address("2600:1f18:abcd:1234::1"))))
        #expect(subnet.overlaps(vpc) && vpc.overlaps(subnet))
        #expect(!subnet.overlaps(try #require(IPv6CIDR("2600:1f18:abcd:12fe::/64"))))
    }

    @Test func carvesSubnets() throws {
        let vpc = try #require(IPv6CIDR("2001:db8:0:100::/56"))
        #expect(vpc.subBlockCount(prefixLength: 64) == 256)
        #expect(vpc.subBlock(prefixLength: 64, index: 2)?.description == "2001:db8:0:102::/64")
        #expect(vpc.subBlock(prefixLength: 64, index: 255)?.description == "2001:db8:0:1ff::/64")
        #expect(vpc.subBlock(prefixLength: 64, index: 256) == nil)
        #expect(vpc.subBlocks(prefixLength: 64).prefix(2).map { $0.description } == ["2001:db8:0:100::/64", "2001:db8:0:101::/64"])
        #expect(Array(vpc.subBlocks(prefixLength: 64)).count == 256)
        let everything = try #require(IPv6CIDR("::/0"))
        #expect(everything.subBlockCount(prefixLength: 128) == UInt128.max)
        #expect(everything.subBlock(prefixLength: 128, index: UInt128.max)?.description == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")
        #expect(everything.subBlock(prefixLength: 0, index: 0) == everything)
    }
}
