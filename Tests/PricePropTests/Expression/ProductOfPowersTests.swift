import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropAnalysis
import PricePropTestSupport

/// The logarithmic route for products of powers against the general sweep.
@Suite struct ProductOfPowersTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var expression: String
        var inputs: [String]
        var parameters: [String]
        var recognised: Bool
        var testDescription: String { expression }
    }

    static let cases: [Case] = [
        Case(expression: "A * x^a * y^b * z^c", inputs: ["x", "y", "z"], parameters: ["A", "a", "b", "c"], recognised: true),
        Case(expression: "2 * x * (y^0.5 * 3)", inputs: ["x", "y"], parameters: [], recognised: true),
        Case(expression: "x^a * x^b * A", inputs: ["x"], parameters: ["A", "a", "b"], recognised: true),
        Case(expression: "pow(x, 0.3) * y", inputs: ["x", "y"], parameters: [], recognised: true),
        Case(expression: "x^a + y", inputs: ["x", "y"], parameters: ["a"], recognised: false),
        Case(expression: "x^y", inputs: ["x", "y"], parameters: [], recognised: false),
        Case(expression: "(x * y)^a", inputs: ["x", "y"], parameters: ["a"], recognised: false),
    ]

    @Test(arguments: cases)
    func agreesWithTheGeneralSweep(_ c: Case) throws {
        let tape = try Tape(compiling: Expression(parsing: c.expression), inputs: c.inputs, parameters: c.parameters)
        #expect(tape.isProductOfPowers == c.recognised)
        var rng = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let x = c.inputs.map { _ in rng.uniform(0.01, 50) }
            let p = c.parameters.map { _ in rng.uniform(0.1, 1.2) }
            let fast = tape.valueAndGradient(at: x, parameters: p)
            let general = tape.valueAndFullGradient(at: x, parameters: p)
            expectClose(fast.value, general.value, relative: 1e-13)
            expectClose(tape.value(at: x, parameters: p), fast.value, relative: 0)
            for (a, b) in zip(fast.gradient, general.inputGradient) { expectClose(a, b, relative: 1e-13) }
        }
    }

    /// Zero, negative, infinite and NaN inputs take the general route, so they behave exactly as written.
    @Test(arguments: [0.0, -2.0, .infinity, .nan])
    func specialInputsFallBackToTheGeneralSweep(_ special: Double) throws {
        let tape = try Tape(compiling: Expression(parsing: "A * x^a * y^b"), inputs: ["x", "y"], parameters: ["A", "a", "b"])
        let x = [special, 2.0], p = [1.5, 0.3, 0.6]
        let fast = tape.valueAndGradient(at: x, parameters: p)
        let general = tape.valueAndFullGradient(at: x, parameters: p)
        #expect(fast.value.bitPattern == general.value.bitPattern)
        #expect(fast.gradient.map(\.bitPattern) == general.inputGradient.map(\.bitPattern))
    }

    @Test func matchesCentralDifferences() throws {
        let tape = try Tape(compiling: Expression(parsing: "A * x^a * y^b"), inputs: ["x", "y"], parameters: ["A", "a", "b"])
        let x = [1.7, 0.4], p = [1.2, 0.35, 0.45]
        let (_, gradient) = tape.valueAndGradient(at: x, parameters: p)
        for i in 0..<2 {
            let h = 1e-6 * x[i]
            var up = x, down = x
            up[i] += h
            down[i] -= h
            let difference = (tape.value(at: up, parameters: p) - tape.value(at: down, parameters: p)) / (2 * h)
            expectClose(gradient[i], difference, relative: 1e-8)
        }
    }
}
