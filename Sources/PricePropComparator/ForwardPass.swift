import PricePropExpression
import PricePropEconomy
import PricePropSimulation

/// The allocation read as a program and run forward: the one forward pass of the comparator and the planner
/// (the tick engine's rationing pass is a market's, not this program).
///
/// Level by level downstream, each firm produces `y = f(x)` from the bundle it receives; a produced good's
/// supply is the sum of its producers' outputs and a primary good's is its endowment; then each use of a
/// market-priced good keeps its share of the good's supply, `x_k ← x_k / S⁰_g · S_g`, where `S⁰` is the
/// supply the shares were taken of. Fixed-price inputs are bought from the outside world, so their
/// quantities stay as given; so do the uses of a good whose `S⁰` is not positive. A carried good's supply
/// (one closing a cycle) is what was made of it the period before, `carried` (by default `S⁰`); what the pass
/// makes of it is the next period's, ``produced(_:economy:)``.
package struct ForwardPass {
    /// Each input slot's bundle after the pass.
    package var received: [Double]
    /// Each firm's output.
    package var output: [Double]
    /// Each good's supply.
    package var supply: [Double]
    /// Each good's total use (before the planner's scaling down to supply).
    package var used: [Double]

    /// Whose pass this is: the two differ only where the planner keeps its allocations feasible.
    package enum Use {
        /// The comparator's program: `x_k / S⁰_g · S_g`, uses left as shared even above the supply (the shares
        /// are what the reverse pass differentiates through).
        case program
        /// The planner's step: `x_k · (S_g / S⁰_g)` (its rounding since the race was written, kept so races
        /// are unchanged), and where a market-priced good's uses would exceed its supply, scaled down to it.
        case planner
    }

    /// Runs the pass from the bundles `received`, whose shares are taken of `shareBase`, with `delta`
    /// added to the supply of good `change` (none when `change` is not a good's index).
    package init(economy: Economy, received: [Double], shareBase: [Double], carried: [Double]? = nil,
                 change: Int = -1, delta: Double = 0, use: Use = .program) {
        self.received = received
        output = [Double](repeating: 0, count: economy.firmCount)
        supply = shareBase
        used = [Double](repeating: 0, count: economy.goodCount)
        // One workspace for every tape, and the firms' bundles and parameters read in place: the planner
        // runs this pass every tick.
        let workspace = Tape.Workspace(capacity: economy.tapes.reduce(1) { max($0, $1.slotCount) })
        for level in 0..<economy.levelCount {
            for f in economy.firms(atLevel: level) {
                let tape = economy.tapes[Int(economy.firmTape[f])]
                let inputs = economy.inputs(of: f), parameters = economy.parameterRange(of: f)
                output[f] = self.received.withUnsafeBufferPointer { x in
                    economy.parameterValues.withUnsafeBufferPointer { p in
                        tape.value(inputs: (x.baseAddress ?? .dummy) + inputs.lowerBound,
                                   parameters: (p.baseAddress ?? .dummy) + parameters.lowerBound, workspace: workspace)
                    }
                }
            }
            for g32 in economy.goods(atLevel: level) {
                let g = Int(g32)
                let carriedIn = economy.isCarried[g] ? carried?[g] ?? shareBase[g] : nil
                share(good: g, economy: economy, old: shareBase[g], carriedIn: carriedIn, change: change, delta: delta,
                      use: use)
            }
        }
    }

    /// Good `g`'s new supply, and its uses rescaled to keep their shares of it.
    private mutating func share(good g: Int, economy: Economy, old: Double, carriedIn: Double?, change: Int,
                                delta: Double, use: Use) {
        let item = economy.goods[g]
        var new: Double
        if let endowment = item.endowment {
            new = endowment
        } else if let carriedIn {
            new = carriedIn
        } else {
            new = 0
            for f in economy.producers(of: g) { new += output[Int(f)] }
        }
        if g == change { new += delta }
        supply[g] = new
        let users = economy.users(of: g)
        let shared = item.fixedPrice == nil && old > 0, ratio = new / old
        for k32 in users {
            let k = Int(k32)
            if shared { received[k] = use == .program ? received[k] / old * new : received[k] * ratio }
            used[g] += received[k]
        }
        if use == .planner, item.fixedPrice == nil, used[g] > new, used[g] > 0 {
            let scale = max(new, 0) / used[g]
            for k in users { received[Int(k)] *= scale }
        }
    }
}

extension ForwardPass {
    /// `V`: the net value traded at fixed prices after the pass.
    package func tradedValue(economy: Economy) -> Double {
        var value = 0.0
        for (g, item) in economy.goods.enumerated() {
            if let price = item.fixedPrice { value += price * (supply[g] - used[g]) }
        }
        return value
    }

    /// What the pass made of good `g`: its producers' outputs summed in firm order.
    package func produced(_ g: Int, economy: Economy) -> Double {
        var total = 0.0
        for f in economy.producers(of: g) { total += output[Int(f)] }
        return total
    }
}

extension Adjoint {
    /// `V` recomputed forward from `allocation` with `delta` added to the supply of good `good`, holding each
    /// input slot's share of its good's supply fixed (a ``ForwardPass``): the program whose derivative the
    /// reverse pass computes.
    ///
    /// With `delta = 0` this is the allocation's own `V`. Central differences of it check ``goods``.
    public static func value(economy: Economy, allocation: Allocation, addingToSupplyOf good: Int, delta: Double) -> Double {
        let pass = ForwardPass(economy: economy, received: allocation.received, shareBase: allocation.supply,
                               change: good, delta: delta)
        return pass.tradedValue(economy: economy)
    }

    /// `V` at the steady state of the program with `delta` added to the supply of good `good` in every period,
    /// the shares held fixed: the ``ForwardPass`` repeated, each carried good's supply what the pass before
    /// made of it, until no carried supply changes by more than `1e-15` of itself (or `iterations` passes).
    /// For an acyclic network one pass is the steady state and this is
    /// ``value(economy:allocation:addingToSupplyOf:delta:)``. Central differences of it check ``goods`` of a
    /// cyclic network, as the implicit function theorem says they should.
    public static func steadyStateValue(economy: Economy, allocation: Allocation, addingToSupplyOf good: Int,
                                        delta: Double, iterations: Int = 100_000) -> Double {
        var carried = allocation.supply
        var pass = ForwardPass(economy: economy, received: allocation.received, shareBase: allocation.supply,
                               carried: carried, change: good, delta: delta)
        for _ in 0..<iterations where economy.isCyclic {
            var largest = 0.0
            for g32 in economy.carriedGoods {
                let g = Int(g32), next = pass.produced(g, economy: economy)
                largest = max(largest, abs(next - carried[g]) / max(abs(next), .leastNormalMagnitude))
                carried[g] = next
            }
            if largest <= 1e-15 { break }
            pass = ForwardPass(economy: economy, received: allocation.received, shareBase: allocation.supply,
                               carried: carried, change: good, delta: delta)
        }
        return pass.tradedValue(economy: economy)
    }
}
