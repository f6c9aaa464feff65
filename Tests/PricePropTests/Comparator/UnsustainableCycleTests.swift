import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
import PricePropTestSupport

/// Cycles that return at least what they take, refused at validation where the file decides it (linear uses).
@Suite struct UnsustainableCycleTests {
    /// Steel makes machines and machines make steel, each linearly in the other (coefficients `a` and `b`),
    /// with labour beside them and widgets, at a fixed price, made from machines.
    static func steelAndMachines(_ a: Double, _ b: Double, machines: String = "") -> Scenario {
        Scenario(name: "ring", goods: [.init(name: "labour", endowment: 4), .init(name: "steel"), .init(name: "machines"),
                                       .init(name: "widgets", price: 1)],
                 firms: [.init(name: "mill", output: "steel", production: "\(b) * machines + sqrt(labour)"),
                         .init(name: "shop", output: "machines", production: machines.isEmpty ? "\(a) * steel + labour^0.5" : machines),
                         .init(name: "maker", output: "widgets", production: "machines^0.5")])
    }

    /// Around a two-good ring the coefficients multiply: 2 · 0.5 = 1 and 3 · 0.5 = 1.5 are refused, naming
    /// the goods in cycle order at the production of the first use; 0.9 · 0.9 is valid.
    @Test func aLinearRingReturningAtLeastWhatItTakesIsRefused() {
        for (a, b) in [(2.0, 0.5), (3.0, 0.5), (1.0, 1.0)] {
            let diagnostics = Self.steelAndMachines(a, b).validate()
            #expect(diagnostics.map(\.problem) == [.unsustainableCycle(["steel", "machines"])], "\(a) · \(b)")
            #expect(diagnostics.first?.path?.description == "firms[1].production")
        }
        #expect(Self.steelAndMachines(0.9, 0.9).validate().isEmpty)
        // The best route counts: a second shop turning each unit of steel into 2 machines closes the ring.
        var twoShops = Self.steelAndMachines(0.9, 0.5)
        twoShops.firms.append(.init(name: "big-shop", output: "machines", production: "2 * steel + labour^0.5"))
        let found = twoShops.validate()
        #expect(found.map(\.problem) == [.unsustainableCycle(["steel", "machines"])])
        #expect(found.first?.path?.description == "firms[3].production")
        // A use of any other shape is judged at the steady state, not here.
        #expect(Self.steelAndMachines(2, 2, machines: "2 * steel^0.9 + labour^0.5").validate().isEmpty)
    }

    /// The message reads the cycle round, back to its first good.
    @Test func theMessageNamesTheCycle() {
        let diagnostic = Self.steelAndMachines(2, 0.5).validate()[0]
        #expect(diagnostic.rendered.contains(
            "firms[1].production: the cycle steel -> machines -> steel cannot sustain itself: each unit of a good on it returns at least one unit of it"))
    }

    /// A three-good cycle is found inside a larger block of linear uses, and its product is what counts, not
    /// the coefficient matrix's ordinary spectral radius (which exceeds 1 for uses that only substitute).
    @Test func theSearchFindsTheCycleWhoseProductReachesOne() throws {
        let uses: [ScenarioValidator.LinearUse] = [
            .init(from: 5, to: 7, coefficient: 2, firm: 0), .init(from: 7, to: 9, coefficient: 1, firm: 1),
            .init(from: 9, to: 5, coefficient: 0.5, firm: 2), .init(from: 7, to: 5, coefficient: 0.4, firm: 3),
        ]
        let cycle = try #require(ScenarioValidator.unsustainableCycle(uses))
        #expect(cycle.map(\.from) == [5, 7, 9])
        #expect(cycle.map(\.firm) == [0, 1, 2])
        var weaker = uses
        weaker[2].coefficient = 0.49
        #expect(ScenarioValidator.unsustainableCycle(weaker) == nil)
        // x and y each made from 0.6 of either: the matrix [[0.6, 0.6], [0.6, 0.6]] has spectral radius 1.2,
        // yet no cycle returns more than 0.6 of a unit, and the network has a steady state with net output.
        let substitutes = Scenario(
            name: "substitutes", goods: [.init(name: "labour", endowment: 1), .init(name: "x"), .init(name: "y"), .init(name: "z", price: 1)],
            firms: [.init(name: "X", output: "x", production: "0.6 * x + 0.6 * y + sqrt(labour)"),
                    .init(name: "Y", output: "y", production: "0.6 * x + 0.6 * y + sqrt(labour)"),
                    .init(name: "Z", output: "z", production: "sqrt(x) + sqrt(y)")])
        #expect(substitutes.validate().isEmpty)
    }

    /// Strongly connected components: a ring, a self-use good and a good on no cycle.
    @Test func componentsGroupTheGoodsOfEachCycle() {
        let graph = SupplyGraph(goodCount: 5, edgeInputs: [0, 1, 2, 3, 4, 3], edgeOutputs: [1, 2, 0, 3, 0, 4])
        let component = graph.components()
        #expect(component[0] == component[1] && component[1] == component[2])
        #expect(Set([component[0], component[3], component[4]]).count == 3)
    }
}
