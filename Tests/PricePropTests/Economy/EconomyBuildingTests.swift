import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropScenario
@testable import PricePropEconomy

/// Building an economy: shapes found by scanning must compile exactly like the expressions they stand for.
@Suite struct EconomyBuildingTests {
    static let productions = [
        "k * sqrt(x) + y^0.5", "k*sqrt(y)+x^0.5", "k * sqrt(z) + x^0.5", "exp (x) * y", "exp(y)*x",
        "1e-3 * x * y + 2.5E+1 * z", "1e-3 * y * z + 2.5E+1 * x", "ln(x) + log(y)", "ln(y) + log(x)",
        "x * x + k * y", "y * y + k * x", "x / (y + k)", "_a * x", "(x)", "y",
    ]

    /// Every firm's value and gradient equal those of its own text compiled directly with its own names.
    @Test func scannedShapesEvaluateLikeTheirText() throws {
        let goods: [Scenario.Good] = [.init(name: "x", endowment: 3), .init(name: "y", endowment: 2),
                                      .init(name: "z", endowment: 5), .init(name: "out", price: 1)]
        let firms = Self.productions.enumerated().map { i, text in
            Scenario.Firm(name: "f\(i)", output: "out", production: text,
                          parameters: i % 2 == 0 ? [.init(name: "k", value: 1.5 + Double(i))] : [])
        }
        let scenario = Scenario(name: "shapes", parameters: [.init(name: "k", value: 0.25), .init(name: "_a", value: 4)],
                                goods: goods, firms: firms)
        let economy = try Economy(scenario)
        // Shapes repeat, so there are fewer tapes than firms.
        #expect(economy.tapes.count < firms.count)
        let point = [1.3, 0.7, 2.1]
        for f in 0..<economy.firmCount {
            let entry = Int(economy.firmEntry[f])
            let expression = try Expression(parsing: scenario.firms[entry].production)
            let names = expression.identifiers
            let inputs = names.filter { ["x", "y", "z"].contains($0) }
            let parameters = names.filter { !inputs.contains($0) }
            let values = parameters.map { name in
                scenario.firms[entry].parameters.first { $0.name == name }?.value
                    ?? scenario.parameters.first { $0.name == name }!.value
            }
            let direct = try Tape(compiling: expression, inputs: inputs, parameters: parameters)
            let x = inputs.map { point[["x", "y", "z"].firstIndex(of: $0)!] }
            let expected = direct.valueAndGradient(at: x, parameters: values)
            let tape = economy.tapes[Int(economy.firmTape[f])]
            let slots = economy.inputs(of: f)
            #expect(slots.map { economy.goods[Int(economy.inputGood[$0])].name } == inputs)
            let actual = tape.valueAndGradient(at: x, parameters: Array(economy.parameterValues[economy.parameterRange(of: f)]))
            #expect(actual.value == expected.value, "\(scenario.firms[entry].production)")
            #expect(actual.gradient == expected.gradient, "\(scenario.firms[entry].production)")
        }
    }

    @Test func unknownNamesAreStillReported() {
        let scenario = Scenario(
            name: "bad", goods: [.init(name: "x", endowment: 1), .init(name: "out", price: 1)],
            firms: [.init(name: "a", output: "out", production: "A * x^b", parameters: [.init(name: "A", value: 1), .init(name: "b", value: 0.5)]),
                    .init(name: "b", output: "out", production: "A * x^c", parameters: [.init(name: "A", value: 1)])])
        #expect(throws: EconomyError(path: JSONPath() / "firms" / 1 / "production", message: "unknown name 'c'")) {
            try Economy(scenario)
        }
    }
}
