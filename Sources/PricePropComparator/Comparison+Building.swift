import PricePropBasics
import PricePropEconomy
import PricePropScenario
import PricePropSimulation

extension Comparison {
    init(economy: Economy, allocation: Allocation, prices: [Double], threads: Int, firmGrain: Int, goodGrain: Int) {
        let adjoint = Adjoint(economy: economy, allocation: allocation, threads: threads,
                              firmGrain: firmGrain, goodGrain: goodGrain)
        let pairs = UsePairs(economy)
        let sums = pairs.sums(received: allocation.received, slotValue: adjoint.uses, threads: threads,
                              grain: max(1, firmGrain / 4))
        var isMarketPriced = [Bool](repeating: false, count: economy.goodCount)
        var goodStatus = [Status](repeating: .interior, count: economy.goodCount)
        for g in 0..<economy.goodCount {
            isMarketPriced[g] = economy.goods[g].fixedPrice == nil
            if !isMarketPriced[g] { goodStatus[g] = .fixed }
            else if prices[g] == 0 { goodStatus[g] = .free }
            else if !(allocation.supply[g] > 0) { goodStatus[g] = .unused }
        }
        // The rows are written straight into the comparison's arrays: a copy of them, on a million-firm
        // network with three inputs each, would be 63 MB beside the reverse pass's arrays at the run's peak.
        var rows = RowArrays(goods: economy.goodCount, uses: pairs.useTotal)
        rows.write { out in
            let writer = RowWriter(economy: economy, pairs: pairs, sums: sums, adjoint: adjoint, prices: prices,
                                   isMarketPriced: isMarketPriced, goodStatus: goodStatus, out: out)
            ChunkedWork.run(count: economy.goodCount, grain: goodGrain, threads: threads) { _, goods, _ in
                for g in goods { writer.write(good: g) }
            }
        }
        goodNames = economy.goods.map(\.name)
        self.prices = prices
        self.gradients = adjoint.goods
        self.relativeErrors = rows.relativeErrors
        self.isMarketPriced = isMarketPriced
        self.useStart = pairs.useStart
        self.useEntry = rows.useEntry
        self.useMarginalValue = rows.useMarginalValue
        self.useRelativeError = rows.useRelativeError
        self.useUnused = rows.useUnused
        self.goodStatus = goodStatus
        entryNames = economy.firmEntryNames
        value = adjoint.value
        largestRelativeError = rows.goodLargest.reduce(0, max)
        unsustainableCycle = adjoint.unsustainableCycle
    }
}

/// The (firm entry, good) pairs whose slots a use row sums, numbered in the order of the entries' first firms.
///
/// An entry's firms are consecutive and share its inputs, so the entries using a good, in order of first
/// firm, are the entries in the order of their first use by slot; and each pair's slots, walked in memory
/// order, are summed in slot order.
private struct UsePairs: @unchecked Sendable {
    /// Runs of firms of one entry: `runStart[r]..<runStart[r + 1]`, whose slot `lo + i` (`lo` the run's firm's
    /// first slot) adds to pair `inputPair[runPairStart[r] + i]`.
    /// The economy's input-slot starts (valid while the comparison is built, the economy being alive).
    let inputStart: UnsafePointer<Int32>
    var runStart: [Int32] = [], runPairStart: [Int32] = [0], inputPair: [Int32] = []
    var pairGood: [Int32] = [], pairEntry: [Int32] = []
    /// Pairs of each good, compressed rows.
    var goodPairStart: [Int32] = [], goodPairs: [Int32] = []
    /// Good `g`'s use rows (none when one entry uses it).
    var useStart: [Int32]
    var useTotal: Int { Int(useStart[useStart.count - 1]) }

    /// Sums over the slots of one pair: what they received, received times marginal value, marginal value,
    /// and how many.
    struct Sums {
        var weight = 0.0, weighted = 0.0, plain = 0.0
        var count = 0
    }

    init(_ economy: Economy) {
        inputStart = economy.network.view.inputStart
        let inputGood = economy.inputGood
        var f = 0
        while f < economy.firmCount {
            let e = Int(economy.firmEntry[f])
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
            f += max(1, Int(economy.entryFirmCount[e]))
        }
        runStart.append(Int32(economy.firmCount))
        (goodPairStart, goodPairs) = Economy.groups(count: economy.goodCount, keys: pairGood)
        useStart = [Int32](repeating: 0, count: economy.goodCount + 1)
        for g in 0..<economy.goodCount {
            let n = goodPairStart[g + 1] - goodPairStart[g]
            useStart[g + 1] = useStart[g] + (n > 1 ? n : 0)
        }
    }

    /// Each pair's sums. Each entry's pairs are its own, so runs of entries are summed in parallel.
    func sums(received: [Double], slotValue: [Double], threads: Int, grain: Int) -> [Sums] {
        var sums = [Sums](repeating: Sums(), count: pairGood.count)
        let runs = self
        sums.withUnsafeMutableBufferPointer { sumsBuffer in
            let sums = UnsafeSendable(sumsBuffer)
            ChunkedWork.run(count: runStart.count - 1, grain: grain, threads: threads) { _, chunk, _ in
                for r in chunk { runs.add(run: r, received: received, slotValue: slotValue, to: sums.value) }
            }
        }
        return sums
    }

    private func add(run r: Int, received: [Double], slotValue: [Double], to sums: UnsafeMutableBufferPointer<Sums>) {
        let pairBase = Int(runPairStart[r])
        for f in Int(runStart[r])..<Int(runStart[r + 1]) {
            let lo = Int(inputStart[f])
            for k in lo..<Int(inputStart[f + 1]) {
                let p = Int(inputPair[pairBase + k - lo])
                let x = received[k], v = slotValue[k]
                sums[p].weight += x
                sums[p].weighted += x * v
                sums[p].plain += v
                sums[p].count += 1
            }
        }
    }
}

/// The comparison's per-good errors and use rows, in the arrays the comparison keeps.
private struct RowArrays {
    var relativeErrors: [Double], goodLargest: [Double]
    var useEntry: [Int32], useMarginalValue: [Double], useRelativeError: [Double], useUnused: [Bool]

    init(goods: Int, uses: Int) {
        relativeErrors = [Double](repeating: 0, count: goods)
        goodLargest = [Double](repeating: 0, count: goods)
        useEntry = [Int32](repeating: 0, count: uses)
        useMarginalValue = [Double](repeating: 0, count: uses)
        useRelativeError = [Double](repeating: 0, count: uses)
        useUnused = [Bool](repeating: false, count: uses)
    }

    /// The arrays' storage, valid inside ``write(_:)``'s `body`.
    struct Pointers: @unchecked Sendable {
        let relativeErrors: UnsafeMutableBufferPointer<Double>, goodLargest: UnsafeMutableBufferPointer<Double>
        let useEntry: UnsafeMutableBufferPointer<Int32>, useMarginalValue: UnsafeMutableBufferPointer<Double>
        let useRelativeError: UnsafeMutableBufferPointer<Double>, useUnused: UnsafeMutableBufferPointer<Bool>
    }

    /// Calls `body` with the storage of every array.
    mutating func write(_ body: (Pointers) -> Void) {
        relativeErrors.withUnsafeMutableBufferPointer { errors in
        goodLargest.withUnsafeMutableBufferPointer { largest in
        useEntry.withUnsafeMutableBufferPointer { entry in
        useMarginalValue.withUnsafeMutableBufferPointer { marginal in
        useRelativeError.withUnsafeMutableBufferPointer { useError in
        useUnused.withUnsafeMutableBufferPointer { unused in
            body(Pointers(relativeErrors: errors, goodLargest: largest, useEntry: entry, useMarginalValue: marginal,
                          useRelativeError: useError, useUnused: unused))
        } } } } } }
    }
}

/// Writes each good's error and use rows through ``RowArrays/Pointers``, one good per call, so that goods are
/// written in parallel.
///
/// `@unchecked Sendable`: each good writes only its own entries and its own use rows.
private struct RowWriter: @unchecked Sendable {
    let economy: Economy, pairs: UsePairs, sums: [UsePairs.Sums]
    let prices: [Double], slotValue: [Double], marginalProducts: [Double], gradients: [Double]
    let isMarketPriced: [Bool], goodStatus: [Comparison.Status]
    let relativeErrors: UnsafeMutableBufferPointer<Double>, goodLargest: UnsafeMutableBufferPointer<Double>
    let useEntry: UnsafeMutableBufferPointer<Int32>, useMarginalValue: UnsafeMutableBufferPointer<Double>
    let useRelativeError: UnsafeMutableBufferPointer<Double>, useUnused: UnsafeMutableBufferPointer<Bool>

    init(economy: Economy, pairs: UsePairs, sums: [UsePairs.Sums], adjoint: Adjoint, prices: [Double],
         isMarketPriced: [Bool], goodStatus: [Comparison.Status], out: RowArrays.Pointers) {
        self.economy = economy
        self.pairs = pairs
        self.sums = sums
        self.prices = prices
        slotValue = adjoint.uses
        marginalProducts = adjoint.marginalProducts
        gradients = adjoint.goods
        self.isMarketPriced = isMarketPriced
        self.goodStatus = goodStatus
        relativeErrors = out.relativeErrors
        goodLargest = out.goodLargest
        useEntry = out.useEntry
        useMarginalValue = out.useMarginalValue
        useRelativeError = out.useRelativeError
        useUnused = out.useUnused
    }

    /// Good `g`'s relative error, its use rows, and the largest error among them.
    func write(good g: Int) {
        relativeErrors[g] = goodStatus[g] == .unused ? unsuppliedError(good: g) : relativeDifference(prices[g], gradients[g])
        var largest = isMarketPriced[g] ? relativeErrors[g] : 0
        var row = Int(pairs.useStart[g])
        guard pairs.useStart[g + 1] > pairs.useStart[g] else {
            goodLargest[g] = largest
            return
        }
        for q in Int(pairs.goodPairStart[g])..<Int(pairs.goodPairStart[g + 1]) {
            let p = Int(pairs.goodPairs[q])
            let pair = sums[p]
            let marginal = pair.weight > 0 ? pair.weighted / pair.weight : pair.plain / Double(max(pair.count, 1))
            let unused = pair.weight == 0
            let error = unused ? shortfall(price: prices[g], value: marginal) : relativeDifference(prices[g], marginal)
            useEntry[row] = pairs.pairEntry[p]
            useMarginalValue[row] = marginal
            useRelativeError[row] = error
            useUnused[row] = unused
            if isMarketPriced[g] { largest = max(largest, error) }
            row += 1
        }
        goodLargest[g] = largest
    }

    /// A good with nothing to share: each use's marginal value may only not exceed the price, and at that price
    /// each maker's inputs may only not be worth more than theirs (the top of the good's price interval; its
    /// backprop derivative is at the bottom).
    private func unsuppliedError(good g: Int) -> Double {
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
        return worst
    }
}
