import PricePropComparator

// MARK: - The reduced system in the prices, assembled sparse

extension EquilibriumSystem {
    /// Bytes per unknown of the reduced system beyond its nonzeros: its row's and column list's headers, the
    /// right-hand side, the solution and the elimination's per-column bookkeeping.
    static let bytesPerReducedUnknown = 160.0

    /// Bytes of a reduced system of `size` unknowns beyond its nonzeros.
    static func reducedOverhead(size: Int) -> Double { Double(size) * bytesPerReducedUnknown }

    /// Where the unknowns beyond the prices sit in the reduced system: per entry the first of its kept
    /// quantities or its scale (-1 when it has none), and the system's size.
    struct ReducedLayout {
        var keptStart: [Int]
        var scaleIndex: [Int]
        var size: Int
    }

    /// Nonzeros the assembly writes before summing duplicates: the diagonal of every clearing row, `(k + 1)²`
    /// for an eliminated entry with `k` inputs, `(k + 2)²` for one eliminated along its scale,
    /// `k (k + 1) + k² + k (k + 1)` for one kept in the system.
    func pendingEntries(_ layout: ReducedLayout) -> Int {
        var total = pricedGoods.count
        for e in 0..<entryCount {
            let k = slots(of: e).count
            if layout.keptStart[e] >= 0 {
                total += 2 * k * (k + 1) + k * k
            } else {
                total += layout.scaleIndex[e] >= 0 ? (k + 2) * (k + 2) : (k + 1) * (k + 1)
            }
        }
        return total
    }

    /// Nonzeros the first Newton step writes, every block eliminated: what the memory estimate counts.
    var pendingEntriesWithoutKept: Int {
        let none = [Int](repeating: -1, count: entryCount)
        return pendingEntries(ReducedLayout(keptStart: none, scaleIndex: none, size: pricedGoods.count))
    }

    /// The reduced system `(D − Σ_e C_e A_e⁻¹ B_e) dp = −φ_p + Σ_e C_e A_e⁻¹ φ_e` (kept entries' quantities as
    /// extra unknowns after the prices), row by row, each row's terms summed in entry order.
    func assemble(_ point: Point, _ evaluation: Evaluation, scales: Scales, ncp: NCPFunction, blocks: EntryBlocks,
                  scaled: ScaledBlocks, layout: ReducedLayout) -> (rows: [SparseLU.Row], rhs: [Double]) {
        let size = layout.size
        var rows = [SparseLU.Row](repeating: SparseLU.Row(), count: size)
        // Exact capacities: grown by doubling, the rows could take twice what the memory estimate counts.
        for (r, length) in rowLengths(layout).enumerated() {
            rows[r].columns.reserveCapacity(length)
            rows[r].values.reserveCapacity(length)
        }
        var rhs = [Double](repeating: 0, count: size)
        func add(_ row: Int, _ column: Int, _ value: Double) {
            rows[row].columns.append(Int32(column))
            rows[row].values.append(value)
        }
        // Clearing rows: D, and the row factor `∂φ/∂b / Q` that turns `∂(S − D)/∂x` into `C`.
        var rowFactor = [Double](repeating: 0, count: economy.goodCount)
        for (j, g) in pricedGoods.enumerated() {
            let phi = ncp.evaluate(point.prices[g] / scales.price[g],
                                   (evaluation.supply[g] - evaluation.demand[g]) / scales.supply[g])
            add(j, j, phi.da / scales.price[g])
            rhs[j] = -evaluation.residual[slotCount + j]
            rowFactor[g] = phi.db / scales.supply[g]
        }
        var local = [Int](repeating: -1, count: economy.maxInputs + 2)
        for e in 0..<entryCount {
            let k = slots(of: e).count, width = k + 1, view = blocks.view(e)
            local[0] = priceIndex[output[e]]
            for i in 0..<k { local[1 + i] = priceIndex[slotGood[slotStart[e] + i]] }
            func factor(_ l: Int) -> Double { rowFactor[l == 0 ? output[e] : slotGood[slotStart[e] + l - 1]] }
            let start = layout.keptStart[e], scale = layout.scaleIndex[e]
            if scale >= 0 {
                // The entry's scale joins its goods as a local unknown; its zero-profit row is the scale's.
                let data = scaled.view(e, inputs: k)
                local[width] = scale
                for l in 0..<width where local[l] >= 0 {
                    let c = factor(l)
                    rhs[local[l]] += c * data.w(l)
                    for m in 0...width where local[m] >= 0 { add(local[l], local[m], -c * data.wm(l, m)) }
                }
                rhs[scale] = data.rhs
                for m in 0...width where local[m] >= 0 { add(scale, local[m], data.row(m)) }
            } else if start >= 0 {
                for l in 0..<width where local[l] >= 0 {
                    for j in 0..<k { add(local[l], start + j, factor(l) * view.g[l * k + j]) }
                }
                for i in 0..<k {
                    rhs[start + i] = -evaluation.residual[slotStart[e] + i]
                    for j in 0..<k { add(start + i, start + j, view.a[i * k + j]) }
                    for m in 0..<width where local[m] >= 0 { add(start + i, local[m], view.b[i * width + m]) }
                }
            } else {
                for l in 0..<width where local[l] >= 0 {
                    let c = factor(l)
                    rhs[local[l]] += c * view.w[l]
                    for m in 0..<width where local[m] >= 0 { add(local[l], local[m], -c * view.wm[l * width + m]) }
                }
            }
        }
        Self.sumDuplicates(&rows)
        return (rows, rhs)
    }

    /// How many terms ``assemble(_:_:scales:ncp:blocks:scaled:layout:)`` adds to each row.
    func rowLengths(_ layout: ReducedLayout) -> [Int] {
        var lengths = [Int](repeating: 0, count: layout.size)
        for j in pricedGoods.indices { lengths[j] = 1 }
        for e in 0..<entryCount {
            let k = slots(of: e).count
            var local = [priceIndex[output[e]]]
            for i in 0..<k { local.append(priceIndex[slotGood[slotStart[e] + i]]) }
            let priced = local.filter { $0 >= 0 }
            let start = layout.keptStart[e], scale = layout.scaleIndex[e]
            if scale >= 0 {
                for row in priced + [scale] { lengths[row] += priced.count + 1 }
                continue
            }
            for row in priced { lengths[row] += start >= 0 ? k : priced.count }
            if start >= 0 { for i in 0..<k { lengths[start + i] += k + priced.count } }
        }
        return lengths
    }

    /// Sums each row's repeated columns into their first occurrence, in the order they were added.
    static func sumDuplicates(_ rows: inout [SparseLU.Row]) {
        var position = [Int32](repeating: -1, count: rows.count)
        for r in rows.indices {
            var row = rows[r]
            rows[r] = SparseLU.Row()
            var kept = 0
            for t in row.columns.indices {
                let j = Int(row.columns[t]), s = position[j]
                if s >= 0 {
                    row.values[Int(s)] += row.values[t]
                } else {
                    position[j] = Int32(kept)
                    row.columns[kept] = row.columns[t]
                    row.values[kept] = row.values[t]
                    kept += 1
                }
            }
            for t in 0..<kept { position[Int(row.columns[t])] = -1 }
            row.columns.removeLast(row.columns.count - kept)
            row.values.removeLast(row.values.count - kept)
            rows[r] = row
        }
    }
}
