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

    /// The default market converges on both cyclic scenarios, and every price equals the fixed-point adjoint.
    @Test(arguments: ["cycle", "self-use"])
    func marketPricesEqualTheFixedPointAdjoint(name: String) throws {
        let scenario = name == "cycle" ? try Self.bundled(name) : Self.selfUse
        var run = Run(simulation: try Simulation(economy: Economy(scenario)), options: .init(record: false))
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

    /// The adjoint is the same bits on any number of threads.
    @Test func cyclicAdjointDoesNotDependOnThreads() throws {
        var simulation = try Simulation(economy: Economy(Self.bundled("cycle")))
        try simulation.step(times: 30)
        let one = Adjoint(economy: simulation.economy, allocation: simulation.allocation, threads: 1)
        #expect(Adjoint(economy: simulation.economy, allocation: simulation.allocation, threads: 3) == one)
    }
}
