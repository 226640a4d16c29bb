import Dispatch

/// Runs blocking file work (fsync, large copies) off Swift's cooperative threads, of which there are as many as
/// cores (two here): an fsync of several milliseconds there would stall every other request meanwhile.
public enum BlockingIO {
    private static let queue = DispatchQueue(label: "nimbus.blocking-io", attributes: .concurrent)

    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
