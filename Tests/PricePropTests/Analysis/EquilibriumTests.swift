import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropAnalysis
import PricePropTestSupport

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

    /// The solver finds the prices a long market run settles at, and the same `V`.
    @Test(arguments: Fixtures.bundled)
    func agreesWithTheMarketEquilibrium(_ scenario: Scenario) throws {
        let economy = try Economy(scenario)
        let solution = try Equilibrium(solving: economy)
        var run = Run(simulation: try Simulation(economy: economy), options: .init(record: false))
        let report = run.execute()
        #expect(report.converged)
        #expect(solution.distance(toPrices: run.simulation.prices, in: economy) <= 1e-9)
        expectClose(solution.value, report.comparison.value, relative: 1e-9)
    }

    /// The answers of the dense Newton solver this one replaced (full Jacobian in log quantities and log
    /// prices, each converged to `‖F‖∞ ≤ 3.4e-16`), per bundled scenario: every good's price, `V`, and what
    /// one firm of each entry buys.
    struct DenseAnswer: Sendable, CustomTestStringConvertible {
        var name: String
        var prices: [Double]
        var value: Double
        var quantities: [[Double]]
        var testDescription: String { name }
    }

    static let denseAnswers: [DenseAnswer] = [
        .init(name: "tupperware", prices: [0.041666666666666664, 0.16666666666666663, 1.4999999999999998, 1],
              value: -0.4054651081081643, quantities: [[4], [2], [0.6666666666666667]]),
        .init(name: "diamond", prices: [0.2755944354211884, 0.6015732178627192, 1.4637353493035217, 1],
              value: 5.836117455978108,
              quantities: [[4.764705882352941], [4.23529411764706, 1.4552137502179978], [2.910427500435995, 1.9935698959361283]]),
        .init(name: "ces", prices: [0.5431808059306611, 0.41798166374226026, 1.113251837959048, 1],
              value: 8.456827040804345,
              quantities: [[1.7764250353100244, 1.3333333333333333], [2.278952547603727, 2.335362447034963]]),
        .init(name: "competitive", prices: [0.018729727723668342, 0.05330990460443232, 0.9483540711661876, 1],
              value: 1.3027082674739663,
              quantities: [[2.0253164556962022], [4.556962025316454], [8.101265822784809], [3.217754561339035],
                           [3.808980099938563], [1.0544584880310617], [1.4762418832434863]]),
    ]

    @Test(arguments: Self.denseAnswers)
    func agreesWithTheDenseSolver(_ answer: DenseAnswer) throws {
        let scenario = try #require(Fixtures.bundled.first { $0.name == answer.name })
        let solution = try Equilibrium(solving: Economy(scenario))
        #expect(solution.prices.count == answer.prices.count)
        for (price, expected) in zip(solution.prices, answer.prices) { expectClose(price, expected, relative: 1e-10) }
        expectClose(solution.value, answer.value, relative: 1e-10)
        #expect(solution.entries.count == answer.quantities.count)
        for (entry, expected) in zip(solution.entries, answer.quantities) {
            for (x, y) in zip(entry.quantities, expected) { expectClose(x, y, relative: 1e-10, "\(entry.name)") }
        }
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

    /// The same economy on 1, 2 and 3 threads gives the same bits: a generated network large enough that the
    /// firms' blocks split into several chunks and the reduced system (300 prices) into several row ranges.
    @Test func sameBitsForAnyThreadCount() throws {
        let scenario = try NetworkGenerator.layered(.init(layers: 3, goodsPerLayer: 100, firmsPerGood: 2, inputs: 3, seed: 3))
        let economy = try Economy(scenario)
        let answers = try [1, 2, 3].map { try Equilibrium(solving: economy, options: .init(threads: $0)) }
        #expect(answers[0].converged)
        #expect(answers[0].comparison.largestRelativeError <= 1e-10)
        for other in answers.dropFirst() {
            #expect(other.prices.map(\.bitPattern) == answers[0].prices.map(\.bitPattern))
            #expect(other.allocation.received.map(\.bitPattern) == answers[0].allocation.received.map(\.bitPattern))
            #expect(other.residualHistory.map(\.bitPattern) == answers[0].residualHistory.map(\.bitPattern))
        }
    }

    /// A random acyclic network of CES and Cobb-Douglas firms: converged to the tolerance, and every price equals
    /// its backprop derivative.
    @Test func solvesARandomNetwork() throws {
        let scenario = try NetworkGenerator.randomDAG(.init(goods: 60, firms: 400, maxInputs: 4, seed: 7))
        let solution = try Equilibrium(solving: Economy(scenario), options: .init(threads: 2))
        #expect(solution.converged)
        #expect(solution.residual <= 1e-12)
        #expect(solution.comparison.largestRelativeError <= 1e-10)
    }
}
