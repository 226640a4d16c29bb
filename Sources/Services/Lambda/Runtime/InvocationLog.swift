import Foundation
import NimbusCore

/// One invocation's log as Lambda writes it ("Using CloudWatch Logs with Lambda"): START, the function's output,
/// END and REPORT with duration, billed duration, memory and, on a cold start, the init duration.
struct InvocationLog {
    var requestId: String
    var version: String
    var output: String
    /// A line Lambda itself adds before END (the runtime's exit).
    var extraLine: String?
    /// A line Lambda adds after REPORT (the timeout).
    var trailer: String? = nil
    var duration: Duration
    var memorySize: Int
    var maxMemoryUsed: Int
    var initDuration: Duration?

    /// "Lambda quotas": LogType=Tail returns the last 4 KB of the log.
    static let tailBytes = 4096

    var lines: [String] {
        var lines = ["START RequestId: \(requestId) Version: \(version)"]
        lines += output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(output.hasSuffix("\n") ? 1 : 0)
        if let extraLine { lines += extraLine.split(separator: "\n").map(String.init) }
        lines.append("END RequestId: \(requestId)")
        let milliseconds = Self.milliseconds(duration)
        var report = "REPORT RequestId: \(requestId)\tDuration: \(String(format: "%.2f", milliseconds)) ms\t"
            + "Billed Duration: \(Int(milliseconds.rounded(.up))) ms\tMemory Size: \(memorySize) MB\tMax Memory Used: \(maxMemoryUsed) MB"
        if let initDuration { report += "\tInit Duration: \(String(format: "%.2f", Self.milliseconds(initDuration))) ms" }
        lines.append(report)
        if let trailer { lines.append(trailer) }
        return lines.filter { !$0.isEmpty }
    }

    var text: String { lines.joined(separator: "\n") + "\n" }

    /// The last 4 KB, base64, for `X-Amz-Log-Result`.
    var tail: String {
        let bytes = Array(text.utf8)
        return Data(bytes.suffix(Self.tailBytes)).base64EncodedString()
    }

    func events(now: Date) -> [LogEventRecord] {
        let timestamp = Int64(now.timeIntervalSince1970 * 1000)
        return lines.map { LogEventRecord(timestamp: timestamp, message: $0) }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
