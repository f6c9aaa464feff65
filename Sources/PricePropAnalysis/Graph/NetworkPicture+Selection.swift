import PricePropComparator
import PricePropEconomy
import PricePropSimulation

// MARK: - What to draw
//
// The first building step: what each firm entry made and received, which goods get a box, and whether the
// network is small enough for firm boxes and labelled flows. The boxes and flows themselves are made from
// this in `NetworkPicture+Building.swift`.

extension NetworkPicture.Content {
    /// The state drawn and the choices every later building step reads.
    struct Selection {
        let economy: Economy
        let comparison: Comparison
        let limits: NetworkPicture.Limits
        /// Per firm entry, what its firms made and received; `nil` for an entry without firms.
        let entries: [Entry?]
        let shown: [Bool]
        /// Per level, how many of its goods are not drawn one by one.
        let hiddenPerLevel: [Int: Int]
        /// Why goods are missing, if some are.
        let goodsNote: String?
        let drawnGoods: Int
        /// Many goods: no firm boxes; each good's makers become the flows into it.
        let compact: Bool
        /// Per good, the entries making it (empty for goods not drawn).
        let makers: [[Int]]
        /// Marginal value and relative error of each use, keyed `entry · goodCount + good`.
        let useRow: [Int: (value: Double, error: Double)]
        /// Uses of drawn goods.
        let useRows: Int
        private let hasUsers: [Bool]
        private let topLevel: Int

        init(economy: Economy, comparison: Comparison, allocation: Allocation, limits: NetworkPicture.Limits) {
            self.economy = economy
            self.comparison = comparison
            self.limits = limits
            let entries = Self.entries(of: economy, at: allocation)
            self.entries = entries
            (shown, hiddenPerLevel, goodsNote) = Self.shownGoods(economy, comparison: comparison,
                                                                 allocation: allocation, limits: limits)
            var hasUsers = [Bool](repeating: false, count: economy.goodCount)
            for entry in entries.compactMap({ $0 }) { for input in entry.inputs { hasUsers[input.good] = true } }
            self.hasUsers = hasUsers
            var topLevel = 0
            for g in 0..<economy.goodCount where shown[g] { topLevel = max(topLevel, Int(economy.goodLevel[g])) }
            self.topLevel = topLevel
            drawnGoods = shown.filter { $0 }.count
            compact = drawnGoods > limits.detailedGoods
            var makers = [[Int]](repeating: [], count: economy.goodCount)
            for (e, entry) in entries.enumerated() {
                if let entry, shown[entry.output] { makers[entry.output].append(e) }
            }
            self.makers = makers
            (useRow, useRows) = Self.uses(comparison, goodCount: economy.goodCount, shown: shown)
        }

        /// Columns per level: a firm column between goods' columns, unless firms are not drawn.
        var step: Int { compact ? 1 : 2 }

        /// A good's column: by level, except that final goods all stand in the last.
        func column(ofGood g: Int) -> Int { step * (hasUsers[g] ? Int(economy.goodLevel[g]) : topLevel) }

        /// Firms of the entries `members`.
        func firmCount(_ members: [Int]) -> Int { members.reduce(0) { $0 + (entries[$1]?.firmCount ?? 0) } }

        private static func entries(of economy: Economy, at allocation: Allocation) -> [Entry?] {
            economy.firmEntryNames.indices.map { e in
                let count = Int(economy.entryFirmCount[e]), first = Int(economy.entryFirstFirm[e])
                guard count > 0 else { return nil }
                var inputs: [(good: Int, quantity: Double)] = []
                var output = 0.0
                for f in first..<(first + count) {
                    output += allocation.output[f]
                    for k in economy.inputs(of: f) {
                        let good = Int(economy.inputGood[k]), quantity = allocation.received[k]
                        // An entry naming a good twice adds both slots into one flow.
                        if let i = inputs.firstIndex(where: { $0.good == good }) { inputs[i].quantity += quantity }
                        else { inputs.append((good, quantity)) }
                    }
                }
                return Entry(output: Int(economy.firmOutput[first]), outputQuantity: output, inputs: inputs,
                             firmCount: count)
            }
        }

        /// All goods, or per level those of most value traded when there are too many.
        private static func shownGoods(_ economy: Economy, comparison: Comparison, allocation: Allocation,
                                       limits: NetworkPicture.Limits)
            -> (shown: [Bool], hiddenPerLevel: [Int: Int], note: String?) {
            let goodCount = economy.goodCount
            guard goodCount > limits.goods else { return ([Bool](repeating: true, count: goodCount), [:], nil) }
            var shown = [Bool](repeating: false, count: goodCount)
            var hiddenPerLevel: [Int: Int] = [:]
            for level in 0..<economy.levelCount {
                let goods = economy.goods(atLevel: level).map(Int.init)
                let quota = max(1, goods.count * limits.goods / goodCount)
                let ranked = goods.sorted { a, b in
                    let va = abs(comparison.prices[a] * allocation.supply[a]), vb = abs(comparison.prices[b] * allocation.supply[b])
                    return va != vb ? va > vb : a < b
                }
                for g in ranked.prefix(quota) { shown[g] = true }
                if goods.count > quota { hiddenPerLevel[level] = goods.count - quota }
            }
            let drawn = shown.filter { $0 }.count
            return (shown, hiddenPerLevel,
                    "\(goodCount) goods: the \(drawn) of most value traded (price × supply) are drawn, the rest of each level as one box")
        }

        private static func uses(_ comparison: Comparison, goodCount: Int, shown: [Bool])
            -> (useRow: [Int: (value: Double, error: Double)], useRows: Int) {
            var useRow: [Int: (value: Double, error: Double)] = [:]
            var useRows = 0
            for g in 0..<goodCount {
                for row in Int(comparison.useStart[g])..<Int(comparison.useStart[g + 1]) {
                    useRow[Int(comparison.useEntry[row]) * goodCount + g] = (comparison.useMarginalValue[row], comparison.useRelativeError[row])
                    if shown[g] { useRows += 1 }
                }
            }
            return (useRow, useRows)
        }
    }
}
