/// The package's one unchecked sendability: a value handed to other threads that the compiler cannot prove
/// safe to share, with the reason it is safe written here rather than at each use.
///
/// Every value the package's threads share that is not `Sendable` by its type crosses through this wrapper
/// (or, for the four classes listed below, is justified here). Each such value is safe for one of
/// three reasons, and a use must fall under one of them:
///
/// 1. **Disjoint writes.** Workers of one ``ChunkedWork`` pass or one ``WorkerPool`` job write through
///    pointers to memory that only their own chunk's items own (a chunk's results, a good's or a firm's
///    slots), and read only what no chunk of the same pass writes. Chunk bounds depend only on the input, so
///    no two chunks touch the same item; the pass returns only after every chunk has finished, with
///    acquire/release ordering on the completion count, so the caller sees every write.
/// 2. **Read-only after publication.** A job or a body is written once before it is published to the workers
///    (a release store of the pool's ticket) and only read by them after they acquire it; it is not changed
///    or freed until every chunk of it has completed.
/// 3. **Owned by one thread at a time.** Per-worker scratch memory is used only by the worker whose index it
///    carries, and no two chunks run at the same time with the same worker index.
///
/// Process-wide pointers go through it as well: `Tape`'s one-slot buffer for empty inputs (never read or
/// written: reason 2) and `TemporaryFiles`' slot array (the pointer never changes; the slots are atomics).
///
/// A few types that hold such memory keep an `@unchecked Sendable` conformance of their own, for the same
/// reasons, because a class's conformance cannot be lent by a wrapper: `NetworkView` and its owner
/// `Economy.Network`, and `TapeCode` (pointers into tables that are read-only once built: reason 2),
/// `SimulationStorage` (its frames are written only by the tick of the simulation that owns it, whose
/// workers write disjoint items: reasons 1 and 3), and the comparator's `ReversePass` and `RowWriter`
/// (buffers owned by one pass, whose chunks write disjoint goods: reasons 1 and 2). Each says which reason
/// at its declaration.
package struct UnsafeSendable<T>: @unchecked Sendable {
    /// The wrapped value; see the type's documentation for when sharing it is safe.
    package let value: T
    /// Wraps `value` for a use that falls under one of the reasons above.
    package init(_ value: T) { self.value = value }
}
