import Testing
import PriceProp
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropComparator
@testable import PricePropAnalysis
import PricePropTestSupport

/// The chunked, parallel comparison against the plain one-good-at-a-time reference, on every thread count.
@Suite struct ComparisonThreadsTests {
    static let networks = EngineTests.networks + [
        EngineTests.Network(name: "random DAG, entries of many firms") {
            var scenario = try NetworkGenerator.randomDAG(.init(goods: 60, firms: 400, minInputs: 1, maxInputs: 5, seed: 3))
            for i in scenario.firms.indices { scenario.firms[i].count = i % 4 + 1 }
            return scenario
        },
    ]

    /// The same bits as the reference, for 1, 2 and 3 threads and for chunks from tiny to one.
    @Test(arguments: networks)
    func matchesReferenceOnEveryThreadCount(network: EngineTests.Network) throws {
        let economy = try Economy(network.scenario())
        var simulation = try Simulation(economy: economy)
        try simulation.step(times: 7)
        let allocation = simulation.allocation, prices = simulation.prices
        let reference = ReferenceComparison(economy: economy, allocation: allocation, prices: prices)
        for threads in [1, 2, 3] {
            for (firmGrain, goodGrain) in [(1, 1), (7, 3), (Adjoint.firmGrain, Adjoint.goodGrain)] {
                let adjoint = Adjoint(economy: economy, allocation: allocation, threads: threads,
                                      firmGrain: firmGrain, goodGrain: goodGrain)
                let comparison = Comparison(economy: economy, allocation: allocation, prices: prices, threads: threads,
                                            firmGrain: firmGrain, goodGrain: goodGrain)
                #expect(reference.matches(comparison, adjoint: adjoint),
                        "threads \(threads), grains \(firmGrain)/\(goodGrain)")
            }
        }
        #expect(Adjoint(economy: economy, allocation: allocation)
                == Adjoint(economy: economy, allocation: allocation, threads: 2))
    }

    /// A good that no firm supplies: its uses are weighted equally, the same on every thread count.
    @Test func unsuppliedGoodsMatch() throws {
        let economy = try Economy(NetworkGenerator.layered(.init(layers: 2, goodsPerLayer: 6, firmsPerGood: 5, inputs: 2, seed: 5)))
        let simulation = try Simulation(economy: economy)
        var allocation = simulation.allocation
        for g in allocation.supply.indices where g % 3 == 0 { allocation.supply[g] = 0 }
        let reference = ReferenceComparison(economy: economy, allocation: allocation, prices: simulation.prices)
        for threads in [1, 2, 3] {
            let comparison = Comparison(economy: economy, allocation: allocation, prices: simulation.prices,
                                        threads: threads, firmGrain: 2, goodGrain: 1)
            let adjoint = Adjoint(economy: economy, allocation: allocation,
                                  threads: threads, firmGrain: 2, goodGrain: 1)
            #expect(reference.matches(comparison, adjoint: adjoint))
        }
    }
}
