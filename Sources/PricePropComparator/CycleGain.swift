import PricePropBasics
import PricePropEconomy
import PricePropScenario
import PricePropSimulation

/// A cycle of the supply network that returns at least what it takes at an allocation, or the block of
/// cycles a singular adjoint system sits on: the run-time diagnosis of a cycle that cannot sustain itself.
///
/// `M` is the matrix of the fixed-point adjoint (``ReversePass/solveCycles(economy:)``): `M_hg` sums
/// `s_k · ∂f/∂x_k` over the slots `k` using good `g` in firms making `h`. A unit more of `g` in every period
/// makes `M_hg` more of `h` directly, so a cycle `g₁ → g₂ → … → g₁` returns the product of its entries of
/// each unit sent round, and a strongly connected block of goods returns its spectral radius (the Perron
/// root, for the non-negative entries). A gain of at least 1 leaves no steady state with positive net
/// output there: for a non-negative irreducible block `B` with `ρ(B) ≥ 1`, no non-negative `λ ≠ 0` has
/// `λ ≥ Bᵀλ` (the subinvariance theorem), so the adjoint is singular or has a negative entry.
public struct CycleGain: Sendable, Equatable {
    /// The goods, by index: in cycle order (each an input of a firm making the next, the last an input of a
    /// firm making the first) when ``isOneCycle``, otherwise the block's goods ascending.
    public var goods: [Int]
    /// What one unit of a good on it returns when sent round: the product of `M`'s entries around the cycle,
    /// or the block's spectral radius.
    public var gain: Double
    /// Whether one cycle explains the gain (otherwise several cycles of the block do together).
    public var isOneCycle: Bool

    /// Gains from 1 − ``slack`` on count as at least 1: rounding in the shares and marginal products.
    public static let slack = SupplyGraph.gainSlack
    /// Most goods a message names; a larger block is named by its first goods and a count.
    public static let namedGoods = 12

    /// Whether each unit sent round comes back undiminished (to within ``slack``).
    public var returnsAtLeastWhatItTakes: Bool { gain >= 1 - Self.slack }

    /// The diagnosis in words: `the cycle steel -> machines -> steel returns 3.41 of each unit it takes`,
    /// or for a block `the cycles through steel, machines and iron return 1.2 of each unit together`.
    public func description(goodNames: [String]) -> String {
        let gainText = NumberText.significant(gain, digits: 3)
        if isOneCycle {
            let names = goods.prefix(Self.namedGoods).map { goodNames[$0] }
            let route = goods.count > Self.namedGoods
                ? names.joined(separator: " -> ") + " -> ... (\(goods.count) goods) -> " + goodNames[goods[0]]
                : (names + [goodNames[goods[0]]]).joined(separator: " -> ")
            return "the cycle \(route) returns \(gainText) of each unit it takes"
        }
        var names = goods.prefix(Self.namedGoods).map { goodNames[$0] }
        if goods.count > Self.namedGoods { names.append("\(goods.count - Self.namedGoods) more") }
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "") : names.joined()
        return "the cycles through \(list) return \(gainText) of each unit together"
    }
}

extension Adjoint {
    /// The cycle of `economy` with the largest gain at `allocation` among those returning at least what they
    /// take (``CycleGain``), or nil when every cycle returns less, or the network is acyclic.
    /// - Complexity: O(input slots) for the matrix, then per block of goods a bounded power iteration and,
    ///   when its gain reaches 1, the cycle search (``SupplyGraph/gainingCycle(in:)``).
    package static func unsustainableCycle(economy: Economy, allocation: Allocation) -> CycleGain? {
        guard economy.isCyclic else { return nil }
        let pass = ReversePass(economy: economy, allocation: allocation, threads: 1)
        defer { pass.deallocate() }
        pass.marginalProducts(firms: 0..<economy.firmCount, worker: 0)
        return pass.cycleGain(economy: economy, singular: false)
    }
}

extension ReversePass {
    /// The diagnosis of ``CycleGain`` at the pass's allocation: the first block of market-priced goods (in
    /// order of its lowest good) whose gain reaches 1, as one cycle where one explains it. When `singular`
    /// (the solve failed) and no block's gain reaches 1, the block with the largest gain, which the singular
    /// system sits on.
    func cycleGain(economy: Economy, singular: Bool) -> CycleGain? {
        var largest: CycleGain?
        for block in SupplyGraph.gainBlocks(goodCount: economy.goodCount, edges: gainEdges(economy: economy)) {
            let (found, radius) = SupplyGraph.gainingCycle(in: block)
            if let found { return CycleGain(goods: found.goods, gain: found.gain, isOneCycle: found.isOneCycle) }
            if singular, radius > largest?.gain ?? -.infinity {
                largest = CycleGain(goods: Array(Set(block.map(\.from))).sorted(), gain: radius, isOneCycle: false)
            }
        }
        return largest
    }

    /// `M`'s entries between market-priced goods, repeated slots summed; `firm` is the firm entry of the
    /// first slot of each.
    private func gainEdges(economy: Economy) -> [ScenarioValidator.LinearUse] {
        let n = economy.goodCount
        var edges: [ScenarioValidator.LinearUse] = [], position: [Int: Int] = [:]
        for g in 0..<n where !isFixed[g] {
            let lo = Int(net.userStart[g]), hi = Int(net.userStart[g + 1])
            for u in lo..<hi {
                let k = Int(net.users[u]), firm = Int(economy.inputFirm[k]), h = Int(net.firmOutput[firm])
                guard !isFixed[h] else { continue }
                let share = supply[g] > 0 ? received[k] / supply[g] : 1 / Double(hi - lo)
                let coefficient = share * marginal[k]
                guard coefficient.isFinite else { continue }
                if let i = position[g * n + h] {
                    edges[i].coefficient += coefficient
                } else {
                    position[g * n + h] = edges.count
                    edges.append(.init(from: g, to: h, coefficient: coefficient, firm: Int(economy.firmEntry[firm])))
                }
            }
        }
        return edges
    }
}
