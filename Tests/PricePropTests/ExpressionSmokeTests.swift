import Testing
@testable import PriceProp

@Suite struct ExpressionSmokeTests {
    @Test func seedChainDerivatives() throws {
        let a = try Tape(compiling: Expression(parsing: "sqrt(natgas)"), inputs: ["natgas"])
        let (va, ga) = a.valueAndGradient(at: [4])
        expectClose(va, 2)
        expectClose(ga[0], 0.25)
        let b = try Tape(compiling: Expression(parsing: "1 - 1/(ethylene + 1)"), inputs: ["ethylene"])
        let (vb, gb) = b.valueAndGradient(at: [2])
        expectClose(vb, 2.0 / 3.0)
        expectClose(gb[0], 1.0 / 9.0)
        let c = try Tape(compiling: Expression(parsing: "ln(polyethylene)"), inputs: ["polyethylene"])
        let (_, gc) = c.valueAndGradient(at: [2.0 / 3.0])
        expectClose(gc[0], 1.5)
    }
}
