import PricePropBasics
import PricePropComparator
import PricePropScenario
import PricePropSimulation

/// One value to set: `goods.natgas.endowment = 9`.
public struct ParameterAssignment: Sendable, Hashable, CustomStringConvertible {
    public var path: ParameterPath
    public var value: Double

    public init(path: ParameterPath, value: Double) {
        self.path = path
        self.value = value
    }

    public var description: String { "\(path)=\(NumberText.roundTrip(value) ?? "\(value)")" }
}

/// A scenario event with its paths resolved: at ``tick``, set each assignment.
///
/// Tick `T` is the first tick run under the new values: the shock is applied after tick `T − 1` completes,
/// so the recorded row of tick `T − 1` is the last of the old equilibrium. A shock at tick 0 or before changes
/// the scenario itself, so the initial allocation already sees it.
public struct Shock: Sendable, Hashable {
    public var tick: Int
    public var assignments: [ParameterAssignment]

    public init(tick: Int, assignments: [ParameterAssignment]) {
        self.tick = tick
        self.assignments = assignments
    }

    /// The scenario's events resolved against it, in tick order; events at the same tick keep file order.
    /// - Throws: ``ParameterPathError`` for the first path that names nothing settable.
    public static func schedule(_ scenario: Scenario) throws(ParameterPathError) -> [Shock] {
        var shocks: [Shock] = []
        for event in scenario.events {
            var assignments: [ParameterAssignment] = []
            for assignment in event.assignments {
                let path = try ParameterPath(parsing: assignment.path, in: scenario)
                assignments.append(ParameterAssignment(path: path, value: assignment.value))
            }
            shocks.append(Shock(tick: event.tick, assignments: assignments))
        }
        // Stable: `sorted(by:)` is not guaranteed stable, so break ties by file order.
        return shocks.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
    }
}

// MARK: - Segments

extension Run {
    /// The stretch of a run between two shocks (or the start, or the end), and the equilibrium the market
    /// reached in it: what the comparator checks after each shock.
    public struct Segment: Sendable, Equatable {
        /// The shock that began the segment; `nil` for the first.
        public var shock: Shock?
        /// The first tick run under this segment's values (0 for the first segment: the initial allocation).
        public var startTick: Int
        /// The last tick of the segment: the tick before the next shock, or the run's last tick.
        public var endTick: Int
        /// The first tick at which the market had settled and its prices matched the derivatives within
        /// tolerance; `nil` if that never happened (or the run had a fixed tick count, which skips the check).
        public var settledTick: Int?
        /// The comparison at ``endTick``: the equilibrium reached, or where the market stood.
        public var comparison: Comparison
        /// The market's movement in the segment's last tick.
        public var movement: Simulation.Movement
        /// Whether at ``endTick`` the market was settled and every price matched its derivative within the
        /// run's tolerance.
        public var converged: Bool

        /// The largest relative price-vs-gradient error at ``endTick``.
        public var largestRelativeError: Double { comparison.largestRelativeError }
    }
}

extension Run.Report {
    /// Whether every segment (each equilibrium between shocks, and the last) converged.
    public var everySegmentConverged: Bool { segments.allSatisfy(\.converged) }
}
