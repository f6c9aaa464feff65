import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropComparator
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

/// The default market on economies nobody wrote by hand (``RandomEconomies``): every one must converge to
/// 1e-9 and agree with the reference equilibrium.
@Suite struct RandomEconomyTests {
    /// Economies in the test's set; the families take turns.
    static let setSize = 240
    /// The larger draw: the set and the next 760 economies of the same generator.
    static let largerDrawSize = 1_000
    static let tolerance = 1e-9
    /// The run continues to this tolerance before its prices are compared with the direct solution's to
    /// ``tolerance``.
    static let referenceTolerance = 1e-11

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

    /// Every economy of the set converges to 1e-9 with the default market, and to its equilibrium: the KKT
    /// conditions hold, checked directly; the closed-form prices where the family has them; and on every
    /// economy the direct solution's prices to 1e-9 (by the KKT inequalities where a price is not unique).
    @Test func everyEconomyConvergesToItsEquilibrium() throws {
        var ticks: [Int] = []
        for economy in RandomEconomies.cases(count: Self.setSize) {
            let (report, simulation) = try Self.run(economy)
            #expect(report.converged, "\(economy): \(report.outcome) after \(report.ticks) ticks")
            guard report.converged else { continue }
            ticks.append(report.ticks)
            Self.expectKKT(simulation, economy)
            for (name, price) in economy.knownPrices {
                let g = try #require(economy.scenario.goods.firstIndex { $0.name == name })
                expectClose(simulation.price(g), price, relative: 1e-8, "\(economy): price of \(name)")
            }
            // The direct solver is the reference on every economy. A good nobody makes or buys at the
            // equilibrium has an interval of prices; the distance checks it by its KKT inequalities.
            // A run to 1e-9 in excess demand and price error is within about 1e-7 of the equilibrium prices
            // where marginal products are steep; continued to 1e-11 it is within 1e-9.
            do {
                let economyModel = try Economy(economy.scenario)
                let solution = try Equilibrium(solving: economyModel)
                #expect(solution.converged, "\(economy): the reference did not converge")
                var refined = Run(simulation: simulation, options: .init(maxTicks: 20_000, tolerance: Self.referenceTolerance, record: false))
                let refinedReport = refined.execute()
                #expect(refinedReport.converged, "\(economy): not converged to \(Self.referenceTolerance)")
                let distance = solution.distance(toPrices: refined.simulation.prices, in: economyModel)
                #expect(distance <= Self.tolerance, "\(economy): \(distance) from the reference prices")
            } catch {
                Issue.record("\(economy): the reference failed: \((error as? EquilibriumError)?.message ?? "\(error)")")
            }
            let allocation = simulation.allocation
            let interior = allocation.received.allSatisfy { $0 > 0 } && simulation.prices.allSatisfy { $0 > 0 }
            #expect(interior || !economy.family.isInterior, "\(economy): a corner in an interior family")
        }
        ticks.sort()
        // The targets: median under 200 ticks, none over 5,000.
        #expect(ticks.count == Self.setSize)
        #expect(ticks.isEmpty || ticks[ticks.count / 2] < 200, "median \(ticks.isEmpty ? 0 : ticks[ticks.count / 2])")
        #expect((ticks.last ?? 0) < 5_000, "worst \(ticks.last ?? 0)")
    }

    /// The rest of the 1,000-draw (the set is its first 240) converges too, to 1e-9 and to a state where the
    /// KKT conditions hold; within 20,000 ticks, though not all within the set's 5,000 (docs/mechanisms.md,
    /// "Where the guarantee ends", traces the slowest). The comparison with the direct solution is left to the
    /// set, which keeps this test to a few seconds.
    @Test func theLargerDrawConvergesToo() throws {
        let economies = RandomEconomies.cases(count: Self.largerDrawSize).dropFirst(Self.setSize)
        var ticks: [Int] = []
        for economy in economies {
            let (report, simulation) = try Self.run(economy)
            #expect(report.converged, "\(economy): \(report.outcome) after \(report.ticks) ticks")
            guard report.converged else { continue }
            ticks.append(report.ticks)
            Self.expectKKT(simulation, economy)
        }
        ticks.sort()
        #expect(ticks.count == economies.count)
        #expect(ticks.isEmpty || ticks[ticks.count / 2] < 200, "median \(ticks.isEmpty ? 0 : ticks[ticks.count / 2])")
    }

    /// The Karush-Kuhn-Tucker conditions at the final state, from the reverse pass's marginal values
    /// (independent of the comparison's own statuses): a used input at its price, an unused one worth no more
    /// than its price; a priced good interior, or free with supply left over.
    static func expectKKT(_ simulation: Simulation, _ economy: RandomEconomies.Case,
                          sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let adjoint = Adjoint(economy: simulation.economy, allocation: simulation.allocation)
        let allocation = simulation.allocation
        let net = simulation.economy
        let slack = 1e-8
        for k in 0..<net.inputSlotCount {
            let g = Int(net.inputGood[k]), p = simulation.price(g), u = adjoint.uses[k]
            guard net.goods[g].fixedPrice == nil else { continue }
            if allocation.received[k] > 0 {
                #expect(isApproximatelyEqual(u, p, relative: slack), "\(economy): slot \(k) of \(net.goods[g].name) worth \(u) at price \(p)",
                        sourceLocation: sourceLocation)
            } else {
                #expect(u <= p * (1 + slack), "\(economy): unused slot \(k) of \(net.goods[g].name) worth \(u) above price \(p)",
                        sourceLocation: sourceLocation)
            }
        }
        for g in 0..<net.goodCount where net.goods[g].fixedPrice == nil {
            let d = simulation.demand(g), s = simulation.supply(g), p = simulation.price(g)
            #expect(p >= 0, sourceLocation: sourceLocation)
            if p == 0 {
                #expect(d <= s, "\(economy): free good \(net.goods[g].name) short: \(d) > \(s)", sourceLocation: sourceLocation)
            } else {
                #expect(isApproximatelyEqual(d, s, relative: slack), "\(economy): \(net.goods[g].name) does not clear: \(d) vs \(s)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// A sample of the set gives the same ticks and bits on one thread and on two, in many small chunks.
    @Test func sameBitsOnAnyThreadCount() throws {
        for economy in RandomEconomies.cases(count: 16) {
            let (one, single) = try Self.run(economy, threads: 1)
            var run = try Run(scenario: economy.scenario,
                              options: Run.Options(tolerance: Self.tolerance, record: false), threads: 2)
            run.simulation.grains = .init(firms: 3, goods: 2)
            let two = run.execute()
            #expect(one.ticks == two.ticks, "\(economy)")
            #expect(single.prices == run.simulation.prices, "\(economy)")
            #expect(single.allocation == run.simulation.allocation, "\(economy)")
        }
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
