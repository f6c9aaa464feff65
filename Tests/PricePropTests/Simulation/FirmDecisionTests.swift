import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropSimulation
@testable import PricePropAnalysis
import PricePropTestSupport

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

extension FirmDecisionTests {
    /// One input of the `fromReceived` rule, with its memory, through the rule's public entry point.
    struct OneInput {
        var received: Double, previousReceived: Double, marginal: Double, previousMarginal: Double
        var largest: Double, curvature: Double, stepScale: Double = 1
        var plan = 0.0

        mutating func decide(outputPrice: Double, price: Double, step: Double = 0.5) -> Double {
            let rule = ProfitSeekingFirm(step: step, revision: .fromReceived)
            var plan = [self.plan], largest = [self.largest], curvature = [self.curvature], scale = [stepScale]
            let r = [received], r0 = [previousReceived], m = [marginal], m0 = [previousMarginal], p = [price]
            let change = plan.withUnsafeMutableBufferPointer { plan in
                largest.withUnsafeMutableBufferPointer { largest in
                    curvature.withUnsafeMutableBufferPointer { curvature in
                        scale.withUnsafeMutableBufferPointer { scale in
                            r.withUnsafeBufferPointer { r in r0.withUnsafeBufferPointer { r0 in
                                m.withUnsafeBufferPointer { m in m0.withUnsafeBufferPointer { m0 in
                                    p.withUnsafeBufferPointer { p in
                                        rule.decide(PriceSignal(outputPrice: outputPrice, inputPrices: p),
                                                    FirmState(plan: plan, marginalProducts: m, received: r,
                                                              previousReceived: r0, previousMarginalProducts: m0,
                                                              largestReceived: largest, curvature: curvature,
                                                              stepScale: scale))
                                    }
                                }}
                            }}
                        }
                    }
                }
            }
            self.plan = plan[0]; self.largest = largest[0]; self.curvature = curvature[0]; stepScale = scale[0]
            return change
        }
    }

    /// `sqrt`: received 4 after 1, marginal products 1/4 and 1/2: the secant curvature is exactly ½. At output
    /// price 2 the marginal value is ½ against a price of ¼: `g = 2·(½ − ¼)/(¾) = ⅔`, the step
    /// `g / (½ + 2/1.25)` from 4 (the gap kept its sign, so the proximal weight relaxed once).
    @Test func newtonStepFromWhatWasReceived() {
        var input = OneInput(received: 4, previousReceived: 1, marginal: 0.25, previousMarginal: 0.5,
                             largest: 3, curvature: 7, stepScale: 1)
        let change = input.decide(outputPrice: 2, price: 0.25)
        expectClose(input.curvature, 0.5, relative: 1e-15)
        #expect(input.largest == 4)
        #expect(input.stepScale == 1.25)
        let step = (2.0 / 3) / (0.5 + 2 / 1.25)
        expectClose(input.plan, 4 * ElementaryFunctions.exp(step), relative: 1e-15)
        expectClose(change, step, relative: 1e-15)
    }

    /// A linear input worth less than its price shrinks, then is dropped to exactly 0 below 1e-18 of the most
    /// it ever received; at 0 it stays while unprofitable and is taken up again from that floor when it pays.
    @Test func linearInputReachesTheCornerAndLeavesIt() {
        var input = OneInput(received: 1, previousReceived: 0, marginal: 0.3, previousMarginal: 0.3,
                             largest: 1, curvature: 0)
        var ticks = 0
        while input.received > 0, ticks < 1000 {
            _ = input.decide(outputPrice: 1, price: 0.5)
            (input.previousReceived, input.received) = (input.received, input.plan)
            ticks += 1
        }
        #expect(input.received == 0 && ticks < 200, "dropped after \(ticks) ticks")
        #expect(input.curvature == 0, "a linear marginal product has no curvature")
        #expect(input.decide(outputPrice: 1, price: 0.5) == 0 && input.plan == 0)
        _ = input.decide(outputPrice: 1, price: 0.2)
        let floor = ProfitSeekingFirm.negligibleShare
        #expect(floor == 1e-18)
        #expect(input.plan > floor && input.plan < 10 * floor)
    }

    /// A power's input is never dropped (its marginal product at 0 is infinite): it is held at the floor; an
    /// infinite marginal product asks for the input at once.
    @Test func powerInputsAreNotDropped() {
        var input = OneInput(received: 1.5e-18, previousReceived: 3e-18, marginal: 2, previousMarginal: 1.5,
                             largest: 1, curvature: 0.4)
        _ = input.decide(outputPrice: 0.001, price: 1)
        #expect(input.plan == 1e-18)
        var starved = OneInput(received: 0, previousReceived: 1e-18, marginal: .infinity, previousMarginal: 5,
                               largest: 1, curvature: 0.5)
        #expect(starved.decide(outputPrice: 1, price: 3) == 1)
        #expect(starved.plan > 1e-18)
    }
}
