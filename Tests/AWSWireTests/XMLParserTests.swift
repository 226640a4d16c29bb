import Testing
@testable import AWSWire

/// The request-body XML parser: well-formed documents parse; anything else throws, never traps.
@Suite struct XMLParserTests {
    @Test func parsesElementsAttributesEntitiesAndCDATA() throws {
        let text = #"<?xml version="1.0" encoding="UTF-8"?><!-- c --><Root xmlns="urn:x" a='1'><Item>a &amp; b &#x41;&#66;</Item><Item/><Data><![CDATA[<raw>]]></Data></Root>"#
        let root = try XMLNode.parse(Array(text.utf8))
        #expect(root.name == "Root" && root.attributes["a"] == "1" && root.attributes["xmlns"] == "urn:x")
        #expect(root.children(named: "Item").map(\.text) == ["a & b AB", ""])
        #expect(root.children(named: "Data").first?.text == "<raw>")
    }

    @Test(arguments: [
        "", "   ", "<", "<a", "<a>", "<a></b>", "<a><b></a>", "<a x=1></a>", "<a x=\"1></a>", "<a>&bogus;</a>", "<a>&#xFFFFFFFF;</a>",
        "<!DOCTYPE a><a/>", "<a/><b/>", "<a/>trailing", "<a><![CDATA[open</a>", "<a><!-- open</a>", "\u{FF}\u{FE}<a/>",
        String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200),
    ])
    func malformedDocumentsThrow(_ text: String) {
        #expect(throws: WireFault.self) { try XMLNode.parse(Array(text.utf8)) }
    }

    @Test func randomBytesNeverTrap() {
        var rng = SystemRandomNumberGenerator()
        let seed = Array(#"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"#.utf8)
        for _ in 0..<5000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if Bool.random(using: &rng) { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng))) }
            _ = try? XMLNode.parse(bytes)
        }
    }
}
