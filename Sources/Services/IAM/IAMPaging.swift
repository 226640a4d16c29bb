import AWSWire
import NimbusCore

/// IAM's list answers: one page of items under `key`, with `IsTruncated` and the `Marker` to resume from,
/// paged by the request's `Marker` and `MaxItems` (default 100, as IAM does).
enum IAMPaging {
    static func list(_ key: String, _ items: [AWSValue], _ input: AWSValue, extra: [String: AWSValue] = [:]) -> AWSValue {
        let page = Paginator.page(items, marker: input["Marker"]?.string, maxItems: input["MaxItems"]?.int)
        var fields: [String: AWSValue?] = [key: .list(page.items), "IsTruncated": .boolean(page.isTruncated), "Marker": page.marker.map(AWSValue.string)]
        for (name, value) in extra { fields[name] = value }
        return .structure(fields)
    }
}
