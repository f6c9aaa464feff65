import PricePropEconomy
import PricePropScenario
import PricePropSimulation

extension Adjoint {
    /// `dV/dθ` for the endowment, fixed price or parameter at `path`, from this reverse pass at `allocation`.
    ///
    /// At a competitive equilibrium the allocation maximises `V` given endowments, prices and technology, so
    /// by the envelope theorem the total derivative is the partial derivative of the program at the
    /// allocation, with every quantity the optimisation chose held fixed:
    ///
    ///     endowment of g:   dV/dE_g = ∂V/∂S_g                      (the good's adjoint, = its price)
    ///     fixed price of g: dV/dp_g = produced_g − used_g          (net output sold to the outside world)
    ///     parameter θ:      dV/dθ   = Σ_{f using θ} ∂V/∂y_f · ∂f/∂θ
    ///
    /// where `∂V/∂y_f` is the adjoint of firm `f`'s output good and `∂f/∂θ` comes from the reverse sweep of its
    /// tape with respect to its parameters. A scenario parameter is used by every firm whose production
    /// mentions it and that does not override it. Away from equilibrium this is only the partial derivative.
    /// - Returns: `nil` when the path names nothing in `economy`; 0 for a parameter no firm uses.
    /// - Complexity: O(goods + firms using θ × their tape length).
    public func derivative(of path: ParameterPath, economy: Economy, allocation: Allocation) -> Double? {
        switch path {
        case let .endowment(name):
            guard let g = economy.goods.firstIndex(where: { $0.name == name }), economy.goods[g].endowment != nil
            else { return nil }
            return goods[g]
        case let .price(name):
            guard let g = economy.goods.firstIndex(where: { $0.name == name }), economy.goods[g].fixedPrice != nil
            else { return nil }
            var used = 0.0
            for k in economy.users(of: g) { used += allocation.received[Int(k)] }
            return allocation.supply[g] - used
        case let .firmParameter(firm, name):
            guard let entry = economy.firmEntryNames.firstIndex(of: firm) else { return nil }
            guard let slot = economy.entryParameterNames[entry].firstIndex(of: name) else {
                return economy.entryOverrides[entry].contains(name) ? 0 : nil
            }
            return parameterDerivative(entries: [(entry, slot)], economy: economy, allocation: allocation)
        case let .scenarioParameter(name):
            guard economy.scenarioParameters[name] != nil else { return nil }
            var users: [(entry: Int, slot: Int)] = []
            for entry in economy.firmEntryNames.indices where !economy.entryOverrides[entry].contains(name) {
                if let slot = economy.entryParameterNames[entry].firstIndex(of: name) { users.append((entry, slot)) }
            }
            return parameterDerivative(entries: users, economy: economy, allocation: allocation)
        }
    }

    /// `Σ ∂V/∂y_f · ∂f/∂θ` over the firms of each entry, `θ` being the entry's parameter `slot`.
    private func parameterDerivative(entries: [(entry: Int, slot: Int)], economy: Economy,
                                     allocation: Allocation) -> Double {
        var total = 0.0
        for (entry, slot) in entries {
            let first = Int(economy.entryFirstFirm[entry])
            for f in first..<first + Int(economy.entryFirmCount[entry]) {
                let tape = economy.tapes[Int(economy.firmTape[f])]
                let gradient = tape.valueAndFullGradient(
                    at: Array(allocation.received[economy.inputs(of: f)]),
                    parameters: Array(economy.parameterValues[economy.parameterRange(of: f)])).parameterGradient
                total += goods[Int(economy.firmOutput[f])] * gradient[slot]
            }
        }
        return total
    }
}
