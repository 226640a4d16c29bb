/// An instance type name read with AWS's naming grammar ("Amazon EC2 instance type naming
/// conventions", Amazon EC2 Instance Types guide): series letters, a generation number, option
/// letters, an optional `-` qualifier, then `.` and a size. `m7gd.2xlarge` is series `m`,
/// generation 7, options Graviton (`g`) and instance store (`d`), size `2xlarge`.
///
/// The grammar is read, not looked up: any well-formed name parses, catalogued or not, so a caller
/// can tell a malformed name from a real type Nimbus does not know. Names are lower case, as AWS
/// spells them; anything else is nil.
struct InstanceTypeName: Sendable, Hashable {
    /// The letters before the generation: `m`, `inf`, `hpc`, `u`, `mac`. The naming page calls
    /// this the "instance family"; the API's "family" is the whole part before the dot (`family`).
    let series: String
    /// The generation; nil only for names that carry none (`mac-m4.metal`).
    let generation: Int?
    /// The option letters after the generation, in order, and `flex` for a `-flex` type.
    let attributes: [Attribute]
    /// What follows a `-` other than `flex`: a memory size (`u-6tb1`: `6tb`; `u7i-12tb`: `12tb`),
    /// a chip (`mac2-m2pro`: `m2pro`) or an accelerator (`p6-b200`: `b200`).
    let qualifier: String?
    let size: Size
    /// The part before the dot: `m7gd`, `m7i-flex`, `u-6tb1`.
    let family: String

    /// The whole name, as parsed.
    var name: String { "\(family).\(size.text)" }

    init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let size = Size(parsing: String(parts[1])) else { return nil }
        let family = String(parts[0])
        guard let head = Self.parseFamily(family) else { return nil }
        self.series = head.series
        self.generation = head.generation
        self.attributes = head.attributes
        self.qualifier = head.qualifier
        self.size = size
        self.family = family
    }

    private static func parseFamily(_ text: String) -> (series: String, generation: Int?, attributes: [Attribute], qualifier: String?)? {
        // "u-6tb1": the first High Memory types put the memory size before the generation.
        if text.hasPrefix("u-") {
            let rest = Array(text.dropFirst(2))
            guard let tb = rest.firstIndex(of: "t"), tb > 0, rest[tb...].starts(with: "tb"),
                  rest[..<tb].allSatisfy(\.isASCIIDigit),
                  let generation = number(rest[(tb + 2)...]) else { return nil }
            return ("u", generation, [], String(rest[..<(tb + 2)]))
        }
        let dash = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let main = Array(dash[0])
        var qualifier = dash.count == 2 ? String(dash[1]) : nil
        if let q = qualifier, q.isEmpty || !q.allSatisfy({ $0.isASCIILowercase || $0.isASCIIDigit }) { return nil }

        let seriesEnd = main.firstIndex(where: { !$0.isASCIILowercase }) ?? main.endIndex
        let digitsEnd = main[seriesEnd...].firstIndex(where: { !$0.isASCIIDigit }) ?? main.endIndex
        guard seriesEnd > 0, main[digitsEnd...].allSatisfy(\.isASCIILowercase) else { return nil }
        let generation = number(main[seriesEnd..<digitsEnd])
        // Only a qualified name may leave out the generation ("mac-m4"); options need one before them.
        if generation == nil && (seriesEnd != main.endIndex || qualifier == nil) { return nil }

        var attributes = main[digitsEnd...].map { Attribute(rawValue: String($0)) }
        if qualifier == "flex" {
            attributes.append(.flex)
            qualifier = nil
        }
        return (String(main[..<seriesEnd]), generation, attributes, qualifier)
    }

    /// A positive decimal number without a leading zero, or nil.
    private static func number(_ digits: ArraySlice<Character>) -> Int? {
        guard let first = digits.first, first != "0", digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(String(digits))
    }
}

extension InstanceTypeName {
    /// One option of a name. The naming page lists the letters below; a letter it does not list
    /// (`trn2u`'s `u`) still parses, with no meaning.
    struct Attribute: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
        let rawValue: String
        init(rawValue: String) { self.rawValue = rawValue }
        init(stringLiteral value: String) { self.rawValue = value }

        static let amd: Attribute = "a"
        static let blockStorage: Attribute = "b"
        static let instanceStore: Attribute = "d"
        static let extraStorageOrMemory: Attribute = "e"
        static let graviton: Attribute = "g"
        static let intel: Attribute = "i"
        static let network: Attribute = "n"
        static let qualcomm: Attribute = "q"
        static let highFrequency: Attribute = "z"
        static let flex: Attribute = "flex"

        /// What the naming page says the option means, or nil for a letter it does not list.
        var meaning: String? {
            switch rawValue {
            case "a": "AMD processors"
            case "b": "Block storage optimization"
            case "d": "Instance store volumes"
            case "e": "Extra storage or memory"
            case "g": "AWS Graviton processors"
            case "i": "Intel processors"
            case "n": "Network and EBS optimized"
            case "q": "Qualcomm inference accelerators"
            case "z": "High CPU frequency"
            case "flex": "Flex instance"
            default: nil
            }
        }

        var description: String { rawValue }
    }

    /// The size after the dot.
    enum Size: Hashable, Sendable {
        case nano, micro, small, medium, large, xlarge
        /// `2xlarge`, `48xlarge`: n times an xlarge, n >= 2.
        case xlarges(Int)
        /// `metal`: the whole host.
        case metal
        /// `metal-24xl`: a bare metal host the size of a 24xlarge.
        case metalLike(Int)

        init?(parsing text: String) {
            switch text {
            case "nano": self = .nano
            case "micro": self = .micro
            case "small": self = .small
            case "medium": self = .medium
            case "large": self = .large
            case "xlarge": self = .xlarge
            case "metal": self = .metal
            default:
                if text.hasPrefix("metal-"), text.hasSuffix("xl"), let n = Self.multiple(text.dropFirst(6).dropLast(2)) {
                    self = .metalLike(n)
                } else if text.hasSuffix("xlarge"), let n = Self.multiple(text.dropLast(6)) {
                    self = .xlarges(n)
                } else {
                    return nil
                }
            }
        }

        private static func multiple(_ digits: Substring) -> Int? {
            guard let first = digits.first, first != "0", digits.allSatisfy(\.isASCIIDigit), let n = Int(digits), n >= 2 else { return nil }
            return n
        }

        var text: String {
            switch self {
            case .nano: "nano"
            case .micro: "micro"
            case .small: "small"
            case .medium: "medium"
            case .large: "large"
            case .xlarge: "xlarge"
            case .xlarges(let n): "\(n)xlarge"
            case .metal: "metal"
            case .metalLike(let n): "metal-\(n)xl"
            }
        }

        /// AWS's normalization factor ("How Reserved Instances are applied", instance size
        /// flexibility): nano 0.25, micro 0.5, small 1, medium 2, large 4, xlarge 8, an n-xlarge 8n;
        /// `metal-24xl` counts as a 24xlarge. Plain `metal` is nil: it counts as the family's largest
        /// size, which only the catalogue knows.
        var normalizationFactor: Double? {
            switch self {
            case .nano: 0.25
            case .micro: 0.5
            case .small: 1
            case .medium: 2
            case .large: 4
            case .xlarge: 8
            case .xlarges(let n), .metalLike(let n): Double(8 * n)
            case .metal: nil
            }
        }

        /// How many `large`s this size is: xlarge 2, 2xlarge 4, 48xlarge 96, medium 0.5.
        var multipleOfLarge: Double? { normalizationFactor.map { $0 / 4 } }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILowercase: Bool { isASCII && isLowercase }
}
