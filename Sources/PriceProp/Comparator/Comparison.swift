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
        let adjoint = Adjoint(economy: economy, allocation: allocation, prices: prices, threads: threads,
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
        var relativeErrors = [Double](repeating: 0, count: goodCount)
        var isMarketPriced = [Bool](repeating: false, count: goodCount)
        var goodLargest = [Double](repeating: 0, count: goodCount)
        let received = allocation.received, slotValue = adjoint.uses, gradients = adjoint.goods
        for g in 0..<goodCount { isMarketPriced[g] = economy.goods[g].fixedPrice == nil }

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
            let out = UnsafeSendable((relativeErrorsBuffer, goodLargestBuffer, useEntryBuffer, useMarginalValueBuffer,
                                      useRelativeErrorBuffer))
            ChunkedWork.run(count: goodCount, grain: goodGrain, threads: threads) { _, goods, _ in
                let (relativeErrors, goodLargest, useEntry, useMarginalValue, useRelativeError) = out.value
                for g in goods {
                    relativeErrors[g] = relativeDifference(prices[g], gradients[g])
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
                        let error = relativeDifference(prices[g], marginal)
                        useEntry[row] = pairEntry[p]
                        useMarginalValue[row] = marginal
                        useRelativeError[row] = error
                        if isMarketPriced[g] { largest = max(largest, error) }
                        row += 1
                    }
                    goodLargest[g] = largest
                }
            }
        }}}}}
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
        entryNames = economy.firmEntryNames
        value = adjoint.value
        largestRelativeError = largest
    }
}
