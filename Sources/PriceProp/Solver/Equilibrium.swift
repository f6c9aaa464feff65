import Foundation

/// Why the equilibrium could not be set up.
public enum EquilibriumError: Error, Sendable, Equatable {
    /// A market-priced good that no firm uses has no finite positive equilibrium price.
    case unusedGood(String)
    /// An intermediate good that no firm makes cannot meet a positive demand.
    case unsuppliedGood(String)
    /// The starting allocation could not be computed.
    case start(SimulationFault)

    public var message: String {
        switch self {
        case let .unusedGood(name): return "good '\(name)' is priced by the market but no firm uses it"
        case let .unsuppliedGood(name): return "good '\(name)' has neither an endowment, a fixed price nor a producer"
        case let .start(fault): return "the starting allocation failed: \(fault.message)"
        }
    }
}

/// The competitive equilibrium computed directly, without agents: the ground truth a market run is judged against.
///
/// Newton's method on ``EquilibriumSystem`` (each firm's first-order conditions `p_out · ∂f/∂xᵢ = pᵢ` and
/// market clearing `D_g = S_g`), with the exact Jacobian from the tapes' gradients and Hessians and a
/// backtracking line search on the merit `½‖F‖²`. It starts from the engine's tick-0 allocation with each
/// market price at the backprop derivative `∂V/∂S_g` there. For concave technologies the equilibrium also
/// maximises `V` over feasible allocations, so ``value`` is the optimum the race measures against.
public struct Equilibrium: Sendable {
    public struct Options: Sendable, Equatable {
        /// Converged when every scaled equation (relative first-order gap, relative excess demand) is at most this.
        public var tolerance: Double
        /// Newton iterations allowed.
        public var maxIterations: Int

        public static let defaultTolerance = 1e-12

        public init(tolerance: Double = Options.defaultTolerance, maxIterations: Int = 100) {
            self.tolerance = tolerance
            self.maxIterations = maxIterations
        }
    }

    /// One scenario firm entry at the equilibrium; each of its `count` firms does the same.
    public struct EntryRow: Sendable, Equatable {
        public var name: String
        public var count: Int
        /// The good it makes.
        public var output: String
        /// Its input goods, in its production function's order.
        public var inputs: [String]
        /// What one firm buys of each input.
        public var quantities: [Double]
        /// What one firm makes.
        public var production: Double
    }

    public var scenario: String
    /// Whether ``residual`` reached the tolerance.
    public var converged: Bool
    /// Newton iterations taken.
    public var iterations: Int
    /// `‖F‖∞` at the answer: the largest relative first-order gap or relative excess demand.
    public var residual: Double
    /// `‖F‖∞` before each iteration and at the end, `iterations + 1` values.
    public var residualHistory: [Double]
    /// Price of every good (fixed-price goods: their price).
    public var prices: [Double]
    /// Demand of every good (fixed-price goods: what firms buy from outside).
    public var demand: [Double]
    /// What every input slot receives and every firm makes, and each good's supply.
    public var allocation: Allocation
    public var entries: [EntryRow]
    /// The prices against the backprop derivatives of `V` at the equilibrium allocation.
    public var comparison: Comparison
    public var tolerance: Double

    /// `V`, the net value traded at fixed prices at the equilibrium.
    public var value: Double { comparison.value }

    /// Solves for the equilibrium of `economy`.
    /// - Throws: ``EquilibriumError`` when a priced good is unused or unsupplied, or tick 0 fails.
    /// - Complexity: O(iterations · (unknowns³ + Σ entries inputs · tape length)); unknowns are the entries'
    ///   inputs plus the market-priced goods, independent of how many firms each entry has.
    public init(solving economy: Economy, options: Options = Options()) throws(EquilibriumError) {
        let system = try EquilibriumSystem(economy: economy)
        let start: Simulation
        do { start = try Simulation(economy: economy) } catch { throw .start(error) }
        let allocation = start.allocation
        let adjoint = Adjoint(economy: economy, allocation: allocation, prices: start.prices)
        let quantities = system.entryFirstFirm.map { f in economy.inputs(of: f).map { allocation.received[$0] } }
        var prices = start.prices
        for g in system.pricedGoods where adjoint.goods[g] > 0 && adjoint.goods[g].isFinite { prices[g] = adjoint.goods[g] }
        var z = system.unknowns(quantities: quantities, prices: prices)

        func norm(_ f: [Double]) -> Double { f.reduce(0) { max($0, abs($1)) } }
        func merit(_ f: [Double]) -> Double {
            var total = 0.0
            for v in f { total += v * v }
            return total.isFinite ? 0.5 * total : .infinity
        }
        var (f, j) = system.evaluate(z, jacobian: true)
        var history = [norm(f)]
        var iterations = 0
        while iterations < options.maxIterations, !(history[iterations] <= options.tolerance) {
            guard var step = LinearSolve.solve(j, f.map { -$0 }) else { break }
            // Keep one iteration from moving any quantity or price by more than a factor e³.
            let largest = step.reduce(0) { max($0, abs($1)) }
            if largest > 3 { step = step.map { $0 * 3 / largest } }
            let m0 = merit(f)
            var t = 1.0, accepted = false
            while t >= 1e-12 {
                let trial = zip(z, step).map { $0 + t * $1 }
                let (ft, _) = system.evaluate(trial, jacobian: false)
                if merit(ft) <= (1 - 1e-4 * t) * m0 {
                    z = trial
                    accepted = true
                    break
                }
                t *= 0.5
            }
            iterations += 1
            (f, j) = system.evaluate(z, jacobian: true)
            history.append(norm(f))
            if !accepted { break }
        }

        let (pt, _, _) = system.point(z)
        let solved = system.allocation(pt)
        scenario = economy.name
        residual = history[history.count - 1]
        converged = residual <= options.tolerance
        self.iterations = iterations
        residualHistory = history
        self.prices = pt.prices
        demand = pt.demand
        self.allocation = solved
        entries = system.entryCount.indices.map { e in
            EntryRow(name: economy.firmEntryNames[e], count: Int(system.entryCount[e]),
                     output: economy.goods[system.entryOutput[e]].name,
                     inputs: system.entryInputs[e].map { economy.goods[$0].name },
                     quantities: pt.quantities[e], production: pt.production[e])
        }
        comparison = Comparison(economy: economy, allocation: solved, prices: pt.prices)
        tolerance = options.tolerance
    }
}

extension Equilibrium {
    /// The largest relative difference between these equilibrium prices and `prices` over market-priced
    /// goods: how far a market run is from the ground truth. Infinite if a price is not finite.
    public func distance(toPrices prices: [Double]) -> Double {
        var largest = 0.0
        for row in comparison.goods.indices where comparison.goods[row].isMarketPriced {
            largest = max(largest, relativeDifference(self.prices[row], prices[row]))
        }
        return largest
    }
}
