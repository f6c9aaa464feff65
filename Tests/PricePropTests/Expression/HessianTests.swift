import Testing
import PriceProp
@testable import PricePropExpression
import PricePropTestSupport

@Suite struct HessianTests {
    struct Case: Sendable, CustomStringConvertible {
        var expression: String
        var inputs: [String]
        var at: [Double]
        var parameters: [String] = []
        var parameterValues: [Double] = []
        var description: String { expression }
    }

    static let cases: [Case] = [
        Case(expression: "a * b + a / b - b", inputs: ["a", "b"], at: [1.3, 0.7]),
        Case(expression: "sqrt(a) * exp(b) - ln(a + b)", inputs: ["a", "b"], at: [2.0, 0.3]),
        Case(expression: "a ^ b", inputs: ["a", "b"], at: [1.7, 2.4]),
        Case(expression: "a^2 + a^1 * b^3 - 1/(b + 1)", inputs: ["a", "b"], at: [0.8, 1.9]),
        Case(expression: "-(a * b) / (1 + a * a)", inputs: ["a", "b"], at: [0.4, 3.0]),
        Case(expression: "(0.6 * l^rho + 0.4 * k^rho)^(r / rho)", inputs: ["l", "k"], at: [3.3, 1.3],
             parameters: ["rho", "r"], parameterValues: [0.5, 0.9]),
        Case(expression: "A * parts^0.6 * labour^0.3 * c", inputs: ["parts", "labour", "c"], at: [1.1, 2.2, 0.9],
             parameters: ["A"], parameterValues: [2]),
        Case(expression: "k * ln(x)", inputs: ["x"], at: [0.37], parameters: ["k"], parameterValues: [1.4]),
    ]

    /// Each Hessian column agrees with central differences of the exact gradient, and the value and gradient
    /// are bit for bit those of the general first-order sweep (the product-of-powers shortcut of
    /// `valueAndGradient` may differ from it in the last place).
    @Test(arguments: cases)
    func hessianMatchesFiniteDifferencesOfTheGradient(_ c: Case) throws {
        let tape = try Tape(compiling: Expression(parsing: c.expression), inputs: c.inputs, parameters: c.parameters)
        let (value, gradient, hessian) = tape.valueGradientAndHessian(at: c.at, parameters: c.parameterValues)
        let first = tape.valueAndFullGradient(at: c.at, parameters: c.parameterValues)
        #expect(value == first.value)
        #expect(gradient == first.inputGradient)
        let n = c.at.count
        for j in 0..<n {
            let h = 1e-5 * max(1, abs(c.at[j]))
            var up = c.at, down = c.at
            up[j] += h
            down[j] -= h
            let gUp = tape.valueAndGradient(at: up, parameters: c.parameterValues).gradient
            let gDown = tape.valueAndGradient(at: down, parameters: c.parameterValues).gradient
            for i in 0..<n {
                expectClose(hessian[i * n + j], (gUp[i] - gDown[i]) / (2 * h), relative: 1e-7, absolute: 1e-8,
                            "∂²/∂\(c.inputs[i])∂\(c.inputs[j])")
                expectClose(hessian[i * n + j], hessian[j * n + i], relative: 1e-12, absolute: 1e-14, "symmetry")
            }
        }
    }

    /// Hand-worked values: `f = x²y` has Hessian `[[2y, 2x], [2x, 0]]`; `sqrt(x)` has `−¼ x^(−3/2)`.
    @Test func handWorkedHessians() throws {
        let product = try Tape(compiling: Expression(parsing: "x^2 * y"), inputs: ["x", "y"])
        #expect(product.valueGradientAndHessian(at: [3, 5]).hessian == [10, 6, 6, 0])
        let root = try Tape(compiling: Expression(parsing: "sqrt(x)"), inputs: ["x"])
        expectClose(root.valueGradientAndHessian(at: [4]).hessian[0], -1.0 / 32)
    }

    /// At a point outside the domain the entries are not finite, rather than silently wrong.
    @Test func outsideTheDomainIsNotFinite() throws {
        let tape = try Tape(compiling: Expression(parsing: "ln(x) + sqrt(x)"), inputs: ["x"])
        #expect(!tape.valueGradientAndHessian(at: [0]).hessian[0].isFinite)
        #expect(tape.valueGradientAndHessian(at: [-1]).hessian[0].isNaN)
    }
}
