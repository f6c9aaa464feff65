import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropComparator
@testable import PricePropAnalysis
import PricePropTestSupport

/// Cyclic supply networks: the carried goods that close the cycles, the market's steady state, and the adjoint
/// of that fixed point as a linear solve.
@Suite struct CycleTests {
    static func bundled(_ name: String) throws -> Scenario {
        try Scenario.decode(try #require(BundledScenarios.text(named: name)), file: name)
    }

    /// A firm using its own output and nothing else that closes a cycle.
    static let selfUse = Scenario(
        name: "self-use",
        goods: [.init(name: "labour", endowment: 4), .init(name: "grain"), .init(name: "bread", price: 1)],
        firms: [.init(name: "farm", output: "grain", production: "3 * labour^0.5 * grain^0.3"),
                .init(name: "bakery", output: "bread", production: "labour^0.4 * grain^0.5")])

    /// The back edges of the good-order search decide the carried goods: in the `cycle` scenario the search
    /// enters steel first, so machines closes steel -> machines -> steel and steel closes steel -> steel; an
    /// acyclic network carries nothing.
    @Test func carriedGoodsCloseTheCycles() throws {
        let economy = try Economy(Self.bundled("cycle"))
        #expect(economy.carriedGoods.map { economy.goods[Int($0)].name } == ["steel", "machines"])
        #expect(economy.isCyclic)
        #expect(try Economy(Self.selfUse).carriedGoods == [1])
        #expect(try !Economy(Fixtures.diamond).isCyclic)
        let graph = SupplyGraph(goodCount: 3, edgeInputs: [0, 1, 2, 2], edgeOutputs: [1, 2, 0, 2])
        #expect(graph.backEdges() == [.init(from: 2, to: 0), .init(from: 2, to: 2)])
    }

    /// The default market and the predictive one converge on both cyclic scenarios, and every price equals
    /// the fixed-point adjoint.
    @Test(arguments: ["cycle", "self-use"], ["clearing", "predictive"])
    func marketPricesEqualTheFixedPointAdjoint(name: String, mechanism: String) throws {
        let scenario = name == "cycle" ? try Self.bundled(name) : Self.selfUse
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario), mechanism: mechanism)
        let report = run.execute()
        #expect(report.outcome == .converged)
        for row in report.comparison.goods {
            #expect(row.price > 0, "price of \(row.name)")
            expectClose(row.price, row.gradient, relative: 1e-8, "\(name): price of \(row.name)")
        }
    }

    /// The adjoint solves `λ = (I − Mᵀ)⁻¹ b` exactly: it matches central differences of V at the steady state
    /// re-solved with each good's supply moved. The implicit function theorem linearises at a steady state, so
    /// the allocation is the market's converged one (after 40 ticks the program's steady state is elsewhere and
    /// the two differ by about 1e-3).
    @Test(arguments: [4000])
    func adjointMatchesSteadyStateFiniteDifferences(ticks: Int) throws {
        for scenario in [try Self.bundled("cycle"), Self.selfUse] {
            var simulation = try Simulation(economy: Economy(scenario))
            try simulation.step(times: ticks)
            let economy = simulation.economy, allocation = simulation.allocation
            let adjoint = Adjoint(economy: economy, allocation: allocation)
            for g in economy.goods.indices where economy.goods[g].fixedPrice == nil {
                let h = 1e-5 * max(1, allocation.supply[g])
                let up = Adjoint.steadyStateValue(economy: economy, allocation: allocation, addingToSupplyOf: g, delta: h)
                let down = Adjoint.steadyStateValue(economy: economy, allocation: allocation, addingToSupplyOf: g, delta: -h)
                expectClose(adjoint.goods[g], (up - down) / (2 * h), relative: 1e-6,
                            "\(scenario.name) good \(economy.goods[g].name) after \(ticks) ticks")
            }
        }
    }

    /// `solve` finds the cyclic equilibrium directly: its prices are the market's, to the run's tolerance.
    @Test(arguments: ["cycle", "self-use"])
    func solveFindsTheMarketsPrices(name: String) throws {
        let scenario = name == "cycle" ? try Self.bundled(name) : Self.selfUse
        let economy = try Economy(scenario)
        var run = Run(simulation: try Simulation(economy: economy), options: .init(record: false))
        #expect(run.execute().converged)
        let solution = try Equilibrium(solving: economy)
        for (p, q) in zip(solution.prices, run.simulation.prices) { expectClose(p, q, relative: 1e-8) }
    }

    /// A generated cyclic network is cyclic all through (every industry uses its own output and closes a
    /// cycle), valid, and its market converges to prices equal to the fixed-point adjoint; the same shape
    /// and seed give the same bytes.
    @Test func generatedCyclicNetworkConverges() throws {
        let shape = NetworkGenerator.Cyclic(industries: 60, inputs: 3, seed: 5)
        let scenario = try NetworkGenerator.cyclic(shape)
        #expect(scenario.validate().isEmpty)
        let economy = try Economy(scenario)
        #expect(economy.carriedGoods.count == 60)
        var run = Run(simulation: try Simulation(economy: economy), options: .init(record: false))
        let report = run.execute()
        #expect(report.converged)
        #expect(report.comparison.largestRelativeError <= Run.Options.defaultTolerance)
        var first = "", second = ""
        try NetworkGenerator.writeCyclic(shape, to: &first)
        try NetworkGenerator.writeCyclic(shape, to: &second)
        #expect(first == second)
        let loaded = try Scenario.decode(first)
        #expect(loaded.goods == scenario.goods && loaded.firms == scenario.firms)
    }

    /// The adjoint is the same bits on any number of threads.
    @Test func cyclicAdjointDoesNotDependOnThreads() throws {
        var simulation = try Simulation(economy: Economy(Self.bundled("cycle")))
        try simulation.step(times: 30)
        let one = Adjoint(economy: simulation.economy, allocation: simulation.allocation, threads: 1)
        #expect(Adjoint(economy: simulation.economy, allocation: simulation.allocation, threads: 3) == one)
    }

    /// Linear self-use is decided from the file: a coefficient of 1 or more is refused, naming the good;
    /// below 1, or any other shape, is valid (the steady state judges it).
    @Test func linearSelfUseOfOneOrMoreIsRefused() throws {
        #expect(ScenarioValidator.linearSelfUse(of: "x", in: "x + y") == 1)
        #expect(ScenarioValidator.linearSelfUse(of: "x", in: "1.5 * x - 0.25 * x + sqrt(y)") == 1.25)
        #expect(ScenarioValidator.linearSelfUse(of: "x", in: "x * 0.5 + y") == 0.5)
        #expect(ScenarioValidator.linearSelfUse(of: "x", in: "x + sqrt(x)") == nil)
        #expect(ScenarioValidator.linearSelfUse(of: "x", in: "x^0.5 * y") == nil)
        func problems(_ production: String) -> [ScenarioDiagnostic.Problem] {
            Scenario(name: "s", goods: [.init(name: "y", endowment: 1), .init(name: "x"), .init(name: "z", price: 1)],
                     firms: [.init(name: "F", output: "x", production: production),
                             .init(name: "G", output: "z", production: "x^0.5")]).validate().map(\.problem)
        }
        #expect(problems("2 * x + y") == [.unsustainableCycle(["x"])])
        #expect(problems("0.5 * x + y^0.5").isEmpty)
    }
}
