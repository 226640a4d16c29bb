/// A condition operator name, resolved: an optional set qualifier (`ForAllValues:` / `ForAnyValue:`), the
/// base operator, and the `IfExists` suffix ("IAM JSON policy elements: Condition operators",
/// "Multivalued context keys").
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    public enum Qualifier: String, Sendable, Hashable {
        case forAllValues = "ForAllValues"
        case forAnyValue = "ForAnyValue"
    }

    public enum Base: String, Sendable, Hashable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnNotEquals = "ArnNotEquals"
        case arnLike = "ArnLike"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        public enum Family: Sendable, Hashable {
            case string, numeric, date, bool, binary, ipAddress, arn, null
        }

        public var family: Family {
            switch self {
            case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike, .stringNotLike:
                .string
            case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan,
                 .numericGreaterThanEquals:
                .numeric
            case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
                .date
            case .bool: .bool
            case .binaryEquals: .binary
            case .ipAddress, .notIpAddress: .ipAddress
            case .arnEquals, .arnNotEquals, .arnLike, .arnNotLike: .arn
            case .null: .null
            }
        }

        /// The negated operators ("...: Condition operators": `StringNotEquals` is "negated matching").
        /// A negated operator is true when the positive one is false: the value matches none of the
        /// policy values.
        public var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals,
                 .notIpAddress, .arnNotEquals, .arnNotLike:
                true
            default:
                false
            }
        }

        /// "IAM policy elements: Variables and tags" ("Condition element"): variables work in string and
        /// ARN operators; "Condition operators" adds Bool. Not in numeric, date, binary, IP or Null.
        public var acceptsPolicyVariables: Bool {
            switch family {
            case .string, .arn, .bool: true
            default: false
            }
        }

        static let byLowercasedName: [String: Base] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue.lowercased(), $0) })
    }

    public var qualifier: Qualifier?
    public var base: Base
    public var ifExists: Bool

    public init(_ base: Base, qualifier: Qualifier? = nil, ifExists: Bool = false) {
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
    }

    /// Resolves an operator name such as `ForAnyValue:StringLikeIfExists`. Nil for an unknown name and for
    /// `NullIfExists` ("...IfExists condition operators": any operator "except the Null condition").
    /// Names are matched without regard to case.
    public init?(name: String) {
        var rest = Substring(name)
        var qualifier: Qualifier?
        if let colon = rest.firstIndex(of: ":") {
            switch rest[..<colon].lowercased() {
            case "forallvalues": qualifier = .forAllValues
            case "foranyvalue": qualifier = .forAnyValue
            default: return nil
            }
            rest = rest[rest.index(after: colon)...]
        }
        var lower = rest.lowercased()
        var ifExists = false
        if lower.hasSuffix("ifexists") {
            ifExists = true
            lower.removeLast("ifexists".count)
        }
        guard let base = Base.byLowercasedName[lower] else { return nil }
        if base == .null && ifExists { return nil }
        self.init(base, qualifier: qualifier, ifExists: ifExists)
    }

    /// The canonical name, e.g. `ForAllValues:StringEqualsIfExists`.
    public var name: String {
        (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }

    public var description: String { name }
}
