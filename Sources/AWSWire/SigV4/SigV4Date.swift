// SigV4 timestamps: ISO 8601 basic format "yyyyMMdd'T'HHmmss'Z'" (X-Amz-Date), and the RFC 1123
// Date header some clients send instead. Hand-rolled fixed-width parsing: DateFormatter is slow.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SigV4 {
    /// Parses "20150830T123600Z". Nil unless exactly that shape with valid ranges.
    public static func parseAmzDate(_ string: String) -> Date? {
        guard let seconds = amzDateEpochSeconds(string) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Seconds since 1970 for "yyyyMMdd'T'HHmmss'Z'", or nil.
    public static func amzDateEpochSeconds(_ string: String) -> Int64? {
        let u = Array(string.utf8)
        guard u.count == 16, u[8] == UInt8(ascii: "T"), u[15] == UInt8(ascii: "Z"),
              let year = digits(u, 0, 4), let month = digits(u, 4, 2), let day = digits(u, 6, 2),
              let hour = digits(u, 9, 2), let minute = digits(u, 11, 2), let second = digits(u, 13, 2)
        else { return nil }
        return epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Formats a date as "yyyyMMdd'T'HHmmss'Z'" (UTC).
    public static func formatAmzDate(_ date: Date) -> String {
        formatAmzDate(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    public static func formatAmzDate(epochSeconds: Int64) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secs = Int(epochSeconds - days * 86_400)
        let (y, m, d) = civilFromDays(days)
        var out = [UInt8]()
        out.reserveCapacity(16)
        func put(_ v: Int, _ width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var v = v
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            out.append(contentsOf: digits)
        }
        put(Int(y), 4); put(m, 2); put(d, 2)
        out.append(UInt8(ascii: "T"))
        put(secs / 3600, 2); put(secs / 60 % 60, 2); put(secs % 60, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Converts an RFC 1123 HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT") to "19941106T084937Z".
    public static func amzDate(fromHTTPDate string: String) -> String? {
        let u = Array(string.utf8)
        var i = 0
        // Optional "Sun, "
        if let comma = u.firstIndex(of: UInt8(ascii: ",")) { i = comma + 1 }
        func skipSpaces() { while i < u.count, u[i] == UInt8(ascii: " ") { i += 1 } }
        func number(maxWidth: Int) -> Int? {
            let start = i
            var v = 0
            while i < u.count, i - start < maxWidth, u[i] >= UInt8(ascii: "0"), u[i] <= UInt8(ascii: "9") {
                v = v * 10 + Int(u[i] - UInt8(ascii: "0"))
                i += 1
            }
            return i > start ? v : nil
        }
        skipSpaces()
        guard let day = number(maxWidth: 2) else { return nil }
        skipSpaces()
        guard i + 3 <= u.count else { return nil }
        let mon = String(decoding: u[i..<(i + 3)], as: UTF8.self).lowercased()
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let monthIndex = months.firstIndex(of: mon) else { return nil }
        i += 3
        skipSpaces()
        guard let year = number(maxWidth: 4) else { return nil }
        skipSpaces()
        guard let hour = number(maxWidth: 2), i < u.count, u[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let minute = number(maxWidth: 2), i < u.count, u[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let second = number(maxWidth: 2) else { return nil }
        skipSpaces()
        let zone = String(decoding: u[i...], as: UTF8.self)
        guard zone == "GMT" || zone == "UTC" || zone == "Z" || zone == "+0000" else { return nil }
        guard let epoch = epochSeconds(
            year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second
        ) else { return nil }
        return formatAmzDate(epochSeconds: epoch)
    }

    // MARK: - Civil calendar (proleptic Gregorian, UTC)

    private static func digits(_ u: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var v = 0
        for b in u[start..<(start + count)] {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + Int(b - UInt8(ascii: "0"))
        }
        return v
    }

    private static func epochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        return Int64(Timestamp.daysFromCivil(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Inverse of `daysFromCivil`.
    private static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
