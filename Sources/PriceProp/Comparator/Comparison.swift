/// Market prices set beside the backprop derivatives at the same allocation.
public struct Comparison: Sendable, Equatable {
    /// One good's row.
    public struct GoodRow: Sendable, Equatable {
        public var name: String
        /// The market price (fixed-price goods: their price).
        public var price: Double
        /// `∂V/∂S_g` from the reverse pass.
        public var gradient: Double
        /// `|price − gradient| / max(|price|, |gradient|)`, 0 when both are 0.
        public var relativeError: Double
        /// Whether the market sets this price (false for fixed-price goods, which match by definition).
        public var isMarketPriced: Bool
        /// Per using firm entry, when more than one entry uses the good.
        public var uses: [UseRow]
    }

    /// One use of a good: the marginal value a firm entry gets from it.
    public struct UseRow: Sendable, Equatable {
        /// The firm entry's name.
        public var firm: String
        /// `∂V/∂y · ∂f/∂x` for that input, averaged over the entry's firms weighted by what they received.
        public var marginalValue: Double
        /// Its relative error against the good's price.
        public var relativeError: Double
    }

    /// Every good's row, in good order, made when read: the comparison itself is kept in flat arrays so that
    /// comparing a million-firm economy costs a few passes over memory, not millions of small allocations.
    public var goods: Goods { Goods(comparison: self) }
    /// Net value traded at fixed prices, `V`.
    public var value: Double
    /// The largest relative error over market-priced goods and their uses.
    public private(set) var largestRelativeError: Double

    // MARK: Flat storage, by good index

    /// Names of the goods.
    let goodNames: [String]
    /// The market prices (fixed-price goods: their price).
    public let prices: [Double]
    /// `∂V/∂S_g` from the reverse pass.
    public let gradients: [Double]
    /// `relativeDifference(prices[g], gradients[g])`.
    public let relativeErrors: [Double]
    let isMarketPriced: [Bool]
    /// Good `g`'s use rows are `useStart[g]..<useStart[g + 1]` of the use arrays (none when one entry uses it).
    let useStart: [Int32]
    let useEntry: [Int32]
    let useMarginalValue: [Double]
    let useRelativeError: [Double]
    /// Names of the economy's firm entries.
    let entryNames: [String]

    /// The goods' rows as a collection; each row, with its uses, is made when read.
    public struct Goods: RandomAccessCollection, Sendable {
        let comparison: Comparison
        public var startIndex: Int { 0 }
        public var endIndex: Int { comparison.prices.count }

        public subscript(g: Int) -> GoodRow {
            let c = comparison
            let uses = (Int(c.useStart[g])..<Int(c.useStart[g + 1])).map { u in
                UseRow(firm: c.entryNames[Int(c.useEntry[u])], marginalValue: c.useMarginalValue[u],
                       relativeError: c.useRelativeError[u])
            }
            return GoodRow(name: c.goodNames[g], price: c.prices[g], gradient: c.gradients[g],
                           relativeError: c.relativeErrors[g], isMarketPriced: c.isMarketPriced[g], uses: uses)
        }
    }
}

/// `|a − b| / max(|a|, |b|)`, 0 when both are 0; infinite when either is not finite.
public func relativeDifference(_ a: Double, _ b: Double) -> Double {
    guard a.isFinite, b.isFinite else { return .infinity }
    let scale = max(abs(a), abs(b))
    return scale > 0 ? abs(a - b) / scale : 0
}

extension Comparison {
    /// Compares the simulation's current prices with the reverse pass at its last allocation.
    public init(_ simulation: Simulation) {
        self.init(economy: simulation.economy, allocation: simulation.allocation, prices: simulation.prices)
    }

    /// Compares `prices` with the reverse pass through `economy` at `allocation`, wherever they came from.
    ///
    /// A good used by several firm entries gets one use row per entry, in order of first use: the entry's
    /// marginal value `∂V/∂y · ∂f/∂x` averaged over its firms' slots weighted by what they received (plainly
    /// averaged when they received nothing).
    /// - Complexity: O(firms · tape length + input slots), in flat arrays.
    public init(economy: Economy, allocation: Allocation, prices: [Double]) {
        let adjoint = Adjoint(economy: economy, allocation: allocation, prices: prices)
        let goodCount = economy.goodCount
        var relativeErrors = [Double](repeating: 0, count: goodCount)
        var isMarketPriced = [Bool](repeating: false, count: goodCount)
        var useStart = [Int32](repeating: 0, count: goodCount + 1)
        var useEntry: [Int32] = [], useMarginalValue: [Double] = [], useRelativeError: [Double] = []
        // Per firm entry, its position among the current good's entries (−1: not among them), and the sums.
        var position = [Int32](repeating: -1, count: economy.firmEntryNames.count)
        var entries: [Int32] = [], weight: [Double] = [], weighted: [Double] = [], plain: [Double] = [], count: [Int] = []
        var largest = 0.0
        let users = economy.users, userStart = economy.userStart, firmEntry = economy.firmEntry
        let inputFirm = economy.inputFirm, received = allocation.received, slotValue = adjoint.uses
        for g in 0..<goodCount {
            relativeErrors[g] = relativeDifference(prices[g], adjoint.goods[g])
            isMarketPriced[g] = economy.goods[g].fixedPrice == nil
            if isMarketPriced[g] { largest = max(largest, relativeErrors[g]) }
            // Group uses by firm entry, in first-use order, summing in slot order.
            for u in Int(userStart[g])..<Int(userStart[g + 1]) {
                let k = Int(users[u])
                let entry = Int(firmEntry[Int(inputFirm[k])])
                var p = Int(position[entry])
                if p < 0 {
                    p = entries.count
                    position[entry] = Int32(p)
                    entries.append(Int32(entry))
                    weight.append(0); weighted.append(0); plain.append(0); count.append(0)
                }
                let x = received[k]
                weight[p] += x
                weighted[p] += x * slotValue[k]
                plain[p] += slotValue[k]
                count[p] += 1
            }
            if entries.count > 1 {
                for p in entries.indices {
                    let marginal = weight[p] > 0 ? weighted[p] / weight[p] : plain[p] / Double(max(count[p], 1))
                    let error = relativeDifference(prices[g], marginal)
                    useEntry.append(entries[p])
                    useMarginalValue.append(marginal)
                    useRelativeError.append(error)
                    if isMarketPriced[g] { largest = max(largest, error) }
                }
            }
            useStart[g + 1] = Int32(useEntry.count)
            for entry in entries { position[Int(entry)] = -1 }
            entries.removeAll(keepingCapacity: true)
            weight.removeAll(keepingCapacity: true); weighted.removeAll(keepingCapacity: true)
            plain.removeAll(keepingCapacity: true); count.removeAll(keepingCapacity: true)
        }
        goodNames = economy.goods.map(\.name)
        self.prices = prices
        gradients = adjoint.goods
        self.relativeErrors = relativeErrors
        self.isMarketPriced = isMarketPriced
        self.useStart = useStart
        self.useEntry = useEntry
        self.useMarginalValue = useMarginalValue
        self.useRelativeError = useRelativeError
        entryNames = economy.firmEntryNames
        value = adjoint.value
        largestRelativeError = largest
    }
}
