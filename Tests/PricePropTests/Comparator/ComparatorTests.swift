import Testing
import PriceProp
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropComparator
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct ComparatorTests {
    /// The reverse pass agrees with central differences of V at allocations away from equilibrium, for every
    /// good, including goods with several uses.
    @Test(arguments: [0, 3, 40])
    func reversePassMatchesFiniteDifferences(ticks: Int) throws {
        for scenario in [Fixtures.tupperware, Fixtures.diamond] {
            var simulation = try Simulation(economy: Economy(scenario))
            try simulation.step(times: ticks)
            let economy = simulation.economy
            let allocation = simulation.allocation
            let adjoint = Adjoint(economy: economy, allocation: allocation)
            expectClose(Adjoint.value(economy: economy, allocation: allocation, addingToSupplyOf: 0, delta: 0),
                        adjoint.value, relative: 1e-12)
            for g in economy.goods.indices where economy.goods[g].fixedPrice == nil {
                let h = 1e-6 * max(1, allocation.supply[g])
                let up = Adjoint.value(economy: economy, allocation: allocation, addingToSupplyOf: g, delta: h)
                let down = Adjoint.value(economy: economy, allocation: allocation, addingToSupplyOf: g, delta: -h)
                expectClose(adjoint.goods[g], (up - down) / (2 * h), relative: 1e-6,
                            "\(scenario.name) good \(economy.goods[g].name) after \(ticks) ticks")
            }
        }
    }

    /// The essay's numbers: with 4 units of gas, prices are 1/24, 1/6, 3/2 and so are the derivatives.
    @Test func seedPricesAreTheExactFractions() throws {
        var run = Run(simulation: try Simulation(economy: Economy(Fixtures.tupperware)), options: .init(record: false))
        let report = run.execute()
        #expect(report.outcome == .converged)
        let expected = [1.0 / 24, 1.0 / 6, 3.0 / 2, 1]
        for (row, value) in zip(report.comparison.goods, expected) {
            expectClose(row.price, value, relative: 1e-9, "price of \(row.name)")
            expectClose(row.gradient, value, relative: 1e-9, "gradient of \(row.name)")
        }
        expectClose(report.comparison.value, -0.40546510810816438, relative: 1e-9)  // ln(2/3)
    }

    /// Away from equilibrium the market's prices and the gradient differ, so the comparison is not vacuous.
    @Test func pricesDifferFromGradientBeforeEquilibrium() throws {
        var simulation = try Simulation(economy: Economy(Fixtures.tupperware))
        try simulation.step(times: 2)
        #expect(Comparison(simulation).largestRelativeError > 0.1)
    }

    /// A good with two users reports each use, and each use's marginal value meets the price at equilibrium.
    @Test func usesOfASharedGoodAgreeAtEquilibrium() throws {
        var run = Run(simulation: try Simulation(economy: Economy(Fixtures.diamond)), options: .init(record: false))
        let report = run.execute()
        #expect(report.converged)
        let fuel = try #require(report.comparison.goods.first { $0.name == "fuel" })
        #expect(fuel.uses.map(\.firm) == ["chemicals", "widget-maker"])
        for use in fuel.uses { expectClose(use.marginalValue, fuel.price, relative: 1e-9) }
    }
}
