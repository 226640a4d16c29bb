import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Gives memory back while Nimbus sits idle: after a second without a request in flight, it unmaps the clean code
/// pages requests touched (file pages: the page cache keeps them, and the next request maps
/// them again with minor faults) and returns free heap to the system (`malloc_trim`). A laptop running Nimbus in
/// the background then holds little more than its own data.
final class IdleTrimmer: Sendable {
    private let inFlight = Atomic<Int>(0)
    private let lastActivity = Atomic<UInt64>(0)
    private let trimmedAt = Atomic<UInt64>(0)
    static let idleAfterNanoseconds: UInt64 = 1_000_000_000

    func begin() {
        inFlight.add(1, ordering: .relaxed)
        lastActivity.store(Self.now(), ordering: .relaxed)
    }

    func end() {
        lastActivity.store(Self.now(), ordering: .relaxed)
        inFlight.subtract(1, ordering: .relaxed)
    }

    /// Checks four times a second until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 250_000_000)
            let last = lastActivity.load(ordering: .relaxed)
            guard inFlight.load(ordering: .relaxed) == 0, Self.now() - last >= Self.idleAfterNanoseconds,
                  trimmedAt.load(ordering: .relaxed) < last || trimmedAt.load(ordering: .relaxed) == 0 else { continue }
            trimmedAt.store(Self.now(), ordering: .relaxed)
            CodePages.releaseCodePages()
            #if os(Linux)
            _ = nimbus_malloc_trim(0)
            #endif
        }
    }

    static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}

#if os(Linux)
/// glibc's malloc_trim(3), which the Glibc module does not export.
@_silgen_name("malloc_trim")
private func nimbus_malloc_trim(_ pad: Int) -> Int32
#endif
