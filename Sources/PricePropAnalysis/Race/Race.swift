import PricePropEconomy
import PricePropMarket
import PricePropOutput
import PricePropSimulation

/// A market and a central planner started from the same allocation, side by side, tick by tick.
///
/// The market is a ``Simulation`` (firms see only their own prices). The planner is a ``GradientPlanner``:
/// it holds the same resources and climbs `V` along its backprop gradient. Both are measured against the
/// optimum from ``Equilibrium``. Each tick records `V` for both, their gaps to the optimum, and the cosine
/// between the market's allocation change and the planner's direction at the market's previous allocation:
///
///     cos_t = ⟨x_t − x_{t−1}, d(x_{t−1})⟩ / (‖x_t − x_{t−1}‖ · ‖d(x_{t−1})‖)
///
/// over input slots, `x` being what each slot received and `d` ``PlannerGradient/direction(economy:allocation:)``.
/// A cosine of 1 means the market moved exactly as gradient ascent would; 0, at right angles to it.
public struct Race: Sendable {
    public struct Options: Sendable, Equatable {
        /// Stop here if not settled; by default ``Run/Options/defaultMaxTicks``, the limit of `run` (and of the
        /// command line's `race`), so a race is given the same time to settle as a run.
        public var maxTicks: Int
        /// Fractions of the optimal `V` whose first tick is reported (see ``Runner/ticksTo``).
        public var targets: [Double]
        /// Stop once both are within this fraction of `max(1, |V*|)` of the optimum and stay there for 10 ticks.
        public var settledGap: Double
        /// Bytes the race may use for the direct solution and what it records (see ``Race/checkSize(of:options:)``).
        public var memoryLimit: Double

        public static let defaultTargets = [0.999, 0.999999]

        public init(maxTicks: Int = Run.Options.defaultMaxTicks, targets: [Double] = Options.defaultTargets, settledGap: Double = 1e-12,
                    memoryLimit: Double = Equilibrium.Options.defaultMemoryLimit) {
            self.maxTicks = maxTicks
            self.targets = targets
            self.settledGap = settledGap
            self.memoryLimit = memoryLimit
        }
    }

    /// One tick of the race.
    public struct Tick: Sendable, Equatable {
        public var tick: Int
        public var marketValue: Double
        public var plannerValue: Double
        /// `V* − V`.
        public var marketGap: Double
        public var plannerGap: Double
        /// `‖x − x*‖ / ‖x*‖` over input slots.
        public var marketDistance: Double
        public var plannerDistance: Double
        /// See ``Race``; `nil` at tick 0, when the market did not move or the planner's direction is zero.
        public var cosine: Double?
    }

    /// How one side did.
    public struct Runner: Sendable, Equatable {
        public var finalValue: Double
        /// For each target fraction `q` (in ``Options/targets`` order), the first tick from which `V` stays at or
        /// above `V* − (1 − q)·|V*|` to the end of the race (for positive `V*`, `q·V*`); `nil` if it never does.
        public var ticksTo: [Int?]
    }

    public var scenario: String
    /// `V*`, from the equilibrium solver.
    public var optimum: Double
    public var ticks: [Tick]
    public var market: Runner
    public var planner: Runner
    public var targets: [Double]
    /// Median of the cosines over ticks where the market still moves (``cosineMovementFloor``); `nil` if none.
    public var medianCosine: Double?
    /// The name of the market's clearing mechanism.
    public var mechanism: String

    /// A tick's cosine counts towards the median only if the market's allocation moved by more than this
    /// fraction of its size, so that rounding noise after convergence does not vote.
    public static let cosineMovementFloor = 1e-9

    /// Races `economy`'s market under `mechanism` against a planner from the market's tick-0 allocation.
    ///
    /// The direct solution and each market tick run on up to `threads` threads. Both cut their work into chunks
    /// that depend only on the economy and combine them in order, so every number of the race is the same bits
    /// for any `threads`; the planner's step is one pass over the input slots and stays on the calling thread.
    /// - Throws: ``EquilibriumError`` if the optimum or the starting allocation cannot be computed, among them
    ///   ``EquilibriumError/tooLarge(_:)`` when the solve outgrows the memory ``Options/memoryLimit`` leaves
    ///   after ``recordedBytes(of:maxTicks:)`` (``RaceSizeError/init(_:recorded:)`` restates it).
    /// `progress`, if given, is told the ticks raced and the market's relative gap to the optimum.
    public init(economy: Economy, mechanism: any ClearingMechanism = Tatonnement(),
                firmRule: ProfitSeekingFirm = ProfitSeekingFirm(), options: Options = Options(), threads: Int = 1,
                progress: ProgressReporter? = nil) throws(EquilibriumError) {
        let recorded = Self.recordedBytes(of: economy, maxTicks: options.maxTicks)
        let equilibrium = try Equilibrium(solving: economy,
                                          options: .init(threads: max(1, threads), memoryLimit: options.memoryLimit - recorded))
        var market: Simulation
        do { market = try Simulation(economy: economy, firmRule: firmRule, mechanism: mechanism) } catch { throw .start(error) }
        market.threads = max(1, threads)
        self.init(market: market, optimum: equilibrium, options: options, progress: progress)
    }

    /// Races `market` (at its tick 0) against a planner starting from its allocation, towards `equilibrium`'s
    /// `V`. A market that diverges stops there; its gaps then stay those of its last complete tick.
    public init(market: Simulation, optimum equilibrium: Equilibrium, options: Options = Options(),
                progress: ProgressReporter? = nil) {
        var market = market
        let economy = market.economy
        var planner = GradientPlanner(economy: economy, allocation: market.allocation)
        let optimum = equilibrium.value
        let target = equilibrium.allocation.received
        let targetNorm = max(norm(target), .leastNormalMagnitude)
        func distance(_ x: [Double]) -> Double { norm(zip(x, target).map { $0 - $1 }) / targetNorm }

        var ticks: [Tick] = []
        var cosines: [Double] = []
        var previous = market.allocation
        var marketValue = GradientPlanner.value(economy, previous)
        ticks.append(Tick(tick: 0, marketValue: marketValue, plannerValue: planner.value,
                          marketGap: optimum - marketValue, plannerGap: optimum - planner.value,
                          marketDistance: distance(previous.received), plannerDistance: distance(planner.allocation.received),
                          cosine: nil))
        let settled = options.settledGap * max(1, abs(optimum))
        var settledFor = 0
        var marketStopped = false
        while ticks.count <= options.maxTicks {
            var cosine: Double?
            if !marketStopped {
                (cosine, marketStopped) = Self.step(&market, from: &previous, value: &marketValue, cosines: &cosines)
            }
            planner.step()
            let row = Tick(tick: ticks.count, marketValue: marketValue, plannerValue: planner.value,
                           marketGap: optimum - marketValue, plannerGap: optimum - planner.value,
                           marketDistance: distance(previous.received),
                           plannerDistance: distance(planner.allocation.received), cosine: cosine)
            ticks.append(row)
            settledFor = abs(row.marketGap) <= settled && abs(row.plannerGap) <= settled ? settledFor + 1 : 0
            if let progress, row.tick & 63 == 0, progress.isDue() {
                progress.report(unit: .tick, completed: row.tick, total: options.maxTicks,
                                largestError: abs(row.marketGap) / max(1, abs(optimum)),
                                remainingUnits: Double(options.maxTicks - row.tick))
            }
            if settledFor >= 10 || (marketStopped && abs(row.plannerGap) <= settled) { break }
        }

        scenario = economy.name
        self.optimum = optimum
        self.ticks = ticks
        self.market = Self.runner(ticks.map(\.marketValue), targets: options.targets, optimum: optimum)
        self.planner = Self.runner(ticks.map(\.plannerValue), targets: options.targets, optimum: optimum)
        targets = options.targets
        medianCosine = median(cosines)
        mechanism = market.mechanism.name
    }

    /// One market tick from `previous`: the cosine of its move with the planner's gradient there (kept in
    /// `cosines` when the move is not negligible) and whether the market stopped (a fault), its state then
    /// left at the last complete tick.
    private static func step(_ market: inout Simulation, from previous: inout Allocation, value: inout Double,
                             cosines: inout [Double]) -> (cosine: Double?, stopped: Bool) {
        let direction = PlannerGradient.direction(economy: market.economy, allocation: previous)
        do {
            try market.step()
        } catch {
            return (nil, true)
        }
        let current = market.allocation
        let move = zip(current.received, previous.received).map { $0 - $1 }
        let cosine = cosineSimilarity(move, direction)
        if let c = cosine, norm(move) > cosineMovementFloor * norm(previous.received) { cosines.append(c) }
        previous = current
        value = GradientPlanner.value(market.economy, current)
        return (cosine, false)
    }

    /// A runner's final value and the ticks it took to reach each target fraction of the optimum.
    private static func runner(_ values: [Double], targets: [Double], optimum: Double) -> Runner {
        Runner(finalValue: values.last ?? .nan, ticksTo: targets.map { q in
            let threshold = optimum - (1 - q) * abs(optimum)
            guard let last = values.lastIndex(where: { !($0 >= threshold) }) else { return 0 }
            return last + 1 < values.count ? last + 1 : nil
        })
    }
}
