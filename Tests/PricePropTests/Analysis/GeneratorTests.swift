import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropAnalysis

@Suite struct GeneratorTests {
    @Test func layeredNetworkHasTheRequestedShape() throws {
        let shape = NetworkGenerator.Layered(layers: 3, goodsPerLayer: 5, firmsPerGood: 4, inputs: 2, seed: 9)
        let scenario = try NetworkGenerator.layered(shape)
        #expect(scenario.goods.count == 20)
        #expect(scenario.firms.count == shape.firmCount)
        #expect(scenario.goods.prefix(5).allSatisfy { $0.endowment != nil })
        #expect(scenario.goods.suffix(5).allSatisfy { $0.price == 1 })
        let economy = try Economy(scenario)
        #expect(economy.levelCount == 4)
        #expect(economy.tapes.count == 1)
        #expect(economy.tapes[0].isProductOfPowers)
        for g in 0..<15 { #expect(!economy.users(of: g).isEmpty, "good \(scenario.goods[g].name) unused") }
        for f in scenario.firms {
            let exponents = f.parameters.filter { $0.name.hasPrefix("a") }.map(\.value)
            #expect(exponents.count == 2 && exponents.reduce(0, +) < 1)
        }
    }

    @Test func sameSeedSameNetworkOtherSeedOtherNetwork() throws {
        let a = try NetworkGenerator.randomDAG(.init(goods: 30, firms: 80, seed: 5))
        let b = try NetworkGenerator.randomDAG(.init(goods: 30, firms: 80, seed: 5))
        let c = try NetworkGenerator.randomDAG(.init(goods: 30, firms: 80, seed: 6))
        #expect(a == b)
        #expect(a != c)
    }

    @Test func randomDAGUsesEveryGoodAndMixesTechnologies() throws {
        let scenario = try NetworkGenerator.randomDAG(.init(goods: 50, firms: 200, minInputs: 1, maxInputs: 4, seed: 2))
        let economy = try Economy(scenario)
        for (g, good) in scenario.goods.enumerated() where good.price == nil {
            #expect(!economy.users(of: g).isEmpty, "good \(good.name) unused")
        }
        for (g, good) in scenario.goods.enumerated() where good.endowment == nil {
            #expect(!economy.producers(of: g).isEmpty, "good \(good.name) not produced")
        }
        #expect(economy.tapes.contains { $0.isProductOfPowers })
        #expect(economy.tapes.contains { !$0.isProductOfPowers })
    }

    @Test func rejectsImpossibleShapes() {
        #expect(throws: NetworkGenerator.ShapeError.tooManyInputs(inputs: 4, available: 3)) {
            try NetworkGenerator.layered(.init(layers: 2, goodsPerLayer: 3, firmsPerGood: 2, inputs: 4))
        }
        #expect(throws: NetworkGenerator.ShapeError.tooSmall(name: "layers", value: 0, minimum: 1)) {
            try NetworkGenerator.layered(.init(layers: 0, goodsPerLayer: 3, firmsPerGood: 2, inputs: 1))
        }
    }

    /// Small generated networks settle, under the default dynamics, on prices equal to the backprop gradient.
    @Test(arguments: [
        try! NetworkGenerator.layered(.init(layers: 2, goodsPerLayer: 4, firmsPerGood: 3, inputs: 2, seed: 4)),
        try! NetworkGenerator.randomDAG(.init(goods: 12, firms: 30, minInputs: 1, maxInputs: 3, seed: 8)),
        try! NetworkGenerator.randomDAG(.init(goods: 40, firms: 300, minInputs: 1, maxInputs: 5, seed: 1)),
        try! NetworkGenerator.layered(.init(layers: 4, goodsPerLayer: 10, firmsPerGood: 10, inputs: 3)),
    ])
    func generatedNetworksConverge(scenario: Scenario) throws {
        var run = Run(simulation: try Simulation(economy: Economy(scenario)),
                      options: .init(maxTicks: 20_000, tolerance: 1e-9, recordEvery: 1_000_000))
        let report = run.execute()
        #expect(report.converged, "\(scenario.name): after \(report.ticks) ticks, movement \(report.movement.largest)")
    }
}
