import Foundation
import PricePropBasics

/// Independent runs spread over threads, with results kept in index order.
///
/// Each index is computed by exactly one call of the body, whatever the thread count, so results depend only
/// on the index: output is bit-identical on one core or many.
public enum ParallelRuns {
    /// The number of threads used by default: the machine's active processor count.
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `body(i)` for every `i` in `0..<count`, on up to `threads` threads; threads take the next index as they
    /// finish, so uneven run lengths balance out.
    /// - Complexity: `count` calls of `body`, each index a chunk of its own of one ``ChunkedWork`` pass.
    public static func map<T: Sendable>(count: Int, threads: Int = defaultThreads,
                                        _ body: @Sendable (Int) -> T) -> [T] {
        ChunkedWork.map(count: count, grain: 1, threads: threads, makeState: {}) { _, indices in
            body(indices.lowerBound)
        }.results.map(\.result)
    }
}
