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

        /// Whether the run converged and every market price matches its derivative within tolerance.
        public var converged: Bool { outcome == .converged }
    }

    public var simulation: Simulation
    public var options: Options

    public init(simulation: Simulation, options: Options = Options()) {
        self.simulation = simulation
        self.options = options
    }

    /// Steps until converged, the tick limit, a fault, or `shouldStop` returns true (checked after each tick).
    public mutating func execute(shouldStop: () -> Bool = { false }) -> Report {
        var recorder = options.record
            ? Recorder(goods: simulation.economy.goods.map(\.name), every: options.recordEvery) : nil
        var comparison = Comparison(simulation)
        recorder?.record(simulation, comparison: comparison)
        let limit = options.exactTicks ?? options.maxTicks
        var outcome = Outcome.tickLimit
        var stall = StallDetector()
        while simulation.tick < limit {
            do {
                try simulation.step()
            } catch {
                // A failed tick leaves the simulation at its last complete state.
                outcome = .diverged(error)
                break
            }
            let due = recorder?.isDue(simulation.tick) ?? false
            let settled = options.exactTicks == nil && simulation.lastMove.largest <= options.tolerance
            if due || settled { comparison = Comparison(simulation) }
            if due { recorder?.record(simulation, comparison: comparison) }
            if settled && comparison.largestRelativeError <= options.tolerance {
                outcome = .converged
                break
            }
            if options.exactTicks == nil, let stuck = stall.observe(simulation.lastMove.largest) {
                outcome = .diverged(SimulationFault(
                    tick: simulation.tick, firm: nil, production: nil, fault: nil,
                    detail: "no progress: prices and quantities still move by \(stuck) of themselves per tick after \(stall.window) more ticks; the market is oscillating (try smaller market.priceStep or market.firmStep)"))
                break
            }
            if shouldStop() {
                outcome = .interrupted
                break
            }
        }
        comparison = Comparison(simulation)
        recorder?.record(simulation, comparison: comparison)
        if options.exactTicks != nil, outcome == .tickLimit,
           simulation.lastMove.largest <= options.tolerance, comparison.largestRelativeError <= options.tolerance {
            outcome = .converged
        }
        return Report(scenario: simulation.economy.name, outcome: outcome, ticks: simulation.tick,
                      comparison: comparison, movement: simulation.lastMove, recorder: recorder,
                      tolerance: options.tolerance)
    }
}
