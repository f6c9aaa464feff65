import Foundation
import PricePropBasics
import PricePropExpression
import PricePropScenario

extension EquilibriumSystem {
    /// A point of the unknowns: per slot the quantity one firm of its entry buys, per good its price.
    struct Point: Sendable {
        var quantities: [Double]
        var prices: [Double]
    }

    /// The scales that make each complementarity pair dimensionless, fixed at the start.
    struct Scales: Sendable {
        /// Per slot, `X`.
        var quantity: [Double]
        /// Per good, `P` (for its price and every first-order gap priced in it) and `Q` (for its excess supply).
        var price: [Double]
        var supply: [Double]
    }

    /// Everything the conditions need at a point.
    struct Evaluation {
        /// Per entry: what one firm makes.
        var production: [Double]
        /// Per slot: `∂f/∂xᵢ`.
        var gradient: [Double]
        /// Per good.
        var demand: [Double]
        var supply: [Double]
        /// `φ` of every equation: slots first, then price unknowns.
        var residual: [Double]
        /// `½‖φ‖²`; infinite when anything is not finite.
        var merit: Double
        /// The largest relative violation of the conditions, independent of the scales (see ``kktGap``).
        var gap: Double
    }

    /// The marginal value `p_out · ∂f/∂xᵢ` of an input; 0 when the output is free, whatever the marginal product
    /// (an unused good's producer gains nothing from any input, even one with an infinite marginal product at 0).
    @inline(__always)
    static func marginalValue(outputPrice: Double, gradient: Double) -> Double {
        outputPrice == 0 ? 0 : outputPrice * gradient
    }

    /// Production and marginal products of every entry on the system's threads (fixed chunks, each writing only
    /// its own entries, so the same bits for any thread count), then demand, supply and the residuals in entry
    /// and good order.
    func evaluate(_ point: Point, scales: Scales, ncp: NCPFunction) -> Evaluation {
        var production = [Double](repeating: 0, count: entryCount)
        var gradient = [Double](repeating: 0, count: slotCount)
        let slotCapacity = max(1, economy.maxTapeSlots)
        production.withUnsafeMutableBufferPointer { production in
            gradient.withUnsafeMutableBufferPointer { gradient in
                point.quantities.withUnsafeBufferPointer { x in
                    economy.parameterValues.withUnsafeBufferPointer { parameters in
                        // Each chunk writes only its own entries' production and slots' gradient, reads
                        // inputs no chunk writes, and each worker uses only its own workspace
                        // (``UnsafeSendable``, reasons 1 and 3).
                        let y = UnsafeSendable(production.baseAddress.unsafelyUnwrapped)
                        let dy = UnsafeSendable(gradient.baseAddress ?? .dummyMutable)
                        let xs = UnsafeSendable(x.baseAddress ?? .dummy), ps = UnsafeSendable(parameters.baseAddress ?? .dummy)
                        let workspaces = UnsafeSendable((0..<threads).map { _ in WorkspaceBox(capacity: slotCapacity) })
                        ChunkedWork.run(count: entryCount, grain: Self.entryGrain, threads: threads) { _, range, worker in
                            let box = workspaces.value[worker]
                            for e in range {
                                let s = slotStart[e], p = parameterRange(of: e).lowerBound
                                y.value[e] = tape(of: e).valueAndGradient(
                                    inputs: xs.value + s, parameters: ps.value + p,
                                    gradient: dy.value + s, workspace: box.workspace)
                            }
                        }
                    }
                }
            }
        }
        var demand = [Double](repeating: 0, count: economy.goodCount)
        var supply = endowment.map { $0.isNaN ? 0 : $0 }
        for e in 0..<entryCount {
            let n = firms[e]
            for s in slots(of: e) { demand[slotGood[s]] += n * point.quantities[s] }
            if endowment[output[e]].isNaN { supply[output[e]] += n * production[e] }
        }
        var residual = [Double](repeating: 0, count: equationCount)
        var total = 0.0, allFinite = true
        for e in 0..<entryCount {
            let outPrice = point.prices[output[e]]
            for s in slots(of: e) {
                let g = slotGood[s]
                let gap = point.prices[g] - Self.marginalValue(outputPrice: outPrice, gradient: gradient[s])
                let phi = ncp.evaluate(point.quantities[s] / scales.quantity[s], gap / scales.price[g]).value
                residual[s] = phi
                total += phi * phi
                allFinite = allFinite && phi.isFinite && production[e].isFinite
            }
        }
        for (j, g) in pricedGoods.enumerated() {
            let phi = ncp.evaluate(point.prices[g] / scales.price[g], (supply[g] - demand[g]) / scales.supply[g]).value
            residual[slotCount + j] = phi
            total += phi * phi
            allFinite = allFinite && phi.isFinite
        }
        let merit = allFinite && total.isFinite ? 0.5 * total : .infinity
        var evaluation = Evaluation(production: production, gradient: gradient, demand: demand, supply: supply,
                                    residual: residual, merit: merit, gap: .infinity)
        if allFinite { evaluation.gap = kktGap(point, evaluation) }
        return evaluation
    }

    /// The largest relative violation of the conditions, the solver's convergence measure:
    ///
    ///     used input (x > 0):     |pᵢ − m| / max(pᵢ, |m|)       m = p_out · ∂f/∂xᵢ
    ///     unused input (x = 0):   max(0, m − pᵢ) / max(pᵢ, |m|)
    ///     priced good (p > 0):    |S − D| / max(S, D)
    ///     free good (p = 0):      max(0, D − S) / max(S, D)
    ///
    /// Quantities and prices are never negative (each step is projected), so these are all the conditions.
    func kktGap(_ point: Point, _ evaluation: Evaluation) -> Double {
        var largest = 0.0
        func ratio(_ top: Double, _ scale: Double) -> Double { scale > 0 ? top / scale : (top > 0 ? .infinity : 0) }
        for e in 0..<entryCount {
            let outPrice = point.prices[output[e]]
            for s in slots(of: e) {
                let p = point.prices[slotGood[s]]
                let m = Self.marginalValue(outputPrice: outPrice, gradient: evaluation.gradient[s])
                let scale = max(abs(p), abs(m))
                let gap = point.quantities[s] > 0 ? ratio(abs(p - m), scale) : ratio(max(0, m - p), scale)
                largest = max(largest, gap.isNaN ? .infinity : gap)
            }
        }
        for g in pricedGoods {
            let s = evaluation.supply[g], d = evaluation.demand[g], scale = max(s, d)
            let gap = point.prices[g] > 0 ? ratio(abs(s - d), scale) : ratio(max(0, d - s), scale)
            largest = max(largest, gap.isNaN ? .infinity : gap)
        }
        return largest
    }
}

/// A tape workspace owned by one worker thread.
final class WorkspaceBox {
    let workspace: Tape.Workspace
    init(capacity: Int) { workspace = Tape.Workspace(capacity: capacity) }
}
