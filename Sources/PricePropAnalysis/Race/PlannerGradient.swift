import PricePropComparator
import PricePropEconomy
import PricePropSimulation

/// The backprop gradient of `V` with respect to an allocation, projected so that no good's use would grow
/// past its supply: the direction a central planner holding the economy's resources would move it.
///
/// The allocation is read as the comparator's program (see ``Adjoint``): every input slot `k` receives
/// `x_k`, and a produced good's extra supply is shared among its uses in their current proportions. The
/// reverse pass gives `u_k = ∂V/∂x_k`. Then, per input slot `k` drawing on good `g`:
///
///     fixed-price g:                        d_k = u_k − p_g      (bought from the outside world)
///     market-priced g, use = supply, Σu > 0:  d_k = u_k − mean_{j uses g} u_j
///     otherwise (slack, or Σu ≤ 0):          d_k = u_k
///
/// The middle case is the Euclidean projection onto `Σ_{j uses g} δx_j = 0`, the face where the good is
/// fully used; a step along `d` then moves the good between its uses without using more than there is.
public enum PlannerGradient {
    /// Relative slack below which a good counts as fully used.
    public static let fullUseTolerance = 1e-12

    /// `d` for every input slot at `allocation`.
    /// - Complexity: O(firms · tape length + input slots).
    public static func direction(economy: Economy, allocation: Allocation) -> [Double] {
        let adjoint = Adjoint(economy: economy, allocation: allocation)
        var d = adjoint.uses
        for (g, good) in economy.goods.enumerated() {
            let users = economy.users(of: g)
            guard !users.isEmpty else { continue }
            if let price = good.fixedPrice {
                for k in users { d[Int(k)] -= price }
                continue
            }
            var used = 0.0, total = 0.0
            for k in users {
                used += allocation.received[Int(k)]
                total += adjoint.uses[Int(k)]
            }
            guard used >= allocation.supply[g] * (1 - fullUseTolerance), total > 0 else { continue }
            let mean = total / Double(users.count)
            for k in users { d[Int(k)] -= mean }
        }
        return d
    }
}

/// A central planner doing projected gradient ascent on `V` over the allocation, with no prices and no agents.
///
/// Each tick it computes ``PlannerGradient/direction(economy:allocation:)`` `d`, steps `x ← x + η·d` (no
/// slot falling below 1% of what it had), then recomputes production level by level (a ``ForwardPass``): each
/// market-priced good's uses keep their shares of its supply (the shares the gradient was taken with) and,
/// where they would exceed the supply, are scaled down to it. The step `η` adapts: a step that raises `V` is taken and the next
/// one is 1.5 times longer; one that does not is halved and retried, up to 40 times, so `V` never falls.
public struct GradientPlanner: Sendable {
    public let economy: Economy
    public private(set) var allocation: Allocation
    /// `V` at ``allocation``.
    public private(set) var value: Double
    /// Current step length, in quantity per unit of `∂V/∂x`.
    public private(set) var stepLength: Double
    /// Ticks taken.
    public private(set) var tick = 0

    /// Starts at `allocation` (the market's tick 0 in a race). The first step moves the allocation by about
    /// a tenth of its size.
    public init(economy: Economy, allocation: Allocation) {
        self.economy = economy
        self.allocation = allocation
        value = Self.value(economy, allocation)
        let d = PlannerGradient.direction(economy: economy, allocation: allocation)
        let dNorm = norm(d), xNorm = norm(allocation.received)
        stepLength = dNorm > 0 && xNorm > 0 ? 0.1 * xNorm / dNorm : 1
    }

    /// One gradient step with a backtracking step length. `V` does not decrease.
    public mutating func step() {
        tick += 1
        let d = PlannerGradient.direction(economy: economy, allocation: allocation)
        guard norm(d) > 0 else { return }
        for _ in 0..<40 {
            if let trial = stepped(along: d, by: stepLength) {
                let v = Self.value(economy, trial)
                if v.isFinite, v > value {
                    allocation = trial
                    value = v
                    stepLength *= 1.5
                    return
                }
            }
            stepLength *= 0.5
        }
    }

    /// The allocation after a step of `eta` along `d`, recomputed downstream by the comparator's
    /// ``ForwardPass`` (shares of the current supplies, uses capped at supply); `nil` if production is undefined.
    func stepped(along d: [Double], by eta: Double) -> Allocation? {
        var received = allocation.received
        for k in received.indices { received[k] = max(received[k] + eta * d[k], 0.01 * received[k]) }
        let pass = ForwardPass(economy: economy, received: received, shareBase: allocation.supply, use: .planner)
        guard pass.output.allSatisfy(\.isFinite) else { return nil }
        return Allocation(received: pass.received, output: pass.output, supply: pass.supply)
    }

    static func value(_ economy: Economy, _ allocation: Allocation) -> Double {
        Adjoint.value(economy: economy, allocation: allocation, addingToSupplyOf: -1, delta: 0)
    }
}

/// Euclidean norm.
func norm(_ v: [Double]) -> Double {
    var total = 0.0
    for x in v { total += x * x }
    return total.squareRoot()
}

/// `a·b / (|a||b|)`, `nil` when either is zero or not finite.
public func cosineSimilarity(_ a: [Double], _ b: [Double]) -> Double? {
    precondition(a.count == b.count)
    var dot = 0.0
    for i in a.indices { dot += a[i] * b[i] }
    let scale = norm(a) * norm(b)
    guard scale > 0, scale.isFinite, dot.isFinite else { return nil }
    return dot / scale
}
