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

