import PricePropExpression

// MARK: - Cycles of linear uses that return at least what they take

extension ScenarioValidator {
    /// Most edge relaxations the search spends on one cycle of the network (goods × linear edges); a larger
    /// block of linear uses is left to the run, whose adjoint finds such a cycle at the steady state.
    static let linearCycleSearchBudget = 50_000_000

    /// One linear use on a cycle: a firm making good `to` with production `a * from + ...`, `a > 0`; also
    /// any edge of a matrix of gains between goods (``SupplyGraph/gainBlocks(goodCount:edges:)``).
    package struct LinearUse: Equatable, Sendable {
        package var from: Int, to: Int
        package var coefficient: Double
        /// The firm entry (the first with the largest coefficient on this edge).
        package var firm: Int

        package init(from: Int, to: Int, coefficient: Double, firm: Int) {
            (self.from, self.to, self.coefficient, self.firm) = (from, to, coefficient, firm)
        }
    }

    /// Refuses each cycle of the supply network (a strongly connected block of goods, self-use apart, which
    /// the firm checks judge) along which linear uses return at least what they take.
    ///
    /// A firm making `g` with production `a * h + (terms without h)` turns each unit of `h` into `a` units of
    /// `g`, whatever its other inputs; at prices where it buys `h`, `p_g · a = p_h`. Around a cycle
    /// `h₁ → h₂ → … → h₁` of such uses the prices then give `p_{h₁} ≥ (a₁ a₂ … a_k) · p_{h₁}`: a product of at
    /// least 1 leaves no steady state with positive prices and positive net output (a unit sent round comes
    /// back undiminished). Where several firms make `g` from `h` the largest coefficient counts (the best
    /// route); a use of any other shape is no linear edge, and only the steady state can judge it.
    mutating func checkLinearCycles() {
        guard !edgeInputs.isEmpty else { return }
        let graph = SupplyGraph(goodCount: scenario.goods.count, edgeInputs: edgeInputs, edgeOutputs: edgeOutputs)
        let component = graph.components()
        var uses: [LinearUse] = [], position: [Int: Int] = [:]
        var expressions: [Int: Expression?] = [:]
        for e in edgeInputs.indices {
            let from = Int(edgeInputs[e]), to = Int(edgeOutputs[e]), firm = Int(edgeFirms[e])
            guard from != to, component[from] == component[to] else { continue }
            if expressions[firm] == nil { expressions[firm] = .some(try? Expression(parsing: scenario.firms[firm].production)) }
            guard let parsed = expressions[firm], let expression = parsed,
                  let a = Self.linearCoefficient(of: scenario.goods[from].name, in: expression), a > 0, a.isFinite
            else { continue }
            let key = from * scenario.goods.count + to
            if let i = position[key] {
                if a > uses[i].coefficient { uses[i] = LinearUse(from: from, to: to, coefficient: a, firm: firm) }
            } else {
                position[key] = uses.count
                uses.append(LinearUse(from: from, to: to, coefficient: a, firm: firm))
            }
        }
        let byComponent = Dictionary(grouping: uses) { component[$0.from] }
        var refused = Set<Int>()
        for key in byComponent.keys.sorted() {
            guard let block = byComponent[key], let cycle = Self.unsustainableCycle(block) else { continue }
            refused.insert(key)
            report(.unsustainableCycle(cycle.map { scenario.goods[$0.from].name }),
                   at: JSONPath([.key("firms"), .index(cycle[0].firm), .key("production")]))
        }
        checkTechnologyCycles(component: component, refused: refused, expressions: &expressions)
    }

    /// A cycle of `uses` whose coefficients multiply to at least 1 (to within 1e-9 a use), as its uses in
    /// order (each one's `to` the next one's `from`), starting at its lowest-numbered good; nil when there is
    /// none or the block is over ``linearCycleSearchBudget``.
    ///
    /// Bellman-Ford for the longest path in `ln a + 1e-9`: a round that still lengthens a path after as many
    /// rounds as the block has goods proves a cycle of positive length, and the predecessors lead onto it.
    /// - Complexity: O(goods × uses) in the block.
    package static func unsustainableCycle(_ uses: [LinearUse]) -> [LinearUse]? {
        var local: [Int: Int] = [:]
        for use in uses {
            for good in [use.from, use.to] where local[good] == nil { local[good] = local.count }
        }
        let n = local.count, slack = 1e-9
        guard n >= 2, n * uses.count <= linearCycleSearchBudget else { return nil }
        let weights = uses.map { ElementaryFunctions.log($0.coefficient) + slack }
        var length = [Double](repeating: 0, count: n), predecessor = [Int](repeating: -1, count: n)
        var lengthened = -1
        for _ in 0...n {
            lengthened = -1
            for (i, use) in uses.enumerated() {
                let from = local[use.from] ?? 0, to = local[use.to] ?? 0
                if length[from] + weights[i] > length[to] {
                    length[to] = length[from] + weights[i]
                    predecessor[to] = i
                    lengthened = to
                }
            }
            if lengthened < 0 { return nil }
        }
        // Every good lengthened has a predecessor; one reached without one means no cycle was proved.
        var good = lengthened
        for _ in 0..<n {
            guard predecessor[good] >= 0 else { return nil }
            good = local[uses[predecessor[good]].from] ?? 0
        }
        var cycle: [LinearUse] = [], at = good
        repeat {
            guard predecessor[at] >= 0 else { return nil }
            let use = uses[predecessor[at]]
            cycle.append(use)
            at = local[use.from] ?? 0
        } while at != good && cycle.count <= n
        guard at == good else { return nil }
        cycle.reverse()
        let total = cycle.reduce(0.0) { $0 + ElementaryFunctions.log($1.coefficient) }
        guard total >= -slack * Double(cycle.count) else { return nil }
        let start = cycle.indices.min { cycle[$0].from < cycle[$1].from } ?? 0
        return Array(cycle[start...]) + cycle[..<start]
    }
}
