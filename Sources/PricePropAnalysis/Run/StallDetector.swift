/// Notices a market that keeps moving without getting any closer to rest: prices going round in a cycle.
///
/// It watches the largest relative movement per tick over consecutive windows of ``window`` ticks and keeps
/// each window's largest movement, the envelope of the motion. Converging dynamics, however slowly they
/// converge and however much they oscillate on the way, shrink the envelope from one window to the next; a
/// cycle keeps it. So a run counts as stuck only when ``windows`` windows in a row have an envelope still
/// above ``floor`` and no smaller than the window before's. A run whose envelope falls by any amount is
/// never stopped (it runs to the tick limit), and movements at the floor of floating-point precision never
/// count.
public struct StallDetector: Sendable, Equatable {
    public var window: Int
    /// Consecutive windows without a smaller envelope that make a stall.
    public var windows: Int
    public var floor: Double
    private var envelope = 0.0
    private var previousEnvelope = Double.infinity
    private var seen = 0
    private var flat = 0

    public init(window: Int = 5_000, windows: Int = 2, floor: Double = 1e-6) {
        self.window = window
        self.windows = windows
        self.floor = floor
    }

    /// Records one tick's movement; returns the last window's envelope when the run has stalled.
    public mutating func observe(_ movement: Double) -> Double? {
        // NaN counts as the largest movement.
        envelope = movement.isNaN ? .infinity : max(envelope, movement)
        seen += 1
        guard seen >= window else { return nil }
        let current = envelope
        flat = previousEnvelope.isFinite && current > floor && current >= previousEnvelope ? flat + 1 : 0
        previousEnvelope = current
        envelope = 0
        seen = 0
        return flat >= windows ? current : nil
    }

    /// Forgets the history, e.g. after a shock moves the equilibrium.
    public mutating func reset() {
        envelope = 0
        previousEnvelope = .infinity
        seen = 0
        flat = 0
    }
}
