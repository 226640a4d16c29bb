/// The request context's condition keys. Keys are case-insensitive ("IAM JSON policy elements:
/// Condition": "Condition key names are not case-sensitive"), so they are normalized when stored. Entries
/// are kept with a hash of the normalized key and found by a scan that compares hashes first, which for
/// the dozen or so keys of a request is quicker than a dictionary.
public struct ConditionContext: Sendable, ExpressibleByDictionaryLiteral {
    struct Entry: Sendable {
        var hash: UInt64
        var key: String
        var value: ConditionValue
    }

    var entries: [Entry]

    public init() {
        entries = []
    }

    public init(_ values: [String: ConditionValue]) {
        entries = []
        entries.reserveCapacity(values.count)
        for (key, value) in values { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, ConditionValue)...) {
        entries = []
        entries.reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }

    public subscript(key: String) -> ConditionValue? {
        get {
            let normalized = ConditionContext.normalize(key)
            return value(normalizedKey: normalized, hash: ConditionContext.hash(normalized))
        }
        set {
            let normalized = ConditionContext.normalize(key)
            let hash = ConditionContext.hash(normalized)
            let index = entries.firstIndex { $0.hash == hash && $0.key == normalized }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append(Entry(hash: hash, key: normalized, value: value))
            case (nil, nil): break
            }
        }
    }

    /// The keys present, lowercased.
    public var keys: [String] { entries.map(\.key) }

    public var isEmpty: Bool { entries.isEmpty }

    public var count: Int { entries.count }

    /// Lowercases a key (ASCII fast path).
    public static func normalize(_ key: String) -> String {
        if key.utf8.allSatisfy({ $0 < 0x80 && ($0 &- UInt8(ascii: "A") >= 26) }) { return key }
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: key.utf8.map(Glob.asciiLower), as: UTF8.self)
        }
        return key.lowercased()
    }

    /// FNV-1a of a normalized key.
    static func hash(_ normalizedKey: String) -> UInt64 {
        ActionTable.hash(normalizedKey)
    }

    @inline(__always)
    func value(normalizedKey key: String, hash: UInt64) -> ConditionValue? {
        for entry in entries where entry.hash == hash && entry.key == key {
            return entry.value
        }
        return nil
    }

    /// The value of a (normalized, hashed) key: the context's own, else one derived from the principal.
    @inline(__always)
    func lookup(normalizedKey key: String, hash: UInt64, request: UnsafePointer<AuthorizationRequest>) -> ConditionValue? {
        if let value = value(normalizedKey: key, hash: hash) { return value }
        return request.pointee.principal.derivedContextValue(normalizedKey: key)
    }
}
