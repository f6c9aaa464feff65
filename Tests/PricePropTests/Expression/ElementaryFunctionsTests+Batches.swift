import Testing
import PriceProp
@testable import PricePropExpression
import PricePropTestSupport

/// The many-values-per-call forms the tick uses give the same bits as one value at a time.
@Suite struct ElementaryFunctionBatchTests {
    static func draws(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        let specials: [Double] = [0, -1, .nan, .infinity, 1, 800, 1e-20]
        return (0..<count).map { i in
            if rng.next() % 8 == 0 { return specials[rng.index(below: specials.count)] }
            return i % 2 == 0 ? 1 + rng.uniform(-1e-3, 1e-3) : rng.uniform(-20, 20)
        }
    }

    static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    /// Odd and even counts (the last value alone), into another buffer and in place.
    @Test(arguments: [0, 1, 2, 7, 64, 257])
    func batchesMatchOneAtATime(_ count: Int) {
        let x = Self.draws(count, seed: UInt64(count) + 5)
        var logs = [Double](repeating: 0, count: count), exps = [Double](repeating: 0, count: count)
        var inPlace = x
        x.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            logs.withUnsafeMutableBufferPointer { ElementaryFunctions.logarithms(of: base, count: count, into: $0.baseAddress!) }
            exps.withUnsafeMutableBufferPointer { ElementaryFunctions.exponentials(of: base, count: count, into: $0.baseAddress!) }
        }
        inPlace.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ElementaryFunctions.logarithms(of: base, count: count, into: base)
        }
        for k in 0..<count {
            #expect(Self.same(logs[k], ElementaryFunctions.log(x[k])), "log(\(x[k]))")
            #expect(Self.same(inPlace[k], logs[k]), "log(\(x[k])) in place")
            #expect(Self.same(exps[k], ElementaryFunctions.exp(x[k])), "exp(\(x[k]))")
        }
    }

    /// A batch mixing a product of powers, one with a repeated input and a CES tape: the first gets the bits of
    /// `finishProductOfPowers` alone; the others are left to the general route (output NaN).
    @Test func productOfPowersBatchMatchesEachFirmAlone() throws {
        let tapes = try [
            Tape(compiling: Expression(parsing: "A * x^a * y^b"), inputs: ["x", "y"], parameters: ["A", "a", "b"]),
            Tape(compiling: Expression(parsing: "x^a * x^b * A"), inputs: ["x"], parameters: ["A", "a", "b"]),
            Tape(compiling: Expression(parsing: "A * (x^a + y^a)^b"), inputs: ["x", "y"], parameters: ["A", "a", "b"]),
        ]
        let kernels = tapes.map(\.code.kernel)
        // Firms 0..<6 cycle through the tapes; firm 5's inputs make its value 0 (declined too).
        let firmTape: [Int32] = [0, 1, 2, 0, 1, 0]
        var inputStart: [Int32] = [0]
        for t in firmTape { inputStart.append(inputStart[inputStart.count - 1] + Int32(tapes[Int(t)].inputs.count)) }
        let parameterStart: [Int32] = (0..<firmTape.count).map { Int32(3 * $0) }
        var rng = SplitMix64(seed: 11)
        let parameters = (0..<(3 * firmTape.count)).map { $0 == 15 ? 0 : rng.uniform(0.1, 1.2) }
        let received = (0..<Int(inputStart[inputStart.count - 1])).map { _ in rng.uniform(0.01, 50) }
        var logarithms = [Double](repeating: 0, count: received.count), numerators = logarithms
        var exponentials = [Double](repeating: 0, count: firmTape.count), output = exponentials
        kernels.withUnsafeBufferPointer { k in
            firmTape.withUnsafeBufferPointer { t in inputStart.withUnsafeBufferPointer { s in
                parameterStart.withUnsafeBufferPointer { ps in parameters.withUnsafeBufferPointer { p in
                    ProductOfPowersBatch(kernels: k.baseAddress!, firmTape: t.baseAddress!, inputStart: s.baseAddress!,
                                         parameterStart: ps.baseAddress!, parameters: p.baseAddress!)
                        .produce(firms: 0..<firmTape.count, received: received, logarithms: &logarithms,
                                 exponentials: &exponentials, numerators: &numerators, output: &output)
                } }
            } }
        }
        for f in firmTape.indices {
            let lo = Int(inputStart[f]), hi = Int(inputStart[f + 1])
            let inputs = Array(received[lo..<hi]), firmParameters = Array(parameters[(3 * f)..<(3 * f + 3)])
            var gradient = [Double](repeating: 0, count: hi - lo)
            let alone = kernels[Int(firmTape[f])].factorCount < 0 ? nil : inputs.withUnsafeBufferPointer { x in
                firmParameters.withUnsafeBufferPointer { p in
                    gradient.withUnsafeMutableBufferPointer { g in
                        kernels[Int(firmTape[f])].finishProductOfPowers(
                            exponential: exponentials[f], inputs: x.baseAddress!, parameters: p.baseAddress!, gradient: g.baseAddress!)
                    }
                }
            }
            let covered = firmTape[f] == 0 && f != 5
            if covered { #expect(alone != nil, "firm \(f)") }
            if covered, let y = alone {
                #expect(output[f].bitPattern == y.bitPattern, "firm \(f)")
                for i in 0..<(hi - lo) { #expect((numerators[lo + i] / inputs[i]).bitPattern == gradient[i].bitPattern) }
            } else {
                #expect(output[f].isNaN, "firm \(f)")
            }
        }
    }
}
