import Foundation

/// A value of a context key in a request. Operators convert between kinds where AWS does: a string
/// `"10"` serves `NumericLessThan`, a string `"203.0.113.7"` serves `IpAddress`, `true` serves `Bool` and
/// `StringEquals "true"`. A ``list`` is a multivalued key, for `ForAllValues:` and `ForAnyValue:`.
public enum ConditionValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case number(Double)
    case date(Date)
    case ip(IPAddress)
    case binary([UInt8])
    case list([ConditionValue])

    /// An IP address value from text; a string value when the text is not an address.
    public static func ip(_ text: String) -> ConditionValue {
        IPAddress(text).map(ConditionValue.ip) ?? .string(text)
    }

    /// A list of strings.
    public static func strings(_ values: [String]) -> ConditionValue {
        .list(values.map(ConditionValue.string))
    }

    /// The text form: what string operators compare and what a policy variable becomes.
    public var text: String {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): ConditionValue.format(number)
        case .date(let date): DateParsing.iso8601(epochSeconds: date.timeIntervalSince1970)
        case .ip(let address): address.description
        case .binary(let bytes): Base64.encode(bytes)
        case .list(let values): values.map(\.text).joined(separator: ",")
        }
    }

    /// The values a set operator iterates: the list's elements, or the value itself.
    var elements: [ConditionValue] {
        if case .list(let values) = self { return values }
        return [self]
    }

    var numberValue: Double? {
        switch self {
        case .number(let number): number
        case .string(let text): ConditionValue.parseNumber(text)
        case .date(let date): date.timeIntervalSince1970
        default: nil
        }
    }

    var epochSeconds: Double? {
        switch self {
        case .date(let date): date.timeIntervalSince1970
        case .number(let number): number
        case .string(let text): DateParsing.epochSeconds(text)
        default: nil
        }
    }

    var boolValue: Bool? {
        switch self {
        case .bool(let flag): flag
        case .string(let text): ConditionValue.parseBool(text)
        default: nil
        }
    }

    var ipValue: IPAddress? {
        switch self {
        case .ip(let address): address
        case .string(let text): IPAddress(text)
        default: nil
        }
    }

    var binaryValue: [UInt8]? {
        switch self {
        case .binary(let bytes): bytes
        case .string(let text): Base64.decode(text) ?? Array(text.utf8)
        default: nil
        }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// Decimal numbers as IAM writes them: optional sign, digits, fraction, exponent. (Not Swift's
    /// `Double("0x1p3")` or `"nan"`.)
    static func parseNumber(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }) else { return nil }
        return Double(text)
    }

    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 {
            return String(Int64(number))
        }
        return String(number)
    }
}

extension ConditionValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: ConditionValue...) { self = .list(elements) }
}

/// The request context's condition keys. Keys are case-insensitive ("IAM JSON policy elements:
/// Condition": "Condition key names are not case-sensitive"), so they are normalized when stored.
public struct ConditionContext: Sendable, ExpressibleByDictionaryLiteral {
    var storage: [String: ConditionValue]

    public init() {
        storage = [:]
    }

    public init(_ values: [String: ConditionValue]) {
        storage = Dictionary(minimumCapacity: values.count)
        for (key, value) in values {
            storage[ConditionContext.normalize(key)] = value
        }
    }

    public init(dictionaryLiteral elements: (String, ConditionValue)...) {
        storage = Dictionary(minimumCapacity: elements.count)
        for (key, value) in elements {
            storage[ConditionContext.normalize(key)] = value
        }
    }

    public subscript(key: String) -> ConditionValue? {
        get { storage[ConditionContext.normalize(key)] }
        set { storage[ConditionContext.normalize(key)] = newValue }
    }

    /// The keys present, lowercased.
    public var keys: [String] { Array(storage.keys) }

    public var isEmpty: Bool { storage.isEmpty }

    /// Lowercases a key (ASCII fast path).
    public static func normalize(_ key: String) -> String {
        if key.utf8.allSatisfy({ $0 < 0x80 && ($0 &- UInt8(ascii: "A") >= 26) }) { return key }
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: key.utf8.map(Glob.asciiLower), as: UTF8.self)
        }
        return key.lowercased()
    }

    /// The value of a (normalized) key: the context's own, else one derived from the principal.
    @inline(__always)
    func lookup(normalizedKey key: String, request: UnsafePointer<AuthorizationRequest>) -> ConditionValue? {
        if let value = storage[key] { return value }
        return request.pointee.principal.derivedContextValue(normalizedKey: key)
    }
}

/// An IPv4 or IPv6 address. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are taken as IPv4.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let isIPv4: Bool
    let high: UInt64
    let low: UInt64

    private init(isIPv4: Bool, high: UInt64, low: UInt64) {
        self.isIPv4 = isIPv4
        self.high = high
        self.low = low
    }

    init(ipv4: UInt32) {
        self.init(isIPv4: true, high: 0, low: UInt64(ipv4))
    }

    init(ipv6High: UInt64, low: UInt64) {
        if ipv6High == 0, low >> 32 == 0xFFFF {
            self.init(isIPv4: true, high: 0, low: low & 0xFFFF_FFFF)
        } else {
            self.init(isIPv4: false, high: ipv6High, low: low)
        }
    }

    public init?(_ text: String) {
        if text.contains(":") {
            guard let (high, low) = IPAddress.parseIPv6(Substring(text)) else { return nil }
            self.init(ipv6High: high, low: low)
        } else {
            guard let value = IPAddress.parseIPv4(Substring(text)) else { return nil }
            self.init(ipv4: value)
        }
    }

    public var description: String {
        if isIPv4 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
        }
        let groups = (0..<8).map { index -> String in
            let word = index < 4 ? high >> UInt64((3 - index) * 16) : low >> UInt64((7 - index) * 16)
            return String(UInt16(truncatingIfNeeded: word), radix: 16)
        }
        return groups.joined(separator: ":")
    }

    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let octet = UInt32(part), octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    static func parseIPv6(_ text: Substring) -> (UInt64, UInt64)? {
        var groups: [UInt16] = []
        var tail: [UInt16] = []
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ part: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail, index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xFFFF))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let word = UInt16(piece, radix: 16) else { return nil }
                out.append(word)
            }
            return out
        }
        if halves.count == 2 {
            guard let head = parseGroups(Substring(halves[0]), allowIPv4Tail: false),
                  let rest = parseGroups(Substring(halves[1]), allowIPv4Tail: true),
                  head.count + rest.count <= 7 else { return nil }
            groups = head
            tail = rest
            groups += Array(repeating: 0, count: 8 - head.count - rest.count) + tail
        } else {
            guard let all = parseGroups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<4 { high = high << 16 | UInt64(groups[index]) }
        for index in 4..<8 { low = low << 16 | UInt64(groups[index]) }
        return (high, low)
    }
}

/// A CIDR block from an `IpAddress` condition value ("203.0.113.0/24", "2001:DB8:1234:5678::/64"); an
/// address without a prefix is the single address ("IAM uses the default prefix value of /32").
struct CIDRBlock: Sendable, Hashable {
    let address: IPAddress
    let prefix: Int

    init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        var addressText = Substring(trimmed)
        var prefix: Int?
        if let slash = trimmed.firstIndex(of: "/") {
            addressText = trimmed[..<slash]
            guard let bits = Int(trimmed[trimmed.index(after: slash)...]), bits >= 0 else { return nil }
            prefix = bits
        }
        guard let address = IPAddress(String(addressText)) else { return nil }
        let width = address.isIPv4 ? 32 : 128
        let mappedV4 = address.isIPv4 && addressText.contains(":")
        var bits = prefix ?? width
        if mappedV4, let given = prefix {
            // ::ffff:a.b.c.d/n over the 128-bit space.
            guard given >= 96 else { return nil }
            bits = given - 96
        }
        guard bits <= width else { return nil }
        self.address = address
        self.prefix = bits
    }

    func contains(_ ip: IPAddress) -> Bool {
        guard ip.isIPv4 == address.isIPv4 else { return false }
        if ip.isIPv4 {
            if prefix == 0 { return true }
            let mask: UInt64 = (0xFFFF_FFFF << UInt64(32 - prefix)) & 0xFFFF_FFFF
            return ip.low & mask == address.low & mask
        }
        if prefix <= 64 {
            let mask: UInt64 = prefix == 0 ? 0 : ~0 << UInt64(64 - prefix)
            return ip.high & mask == address.high & mask
        }
        let mask: UInt64 = prefix == 128 ? ~0 : ~0 << UInt64(128 - prefix)
        return ip.high == address.high && ip.low & mask == address.low & mask
    }
}

/// Dates as the date operators read them ("IAM JSON policy elements: Condition operators": "one of the
/// W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time").
enum DateParsing {
    static func epochSeconds(_ text: String) -> Double? {
        let bytes = Array(text.trimmingSpaces.utf8)
        guard !bytes.isEmpty else { return nil }
        // Digits alone (optionally signed, with a fraction): epoch seconds.
        let unsigned = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
        if !unsigned.isEmpty, unsigned.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }),
           unsigned.filter({ $0 == UInt8(ascii: ".") }).count <= 1, unsigned.first != UInt8(ascii: ".") {
            return Double(String(decoding: bytes, as: UTF8.self))
        }
        return iso8601(bytes)
    }

    /// YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm, Thh:mm:ss or Thh:mm:ss.s, then Z, ±hh:mm or ±hhmm
    /// (no zone: UTC).
    static func iso8601(_ bytes: [UInt8]) -> Double? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func take(_ ascii: Character) -> Bool {
            if index < bytes.count, bytes[index] == ascii.asciiValue! {
                index += 1
                return true
            }
            return false
        }
        guard let year = digits(4) else { return nil }
        var month = 1
        var day = 1
        var seconds = 0.0
        if take("-") {
            guard let m = digits(2), (1...12).contains(m) else { return nil }
            month = m
            if take("-") {
                guard let d = digits(2), (1...31).contains(d) else { return nil }
                day = d
            }
        }
        if take("T") || take("t") || take(" ") {
            guard let hour = digits(2), hour <= 24, take(":"), let minute = digits(2), minute < 60 else { return nil }
            seconds = Double(hour * 3600 + minute * 60)
            if take(":") {
                guard let second = digits(2), second <= 60 else { return nil }
                seconds += Double(second)
                if take(".") || take(",") {
                    var scale = 0.1
                    var fraction = 0.0
                    var any = false
                    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                        fraction += Double(bytes[index] - 0x30) * scale
                        scale /= 10
                        index += 1
                        any = true
                    }
                    guard any else { return nil }
                    seconds += fraction
                }
            }
            if take("Z") || take("z") {
                // UTC
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "+") ? -1.0 : 1.0
                index += 1
                guard let offsetHours = digits(2) else { return nil }
                _ = take(":")
                guard let offsetMinutes = digits(2) else { return nil }
                seconds += sign * Double(offsetHours * 3600 + offsetMinutes * 60)
            }
        }
        guard index == bytes.count else { return nil }
        return Double(daysFromCivil(year: year, month: month, day: day)) * 86400 + seconds
    }

    /// Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's `days_from_civil`.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func iso8601(epochSeconds: Double) -> String {
        let total = Int(epochSeconds.rounded(.down))
        var days = total / 86400
        var rest = total % 86400
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        // civil_from_days
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))Z"
    }
}

/// Base64 for `BinaryEquals` ("It compares the value of the specified key byte for byte against a
/// base-64 encoded representation of the binary value in the policy").
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"), UInt8(ascii: "-"): values.append(62)
            case UInt8(ascii: "/"), UInt8(ascii: "_"): values.append(63)
            case UInt8(ascii: "="): padding += 1
            case 0x20, 0x0A, 0x0D, 0x09: continue
            default: return nil
            }
            if padding > 0, byte != UInt8(ascii: "=") { return nil }
        }
        guard padding <= 2, (values.count + padding) % 4 == 0 || padding == 0 else { return nil }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index + 1 < values.count {
            let a = values[index], b = values[index + 1]
            out.append(a << 2 | b >> 4)
            if index + 2 < values.count {
                let c = values[index + 2]
                out.append(b << 4 | c >> 2)
                if index + 3 < values.count {
                    out.append(c << 6 | values[index + 3])
                }
            }
            index += 4
        }
        return out
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let a = bytes[index]
            let b = index + 1 < bytes.count ? bytes[index + 1] : 0
            let c = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(a >> 2)])
            out.append(alphabet[Int((a & 0x03) << 4 | b >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b & 0x0F) << 2 | c >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(c & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
