import AWSWire
import NetworkModel
import State

/// Public IPv4 addresses for Elastic IPs, NAT gateways and instances, unique across every account and
/// Region of one Nimbus. Drawn from the documentation ranges (RFC 5737: 192.0.2.0/24, 198.51.100.0/24,
/// 203.0.113.0/24), then from the benchmarking range 198.18.0.0/15 (RFC 2544): none of them is routed
/// on the internet, so a Nimbus address never names a real host.
enum PublicIPPool {
    static let nimbusWide = Partition(account: "", region: "")
    static let blocks = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "198.18.0.0/15"].compactMap { IPv4CIDR($0) }

    /// Who holds an address.
    struct Lease: Resource {
        static let kind = "ec2.public-ip"
        var account: String
        var region: String
        var holder: String
    }

    /// Where the next search for a free address starts, so addresses are not reused at once.
    struct Cursor: Resource {
        static let kind = "ec2.public-ip-cursor"
        var next: Int
    }

    /// Usable addresses of the pool: each block without its first and last address.
    static let capacity = blocks.reduce(0) { $0 + Int($1.addressCount) - 2 }

    static func address(at index: Int) -> IPv4Address {
        var index = index
        for block in blocks {
            let usable = Int(block.addressCount) - 2
            if index < usable { return IPv4Address(block.network.value + UInt32(index) + 1) }
            index -= usable
        }
        return IPv4Address(blocks[0].network.value + 1)
    }

    /// Leases a free address to `holder` (an allocation, an interface).
    static func lease(_ tx: inout StoreTransaction, account: String, region: String, holder: String) throws -> String {
        let cursor = tx.get(Cursor.self, "cursor", in: nimbusWide)?.next ?? 0
        for step in 0..<capacity {
            let index = (cursor + step) % capacity
            let text = address(at: index).description
            if tx.get(Lease.self, text, in: nimbusWide) == nil {
                tx.put(Lease(account: account, region: region, holder: holder), id: text, in: nimbusWide)
                tx.put(Cursor(next: index + 1), id: "cursor", in: nimbusWide)
                return text
            }
        }
        throw AWSError("InsufficientAddressCapacity", "There are no free public IPv4 addresses left in Nimbus's pool.")
    }

    static func release(_ tx: inout StoreTransaction, _ address: String) {
        tx.delete(Lease.self, address, in: nimbusWide)
    }
}
