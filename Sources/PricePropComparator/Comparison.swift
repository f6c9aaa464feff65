import PricePropBasics
import PricePropEconomy
import PricePropScenario
import PricePropSimulation

/// Market prices set beside the backprop derivatives at the same allocation.
///
/// The check is the Karush-Kuhn-Tucker conditions of the planner's problem: a use with a positive quantity
/// needs price = marginal value, an unused one only price ≥ marginal value; a good whose price is 0 (supply
/// left over) needs nothing more, since any marginal value above 0 would have its buyers wanting more than
/// the supply. See ``Status``.
public struct Comparison: Sendable, Equatable {
    /// Which side of complementary slackness a good or a use is on.
    public enum Status: String, Sendable, Equatable {
        /// Used in a positive amount (a market-priced good: priced above 0 and its supply all used): price =
        /// marginal value (the good's adjoint) is required.
        case interior
        /// A use with nothing received, or a good with no supply at all: price ≥ marginal value is required
        /// (for a good, each use's), and the error is how far a marginal value exceeds the price. The price of
        /// a good nobody makes or buys is then any price between its users' and its producers' valuations, and
        /// its error also counts how far, at that price, an input of a producer is worth more than its own
        /// price (a producer that would rather start).
        case unused
        /// A good priced at exactly 0 with its supply not all taken.
        case free
        /// A fixed-price good, traded with the outside world at its price, which is its adjoint by definition.
        case fixed

        /// The status as a small number, for numeric tables: 0, 1, 2, 3 in the order declared.
        public var code: Int {
            switch self {
            case .interior: return 0
            case .unused: return 1
            case .free: return 2
            case .fixed: return 3
            }
        }

        /// The status with ``code`` `code`, if any.
        public init?(code: Int) {
            switch code {
            case 0: self = .interior
            case 1: self = .unused
            case 2: self = .free
            case 3: self = .fixed
            default: return nil
            }
        }
    }

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
        /// ``Status/fixed`` for a fixed-price good; for a market-priced one ``Status/free`` at a price of
        /// exactly 0, ``Status/unused`` with no supply, otherwise ``Status/interior``.
        public var status: Status
        /// Per using firm entry, when more than one entry uses the good.
        public var uses: [UseRow]
    }

    /// One use of a good: the marginal value a firm entry gets from it.
    public struct UseRow: Sendable, Equatable {
        /// The firm entry's name.
        public var firm: String
        /// `∂V/∂y · ∂f/∂x` for that input, averaged over the entry's firms weighted by what they received.
        public var marginalValue: Double
        /// Its relative error against the good's price; for an unused use only a marginal value above the
        /// price counts.
        public var relativeError: Double
        /// ``Status/unused`` when the entry's firms received none of the good, otherwise ``Status/interior``.
        public var status: Status
    }

    /// Every good's row, in good order, made when read: the comparison itself is kept in flat arrays so that
    /// comparing a million-firm economy costs a few passes over memory, not millions of small allocations.
    public var goods: Goods { Goods(comparison: self) }
    /// Net value traded at fixed prices, `V`.
    public var value: Double
    /// The largest relative error over market-priced goods and their uses.
    public internal(set) var largestRelativeError: Double
    /// The cycle that cannot sustain itself at this allocation (``Adjoint/unsustainableCycle``), or, after a
    /// cyclic run diverged, the one whose gain reached 1 at its last state; nil otherwise.
    public package(set) var unsustainableCycle: CycleGain?

    /// ``unsustainableCycle`` in words, its goods named: `the cycle steel -> machines -> steel returns 3.41
    /// of each unit it takes`.
    public var unsustainableCycleDescription: String? { unsustainableCycle?.description(goodNames: goodNames) }

    // MARK: Flat storage, by good index

    /// Names of the goods.
    package let goodNames: [String]
    /// The market prices (fixed-price goods: their price).
    public let prices: [Double]
    /// `∂V/∂S_g` from the reverse pass.
    public let gradients: [Double]
    /// `relativeDifference(prices[g], gradients[g])`.
    public let relativeErrors: [Double]
    package let isMarketPriced: [Bool]
    /// Whether each use received nothing.
    let useUnused: [Bool]
    /// Each good's status.
    package let goodStatus: [Status]
    /// Good `g`'s use rows are `useStart[g]..<useStart[g + 1]` of the use arrays (none when one entry uses it).
    package let useStart: [Int32]
    package let useEntry: [Int32]
    package let useMarginalValue: [Double]
    package let useRelativeError: [Double]
    /// Names of the economy's firm entries.
    package let entryNames: [String]

    /// The goods' rows as a collection; each row, with its uses, is made when read.
    public struct Goods: RandomAccessCollection, Sendable {
        let comparison: Comparison
        public var startIndex: Int { 0 }
        public var endIndex: Int { comparison.prices.count }

        public subscript(g: Int) -> GoodRow {
            let c = comparison
            let uses = (Int(c.useStart[g])..<Int(c.useStart[g + 1])).map { u in
                UseRow(firm: c.entryNames[Int(c.useEntry[u])], marginalValue: c.useMarginalValue[u],
                       relativeError: c.useRelativeError[u], status: c.useUnused[u] ? .unused : .interior)
            }
            return GoodRow(name: c.goodNames[g], price: c.prices[g], gradient: c.gradients[g],
                           relativeError: c.relativeErrors[g], isMarketPriced: c.isMarketPriced[g],
                           status: c.goodStatus[g], uses: uses)
        }
    }
}

/// The error of an unused use: how far its marginal value `value` exceeds the price, relative as in
/// ``relativeDifference(_:_:)``; 0 when the price is at least the marginal value.
public func shortfall(price: Double, value: Double) -> Double {
    value <= price ? 0 : relativeDifference(price, value)
}

/// `|a − b| / max(|a|, |b|)`, 0 when both are 0; infinite when either is not finite.
public func relativeDifference(_ a: Double, _ b: Double) -> Double {
    guard a.isFinite, b.isFinite else { return .infinity }
    let scale = max(abs(a), abs(b))
    return scale > 0 ? abs(a - b) / scale : 0
}

extension Comparison {
    /// Compares the simulation's current prices with the reverse pass at its last allocation, on the
    /// simulation's threads (the result is the same for every thread count).
    public init(_ simulation: Simulation) {
        self.init(economy: simulation.economy, allocation: simulation.allocation, prices: simulation.prices,
                  threads: simulation.threads)
    }

    /// Compares `prices` with the reverse pass through `economy` at `allocation`, wherever they came from.
    ///
    /// A good used by several firm entries gets one use row per entry, in order of first use: the entry's
    /// marginal value `∂V/∂y · ∂f/∂x` averaged over its firms' slots weighted by what they received (plainly
    /// averaged when they received nothing).
    ///
    /// With `threads` above 1 the reverse pass and the rows run on several threads, in fixed chunks whose
    /// results are combined in good order, so the comparison is the same bits for every thread count.
    /// - Complexity: O(firms · tape length + input slots), in flat arrays.
    public init(economy: Economy, allocation: Allocation, prices: [Double], threads: Int = 1) {
        self.init(economy: economy, allocation: allocation, prices: prices, threads: threads,
                  firmGrain: Adjoint.firmGrain, goodGrain: Adjoint.goodGrain)
    }
}
