import PricePropExpression

extension ProfitSeekingFirm {
    /// Below this fraction of the most a firm ever received of an input, a shrinking order is an input the
    /// firm has stopped using: it becomes exactly 0. A resumed input restarts from this fraction.
    ///
    /// It must lie below the smallest purchase an equilibrium asks for, relative to the firm's own scale:
    /// an input held at the floor (a power's, whose marginal product at 0 is infinite) is bought at the floor,
    /// and where the equilibrium purchase is smaller its price climbs out of its equilibrium. Generated
    /// economies ask for purchases of 7e-14 (a Cobb-Douglas input nearly priced out) and about 1e-17 (a
    /// power-law user of a branch whose maker is almost linear at 0) of the firm's scale; 10⁻¹⁸ clears both. A smaller floor
    /// costs a dropped input a few more ticks on its way down (at most a factor `e` a tick: 41 ticks from
    /// its scale to this floor), and nothing measurable on the bundled scenarios or the generated set.
    public static let negligibleShare = 1e-18
    /// Largest curvature a firm assumes: it bounds how small a step the estimate can make.
    public static let largestCurvature = 50.0
    /// Most a run of same-signed gaps can divide the proximal weight by.
    public static let largestBoost = 64.0
    /// How much a tick with the same gap sign as the last divides the proximal weight by (a flip halves it back).
    public static let boostGrowth = 1.25
    /// Below this curvature a shrinking input has a finite marginal product at 0 and may be dropped.
    public static let corneringCurvature = 0.05
    /// Curvature assumed before the firm has seen two different bundles (a square root's is ½).
    public static let initialCurvature = 0.5

    /// ``decide(_:_:)`` for ``Revision/fromReceived``: a safeguarded Newton step, per input and in log space,
    /// on the firm's own first-order condition `v = p`, from what it received,
    ///
    ///     ln xᵢ ← ln receivedᵢ + gᵢ / (bᵢ + 1/(step · βᵢ)),   gᵢ = 2 (vᵢ − pᵢ)/(|vᵢ| + pᵢ) ≈ ln(vᵢ/pᵢ),
    ///
    /// clamped to a factor `e` either way. `bᵢ = −∂ ln(∂f/∂xᵢ)/∂ ln xᵢ` is how fast the input's marginal
    /// value falls as the firm buys more, estimated by the firm from its own last two bundles and marginal
    /// products (a secant; kept when the bundle barely moved); `1/step` is a proximal weight that keeps the
    /// step bounded where `b` is 0 (a linear technology) and damps it against the market; `βᵢ ∈ [1, 64]`
    /// relaxes that weight while the gap keeps its sign (×``boostGrowth`` a tick) and halves on a flip.
    ///
    /// Corners are reached exactly: a shrinking input below ``negligibleShare`` of the most the firm ever
    /// received of it becomes 0 if its curvature is below ``corneringCurvature`` (a finite marginal product
    /// at 0), and is otherwise held at that floor; an input at 0 whose marginal value there exceeds its
    /// price restarts from that fraction. A free input (price 0) with a positive marginal value, and an input with an infinite
    /// marginal product at 0, have the largest gap. A marginal value that is not a number (an output price
    /// of 0 times an infinite marginal product) counts as none.
    /// - Returns: the largest relative change of any order against what was received, 1 for an input
    ///   dropped or taken up.
    @inline(__always)
    func decideFromReceived(_ signal: PriceSignal, _ firm: FirmState) -> Double {
        let n = firm.plan.count
        // A state without the memory this rule keeps is one the `fromOrder` rule can still read.
        guard firm.received.count == n, firm.previousReceived.count == n, firm.previousMarginalProducts.count == n,
              firm.largestReceived.count == n, firm.curvature.count == n, firm.stepScale.count == n, firm.marginalProducts.count == n,
              signal.inputPrices.count == n else { return decideFromOrder(signal, firm) }
        var largest = 0.0
        let proximal = 1 / step
        // Two inputs at a time through the exponential, the same bits as one at a time, so that the two
        // inputs' chains overlap.
        var i = 0
        while i &+ 1 < n {
            let a = logChange(i, signal, firm, proximal: proximal), b = logChange(i &+ 1, signal, firm, proximal: proximal)
            let growth = ElementaryFunctions.exp(SIMD2(a, b))
            largest = Self.larger(largest, revise(i, logChange: a, growth: growth.x, firm))
            largest = Self.larger(largest, revise(i &+ 1, logChange: b, growth: growth.y, firm))
            i &+= 2
        }
        if i < n {
            let a = logChange(i, signal, firm, proximal: proximal)
            largest = Self.larger(largest, revise(i, logChange: a, growth: ElementaryFunctions.exp(a), firm))
        }
        return largest
    }

    /// Input `i`'s step of ``decideFromReceived(_:_:)`` in log space, clamped to ±1; updates the firm's
    /// largest quantity received, curvature estimate and proximal relaxation for it.
    @inline(__always)
    func logChange(_ i: Int, _ signal: PriceSignal, _ firm: FirmState, proximal: Double) -> Double {
        let received = firm.received[i]
        firm.largestReceived[i] = max(firm.largestReceived[i], received)
        let marginal = firm.marginalProducts[i]
        let logs = ElementaryFunctions.log(Self.secantRatios(
            received: received, before: firm.previousReceived[i],
            marginal: marginal, marginalBefore: firm.previousMarginalProducts[i]))
        firm.curvature[i] = Self.curvature(firm.curvature[i], secant: logs)
        let step = Self.logChange(value: signal.outputPrice * marginal, price: signal.inputPrices[i],
                                  memory: firm.stepScale[i], curvature: firm.curvature[i], proximal: proximal)
        firm.stepScale[i] = step.memory
        return step.change
    }

    /// Input `i`'s new order from its step `logChange` and `growth = exp(logChange)`, with the corners of
    /// ``decideFromReceived(_:_:)``.
    /// - Returns: the size of the change, as ``decideFromReceived(_:_:)`` reports it.
    @inline(__always)
    func revise(_ i: Int, logChange: Double, growth: Double, _ firm: FirmState) -> Double {
        let revised = Self.revised(received: firm.received[i], largestReceived: firm.largestReceived[i],
                                   curvature: firm.curvature[i], logChange: logChange, growth: growth)
        firm.plan[i] = revised.order
        return revised.size
    }

    // MARK: - One input's steps, on plain numbers
    //
    // The rule treats each input on its own, given the firm's output price, so its steps are written on one
    // input's numbers: the firm above applies them to its own buffers, and the tick engine to a run of many
    // firms' input slots at once, taking the logarithms and exponentials of the whole run in one call.

    /// The two ratios whose logarithms make the curvature secant, `received/before` and
    /// `marginal/marginalBefore`, where all four are positive; else `(1, 1)`, whose logarithms, exactly 0,
    /// leave the estimate as it is (see ``curvature(_:secant:)``).
    @inline(__always)
    static func secantRatios(received: Double, before: Double, marginal: Double, marginalBefore: Double) -> SIMD2<Double> {
        received > 0 && before > 0 && marginal > 0 && marginalBefore > 0
            ? SIMD2(received / before, marginal / marginalBefore) : SIMD2(1, 1)
    }

    /// The curvature estimate after a tick whose secant logarithms are `logs` (of ``secantRatios(received:before:marginal:marginalBefore:)``):
    /// `−ln(marginal ratio)/ln(bundle ratio)` clamped to `[0, largestCurvature]` where the bundle moved by
    /// more than 10⁻³ in log terms; else `estimate` unchanged.
    @inline(__always)
    static func curvature(_ estimate: Double, secant logs: SIMD2<Double>) -> Double {
        bundleMoved(logs.x) ? min(largestCurvature, max(0, -logs.y / logs.x)) : estimate
    }

    /// Whether a bundle's log ratio `ln(received/before)` is large enough (above 10⁻³) for the secant to
    /// estimate the curvature from it; below, the marginal ratio is not read.
    @inline(__always)
    static func bundleMoved(_ logRatio: Double) -> Bool { abs(logRatio) > 1e-3 }

    /// One input's step in log space, clamped to ±1, from its marginal value `value`, its `price`, its
    /// curvature estimate and its proximal relaxation `memory` (signed by the last gap), with its new memory.
    @inline(__always)
    static func logChange(value: Double, price: Double, memory: Double, curvature: Double,
                          proximal: Double) -> (change: Double, memory: Double) {
        let total = abs(value) + price
        let gap = value.isNaN ? -2 : value == .infinity ? 2 : (total > 0 ? 2 * (value - price) / total : 0)
        // The proximal weight relaxes while the gap keeps its sign and tightens when it flips (signed:
        // the sign is the last gap's).
        let same = (gap > 0 && memory > 0) || (gap < 0 && memory < 0)
        let boost = gap == 0 ? abs(memory) : same ? min(largestBoost, abs(memory) * boostGrowth) : max(1, abs(memory) * 0.5)
        return (min(1, max(-1, gap / (curvature + proximal / boost))), gap < 0 ? -boost : boost)
    }

    /// One input's new order from what it received, its step `logChange` and `growth = exp(logChange)`, with
    /// the corners of ``decideFromReceived(_:_:)``, and the size of the change as that reports it.
    @inline(__always)
    static func revised(received: Double, largestReceived: Double, curvature: Double, logChange: Double,
                        growth: Double) -> (order: Double, size: Double) {
        let floor = negligibleShare * largestReceived
        var order = received * growth
        var size = abs(logChange)
        if logChange < 0, order < floor {
            // Only an input whose marginal product stays finite at 0 (curvature near 0 as it shrinks,
            // unlike a power's) can be dropped; any other is held at the floor, since its marginal
            // product at 0 is infinite.
            order = curvature < corneringCurvature ? 0 : floor
            size = received > 0 && order == 0 ? 1 : (received > 0 ? abs(ElementaryFunctions.log(order / received)) : 0)
        } else if logChange > 0, received < floor {
            order = floor * growth
            size = 1
        }
        return (order, size)
    }
}
