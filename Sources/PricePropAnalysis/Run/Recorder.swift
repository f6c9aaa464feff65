import PricePropSimulation
import PricePropComparator

/// Samples named columns of a run into a table: tick 0, every `every` ticks, and the last tick.
///
/// Recording is separate from simulating: the engine never sees the recorder, and writers only read its table.
public struct Recorder: Sendable {
    /// Column names: `tick`, then per good `<good>.price`, `.supply`, `.demand`, `.gradient`, `.error`,
    /// `.status`, then `value`. A row holds the status as its ``Comparison/Status/code``; CSV writes its name.
    public let columns: [String]
    /// Recorded rows not yet taken by ``takeRows()``, each `columns.count` long, in tick order.
    public private(set) var rows: [[Double]] = []
    /// Record every this many ticks (plus the first and last).
    public let every: Int
    private let goodCount: Int

    public init(goods: [String], every: Int) {
        self.columns = Recorder.columns(goods: goods)
        self.every = max(1, every)
        self.goodCount = goods.count
    }

    /// The column names for these goods.
    public static func columns(goods: [String]) -> [String] {
        var columns = ["tick"]
        for name in goods {
            for field in Recorder.goodFields { columns.append("\(name).\(field)") }
        }
        columns.append("value")
        return columns
    }

    /// The per-good fields, in column order.
    public static let goodFields = ["price", "supply", "demand", "gradient", "error", "status"]

    /// Whether tick `t` is due by the sampling interval (the last tick is added by ``finish(_:comparison:)``).
    public func isDue(_ tick: Int) -> Bool { tick % every == 0 }

    /// The tick of the last row, if any.
    public private(set) var lastTick: Int?

    /// Hands over the rows recorded so far and forgets them, so a long run streams its time series instead of
    /// holding it all in memory.
    public mutating func takeRows() -> [[Double]] {
        defer { rows.removeAll(keepingCapacity: true) }
        return rows
    }

    /// Appends a row for the simulation's current state and its comparison.
    public mutating func record(_ simulation: Simulation, comparison: Comparison) {
        guard lastTick != simulation.tick else { return }
        var row = [Double(simulation.tick)]
        row.reserveCapacity(columns.count)
        for g in 0..<goodCount {
            row.append(simulation.price(g))
            row.append(simulation.supply(g))
            row.append(simulation.demand(g))
            row.append(comparison.gradients[g])
            row.append(comparison.relativeErrors[g])
            row.append(Double(comparison.goodStatus[g].code))
        }
        row.append(comparison.value)
        rows.append(row)
        lastTick = simulation.tick
    }
}
