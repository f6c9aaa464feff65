import Foundation
import PricePropComparator
import PricePropEconomy
import PricePropSimulation

/// The competitive equilibrium computed directly, without agents: the ground truth a market run is judged against.
///
/// The equilibrium is the solution of the complementarity problem of ``EquilibriumSystem``: every firm buys
/// each input up to where its price equals its marginal value `p_out · ∂f/∂xᵢ`, or none of it where the price
/// is higher; every market-priced good clears, or is left over at price exactly 0. Newton's method solves it
/// on the Fischer-Burmeister form with a backtracking line search on `½‖φ‖²`, switching to the `min` form
/// (an active-set step) once `‖φ‖∞ ≤ 10⁻⁶`, which lands unused inputs and free goods on exact zeros. Each
/// Newton direction eliminates the firms' blocks and solves a sparse reduced system in the market prices (see
/// ``EquilibriumSystem/direction(_:_:scales:ncp:memoryLimit:reserved:)``), with the exact gradients and Hessians of the
/// tapes. At the answer every firm's technology must curve downward (or not at all) over the inputs it uses,
/// or the point is a profit minimum or saddle and is refused (``EquilibriumError/notAMaximum(_:)``).
///
/// It starts from the engine's tick-0 allocation with each market price at the backprop derivative `∂V/∂S_g`
/// there. For concave technologies the equilibrium also maximises `V` over feasible allocations, so ``value``
/// is the optimum the race measures against.
public struct Equilibrium: Sendable {
    /// How hard to try, on how many threads, within how much memory.
    public struct Options: Sendable, Equatable {
        /// Converged when the largest relative violation of the conditions (see ``Equilibrium/residual``) is at
        /// most this.
        public var tolerance: Double
        /// Newton iterations allowed.
        public var maxIterations: Int
        /// Threads for the firms' blocks and the reduced system; the answer is the same bits for any count.
        public var threads: Int
        /// Bytes the solver may use; a larger estimate is refused before anything is allocated.
        public var memoryLimit: Double

        /// The default ``tolerance``.
        public static let defaultTolerance = 1e-12
        /// Half the machine's physical memory.
        public static var defaultMemoryLimit: Double { Double(ProcessInfo.processInfo.physicalMemory) / 2 }

        public init(tolerance: Double = Options.defaultTolerance, maxIterations: Int = 100, threads: Int = 1,
                    memoryLimit: Double = Options.defaultMemoryLimit) {
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.threads = threads
            self.memoryLimit = memoryLimit
        }
    }

    /// One scenario firm entry at the equilibrium; each of its `count` firms does the same.
    public struct EntryRow: Sendable, Equatable {
        /// The entry's name in the scenario.
        public var name: String
        /// How many identical firms it has.
        public var count: Int
        /// The good it makes.
        public var output: String
        /// Its input goods, in its production function's order.
        public var inputs: [String]
        /// What one firm buys of each input (exactly 0 for an input it does not use).
        public var quantities: [Double]
        /// What one firm makes.
        public var production: Double
    }

    /// The scenario's name.
    public var scenario: String
    /// Whether ``residual`` reached the tolerance.
    public var converged: Bool
    /// Newton iterations taken.
    public var iterations: Int
    /// The largest relative violation of the equilibrium conditions at the answer: for a used input
    /// `|p − m| / max(p, m)` with `m` its marginal value, for an unused one `max(0, m − p) / max(p, m)`, for a
    /// priced good `|S − D| / max(S, D)`, for a free one `max(0, D − S) / max(S, D)`.
    public var residual: Double
    /// ``residual`` before each iteration and at the end of each start tried (`iterations + 1` values, one
    /// more when the solver restarted from the market's settled state).
    public var residualHistory: [Double]
    /// Price of every good (fixed-price goods: their price; free goods: exactly 0).
    public var prices: [Double]
    /// Demand of every good (fixed-price goods: what firms buy from outside).
    public var demand: [Double]
    /// What every input slot receives and every firm makes, and each good's supply.
    public var allocation: Allocation
    /// Every scenario firm entry at the equilibrium, in scenario order.
    public var entries: [EntryRow]
    /// The prices against the backprop derivatives of `V` at the equilibrium allocation.
    public var comparison: Comparison
    /// The tolerance it was solved to.
    public var tolerance: Double

    /// `V`, the net value traded at fixed prices at the equilibrium.
    public var value: Double { comparison.value }

    /// Solves for the equilibrium of `economy`.
    /// - Throws: ``EquilibriumError``: an intermediate good nobody supplies, tick 0 failing, a reduced system
    ///   larger than `options.memoryLimit` (estimated before allocating, its fill counted as it arrives), or a
    ///   stationary point that is not a profit maximum.
    /// - Complexity: per iteration O(Σ entries (k³ + k · tape length)) plus the sparse factorisation of the
    ///   reduced system, O(Σ entries k² + F) memory, with `k` an entry's inputs and `F` the reduced system's
    ///   nonzeros after fill, independent of how many firms each entry has.
    public init(solving economy: Economy, options: Options = Options()) throws(EquilibriumError) {
        try self.init(solving: economy, start: nil, options: options)
    }

    /// Solves for the equilibrium of `economy` by Newton's method started from `start`, a state near the
    /// answer (an equilibrium of a slightly different economy, or a market's settled state), with the scales
    /// taken there; no restart from the market if it fails.
    /// - Throws: as ``init(solving:options:)``.
    public init(solving economy: Economy, from start: Start, options: Options = Options()) throws(EquilibriumError) {
        try self.init(solving: economy, start: start, options: options)
    }

    private init(solving economy: Economy, start: Start?, options: Options) throws(EquilibriumError) {
        let system = try EquilibriumSystem(economy: economy, threads: options.threads)
        let bytes = Self.estimatedBytes(system)
        guard bytes <= options.memoryLimit else {
            throw .tooLarge(.init(reducedUnknowns: system.pricedGoods.count, prices: system.pricedGoods.count,
                                  bytes: bytes, limit: options.memoryLimit))
        }
        var newton: Newton
        if let start {
            newton = try Self.newton(system, from: Self.start(system, at: start), options: options)
        } else {
            newton = try Self.newton(system, from: Self.start(system), options: options, abandoning: Self.patience)
            if newton.abandoned, let settled = try Self.settledStart(system) {
                var rest = options
                rest.maxIterations -= newton.iterations
                let again = try Self.newton(system, from: settled, options: rest)
                newton = Newton(point: again.point, evaluation: again.evaluation, iterations: newton.iterations + again.iterations,
                                history: newton.history + again.history, converged: again.converged)
            }
        }
        let point = newton.point, evaluation = newton.evaluation
        let converged = newton.converged
        if let failure = converged ? system.firstProfitMinimum(point) : nil { throw .notAMaximum(failure) }
        let history = newton.history, iterations = newton.iterations

        let allocation = system.allocation(point, evaluation)
        scenario = economy.name
        residual = evaluation.gap
        self.converged = converged
        self.iterations = iterations
        residualHistory = history
        prices = point.prices
        demand = evaluation.demand
        self.allocation = allocation
        entries = Self.entryRows(system, economy, point, evaluation)
        comparison = Comparison(economy: economy, allocation: allocation, prices: point.prices, threads: options.threads)
        tolerance = options.tolerance
    }

    /// One row per firm entry: its firms, goods, quantities per firm and production at `point`.
    private static func entryRows(_ system: EquilibriumSystem, _ economy: Economy, _ point: EquilibriumSystem.Point,
                                  _ evaluation: EquilibriumSystem.Evaluation) -> [EntryRow] {
        (0..<system.entryCount).map { e in
            let range = system.slots(of: e)
            return EntryRow(name: economy.firmEntryNames[e], count: Int(system.firms[e]),
                            output: economy.goods[system.output[e]].name,
                            inputs: range.map { economy.goods[system.slotGood[$0]].name },
                            quantities: Array(point.quantities[range]), production: evaluation.production[e])
        }
    }

    /// Smooth steps keep every unknown at least this fraction of its value, until it is this small against
    /// its scale.
    static let boundaryFraction = 0.01, nearZero = 1e-6

    /// `point + t · step`, kept in quantities and prices `≥ 0`.
    ///
    /// On the smooth form (`ncp` Fischer-Burmeister) no unknown falls below ``boundaryFraction`` of its value
    /// in one step, unless it is already within ``nearZero`` of 0 relative to its scale: an unknown heading
    /// for a corner gets there geometrically, then lands on it. A step that overshoots far past 0 therefore
    /// cannot put a quantity on a corner where a production function's derivatives are not what they are
    /// just inside (`∂f/∂x` of a CES with `ρ < 0` is infinite as `x → 0` but evaluates to a finite number at
    /// 0), nor a price on a corner that the next step must climb out of. The active-set step (`min`) projects
    /// onto 0, and an unknown it sends to 0 (to rounding, at `t = 1`) lands on exactly 0.
    static func moved(_ point: EquilibriumSystem.Point, by step: (quantities: [Double], prices: [Double]),
                      _ t: Double, ncp: NCPFunction, scales: EquilibriumSystem.Scales) -> EquilibriumSystem.Point {
        let smooth: Bool
        if case .fischerBurmeister = ncp { smooth = true } else { smooth = false }
        func move(_ value: Double, _ delta: Double, scale: Double) -> Double {
            let moved = value + t * delta
            if smooth, moved < boundaryFraction * value, value > nearZero * scale { return boundaryFraction * value }
            return moved > 0 && !(t == 1 && abs(moved) <= 1e-12 * abs(value)) ? moved : 0
        }
        var result = point
        for s in result.quantities.indices {
            result.quantities[s] = move(point.quantities[s], step.quantities[s], scale: scales.quantity[s])
        }
        for g in result.prices.indices where step.prices[g] != 0 {
            result.prices[g] = move(point.prices[g], step.prices[g], scale: scales.price[g])
        }
        return result
    }
}
