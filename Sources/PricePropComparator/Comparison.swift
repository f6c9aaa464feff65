import PricePropBasics
import PricePropScenario
import PricePropEconomy
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
        /// Used in a positive amount (a good: priced above 0 and supplied): price = marginal value is required.
        case interior
        /// A use with nothing received, or a good with no supply at all: price ≥ marginal value is required
        /// (for a good, each use's), and the error is how far a marginal value exceeds the price. The price of
        /// a good nobody makes or buys is then any price between its users' and its producers' valuations, and
        /// its error also counts how far, at that price, an input of a producer is worth more than its own
        /// price (a producer that would rather start).
        case unused
        /// A good priced at exactly 0 with its supply not all taken.
        case free

        /// The status as a small number, for numeric tables: 0, 1, 2 in the order declared.
        public var code: Int {
            switch self {
            case .interior: return 0
            case .unused: return 1
            case .free: return 2
            }
        }

        /// The status with ``code`` `code`, if any.
        public init?(code: Int) {
            switch code {
            case 0: self = .interior
            case 1: self = .unused
            case 2: self = .free
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
        /// ``Status/free`` for a market price of exactly 0, ``Status/unused`` for a market-priced good with no
        /// supply, otherwise ``Status/interior``.
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
    public private(set) var largestRelativeError: Double

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

    /// Sums over the slots of one (firm entry, good) pair: what they received, received times marginal value,
    /// marginal value, and how many.
    private struct PairSums {
        var weight = 0.0, weighted = 0.0, plain = 0.0
        var count = 0
    }

    init(economy: Economy, allocation: Allocation, prices: [Double], threads: Int, firmGrain: Int, goodGrain: Int) {
        let adjoint = Adjoint(economy: economy, allocation: allocation, threads: threads,
                              firmGrain: firmGrain, goodGrain: goodGrain)
        let goodCount = economy.goodCount, firmCount = economy.firmCount
        let inputStart = economy.inputStart, inputGood = economy.inputGood, firmEntry = economy.firmEntry
        let entryFirmCount = economy.entryFirmCount

        // The (entry, good) pairs, numbered in the order of the entries' first firms. An entry's firms are
        // consecutive and share its inputs, so the entries using a good, in order of first firm, are the
        // entries in the order of their first use by slot; and each pair's slots, walked in memory order,
        // are summed in slot order.
        var runStart: [Int32] = [], runPairStart: [Int32] = [0], inputPair: [Int32] = []
        var pairGood: [Int32] = [], pairEntry: [Int32] = []
        var f = 0
        while f < firmCount {
            let e = Int(firmEntry[f])
            runStart.append(Int32(f))
            let lo = Int(inputStart[f]), hi = Int(inputStart[f + 1])
            for k in lo..<hi {
                // An entry naming a good twice sums both slots into one pair, as grouping by good would.
                if let earlier = (lo..<k).first(where: { inputGood[$0] == inputGood[k] }) {
                    inputPair.append(inputPair[inputPair.count - (k - earlier)])
                } else {
                    inputPair.append(Int32(pairGood.count))
                    pairGood.append(inputGood[k])
                    pairEntry.append(Int32(e))
                }
            }
            runPairStart.append(Int32(inputPair.count))
            f += max(1, Int(entryFirmCount[e]))
        }
        runStart.append(Int32(firmCount))
        let (goodPairStart, goodPairs) = Economy.groups(count: goodCount, keys: pairGood)
        var useStart = [Int32](repeating: 0, count: goodCount + 1)
        for g in 0..<goodCount {
            let n = goodPairStart[g + 1] - goodPairStart[g]
            useStart[g + 1] = useStart[g] + (n > 1 ? n : 0)
        }
        let useTotal = Int(useStart[goodCount])
        var sums = [PairSums](repeating: PairSums(), count: pairGood.count)
        var useEntry = [Int32](repeating: 0, count: useTotal)
        var useMarginalValue = [Double](repeating: 0, count: useTotal)
        var useRelativeError = [Double](repeating: 0, count: useTotal)
        var useUnused = [Bool](repeating: false, count: useTotal)
        var relativeErrors = [Double](repeating: 0, count: goodCount)
        var isMarketPriced = [Bool](repeating: false, count: goodCount)
        var goodLargest = [Double](repeating: 0, count: goodCount)
        let received = allocation.received, slotValue = adjoint.uses, gradients = adjoint.goods
        let marginalProducts = adjoint.marginalProducts
        var goodStatus = [Status](repeating: .interior, count: goodCount)
        for g in 0..<goodCount {
            isMarketPriced[g] = economy.goods[g].fixedPrice == nil
            if isMarketPriced[g], prices[g] == 0 { goodStatus[g] = .free }
            else if isMarketPriced[g], !(allocation.supply[g] > 0) { goodStatus[g] = .unused }
        }

        sums.withUnsafeMutableBufferPointer { sumsBuffer in
            let sums = UnsafeSendable(sumsBuffer)
            // Each entry's pairs are its own, so runs of entries are summed in parallel.
            ChunkedWork.run(count: runStart.count - 1, grain: max(1, firmGrain / 4), threads: threads) { _, runs, _ in
                for r in runs {
                    let pairBase = Int(runPairStart[r])
                    for f in Int(runStart[r])..<Int(runStart[r + 1]) {
                        let lo = Int(inputStart[f])
                        for k in lo..<Int(inputStart[f + 1]) {
                            let p = Int(inputPair[pairBase + k - lo])
                            let x = received[k], v = slotValue[k]
                            sums.value[p].weight += x
                            sums.value[p].weighted += x * v
                            sums.value[p].plain += v
                            sums.value[p].count += 1
                        }
                    }
                }
            }
        }
        relativeErrors.withUnsafeMutableBufferPointer { relativeErrorsBuffer in
        goodLargest.withUnsafeMutableBufferPointer { goodLargestBuffer in
        useEntry.withUnsafeMutableBufferPointer { useEntryBuffer in
        useMarginalValue.withUnsafeMutableBufferPointer { useMarginalValueBuffer in
        useRelativeError.withUnsafeMutableBufferPointer { useRelativeErrorBuffer in
        useUnused.withUnsafeMutableBufferPointer { useUnusedBuffer in
            let out = UnsafeSendable((relativeErrorsBuffer, goodLargestBuffer, useEntryBuffer, useMarginalValueBuffer,
                                      useRelativeErrorBuffer, useUnusedBuffer))
            ChunkedWork.run(count: goodCount, grain: goodGrain, threads: threads) { _, goods, _ in
                let (relativeErrors, goodLargest, useEntry, useMarginalValue, useRelativeError, useUnused) = out.value
                for g in goods {
                    if goodStatus[g] == .unused {
                        // Nothing to share: each use's marginal value may only not exceed the price, and at
                        // that price each maker's inputs may only not be worth more than theirs (the top of
                        // the good's price interval; its backprop derivative is at the bottom).
                        var worst = 0.0
                        for u in Int(economy.userStart[g])..<Int(economy.userStart[g + 1]) {
                            worst = max(worst, shortfall(price: prices[g], value: slotValue[Int(economy.users[u])]))
                        }
                        for q in Int(economy.producerStart[g])..<Int(economy.producerStart[g + 1]) {
                            let f = Int(economy.producers[q])
                            for k in Int(economy.inputStart[f])..<Int(economy.inputStart[f + 1]) {
                                let worth = prices[g] * marginalProducts[k]
                                guard worth.isFinite else { continue }
                                worst = max(worst, shortfall(price: prices[Int(economy.inputGood[k])], value: worth))
                            }
                        }
                        relativeErrors[g] = worst
                    } else {
                        relativeErrors[g] = relativeDifference(prices[g], gradients[g])
                    }
                    var largest = isMarketPriced[g] ? relativeErrors[g] : 0
                    var row = Int(useStart[g])
                    guard useStart[g + 1] > useStart[g] else {
                        goodLargest[g] = largest
                        continue
                    }
                    for q in Int(goodPairStart[g])..<Int(goodPairStart[g + 1]) {
                        let p = Int(goodPairs[q])
                        let pair = sums[p]
                        let marginal = pair.weight > 0 ? pair.weighted / pair.weight : pair.plain / Double(max(pair.count, 1))
                        let unused = pair.weight == 0
                        let error = unused ? shortfall(price: prices[g], value: marginal)
                            : relativeDifference(prices[g], marginal)
                        useEntry[row] = pairEntry[p]
                        useMarginalValue[row] = marginal
                        useRelativeError[row] = error
                        useUnused[row] = unused
                        if isMarketPriced[g] { largest = max(largest, error) }
                        row += 1
                    }
                    goodLargest[g] = largest
                }
            }
        }}}}}}
        var largest = 0.0
        for g in 0..<goodCount { largest = max(largest, goodLargest[g]) }
        goodNames = economy.goods.map(\.name)
        self.prices = prices
        self.gradients = adjoint.goods
        self.relativeErrors = relativeErrors
        self.isMarketPriced = isMarketPriced
        self.useStart = useStart
        self.useEntry = useEntry
        self.useMarginalValue = useMarginalValue
        self.useRelativeError = useRelativeError
        self.useUnused = useUnused
        self.goodStatus = goodStatus
        entryNames = economy.firmEntryNames
        value = adjoint.value
        largestRelativeError = largest
    }
}
