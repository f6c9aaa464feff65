import PricePropBasics
import PricePropEconomy
import PricePropScenario

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
    /// - Returns: the goods of a cycle that makes `I − Mᵀ` singular (``singularBlock(_:)``), empty when solved.
    func solveCycles(economy: Economy) -> [Int] {
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
        for (i, g) in goods.enumerated() { adjoint[g] = solved ? solution?[i] ?? .nan : .nan }
        slotTerms(firms: 0..<economy.firmCount)
        return solved ? [] : Self.singularBlock(original.0).map { goods[$0] }
    }

    /// The goods of the first cycle of the system whose own block of `I − Mᵀ` cannot be solved, in the order a
    /// depth-first walk along the supply edges from its lowest-numbered good meets them (for a simple cycle,
    /// the cycle's order); empty when every block solves (the whole failed for its size alone).
    ///
    /// `I − Mᵀ` is block-triangular over the strongly connected components of its graph (row `i` has a column
    /// for each good made from good `i`), so it is singular exactly when one diagonal block is: a cycle whose
    /// marginal products, weighted by the shares the allocation gives it, return at least what it takes.
    static func singularBlock(_ rows: [SparseLU.Row]) -> [Int] {
        var inputs: [Int32] = [], outputs: [Int32] = []
        for (i, row) in rows.enumerated() {
            for (c, v) in zip(row.columns, row.values) where Int(c) != i ? v != 0 : v != 1 {
                inputs.append(Int32(i))
                outputs.append(c)
            }
        }
        let graph = SupplyGraph(goodCount: rows.count, edgeInputs: inputs, edgeOutputs: outputs)
        let component = graph.components()
        let members = Dictionary(grouping: rows.indices) { component[$0] }
        for key in members.keys.sorted() {
            guard let block = members[key], let first = block.first,
                  block.count > 1 || graph.successors[first].contains(first) else { continue }
            var local = [Int: Int]()
            for (j, i) in block.enumerated() { local[i] = j }
            var blockRows = block.map { i in
                var row = SparseLU.Row()
                for (c, v) in zip(rows[i].columns, rows[i].values) {
                    if let j = local[Int(c)] {
                        row.columns.append(Int32(j))
                        row.values.append(v)
                    }
                }
                return row
            }
            let copy = blockRows
            var rhs = [Double](repeating: 1, count: block.count)
            let solution = try? SparseLU.solve(rows: &blockRows, rhs: &rhs, byteBudget: cycleByteBudget, threads: 1)
            if let solution, residualIsSmall(copy, [Double](repeating: 1, count: block.count), solution) { continue }
            return walk(from: first, within: Set(block), graph)
        }
        return []
    }

    /// The goods of `block` in depth-first preorder from `start` along `graph`'s edges.
    private static func walk(from start: Int, within block: Set<Int>, _ graph: SupplyGraph) -> [Int] {
        var order: [Int] = [], seen: Set<Int> = [start], stack = [start]
        while let good = stack.popLast() {
            order.append(good)
            for next in graph.successors[good].reversed() where block.contains(next) && seen.insert(next).inserted {
                stack.append(next)
            }
        }
        return order
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
