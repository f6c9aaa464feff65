import PricePropComparator
import PricePropSimulation

/// Samples a run into a table of its ``TimeSeriesSchema``: tick 0, every `every` ticks, and the last tick.
///
/// Recording is separate from simulating: the engine never sees the recorder, and writers only read its table.
public struct Recorder: Sendable {
    /// What each column of a row holds: `tick`, then per good every ``TimeSeriesSchema/Field``, then `value`.
    /// A row holds the status as its ``Comparison/Status/code``; CSV writes its name.
    public let schema: TimeSeriesSchema
    /// Recorded rows not yet taken by ``takeRows()``, each `schema.columns.count` long, in tick order.
    public private(set) var rows: [[Double]] = []
    /// Record every this many ticks (plus the first and last).
    public let every: Int

    /// A recorder of these goods, with the run's schema (``TimeSeriesSchema/init(goods:)``).
    public init(goods: [TimeSeriesSchema.Good], every: Int) {
        self.schema = TimeSeriesSchema(goods: goods)
        self.every = max(1, every)
    }

    /// Whether tick `t` is due by the sampling interval (the run records its last tick as well).
    public func isDue(_ tick: Int) -> Bool { tick % every == 0 }

    /// The tick of the last row, if any.
    public private(set) var lastTick: Int?

    /// Hands over the rows recorded so far and forgets them, so a long run streams its time series instead of
    /// holding it all in memory.
    public mutating func takeRows() -> [[Double]] {
        defer { rows.removeAll(keepingCapacity: true) }
        return rows
    }

    /// Appends a row for the simulation's current state and its comparison, the fields in declared order.
    public mutating func record(_ simulation: Simulation, comparison: Comparison) {
        guard lastTick != simulation.tick else { return }
        var row = [Double(simulation.tick)]
        row.reserveCapacity(schema.columns.count)
        for g in schema.goods.indices {
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
