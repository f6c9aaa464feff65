import PricePropExpression

/// The default market's price rule: tatonnement on predicted log excess demand, with corners. Each price
/// moves, in log space, by its good's current log excess demand plus the trend of its demand,
///
///     Δ ln p = gain · (ln(D_t / S_t) + ln(D_t / D_{t−1})),   clamped to |Δ ln p| ≤ 1,
///
/// and reaches exactly 0 where supply is left over and nobody buys (a free good): a price falling below
/// ``negligibleShare`` of the largest it has been, with no demand and some supply, becomes 0; a zero price
/// with demand above supply restarts from that fraction. (A good some firm buys keeps a positive price,
/// however small: with increasing technologies its buyers want more as it falls.) Without demand the price falls by the largest step;
/// without supply it rises by it. Each good is priced from its own demand, supply and price, with two
/// remembered numbers per good (last tick's `ln D` and its largest price); firms still see only their own
/// prices.
///
/// Paired with firms that revise from what they received (``ProfitSeekingFirm/Revision/fromReceived``), a
/// rationed good's `ln(D/S)` is about `step / 2 · ln(v/p)`, a direct report of its buyers' marginal value
/// `v`; docs/mechanisms.md gives the argument for the gain.
public struct ClearingTatonnement: ClearingMechanism {
    /// Log price change per unit of predicted log excess demand.
    public var gain: Double
    /// `ln D` of each good at the last tick, NaN when unknown. Sized on first use.
    private var lastLogDemand: [Double] = []
    /// The largest price each good has had: its own scale for telling a free good from a cheap one.
    private var largestPrice: [Double] = []
    /// The size of the good's last full-size step (one taken at the clamp, or with no demand or no supply),
    /// signed by its direction; 0 before the first. Such steps halve when they change direction.
    private var fullStep: [Double] = []

    public static let defaultGain = 1.0
    /// Largest `|Δ ln p|` in one tick: a price moves by at most a factor `e`.
    public static let largestLogStep = 1.0
    /// Below this fraction of its largest price, a good in excess supply is free: its price is 0.
    public static let negligibleShare = 1e-12
    /// How much a full step grows back, per tick, while its direction holds after a halving. Below 2, so a
    /// price that has halved its way into a narrow band of equilibrium prices does not leave it again at the
    /// old speed: with 2, a generated economy whose unmade good's band is 0.24 % wide (its maker and its one
    /// user both nearly linear at 0) goes round entering and leaving the branch until the stall detector
    /// stops it; with 1.5 it settles (after 9,362 ticks). 1.25 settles too, but the generated chains take a
    /// few ticks more (median 123 against 119).
    public static let stepGrowth = 1.5

    public init(gain: Double = ClearingTatonnement.defaultGain) {
        self.gain = gain
    }

    public var name: String { "clearing" }
    public var firmRevision: FirmRevision { .fromReceived }

    public mutating func adjustPrices(_ book: MarketBook) -> Double {
        if lastLogDemand.count != book.prices.count {
            lastLogDemand = [Double](repeating: .nan, count: book.prices.count)
            largestPrice = Array(book.prices)
            fullStep = [Double](repeating: 0, count: book.prices.count)
        }
        var largest = 0.0
        for g32 in book.pricedGoods {
            let g = Int(g32)
            let d = book.demand[g], s = book.supply[g], p = book.prices[g]
            largestPrice[g] = max(largestPrice[g], p)
            let floor = Self.negligibleShare * largestPrice[g]
            var next = p
            if p == 0 {
                lastLogDemand[g] = .nan
                if d > s { next = floor * ElementaryFunctions.exp(Self.largestLogStep) }
            } else if d > 0, s > 0 {
                let logDemand = ElementaryFunctions.log(d)
                let trend = lastLogDemand[g].isNaN ? 0 : logDemand - lastLogDemand[g]
                lastLogDemand[g] = logDemand
                let raw = gain * (logDemand - ElementaryFunctions.log(s) + trend)
                let step = abs(raw) < Self.largestLogStep ? raw : fullStep(g, up: raw > 0)
                next = p * ElementaryFunctions.exp(step)
            } else {
                lastLogDemand[g] = .nan
                if d != s { next = p * ElementaryFunctions.exp(fullStep(g, up: d > s)) }
            }
            if next < floor, d == 0, s > 0 { next = 0 }
            book.prices[g] = next
            let change = p > 0 ? abs(next - p) / p : (next > 0 ? 1 : 0)
            largest = max(largest, change)
        }
        return largest
    }

    /// The next full-size log step of good `g` in direction `up`: ``largestLogStep`` at first and while the
    /// direction holds (growing back to it by ``stepGrowth`` a tick after a halving), half the last one when
    /// the direction flips, so a price bouncing across a narrow band of equilibrium prices (a good nobody
    /// trades, between what its users would pay and what its makers need) lands in it.
    private mutating func fullStep(_ g: Int, up: Bool) -> Double {
        let last = fullStep[g]
        let size = last == 0 ? Self.largestLogStep
            : (last > 0) == up ? min(Self.largestLogStep, Self.stepGrowth * abs(last)) : 0.5 * abs(last)
        fullStep[g] = up ? size : -size
        return fullStep[g]
    }
}
