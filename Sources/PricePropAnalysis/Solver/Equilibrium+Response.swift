import PricePropEconomy

// MARK: - How the equilibrium moves when one entry's productivity does (the implicit function theorem)

extension Equilibrium {
    /// How this equilibrium of `economy` moves when firm entry `entry`'s production is multiplied by `e^z`, at
    /// `z = 0`: the derivative of every price and of every per-firm quantity with respect to `z`.
    ///
    /// The equilibrium is the root of the complementarity system `φ(u; z) = 0` in the unknowns `u` (quantities
    /// and prices). By the implicit function theorem `du/dz = −J⁻¹ ∂φ/∂z`, `J` the Jacobian the Newton step
    /// already factors, with the exact Hessians of the tapes. So the step itself is reused with `∂φ/∂z` in
    /// place of the residual: the shocked entry's first-order conditions lose `∂(p_out · e^z ∂f/∂xᵢ)/∂z =
    /// p_out ∂f/∂xᵢ` and its output's supply gains `n · f`; nothing else depends on `z`. The `min` form of
    /// each pair is used, so an unused input or a free good stays on its corner, as it does for a small shock.
    /// - Returns: per slot (entries in order, the solver's layout) `dxᵢ/dz`, per good `dp_g/dz` (0 for a
    ///   price that is not an unknown), and the entry's per-firm production and its derivative
    ///   `d(e^z f)/dz = f + ∇f · dx/dz`.
    /// - Throws: what building the system or its step can throw (``EquilibriumError``).
    public func productivityResponse(economy: Economy, entry e: Int, threads: Int = 1) throws(EquilibriumError)
        -> (quantities: [Double], prices: [Double], production: Double, productionDerivative: Double) {
        let system = try EquilibriumSystem(economy: economy, threads: threads)
        let (_, scales) = try Self.start(system)
        let point = EquilibriumSystem.Point(quantities: entries.flatMap(\.quantities), prices: prices)
        var evaluation = system.evaluate(point, scales: scales, ncp: .minimum)
        var partial = [Double](repeating: 0, count: system.equationCount)
        let out = system.output[e], outPrice = point.prices[out]
        for s in system.slots(of: e) {
            let g = system.slotGood[s]
            let m = EquilibriumSystem.marginalValue(outputPrice: outPrice, gradient: evaluation.gradient[s])
            let phi = NCPFunction.minimum.evaluate(point.quantities[s] / scales.quantity[s],
                                                   (point.prices[g] - m) / scales.price[g])
            partial[s] = phi.db * -m / scales.price[g]
        }
        if system.priceIndex[out] >= 0, system.endowment[out].isNaN {
            let phi = NCPFunction.minimum.evaluate(
                point.prices[out] / scales.price[out],
                (evaluation.supply[out] - evaluation.demand[out]) / scales.supply[out])
            partial[system.slotCount + system.priceIndex[out]] =
                phi.db * system.firms[e] * evaluation.production[e] / scales.supply[out]
        }
        evaluation.residual = partial
        let step = try system.direction(point, evaluation, scales: scales, ncp: .minimum,
                                        memoryLimit: Options.defaultMemoryLimit)
        var moved = evaluation.production[e]
        for s in system.slots(of: e) { moved += evaluation.gradient[s] * step.quantities[s] }
        return (step.quantities, step.prices, evaluation.production[e], moved)
    }
}
