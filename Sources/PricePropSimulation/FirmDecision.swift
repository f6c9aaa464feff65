import PricePropMarket

/// Everything a firm may look at when it decides: the prices of its own output and its own inputs.
///
/// Built fresh for each firm each tick; there is no way to reach another good's price or another firm.
public struct PriceSignal {
    /// Price of the good the firm makes.
    public let outputPrice: Double
    /// Prices of the firm's inputs, in the order of its production function's inputs.
    public let inputPrices: UnsafeBufferPointer<Double>
}

/// A firm's own state, which only it changes.
public struct FirmState {
    /// How much of each input the firm plans to buy (its demand); on entry, what it ordered last tick.
    public let plan: UnsafeMutableBufferPointer<Double>
    /// `∂f/∂xᵢ`, the marginal product of each input at the bundle the firm last received.
    public let marginalProducts: UnsafeBufferPointer<Double>
    /// What the firm received of each input last tick: its order, or less where it was rationed.
    public let received: UnsafeBufferPointer<Double>
    /// What it received the tick before, and its marginal products there (0 when unknown).
    public let previousReceived: UnsafeBufferPointer<Double>
    public let previousMarginalProducts: UnsafeBufferPointer<Double>
    /// The most the firm ever received of each input, which it updates: its own sense of each input's scale,
    /// for telling an input it has stopped using from one it merely uses little of.
    public let largestReceived: UnsafeMutableBufferPointer<Double>
    /// Its own estimate of each input's curvature `b = −∂ ln(∂f/∂x)/∂ ln x`, which it updates.
    public let curvature: UnsafeMutableBufferPointer<Double>
    /// Per input, how far the firm has relaxed its proximal weight (at least 1), signed by its last gap.
    public let stepScale: UnsafeMutableBufferPointer<Double>

    /// A firm's state. The ``ProfitSeekingFirm/Revision/fromOrder`` rule reads only `plan` and
    /// `marginalProducts`; the rest may then be left out (it received what it ordered, and keeps no memory).
    public init(plan: UnsafeMutableBufferPointer<Double>, marginalProducts: UnsafeBufferPointer<Double>,
                received: UnsafeBufferPointer<Double>? = nil,
                previousReceived: UnsafeBufferPointer<Double> = UnsafeBufferPointer(start: nil, count: 0),
                previousMarginalProducts: UnsafeBufferPointer<Double> = UnsafeBufferPointer(start: nil, count: 0),
                largestReceived: UnsafeMutableBufferPointer<Double> = UnsafeMutableBufferPointer(start: nil, count: 0),
                curvature: UnsafeMutableBufferPointer<Double> = UnsafeMutableBufferPointer(start: nil, count: 0),
                stepScale: UnsafeMutableBufferPointer<Double> = UnsafeMutableBufferPointer(start: nil, count: 0)) {
        self.plan = plan
        self.marginalProducts = marginalProducts
        self.received = received ?? UnsafeBufferPointer(plan)
        self.previousReceived = previousReceived
        self.previousMarginalProducts = previousMarginalProducts
        self.largestReceived = largestReceived
        self.curvature = curvature
        self.stepScale = stepScale
    }
}

/// A price-taking, profit-seeking firm's rule for revising its input demand.
///
/// For each input the firm compares the marginal value product `vᵢ = p_out · ∂f/∂xᵢ` with the input's price
/// `pᵢ` and moves its demand by a bounded relative step toward where they are equal, the first-order condition
/// of maximising `p_out · f(x) − Σ pᵢ xᵢ`:
///
///     gapᵢ = clamp((vᵢ − pᵢ) / (|vᵢ| + pᵢ), −1, 1),   xᵢ ← baseᵢ · (1 + step · gapᵢ)
///
/// The step is relative, so demand stays non-negative for `step < 1` and the rule behaves the same at any
/// scale. Near the optimum `gapᵢ ≈ ½ ln(vᵢ / pᵢ)`: gradient ascent on profit in log quantities. What `baseᵢ`
/// is, the ``Revision``, decides whether the rule is stable under rationing.
public struct ProfitSeekingFirm: Sendable, Equatable {
    /// Largest relative change in an input's demand per tick; in (0, 1).
    public var step: Double
    /// What the relative step is taken from.
    public var revision: Revision

    /// What a firm revises its order from; declared with the market, which names the rule its firms use.
    public typealias Revision = FirmRevision

    public static let defaultStep = 0.5

    public init(step: Double = ProfitSeekingFirm.defaultStep, revision: Revision = .fromReceived) {
        self.step = step
        self.revision = revision
    }

    /// Revises `firm.plan` from `signal`, by ``revision``.
    @inline(__always)
    public func decide(_ signal: PriceSignal, _ firm: FirmState) -> Double {
        switch revision {
        case .fromOrder: return decideFromOrder(signal, firm)
        case .fromReceived: return decideFromReceived(signal, firm)
        }
    }

    /// ``decide(_:_:)`` for ``Revision/fromOrder``.
    ///
    /// Inputs go two at a time through the same operations as ``revise(value:price:)`` (one division
    /// instruction for both), so each input's new demand is the same bits either way.
    /// - Returns: the largest relative change made to any input's demand.
    @inline(__always)
    func decideFromOrder(_ signal: PriceSignal, _ firm: FirmState) -> Double {
        let n = firm.plan.count
        guard let plan = firm.plan.baseAddress, let marginal = firm.marginalProducts.baseAddress,
              let prices = signal.inputPrices.baseAddress else { return 0 }
        var largest = SIMD2<Double>(repeating: 0)
        var i = 0
        while i &+ 1 < n {
            let change = revise(value: signal.outputPrice * SIMD2(marginal[i], marginal[i &+ 1]),
                                price: SIMD2(prices[i], prices[i &+ 1]))
            plan[i] *= 1 + change.x
            plan[i &+ 1] *= 1 + change.y
            let size = Self.magnitude(change)
            largest.replace(with: size, where: size .> largest)
            i &+= 2
        }
        var result = Self.larger(largest.x, largest.y)
        if i < n {
            let change = revise(value: signal.outputPrice * marginal[i], price: prices[i])
            plan[i] *= 1 + change
            result = Self.larger(result, abs(change))
        }
        return result
    }

    /// `max(a, b)` for the magnitudes compared here: `b > a ? b : a`, one `maxsd`. It differs from `max`, which
    /// picks `b` when `b >= a`, only on a tie of −0 with +0, and a magnitude is never −0; for NaN both keep `a`.
    @inline(__always)
    static func larger(_ a: Double, _ b: Double) -> Double { b > a ? b : a }

    /// `step · gap` for one input: `gap = clamp((v − p) / (|v| + p), −1, 1)`, or 0 where `|v| + p` is not positive.
    @inline(__always)
    func revise(value: Double, price: Double) -> Double {
        let scale = abs(value) + price
        let gap = scale > 0 ? min(1, max(-1, (value - price) / scale)) : 0
        return step * gap
    }

    /// ``revise(value:price:)`` for two inputs at once, lane by lane the same comparisons Swift's `min` and
    /// `max` make (`max(−1, q)` is `q >= −1 ? q : −1`, which also sends NaN to −1).
    @inline(__always)
    func revise(value: SIMD2<Double>, price: SIMD2<Double>) -> SIMD2<Double> {
        let scale = Self.magnitude(value) + price
        var gap = (value - price) / scale
        gap.replace(with: -1, where: .!(gap .>= -1))
        gap.replace(with: 1, where: .!(gap .< 1))
        gap.replace(with: 0, where: .!(scale .> 0))
        return step * gap
    }

    /// `abs` of each lane: the sign bit cleared, as `Double.magnitude` does.
    @inline(__always)
    static func magnitude(_ v: SIMD2<Double>) -> SIMD2<Double> {
        unsafeBitCast(unsafeBitCast(v, to: SIMD2<UInt64>.self) & 0x7FFF_FFFF_FFFF_FFFF, to: SIMD2<Double>.self)
    }
}
