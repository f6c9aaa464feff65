import Testing
@testable import PriceProp

/// The firm rule, two inputs at a time, against the rule written one input at a time.
@Suite struct FirmDecisionTests {
    /// The rule as documented on ``ProfitSeekingFirm``, one input at a time.
    static func reference(step: Double, outputPrice: Double, prices: [Double], marginal: [Double],
                          plan: inout [Double]) -> Double {
        var largest = 0.0
        for i in plan.indices {
            let value = outputPrice * marginal[i]
            let scale = abs(value) + prices[i]
            let gap = scale > 0 ? min(1, max(-1, (value - prices[i]) / scale)) : 0
            let change = step * gap
            plan[i] *= 1 + change
            largest = max(largest, abs(change))
        }
        return largest
    }

    static func decide(_ rule: ProfitSeekingFirm, outputPrice: Double, prices: [Double], marginal: [Double],
                       plan: inout [Double]) -> Double {
        prices.withUnsafeBufferPointer { p in
            marginal.withUnsafeBufferPointer { m in
                plan.withUnsafeMutableBufferPointer { x in
                    rule.decide(PriceSignal(outputPrice: outputPrice, inputPrices: p),
                                FirmState(plan: x, marginalProducts: m))
                }
            }
        }
    }

    /// Random bundles of 0 to 7 inputs, with clamped gaps, zero and infinite scales and NaN marginal products
    /// mixed in: every new plan and the largest change are the same bits.
    @Test func matchesTheRuleOneInputAtATime() {
        var rng = SplitMix64(seed: 5)
        let oddMarginals: [Double] = [0, -0.0, .nan, .infinity, -.infinity, 1e300, -3, 1e-300]
        for _ in 0..<20_000 {
            let n = rng.index(below: 8)
            let rule = ProfitSeekingFirm(step: rng.uniform(0.05, 0.95), revision: .fromOrder)
            let outputPrice = rng.next() % 32 == 0 ? 0 : rng.uniform(0.01, 10)
            let prices = (0..<n).map { _ in rng.next() % 32 == 0 ? 0 : rng.uniform(0.01, 10) }
            let marginal = (0..<n).map { _ in
                rng.next() % 8 == 0 ? oddMarginals[rng.index(below: oddMarginals.count)] : rng.uniform(0, 20)
            }
            let start = (0..<n).map { _ in rng.uniform(0.1, 100) }
            var plan = start, expectedPlan = start
            let largest = Self.decide(rule, outputPrice: outputPrice, prices: prices, marginal: marginal, plan: &plan)
            let expected = Self.reference(step: rule.step, outputPrice: outputPrice, prices: prices,
                                          marginal: marginal, plan: &expectedPlan)
            #expect(largest.bitPattern == expected.bitPattern, "largest change \(largest), expected \(expected)")
            for i in 0..<n where plan[i].bitPattern != expectedPlan[i].bitPattern && !(plan[i].isNaN && expectedPlan[i].isNaN) {
                Issue.record("input \(i) of \(n): plan \(plan[i]), expected \(expectedPlan[i])")
            }
        }
    }

    @Test func largerIsMaxForMagnitudes() {
        let values: [Double] = [0, 0.25, 1, .infinity, .nan]
        for a in values where !a.isNaN {
            for b in values {
                let larger = ProfitSeekingFirm.larger(a, b), expected = max(a, b)
                #expect(larger.bitPattern == expected.bitPattern, "larger(\(a), \(b)) = \(larger), max \(expected)")
            }
        }
    }
}
