import PriceProp

/// The comparison computed the plain way, one good at a time over its users in slot order: what the
/// chunked, parallel ``Comparison`` must reproduce to the bit.
package struct ReferenceComparison {
    package var gradients: [Double]
    package var uses: [Double]
    package var value: Double
    /// Per good, its use rows (empty when one entry uses it): entry, marginal value, relative error.
    package var rows: [[(entry: Int32, marginal: Double, error: Double)]]
    package var relativeErrors: [Double]
    package var largest: Double

    package init(economy: Economy, allocation: Allocation, prices: [Double]) {
        let slotCount = economy.inputSlotCount
        var marginal = [Double](repeating: 0, count: slotCount)
        for f in 0..<economy.firmCount {
            let range = economy.inputs(of: f)
            guard !range.isEmpty else { continue }
            let tape = economy.tapes[Int(economy.firmTape[f])]
            let (_, gradient) = tape.valueAndGradient(
                at: Array(allocation.received[range]), parameters: Array(economy.parameterValues[economy.parameterRange(of: f)]))
            for (i, k) in range.enumerated() { marginal[k] = gradient[i] }
        }
        var adjoint = [Double](repeating: 0, count: economy.goodCount)
        var uses = [Double](repeating: 0, count: slotCount)
        var value = 0.0
        for level in stride(from: economy.levelCount - 1, through: 0, by: -1) {
            for g32 in economy.goods(atLevel: level) {
                let g = Int(g32)
                let users = economy.users(of: g)
                for k32 in users {
                    let k = Int(k32)
                    uses[k] = adjoint[Int(economy.firmOutput[Int(economy.inputFirm[k])])] * marginal[k]
                }
                if let price = economy.goods[g].fixedPrice {
                    adjoint[g] = price
                    var used = 0.0
                    for k in users { used += allocation.received[Int(k)] }
                    value += price * (allocation.supply[g] - used)
                    continue
                }
                let supply = allocation.supply[g]
                var total = 0.0
                if supply > 0 {
                    for k in users { total += allocation.received[Int(k)] / supply * uses[Int(k)] }
                } else if !users.isEmpty {
                    for k in users { total += uses[Int(k)] }
                    total /= Double(users.count)
                }
                adjoint[g] = total
            }
        }
        gradients = adjoint
        self.uses = uses
        self.value = value
        rows = []
        relativeErrors = []
        largest = 0
        for g in 0..<economy.goodCount {
            let marketPriced = economy.goods[g].fixedPrice == nil
            if marketPriced, prices[g] != 0, !(allocation.supply[g] > 0) {
                // Unused: only a use valuing it above its price is an error.
                var worst = 0.0
                for k in economy.users(of: g) { worst = max(worst, shortfall(price: prices[g], value: uses[Int(k)])) }
                relativeErrors.append(worst)
            } else {
                relativeErrors.append(relativeDifference(prices[g], adjoint[g]))
            }
            if marketPriced { largest = max(largest, relativeErrors[g]) }
            var entries: [Int32] = [], weight: [Double] = [], weighted: [Double] = [], plain: [Double] = [], count: [Int] = []
            for k32 in economy.users(of: g) {
                let k = Int(k32)
                let entry = economy.firmEntry[Int(economy.inputFirm[k])]
                var p = entries.firstIndex(of: entry) ?? -1
                if p < 0 {
                    p = entries.count
                    entries.append(entry)
                    weight.append(0); weighted.append(0); plain.append(0); count.append(0)
                }
                let x = allocation.received[k]
                weight[p] += x
                weighted[p] += x * uses[k]
                plain[p] += uses[k]
                count[p] += 1
            }
            var goodRows: [(entry: Int32, marginal: Double, error: Double)] = []
            if entries.count > 1 {
                for p in entries.indices {
                    let m = weight[p] > 0 ? weighted[p] / weight[p] : plain[p] / Double(max(count[p], 1))
                    let error = weight[p] == 0 ? shortfall(price: prices[g], value: m) : relativeDifference(prices[g], m)
                    goodRows.append((entries[p], m, error))
                    if marketPriced { largest = max(largest, error) }
                }
            }
            rows.append(goodRows)
        }
    }

    /// Whether `comparison` holds exactly these numbers.
    package func matches(_ comparison: Comparison, adjoint: Adjoint) -> Bool {
        guard adjoint.goods == gradients, adjoint.uses == uses, adjoint.value == value,
              comparison.gradients == gradients, comparison.value == value,
              comparison.relativeErrors == relativeErrors, comparison.largestRelativeError == largest
        else { return false }
        for g in rows.indices {
            let r = Int(comparison.useStart[g])..<Int(comparison.useStart[g + 1])
            guard r.count == rows[g].count else { return false }
            for (u, row) in zip(r, rows[g]) {
                guard comparison.useEntry[u] == row.entry, comparison.useMarginalValue[u] == row.marginal,
                      comparison.useRelativeError[u] == row.error else { return false }
            }
        }
        return true
    }
}
