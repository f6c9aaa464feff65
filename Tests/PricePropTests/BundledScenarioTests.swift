import Foundation
import Testing
@testable import PriceProp

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
            for use in row.uses { expectClose(use.marginalValue, row.price, relative: 1e-8, "\(name): \(row.name) used by \(use.firm)") }
        }
    }

    /// Firms of different productivity in one industry all meet the same price at the margin.
    @Test func competitiveIndustriesShareOnePrice() throws {
        let scenario = try Scenario.load(contentsOf: Paths.scenario("competitive"))
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        #expect(report.converged)
        let simulation = run.simulation, economy = simulation.economy
        let adjoint = Adjoint(economy: economy, allocation: simulation.allocation, prices: simulation.prices)
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
    /// Every bundled scenario, shocks included: the second mechanism settles every segment in well under half
    /// of tatonnement's ticks and reaches the same prices.
    @Test(arguments: Paths.scenarioNames)
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
