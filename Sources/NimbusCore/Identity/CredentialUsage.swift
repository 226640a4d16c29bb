import Foundation
import Synchronization

/// When each issued access key was last used, for which service and region ("GetAccessKeyLastUsed").
/// Kept in memory: AWS itself updates this within hours, and a store write on every request would
/// cost more than the request. After a restart keys read as unused until used again.
public final class CredentialUsage: Sendable {
    public struct Use: Sendable {
        public let date: Date
        public let service: String
        public let region: String
    }

    private let uses = Mutex<[String: Use]>([:])

    public init() {}

    public func record(_ accessKeyId: String, service: String, region: String, at date: Date) {
        uses.withLock { $0[accessKeyId] = Use(date: date, service: service, region: region) }
    }

    public func lastUse(of accessKeyId: String) -> Use? {
        uses.withLock { $0[accessKeyId] }
    }
}
