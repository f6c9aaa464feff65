import PricePropExpression

// MARK: - Cycles that technologies of known shape make spend at least what they earn

extension ScenarioValidator {
    /// Refuses the cycles that cannot sustain themselves whatever the prices, from the shapes of the
    /// technologies on them (``TechnologyShape``), after the linear check (components in `refused` are
    /// already reported). Both tests compare what a block of goods spends on itself with what it earns, at
    /// any steady state where the firms' first-order conditions hold (a market equilibrium), so neither
    /// refuses a scenario that has an equilibrium with positive net output:
    ///
    /// 1. **Exponents.** Where every firm making `h` is a product of powers using `g` (exponent `a_fg > 0`),
    ///    the value of `g`'s supply is at least `min_f a_fg` times the value of `h`'s (`p_g S_g ≥
    ///    Σ_f p_g x_fg = Σ_f a_fg p_h y_f`, and `Σ_f y_f = S_h` at a steady state). With `A` the matrix of
    ///    these least exponents, the goods' values `V` satisfy `V ≥ Aᵀ V`, which for a block of spectral radius
    ///    `ρ(A) ≥ 1` leaves only `V = 0` (`ρ > 1`) or every unit made used up inside the block (`ρ = 1`): no
    ///    positive net output. One cycle is named when its exponents alone multiply to at least 1.
    /// 2. **Closed blocks.** Where no firm making a good of a cycle buys anything from outside it and every
    ///    technology there is homogeneous of degree `d_f ≥ 1`, the block spends `Σ_f d_f p y_f ≥ Σ_h V_h` on
    ///    its own goods, which are worth `Σ_h V_h`: again nothing is left over.
    ///
    /// Technologies of other shapes (a CES with a primary input, `a * x + sqrt(x)`) depend on the bundle, and
    /// only the run can judge them, at the steady state it reaches (``SupplyGraph/gainingCycle(in:)`` on the
    /// adjoint's matrix).
    mutating func checkTechnologyCycles(component: [Int], refused: Set<Int>, expressions: inout [Int: Expression?]) {
        let n = scenario.goods.count
        var size = [Int](repeating: 0, count: n), selfUse = [Bool](repeating: false, count: n)
        for c in component { size[c] += 1 }
        for e in edgeInputs.indices where edgeInputs[e] == edgeOutputs[e] { selfUse[component[Int(edgeInputs[e])]] = true }
        func onCycle(_ g: Int) -> Bool { scenario.goods[g].price == nil && (size[component[g]] > 1 || selfUse[component[g]]) }
        guard (0..<n).contains(where: onCycle) else { return }
        var makers = [[Int]](repeating: [], count: n), inputs: [Int: [Int]] = [:]
        for (f, firm) in scenario.firms.enumerated() {
            if let h = goodIndex[firm.output], onCycle(h) { makers[h].append(f); inputs[f] = [] }
        }
        for e in edgeInputs.indices where inputs[Int(edgeFirms[e])] != nil { inputs[Int(edgeFirms[e])]?.append(Int(edgeInputs[e])) }
        var shapes: [Int: TechnologyShape?] = [:]
        for f in makers.joined() {
            if expressions[f] == nil { expressions[f] = .some(try? Expression(parsing: scenario.firms[f].production)) }
            let root = (expressions[f] ?? nil)?.root
            shapes[f] = .some(root.flatMap { technologyShape($0, firm: f) })
        }
        var reported = refused
        for g in 0..<n where onCycle(g) && !reported.contains(component[g]) {
            if diagnostics.contains(where: { $0.problem == .unsustainableCycle([scenario.goods[g].name]) }) { reported.insert(component[g]) }
        }
        let edges = exponentEdges(makers: makers, shapes: shapes, component: component, onCycle: onCycle)
        for block in SupplyGraph.gainBlocks(goodCount: n, edges: edges) {
            guard let first = block.first, !reported.contains(component[first.from]),
                  let found = SupplyGraph.gainingCycle(in: block).0 else { continue }
            reported.insert(component[first.from])
            report(.selfAmplifyingCycle(found.goods.map { scenario.goods[$0].name }, gain: found.gain, isOneCycle: found.isOneCycle),
                   at: JSONPath([.key("firms"), .index(found.firm), .key("production")]))
        }
        checkClosedBlocks(component: component, size: size, reported: reported, makers: makers, inputs: inputs, shapes: shapes)
    }

    /// The shape of firm `f`'s production, its own parameters before the scenario's.
    private func technologyShape(_ root: ExpressionNode, firm f: Int) -> TechnologyShape? {
        let own = scenario.firms[f].parameters
        return TechnologyShape.of(root, isGood: { goodIndex[$0] != nil }, value: { name in
            own.first { $0.name == name }?.value ?? scenario.parameters.first { $0.name == name }?.value
        })
    }

    /// The edges `g → h` of ``checkTechnologyCycles(component:refused:expressions:)``'s matrix `A`, between
    /// goods of one cycle: the least exponent of `g` over the firms making `h` (0, and no edge, when one of
    /// them is not a product of powers or does not use `g`); `firm` is the first of them.
    private func exponentEdges(makers: [[Int]], shapes: [Int: TechnologyShape?], component: [Int],
                               onCycle: (Int) -> Bool) -> [LinearUse] {
        var edges: [LinearUse] = []
        for h in makers.indices where !makers[h].isEmpty {
            guard let first = makers[h].first, let firstShape = shapes[first], let exponents = firstShape?.exponents else { continue }
            for (name, _) in exponents.sorted(by: { $0.key < $1.key }) {
                guard let g = goodIndex[name], onCycle(g), component[g] == component[h] else { continue }
                var least = Double.infinity
                for f in makers[h] { least = min(least, (shapes[f] ?? nil)?.exponents?[name] ?? 0) }
                if least > 0 { edges.append(LinearUse(from: g, to: h, coefficient: least, firm: first)) }
            }
        }
        return edges
    }

    /// Refuses each cycle (a strongly connected block of goods) whose makers buy only goods of the block and
    /// are all homogeneous of degree at least 1 (test 2 of ``checkTechnologyCycles(component:refused:expressions:)``).
    private mutating func checkClosedBlocks(component: [Int], size: [Int], reported: Set<Int>, makers: [[Int]],
                                            inputs: [Int: [Int]], shapes: [Int: TechnologyShape?]) {
        var blocks: [Int: [Int]] = [:]
        for h in makers.indices where !makers[h].isEmpty && !reported.contains(component[h]) {
            blocks[component[h], default: []].append(h)
        }
        for key in blocks.keys.sorted(by: { (blocks[$0]?.first ?? 0) < (blocks[$1]?.first ?? 0) }) {
            guard let goods = blocks[key], goods.count == size[key] else { continue }
            var lowest = Double.infinity, closed = true
            for f in goods.flatMap({ makers[$0] }) {
                guard let shape = shapes[f] ?? nil, (inputs[f] ?? []).allSatisfy({ component[$0] == key }) else { closed = false; break }
                lowest = min(lowest, shape.degree)
            }
            guard closed, lowest >= 1 - SupplyGraph.gainSlack, let first = goods.first.flatMap({ makers[$0].first }) else { continue }
            report(.closedCycle(goods.map { scenario.goods[$0].name }, degree: lowest),
                   at: JSONPath([.key("firms"), .index(first), .key("production")]))
        }
    }
}
