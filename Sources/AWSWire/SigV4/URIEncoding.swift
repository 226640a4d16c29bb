// URI encoding as SigV4 defines it ("Create a canonical request for Signature Version 4",
// section "UriEncode"): every byte except the RFC 3986 unreserved characters
// A-Z a-z 0-9 - . _ ~ becomes %XX with upper-case hex. Everything here works on UTF-8 bytes.

extension SigV4 {
    /// Percent-encodes `string` the SigV4 way. `encodeSlash: false` keeps "/" (for paths).
    public static func uriEncode(_ string: String, encodeSlash: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        Bytes.appendEncoded(string.utf8, to: &out, keepSlash: !encodeSlash)
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes %XX escapes. Malformed escapes are kept literally; "+" stays "+" (SigV4 is not form encoding).
    public static func percentDecode(_ string: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        Bytes.appendDecoded(string.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Byte-level helpers, nested to keep the module namespace clean.
    enum Bytes {
        static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)
        static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)

        @inline(__always)
        static func isUnreserved(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }

        @inline(__always)
        static func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return b &- UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return b &- UInt8(ascii: "A") &+ 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return b &- UInt8(ascii: "a") &+ 10
            default: return nil
            }
        }

        @inline(__always)
        static func appendPercent(_ b: UInt8, to out: inout [UInt8]) {
            out.append(UInt8(ascii: "%"))
            out.append(upperHex[Int(b >> 4)])
            out.append(upperHex[Int(b & 0x0F)])
        }

        /// Encodes every byte but the unreserved ones (and "/" when `keepSlash`).
        /// With `keepEscapes`, an existing valid "%XX" is copied as is (the path is already encoded).
        static func appendEncoded<C: Collection>(
            _ bytes: C, to out: inout [UInt8], keepSlash: Bool, keepEscapes: Bool = false
        ) where C.Element == UInt8 {
            var i = bytes.startIndex
            while i != bytes.endIndex {
                let b = bytes[i]
                if isUnreserved(b) || (keepSlash && b == UInt8(ascii: "/")) {
                    out.append(b)
                } else if keepEscapes, b == UInt8(ascii: "%"), isEscape(bytes, at: i) {
                    out.append(b)
                } else {
                    appendPercent(b, to: &out)
                }
                i = bytes.index(after: i)
            }
        }

        /// True when `bytes[i]` is "%" followed by two hex digits.
        static func isEscape<C: Collection>(_ bytes: C, at i: C.Index) -> Bool where C.Element == UInt8 {
            let h1 = bytes.index(after: i)
            guard h1 != bytes.endIndex, hexValue(bytes[h1]) != nil else { return false }
            let h2 = bytes.index(after: h1)
            return h2 != bytes.endIndex && hexValue(bytes[h2]) != nil
        }

        static func appendDecoded<C: Collection>(_ bytes: C, to out: inout [UInt8]) where C.Element == UInt8 {
            var i = bytes.startIndex
            while i != bytes.endIndex {
                let b = bytes[i]
                if b == UInt8(ascii: "%") {
                    let h1 = bytes.index(after: i)
                    if h1 != bytes.endIndex, let hi = hexValue(bytes[h1]) {
                        let h2 = bytes.index(after: h1)
                        if h2 != bytes.endIndex, let lo = hexValue(bytes[h2]) {
                            out.append(hi << 4 | lo)
                            i = bytes.index(after: h2)
                            continue
                        }
                    }
                }
                out.append(b)
                i = bytes.index(after: i)
            }
        }

        /// Decode then re-encode: how each query key and value enters the canonical query string.
        static func reencoded<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
            // Fast path: nothing to decode or encode (the common case: plain names and values).
            if bytes.allSatisfy(isUnreserved) { return Array(bytes) }
            var decoded: [UInt8] = []
            decoded.reserveCapacity(bytes.count)
            appendDecoded(bytes, to: &decoded)
            var out: [UInt8] = []
            out.reserveCapacity(decoded.count + 8)
            appendEncoded(decoded, to: &out, keepSlash: false)
            return out
        }

        /// Lower-case hex of any byte sequence.
        static func hex<S: Sequence>(_ bytes: S, count: Int) -> String where S.Element == UInt8 {
            String(unsafeUninitializedCapacity: count * 2) { buf in
                var i = 0
                for b in bytes {
                    buf[i] = lowerHex[Int(b >> 4)]
                    buf[i + 1] = lowerHex[Int(b & 0x0F)]
                    i += 2
                }
                return i
            }
        }

        /// ASCII case-insensitive equality, `lower` being already lower-case.
        @inline(__always)
        static func equalsLowercased(_ s: String, _ lower: String) -> Bool {
            let a = s.utf8, b = lower.utf8
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) {
                let lx = (x >= UInt8(ascii: "A") && x <= UInt8(ascii: "Z")) ? x | 0x20 : x
                if lx != y { return false }
            }
            return true
        }
    }
}
