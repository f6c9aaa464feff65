import Foundation
import Synchronization

/// Where a long computation stands: the numbers of one progress line.
public struct Progress: Sendable, Equatable {
    /// What is being counted.
    public enum Unit: String, Sendable, Equatable {
        /// Ticks of one run; the total is the tick limit.
        case tick
        /// Market runs of a sweep or a sensitivity report; the total is their number.
        case point
    }

    public var unit: Unit
    /// Ticks run, or points finished.
    public var completed: Int
    /// The tick limit, or the number of points.
    public var total: Int
    /// The largest relative price-vs-gradient error: of the current state for a run, the worst of the points
    /// finished so far for points; `nil` before there is one.
    public var largestError: Double?
    /// Seconds since the computation started.
    public var elapsed: Double
    /// Estimated seconds left, or `nil` when there is no estimate yet.
    public var remaining: Double?

    public init(unit: Unit, completed: Int, total: Int, largestError: Double?, elapsed: Double, remaining: Double?) {
        self.unit = unit
        self.completed = completed
        self.total = total
        self.largestError = largestError
        self.elapsed = elapsed
        self.remaining = remaining
    }

    /// Units per second so far; 0 before any time has passed.
    public var rate: Double { elapsed > 0 ? Double(completed) / elapsed : 0 }

    /// One line, no newline: `tick 41000/100000  max error 3.1e-07  205k ticks/s  ETA 2s`.
    public var line: String {
        var parts = ["\(unit.rawValue) \(completed)/\(total)"]
        if let largestError { parts.append("max error " + Progress.scientific(largestError)) }
        parts.append("\(Progress.count(rate)) \(unit.rawValue)s/s")
        parts.append("ETA " + (remaining.map(Progress.duration) ?? "?"))
        return parts.joined(separator: "  ")
    }

    /// `3.1e-07`; a dash for a value that is not a number (before the first comparison, say).
    static func scientific(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        return String(format: "%.1e", x)
    }

    /// `950`, `12.5k`, `205k`, `3.2M`.
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return "?" }
        if x < 1000 { return x < 10 ? String(format: "%.1f", x) : String(format: "%.0f", x) }
        if x < 1e6 { return x < 1e4 ? String(format: "%.1fk", x / 1e3) : String(format: "%.0fk", x / 1e3) }
        return String(format: "%.1fM", x / 1e6)
    }

    /// `0s`, `42s`, `3m05s`, `2h07m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}

/// Throttles progress updates to a sink: nothing for the first `delay` seconds (short computations stay
/// silent), then at most one line every `interval` seconds. Safe to share between threads.
///
/// The library never prints: the sink decides where a line goes. The command line passes a sink writing to
/// standard error when it is a terminal, and no reporter at all otherwise or with `--quiet`.
public final class ProgressReporter: Sendable {
    /// Seconds of silence before the first line.
    public let delay: Double
    /// Least seconds between lines.
    public let interval: Double
    private let clock: @Sendable () -> Double
    private let sink: @Sendable (Progress) -> Void
    private let state: Mutex<State>

    private struct State {
        var start: Double
        var last: Double?
        var lines = 0
    }

    /// - Parameters:
    ///   - clock: seconds on a monotonic clock; tests pass their own.
    ///   - sink: receives each line's numbers, on the thread that reported them, one at a time.
    public init(delay: Double = 1, interval: Double = 0.25, clock: (@Sendable () -> Double)? = nil,
                sink: @escaping @Sendable (Progress) -> Void) {
        self.delay = delay
        self.interval = interval
        let clock = clock ?? ProgressReporter.monotonicSeconds
        self.clock = clock
        self.sink = sink
        state = Mutex(State(start: clock()))
    }

    /// Seconds since an arbitrary fixed point, from the monotonic clock.
    @Sendable public static func monotonicSeconds() -> Double {
        let (seconds, attoseconds) = origin.duration(to: .now).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    private static let origin = ContinuousClock.now

    /// Seconds since the reporter was made.
    public var elapsed: Double { clock() - state.withLock { $0.start } }

    /// How many lines have been sent to the sink.
    public var linesReported: Int { state.withLock { $0.lines } }

    /// Whether a line is due now. Cheap enough to ask every few dozen ticks.
    public func isDue() -> Bool {
        let now = clock()
        return state.withLock { Self.due($0, now: now, delay: delay, interval: interval) }
    }

    /// Sends a line if one is due; `remainingUnits` (ticks or points still to go, if known) gives the ETA at the
    /// average rate so far.
    public func report(unit: Progress.Unit, completed: Int, total: Int, largestError: Double?, remainingUnits: Double?) {
        let now = clock()
        let progress: Progress? = state.withLock { state in
            guard Self.due(state, now: now, delay: delay, interval: interval) else { return nil }
            state.last = now
            state.lines += 1
            let elapsed = now - state.start
            let rate = elapsed > 0 ? Double(completed) / elapsed : 0
            let remaining = remainingUnits.flatMap { units in rate > 0 ? max(0, units) / rate : nil }
            return Progress(unit: unit, completed: completed, total: total, largestError: largestError,
                            elapsed: elapsed, remaining: remaining)
        }
        if let progress { sink(progress) }
    }

    private static func due(_ state: State, now: Double, delay: Double, interval: Double) -> Bool {
        if let last = state.last { return now - last >= interval }
        return now - state.start >= delay
    }
}

/// Estimates how many ticks a converging run still needs from how fast its error has been falling.
///
/// Tatonnement converges geometrically near equilibrium, so `ln(error)` falls about linearly in ticks; the
/// estimate extends the line through the first and latest samples down to `ln(tolerance)`, capped by the ticks
/// left to the limit. While the error is not falling the estimate is the ticks left to the limit.
struct TickEstimate {
    var tolerance: Double
    var limit: Int
    private var first: (tick: Int, logError: Double)?

    init(tolerance: Double, limit: Int) {
        self.tolerance = tolerance
        self.limit = limit
    }

    mutating func remainingTicks(tick: Int, error: Double) -> Double {
        let left = Double(max(0, limit - tick))
        guard error.isFinite, error > 0, tolerance > 0 else { return left }
        let logError = Foundation.log(error)
        guard let first, tick > first.tick else {
            first = (tick, logError)
            return left
        }
        let slope = (first.logError - logError) / Double(tick - first.tick)
        guard slope > 0 else { return left }
        return min(left, max(0, (logError - Foundation.log(tolerance)) / slope))
    }

    /// Forgets the samples, after a shock sends the error back up.
    mutating func restart() { first = nil }
}
