import Testing
@testable import PriceProp

@Suite struct EquilibriumTests {
    /// Newton converges to the tolerance in a handful of iterations, and at the answer every market price
    /// equals its backprop derivative `∂V/∂S_g` and every use's marginal value.
    @Test(arguments: Fixtures.bundled)
    func solvesToTheBackpropDerivatives(_ scenario: Scenario) throws {
        let solution = try Equilibrium(solving: Economy(scenario))
        #expect(solution.converged)
        #expect(solution.residual <= 1e-12)
        #expect(solution.iterations <= 12)
        #expect(solution.comparison.largestRelativeError <= 1e-10)
    }

    /// The solver finds the prices the market settles at, and the same `V`.
    @Test(arguments: Fixtures.bundled)
    func agreesWithTheMarketEquilibrium(_ scenario: Scenario) throws {
        let economy = try Economy(scenario)
        let solution = try Equilibrium(solving: economy)
        var run = Run(simulation: try Simulation(economy: economy), options: .init(record: false))
        let report = run.execute()
        #expect(report.converged)
        #expect(solution.distance(toPrices: run.simulation.prices) <= 1e-8)
        expectClose(solution.value, report.comparison.value, relative: 1e-9)
    }

    /// The seed's exact fractions: 1/24, 1/6, 3/2 and `V = ln(2/3)`.
    @Test func seedFractions() throws {
        let solution = try Equilibrium(solving: Economy(Fixtures.tupperware))
        for (price, expected) in zip(solution.prices, [1.0 / 24, 1.0 / 6, 3.0 / 2, 1]) { expectClose(price, expected) }
        expectClose(solution.value, -0.40546510810816438)
        expectClose(solution.entries[0].quantities[0], 4)
        expectClose(solution.entries[1].quantities[0], 2)
        expectClose(solution.entries[2].quantities[0], 2.0 / 3)
    }

    /// A market-priced good nobody uses has no equilibrium price; the solver says so by name.
    @Test func unusedGoodIsAnError() throws {
        var scenario = Fixtures.tupperware
        scenario.goods.append(.init(name: "scrap"))
        scenario.firms.append(.init(name: "D", output: "scrap", production: "sqrt(natgas)"))
        #expect(throws: EquilibriumError.unusedGood("scrap")) { try Equilibrium(solving: Economy(scenario)) }
    }
}
