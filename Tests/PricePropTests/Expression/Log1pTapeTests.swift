import Foundation
import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropAnalysis
import PricePropTestSupport

/// `log(1 + e)` and `log(e + 1)` compile to one `log1p` instruction: the value keeps quantities where `1 + e`
/// rounds to 1, and the derivatives are those of `log1p`.
@Suite struct Log1pTapeTests {
    @Test(arguments: ["log(1 + x)", "log(x + 1)", "ln(1 + x)"])
    func smallQuantitiesKeepTheirValue(_ source: String) throws {
        let tape = try Tape(compiling: Expression(parsing: source), inputs: ["x"])
        #expect(tape.instructionCount == 1)
        let tiny = tape.valueGradientAndHessian(at: [1e-17])
        #expect(tiny.value == 1e-17)
        #expect(tiny.gradient == [1])
        #expect(tiny.hessian == [-1])
        let (value, gradient) = tape.valueAndGradient(at: [3])
        #expect(value == ElementaryFunctions.log1p(3))
        expectClose(value, Foundation.log(4), relative: 1e-15)
        #expect(gradient == [0.25])
        expectClose(tape.valueGradientAndHessian(at: [3]).hessian[0], -1.0 / 16, relative: 1e-15)
    }

    /// Anything else stays a `log` of its argument; a constant argument is folded as before.
    @Test func otherLogarithmsAreUnchanged() throws {
        let two = try Tape(compiling: Expression(parsing: "log(2 + x)"), inputs: ["x"])
        #expect(two.instructionCount == 2)
        let constant = try Tape(compiling: Expression(parsing: "x * log(1 + 2)"), inputs: ["x"])
        expectClose(constant.value(at: [1]), Foundation.log(3), relative: 1e-15)
        // A shared `1 + x` is computed once, whichever uses it.
        let shared = try Tape(compiling: Expression(parsing: "log(1 + x) / (1 + x)"), inputs: ["x"])
        #expect(shared.instructionCount == 3)
    }

    /// Outside its domain the instruction names its operand, as every other does.
    @Test func domainFaultNamesTheOperand() throws {
        let tape = try Tape(compiling: Expression(parsing: "log(1 + x)"), inputs: ["x"])
        let fault = try #require(tape.firstDomainFault(inputs: [-2], parameters: []))
        #expect(fault.operands == [-2])
        #expect(fault.result.isNaN)
    }
}
