import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropComparator
@testable import PricePropAnalysis
import PricePropTestSupport

/// Every file in `scenarios/` loads, is embedded verbatim, converges, and its prices are its backprop derivatives.
@Suite struct BundledScenarioTests {
    @Test func everyFileIsEmbeddedVerbatim() throws {
        #expect(Paths.scenarioNames.count >= 4)
        #expect(BundledScenarios.all.map(\.name).sorted() == Paths.scenarioNames)
        #expect(BundledScenarios.all.first?.name == BundledScenarios.seedName)
        for name in Paths.scenarioNames {
            let text = try String(contentsOfFile: Paths.scenario(name), encoding: .utf8)
            #expect(BundledScenarios.text(named: name) == text,
                    "scenarios/\(name).json differs from its embedded copy: run python3 scripts/embed-scenarios.py")
        }
    }

    @Test(arguments: Paths.scenarioNames)
    func convergesToTheBackpropDerivatives(name: String) throws {
        let scenario = try Scenario.load(contentsOf: Paths.scenario(name))
        #expect(scenario.warnings.isEmpty)
        #expect(scenario.description.count > 40, "the description says what to look for")
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        #expect(report.outcome == .converged)
        for row in report.comparison.goods {
            expectClose(row.price, row.gradient, relative: 1e-8, "\(name): \(row.name)")
            if Self.calibratedAtPricesOne.contains(name) {
                // The run stops with every price within 1e-10 of its derivative and every market within 1e-10
                // of clearing; a price off by δ moves its market by about δ times the Leontief multiplier
                // (the table's output over final demand, at most about 100), so 1e-8 bounds the distance to 1.
                expectClose(row.price, 1, relative: 1e-8, "\(name): \(row.name) at the base year")
            }
            for use in row.uses {
                if use.status == .unused {
                    // Complementary slackness: an input a firm does not use is worth no more than its price.
                    #expect(use.marginalValue <= row.price, "\(name): \(row.name) unused by \(use.firm)")
                } else {
                    expectClose(use.marginalValue, row.price, relative: 1e-8, "\(name): \(row.name) used by \(use.firm)")
                }
            }
        }
    }

    /// Firms of different productivity in one industry all meet the same price at the margin.
    @Test func competitiveIndustriesShareOnePrice() throws {
        let scenario = try Scenario.load(contentsOf: Paths.scenario("competitive"))
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        #expect(report.converged)
        let simulation = run.simulation, economy = simulation.economy
        let adjoint = Adjoint(economy: economy, allocation: simulation.allocation)
        for k in 0..<economy.inputSlotCount {
            let good = Int(economy.inputGood[k])
            expectClose(adjoint.uses[k], simulation.price(good), relative: 1e-8, "slot \(k) of \(economy.firmName(Int(economy.inputFirm[k])))")
        }
        // The more productive crackers use more gas: the market allocates by productivity.
        let gas = (0..<economy.inputSlotCount).filter { economy.inputGood[$0] == 0 }
        let byEntry = Dictionary(grouping: gas) { economy.firmEntryNames[Int(economy.firmEntry[Int(economy.inputFirm[$0])])] }
        let small = try #require(byEntry["cracker-small"]?.first), large = try #require(byEntry["cracker-large"]?.first)
        // sqrt technology: x = (k · p_eth / (2 p_gas))², so gas use scales with k².
        expectClose(simulation.received(slot: large) / simulation.received(slot: small), 4, relative: 1e-8)
    }
}

extension BundledScenarioTests {
    /// The scenarios `import-io` calibrated from the BEA tables in `data/bea/`: at the base year every price
    /// is 1 and every flow is the table's.
    static let calibratedAtPricesOne: Set<String> = ["us-2021-15", "us-2021-71"]
    /// The bundled scenarios whose equilibria have a corner: the markets whose firms revise from their
    /// orders never reach one (an order changes by a bounded factor a tick, so it never becomes 0).
    static let cornerScenarios: Set<String> = ["free-good", "linear"]
    /// The bundled scenarios plain tatonnement does not settle: on the `cycle` scenario its prices drift
    /// down until labour's leaves the price range (tick 3162), while the default and the predictive
    /// mechanism converge (135 and 329 ticks); `CycleTests` covers them. On the constant-returns US scenarios
    /// every price inflates against welfare from tick 1 (firms revising from their orders keep raising them
    /// while rationed, and a constant-returns firm's gaps depend on relative prices only): at 15 industries
    /// transportation and warehousing leaves the price range at tick 746, at 71 all prices are past e^200 by
    /// tick 716. The predictive mechanism settles `us-2021-15` (970 ticks) but not `us-2021-71`, whose prices
    /// run away the same way (largest |ln p| 78 at tick 516); the default market converges on both.
    static let tatonnementDiverges: Set<String> = ["cycle", "us-2021-15", "us-2021-71"]
    /// Bundled scenarios too slow for the command-line run tests of a debug build: `us-2021-71` (143 goods,
    /// 497 ticks of the default market, about 40 processor seconds in a debug build) runs in
    /// ``convergesToTheBackpropDerivatives(name:)``, but the end-to-end runs would repeat that run for each of
    /// their cases and also compute the distance to the direct solve (another 20 processor seconds on it).
    static let slowInDebug: Set<String> = ["us-2021-71"]

    /// Every bundled scenario with an interior equilibrium, shocks included: the predictive mechanism
    /// settles every segment in well under half of tatonnement's ticks and reaches the same prices.
    @Test(arguments: Paths.scenarioNames.filter { !cornerScenarios.contains($0) && !tatonnementDiverges.contains($0) })
    func predictiveMechanismSettlesEverySegmentFaster(name: String) throws {
        let scenario = try Scenario.load(contentsOf: Paths.scenario(name))
        var reports: [Run.Report] = [], prices: [[Double]] = []
        for mechanism in ["tatonnement", "predictive"] {
            var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario), mechanism: mechanism)
            let report = run.execute()
            #expect(report.converged && report.everySegmentConverged, "\(name) with \(mechanism)")
            reports.append(report)
            prices.append(run.simulation.prices)
        }
        for (p, q) in zip(prices[0], prices[1]) { expectClose(p, q, relative: 1e-8) }
        #expect(reports[0].segments.count == reports[1].segments.count)
        for (slow, fast) in zip(reports[0].segments, reports[1].segments) {
            let slowTicks = try #require(slow.settledTick) - slow.startTick
            let fastTicks = try #require(fast.settledTick) - fast.startTick
            #expect(2 * fastTicks < slowTicks, "\(name) segment from tick \(slow.startTick): \(fastTicks) vs \(slowTicks)")
        }
    }
}

extension BundledScenarioTests {
    /// The corner scenarios show what their descriptions promise: straw free at exactly 0, grain at 1/3;
    /// the blender's grain unused with marginal value 0.3 below the price 1/2, corn at 1.
    @Test func cornerScenariosShowTheirCorners() throws {
        let free = try Scenario.load(contentsOf: Paths.scenario("free-good"))
        var run = try Run(scenario: free, options: Run.Options(scenario: free))
        var report = run.execute()
        #expect(report.converged)
        var goods = report.comparison.goods
        #expect(goods[1].name == "straw" && goods[1].price == 0 && goods[1].status == .free)
        expectClose(goods[0].price, 1.0 / 3, relative: 1e-9)
        #expect(goods[0].status == .interior)

        let linear = try Scenario.load(contentsOf: Paths.scenario("linear"))
        run = try Run(scenario: linear, options: Run.Options(scenario: linear))
        report = run.execute()
        #expect(report.converged)
        goods = report.comparison.goods
        expectClose(goods[0].price, 0.5, relative: 1e-9)
        expectClose(goods[1].price, 1, relative: 1e-9)
        let blender = try #require(goods[0].uses.first { $0.firm == "blender" })
        #expect(blender.status == .unused && blender.relativeError == 0)
        expectClose(blender.marginalValue, 0.3, relative: 1e-12)
        let bakery = try #require(goods[0].uses.first { $0.firm == "bakery" })
        #expect(bakery.status == .interior)
        // Every unit of grain went to the bakers.
        let slot = try #require((0..<run.simulation.economy.inputSlotCount).first {
            run.simulation.economy.inputGood[$0] == 0 && run.simulation.economy.firmEntryNames[Int(run.simulation.economy.firmEntry[Int(run.simulation.economy.inputFirm[$0])])] == "blender"
        })
        #expect(run.simulation.received(slot: slot) == 0)
    }
}
