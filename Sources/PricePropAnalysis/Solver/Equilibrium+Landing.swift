extension Equilibrium {
    /// A quantity at most this fraction of its slot's scale is negligible at a converged answer.
    static let negligibleQuantity = 1e-12

    /// `point` with every negligible positive quantity set to exactly 0, if the conditions still hold to
    /// `tolerance` there; otherwise `point` unchanged.
    ///
    /// Where an output is not traded at the equilibrium its price can end at the top of its interval, where
    /// a maker is exactly indifferent: its input's price equals its marginal value at any small quantity, the
    /// `min` form is satisfied on both sides, and Newton leaves the quantity at whatever rounding gave it
    /// (seen: 5.6e-18). Reported as is, that input would be a used one whose price is 60 times its backprop
    /// marginal value. At 0 it is an unused input, price ≥ marginal value, which is what it is.
    static func landingNegligibleQuantities(
        _ system: EquilibriumSystem, _ point: EquilibriumSystem.Point, _ evaluation: EquilibriumSystem.Evaluation,
        scales: EquilibriumSystem.Scales, ncp: NCPFunction, tolerance: Double
    ) -> (EquilibriumSystem.Point, EquilibriumSystem.Evaluation) {
        var landed = point, changed = false
        for s in landed.quantities.indices
        where landed.quantities[s] > 0 && landed.quantities[s] <= negligibleQuantity * scales.quantity[s] {
            landed.quantities[s] = 0
            changed = true
        }
        guard changed else { return (point, evaluation) }
        let landedEvaluation = system.evaluate(landed, scales: scales, ncp: ncp)
        return landedEvaluation.gap <= tolerance ? (landed, landedEvaluation) : (point, evaluation)
    }
}
