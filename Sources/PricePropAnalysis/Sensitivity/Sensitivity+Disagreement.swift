import PricePropBasics
import PricePropScenario

// MARK: - Why the two columns disagree

extension ParameterPath {
    /// Whether `value` lies in the path's domain, the range a scenario file may give it: an endowment ≥ 0, a
    /// price > 0, a parameter finite.
    func accepts(_ value: Double) -> Bool {
        switch self {
        case .endowment: return value >= 0 && value.isFinite
        case .price: return value > 0 && value.isFinite
        case .firmParameter, .scenarioParameter: return value.isFinite
        }
    }
}

extension Sensitivity {
    /// Why ``backprop`` and ``measured`` differ by more than `tolerance` (see ``agrees(within:scale:)``), in a
    /// sentence naming what to change; `nil` when they agree.
    ///
    /// - Parameters:
    ///   - value: `V` at the equilibrium.
    ///   - runTolerance: the measuring runs' convergence tolerance: `V` from such a run is known to about
    ///     `runTolerance · |V|`, so the difference quotient carries noise of about `runTolerance · |V| / h`.
    public func disagreement(within tolerance: Double, scale: Double, value: Double, runTolerance: Double) -> String? {
        guard !agrees(within: tolerance, scale: scale) else { return nil }
        let theta = NumberText.significant(self.value, digits: 6), h = NumberText.significant(step, digits: 3)
        if !backprop.isFinite {
            return "the backprop derivative is undefined at \(theta) (a production's derivative is infinite there)"
        }
        switch difference {
        case .none:
            return "V could not be computed at \(theta) ± \(h): the runs there do not start or diverge"
        case .forward where !converged, .backward where !converged, .central where !converged:
            return "a run measuring it did not converge within the tick limit; raise --max-ticks"
        case .forward, .backward:
            let side = difference == .forward ? "−" : "+"
            return "measured one-sided because V is undefined at \(theta) \(side) \(h); that difference's error is of order h = \(h), so try a smaller --step"
        case .central:
            let noise = runTolerance * abs(value) / step
            if noise > tolerance * max(abs(backprop), abs(measured), scale) {
                return "V is known to about tolerance · |V| = \(NumberText.significant(runTolerance * abs(value), digits: 3)), so the difference over 2h carries noise of about \(NumberText.significant(noise, digits: 3)); use a larger --step or a smaller --tolerance"
            }
            return "the central difference's error grows with h² and V curves sharply near \(theta); try a smaller --step"
        }
    }
}
