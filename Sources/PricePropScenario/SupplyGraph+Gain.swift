import PricePropExpression

// MARK: - Gains around cycles: what a unit sent round a block of goods returns

/// A cycle, or a block of cycles, of a matrix of non-negative gains between goods whose gain reaches 1: the
/// product of the entries around one cycle, or the block's spectral radius.
package struct GainingCycle: Sendable, Equatable {
    /// The goods: in cycle order (each the `from` of an edge to the next, the last of one to the first) when
    /// `isOneCycle`, otherwise the block's goods ascending.
    package var goods: [Int]
    package var gain: Double
    package var isOneCycle: Bool
    /// The `firm` of the cycle's first edge, or of the block's first edge.
    package var firm: Int
}

extension SupplyGraph {
    /// Gains from 1 − `gainSlack` on count as at least 1: rounding in the coefficients.
    package static let gainSlack = 1e-9
    /// Most multiplications the power iteration spends on one block (iterations × edges).
    static let gainIterationBudget = 50_000_000

    /// The edges with a positive coefficient whose goods share a strongly connected component of those edges,
    /// one array per component, in order of each component's lowest good.
    package static func gainBlocks(goodCount: Int, edges: [ScenarioValidator.LinearUse]) -> [[ScenarioValidator.LinearUse]] {
        let positive = edges.filter { $0.coefficient > 0 && $0.coefficient.isFinite }
        let component = SupplyGraph(goodCount: goodCount, edgeInputs: positive.map { Int32($0.from) },
                                    edgeOutputs: positive.map { Int32($0.to) }).components()
        var byComponent: [Int: [ScenarioValidator.LinearUse]] = [:], lowest: [Int: Int] = [:]
        for edge in positive where component[edge.from] == component[edge.to] {
            byComponent[component[edge.from], default: []].append(edge)
            lowest[component[edge.from]] = min(lowest[component[edge.from]] ?? edge.from, edge.from)
        }
        return byComponent.keys.sorted { (lowest[$0] ?? 0) < (lowest[$1] ?? 0) }.compactMap { byComponent[$0] }
    }

    /// The block's gain when it reaches 1 (to within ``gainSlack``): a self-loop of at least 1, else one
    /// cycle whose product reaches 1 (``ScenarioValidator/unsustainableCycle(_:)``), else the block itself at
    /// its spectral radius. The second value is the spectral radius, for a caller ranking blocks below 1.
    package static func gainingCycle(in block: [ScenarioValidator.LinearUse]) -> (GainingCycle?, radius: Double) {
        if let loop = block.filter({ $0.from == $0.to }).max(by: { $0.coefficient < $1.coefficient }),
           loop.coefficient >= 1 - gainSlack {
            return (GainingCycle(goods: [loop.from], gain: loop.coefficient, isOneCycle: true, firm: loop.firm), loop.coefficient)
        }
        let radius = spectralRadius(block)
        guard radius >= 1 - gainSlack, let first = block.first else { return (nil, radius) }
        if let cycle = ScenarioValidator.unsustainableCycle(block.filter { $0.from != $0.to }) {
            let product = cycle.reduce(1.0) { $0 * $1.coefficient }
            return (GainingCycle(goods: cycle.map(\.from), gain: product, isOneCycle: true, firm: cycle[0].firm), radius)
        }
        return (GainingCycle(goods: Array(Set(block.map(\.from))).sorted(), gain: radius, isOneCycle: false, firm: first.firm), radius)
    }

    /// The Perron root of the non-negative irreducible block `edges` (each `from → to` an entry), by power
    /// iteration on `I + B` (primitive, so it converges even for a block whose cycles share a period) between
    /// the Collatz–Wielandt bounds `min (Bx)_i / x_i ≤ ρ ≤ max (Bx)_i / x_i`. It stops once the bounds
    /// settle which side of 1 the root is on (returning that bound), agree to 1e-12, or the budget is spent
    /// (returning their midpoint).
    package static func spectralRadius(_ edges: [ScenarioValidator.LinearUse]) -> Double {
        var local: [Int: Int] = [:]
        for edge in edges where local[edge.from] == nil { local[edge.from] = local.count }
        let from = edges.map { local[$0.from] ?? 0 }, to = edges.map { local[$0.to] ?? 0 }
        var x = [Double](repeating: 1, count: local.count)
        var lower = 0.0, upper = Double.infinity
        let iterations = max(100, gainIterationBudget / max(1, edges.count))
        for _ in 0..<iterations {
            var y = x
            for (i, edge) in edges.enumerated() { y[to[i]] += edge.coefficient * x[from[i]] }
            lower = .infinity
            upper = 0
            var top = 0.0
            for i in x.indices {
                let ratio = y[i] / x[i] - 1
                lower = min(lower, ratio)
                upper = max(upper, ratio)
                top = max(top, y[i])
            }
            if lower >= 1 - gainSlack || upper < 1 - gainSlack || upper - lower <= 1e-12 * upper { break }
            for i in x.indices { x[i] = max(y[i] / top, .leastNormalMagnitude) }
        }
        if lower >= 1 - gainSlack { return lower }
        return upper < 1 - gainSlack ? upper : 0.5 * (lower + upper)
    }
}
