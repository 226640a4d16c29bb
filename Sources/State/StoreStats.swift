/// What the store holds, for the health endpoint.
public struct StoreStats: Sendable, Hashable, Codable {
    /// Resources in all kinds and partitions.
    public var resources: Int
    /// Resources per kind; only kinds that hold at least one.
    public var byKind: [String: Int]
    /// Distinct partitions that hold at least one resource.
    public var partitions: Int
    /// Types registered.
    public var registeredKinds: Int

    public init(resources: Int, byKind: [String: Int], partitions: Int, registeredKinds: Int) {
        self.resources = resources
        self.byKind = byKind
        self.partitions = partitions
        self.registeredKinds = registeredKinds
    }
}
