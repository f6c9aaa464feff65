import PricePropComparator
import PricePropSimulation

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
        var none = NoRunObserver()
        return execute(progress: progress, deliver: deliver, observer: &none, shouldStop: shouldStop)
    }

    /// ``execute(progress:deliver:shouldStop:)`` telling `observer` about the run after the run's own
    /// observers (recording, segments, progress, stall detection); it may end the run with an outcome.
    public mutating func execute(progress: ProgressReporter? = nil, deliver: (([[Double]]) -> Void)? = nil,
                                 observer: inout some RunObserver, shouldStop: () -> Bool = { false }) -> Report {
        let limit = options.exactTicks ?? options.maxTicks
        var observers = RunObservers(
            recording: options.record
                ? RecordingObserver(recorder: Recorder(goods: schema.goods, every: options.recordEvery), deliver: deliver)
                : nil,
            segments: SegmentTracker(tolerance: options.tolerance),
            progress: progress.map { ProgressObserver(reporter: $0, estimate: TickEstimate(tolerance: options.tolerance, limit: limit)) },
            stall: options.exactTicks == nil ? StallObserver() : nil,
            extra: observer)
        defer { observer = observers.extra }
        var outcome = loop(&observers, limit: limit, shouldStop: shouldStop)
        var final = Comparison(simulation)
        if case .diverged = outcome {} else if let fault = final.nonFiniteFault(tick: simulation.tick) { outcome = .diverged(fault) }
        if case let .diverged(fault) = outcome {
            // A cyclic market that runs away usually does so round a cycle returning more than it takes.
            if final.unsustainableCycle == nil {
                final.unsustainableCycle = Adjoint.unsustainableCycle(economy: simulation.economy, allocation: simulation.allocation)
            }
            outcome = .diverged(final.explaining(fault))
        }
        observers.finish(simulation, comparison: final)
        if options.exactTicks != nil, outcome == .tickLimit,
           simulation.lastMove.largest <= options.tolerance, final.largestRelativeError <= options.tolerance {
            outcome = .converged
        }
        return Report(scenario: simulation.economy.name, outcome: outcome, ticks: simulation.tick,
                      comparison: final, movement: simulation.lastMove, recorder: observers.recording?.recorder,
                      tolerance: options.tolerance, segments: observers.segments.closed)
    }

    /// The run loop: apply the shocks due, step, tell the observers, stop on the first verdict. Leaves the
    /// shocks not yet applied in ``shocks``.
    private mutating func loop(_ observers: inout some RunObserver, limit: Int, shouldStop: () -> Bool) -> Outcome {
        // Stable: shocks at the same tick apply in the order given.
        var pending = shocks.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
            .map(\.element)[...]
        defer { shocks = Array(pending) }
        while let shock = pending.first, shock.tick <= simulation.tick {
            applyShock(shock)
            pending.removeFirst()
        }
        observers.start(simulation)
        while simulation.tick < limit {
            if let shock = Self.takeShock(at: simulation.tick + 1, from: &pending) {
                observers.willApply(shock, at: simulation)
                applyShock(shock)
            }
            do { try simulation.step() } catch {
                // A failed tick leaves the simulation at its last complete state.
                return .diverged(error)
            }
            var tick = TickContext(comparison: nil, limit: limit, runsExactly: options.exactTicks != nil,
                                   lastPendingShock: pending.last?.tick, tolerance: options.tolerance)
            // The reverse pass runs only when something reads it.
            if observers.needsComparison(after: simulation) {
                let comparison = Comparison(simulation)
                if let fault = comparison.nonFiniteFault(tick: simulation.tick) { return .diverged(fault) }
                tick.comparison = comparison
            }
            if let outcome = observers.observe(simulation, tick) { return outcome }
            if shouldStop() { return .interrupted }
        }
        return .tickLimit
    }

    /// Every shock of `tick` at the front of `pending`, as one: they open one segment.
    private static func takeShock(at tick: Int, from pending: inout ArraySlice<Shock>) -> Shock? {
        guard let first = pending.first, first.tick == tick else { return nil }
        var shock = Shock(tick: tick, assignments: [])
        while let next = pending.first, next.tick == tick {
            shock.assignments += next.assignments
            pending.removeFirst()
        }
        return shock
    }

    /// The typed columns of this run's time series, with each good's role.
    public var schema: TimeSeriesSchema { TimeSeriesSchema(economy: simulation.economy) }

    /// Rows per batch handed to `execute`'s `deliver`.
    public static let deliveryBatch = 4096

    /// Applies every assignment of `shock`. Paths were checked against the scenario when the shock was
    /// scheduled; one that names nothing in this economy is skipped.
    private mutating func applyShock(_ shock: Shock) {
        for assignment in shock.assignments { try? simulation.apply(assignment.path, value: assignment.value) }
    }
}
