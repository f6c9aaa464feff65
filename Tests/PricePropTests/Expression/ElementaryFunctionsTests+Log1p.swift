import Foundation
import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropAnalysis
import PricePropTestSupport

/// `log1p` against Foundation's: `log(1 + x)` for technologies like `log(1 + x)` at quantities where `1 + x`
/// rounds to 1.
extension ElementaryFunctionsTests {
    @Test func log1pIsWithinOneUlpOfFoundation() {
        var rng = SplitMix64(seed: 1_2026)
        var tally = Tally()
        for i in 0..<1_200_000 {
            let x: Double
            switch i % 6 {
            case 0: x = Self.anyPositive(&rng)  // every positive binade, subnormals included
            case 1: x = -Double(bitPattern: rng.next() % 0x3FF0_0000_0000_0000)  // (−1, 0) in every binade
            case 2: x = rng.uniform(-0x1p-4, 0x1.09p-4)  // the polynomial
            case 3: x = rng.uniform(-1, 10)
            case 4: x = rng.uniform(0x1.09p-4, 2)  // just past the polynomial, where u − 1 carries the error
            default: x = rng.uniform(-0.5, -0x1p-4)
            }
            tally.add(x, ElementaryFunctions.log1p(x), Foundation.log1p(x))
        }
        #expect(tally.worst <= 1, "log1p(\(tally.worstArgument)) is \(tally.worst) ulp from Foundation")
        // Measured against glibc 2.36 on x86-64: 92.4 % identical, the rest 1 ulp apart (glibc's `log1p` is
        // not correctly rounded either).
        #expect(tally.identicalShare > 0.9, "only \(tally.identicalShare) bit-identical")
    }

    static let log1pEdges: [Double] = [
        0, -0.0, -1, (-1.0).nextUp, -2, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        .leastNormalMagnitude, 1e-17, -1e-17, 0x1p-53, 0x1p-54, -0x1p-4, (-0x1p-4).nextDown, 0x1.09p-4,
        (0x1.09p-4).nextDown, 1, 0x1p53, 0x1p53 + 2, 0x1p60, 1e300, .greatestFiniteMagnitude, M_E - 1, -0.5,
    ]

    @Test(arguments: log1pEdges)
    func log1pEdgeCases(_ x: Double) {
        let value = ElementaryFunctions.log1p(x), reference = Foundation.log1p(x)
        #expect(Self.ulps(value, reference) <= 1, "log1p(\(x)) = \(value), Foundation \(reference)")
        // Zeros keep their sign, and outside the fast path the result is Foundation's own, to the bit.
        if x == 0 || !(x > -1) || !x.isFinite {
            #expect(value.bitPattern == reference.bitPattern || (value.isNaN && reference.isNaN))
        }
    }

    /// Where `1 + x` rounds to 1, `log(1 + x)` is 0 and `log1p` is `x`: the quantities the tape's `log1p`
    /// instruction keeps.
    @Test func log1pKeepsWhatOnePlusXLoses() {
        for x in [1e-17, 3e-20, -4e-18, 0x1p-60] {
            #expect(Foundation.log(1 + x) == 0)
            #expect(ElementaryFunctions.log1p(x) == x)
        }
    }
}
