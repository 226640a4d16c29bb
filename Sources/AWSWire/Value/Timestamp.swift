import Foundation

/// AWS's three timestamp forms, formatted and parsed by hand (DateFormatter is slow and locale-bound).
public enum Timestamp {
    /// `2026-11-28T13:29:14.123Z`: XML protocols and `iso8601` members.
    public static func iso8601(_ date: Date, fractional: Bool = true) -> String {
        let (tm, millis) = components(date)
        var text = "\(pad(Int(tm.tm_year) + 1900, 4))-\(pad(Int(tm.tm_mon) + 1, 2))-\(pad(Int(tm.tm_mday), 2))T"
        text += "\(pad(Int(tm.tm_hour), 2)):\(pad(Int(tm.tm_min), 2)):\(pad(Int(tm.tm_sec), 2))"
        if fractional { text += ".\(pad(millis, 3))" }
        return text + "Z"
    }

    /// `Sat, 28 Nov 2026 13:29:14 GMT`: HTTP headers (`rfc822`).
    public static func rfc822(_ date: Date) -> String {
        let (tm, _) = components(date)
        return "\(weekdays[Int(tm.tm_wday)]), \(pad(Int(tm.tm_mday), 2)) \(months[Int(tm.tm_mon)]) \(Int(tm.tm_year) + 1900) "
            + "\(pad(Int(tm.tm_hour), 2)):\(pad(Int(tm.tm_min), 2)):\(pad(Int(tm.tm_sec), 2)) GMT"
    }

    /// Seconds since 1970, as JSON protocols write timestamps.
    public static func epochSeconds(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded() / 1000
    }

    /// Reads any of the three forms (and a bare date); nil when it is none of them, or epoch seconds outside the years
    /// 0001 to 9999 that the other two can write (`nan`, `inf` and `1e300` are numbers to `Double`, not times).
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) {
            guard seconds.isFinite, (-62_135_596_800 ... 253_402_300_799).contains(seconds) else { return nil }
            return Date(timeIntervalSince1970: seconds)
        }
        if let date = parseISO8601(trimmed) { return date }
        return parseRFC822(trimmed)
    }

    public static func parseISO8601(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func num(_ at: Int, _ len: Int) -> Int? {
            guard at + len <= b.count else { return nil }
            var v = 0
            for i in at..<at + len {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 10, let year = num(0, 4), b[4] == 45, let month = num(5, 2), b[7] == 45, let day = num(8, 2) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        var i = 10
        if i < b.count {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " "),
                  let h = num(i + 1, 2), b.count > i + 3, b[i + 3] == 58, let m = num(i + 4, 2) else { return nil }
            hour = h
            minute = m
            i += 6
            if i < b.count && b[i] == 58 {
                guard let s = num(i + 1, 2) else { return nil }
                second = s
                i += 3
            }
            if i < b.count && (b[i] == 46 || b[i] == 44) {
                var j = i + 1
                var scale = 0.1
                while j < b.count && b[j] >= 48 && b[j] <= 57 {
                    fraction += Double(b[j] - 48) * scale
                    scale /= 10
                    j += 1
                }
                i = j
            }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                    i += 1
                } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    guard let oh = num(i + 1, 2) else { return nil }
                    var om = 0
                    if i + 3 < b.count {
                        let at = b[i + 3] == 58 ? i + 4 : i + 3
                        guard let parsed = num(at, 2) else { return nil }
                        om = parsed
                        i = at + 2
                    } else {
                        i += 3
                    }
                    offsetSeconds = sign * (oh * 3600 + om * 60)
                }
            }
            guard i == b.count else { return nil }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        // A day the month does not have (`2099-02-30`) is no date, not the 2nd of March.
        guard daysFromCivil(year, month, day) - daysFromCivil(year, month, 1) < daysFromCivil(month == 12 ? year + 1 : year, month % 12 + 1, 1)
            - daysFromCivil(year, month, 1) else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    public static func parseRFC822(_ text: String) -> Date? {
        // "Sat, 28 Nov 2026 13:29:14 GMT"
        let parts = text.split(separator: " ")
        guard parts.count == 6, let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        let days = daysFromCivil(year, month + 1, day)
        return Date(timeIntervalSince1970: Double(days * 86400 + time[0] * 3600 + time[1] * 60 + time[2]))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func components(_ date: Date) -> (tm, Int) {
        // Whole milliseconds first: 0.123 s is 0.12299... in binary. Dates beyond what AWS writes (years 0 to 9999)
        // are clamped rather than trapping on conversion.
        let since1970 = date.timeIntervalSince1970.isNaN ? 0 : date.timeIntervalSince1970
        let total = Int64((min(max(since1970, -62_167_219_200), 253_402_300_799) * 1000).rounded())
        let (quotient, remainder) = total.quotientAndRemainder(dividingBy: 1000)
        var seconds = time_t(remainder < 0 ? quotient - 1 : quotient)
        let millis = Int(remainder < 0 ? remainder + 1000 : remainder)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return (parts, millis)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
