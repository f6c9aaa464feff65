import PricePropBasics
import PricePropEconomy
import PricePropMarket
import PricePropScenario
import PricePropSimulation

/// Why a scenario could not be set up to run.
public enum RunSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The network could not be built (only for scenarios that skipped validation).
    case economy(EconomyError)
    /// A production function is undefined at the starting allocation.
    case start(SimulationFault)
    /// The scenario or command line names a clearing mechanism that does not exist.
    case unknownMechanism(String, known: [String])
    /// An event, sweep axis or sensitivity names nothing settable (only for scenarios that skipped validation).
    case path(ParameterPathError)

    public var description: String {
        switch self {
        case let .economy(error): return error.description
        case let .start(fault): return "cannot start: \(fault.message)"
        case let .unknownMechanism(name, known):
            let hint = didYouMean(name, among: known)
            return "unknown market mechanism '\(name)'\(hint) (known: \(known.joined(separator: ", ")))"
        case let .path(error): return error.description
        }
    }
}

extension Run {
    /// A run of `scenario` from its starting allocation, with its market settings and its events scheduled
    /// as ``shocks``; events at tick 0 or before are applied to the scenario before the economy is built.
    ///
    /// `mechanism` overrides the scenario's `market.mechanism`; `options` are used as given (callers merge
    /// the scenario's `simulation` defaults with their own overrides via ``Options/init(scenario:)``).
    /// The economy is built and the simulation ticks on `threads` threads; results are the same bits for any
    /// count.
    public init(scenario: Scenario, options: Options, mechanism: String? = nil, threads: Int = 1) throws(RunSetupError) {
        let shocks: [Shock]
        do { shocks = try Shock.schedule(scenario) } catch { throw .path(error) }
        var scenario = scenario
        for shock in shocks where shock.tick <= 0 {
            for assignment in shock.assignments {
                do { scenario = try scenario.setting(assignment.path, to: assignment.value) } catch { throw .path(error) }
            }
        }
        let economy: Economy
        do { economy = try Economy(scenario, threads: threads) } catch { throw .economy(error) }
        let name = mechanism ?? scenario.market.mechanism ?? ClearingMechanisms.defaultName
        guard let clearing = ClearingMechanisms.make(named: name, priceStep: scenario.market.priceStep) else {
            throw .unknownMechanism(name, known: ClearingMechanisms.names)
        }
        let rule = ProfitSeekingFirm(step: scenario.market.firmStep ?? ProfitSeekingFirm.defaultStep)
        var simulation: Simulation
        do { simulation = try Simulation(economy: economy, firmRule: rule, mechanism: clearing) } catch { throw .start(error) }
        simulation.threads = threads
        self.init(simulation: simulation, options: options, shocks: shocks.filter { $0.tick > 0 })
    }
}

extension Run.Options {
    /// The defaults, with the scenario's own `simulation` settings applied.
    public init(scenario: Scenario) {
        self.init()
        if let maxTicks = scenario.simulation.maxTicks { self.maxTicks = maxTicks }
        if let tolerance = scenario.simulation.tolerance { self.tolerance = tolerance }
    }
}
