import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropAnalysis
import PricePropTestSupport

/// The tick engine against the plain reference, and against itself on other thread counts.
@Suite struct EngineTests {
    struct Network: Sendable, CustomTestStringConvertible {
        var name: String
        var scenario: @Sendable () throws -> Scenario
        var testDescription: String { name }
    }

    static let networks: [Network] = [
        Network(name: "layered") {
            try NetworkGenerator.layered(.init(layers: 3, goodsPerLayer: 12, firmsPerGood: 9, inputs: 3, seed: 7))
        },
        Network(name: "random DAG") {
            try NetworkGenerator.randomDAG(.init(goods: 40, firms: 300, minInputs: 1, maxInputs: 4, seed: 11))
        },
        Network(name: "tupperware") { Fixtures.tupperware },
        Network(name: "diamond") { Fixtures.diamond },
        Network(name: "mixed batch") { Fixtures.mixedBatch },
    ]

    /// Every price, quantity and plan of the engine after each tick equals the reference's, to the bit.
    @Test(arguments: networks, [1, 2])
    func matchesReferenceBitForBit(network: Network, threads: Int) throws {
        let economy = try Economy(network.scenario())
        var simulation = try Simulation(economy: economy)
        simulation.threads = threads
        simulation.grains = .init(firms: 7, goods: 3)
        var reference = ReferenceEngine(economy: economy)
        expectSameState(simulation, reference, tick: 0)
        for tick in 1...25 {
            try simulation.step()
            reference.step()
            expectSameState(simulation, reference, tick: tick)
            #expect(simulation.lastMove.planChange == reference.planChange)
            #expect(simulation.lastMove.priceChange == reference.priceChange)
        }
    }

    /// Long enough that some slots' bundles settle (moving by 10⁻³ or less in log terms, so the engine skips
    /// their secant's marginal ratio) while others still move, in the same ticks and runs of slots: the engine
    /// still matches the reference, which takes every ratio, to the bit.
    @Test func settledAndMovingSlotsMatchReference() throws {
        let economy = try Economy(NetworkGenerator.layered(.init(layers: 3, goodsPerLayer: 12, firmsPerGood: 9, inputs: 3, seed: 7)))
        var simulation = try Simulation(economy: economy)
        simulation.threads = 1
        var reference = ReferenceEngine(economy: economy)
        var before = (0..<economy.inputSlotCount).map(simulation.received(slot:))
        var settled = 0, moving = 0
        for tick in 1...120 {
            try simulation.step()
            reference.step()
            expectSameState(simulation, reference, tick: tick)
            // The ratio the next tick's secant takes: this tick's received bundle against the last.
            for s in 0..<economy.inputSlotCount {
                let now = simulation.received(slot: s)
                if now > 0, before[s] > 0 {
                    if abs(Foundation.log(now / before[s])) > 1e-3 { moving += 1 } else { settled += 1 }
                }
                before[s] = now
            }
        }
        #expect(settled > 1000)
        #expect(moving > 1000)
    }

    /// One, two and three threads, with many small chunks, give the same bits.
    @Test func threadCountDoesNotChangeResults() throws {
        let economy = try Economy(NetworkGenerator.randomDAG(.init(goods: 60, firms: 2000, minInputs: 1, maxInputs: 5, seed: 3)))
        var runs: [Simulation] = []
        for threads in [1, 2, 3] {
            var simulation = try Simulation(economy: economy)
            simulation.threads = threads
            simulation.grains = .init(firms: 5, goods: 2)
            try simulation.step(times: 40)
            runs.append(simulation)
        }
        for other in runs.dropFirst() {
            #expect(other.prices == runs[0].prices)
            #expect(other.allocation == runs[0].allocation)
            #expect(other.lastMove == runs[0].lastMove)
            for s in 0..<economy.inputSlotCount where other.plan(slot: s) != runs[0].plan(slot: s) {
                Issue.record("plan of slot \(s) differs")
                break
            }
        }
    }

    /// A copy of a running simulation forks its state; both continue independently and identically.
    @Test func copiesForkAndAgree() throws {
        let economy = try Economy(NetworkGenerator.layered(.init(layers: 2, goodsPerLayer: 10, firmsPerGood: 30, inputs: 2)))
        var a = try Simulation(economy: economy)
        a.threads = 2
        a.grains = .init(firms: 16, goods: 2)
        try a.step(times: 5)
        var b = a
        try a.step(times: 5)
        try b.step(times: 5)
        #expect(a.prices == b.prices)
        #expect(a.allocation == b.allocation)
    }

    func expectSameState(_ simulation: Simulation, _ reference: ReferenceEngine, tick: Int,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let economy = simulation.economy
        func check(_ what: String, _ count: Int, _ engine: (Int) -> Double, _ expected: [Double]) {
            for i in 0..<count where engine(i).bitPattern != expected[i].bitPattern {
                Issue.record("tick \(tick): \(what)[\(i)] is \(engine(i)), reference \(expected[i])", sourceLocation: sourceLocation)
                return
            }
        }
        check("price", economy.goodCount, simulation.price, reference.prices)
        check("supply", economy.goodCount, simulation.supply, reference.supply)
        check("demand", economy.goodCount, simulation.demand, reference.demand)
        check("output", economy.firmCount, simulation.output(ofFirm:), reference.output)
        check("received", economy.inputSlotCount, simulation.received(slot:), reference.received)
        check("plan", economy.inputSlotCount, simulation.plan(slot:), reference.plan)
    }
}
