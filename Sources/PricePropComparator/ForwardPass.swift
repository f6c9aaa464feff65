import PricePropEconomy
import PricePropExpression
import PricePropSimulation

/// The allocation read as a program and run forward: the one forward pass of the comparator and the planner
/// (the tick engine's rationing pass is a market's, not this program).
///
/// Level by level downstream, each firm produces `y = f(x)` from the bundle it receives; a produced good's
/// supply is the sum of its producers' outputs and a primary good's is its endowment; then each use of a
/// market-priced good keeps its share of the good's supply, `x_k ← x_k / S⁰_g · S_g`, where `S⁰` is the
/// supply the shares were taken of. Fixed-price inputs are bought from the outside world, so their
/// quantities stay as given; so do the uses of a good whose `S⁰` is not positive.
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
    package init(economy: Economy, received: [Double], shareBase: [Double], change: Int = -1, delta: Double = 0,
                 use: Use = .program) {
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
                share(good: Int(g32), economy: economy, old: shareBase[Int(g32)], change: change, delta: delta, use: use)
            }
        }
    }

    /// Good `g`'s new supply, and its uses rescaled to keep their shares of it.
    private mutating func share(good g: Int, economy: Economy, old: Double, change: Int, delta: Double, use: Use) {
        let item = economy.goods[g]
        var new: Double
        if let endowment = item.endowment {
            new = endowment
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

extension Adjoint {
    /// `V` recomputed forward from `allocation` with `delta` added to the supply of good `good`, holding each
    /// input slot's share of its good's supply fixed (a ``ForwardPass``): the program whose derivative the
    /// reverse pass computes.
    ///
    /// With `delta = 0` this is the allocation's own `V`. Central differences of it check ``goods``.
    public static func value(economy: Economy, allocation: Allocation, addingToSupplyOf good: Int, delta: Double) -> Double {
        let pass = ForwardPass(economy: economy, received: allocation.received, shareBase: allocation.supply,
                               change: good, delta: delta)
        var value = 0.0
        for (g, item) in economy.goods.enumerated() {
            if let price = item.fixedPrice { value += price * (pass.supply[g] - pass.used[g]) }
        }
        return value
    }
}
