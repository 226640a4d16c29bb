/// The request's action, hashed (over its lowercased bytes) once per evaluation. Matching folds ASCII
/// case on the fly, so the action is never copied.
struct RequestAction {
    let text: String
    let hash: UInt64
    let serviceHash: UInt64
    /// Bytes before the colon (0 when there is none).
    let serviceLength: Int

    init(_ action: String) {
        text = action
        (hash, serviceHash, serviceLength) = Glob.withBytes(of: action) { bytes in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            var serviceHash: UInt64 = 0
            var serviceLength = 0
            for position in 0..<bytes.count {
                let byte = bytes[position]
                if serviceHash == 0, byte == UInt8(ascii: ":") {
                    serviceHash = ActionTable.finish(hash)
                    serviceLength = position
                }
                hash ^= UInt64(Glob.asciiLower(byte))
                hash &*= 0x100_0000_01B3
            }
            return (ActionTable.finish(hash), serviceHash, serviceLength)
        }
    }
}

/// A small open-addressing hash table from lowercase ASCII text to a 64-bit value, probed with a hash
/// computed once per request (FNV-1a over lowercased bytes). Keys live in one byte buffer, so a probe
/// touches no reference counts.
struct ActionTable: Sendable {
    struct Slot: Sendable {
        var hash: UInt64 = 0
        var keyStart: Int32 = 0
        var keyCount: Int32 = 0
        var value: UInt64 = 0
    }

    let slots: [Slot]
    let keyBytes: [UInt8]
    let mask: Int

    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(Glob.asciiLower(byte))
            hash &*= 0x100_0000_01B3
        }
        return finish(hash)
    }

    @inline(__always)
    static func finish(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    init(_ entries: [String: UInt64]) {
        var capacity = 4
        while capacity < entries.count * 2 { capacity <<= 1 }
        var slots = [Slot](repeating: Slot(), count: capacity)
        var keyBytes: [UInt8] = []
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            let hash = ActionTable.hash(key)
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot].hash != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Slot(hash: hash, keyStart: Int32(keyBytes.count), keyCount: Int32(key.utf8.count), value: value)
            keyBytes.append(contentsOf: key.utf8)
        }
        self.slots = slots
        self.keyBytes = keyBytes
        mask = capacity - 1
    }

    /// The value for the key `bytes` (compared folding ASCII case), whose hash is `hash`; 0 when absent.
    @inline(__always)
    func lookup(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = slots[slot]
                if entry.hash == 0 { return 0 }
                if entry.hash == hash, Int(entry.keyCount) == bytes.count,
                   keyBytes.withUnsafeBufferPointer({ keys in
                       var index = 0
                       let start = Int(entry.keyStart)
                       while index < bytes.count {
                           if keys[start + index] != Glob.asciiLower(bytes[index]) { return false }
                           index += 1
                       }
                       return true
                   }) {
                    return entry.value
                }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// Which statements' `Action`/`NotAction` match an action, as a bit mask (policies of at most 64
/// statements): exact names by hash, wildcard patterns grouped by service, the rest scanned. Pattern
/// codes live in one flat buffer.
struct ActionIndex: Sendable {
    struct PatternRef: Sendable {
        var start: Int32
        var count: Int32
        var bit: UInt64
        /// The lowercase first character of the action name, or 0 when the name starts with a wildcard.
        var first: UInt16 = 0
    }

    struct ServiceEntry: Sendable {
        /// Statements with `service:*`.
        var all: UInt64 = 0
        var patterns: [Int] = []
    }

    struct Group: Sendable {
        var all: UInt64 = 0
        var first: Int32 = 0
        var count: Int32 = 0
    }

    struct Negated: Sendable {
        var first: Int32
        var count: Int32
        var bit: UInt64
    }

    /// Statements with `"Action": "*"`.
    let always: UInt64
    let exact: ActionTable
    /// Service name to 1 + index into `groups`.
    let services: ActionTable
    let groups: [Group]
    /// Patterns with a wildcard in the service part.
    let others: Group
    let negated: [Negated]
    let patterns: [PatternRef]
    let codes: [UInt16]

    init(_ statements: [CompiledStatement]) {
        var always: UInt64 = 0
        var exact: [String: UInt64] = [:]
        var codes: [UInt16] = []
        var patterns: [PatternRef] = []
        var serviceOrder: [String] = []
        var byService: [String: (all: UInt64, refs: [PatternRef])] = [:]
        var otherRefs: [PatternRef] = []
        var negatedRefs: [(refs: [PatternRef], bit: UInt64)] = []

        func reference(_ pattern: GlobPattern, _ bit: UInt64) -> PatternRef {
            let ref = PatternRef(start: Int32(codes.count), count: Int32(pattern.codes.count), bit: bit)
            codes.append(contentsOf: pattern.codes)
            return ref
        }

        for statement in statements {
            let bit: UInt64 = 1 << UInt64(statement.index)
            if statement.actionNegated {
                negatedRefs.append((statement.actions.map { reference($0, bit) }, bit))
                continue
            }
            for pattern in statement.actions {
                if pattern.matchesEverything {
                    always |= bit
                    continue
                }
                if let text = pattern.exact {
                    exact[text, default: 0] |= bit
                    continue
                }
                let patternCodes = pattern.codes
                guard let colon = patternCodes.firstIndex(of: UInt16(UInt8(ascii: ":"))),
                      !patternCodes[..<colon].contains(where: { $0 >= Glob.star }) else {
                    otherRefs.append(reference(pattern, bit))
                    continue
                }
                let service = String(decoding: patternCodes[..<colon].map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
                if byService[service] == nil {
                    byService[service] = (0, [])
                    serviceOrder.append(service)
                }
                let name = patternCodes[(colon + 1)...]
                if !name.isEmpty, name.allSatisfy({ $0 == Glob.star }) {
                    byService[service]!.all |= bit
                } else {
                    var ref = reference(pattern, bit)
                    if let first = name.first, first < Glob.star { ref.first = first }
                    byService[service]!.refs.append(ref)
                }
            }
        }

        var groups: [Group] = []
        var slots: [String: UInt64] = [:]
        for service in serviceOrder {
            let entry = byService[service]!
            groups.append(Group(all: entry.all, first: Int32(patterns.count), count: Int32(entry.refs.count)))
            patterns.append(contentsOf: entry.refs)
            slots[service] = UInt64(groups.count)
        }
        others = Group(all: 0, first: Int32(patterns.count), count: Int32(otherRefs.count))
        patterns.append(contentsOf: otherRefs)
        var negated: [Negated] = []
        for entry in negatedRefs {
            negated.append(Negated(first: Int32(patterns.count), count: Int32(entry.refs.count), bit: entry.bit))
            patterns.append(contentsOf: entry.refs)
        }
        self.always = always
        self.exact = ActionTable(exact)
        services = ActionTable(slots)
        self.groups = groups
        self.negated = negated
        self.patterns = patterns
        self.codes = codes
    }

    /// The statements whose action element matches the request's action.
    func candidates(_ action: RequestAction) -> UInt64 {
        Glob.withBytes(of: action.text) { bytes in
            codes.withUnsafeBufferPointer { codes in
                patterns.withUnsafeBufferPointer { patterns in
                    @inline(__always)
                    func matches(_ ref: PatternRef) -> Bool {
                        Glob.match(UnsafeBufferPointer(rebasing: codes[Int(ref.start)..<Int(ref.start + ref.count)]), bytes,
                                   foldCase: true)
                    }
                    var mask = always | exact.lookup(action.hash, bytes)
                    if action.serviceHash != 0 {
                        let slot = services.lookup(action.serviceHash, UnsafeBufferPointer(rebasing: bytes[..<action.serviceLength]))
                        if slot != 0 {
                            let group = groups[Int(slot) - 1]
                            mask |= group.all
                            let nameStart = action.serviceLength + 1
                            let first = nameStart < bytes.count ? UInt16(Glob.asciiLower(bytes[nameStart])) : 0
                            for index in Int(group.first)..<Int(group.first + group.count) {
                                let ref = patterns[index]
                                if mask & ref.bit == 0, ref.first == 0 || ref.first == first, matches(ref) { mask |= ref.bit }
                            }
                        }
                    }
                    for index in Int(others.first)..<Int(others.first + others.count) {
                        let ref = patterns[index]
                        if mask & ref.bit == 0, matches(ref) { mask |= ref.bit }
                    }
                    for entry in negated where mask & entry.bit == 0 {
                        var any = false
                        for index in Int(entry.first)..<Int(entry.first + entry.count) where matches(patterns[index]) {
                            any = true
                            break
                        }
                        if !any { mask |= entry.bit }
                    }
                    return mask
                }
            }
        }
    }
}
