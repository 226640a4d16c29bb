import Testing
@testable import NetworkModel

@Suite struct IPv4AddressTests {
    @Test func parsesValidDottedQuads() {
        #expect(IPv4Address("10.0.0.1")?.value == 0x0A00_0001)
        #expect(IPv4Address("0.0.0.0")?.value == 0)
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max)
        #expect(IPv4Address("172.31.16.5") == IPv4Address(172, 31, 16, 5))
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.00", "256.0.0.1", "1.2.3.-1",
                      "1..3.4", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "+1.2.3.4", "1.2.3.1000", "1.2.3.4/32"])
    func rejectsInvalidDottedQuads(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func describesAndOrders() {
        #expect(IPv4Address(0xC0A8_0001).description == "192.168.0.1")
        #expect(IPv4Address(10, 0, 0, 1) < IPv4Address(10, 0, 0, 2))
        #expect(IPv4Address(10, 0, 0, 255).advanced(by: 1) == IPv4Address(10, 0, 1, 0))
        #expect(IPv4Address(UInt32.max).advanced(by: 1) == nil)
        #expect(IPv4Address(1, 2, 3, 4).octets == [1, 2, 3, 4])
    }
}

@Suite struct IPv6AddressTests {
    @Test func parsesRFC4291Forms() {
        let full = IPv6Address("2001:DB8:0:0:8:800:200C:417A")
        #expect(full == IPv6Address(groups: [0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a]))
        #expect(IPv6Address("2001:db8::8:800:200c:417a") == full)
        #expect(IPv6Address("2001:0db8:0000:0000:0008:0800:200c:417a") == full)
        #expect(IPv6Address("::")?.value == 0)
        #expect(IPv6Address("::1")?.value == 1)
        #expect(IPv6Address("ff01::")?.groups.first == 0xff01)
        #expect(IPv6Address("1:2:3:4:5:6:7::") == IPv6Address(groups: [1, 2, 3, 4, 5, 6, 7, 0]))
        #expect(IPv6Address("::2:3:4:5:6:7:8") == IPv6Address(groups: [0, 2, 3, 4, 5, 6, 7, 8]))
    }

    @Test func parsesEmbeddedIPv4() {
        let mapped = IPv6Address("::ffff:1.2.3.4")
        #expect(mapped == IPv6Address(ipv4Mapped: IPv4Address(1, 2, 3, 4)))
        #expect(mapped?.ipv4Mapped == IPv4Address(1, 2, 3, 4))
        #expect(IPv6Address("0:0:0:0:0:FFFF:129.144.52.38") == IPv6Address("::ffff:8190:3426"))
        #expect(IPv6Address("::13.1.68.3") == IPv6Address(groups: [0, 0, 0, 0, 0, 0, 0x0d01, 0x4403]))
        #expect(IPv6Address("64:ff9b::10.0.0.1") == IPv6Address(groups: [0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 0x0001]))
    }

    @Test(arguments: ["", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
                      "g::", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", ":1::", "1::2:", "::1.2.3",
                      "1.2.3.4::", "::1.2.3.4:5", "::01.2.3.4", "fe80::1%eth0", "2001:db8::/32",
                      "1:2:3:4:5:6:7:1.2.3.4", "+1::", " ::1", "::-1"])
    func rejectsInvalidText(_ text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test(arguments: [
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),          // first of equal runs
        ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),            // longest run wins
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),       // never :: for one group
        ("0:0:0:0:0:0:0:0", "::"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("fe80:0:0:0:0200:5eff:fe00:5301", "fe80::200:5eff:fe00:5301"),
        ("::ffff:c000:0201", "::ffff:192.0.2.1"),               // RFC 5952 section 5
        ("2600:1f18:abcd:1200::", "2600:1f18:abcd:1200::"),
    ])
    func canonicalText(_ input: String, _ expected: String) {
        #expect(IPv6Address(input)?.description == expected)
    }

    @Test func highAndLowHalves() {
        let address = IPv6Address(high: 0x2001_0db8_0000_0000, low: 1)
        #expect(address.description == "2001:db8::1")
        #expect(address.high == 0x2001_0db8_0000_0000)
        #expect(address.low == 1)
    }
}
