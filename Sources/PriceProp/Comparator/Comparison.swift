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

    public var goods: [GoodRow]
    /// Net value traded at fixed prices, `V`.
    public var value: Double

    /// The largest relative error over market-priced goods and their uses.
    public var largestRelativeError: Double {
        var largest = 0.0
        for row in goods where row.isMarketPriced {
            largest = max(largest, row.relativeError)
            for use in row.uses { largest = max(largest, use.relativeError) }
        }
        return largest
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
    public init(economy: Economy, allocation: Allocation, prices: [Double]) {
        let adjoint = Adjoint(economy: economy, allocation: allocation, prices: prices)
        var rows: [GoodRow] = []
        for (g, good) in economy.goods.enumerated() {
            let users = economy.users(of: g)
            // Group uses by firm entry, in first-use order.
            var entries: [Int] = [], weight: [Int: Double] = [:], weighted: [Int: Double] = [:], plain: [Int: (Double, Int)] = [:]
            for k32 in users {
                let k = Int(k32)
                let entry = Int(economy.firmEntry[Int(economy.inputFirm[k])])
                if weight[entry] == nil { entries.append(entry) }
                let x = allocation.received[k]
                weight[entry, default: 0] += x
                weighted[entry, default: 0] += x * adjoint.uses[k]
                let (sum, n) = plain[entry] ?? (0, 0)
                plain[entry] = (sum + adjoint.uses[k], n + 1)
            }
            var useRows: [UseRow] = []
            if entries.count > 1 {
                for entry in entries {
                    let w = weight[entry] ?? 0
                    let (sum, n) = plain[entry] ?? (0, 1)
                    let marginal = w > 0 ? (weighted[entry] ?? 0) / w : sum / Double(max(n, 1))
                    useRows.append(UseRow(firm: economy.firmEntryNames[entry], marginalValue: marginal,
                                          relativeError: relativeDifference(prices[g], marginal)))
                }
            }
            rows.append(GoodRow(
                name: good.name, price: prices[g], gradient: adjoint.goods[g],
                relativeError: relativeDifference(prices[g], adjoint.goods[g]),
                isMarketPriced: good.fixedPrice == nil, uses: useRows))
        }
        self.goods = rows
        self.value = adjoint.value
    }
}
