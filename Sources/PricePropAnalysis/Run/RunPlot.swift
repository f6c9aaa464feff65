import PricePropBasics
import PricePropOutput

/// A run's time series as a figure: each good's market price converging onto its backprop derivative, the
/// relative error between them on a log axis, and the net value `V`, all over ticks.
///
/// It reads rows of a ``TimeSeriesSchema`` (of its columns `tick`, per good `.price`, `.gradient` and `.error`,
/// and `value`; others such as `.supply` are ignored), fed in tick order as they arrive, so
/// `priceprop run --plot` and `priceprop plot data.csv` share it:
///
/// ```swift
/// var plot = try RunPlot(schema: run.schema)
/// let report = run.execute(deliver: { plot.append($0) })
/// let figure = plot.figure(title: report.scenario, shockTicks: shocks.map(\.tick))
/// ```
///
/// **Bounded memory.** Rows are kept as at most ``maxBuckets`` buckets of consecutive rows. Each bucket keeps,
/// per drawn line, its first and last point, its lowest and highest point and its first non-finite one (a gap),
/// so a line of a million ticks still shows its start, its end, every spike and every break. Buckets hold
/// `2^k` rows: when there would be more than ``maxBuckets``, neighbours merge in pairs. The result depends only
/// on the rows and their order, not on how they were split into batches; with at most ``maxBuckets`` rows every
/// row is drawn.
/// - Complexity: O(lines) per row; memory O(``maxBuckets`` × lines).
public struct RunPlot: Sendable {
    /// The series' goods and columns.
    public let schema: TimeSeriesSchema
    /// The most buckets of rows kept; see the type's discussion.
    public let maxBuckets: Int

    let tickColumn: Int
    let valueColumn: Int
    /// Per good, the columns of its price, derivative and relative error.
    let goodColumns: [(price: Int, gradient: Int, error: Int)]
    /// Per good, whether every row so far had its price equal to its derivative with zero error: its line
    /// lies on its target and carries no information (every fixed price, and a market price that never moved
    /// off its derivative).
    private(set) var staysOnTarget: [Bool]
    private var buckets: [Bucket] = []
    private var rowsPerBucket = 1
    private var rowCount = 0

    /// Default for ``maxBuckets``: up to 2,000 points per line, more than the default figure's plotting area
    /// is pixels wide.
    public static let defaultMaxBuckets = 500

    /// Relative errors below this (about double-precision rounding), including exact zeros, are drawn at it so
    /// the log axis can show them.
    public static let errorFloor = 1e-16

    /// Finds the columns to draw in a schema.
    /// - Throws: ``RunPlotError`` naming the first missing column (`tick`, a good's `.gradient` or `.error`, or
    ///   `value`), or saying there is no good at all.
    public init(schema: TimeSeriesSchema, maxBuckets: Int = RunPlot.defaultMaxBuckets) throws(RunPlotError) {
        let names = schema.names
        func index(_ column: TimeSeriesSchema.Column) throws(RunPlotError) -> Int {
            if let index = schema.index(of: column) { return index }
            let name = schema.name(of: column)
            throw .missingColumn(name, suggestion: closestMatch(to: name, among: names))
        }
        // A sweep's table has `point`, `ticks` and `converged` where a run's series has `tick`: say so rather
        // than suggest `ticks` for `tick`.
        if !names.contains("tick"), names.contains("point"), names.contains("converged") { throw .sweepTable }
        tickColumn = try index(.tick)
        var goodColumns: [(price: Int, gradient: Int, error: Int)] = []
        for g in schema.goods.indices {
            goodColumns.append((try index(.good(g, .price)), try index(.good(g, .gradient)), try index(.good(g, .error))))
        }
        guard !goodColumns.isEmpty else { throw .noGoods }
        valueColumn = try index(.value)
        self.schema = schema
        self.goodColumns = goodColumns
        self.maxBuckets = max(1, maxBuckets)
        staysOnTarget = Array(repeating: true, count: goodColumns.count)
    }

    /// The column indices the plot reads; a row may hold anything (NaN, say) in the others.
    public var columnsRead: [Int] {
        [tickColumn] + goodColumns.flatMap { [$0.price, $0.gradient, $0.error] } + [valueColumn]
    }

    /// The tick of the last row appended.
    public private(set) var lastTick: Double?

    /// Adds rows of the schema given to ``init(schema:maxBuckets:)``, in tick order.
    public mutating func append(_ rows: [[Double]]) {
        for row in rows { append(row: row) }
    }

    /// Adds one row.
    public mutating func append(row: [Double]) {
        let x = row[tickColumn]
        lastTick = x
        var values: [Double] = []
        values.reserveCapacity(lineCount)
        for (g, columns) in goodColumns.enumerated() {
            let price = row[columns.price], gradient = row[columns.gradient], error = row[columns.error]
            if staysOnTarget[g] && !(price == gradient && error == 0) { staysOnTarget[g] = false }
            values.append(price)
            values.append(gradient)
            values.append(error.isFinite ? max(error, Self.errorFloor) : error)
        }
        values.append(row[valueColumn])

        var startsBucket = rowCount % rowsPerBucket == 0
        if startsBucket && buckets.count == maxBuckets {
            mergeBuckets()
            startsBucket = rowCount % rowsPerBucket == 0
        }
        if startsBucket {
            buckets.append(Bucket(lines: values.map { Extremes(Point(index: rowCount, x: x, y: $0)) }))
        } else {
            for (line, y) in values.enumerated() {
                buckets[buckets.count - 1].lines[line].add(Point(index: rowCount, x: x, y: y))
            }
        }
        rowCount += 1
    }

    /// Lines per row: price, derivative and error per good, then `V`.
    var lineCount: Int { goodColumns.count * 3 + 1 }

    /// Doubles the rows per bucket, merging neighbours.
    private mutating func mergeBuckets() {
        var merged: [Bucket] = []
        merged.reserveCapacity(maxBuckets / 2 + 1)
        var i = 0
        while i < buckets.count {
            if i + 1 < buckets.count {
                merged.append(Bucket(lines: zip(buckets[i].lines, buckets[i + 1].lines).map { $0.merged(with: $1) }))
            } else {
                merged.append(buckets[i])
            }
            i += 2
        }
        buckets = merged
        rowsPerBucket *= 2
    }

    /// The kept points of line `line`, in row order.
    func points(ofLine line: Int) -> (x: [Double], y: [Double]) {
        var x: [Double] = [], y: [Double] = []
        x.reserveCapacity(buckets.count * 4)
        y.reserveCapacity(buckets.count * 4)
        for bucket in buckets {
            for point in bucket.lines[line].points {
                x.append(point.x)
                y.append(point.y)
            }
        }
        return (x, y)
    }
}

// MARK: - Buckets

extension RunPlot {
    struct Point: Sendable {
        var index: Int
        var x: Double
        var y: Double
    }

    /// What a bucket keeps of one line.
    struct Extremes: Sendable {
        var first: Point
        var last: Point
        /// Lowest and highest finite points; the earliest on ties.
        var lowest: Point?
        var highest: Point?
        /// The first point whose value is not finite: it breaks the line.
        var gap: Point?

        init(_ point: Point) {
            first = point
            last = point
            if point.y.isFinite { lowest = point; highest = point } else { gap = point }
        }

        mutating func add(_ point: Point) {
            last = point
            if point.y.isFinite {
                if lowest.map({ point.y < $0.y }) ?? true { lowest = point }
                if highest.map({ point.y > $0.y }) ?? true { highest = point }
            } else if gap == nil {
                gap = point
            }
        }

        /// The extremes of this bucket followed by `later`.
        func merged(with later: Extremes) -> Extremes {
            var result = self
            result.last = later.last
            if let low = later.lowest, result.lowest.map({ low.y < $0.y }) ?? true { result.lowest = low }
            if let high = later.highest, result.highest.map({ high.y > $0.y }) ?? true { result.highest = high }
            if result.gap == nil { result.gap = later.gap }
            return result
        }

        /// The distinct kept points in row order.
        var points: [Point] {
            var points = [first]
            for point in [lowest, highest, gap, last].compactMap({ $0 }) where !points.contains(where: { $0.index == point.index }) {
                points.append(point)
            }
            return points.sorted { $0.index < $1.index }
        }
    }

    struct Bucket: Sendable {
        var lines: [Extremes]
    }
}

// MARK: - Errors

/// Why rows cannot be drawn as a run plot.
public enum RunPlotError: Error, Sendable, Hashable {
    /// A column the plot needs is not in the header; `suggestion` is the nearest name present.
    case missingColumn(String, suggestion: String?)
    /// No column is called `<good>.price`.
    case noGoods
    /// The CSV has a header but no rows.
    case noRows
    /// The CSV is a sweep's table (`priceprop sweep --csv`), one row per point, not a run's time series.
    case sweepTable
    /// The CSV itself could not be read, or a field is not a number.
    case data(CSVError)

    /// The 1-based line of the input the problem is on: 1 (the header) for missing columns, 2 for no rows.
    public var line: Int {
        switch self {
        case let .data(error): return error.line
        case .noRows: return 2
        case .missingColumn, .noGoods, .sweepTable: return 1
        }
    }

    /// One line describing the problem, without location.
    public var message: String {
        switch self {
        case let .missingColumn(name, suggestion):
            return "no column '\(name)'" + didYouMean(suggestion)
                + " (expected the columns of 'priceprop run --csv': tick, <good>.price, <good>.gradient, <good>.error, value)"
        case .noGoods:
            return "no '<good>.price' column (expected the columns of 'priceprop run --csv': tick, <good>.price, "
                + "<good>.gradient, <good>.error, value)"
        case .noRows:
            return "no rows after the header: nothing to draw"
        case .sweepTable:
            return "this is a sweep's table (columns point, ..., ticks, converged), one row per point, not a run's time series; draw it with 'priceprop sweep ... --plot FILE'"
        case let .data(error):
            return error.message
        }
    }
}

extension RunPlotError: CustomStringConvertible {
    /// `line 1: message`; prefix a file name for a compiler-style diagnostic.
    public var description: String { "line \(line): \(message)" }
}
