import PricePropComparator
import PricePropScenario
import Synchronization

/// How the economy's value `V` at equilibrium responds to one endowment, fixed price or parameter `θ`,
/// computed two ways: from the backprop adjoints at equilibrium, and by moving `θ` and letting the market
/// find the new equilibrium.
public struct Sensitivity: Sendable, Equatable {
    public var path: ParameterPath
    /// `θ` as the scenario gives it.
    public var value: Double
    /// `dV/dθ` from the reverse pass at the equilibrium (see ``Adjoint/derivative(of:economy:allocation:)``).
    /// For an endowment it is the good's adjoint, which at equilibrium is its price.
    public var backprop: Double
    /// `(V(θ + h) − V(θ − h)) / 2h`, each `V` from a fresh run to equilibrium; NaN if either run could not
    /// start.
    public var measured: Double
    /// The step `h`.
    public var step: Double
    /// Whether both measuring runs converged.
    public var converged: Bool
    /// Which runs ``measured`` comes from.
    public var difference: Difference

    /// How ``Sensitivity/measured`` was formed from the runs at `θ ± h`.
    public enum Difference: String, Sendable, Equatable {
        /// `(V(θ + h) − V(θ − h)) / 2h`: error of order `h²`.
        case central
        /// `(V(θ + h) − V(θ)) / h`, because `θ − h` lies outside the value's domain or its run failed: error
        /// of order `h`.
        case forward
        /// `(V(θ) − V(θ − h)) / h`, because the run at `θ + h` failed.
        case backward
        /// Neither side could be run; ``Sensitivity/measured`` is NaN.
        case none
    }

    public init(path: ParameterPath, value: Double, backprop: Double, measured: Double, step: Double, converged: Bool,
                difference: Difference = .central) {
        self.path = path
        self.value = value
        self.backprop = backprop
        self.measured = measured
        self.step = step
        self.converged = converged
        self.difference = difference
    }

    /// The step for `θ`: `relativeStep · |θ|`, or `relativeStep` itself at `θ = 0`. Relative to the value, so a
    /// price of 0.0001 is moved by a ten-thousandth of itself, never past zero.
    public static func step(relative relativeStep: Double, at value: Double) -> Double {
        relativeStep * (value == 0 ? 1 : abs(value))
    }

    /// `|backprop − measured| / max(|backprop|, |measured|)`, 0 when both are 0.
    public var relativeError: Double { relativeDifference(backprop, measured) }

    /// The two sides agree within `tolerance`, relative to the larger, or absolutely when both are smaller than
    /// `scale · tolerance` (a parameter whose effect is nil up to rounding).
    public func agrees(within tolerance: Double, scale: Double) -> Bool {
        guard backprop.isFinite, measured.isFinite else { return false }
        return abs(backprop - measured) <= tolerance * max(abs(backprop), abs(measured), scale)
    }
}

/// Every sensitivity of one scenario, at its equilibrium.
public struct SensitivityReport: Sendable {
    public var scenario: String
    /// The run to the equilibrium where the backprop side is read.
    public var equilibrium: Run.Report
    /// One per path, in the order asked for.
    public var sensitivities: [Sensitivity]

    /// `V` at the equilibrium.
    public var value: Double { equilibrium.comparison.value }

    /// Whether the equilibrium and every measuring run converged.
    public var converged: Bool { equilibrium.converged && sensitivities.allSatisfy(\.converged) }

    /// `1e-12 · max(1, |V|)`: below this in absolute terms a derivative is a parameter with no effect, where
    /// the relative error of two roundings means nothing.
    public static func agreementFloor(_ value: Double) -> Double { 1e-12 * max(1, abs(value)) }

    /// The largest ``Sensitivity/relativeError``, ignoring paths where both sides are below
    /// ``agreementFloor(_:)``.
    public var largestRelativeError: Double {
        let floor = Self.agreementFloor(value)
        return sensitivities.filter { max(abs($0.backprop), abs($0.measured)) > floor }.map(\.relativeError).max() ?? 0
    }
}

extension SensitivityReport {
    /// Options of a sensitivity report.
    public struct Options: Sendable {
        /// The equilibrium run and every measuring run use these (without recording).
        public var run: Run.Options
        /// `h = relativeStep · |θ|` (`relativeStep` at `θ = 0`; see ``Sensitivity/step(relative:at:)``). The default balances the difference quotient's truncation error
        /// (`∝ h²`) against the noise of `V` at the convergence tolerance (`∝ tolerance / h`).
        public var relativeStep: Double
        /// The paths to report; `nil` means every endowment, fixed price and parameter
        /// (``ParameterPath/all(in:)``).
        public var paths: [ParameterPath]?
        /// The clearing mechanism's name for every run; `nil` means the scenario's
        /// (see ``Run/init(scenario:options:mechanism:)``).
        public var mechanism: String?
        /// Threads for the measuring runs.
        public var threads: Int

        public static let defaultRelativeStep = 3e-4
        /// Tighter than a plain run's default, so that `V` is accurate well beyond the reported digits.
        public static let defaultTolerance = 1e-12

        public init(run: Run.Options = Run.Options(tolerance: Options.defaultTolerance, record: false),
                    relativeStep: Double = Options.defaultRelativeStep, paths: [ParameterPath]? = nil,
                    mechanism: String? = nil, threads: Int = ParallelRuns.defaultThreads) {
            self.run = run
            self.relativeStep = relativeStep
            self.paths = paths
            self.mechanism = mechanism
            self.threads = threads
        }
    }

    /// Runs `scenario` to equilibrium, reads `dV/dθ` for each path from the reverse pass there, and measures
    /// it by central differences of `V` over runs at `θ ± h`.
    ///
    /// Every run starts afresh from the scenario with `θ` changed, exactly as a file saying so would; the
    /// scenario's events are left out, so the report is about the economy as first written. The measuring runs
    /// go in parallel; results do not depend on the thread count.
    /// - Parameters:
    ///   - progress: told each finished run, as points.
    ///   - shouldStop: polled by every run after each tick and before each run starts; once it returns true,
    ///     no further run starts, runs stop where they are, and only the paths whose two runs both finished
    ///     are reported (none when the equilibrium run itself was stopped).
    /// - Throws: ``RunSetupError`` when the scenario itself cannot be run, or a path names nothing in it.
    public init(scenario: Scenario, options: Options = Options(), progress: ProgressReporter? = nil,
                shouldStop: @escaping @Sendable () -> Bool = { false }) throws(RunSetupError) {
        let base = Scenario.withoutEvents(scenario)
        let runOptions = Run.Options.unrecorded(options.run)
        var run = try Run(scenario: base, options: runOptions, mechanism: options.mechanism)
        let equilibrium = run.execute(shouldStop: shouldStop)
        let economy = run.simulation.economy
        let allocation = run.simulation.allocation
        let adjoint = Adjoint(economy: economy, allocation: allocation)
        let points = try Self.points(options.paths ?? ParameterPath.all(in: base), in: base, relativeStep: options.relativeStep)
        // Building a large economy takes a while: a stop request skips every run not yet started.
        let stoppedEarly = equilibrium.outcome == .interrupted
        let sides = Self.sideRuns(points, base: base, options: runOptions, mechanism: options.mechanism,
                                  threads: options.threads, progress: progress) { stoppedEarly || shouldStop() }
        self.scenario = scenario.name
        self.equilibrium = equilibrium
        let center = SideRun(value: equilibrium.comparison.value, converged: equilibrium.converged, finished: true)
        self.sensitivities = points.enumerated().compactMap { p, point in
            Self.sensitivity(point, up: sides[2 * p], down: sides[2 * p + 1], center: center,
                             backprop: adjoint.derivative(of: point.path, economy: economy, allocation: allocation) ?? .nan)
        }
    }

    /// A path with its value in the scenario and the step of its difference quotient.
    private typealias Point = (path: ParameterPath, value: Double, step: Double)
    /// `V` from one run at `θ ± h`: NaN when that side gave none, `finished` false when it was stopped.
    private typealias SideRun = (value: Double, converged: Bool, finished: Bool)

    private static func points(_ paths: [ParameterPath], in base: Scenario, relativeStep: Double) throws(RunSetupError) -> [Point] {
        var checked: [Point] = []
        for path in paths {
            // Checks the path and reads θ with the file's rules.
            do { _ = try base.setting(path, to: 0) } catch { throw .path(error) }
            let value = base.value(at: path) ?? 0
            checked.append((path, value, Sensitivity.step(relative: relativeStep, at: value)))
        }
        return checked
    }

    /// The runs at `θ + h` and `θ − h` of every point, in that order, in parallel; `skip` is polled before
    /// each run starts and after each tick.
    private static func sideRuns(_ points: [Point], base: Scenario, options runOptions: Run.Options, mechanism: String?,
                                 threads: Int, progress: ProgressReporter?,
                                 skip: @escaping @Sendable () -> Bool) -> [SideRun] {
        let total = 2 * points.count
        let finished = Mutex((count: 0, worst: 0.0))
        return ParallelRuns.map(count: total, threads: threads) { i -> SideRun in
            if skip() { return (.nan, false, false) }
            let point = points[i / 2]
            let theta = point.value + (i % 2 == 0 ? point.step : -point.step)
            var result = SideRun(value: Double.nan, converged: false, finished: true)
            var error = Double.infinity
            // A side outside the value's domain (an endowment below 0, a price at 0) or whose run cannot start
            // or diverges gives no V; the other side is then used alone.
            if point.path.accepts(theta), let shifted = try? base.setting(point.path, to: theta),
               var run = try? Run(scenario: shifted, options: runOptions, mechanism: mechanism) {
                let report = run.execute(shouldStop: skip)
                if case .diverged = report.outcome {} else {
                    result = (report.comparison.value, report.converged, report.outcome != .interrupted)
                    error = report.comparison.largestRelativeError
                }
            }
            if let progress {
                let (count, worst) = finished.withLock { state in
                    state.count += 1
                    state.worst = max(state.worst, error)
                    return (state.count, state.worst)
                }
                progress.report(unit: .point, completed: count, total: total, largestError: worst,
                                remainingUnits: Double(total - count))
            }
            return result
        }
    }

    /// The point's sensitivity from its two sides (one with the centre when the other gave no `V`); `nil`
    /// when a side was stopped.
    private static func sensitivity(_ point: Point, up: SideRun, down: SideRun, center: SideRun,
                                    backprop: @autoclosure () -> Double) -> Sensitivity? {
        guard up.finished, down.finished else { return nil }
        let difference: Sensitivity.Difference
        let measured: Double, converged: Bool
        switch (up.value.isFinite, down.value.isFinite) {
        case (true, true):
            (difference, measured, converged) = (.central, (up.value - down.value) / (2 * point.step), up.converged && down.converged)
        case (true, false):
            (difference, measured, converged) = (.forward, (up.value - center.value) / point.step, up.converged && center.converged)
        case (false, true):
            (difference, measured, converged) = (.backward, (center.value - down.value) / point.step, down.converged && center.converged)
        case (false, false):
            (difference, measured, converged) = (.none, .nan, false)
        }
        return Sensitivity(path: point.path, value: point.value, backprop: backprop(), measured: measured,
                           step: point.step, converged: converged, difference: difference)
    }
}

extension Scenario {
    /// `scenario` with no events.
    static func withoutEvents(_ scenario: Scenario) -> Scenario {
        var copy = scenario
        copy.events = []
        return copy
    }
}

extension Run.Options {
    /// `options` with recording off.
    static func unrecorded(_ options: Run.Options) -> Run.Options {
        var copy = options
        copy.record = false
        return copy
    }
}
