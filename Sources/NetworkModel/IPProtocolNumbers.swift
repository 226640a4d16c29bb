/// IP protocol names and numbers as EC2 writes them in rules ("Protocol Numbers", IANA): `tcp` is 6, `udp` 17,
/// `icmp` 1, `icmpv6` 58, and `-1` (or `all`) every protocol.
public enum IPProtocolNumbers {
    /// The number a rule's protocol text names: `.some(nil)` for all protocols, nil for text that is not a protocol.
    public static func number(_ text: String) -> Int?? {
        switch text.lowercased() {
        case "-1", "all": return .some(nil)
        case "tcp": return 6
        case "udp": return 17
        case "icmp": return 1
        case "icmpv6": return 58
        default:
            guard let number = Int(text), (0...255).contains(number) else { return nil }
            return number
        }
    }

    /// The name AWS's analyses give a protocol: `tcp`, `udp`, `icmp`, `all`, or the number.
    public static func name(_ number: Int?) -> String {
        switch number {
        case nil: "all"
        case 6?: "tcp"
        case 17?: "udp"
        case 1?: "icmp"
        case 58?: "icmpv6"
        case let other?: String(other)
        }
    }
}
