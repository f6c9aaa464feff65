import PricePropSimulation
import PricePropComparator

/// A run ties the tick engine, the comparator and the recorder together: it steps the market, judges it
/// against backprop, and records what happened. The firms and the market never see the comparison.
public struct Run: Sendable {
    /// How long to run and when to call it converged.
    public struct Options: Sendable, Equatable {
        /// Stop at this tick if not converged.
        public var maxTicks: Int
        /// Run exactly this many ticks, converged or not (overrides convergence stopping).
        public var exactTicks: Int?
        /// Converged when every relative movement, excess demand and price-vs-gradient error is at most this.
        public var tolerance: Double
        /// Record every this many ticks (plus the first and last).
        public var recordEvery: Int
        /// Whether to keep a time series at all.
        public var record: Bool

        public static let defaultMaxTicks = 100_000
        public static let defaultTolerance = 1e-10

        public init(maxTicks: Int = Options.defaultMaxTicks, exactTicks: Int? = nil,
                    tolerance: Double = Options.defaultTolerance, recordEvery: Int = 1, record: Bool = true) {
            self.maxTicks = maxTicks
            self.exactTicks = exactTicks
            self.tolerance = tolerance
            self.recordEvery = recordEvery
            self.record = record
        }
    }

    /// How a run ended.
    public enum Outcome: Sendable, Equatable {
        /// Prices settled and match the backprop derivatives within tolerance.
        case converged
        /// The tick limit (or the exact tick count) was reached first.
        case tickLimit
        /// A production function became undefined or a price left the positive reals.
        case diverged(SimulationFault)
        /// Stopped from outside (a signal) at the end of a tick.
        case interrupted
    }

    /// Everything a run produced.
    public struct Report: Sendable {
        public var scenario: String
        public var outcome: Outcome
        /// Ticks completed.
        public var ticks: Int
        /// The comparison at the last finite state.
        public var comparison: Comparison
        /// The last relative movement of the market.
        public var movement: Simulation.Movement
        /// The time series, if recorded.
        public var recorder: Recorder?
        /// The tolerance used.
        public var tolerance: Double
        /// The run cut at each shock: the equilibrium reached before every shock, and the last one.
        /// One segment when there were no shocks.
        public var segments: [Segment]

        /// Whether the run converged and every market price matches its derivative within tolerance.
        public var converged: Bool { outcome == .converged }
    }

    public var simulation: Simulation
    public var options: Options
    /// Shocks still to apply, in tick order (see ``Shock`` for when each takes effect). The run does not stop
    /// as converged while one is pending.
    public var shocks: [Shock]

    public init(simulation: Simulation, options: Options = Options(), shocks: [Shock] = []) {
        self.simulation = simulation
        self.options = options
        self.shocks = shocks
    }

    /// Steps until converged (with no shock pending), the tick limit, a fault, or `shouldStop` returns true
    /// (checked after each tick). Shocks due at or before the current tick are applied first.
    /// - Parameter progress: told the tick and the current largest error about every quarter second, after
    ///   the first second; the estimate of time left extrapolates the error's fall to the tolerance.
    ///
    /// With `deliver`, recorded rows are handed over in batches (of ``deliveryBatch`` rows, and the rest at the
    /// end) and not kept in the report's recorder, so memory stays bounded however long the run.
    public mutating func execute(progress: ProgressReporter? = nil, deliver: (([[Double]]) -> Void)? = nil,
                                 shouldStop: () -> Bool = { false }) -> Report {
        // Stable: shocks at the same tick apply in the order given.
        var pending = shocks.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
            .map(\.element)[...]
        while let shock = pending.first, shock.tick <= simulation.tick {
            applyShock(shock)
            pending.removeFirst()
        }
        var recorder = options.record
            ? Recorder(goods: simulation.economy.goods.map(\.name), every: options.recordEvery) : nil
        // The reverse pass runs only when something reads it: a recorded row, a settled market, the end.
        var comparison: Comparison?
        if recorder != nil {
            let first = Comparison(simulation)
            recorder?.record(simulation, comparison: first)
            comparison = first
        }
        let limit = options.exactTicks ?? options.maxTicks
        var outcome = Outcome.tickLimit
        var segments = SegmentTracker(startTick: simulation.tick)
        var estimate = TickEstimate(tolerance: options.tolerance, limit: limit)
        var stall = StallDetector()
        while simulation.tick < limit {
            if let first = pending.first, first.tick == simulation.tick + 1 {
                // Every shock of this tick, as one: they open one segment.
                var shock = Shock(tick: first.tick, assignments: [])
                while let next = pending.first, next.tick == first.tick {
                    shock.assignments += next.assignments
                    pending.removeFirst()
                }
                segments.close(simulation, comparison: Comparison(simulation), tolerance: options.tolerance, next: shock)
                applyShock(shock)
                estimate.restart()
                stall.reset()
            }
            do {
                try simulation.step()
            } catch {
                // A failed tick leaves the simulation at its last complete state.
                outcome = .diverged(error)
                break
            }
            let due = recorder?.isDue(simulation.tick) ?? false
            // Once a segment has settled, later ticks of it need no comparison unless recorded.
            let settled = segments.settledTick == nil && simulation.lastMove.largest <= options.tolerance
            if due || settled {
                comparison = Comparison(simulation)
                if let fault = comparison?.nonFiniteFault(tick: simulation.tick) {
                    outcome = .diverged(fault)
                    break
                }
            }
            if due, let comparison {
                recorder?.record(simulation, comparison: comparison)
                if let deliver, let count = recorder?.rows.count, count >= Run.deliveryBatch, let rows = recorder?.takeRows() {
                    deliver(rows)
                }
            }
            if settled, let comparison, comparison.largestRelativeError <= options.tolerance {
                segments.settled(at: simulation.tick)
                if options.exactTicks == nil && pending.isEmpty {
                    outcome = .converged
                    break
                }
            }
            if let progress, simulation.tick & 63 == 0, progress.isDue() {
                let error = Comparison(simulation).largestRelativeError
                // A fixed tick count runs to its end; a pending shock at least to its tick; otherwise the run
                // ends when the error reaches the tolerance.
                let remaining: Double
                if options.exactTicks != nil { remaining = Double(limit - simulation.tick) }
                else if let last = pending.last { remaining = Double(min(last.tick, limit) - simulation.tick) }
                else { remaining = estimate.remainingTicks(tick: simulation.tick, error: error) }
                progress.report(unit: .tick, completed: simulation.tick, total: limit, largestError: error,
                                remainingUnits: remaining)
            }
            if options.exactTicks == nil, let stuck = stall.observe(simulation.lastMove.largest) {
                outcome = .diverged(SimulationFault(
                    tick: simulation.tick, firm: nil, production: nil, fault: nil,
                    detail: "no progress: prices and quantities still move by up to \(stuck) of themselves per tick, no less than \(stall.window * stall.windows) ticks before; the market is going round in a cycle (try smaller market.priceStep or market.firmStep)"))
                break
            }
            if shouldStop() {
                outcome = .interrupted
                break
            }
        }
        let final = Comparison(simulation)
        if case .diverged = outcome {} else if let fault = final.nonFiniteFault(tick: simulation.tick) { outcome = .diverged(fault) }
        recorder?.record(simulation, comparison: final)
        if let deliver, let rows = recorder?.takeRows(), !rows.isEmpty { deliver(rows) }
        segments.close(simulation, comparison: final, tolerance: options.tolerance, next: nil)
        shocks = Array(pending)
        if options.exactTicks != nil, outcome == .tickLimit,
           simulation.lastMove.largest <= options.tolerance, final.largestRelativeError <= options.tolerance {
            outcome = .converged
        }
        return Report(scenario: simulation.economy.name, outcome: outcome, ticks: simulation.tick,
                      comparison: final, movement: simulation.lastMove, recorder: recorder,
                      tolerance: options.tolerance, segments: segments.closed)
    }

    /// The recorded columns of this run's time series.
    public var columns: [String] { Recorder.columns(goods: simulation.economy.goods.map(\.name)) }

    /// Rows per batch handed to `execute`'s `deliver`.
    public static let deliveryBatch = 4096

    /// Applies every assignment of `shock`. Paths were checked against the scenario when the shock was
    /// scheduled; one that names nothing in this economy is skipped.
    private mutating func applyShock(_ shock: Shock) {
        for assignment in shock.assignments { try? simulation.apply(assignment.path, value: assignment.value) }
    }
}
