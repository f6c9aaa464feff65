import Foundation

/// Tatonnement on the excess demand predicted for the next tick: each price moves, in log space, by the
/// current log excess demand plus the trend of its demand,
///
///     Δ ln p = gain · (ln(D_t / S_t) + ln(D_t / D_{t−1})),   clamped to |Δ ln p| ≤ 1.
///
/// `ln(D_t / S_t) + ln(D_t / D_{t−1})` is where excess demand is heading if demand keeps moving as it did;
/// the second term is a derivative (damping) term that plain tatonnement lacks. Firms adjust their plans
/// gradually, so demand follows a price change with a lag and plain tatonnement must take small steps or
/// overshoot; reacting to the trend lets the price lead instead. Each good is priced from its own demand and
/// supply only, with one remembered number per good (last tick's demand); firms still see only their own prices.
///
/// When demand or supply is not positive the log is undefined, and the good takes a plain tatonnement step
/// `p ← p · (1 + ½ · (D − S)/(D + S))` and forgets its trend.
public struct PredictiveTatonnement: ClearingMechanism {
    /// Log price change per unit of predicted log excess demand.
    public var gain: Double
    /// `ln D` of each good at the last tick, NaN when unknown. Sized on first use.
    private var lastLogDemand: [Double] = []

    public static let defaultGain = 2.0
    /// Largest `|Δ ln p|` in one tick: a price moves by at most a factor `e`.
    public static let largestLogStep = 1.0

    public init(gain: Double = PredictiveTatonnement.defaultGain) {
        self.gain = gain
    }

    public var name: String { "predictive" }

    public mutating func adjustPrices(_ book: MarketBook) -> Double {
        if lastLogDemand.count != book.prices.count { lastLogDemand = [Double](repeating: .nan, count: book.prices.count) }
        var largest = 0.0
        for g32 in book.pricedGoods {
            let g = Int(g32)
            let d = book.demand[g], s = book.supply[g]
            let change: Double
            if d > 0, s > 0, d.isFinite, s.isFinite {
                let logDemand = Foundation.log(d)
                let trend = lastLogDemand[g].isNaN ? 0 : logDemand - lastLogDemand[g]
                lastLogDemand[g] = logDemand
                let step = min(Self.largestLogStep, max(-Self.largestLogStep, gain * (logDemand - Foundation.log(s) + trend)))
                book.prices[g] *= Foundation.exp(step)
                change = Foundation.expm1(step)
            } else {
                lastLogDemand[g] = .nan
                change = 0.5 * relativeExcessDemand(demand: d, supply: s)
                book.prices[g] *= 1 + change
            }
            largest = max(largest, abs(change))
        }
        return largest
    }
}
