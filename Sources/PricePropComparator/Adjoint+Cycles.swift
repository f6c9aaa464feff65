import PricePropBasics
import PricePropEconomy

// MARK: - The adjoint of a cyclic network's steady state

extension ReversePass {
    /// Memory the factorisation may take before it gives up (a network this dense would not fit the tick's
    /// arrays either).
    static let cycleByteBudget = 8.0 * 1024 * 1024 * 1024

    /// The adjoints of a cyclic network, where no order of the goods puts every use after its good.
    ///
    /// At a steady state each good's supply is a fixed point of the program, `S = F(S)`, so by the implicit
    /// function theorem the adjoints solve the linear system the reverse pass's recursion becomes,
    ///
    ///     λ_g − Σ_{k uses g} (x_k / S_g) · ∂f/∂x_k · λ_{out(f)} = 0   (market-priced g),   λ_g = p_g (fixed),
    ///
    /// that is `λ = (I − Mᵀ)⁻¹ b` with `M` the marginal products along the edges weighted by the shares and
    /// `b` the fixed prices. It is solved exactly, by sparse LU (``SparseLU``), then each slot's `u_k` and term
    /// follow as in the acyclic pass. When `I − Mᵀ` is singular at the allocation (a cycle returning at least
    /// what it takes) or too large to factor, every market-priced good's adjoint is NaN.
    /// - Returns: the cycle that cannot sustain itself at the allocation (``CycleGain``) when the solve fails
    ///   or some adjoint is negative (which, for non-negative `M`, a cycle whose gain reaches 1 forces); nil
    ///   otherwise, the search then costing nothing.
    func solveCycles(economy: Economy) -> CycleGain? {
        let goodCount = economy.goodCount
        goodAdjoints(positions: 0..<goodCount)
        var unknown = [Int](repeating: -1, count: goodCount), goods: [Int] = []
        for g in 0..<goodCount where !isFixed[g] {
            unknown[g] = goods.count
            goods.append(g)
        }
        var (rows, rhs) = cycleSystem(goods: goods, unknown: unknown, inputFirm: economy.inputFirm)
        let original = (rows, rhs)
        let solution = try? SparseLU.solve(rows: &rows, rhs: &rhs, byteBudget: Self.cycleByteBudget, threads: workers)
        let solved = solution.map { Self.residualIsSmall(original.0, original.1, $0) } ?? false
        var scale = 0.0, lowest = 0.0
        for (i, g) in goods.enumerated() {
            adjoint[g] = solved ? solution?[i] ?? .nan : .nan
            scale = max(scale, abs(adjoint[g]))
            lowest = min(lowest, adjoint[g])
        }
        slotTerms(firms: 0..<economy.firmCount)
        guard !solved || lowest < -1e-12 * scale else { return nil }
        return cycleGain(economy: economy, singular: !solved)
    }

    /// The rows of `(I − Mᵀ) λ = b` over the market-priced `goods` (`unknown` maps a good to its column), each
    /// row's repeated columns summed (a firm using its own output, several uses feeding one good).
    private func cycleSystem(goods: [Int], unknown: [Int], inputFirm: [Int32]) -> ([SparseLU.Row], [Double]) {
        var rows = [SparseLU.Row](repeating: SparseLU.Row(), count: goods.count)
        var rhs = [Double](repeating: 0, count: goods.count)
        var position = [Int](repeating: -1, count: goods.count)
        for (i, g) in goods.enumerated() {
            var row = SparseLU.Row()
            func add(_ column: Int, _ value: Double) {
                if position[column] < 0 {
                    position[column] = row.columns.count
                    row.columns.append(Int32(column))
                    row.values.append(value)
                } else {
                    row.values[position[column]] += value
                }
            }
            add(i, 1)
            let lo = Int(net.userStart[g]), hi = Int(net.userStart[g + 1])
            for u in lo..<hi {
                let k = Int(net.users[u])
                let share = supply[g] > 0 ? received[k] / supply[g] : 1 / Double(hi - lo)
                let coefficient = share * marginal[k], made = Int(net.firmOutput[Int(inputFirm[k])])
                if unknown[made] >= 0 { add(unknown[made], -coefficient) } else { rhs[i] += coefficient * fixedPrice[made] }
            }
            for c in row.columns { position[Int(c)] = -1 }
            rows[i] = row
        }
        return (rows, rhs)
    }

    /// Whether `x` solves the rows to within rounding: a singular system's held columns leave a residual.
    private static func residualIsSmall(_ rows: [SparseLU.Row], _ rhs: [Double], _ x: [Double]) -> Bool {
        var scale = 0.0
        for v in x { scale = max(scale, abs(v)) }
        for b in rhs { scale = max(scale, abs(b)) }
        for (row, b) in zip(rows, rhs) {
            var total = -b, size = abs(b)
            for (c, v) in zip(row.columns, row.values) {
                total += v * x[Int(c)]
                size += abs(v * x[Int(c)])
            }
            guard total.isFinite, abs(total) <= 1e-9 * max(size, scale, .leastNormalMagnitude) else { return false }
        }
        return true
    }
}
