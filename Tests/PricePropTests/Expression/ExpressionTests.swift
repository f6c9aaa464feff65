import Foundation
import Testing
import PriceProp
@testable import PricePropExpression
import PricePropTestSupport

@Suite struct ExpressionTests {
    struct ValueCase: Sendable, CustomTestStringConvertible {
        var source: String
        var expected: Double
        var testDescription: String { source }
    }

    /// Precedence and associativity, checked by value with no inputs.
    @Test(arguments: [
        ValueCase(source: "1 + 2 * 3", expected: 7),
        ValueCase(source: "(1 + 2) * 3", expected: 9),
        ValueCase(source: "2^3^2", expected: 512),
        ValueCase(source: "-2^2", expected: -4),
        ValueCase(source: "(-2)^2", expected: 4),
        ValueCase(source: "2^-1", expected: 0.5),
        ValueCase(source: "8 / 4 / 2", expected: 1),
        ValueCase(source: "1 - 2 - 3", expected: -4),
        ValueCase(source: "--3", expected: 3),
        ValueCase(source: "+3 * -2", expected: -6),
        ValueCase(source: "1e-3 * 2E3", expected: 2),
        ValueCase(source: ".5 + 0.25", expected: 0.75),
        ValueCase(source: "sqrt(16) + exp(0) + log(1) + ln(exp(2))", expected: 7),
        ValueCase(source: "pow(2, 10)", expected: 1024),
        ValueCase(source: "2 * -3^2", expected: -18),
    ])
    func valueOfConstantExpression(_ c: ValueCase) throws {
        let tape = try Tape(compiling: Expression(parsing: c.source), inputs: [])
        expectClose(tape.value(at: []), c.expected, relative: 1e-15)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var source: String
        var column: Int
        var message: String
        var testDescription: String { source.count > 40 ? "\(source.prefix(20))… (\(source.count) characters)" : source }
    }

    @Test(arguments: [
        ErrorCase(source: "", column: 1, message: "empty expression"),
        ErrorCase(source: "   ", column: 4, message: "empty expression"),
        ErrorCase(source: "1 +", column: 4, message: "expected a number, name or '(', found end of expression"),
        ErrorCase(source: "2 * (x + 1", column: 5, message: "'(' is never closed"),
        ErrorCase(source: "x + 1)", column: 6, message: "expected an operator or end of expression (unbalanced ')'), found ')'"),
        ErrorCase(source: "sqr(x)", column: 1, message: "unknown function 'sqr'; did you mean 'sqrt'?"),
        ErrorCase(source: "foo(x)", column: 1, message: "unknown function 'foo' (known: sqrt, exp, log, ln, pow)"),
        ErrorCase(source: "pow(x)", column: 1, message: "pow takes 2 arguments, found 1"),
        ErrorCase(source: "sqrt(x, y)", column: 1, message: "sqrt takes 1 argument, found 2"),
        ErrorCase(source: "x y", column: 3, message: "unexpected 'y' after the end of the expression"),
        ErrorCase(source: "2x", column: 1, message: "invalid number '2x'"),
        ErrorCase(source: "1e", column: 1, message: "invalid number '1e'"),
        ErrorCase(source: "x # 2", column: 3, message: "unexpected character '#'"),
        ErrorCase(source: "x * * 2", column: 5, message: "expected a number, name or '(', found '*'"),
        ErrorCase(source: "1e999", column: 1, message: "invalid number '1e999'"),
        ErrorCase(source: String(repeating: "(", count: 5000) + "x", column: 201, message: "nested more than 200 levels deep"),
        ErrorCase(source: String(repeating: "-", count: 5000) + "x", column: 201, message: "nested more than 200 levels deep"),
        ErrorCase(source: String(repeating: "sqrt(", count: 300) + "x", column: 1001, message: "nested more than 200 levels deep"),
    ])
    func parseErrorsNameTheColumn(_ c: ErrorCase) {
        do {
            _ = try Expression(parsing: c.source)
            Issue.record("'\(c.source)' parsed")
        } catch {
            #expect(error.column == c.column)
            #expect(error.message == c.message)
        }
    }

    @Test func identifiersInOrderOfFirstAppearance() throws {
        let e = try Expression(parsing: "k * b^0.3 * a^0.7 + b")
        #expect(e.identifiers == ["k", "b", "a"])
        #expect(e.identifierOccurrences.map(\.column) == [1, 5, 13, 21])
    }

    @Test func unboundIdentifierIsReportedWithColumn() {
        #expect(throws: Tape.UnboundIdentifier(name: "z", column: 5)) {
            try Tape(compiling: Expression(parsing: "x + z"), inputs: ["x"])
        }
    }

    @Test func literalSubexpressionsFoldAndRepeatsAreShared() throws {
        let tape = try Tape(compiling: Expression(parsing: "(1/2) * sqrt(x) + sqrt(x)"), inputs: ["x"])
        // sqrt once, multiply, add: the constant 1/2 is folded.
        #expect(tape.instructionCount == 3)
        let (value, gradient) = tape.valueAndGradient(at: [4])
        expectClose(value, 3)
        expectClose(gradient[0], 1.5 * 0.25)
    }
}

// MARK: - Derivatives

extension ExpressionTests {
    struct GradientCase: Sendable, CustomTestStringConvertible {
        var source: String
        var inputs: [String]
        var parameters: [String] = []
        var parameterValues: [Double] = []
        /// Points inside the function's domain.
        var points: [[Double]]
        var testDescription: String { source }
    }

    static let gradientCases: [GradientCase] = [
        GradientCase(source: "sqrt(natgas)", inputs: ["natgas"], points: [[4], [0.3], [100]]),
        GradientCase(source: "1 - 1/(ethylene + 1)", inputs: ["ethylene"], points: [[2], [0.01], [50]]),
        GradientCase(source: "ln(polyethylene)", inputs: ["polyethylene"], points: [[2.0 / 3], [3]]),
        GradientCase(source: "A * x^a * y^b * z^(1 - a - b - 0.1)", inputs: ["x", "y", "z"],
                     parameters: ["A", "a", "b"], parameterValues: [1.7, 0.3, 0.25],
                     points: [[1, 2, 3], [0.2, 5, 0.7]]),
        GradientCase(source: "(0.6 * l^rho + 0.4 * k^rho)^(0.9 / rho)", inputs: ["l", "k"],
                     parameters: ["rho"], parameterValues: [0.5], points: [[10, 4], [0.3, 2]]),
        GradientCase(source: "exp(-x * y) + pow(x, y) - x / (y + 2) * -x", inputs: ["x", "y"], points: [[0.5, 1.5], [2, 0.3]]),
        GradientCase(source: "x * x * x - 3 * x", inputs: ["x"], points: [[-2], [0.5]]),
        GradientCase(source: "x^y", inputs: ["x", "y"], points: [[1.5, 2.5], [3, -0.5]]),
    ]

    /// Reverse-mode gradients agree with central finite differences, for inputs and parameters.
    @Test(arguments: gradientCases)
    func gradientMatchesCentralDifferences(_ c: GradientCase) throws {
        let tape = try Tape(compiling: Expression(parsing: c.source), inputs: c.inputs, parameters: c.parameters)
        for point in c.points {
            let (value, gx, gp) = tape.valueAndFullGradient(at: point, parameters: c.parameterValues)
            #expect(value.isFinite)
            for i in point.indices {
                let h = 1e-6 * max(1, abs(point[i]))
                var up = point, down = point
                up[i] += h
                down[i] -= h
                let numeric = (tape.value(at: up, parameters: c.parameterValues)
                    - tape.value(at: down, parameters: c.parameterValues)) / (2 * h)
                expectClose(gx[i], numeric, relative: 1e-7, absolute: 1e-9, "∂/∂\(c.inputs[i]) at \(point)")
            }
            for j in c.parameterValues.indices {
                let h = 1e-6 * max(1, abs(c.parameterValues[j]))
                var up = c.parameterValues, down = c.parameterValues
                up[j] += h
                down[j] -= h
                let numeric = (tape.value(at: point, parameters: up) - tape.value(at: point, parameters: down)) / (2 * h)
                expectClose(gp[j], numeric, relative: 1e-7, absolute: 1e-9, "∂/∂\(c.parameters[j]) at \(point)")
            }
        }
    }

    /// Hand-derived values: the seed chain's local derivatives.
    @Test func seedChainLocalDerivatives() throws {
        let a = try Tape(compiling: Expression(parsing: "sqrt(natgas)"), inputs: ["natgas"]).valueAndGradient(at: [4])
        #expect(a.value == 2)
        #expect(a.gradient == [0.25])
        let b = try Tape(compiling: Expression(parsing: "1 - 1/(ethylene + 1)"), inputs: ["ethylene"]).valueAndGradient(at: [2])
        expectClose(b.value, 2.0 / 3, relative: 1e-15)
        expectClose(b.gradient[0], 1.0 / 9, relative: 1e-15)
        let c = try Tape(compiling: Expression(parsing: "ln(polyethylene)"), inputs: ["polyethylene"]).valueAndGradient(at: [2.0 / 3])
        expectClose(c.value, log(2.0 / 3), relative: 1e-15)
        expectClose(c.gradient[0], 1.5, relative: 1e-15)
    }

    /// Special values: derivatives at domain edges follow IEEE arithmetic and the fault is located.
    @Test func domainEdgesAndFaults() throws {
        let sqrtTape = try Tape(compiling: Expression(parsing: "sqrt(x)"), inputs: ["x"])
        let atZero = sqrtTape.valueAndGradient(at: [0])
        #expect(atZero.value == 0)
        #expect(atZero.gradient[0] == .infinity)
        #expect(sqrtTape.value(at: [-1]).isNaN)
        let fault = try #require(sqrtTape.firstDomainFault(inputs: [-2], parameters: []))
        #expect(fault.operation == "sqrt(x)")
        #expect(fault.operands == [-2])
        #expect(fault.message == "sqrt(x) with operand -2 is undefined")
        let logTape = try Tape(compiling: Expression(parsing: "1 + log(x / y)"), inputs: ["x", "y"])
        let logFault = try #require(logTape.firstDomainFault(inputs: [1, 0], parameters: []))
        #expect(logFault.operation == "x / y")
        #expect(logFault.result == .infinity)
        #expect(logTape.firstDomainFault(inputs: [1, 2], parameters: []) == nil)
        // pow with a parameter exponent at x = 0: value 0 and no NaN from the exponent's logarithm.
        let powTape = try Tape(compiling: Expression(parsing: "x^a"), inputs: ["x"], parameters: ["a"])
        let full = powTape.valueAndFullGradient(at: [0], parameters: [2])
        #expect(full.value == 0)
        #expect(full.inputGradient == [0])
        #expect(full.parameterGradient == [0])
        #expect(powTape.value(at: [.nan], parameters: [2]).isNaN)
        #expect(powTape.value(at: [.infinity], parameters: [2]) == .infinity)
    }
}

// MARK: - Rendering

extension ExpressionTests {
    @Test(arguments: [
        ("1 - (2 - 3)", "1 - (2 - 3)"), ("(1 - 2) - 3", "1 - 2 - 3"), ("a / (b * c)", "a / (b * c)"),
        ("(a * b) / c", "a * b / c"), ("2^3^2", "2^3^2"), ("(2^3)^2", "(2^3)^2"), ("-x^2", "-x^2"),
        ("(-x)^2", "(-x)^2"), ("x^-2", "x^-2"), ("log((gas - 3.9))", "log(gas - 3.9)"), ("--x", "--x"),
        ("2.0 * x", "2 * x"), ("pow(a + b, 0.5)", "pow(a + b, 0.5)"), ("-(a + b)", "-(a + b)"), ("a - -b", "a - -b"),
    ])
    func renderingUsesMinimalParenthesesAndRoundTrips(source: String, rendered: String) throws {
        let expression = try Expression(parsing: source)
        #expect(expression.root.description == rendered)
        let reparsed = try Expression(parsing: rendered)
        #expect(reparsed.root.renamingIdentifiers([:]) == expression.root.renamingIdentifiers([:]))
    }
}
