/// Wildcard matching for actions, resources, `StringLike` and ARN operators. Patterns compile to code
/// units over UTF-8: 0...255 a literal byte, ``Glob/star`` any run of characters (also none),
/// ``Glob/question`` exactly one character. A literal `*` or `?` (from `${*}`, `${?}`) is just its byte.
enum Glob {
    static let star: UInt16 = 256
    static let question: UInt16 = 257

    /// Codes for text in which `*` and `?` are wildcards. With `lowercase`, ASCII letters are lowered
    /// (for patterns matched without regard to case).
    static func codes(wildcardText text: String, lowercase: Bool = false) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(text.utf8.count)
        appendCodes(wildcardText: text, lowercase: lowercase, to: &out)
        return out
    }

    static func appendCodes(wildcardText text: String, lowercase: Bool, to out: inout [UInt16]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "*"): out.append(star)
            case UInt8(ascii: "?"): out.append(question)
            default: out.append(UInt16(lowercase ? asciiLower(byte) : byte))
            }
        }
    }

    static func appendCodes(literalText text: String, lowercase: Bool, to out: inout [UInt16]) {
        for byte in text.utf8 {
            out.append(UInt16(lowercase ? asciiLower(byte) : byte))
        }
    }

    @inline(__always)
    static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// The length in bytes of the UTF-8 sequence starting with `lead`.
    @inline(__always)
    static func scalarLength(_ lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    /// Matches `value` against `codes`: greedy with one backtrack point, linear in practice and
    /// O(pattern × value) at worst. With `foldCase`, ASCII letters of the value are lowered before
    /// comparison (the pattern must then be lowercase already).
    static func match(_ codes: UnsafeBufferPointer<UInt16>, _ value: UnsafeBufferPointer<UInt8>, foldCase: Bool) -> Bool {
        let patternCount = codes.count
        let valueCount = value.count
        var p = 0
        var v = 0
        var starP = -1
        var starV = 0
        while v < valueCount {
            if p < patternCount {
                let code = codes[p]
                if code == star {
                    starP = p
                    starV = v
                    p += 1
                    continue
                }
                if code == question {
                    v += scalarLength(value[v])
                    p += 1
                    continue
                }
                let byte = foldCase ? asciiLower(value[v]) : value[v]
                if code == UInt16(byte) {
                    p += 1
                    v += 1
                    continue
                }
            }
            if starP >= 0 {
                starV += scalarLength(value[starV])
                p = starP + 1
                v = starV
                continue
            }
            return false
        }
        while p < patternCount, codes[p] == star { p += 1 }
        return p == patternCount && v == valueCount
    }

    static func match(_ codes: [UInt16], _ value: String, foldCase: Bool) -> Bool {
        codes.withUnsafeBufferPointer { pattern in
            withBytes(of: value) { match(pattern, $0, foldCase: foldCase) }
        }
    }

    /// The UTF-8 bytes of a string, without copying when the string is native.
    @inline(__always)
    static func withBytes<R>(of value: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = value.utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        let copy = Array(value.utf8)
        return copy.withUnsafeBufferPointer(body)
    }
}

/// A compiled wildcard pattern, with fast paths for the common shapes: `*`, no wildcard at all, and a
/// literal prefix followed by one `*` (`arn:aws:s3:::bucket/*`).
struct GlobPattern: Sendable, Hashable {
    let codes: [UInt16]
    /// The pattern's text when it has no wildcards (matched by plain equality).
    let exact: String?
    /// The pattern is `*` (or only stars): matches everything.
    let matchesEverything: Bool
    /// The literal bytes before a single trailing `*`, when that is the pattern's shape.
    let prefix: [UInt8]?

    init(codes: [UInt16]) {
        self.codes = codes
        let wildcardCount = codes.reduce(0) { $0 + ($1 >= Glob.star ? 1 : 0) }
        exact = wildcardCount == 0 ? String(decoding: codes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self) : nil
        matchesEverything = !codes.isEmpty && codes.allSatisfy { $0 == Glob.star }
        if wildcardCount == 1, codes.count > 1, codes.last == Glob.star {
            prefix = codes.dropLast().map { UInt8(truncatingIfNeeded: $0) }
        } else {
            prefix = nil
        }
    }

    init(wildcardText text: String, lowercase: Bool = false) {
        self.init(codes: Glob.codes(wildcardText: text, lowercase: lowercase))
    }

    /// Case-sensitive match.
    @inline(__always)
    func matches(_ value: String) -> Bool {
        if matchesEverything { return true }
        if let exact { return exact == value }
        if let prefix { return Glob.hasPrefix(value, prefix, foldCase: false) }
        return Glob.match(codes, value, foldCase: false)
    }

    /// Match ignoring ASCII case; the pattern must have been compiled lowercase.
    @inline(__always)
    func matchesFoldingCase(_ value: String) -> Bool {
        if matchesEverything { return true }
        if let prefix { return Glob.hasPrefix(value, prefix, foldCase: true) }
        return Glob.match(codes, value, foldCase: true)
    }
}

extension Glob {
    /// Whether `value` starts with the bytes `prefix`.
    @inline(__always)
    static func hasPrefix(_ value: String, _ prefix: [UInt8], foldCase: Bool) -> Bool {
        withBytes(of: value) { bytes in
            guard bytes.count >= prefix.count else { return false }
            return prefix.withUnsafeBufferPointer { prefix in
                var index = 0
                while index < prefix.count {
                    let byte = foldCase ? asciiLower(bytes[index]) : bytes[index]
                    if byte != prefix[index] { return false }
                    index += 1
                }
                return true
            }
        }
    }
}

/// ARN matching as the ARN condition operators do it ("IAM JSON policy elements: Condition operators":
/// "Each of the six colon-delimited components of the ARN is checked separately and each can include
/// multi-character match wildcards (*) or single-character match wildcards (?)"). The sixth component is
/// everything after the fifth colon, so wildcards there span `:` and `/`; in the first five they do not.
struct ArnPattern: Sendable, Hashable {
    /// Nil when the pattern has fewer than six components (it matches nothing), unless it is `*`.
    let segments: [[UInt16]]?
    let matchesEverything: Bool

    init(codes: [UInt16]) {
        if !codes.isEmpty, codes.allSatisfy({ $0 == Glob.star }) {
            matchesEverything = true
            segments = []
            return
        }
        matchesEverything = false
        var parts: [[UInt16]] = []
        var current: [UInt16] = []
        for code in codes {
            if code == UInt16(UInt8(ascii: ":")), parts.count < 5 {
                parts.append(current)
                current = []
            } else {
                current.append(code)
            }
        }
        parts.append(current)
        segments = parts.count == 6 ? parts : nil
    }

    func matches(_ value: String) -> Bool {
        if matchesEverything { return true }
        guard let segments else { return false }
        return Glob.withBytes(of: value) { bytes in
            var start = 0
            for index in 0..<6 {
                var end = bytes.count
                if index < 5 {
                    guard let colon = bytes[start...].firstIndex(of: UInt8(ascii: ":")) else { return false }
                    end = colon
                }
                let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let ok = segments[index].withUnsafeBufferPointer { Glob.match($0, piece, foldCase: false) }
                if !ok { return false }
                start = end + 1
            }
            return true
        }
    }
}
