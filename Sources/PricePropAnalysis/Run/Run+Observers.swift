import PricePropComparator
import PricePropSimulation

// The run's own observers: recording, segments between shocks, progress and stall detection, each a value
// that sees only what the run loop hands it.

/// Records the time series: tick 0, every due tick and the last, and hands rows over in batches when asked.
struct RecordingObserver: RunObserver {
    var recorder: Recorder
    /// Receives rows in batches of ``Run/deliveryBatch`` (and the rest at the end), which the recorder then
    /// forgets; without it the rows stay in the recorder.
    let deliver: (([[Double]]) -> Void)?

    mutating func start(_ simulation: Simulation) {
        recorder.record(simulation, comparison: Comparison(simulation))
    }

    func needsComparison(after simulation: Simulation) -> Bool { recorder.isDue(simulation.tick) }

    mutating func observe(_ simulation: Simulation, _ tick: Run.TickContext) -> Run.Outcome? {
        guard recorder.isDue(simulation.tick), let comparison = tick.comparison else { return nil }
        recorder.record(simulation, comparison: comparison)
        if let deliver, recorder.rows.count >= Run.deliveryBatch { deliver(recorder.takeRows()) }
        return nil
    }

    mutating func finish(_ simulation: Simulation, comparison: Comparison) {
        recorder.record(simulation, comparison: comparison)
        if let deliver {
            let rows = recorder.takeRows()
            if !rows.isEmpty { deliver(rows) }
        }
    }
}

/// Cuts the run at each shock into segments, notes when each settled, and ends a run that has converged with
/// no shock to come.
struct SegmentTracker: RunObserver {
    private(set) var closed: [Run.Segment] = []
    let tolerance: Double
    private var shock: Shock?
    private var startTick = 0
    private(set) var settledTick: Int?

    init(tolerance: Double) {
        self.tolerance = tolerance
    }

    mutating func start(_ simulation: Simulation) { startTick = simulation.tick }

    /// Once a segment has settled, later ticks of it need no comparison.
    func needsComparison(after simulation: Simulation) -> Bool {
        settledTick == nil && simulation.lastMove.largest <= tolerance
    }

    mutating func observe(_ simulation: Simulation, _ tick: Run.TickContext) -> Run.Outcome? {
        guard needsComparison(after: simulation), let comparison = tick.comparison,
              comparison.largestRelativeError <= tolerance else { return nil }
        settledTick = simulation.tick
        return !tick.runsExactly && tick.lastPendingShock == nil ? .converged : nil
    }

    mutating func willApply(_ shock: Shock, at simulation: Simulation) {
        close(simulation, comparison: Comparison(simulation), next: shock)
    }

    mutating func finish(_ simulation: Simulation, comparison: Comparison) {
        close(simulation, comparison: comparison, next: nil)
    }

    /// Closes the open segment at the simulation's current state and, if `next` is given, opens one for it.
    private mutating func close(_ simulation: Simulation, comparison: Comparison, next: Shock?) {
        let movement = simulation.lastMove
        let converged = movement.largest <= tolerance && comparison.largestRelativeError <= tolerance
        closed.append(Run.Segment(shock: shock, startTick: startTick, endTick: simulation.tick,
                                  settledTick: converged ? settledTick ?? simulation.tick : settledTick,
                                  comparison: comparison, movement: movement, converged: converged))
        shock = next
        startTick = simulation.tick + 1
        settledTick = nil
    }
}

/// Tells a ``ProgressReporter`` the tick and the current largest error, checking every 64 ticks whether a
/// line is due; the time left extrapolates the error's fall to the tolerance.
struct ProgressObserver: RunObserver {
    let reporter: ProgressReporter
    var estimate: TickEstimate

    mutating func observe(_ simulation: Simulation, _ tick: Run.TickContext) -> Run.Outcome? {
        guard simulation.tick & 63 == 0, reporter.isDue() else { return nil }
        let error = (tick.comparison ?? Comparison(simulation)).largestRelativeError
        // A fixed tick count runs to its end; a pending shock at least to its tick; otherwise the run ends
        // when the error reaches the tolerance.
        let remaining: Double
        if tick.runsExactly { remaining = Double(tick.limit - simulation.tick) }
        else if let last = tick.lastPendingShock { remaining = Double(min(last, tick.limit) - simulation.tick) }
        else { remaining = estimate.remainingTicks(tick: simulation.tick, error: error) }
        reporter.report(unit: .tick, completed: simulation.tick, total: tick.limit, largestError: error,
                        remainingUnits: remaining)
        return nil
    }

    mutating func willApply(_ shock: Shock, at simulation: Simulation) { estimate.restart() }
}

/// Ends a run going round in a cycle (see ``StallDetector``) with advice on the market's steps.
struct StallObserver: RunObserver {
    var detector = StallDetector()

    mutating func observe(_ simulation: Simulation, _ tick: Run.TickContext) -> Run.Outcome? {
        guard let stuck = detector.observe(simulation.lastMove.largest) else { return nil }
        return .diverged(SimulationFault(
            tick: simulation.tick, firm: nil, production: nil, fault: nil,
            detail: "no progress: prices and quantities still move by up to \(stuck) of themselves per tick, no less than \(detector.window * detector.windows) ticks before; the market is going round in a cycle (try smaller market.priceStep or market.firmStep)"))
    }

    mutating func willApply(_ shock: Shock, at simulation: Simulation) { detector.reset() }
}

/// The run's own observers in the order they are told, then the caller's.
struct RunObservers<Extra: RunObserver>: RunObserver {
    var recording: RecordingObserver?
    var segments: SegmentTracker
    var progress: ProgressObserver?
    var stall: StallObserver?
    var extra: Extra

    mutating func start(_ simulation: Simulation) {
        recording?.start(simulation)
        segments.start(simulation)
        progress?.start(simulation)
        stall?.start(simulation)
        extra.start(simulation)
    }

    func needsComparison(after simulation: Simulation) -> Bool {
        recording?.needsComparison(after: simulation) == true || segments.needsComparison(after: simulation)
            || progress?.needsComparison(after: simulation) == true || stall?.needsComparison(after: simulation) == true
            || extra.needsComparison(after: simulation)
    }

    mutating func observe(_ simulation: Simulation, _ tick: Run.TickContext) -> Run.Outcome? {
        if let outcome = recording?.observe(simulation, tick) { return outcome }
        if let outcome = segments.observe(simulation, tick) { return outcome }
        if let outcome = progress?.observe(simulation, tick) { return outcome }
        if let outcome = stall?.observe(simulation, tick) { return outcome }
        return extra.observe(simulation, tick)
    }

    mutating func willApply(_ shock: Shock, at simulation: Simulation) {
        recording?.willApply(shock, at: simulation)
        segments.willApply(shock, at: simulation)
        progress?.willApply(shock, at: simulation)
        stall?.willApply(shock, at: simulation)
        extra.willApply(shock, at: simulation)
    }

    mutating func finish(_ simulation: Simulation, comparison: Comparison) {
        recording?.finish(simulation, comparison: comparison)
        segments.finish(simulation, comparison: comparison)
        progress?.finish(simulation, comparison: comparison)
        stall?.finish(simulation, comparison: comparison)
        extra.finish(simulation, comparison: comparison)
    }
}
