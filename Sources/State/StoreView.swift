import Collections

/// Read access to the store, valid only inside the ``Store/read(_:)`` closure that received it.
/// Don't let it escape: it reads the store's memory without taking the lock.
/// ``StoreTransaction`` offers the same methods (and this view, as ``StoreTransaction/view``).
public struct StoreView {
    let world: World

    init(world: World) {
        self.world = world
    }

    /// The resource `id` of type `R` in `partition`, or nil.
    public func get<R: Resource>(_ type: R.Type, _ id: String, in partition: Partition) -> R? {
        world.get(type, id, in: partition)
    }

    /// Every `R` in `partition`, keyed by id, in creation order (a replace keeps its place).
    /// Returned without copying (copy-on-write storage shared with the store).
    public func all<R: Resource>(_ type: R.Type, in partition: Partition) -> OrderedDictionary<String, R> {
        world.all(type, in: partition)
    }

    /// The partitions that hold at least one `R`, sorted by account then region.
    public func partitions<R: Resource>(holding type: R.Type) -> [Partition] {
        world.partitions(holding: type)
    }
}

@available(*, unavailable, message: "a StoreView is only valid inside the read closure that received it")
extension StoreView: Sendable {}
