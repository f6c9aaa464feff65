import Foundation
import Synchronization

/// Runs a loop over `0..<count` in fixed chunks of `grain` items on up to `threads` threads of a
/// ``WorkerPool``.
///
/// A chunk's bounds depend only on `count` and `grain`, never on the thread count; which thread runs a
/// chunk varies. Bodies write only their own items' results and combine them afterwards in chunk or item
/// order (``UnsafeSendable``, reasons 1 and 3), so the results are the same bits for every thread count.
/// With one thread, or one chunk, the caller runs the chunks itself, in order.
///
/// Bodies are `@Sendable`, so the compiler checks what they capture: values, `Sendable` types, and the
/// pointers they write through wrapped in ``UnsafeSendable`` with the reason that makes sharing them safe.
package enum ChunkedWork {
    /// Calls `body(chunk, range, worker)` once per chunk; `worker` is in `0..<threads` and no two chunks
    /// run at the same time with the same worker, so per-worker scratch needs no locking.
    package static func run(count: Int, grain: Int, threads: Int,
                            _ body: @Sendable (_ chunk: Int, _ range: Range<Int>, _ worker: Int) -> Void) {
        guard count > 0 else { return }
        let grain = max(1, grain)
        let chunks = chunkCount(count: count, grain: grain)
        let workers = workerCount(threads: threads, chunks: chunks)
        if workers == 1 {
            for c in 0..<chunks { body(c, Job.range(c, count: count, grain: grain), 0) }
            return
        }
        let pool = checkOut(workers)
        withoutActuallyEscaping(body) { body in
            pool.run(Job(count: count, grain: grain, chunkCount: chunks, body: body))
        }
        checkIn(pool)
    }

    /// Calls `body(&state, range)` once per chunk, where `state` belongs to the worker thread running the chunk
    /// (one made by `makeState` per worker, kept across its chunks). Returns each chunk's result in chunk order,
    /// with the worker that made it, and the workers' states.
    ///
    /// States and results are `Sendable`: a state is made on the calling thread and used on a worker's, a
    /// result made on a worker's thread and returned on the caller's.
    package static func map<State: Sendable, Result: Sendable>(
        count: Int, grain: Int, threads: Int, makeState: () -> State,
        _ body: @Sendable (_ state: inout State, _ range: Range<Int>) -> Result
    ) -> (results: [(result: Result, worker: Int)], states: [State]) {
        let chunks = chunkCount(count: count, grain: grain)
        var states = (0..<workerCount(threads: threads, chunks: chunks)).map { _ in makeState() }
        let results = [(result: Result, worker: Int)](unsafeUninitializedCapacity: chunks) { buffer, initialized in
            states.withUnsafeMutableBufferPointer { states in
                // Each chunk initializes its own result slot (reason 1); each worker uses only its own state
                // (reason 3).
                let slots = UnsafeSendable(buffer), states = UnsafeSendable(states)
                run(count: count, grain: grain, threads: states.value.count) { chunk, range, worker in
                    let result = body(&states.value[worker], range)
                    (slots.value.baseAddress.unsafelyUnwrapped + chunk).initialize(to: (result, worker))
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

    /// Threads a pass of `chunks` chunks runs on: no more than asked, than chunks, or than ``mostThreads``.
    static func workerCount(threads: Int, chunks: Int) -> Int {
        max(1, min(threads, chunks, mostThreads))
    }

    /// The most threads one pass runs on, whatever is asked: results are the same bits for every thread
    /// count, and threads beyond the cores only add switching.
    static let mostThreads = max(4, ProcessInfo.processInfo.activeProcessorCount)

    /// One pass as a pool job: the body, escaped only for the duration of ``run(count:grain:threads:_:)``,
    /// which returns only when every chunk has run (``UnsafeSendable``, reason 2).
    struct Job: WorkerJob {
        let count: Int, grain: Int, chunkCount: Int
        let body: @Sendable (_ chunk: Int, _ range: Range<Int>, _ worker: Int) -> Void

        static func range(_ c: Int, count: Int, grain: Int) -> Range<Int> {
            c * grain..<(c * grain + min(grain, count - c * grain))
        }

        func run(chunk: Int, worker: Int) { body(chunk, Self.range(chunk, count: count, grain: grain), worker) }
    }

    /// An idle pool of `threads` threads, started if none is idle. A pass has a pool to itself, so passes
    /// on different threads, or nested in one another's chunks, each run on threads of their own; pools are
    /// kept for the process, as many of each size as ever ran at once.
    private static func checkOut(_ threads: Int) -> WorkerPool<Job> {
        let idle = pools.withLock { $0[threads]?.popLast() }
        return idle ?? WorkerPool<Job>(threads: threads, name: "chunked-work", spins: 2_000)
    }

    /// Returns `pool` to the idle pools once its pass is done.
    private static func checkIn(_ pool: WorkerPool<Job>) {
        pools.withLock { $0[pool.threadCount, default: []].append(pool) }
    }

    private static let pools = Mutex<[Int: [WorkerPool<Job>]]>([:])
}
