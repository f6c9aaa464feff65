import PricePropBasics
import PricePropComparator
import PricePropSimulation

// MARK: - Values a report may not show

extension Comparison {
    /// The first value of the comparison that is not finite, as a fault at `tick`: a price, then a backprop
    /// derivative (good order), then a use's marginal value, then `V`. `nil` when every value is finite.
    ///
    /// The simulation stops at the first firm whose output or marginal product leaves the real numbers; what it
    /// cannot see is a sum that overflows (a good's supply, `V`) or a derivative that overflows in the reverse
    /// pass. A run ends with this fault rather than report such a value.
    func nonFiniteFault(tick: Int) -> SimulationFault? {
        func fault(_ what: String, _ value: Double) -> SimulationFault {
            SimulationFault(tick: tick, firm: nil, production: nil, fault: nil,
                            detail: "\(what) \(NumberText.words(value)); the values in the network are too large to compare (rescale the scenario's quantities or prices)")
        }
        for g in prices.indices where !prices[g].isFinite { return fault("the price of \(goodNames[g])", prices[g]) }
        // A singular fixed-point system is the cycle's doing, not a value too large.
        if let clause = unsustainableCycleClause(at: "this state"), gradients.contains(where: { !$0.isFinite }) {
            return SimulationFault(tick: tick, firm: nil, production: nil, fault: nil,
                                   detail: "the adjoint of the steady state is undefined (I - M is singular): \(clause)")
        }
        for g in gradients.indices where !gradients[g].isFinite {
            return fault("the backprop derivative dV/d\(goodNames[g])", gradients[g])
        }
        for g in prices.indices {
            for u in Int(useStart[g])..<Int(useStart[g + 1]) where !useMarginalValue[u].isFinite {
                return fault("the marginal value of \(goodNames[g]) to \(entryNames[Int(useEntry[u])])", useMarginalValue[u])
            }
        }
        if !value.isFinite { return fault("V, the net value traded at fixed prices,", value) }
        return nil
    }
}
