/// Notices a market that keeps moving without getting any closer to rest: prices oscillating without progress.
///
/// It watches the largest relative movement per tick over consecutive windows of ``window`` ticks. Converging
/// dynamics shrink it geometrically, so each window's smallest movement is well below the previous window's;
/// a window whose smallest movement is still above ``floor`` and more than ``ratio`` of the previous window's
/// means the run is going round in circles. Small movements never count: slow convergence near the floor of
/// floating-point precision is a tick-limit matter, not divergence.
public struct StallDetector: Sendable, Equatable {
    public var window: Int
    public var ratio: Double
    public var floor: Double
    private var best = Double.infinity
    private var previousBest = Double.infinity
    private var seen = 0

    public init(window: Int = 5_000, ratio: Double = 0.5, floor: Double = 1e-6) {
        self.window = window
        self.ratio = ratio
        self.floor = floor
    }

    /// Records one tick's movement; returns the smallest movement of the last window when it shows no progress.
    public mutating func observe(_ movement: Double) -> Double? {
        best = min(best, movement)
        seen += 1
        guard seen >= window else { return nil }
        defer { restartWindow(keeping: best) }
        if previousBest.isFinite, best > floor, best > ratio * previousBest { return best }
        return nil
    }

    /// Forgets the history, e.g. after a shock moves the equilibrium.
    public mutating func reset() { restartWindow(keeping: .infinity) }

    private mutating func restartWindow(keeping previous: Double) {
        previousBest = previous
        best = .infinity
        seen = 0
    }
}
