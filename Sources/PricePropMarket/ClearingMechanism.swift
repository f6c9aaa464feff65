/// What a market sees of one tick: for each good it prices, the quantity demanded and supplied.
///
/// It does not see firms, production functions or gradients; only prices and aggregate quantities.
public struct MarketBook {
    /// Goods whose price the market sets (primary and intermediate), in increasing index order.
    public let pricedGoods: UnsafeBufferPointer<Int32>
    /// Price of every good; fixed-price entries must not be changed.
    public let prices: UnsafeMutableBufferPointer<Double>
    /// Quantity demanded of every good this tick (sum of firms' planned purchases).
    public let demand: UnsafeBufferPointer<Double>
    /// Quantity available of every good this tick (endowment, or what firms made).
    public let supply: UnsafeBufferPointer<Double>
}

/// A rule that moves prices from excess demand. Replaceable: the tick engine only calls this.
public protocol ClearingMechanism: Sendable {
    /// The name used in scenario files and on the command line.
    var name: String { get }
    /// What the firms of this market revise their orders from; the simulation sets its firm rule to it.
    var firmRevision: ProfitSeekingFirm.Revision { get }
    /// Sets this tick's new prices for ``MarketBook/pricedGoods``.
    /// - Returns: the largest relative price change made, for convergence checks.
    mutating func adjustPrices(_ book: MarketBook) -> Double
}

extension ClearingMechanism {
    /// Firms revise from their last order, as they did before firms revised from what they received.
    public var firmRevision: ProfitSeekingFirm.Revision { .fromOrder }
}

/// Proportional rationing: when demand exceeds supply every buyer receives the same fraction of its order.
public enum Rationing {
    /// The fraction of each order filled: `min(1, supply / demand)`, and 0 when nothing is supplied.
    @inline(__always)
    public static func fillRatio(demand: Double, supply: Double) -> Double {
        guard demand > supply else { return 1 }
        return supply > 0 ? supply / demand : 0
    }
}

/// Relative excess demand `(D - S) / (D + S)`, in [-1, 1]; 0 when both are 0. Negative supply counts as 0.
@inline(__always)
public func relativeExcessDemand(demand: Double, supply: Double) -> Double {
    let s = max(supply, 0), d = max(demand, 0)
    let total = d + s
    return total > 0 ? (d - s) / total : 0
}
