import PricePropSimulation

/// How far a market run ended from the equilibrium computed directly: the ground truth beside the gradient.
public struct GroundTruthCheck: Sendable, Equatable {
    /// The largest relative price difference to ``Equilibrium``'s prices; `nil` when not computed.
    public var distance: Double?
    /// Why it was not computed, when it was not.
    public var reason: String?

    /// Economies with more firm entries than this are not solved directly here, so that the check never takes
    /// longer than a short run (use `priceprop solve` explicitly).
    public static let entryLimit = 200

    /// Solves the simulation's current economy (with any shocks applied) and compares its prices.
    public init(_ simulation: Simulation) {
        let economy = simulation.economy
        guard economy.firmEntryNames.count <= Self.entryLimit else {
            reason = "more than \(Self.entryLimit) firm entries; run 'priceprop solve' for the direct solution"
            return
        }
        do {
            let equilibrium = try Equilibrium(solving: economy)
            guard equilibrium.converged else {
                reason = "the direct solver did not converge"
                return
            }
            distance = equilibrium.distance(toPrices: simulation.prices, in: economy)
        } catch {
            reason = "the direct solver failed: \(error.message)"
        }
    }
}
