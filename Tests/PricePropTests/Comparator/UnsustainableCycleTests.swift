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

/// Cycles that technologies of a known shape make spend at least what they earn: products of powers by their
/// exponents, closed blocks of homogeneous technologies by their degrees.
extension UnsustainableCycleTests {
    /// Steel and machines made from each other as products of powers, with labour beside them.
    static func powerRing(_ a: Double, _ b: Double) -> Scenario {
        Scenario(name: "ring", goods: [.init(name: "labour", endowment: 4), .init(name: "steel"), .init(name: "machines"),
                                       .init(name: "widgets", price: 1)],
                 firms: [.init(name: "mill", output: "steel", production: "2 * machines^\(b) * labour^0.4"),
                         .init(name: "shop", output: "machines", production: "2 * steel^\(a) * labour^0.4"),
                         .init(name: "maker", output: "widgets", production: "machines^0.5")])
    }

    /// Around a ring of products of powers the exponents multiply: 0.9 · 1.2 = 1.08 and 1 · 1 are refused,
    /// naming the goods in cycle order at the first firm on the cycle; 0.9 · 1.1 = 0.99 is valid.
    @Test func aRingOfPowersWhoseExponentsMultiplyToOneIsRefused() throws {
        for (a, b) in [(0.9, 1.2), (1.0, 1.0)] {
            let diagnostics = Self.powerRing(a, b).validate()
            let problem = try #require(diagnostics.first?.problem)
            guard case let .selfAmplifyingCycle(goods, gain, isOneCycle) = problem else {
                Issue.record("expected a self-amplifying cycle, got \(problem)")
                continue
            }
            #expect(diagnostics.count == 1)
            #expect(goods == ["steel", "machines"] && isOneCycle)
            expectClose(gain, a * b, relative: 1e-12)
            #expect(diagnostics.first?.path?.description == "firms[1].production")
        }
        #expect(Self.powerRing(0.9, 1.1).validate().isEmpty)
        #expect(Self.powerRing(0.9, 1.2).validate()[0].rendered.contains(
            "firms[1].production: the cycle steel -> machines -> steel cannot sustain itself: the exponents of its technologies in the goods on it multiply to 1.08, at least 1"))
    }

    /// Where several firms make a good, the least exponent counts (a maker of another shape counts as 0);
    /// parameters are read for exponents; and a self-use exponent of 1 is a cycle of one good.
    @Test func theLeastExponentAndParametersCount() {
        var two = Self.powerRing(0.9, 1.2)
        two.firms.append(.init(name: "small-mill", output: "steel", production: "machines^0.5 * labour^0.5"))
        #expect(two.validate().isEmpty, "machines^0.5 bounds the value of machines spent on steel from below")
        var other = Self.powerRing(0.9, 1.2)
        other.firms.append(.init(name: "odd-mill", output: "steel", production: "machines + sqrt(labour)"))
        #expect(other.validate().isEmpty)
        var parameter = Self.powerRing(0.9, 1.0)
        parameter.firms[0].production = "2 * machines^e * labour^0.4"
        parameter.firms[0].parameters = [.init(name: "e", value: 1.2)]
        #expect(parameter.validate().map(\.problem) == [.selfAmplifyingCycle(["steel", "machines"], gain: 0.9 * 1.2, isOneCycle: true)])
        let grain = Scenario(name: "grain", goods: [.init(name: "labour", endowment: 4), .init(name: "grain"), .init(name: "bread", price: 1)],
                             firms: [.init(name: "farm", output: "grain", production: "3 * labour^0.5 * grain"),
                                     .init(name: "bakery", output: "bread", production: "labour^0.4 * grain^0.5")])
        #expect(grain.validate().map(\.problem) == [.selfAmplifyingCycle(["grain"], gain: 1, isOneCycle: true)])
    }

    /// Two goods each made from 0.6 of either as products of powers: no single cycle reaches 1 (each returns
    /// 0.6 or 0.36), but together they spend 1.2 of what they earn on each other, the spectral radius of
    /// their exponents. (The linear version of the same network is valid: linear uses substitute.)
    @Test func aBlockOfPowersIsRefusedByItsSpectralRadius() throws {
        let block = Scenario(
            name: "block", goods: [.init(name: "labour", endowment: 1), .init(name: "x"), .init(name: "y"), .init(name: "z", price: 1)],
            firms: [.init(name: "X", output: "x", production: "x^0.6 * y^0.6 * labour^0.1"),
                    .init(name: "Y", output: "y", production: "x^0.6 * y^0.6 * labour^0.1"),
                    .init(name: "Z", output: "z", production: "sqrt(x) + sqrt(y)")])
        let problem = try #require(block.validate().first?.problem)
        guard case let .selfAmplifyingCycle(goods, gain, isOneCycle) = problem else {
            Issue.record("expected a self-amplifying block, got \(problem)")
            return
        }
        #expect(goods == ["x", "y"] && !isOneCycle)
        expectClose(gain, 1.2, relative: 1e-9)
        #expect(block.validate()[0].rendered.contains("the cycle of x and y cannot sustain itself: the least exponents"))
        var lower = block
        lower.firms[0].production = "x^0.4 * y^0.5 * labour^0.1"
        lower.firms[1].production = "x^0.5 * y^0.4 * labour^0.1"
        #expect(lower.validate().isEmpty, "spectral radius 0.9")
    }

    /// A cycle buying nothing from outside, every technology homogeneous of degree 1 (a CES and a linear
    /// use), is refused; labour in one of its firms makes it valid, and so does degree 0.9.
    @Test func aClosedCycleOfConstantReturnsIsRefused() {
        func closed(_ mill: String) -> Scenario {
            Scenario(name: "closed", goods: [.init(name: "labour", endowment: 4), .init(name: "steel"), .init(name: "machines"),
                                             .init(name: "widgets", price: 1)],
                     firms: [.init(name: "mill", output: "steel", production: mill),
                             .init(name: "shop", output: "machines", production: "0.8 * steel"),
                             .init(name: "maker", output: "widgets", production: "machines^0.5 * labour^0.5")])
        }
        let ces = closed("(0.5 * machines^0.5 + 0.5 * steel^0.5)^2")
        #expect(ces.validate().map(\.problem) == [.closedCycle(["steel", "machines"], degree: 1)])
        #expect(ces.validate()[0].rendered.contains(
            "firms[0].production: the cycle of steel and machines cannot sustain itself: its firms buy nothing from outside it"))
        #expect(closed("(0.5 * machines^0.5 + 0.5 * steel^0.5)^2 * labour^0.1").validate().isEmpty)
        #expect(closed("(0.5 * machines^0.5 + 0.5 * steel^0.5)^1.8").validate().isEmpty)
    }

    /// The shapes read off an expression: degree and, for products of powers, exponents; none for shapes
    /// that can turn negative or are not homogeneous.
    @Test func technologyShapes() throws {
        func shape(_ text: String) throws -> TechnologyShape? {
            let parameters = ["a": 0.3, "r": 0.5]
            return TechnologyShape.of(try Expression(parsing: text).root, isGood: { ["x", "y", "z"].contains($0) },
                                      value: { parameters[$0] })
        }
        #expect(try shape("2 * x^a * sqrt(y) / z^0.1") == TechnologyShape(degree: 0.3 + 0.5 - 0.1, exponents: ["x": 0.3, "y": 0.5, "z": -0.1]))
        #expect(try shape("(0.4 * x^r + 0.6 * y^r)^(2 / r)") == TechnologyShape(degree: 2, exponents: nil))
        #expect(try shape("pow(x * y, 0.5) * exp(1)")?.exponents == ["x": 0.5, "y": 0.5])
        #expect(try shape("x + 3 * y")?.degree == 1)
        for invalid in ["x - y", "-x", "x + 1", "log(x)", "x^y", "exp(x)", "x * (0 - 2)"] {
            #expect(try shape(invalid) == nil, "\(invalid)")
        }
    }
}
