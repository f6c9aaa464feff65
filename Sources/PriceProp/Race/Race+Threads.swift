// MARK: - A race on several threads

extension Race {
    /// Races `economy` as ``init(economy:mechanism:firmRule:options:progress:)`` does, with the direct solution
    /// and each market tick on up to `threads` threads. Both cut their work into chunks that depend only on the
    /// economy and combine them in order, so every number of the race is the same bits for any `threads`; the
    /// planner's step is one pass over the input slots and stays on the calling thread.
    /// - Throws: ``EquilibriumError`` if the optimum or the starting allocation cannot be computed.
    public init(economy: Economy, mechanism: any ClearingMechanism = Tatonnement(),
                firmRule: ProfitSeekingFirm = ProfitSeekingFirm(), options: Options = Options(), threads: Int,
                progress: ProgressReporter? = nil) throws(EquilibriumError) {
        let equilibrium = try Equilibrium(solving: economy, options: Equilibrium.Options(threads: max(1, threads)))
        var market: Simulation
        do { market = try Simulation(economy: economy, firmRule: firmRule, mechanism: mechanism) } catch { throw .start(error) }
        market.threads = max(1, threads)
        self.init(market: market, optimum: equilibrium, options: options, progress: progress)
    }
}
