import Foundation
import Testing
@testable import PriceProp

/// The default market on economies nobody wrote by hand (``RandomEconomies``): every one must converge to
/// 1e-9 and agree with the reference equilibrium.
@Suite struct RandomEconomyTests {
    /// Economies in the test's set; the families take turns.
    static let setSize = 240
    static let tolerance = 1e-9

    /// The outcome of one economy under one market.
    struct Outcome: Sendable {
        var converged: Bool
        var ticks: Int
        var detail: String
    }

    /// Runs `economy` to `tolerance` with the default firm rule and the mechanism called `mechanism` (the
    /// default when `nil`), at most `maxTicks` ticks.
    static func run(_ economy: RandomEconomies.Case, mechanism: String? = nil, maxTicks: Int = 20_000,
                    threads: Int = 1) throws -> (report: Run.Report, simulation: Simulation) {
        var run = try Run(scenario: economy.scenario,
                          options: Run.Options(maxTicks: maxTicks, tolerance: tolerance, record: false),
                          mechanism: mechanism, threads: threads)
        let report = run.execute()
        return (report, run.simulation)
    }

    /// Ticks to 1e-9 over the set, per family, for the mechanisms named in `PRICEPROP_MARKET_SET`
    /// (comma-separated); prints nothing and passes when it is unset.
    @Test func measureSet() throws {
        guard let names = ProcessInfo.processInfo.environment["PRICEPROP_MARKET_SET"] else { return }
        let count = Int(ProcessInfo.processInfo.environment["PRICEPROP_MARKET_SET_SIZE"] ?? "") ?? Self.setSize
        let economies = RandomEconomies.cases(count: count)
        for name in names.split(separator: ",").map(String.init) {
            var ticks: [RandomEconomies.Family: [Int]] = [:]
            var failures: [String] = []
            for economy in economies {
                let (report, _) = try Self.run(economy, mechanism: name)
                if report.converged {
                    ticks[economy.family, default: []].append(report.ticks)
                } else {
                    let why: String
                    switch report.outcome {
                    case let .diverged(fault): why = fault.message
                    default: why = "tick limit, error \(report.comparison.largestRelativeError), move \(report.movement.largest)"
                    }
                    failures.append("\(economy): \(why)")
                    ticks[economy.family, default: []].append(-1)
                }
            }
            func summary(_ values: [Int]) -> String {
                let done = values.filter { $0 >= 0 }.sorted()
                guard !done.isEmpty else { return "none converged of \(values.count)" }
                return "\(done.count)/\(values.count) converged, median \(done[done.count / 2]), worst \(done.last ?? 0)"
            }
            print("mechanism \(name)")
            for family in RandomEconomies.Family.allCases {
                print("  \(family.rawValue): \(summary(ticks[family] ?? []))")
            }
            print("  all: \(summary(ticks.values.flatMap { $0 }))")
            for failure in failures.prefix(40) { print("    \(failure)") }
        }
    }
}

extension RandomEconomyTests {
    /// Prints one economy's scenario and final comparison, for `PRICEPROP_MARKET_CASE=family:seed`.
    @Test func inspectCase() throws {
        guard let spec = ProcessInfo.processInfo.environment["PRICEPROP_MARKET_CASE"] else { return }
        let parts = spec.split(separator: ":")
        guard parts.count == 2, let family = RandomEconomies.Family(rawValue: String(parts[0])),
              let seed = UInt64(parts[1]) else { return }
        let economy = RandomEconomies.make(family, seed: seed)
        for firm in economy.scenario.firms { print(firm.name, firm.count, firm.output, "=", firm.production) }
        for good in economy.scenario.goods { print(good.name, good.endowment ?? -1, good.price ?? -1) }
        let mechanism = ProcessInfo.processInfo.environment["PRICEPROP_MARKET_SET"]
        let (report, simulation) = try Self.run(economy, mechanism: mechanism)
        print(report.outcome, report.ticks, report.movement)
        for (g, row) in report.comparison.goods.enumerated() {
            print(row.name, row.status, row.price, row.gradient, row.relativeError, "D", simulation.demand(g), "S", simulation.supply(g))
            for use in row.uses { print("   ", use.firm, use.status, use.marginalValue, use.relativeError) }
        }
    }
}
