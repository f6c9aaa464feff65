import PricePropScenario
import Synchronization

/// A parameter sweep: the market run to equilibrium at every point of a grid of scenario values.
///
/// Each axis varies one path over evenly spaced values (``SweepAxis``); several axes form their Cartesian
/// product, the first axis varying slowest, like nested loops in the order written. Points are numbered from 0
/// in that order. Every point is a fresh run of the scenario with the point's values set at tick 0, exactly as
/// if the file said so (its events still happen). Points run in parallel; each row depends only on its point,
/// so the output is the same bits on any number of threads and in any shard.
public struct Sweep: Sendable {
    public var scenario: Scenario
    public var axes: [SweepAxis]
    /// Options for every point's run (recording is always off).
    public var options: Run.Options
    /// Which points this process runs; `nil` means all.
    public var shard: Shard?
    /// The clearing mechanism's name for every run; `nil` means the scenario's
    /// (see ``Run/init(scenario:options:mechanism:)``).
    public var mechanism: String?
    public var threads: Int

    public init(scenario: Scenario, axes: [SweepAxis], options: Run.Options = Run.Options(record: false),
                shard: Shard? = nil, mechanism: String? = nil,
                threads: Int = ParallelRuns.defaultThreads) {
        self.scenario = scenario
        self.axes = axes
        self.options = options
        self.shard = shard
        self.mechanism = mechanism
        self.threads = threads
    }

    /// Points in the whole grid: the product of the axes' counts (1 with no axes: the scenario as written).
    public var pointCount: Int { axes.reduce(1) { $0 * $1.count } }

    /// The values of point `index`, one per axis: mixed-radix digits of the index, the last axis fastest.
    public func values(ofPoint index: Int) -> [Double] {
        var rest = index
        var values = [Double](repeating: 0, count: axes.count)
        for a in axes.indices.reversed() {
            values[a] = axes[a].value(at: rest % axes[a].count)
            rest /= axes[a].count
        }
        return values
    }

    /// The points this process runs, ascending: all, or those of its shard.
    public var points: [Int] {
        let all = 0..<pointCount
        guard let shard else { return Array(all) }
        return all.filter { shard.contains(point: $0) }
    }

    /// Runs this process's points.
    /// - Parameters:
    ///   - progress: told each finished point, with the worst error so far.
    ///   - shouldStop: polled by every run after each tick and before each point starts; once it returns
    ///     true, running points stop (their rows say not converged) and points not yet started are left out.
    /// - Complexity: one run to equilibrium per point, spread over ``threads`` threads.
    public func run(progress: ProgressReporter? = nil, shouldStop: @escaping @Sendable () -> Bool = { false }) -> SweepTable {
        let goods = scenario.goods.map(\.name)
        let points = self.points
        let finished = Mutex((count: 0, worst: 0.0))
        let rows = ParallelRuns.map(count: points.count, threads: threads) { i -> [Double]? in
            guard !shouldStop() else { return nil }
            let (row, error) = self.row(point: points[i], goods: goods.count, shouldStop: shouldStop)
            if let progress {
                let (count, worst) = finished.withLock { state in
                    state.count += 1
                    state.worst = max(state.worst, error)
                    return (state.count, state.worst)
                }
                progress.report(unit: .point, completed: count, total: points.count, largestError: worst,
                                remainingUnits: Double(points.count - count))
            }
            return row
        }
        return SweepTable(columns: SweepTable.columns(axes: axes.map(\.path), goods: goods), rows: rows.compactMap { $0 })
    }

    /// One point's row, and its largest relative error for progress.
    func row(point: Int, goods: Int, shouldStop: () -> Bool = { false }) -> (row: [Double], error: Double) {
        let values = values(ofPoint: point)
        var row = [Double(point)] + values
        var start = scenario
        for (axis, value) in zip(axes, values) {
            // Axes were checked against the scenario when parsed; a failure shows as a row of NaN below.
            if let changed = try? start.setting(axis.path, to: value) { start = changed }
        }
        guard var run = try? Run(scenario: start, options: Run.Options.unrecorded(options), mechanism: mechanism) else {
            row += [Double](repeating: .nan, count: 3 * goods + 1) + [0, 0]
            return (row, .infinity)
        }
        let report = run.execute(shouldStop: shouldStop)
        for good in report.comparison.goods { row += [good.price, good.gradient, good.relativeError] }
        row += [report.comparison.value, Double(report.ticks), report.converged ? 1 : 0]
        return (row, report.comparison.largestRelativeError)
    }
}

/// A sweep's results, one row per point in point order.
///
/// Columns: `point` (the index in the whole grid, so shards recombine by sorting on it), the varied paths,
/// then per good `<good>.price`, `<good>.gradient`, `<good>.error` as in a run's series, then `value` (`V`),
/// `ticks` and `converged` (1 or 0). A point whose run could not start has NaN in the good and value columns.
public struct SweepTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Double]]

    public init(columns: [String], rows: [[Double]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The per-good fields of a sweep row, in column order.
    public static let goodFields = ["price", "gradient", "error"]

    static func columns(axes: [ParameterPath], goods: [String]) -> [String] {
        var columns = ["point"] + axes.map(\.description)
        for good in goods {
            for field in goodFields { columns.append("\(good).\(field)") }
        }
        return columns + ["value", "ticks", "converged"]
    }

    /// Shards' tables recombined: their rows together in point order. All must have the same columns.
    /// - Returns: `nil` when the columns differ.
    public static func merging(_ shards: [SweepTable]) -> SweepTable? {
        guard let first = shards.first, shards.allSatisfy({ $0.columns == first.columns }) else { return nil }
        let rows = shards.flatMap(\.rows).sorted { ($0.first ?? 0) < ($1.first ?? 0) }
        return SweepTable(columns: first.columns, rows: rows)
    }
}
