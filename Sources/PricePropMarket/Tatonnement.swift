/// Walrasian tatonnement: each price moves in proportion to its good's relative excess demand.
///
/// `p ← p · (1 + step · z)` with `z = (D − S)/(D + S) ∈ [−1, 1]`, so a price never changes by more than
/// `step` of itself in one tick and stays positive for `step < 1`. Near equilibrium `z ≈ ½ ln(D/S)`, so this is
/// a multiplicative (log-space) gradient step on the dual of the planner's problem: aggregate excess demand is
/// minus the gradient of the firms' convex total profit function, shifted by the endowments.
public struct Tatonnement: ClearingMechanism {
    /// Scale of the relative price move per unit of relative excess demand; in (0, 1).
    public var step: Double

    public static let defaultStep = 0.5

    public init(step: Double = Tatonnement.defaultStep) {
        self.step = step
    }

    public var name: String { "tatonnement" }

    public mutating func adjustPrices(_ book: MarketBook) -> Double {
        var largest = 0.0
        for g32 in book.pricedGoods {
            let g = Int(g32)
            let change = step * relativeExcessDemand(demand: book.demand[g], supply: book.supply[g])
            book.prices[g] *= 1 + change
            largest = max(largest, abs(change))
        }
        return largest
    }
}
