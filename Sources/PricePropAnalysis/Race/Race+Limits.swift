import PricePropEconomy

// MARK: - How large a race may be

extension Race {
    /// The most ticks a race records (one row of a few numbers each).
    public static let maximumTicks = 1_000_000

    /// Bytes a race holds beyond the economy and the direct solution: its recorded ticks, each kept as a
    /// ``Tick`` and again as a row of its CSV table and of its figure's series (about 400 bytes in all), and the
    /// allocations it compares tick by tick (about ten arrays of one number per input slot, market and planner).
    public static func recordedBytes(of economy: Economy, maxTicks: Int) -> Double {
        let perTick = Double(MemoryLayout<Tick>.stride) + 330
        return perTick * Double(max(maxTicks, 0) + 1) + 80 * Double(economy.inputSlotCount)
    }

    /// Throws, before anything large is allocated, when racing `economy` would need more than
    /// `options.memoryLimit`: the direct solution as the solver estimates it
    /// (``EquilibriumError/tooLarge(_:)``) plus ``recordedBytes(of:maxTicks:)``. An economy the solver cannot
    /// even set up (a good nobody supplies) passes; the race then reports that error itself.
    public static func checkSize(of economy: Economy, options: Options) throws(RaceSizeError) {
        let recorded = recordedBytes(of: economy, maxTicks: options.maxTicks)
        guard let system = try? EquilibriumSystem(economy: economy, threads: 1) else { return }
        let solve = EquilibriumError.TooLarge(reducedUnknowns: system.pricedGoods.count, prices: system.pricedGoods.count,
                                              bytes: Equilibrium.estimatedBytes(system), limit: options.memoryLimit)
        if solve.bytes + recorded > options.memoryLimit { throw RaceSizeError(solve: solve, recorded: recorded) }
    }
}

/// A race refused before it starts because its direct solution and what it records would not fit in the
/// memory allowed.
public struct RaceSizeError: Error, Sendable, Equatable {
    /// The direct solution's size as the solver estimates it; its `limit` is the race's whole limit.
    public var solve: EquilibriumError.TooLarge
    /// ``Race/recordedBytes(of:maxTicks:)``.
    public var recorded: Double

    public init(solve: EquilibriumError.TooLarge, recorded: Double) {
        self.solve = solve
        self.recorded = recorded
    }

    /// The solver's refusal during a race (an entry kept in the reduced system made it outgrow the memory
    /// left after `recorded`), restated as the race's; `nil` for the solver's other errors.
    public init?(_ error: EquilibriumError, recorded: Double) {
        guard case var .tooLarge(solve) = error else { return nil }
        solve.limit += recorded
        self.init(solve: solve, recorded: recorded)
    }

    /// The reason in words.
    public var message: String {
        let unknowns = solve.reducedUnknowns > solve.prices
            ? "\(solve.reducedUnknowns) unknowns (\(solve.prices) market prices and \(solve.reducedUnknowns - solve.prices) inputs with constant marginal products)"
            : "\(solve.reducedUnknowns) unknowns"
        return "a race first solves for the equilibrium directly: about \(EquilibriumError.bytesText(solve.bytes)) "
            + "for the sparse reduced system of \(unknowns), plus \(EquilibriumError.bytesText(recorded)) for the ticks it records, "
            + "more than the limit of \(EquilibriumError.bytesText(solve.limit)); "
            + (recorded > solve.bytes ? "record fewer ticks (--max-ticks)" : "use 'priceprop run' for networks this large")
    }
}
