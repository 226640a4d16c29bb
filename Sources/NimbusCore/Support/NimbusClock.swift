import Foundation
import Synchronization

/// The one clock Nimbus reads. A test can move it forward (expiring credentials, aging resources).
public final class NimbusClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    public func now() -> Date {
        Date(timeIntervalSinceNow: offset.withLock { $0 })
    }

    public func advance(by seconds: TimeInterval) {
        offset.withLock { $0 += seconds }
    }
}
