import Foundation
import Synchronization

/// Runs a loop over `0..<count` in fixed chunks of `grain` items on up to `threads` threads.
///
/// A chunk's bounds depend only on `count` and `grain`, never on the thread count; which thread runs a
/// chunk varies. Bodies write only their own items' results and combine them afterwards in chunk or item
/// order, so the results are the same bits for every thread count. With one thread, or one chunk, the
/// caller runs the chunks itself, in order.
package enum ChunkedWork {
    /// Calls `body(chunk, range, worker)` once per chunk; `worker` is in `0..<threads` and no two chunks
    /// run at the same time with the same worker, so per-worker scratch needs no locking.
    package static func run(count: Int, grain: Int, threads: Int,
                    _ body: (_ chunk: Int, _ range: Range<Int>, _ worker: Int) -> Void) {
        guard count > 0 else { return }
        let grain = max(1, grain)
        let chunks = chunkCount(count: count, grain: grain)
        @Sendable func range(_ c: Int) -> Range<Int> { c * grain..<(c * grain + min(grain, count - c * grain)) }
        let workers = min(max(1, threads), chunks)
        if workers == 1 {
            for c in 0..<chunks { body(c, range(c), 0) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let shared = UnsafeSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    let c = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard c < chunks else { return }
                    shared.value(c, range(c), worker)
                }
            }
        }
    }

    /// Calls `body(&state, range)` once per chunk, where `state` belongs to the worker thread running the chunk
    /// (one made by `makeState` per worker, kept across its chunks). Returns each chunk's result in chunk order,
    /// with the worker that made it, and the workers' states.
    package static func map<State, Result>(
        count: Int, grain: Int, threads: Int, makeState: () -> State,
        _ body: (_ state: inout State, _ range: Range<Int>) -> Result
    ) -> (results: [(result: Result, worker: Int)], states: [State]) {
        let chunks = chunkCount(count: count, grain: grain)
        var states = (0..<min(max(1, threads), max(1, chunks))).map { _ in makeState() }
        let results = [(result: Result, worker: Int)](unsafeUninitializedCapacity: chunks) { buffer, initialized in
            states.withUnsafeMutableBufferPointer { states in
                run(count: count, grain: grain, threads: states.count) { chunk, range, worker in
                    let result = body(&states[worker], range)
                    (buffer.baseAddress.unsafelyUnwrapped + chunk).initialize(to: (result, worker))
                }
            }
            initialized = chunks
        }
        return (results, states)
    }

    /// Chunks of `run(count:grain:threads:_:)` for these arguments.
    static func chunkCount(count: Int, grain: Int) -> Int {
        guard count > 0 else { return 0 }
        let grain = max(1, grain)
        return count / grain + (count % grain == 0 ? 0 : 1)
    }
}

/// A value handed to worker threads that only read it, or write disjoint parts of what it points to.
package struct UnsafeSendable<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}
