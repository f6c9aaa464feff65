import PricePropComparator
import PricePropSimulation

/// Something that watches a run tick by tick: the recorder, the segment tracker, progress and stall
/// detection are observers, and ``Run/execute(observer:shouldStop:)`` takes one more.
///
/// The run loop is the shape of an agent-based model's step: apply the shocks due, step the market, notify
/// the observers in order, and stop when one of them has a verdict. The reverse pass (a ``Comparison``) is
/// costly, so it runs after a tick only when some observer ``needsComparison(after:)``; the run then checks it
/// is finite before anyone sees it.
public protocol RunObserver {
    /// Called once, before the first tick, with the state the run starts from.
    mutating func start(_ simulation: Simulation)
    /// Whether this observer needs the comparison of the tick just completed.
    func needsComparison(after simulation: Simulation) -> Bool
    /// Called after each completed tick. Returning an outcome ends the run with it; observers after this one
    /// are not told about the tick.
    mutating func observe(_ simulation: Simulation, _ tick: Run.TickContext) -> Run.Outcome?
    /// Called before `shock` is applied, at the state the shock ends (the last tick before its own).
    mutating func willApply(_ shock: Shock, at simulation: Simulation)
    /// Called once at the end, with the final state and its comparison.
    mutating func finish(_ simulation: Simulation, comparison: Comparison)
}

extension RunObserver {
    public mutating func start(_ simulation: Simulation) {}
    public func needsComparison(after simulation: Simulation) -> Bool { false }
    public mutating func observe(_ simulation: Simulation, _ tick: Run.TickContext) -> Run.Outcome? { nil }
    public mutating func willApply(_ shock: Shock, at simulation: Simulation) {}
    public mutating func finish(_ simulation: Simulation, comparison: Comparison) {}
}

extension Run {
    /// What observers are told about a completed tick besides the simulation itself.
    public struct TickContext {
        /// The tick's comparison, when some observer asked for it.
        public var comparison: Comparison?
        /// The tick the run stops at if nothing stops it first.
        public var limit: Int
        /// Whether the run has a fixed tick count (it then neither converges early nor stalls).
        public var runsExactly: Bool
        /// The tick of the last shock still to come, if any: the run does not converge before it.
        public var lastPendingShock: Int?
        /// The run's convergence tolerance.
        public var tolerance: Double
    }
}

/// Observes nothing: the extra observer of a run that has none.
public struct NoRunObserver: RunObserver {
    public init() {}
}
