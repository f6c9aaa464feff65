import Dispatch
import Foundation
import Synchronization

/// Independent runs spread over threads, with results kept in index order.
///
/// Each index is computed by exactly one call of the body, whatever the thread count, so results depend only
/// on the index: output is bit-identical on one core or many.
public enum ParallelRuns {
    /// The number of threads used by default: the machine's active processor count.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `body(i)` for every `i` in `0..<count`, on up to `threads` threads; threads take the next index as they
    /// finish, so uneven run lengths balance out.
    /// - Complexity: `count` calls of `body`, plus one lock acquisition per call.
    public static func map<T: Sendable>(count: Int, threads: Int = defaultThreads,
                                        _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(body) }
        let next = Atomic<Int>(0)
        let results = Mutex<[T?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                let result = body(i)
                results.withLock { $0[i] = result }
            }
        }
        // Every index below `count` was taken by exactly one worker, so every slot is filled.
        return results.withLock { $0.compactMap { $0 } }
    }
}
