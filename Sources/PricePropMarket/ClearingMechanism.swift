/// What a market sees of one tick: for each good it prices, the quantity demanded and supplied.
///
/// It does not see firms, production functions or gradients; only prices and aggregate quantities. It can
/// set the price of a good it prices and no other: a fixed price is the economy's unit and stays put.
public struct MarketBook {
    /// Goods whose price the market sets (primary and intermediate), in increasing index order.
    public let pricedGoods: UnsafeBufferPointer<Int32>
    /// Price of every good, by good index; only the goods of ``pricedGoods`` can be set.
    public let prices: Prices
    /// Quantity demanded of every good this tick (sum of firms' planned purchases).
    public let demand: UnsafeBufferPointer<Double>
    /// Quantity available of every good this tick (endowment, or what firms made).
    public let supply: UnsafeBufferPointer<Double>

    /// Every good's price, read by good index; setting a fixed price is a programming error and stops.
    public struct Prices: RandomAccessCollection {
        private let storage: UnsafeMutableBufferPointer<Double>
        private let isPriced: UnsafeBufferPointer<Bool>

        package init(_ storage: UnsafeMutableBufferPointer<Double>, isPriced: UnsafeBufferPointer<Bool>) {
            precondition(storage.count == isPriced.count, "one flag per price")
            self.storage = storage
            self.isPriced = isPriced
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { storage.count }

        /// The price of good `g`; only a good the market prices can be given a new one.
        public subscript(g: Int) -> Double {
            get { storage[g] }
            nonmutating set {
                precondition(isPriced[g], "a clearing mechanism set the fixed price of good \(g)")
                storage[g] = newValue
            }
        }
    }

    package init(pricedGoods: UnsafeBufferPointer<Int32>, prices: Prices,
                 demand: UnsafeBufferPointer<Double>, supply: UnsafeBufferPointer<Double>) {
        self.pricedGoods = pricedGoods
        self.prices = prices
        self.demand = demand
        self.supply = supply
    }
}

/// A rule that moves prices from excess demand. Replaceable: the tick engine only calls this.
public protocol ClearingMechanism: Sendable {
    /// The name used in scenario files and on the command line.
    var name: String { get }
    /// What the firms of this market revise their orders from; the simulation sets its firm rule to it.
    var firmRevision: FirmRevision { get }
    /// Sets this tick's new prices for ``MarketBook/pricedGoods``.
    /// - Returns: the largest relative price change made, for convergence checks.
    mutating func adjustPrices(_ book: MarketBook) -> Double
}

extension ClearingMechanism {
    /// Firms revise from their last order, as they did before firms revised from what they received.
    public var firmRevision: FirmRevision { .fromOrder }
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
