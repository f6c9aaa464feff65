import _Differentiation
import Foundation
import Testing
import PriceProp
@testable import PricePropExpression
import PricePropTestSupport

/// The tape's reverse mode against the toolchain's own, independent reverse-mode differentiation, on the
/// same functions written in Swift.
@Suite struct DifferentiationTests {
    @differentiable(reverse) static func seedChain(_ x: Double) -> Double {
        let a = x.squareRoot()
        let b = 1 - 1 / (a + 1)
        return log(b)
    }

    @Test(arguments: [0.5, 4.0, 9.0, 30.0])
    func seedChainComposite(x: Double) throws {
        // The whole chain as one expression: df/dx is the price of gas at supply x.
        let tape = try Tape(compiling: Expression(parsing: "ln(1 - 1/(sqrt(x) + 1))"), inputs: ["x"])
        let (value, gradient) = tape.valueAndGradient(at: [x])
        let (swiftValue, swiftGradient) = valueWithGradient(at: x, of: DifferentiationTests.seedChain)
        expectClose(value, swiftValue, relative: 1e-14)
        expectClose(gradient[0], swiftGradient, relative: 1e-13)
        if x == 4 { expectClose(gradient[0], 1.0 / 24, relative: 1e-14) }
    }

    @differentiable(reverse) static func cobbDouglas(_ x: Double, _ y: Double) -> Double {
        3 * pow(x, 0.3) * pow(y, 0.5)
    }

    @differentiable(reverse) static func ces(_ l: Double, _ k: Double) -> Double {
        pow(0.6 * pow(l, 0.5) + 0.4 * pow(k, 0.5), 0.9 / 0.5)
    }

    @differentiable(reverse) static func mixed(_ x: Double, _ y: Double) -> Double {
        exp(-x * y) + x / (y + 2) - log(x + y) * sqrt(y)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var point: (Double, Double)
        var testDescription: String { source }
    }

    @Test(arguments: [
        Case(source: "3 * x^0.3 * y^0.5", point: (1.7, 2.2)),
        Case(source: "(0.6 * x^0.5 + 0.4 * y^0.5)^(0.9 / 0.5)", point: (10, 4)),
        Case(source: "exp(-x * y) + x / (y + 2) - log(x + y) * sqrt(y)", point: (0.7, 1.3)),
    ])
    func twoInputFunctions(_ c: Case) throws {
        let reference: @differentiable(reverse) (Double, Double) -> Double
        switch c.source.first {
        case "3": reference = DifferentiationTests.cobbDouglas
        case "(": reference = DifferentiationTests.ces
        default: reference = DifferentiationTests.mixed
        }
        let tape = try Tape(compiling: Expression(parsing: c.source), inputs: ["x", "y"])
        let (value, gradient) = tape.valueAndGradient(at: [c.point.0, c.point.1])
        let (swiftValue, swiftGradient) = valueWithGradient(at: c.point.0, c.point.1, of: reference)
        expectClose(value, swiftValue, relative: 1e-14)
        expectClose(gradient[0], swiftGradient.0, relative: 1e-13)
        expectClose(gradient[1], swiftGradient.1, relative: 1e-13)
    }
}
