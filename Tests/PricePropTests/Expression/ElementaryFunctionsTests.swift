import Foundation
import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropAnalysis
import PricePropTestSupport

/// The inlined `exp` and `log` against Foundation's, argument by argument.
@Suite struct ElementaryFunctionsTests {
    /// Units in the last place between two doubles of the same sign (or zeros); `.max` for NaN or mixed signs.
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
        if a == b { return 0 }
        guard a.sign == b.sign else { return .max }
        let x = a.magnitude.bitPattern, y = b.magnitude.bitPattern
        return x > y ? x - y : y - x
    }

    /// How one function compares with Foundation's over a set of arguments.
    struct Tally {
        var count = 0
        var identical = 0
        var worst: UInt64 = 0
        var worstArgument = 0.0

        mutating func add(_ argument: Double, _ value: Double, _ reference: Double) {
            count += 1
            let d = ulps(value, reference)
            if d == 0 { identical += 1 }
            if d > worst { worst = d; worstArgument = argument }
        }

        var identicalShare: Double { Double(identical) / Double(max(1, count)) }
    }

    /// Positive finite doubles of every binade, subnormals included: uniform random bit patterns.
    static func anyPositive(_ rng: inout SplitMix64) -> Double {
        Double(bitPattern: rng.next() % 0x7FF0_0000_0000_0000)
    }

    @Test func logIsWithinOneUlpOfFoundation() {
        var rng = SplitMix64(seed: 2024)
        var tally = Tally()
        for i in 0..<1_200_000 {
            let x: Double
            switch i % 4 {
            case 0: x = Self.anyPositive(&rng)
            case 1: x = rng.uniform(0.5, 2)
            case 2: x = rng.uniform(1 - 0x1p-4, 1 + 0x1.09p-4)  // the polynomial around 1
            default: x = rng.uniform(0, 1e6)
            }
            tally.add(x, ElementaryFunctions.log(x), Foundation.log(x))
        }
        #expect(tally.worst <= 1, "log(\(tally.worstArgument)) is \(tally.worst) ulp from Foundation")
        // Measured against glibc 2.36 on x86-64 (its FMA variant): 99.993 % identical, the rest 1 ulp apart.
        #expect(tally.identicalShare > 0.999, "only \(tally.identicalShare) bit-identical")
    }

    @Test func expIsWithinOneUlpOfFoundation() {
        var rng = SplitMix64(seed: 7)
        var tally = Tally()
        for i in 0..<1_200_000 {
            let x: Double
            switch i % 4 {
            case 0: x = rng.uniform(-746, 710)  // every result, subnormal and overflowing included
            case 1: x = rng.uniform(-1, 1)
            case 2: x = (rng.next() & 1 == 0 ? 1 : -1) * Double(bitPattern: 0x3C90_0000_0000_0000 &+ rng.next() % 0x0080_0000_0000_0000)
            default: x = rng.uniform(-40, 40)
            }
            tally.add(x, ElementaryFunctions.exp(x), Foundation.exp(x))
        }
        #expect(tally.worst <= 1, "exp(\(tally.worstArgument)) is \(tally.worst) ulp from Foundation")
        // Measured against glibc 2.36 on x86-64 (its FMA variant): 99.956 % identical, the rest 1 ulp apart.
        #expect(tally.identicalShare > 0.999, "only \(tally.identicalShare) bit-identical")
    }

    static let logEdges: [Double] = [
        0, -0.0, -1, -.leastNonzeroMagnitude, .nan, -.nan, .infinity, -.infinity, .leastNonzeroMagnitude,
        .leastNormalMagnitude, .leastNormalMagnitude.nextDown, .leastNormalMagnitude.nextUp, 1, 1.0.nextUp,
        1.0.nextDown, 1 - 0x1p-4, (1 - 0x1p-4).nextDown, 1 + 0x1.09p-4, (1 + 0x1.09p-4).nextDown, 2, 0.5,
        .greatestFiniteMagnitude, 0x1.6p-1, 0x1.6p0, 1e-300, 1e300, .pi, M_E,
    ]

    @Test(arguments: logEdges)
    func logEdgeCases(_ x: Double) {
        let value = ElementaryFunctions.log(x), reference = Foundation.log(x)
        #expect(Self.ulps(value, reference) <= 1, "log(\(x)) = \(value), Foundation \(reference)")
        // Outside the fast path the result is Foundation's own, to the bit.
        if !(x > 0) || !x.isFinite || x < .leastNormalMagnitude {
            #expect(value.bitPattern == reference.bitPattern || (value.isNaN && reference.isNaN))
        }
    }

    @Test func logOfOneIsPositiveZero() {
        #expect(ElementaryFunctions.log(1).bitPattern == 0)
    }

    static let expEdges: [Double] = [
        0, -0.0, .nan, .infinity, -.infinity, 0x1p-54, (0x1p-54).nextDown, -0x1p-54, .leastNonzeroMagnitude,
        512, 512.0.nextDown, -512, (-512.0).nextUp, 709.78, 709.782712893384, 709.7827128933841, 710, 1000,
        -708.39, -708.4, -744.44, -745.1332191019411, -745.1332191019412, -746, -1000, 1, -1, 0.5, M_LN2,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
    ]

    @Test(arguments: expEdges)
    func expEdgeCases(_ x: Double) {
        let value = ElementaryFunctions.exp(x), reference = Foundation.exp(x)
        #expect(Self.ulps(value, reference) <= 1, "exp(\(x)) = \(value), Foundation \(reference)")
        if !(x.magnitude >= 0x1p-54 && x.magnitude < 512) {
            #expect(value.bitPattern == reference.bitPattern || (value.isNaN && reference.isNaN))
        }
    }

    /// Two lanes at a time give the same bits as one at a time, with special lanes mixed in.
    @Test func pairsMatchSingleLanes() {
        var rng = SplitMix64(seed: 99)
        let specials: [Double] = [0, -1, .nan, .infinity, -.infinity, 1, Double(bitPattern: 0x7E8) /* ≈ 1e-320, subnormal */, 800, -800, 1e-20]
        for i in 0..<400_000 {
            func draw() -> Double {
                if rng.next() % 16 == 0 { return specials[rng.index(below: specials.count)] }
                switch i % 4 {
                case 0: return Self.anyPositive(&rng)
                case 1: return rng.uniform(0.9, 1.1)
                // Ratios of successive ticks, as firms take their logarithms.
                case 2: return 1 + rng.uniform(-1e-3, 1e-3)
                default: return rng.uniform(-50, 50)
                }
            }
            let pair = SIMD2(draw(), draw())
            let logs = ElementaryFunctions.log(pair), exps = ElementaryFunctions.exp(pair)
            for lane in 0..<2 {
                let x = pair[lane]
                let log = ElementaryFunctions.log(x), exp = ElementaryFunctions.exp(x)
                #expect(logs[lane].bitPattern == log.bitPattern || (logs[lane].isNaN && log.isNaN), "log(\(x))")
                #expect(exps[lane].bitPattern == exp.bitPattern || (exps[lane].isNaN && exp.isNaN), "exp(\(x))")
            }
        }
    }

    /// The tables: 2^(k/128) and the logarithm's subintervals are what the algorithms assume.
    @Test func tablesHoldTheirInvariants() {
        let exponential = ElementaryFunctions.exponentialTable, logarithm = ElementaryFunctions.logarithmTable
        #expect(exponential.count == 256 && logarithm.count == 512)
        for k in 0..<128 {
            let scale = Double(bitPattern: exponential[2 * k + 1] &+ (UInt64(k) << 45))
            let tail = Double(bitPattern: exponential[2 * k])
            expectClose(scale * (1 + tail), Foundation.exp2(Double(k) / 128), relative: 0x1p-52)
            #expect(tail.magnitude < 0x1p-53)
        }
        for i in 0..<128 {
            let inverseC = logarithm[4 * i], logC = logarithm[4 * i + 1]
            let cHigh = logarithm[4 * i + 2], cLow = logarithm[4 * i + 3]
            // c lies in subinterval i of [0x1.6p-1, 0x1.6p0), and its parts agree with 1/invc and ln c.
            let bits = cHigh.bitPattern &- 0x3FE6_0000_0000_0000
            #expect(Int((bits >> 45) % 128) == i)
            expectClose(cHigh + cLow, 1 / inverseC, relative: 0x1p-52)
            expectClose(logC, -Foundation.log(inverseC), relative: 0, absolute: 0x1p-52)
            // k · ln2High + logC is exact for every k the logarithm meets.
            #expect((768 + logC) - 768 == logC)
        }
    }
}
