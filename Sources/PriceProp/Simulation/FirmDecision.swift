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
    /// How much of each input the firm plans to buy (its demand).
    public let plan: UnsafeMutableBufferPointer<Double>
    /// `∂f/∂xᵢ`, the marginal product of each input at the bundle the firm last received.
    public let marginalProducts: UnsafeBufferPointer<Double>
}

/// A price-taking, profit-seeking firm's rule for revising its input demand.
///
/// For each input the firm compares the marginal value product `vᵢ = p_out · ∂f/∂xᵢ` with the input's price
/// `pᵢ` and moves its demand by a bounded relative step toward where they are equal, the first-order condition
/// of maximising `p_out · f(x) − Σ pᵢ xᵢ`:
///
///     gapᵢ = clamp((vᵢ − pᵢ) / (|vᵢ| + pᵢ), −1, 1),   xᵢ ← xᵢ · (1 + step · gapᵢ)
///
/// The step is relative, so demand stays positive for `step < 1` and the rule behaves the same at any scale.
/// Near the optimum `gapᵢ ≈ ½ ln(vᵢ / pᵢ)`: gradient ascent on profit in log quantities.
public struct ProfitSeekingFirm: Sendable, Equatable {
    /// Largest relative change in an input's demand per tick; in (0, 1).
    public var step: Double

    public static let defaultStep = 0.5

    public init(step: Double = ProfitSeekingFirm.defaultStep) {
        self.step = step
    }

    /// Revises `firm.plan` from `signal`.
    /// - Returns: the largest relative change made to any input's demand.
    @inline(__always)
    public func decide(_ signal: PriceSignal, _ firm: FirmState) -> Double {
        var largest = 0.0
        for i in 0..<firm.plan.count {
            let value = signal.outputPrice * firm.marginalProducts[i]
            let price = signal.inputPrices[i]
            let scale = abs(value) + price
            let gap = scale > 0 ? min(1, max(-1, (value - price) / scale)) : 0
            let change = step * gap
            firm.plan[i] *= 1 + change
            largest = max(largest, abs(change))
        }
        return largest
    }
}
