import PricePropComparator
import PricePropScenario

// MARK: - Drawing a scenario at a moment of its run

extension NetworkPicture {
    /// Which state of the market to draw.
    public enum Moment: Sendable, Equatable {
        /// Run with the scenario's settings until it converges (or stops), and draw the last state.
        case equilibrium
        /// The starting allocation, tick 0.
        case start
        /// After exactly this many ticks.
        case tick(Int)

        /// Reads `equilibrium`, `start`, `tick N`, `tick:N` or `tickN`; `nil` for anything else (or a negative N).
        public init?(_ text: String) {
            switch text {
            case "equilibrium": self = .equilibrium
            case "start": self = .start
            default:
                guard text.hasPrefix("tick") else { return nil }
                let rest = text.dropFirst(4).drop { $0 == " " || $0 == ":" || $0 == "=" }
                guard let n = Int(rest), n >= 0 else { return nil }
                self = .tick(n)
            }
        }
    }

    /// A picture with the run it came from.
    public struct Drawing: Sendable {
        /// The network at the moment asked for.
        public var picture: NetworkPicture
        /// The run's report; `nil` for ``Moment/start``, where nothing ran.
        public var report: Run.Report?
    }

    /// Runs `scenario` to `moment` with its own settings (the library's ``Run``, with `mechanism` overriding
    /// the scenario's) and draws the network there.
    ///
    /// The picture's title says which state it shows: `at equilibrium (converged after 441 ticks)`, `after
    /// 500 ticks`, `at the start (tick 0)`, or how the run ended if it did not converge.
    /// - Throws: ``RunSetupError`` when the run cannot start.
    public static func draw(_ scenario: Scenario, at moment: Moment, mechanism: String? = nil, threads: Int = 1,
                            limits: Limits = Limits(), shouldStop: () -> Bool = { false }) throws(RunSetupError) -> Drawing {
        var options = Run.Options(scenario: scenario)
        options.record = false
        if case let .tick(n) = moment { options.exactTicks = n }
        var run = try Run(scenario: scenario, options: options, mechanism: mechanism, threads: threads)
        var report: Run.Report?
        let comparison: Comparison, state: String
        if moment == .start {
            comparison = Comparison(run.simulation)
            state = "at the start (tick 0)"
        } else {
            let done = run.execute(shouldStop: shouldStop)
            report = done
            comparison = done.comparison
            state = stateText(done, moment: moment)
        }
        let picture = NetworkPicture(economy: run.simulation.economy, comparison: comparison,
                                     allocation: run.simulation.allocation, title: scenario.name, state: state,
                                     limits: limits)
        return Drawing(picture: picture, report: report)
    }

    /// What the state of a finished run is, for the title.
    public static func stateText(_ report: Run.Report, moment: Moment = .equilibrium) -> String {
        switch report.outcome {
        case .converged where moment == .equilibrium: return "at equilibrium (converged after \(report.ticks) ticks)"
        case .converged, .tickLimit:
            if case .tick = moment { return "after \(report.ticks) ticks" }
            return report.converged ? "after \(report.ticks) ticks" : "after \(report.ticks) ticks (not converged)"
        case .diverged: return "at tick \(report.ticks) (diverged)"
        case .interrupted: return "at tick \(report.ticks) (interrupted)"
        }
    }
}
