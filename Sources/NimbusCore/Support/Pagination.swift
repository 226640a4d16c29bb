/// Marker-based paging as IAM and others do it: the marker is the position to resume
/// from, opaque to clients. A marker that does not parse starts from the beginning.
public struct Page<Element> {
    public let items: [Element]
    /// Present when there is more: pass it back as `Marker` (or `NextToken`).
    public let marker: String?
    public var isTruncated: Bool { marker != nil }
}

public enum Paginator {
    public static func page<Element>(_ all: [Element], marker: String?, maxItems: Int?, defaultMaxItems: Int = 100) -> Page<Element> {
        let start = marker.flatMap(decode).map { min(max($0, 0), all.count) } ?? 0
        let size = max(1, maxItems ?? defaultMaxItems)
        let end = min(all.count, start + size)
        let next = end < all.count ? encode(end) : nil
        return Page(items: Array(all[start..<end]), marker: next)
    }

    /// The token for resuming at `position`, for callers that page by hand.
    public static func token(_ position: Int) -> String { encode(position) }

    /// The position a token resumes at, or nil when it is not one of Nimbus's tokens.
    public static func position(_ token: String) -> Int? { decode(token).flatMap { $0 >= 0 ? $0 : nil } }

    static func encode(_ position: Int) -> String {
        "nimbus-" + String(position, radix: 36)
    }

    static func decode(_ marker: String) -> Int? {
        guard marker.hasPrefix("nimbus-") else { return nil }
        return Int(marker.dropFirst(7), radix: 36)
    }
}
