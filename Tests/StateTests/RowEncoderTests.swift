import Foundation
import Testing
@testable import State

/// Rows written by RowEncoder must read back with Foundation's JSONDecoder (default strategies), exactly.
@Suite struct RowEncoderTests {
    enum Shape: Codable, Hashable {
        case circle(radius: Double)
        case box(width: Int, height: Int, label: String?)
        case point
    }

    struct Inner: Codable, Hashable {
        var name: String
        var tags: [String: String]
        var weights: [Double]
    }

    struct Sample: Codable, Hashable {
        var id: String
        var count: Int
        var big: UInt64
        var negative: Int32
        var ratio: Double
        var tiny: Double
        var flag: Bool
        var when: Date
        var blob: Data
        var optionalPresent: String?
        var optionalMissing: Int?
        var inner: Inner
        var list: [Inner?]
        var byNumber: [Int: String]
        var byStruct: [Shape: Int]
        var shapes: [Shape]
        var nested: [[String]]
        var set: Set<String>
        var text: String
    }

    static let sample = Sample(
        id: "i-0123", count: -42, big: UInt64.max, negative: Int32.min, ratio: 3.5, tiny: 1.0e-7, flag: true,
        when: Date(timeIntervalSinceReferenceDate: 786_543_210.123456), blob: Data([0, 1, 2, 255, 254]),
        optionalPresent: "yes", optionalMissing: nil,
        inner: Inner(name: "n", tags: ["k": "v", "empty": ""], weights: [0, -0.5, 1e20, 12345678.875]),
        list: [Inner(name: "a", tags: [:], weights: []), nil], byNumber: [1: "one", 20: "twenty"],
        byStruct: [.circle(radius: 2): 1, .point: 2], shapes: [.box(width: 3, height: 4, label: nil), .box(width: 1, height: 1, label: "l"), .point],
        nested: [[], ["x", "y"]], set: ["a", "b"],
        text: "quote \" backslash \\ slash / newline \n tab \t bell \u{07} unicode é 漢字 🚀")

    @Test func roundTripsThroughJSONDecoder() throws {
        let data = try RowEncoder().encode(Self.sample)
        let decoded = try JSONDecoder().decode(Sample.self, from: data)
        #expect(decoded == Self.sample)
    }

    @Test func readsWhatJSONEncoderWrote() throws {
        // Rows already on disk were written by JSONEncoder; both must decode to the same value.
        let old = try JSONDecoder().decode(Sample.self, from: JSONEncoder().encode(Self.sample))
        let new = try JSONDecoder().decode(Sample.self, from: RowEncoder().encode(Self.sample))
        #expect(old == new)
    }

    @Test func leavesOutMissingOptionalsAndWritesValidJSON() throws {
        let data = try RowEncoder().encode(Self.sample)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["optionalMissing"] == nil)
        #expect(object?["count"] as? Int == -42)
    }

    @Test func refusesNonFiniteNumbers() {
        struct Bad: Codable { var value: Double }
        #expect(throws: EncodingError.self) { try RowEncoder().encode(Bad(value: .nan)) }
        #expect(throws: EncodingError.self) { try RowEncoder().encode(Bad(value: .infinity)) }
    }

    @Test func namesWhereANonFiniteNumberSits() {
        struct Inner: Codable { var weights: [Double] }
        struct Outer: Codable { var inner: [String: Inner] }
        do {
            _ = try RowEncoder().encode(Outer(inner: ["k": Inner(weights: [1, .nan])]))
            Issue.record("expected an error")
        } catch EncodingError.invalidValue(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["inner", "k", "weights", "1"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aKeyWrittenTwiceKeepsTheLastValue() throws {
        struct Twice: Encodable {
            enum Keys: String, CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(1, forKey: .a)
                try container.encode("x", forKey: .b)
                try container.encode(2, forKey: .a)
            }
        }
        #expect(String(decoding: try RowEncoder().encode(Twice()), as: UTF8.self) == #"{"a":2,"b":"x"}"#)
    }

    @Test func topLevelValues() throws {
        #expect(try JSONDecoder().decode([String].self, from: RowEncoder().encode(["a", "b"])) == ["a", "b"])
        #expect(try JSONDecoder().decode(String.self, from: RowEncoder().encode("x")) == "x")
        #expect(try JSONDecoder().decode(Int.self, from: RowEncoder().encode(7)) == 7)
    }
}
