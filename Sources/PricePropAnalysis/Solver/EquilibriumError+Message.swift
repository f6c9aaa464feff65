import PricePropBasics

// MARK: - Wording of the solver's errors (one line each, no internal names)

extension EquilibriumError {
    /// The error as one line for people.
    public var message: String {
        switch self {
        case let .unsuppliedGood(name):
            return "good '\(name)' has neither an endowment, a fixed price nor a producer"
        case let .start(fault):
            return "the starting allocation failed: \(fault.message)"
        case let .tooLarge(size):
            let unknowns = "\(size.reducedUnknowns) unknowns (\(size.prices) market prices\(size.reducedUnknowns > size.prices ? " and \(size.reducedUnknowns - size.prices) inputs with constant marginal products" : ""))"
            let need = size.fill.map { "more than \(Self.bytesText(size.bytes)) needed once the sparse factorisation of the reduced system of \(unknowns) filled in to \($0) nonzeros" }
                ?? "about \(Self.bytesText(size.bytes)) needed for the sparse reduced system of \(unknowns)"
            return "too large to solve directly: \(need), more than the limit of \(Self.bytesText(size.limit)); raise --memory-limit if the machine has the memory"
        case let .notAMaximum(firm):
            let direction = firm.input.map { "along '\($0)' (second derivative \(NumberText.significant(firm.curvature, digits: 3)) > 0)" }
                ?? "along a mix of its inputs (curvature \(NumberText.significant(firm.curvature, digits: 3)) > 0)"
            return "not an equilibrium: where every price equals its marginal value, firm '\(firm.firm)' is at a profit minimum or saddle, not a maximum: its technology curves upward \(direction)"
        }
    }

    /// `1.5 GB`, `80 MB`: three significant digits in the largest unit that keeps the number at least 1.
    static func bytesText(_ bytes: Double) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB"]
        var value = bytes, unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return "\(NumberText.significant(value, digits: 3)) \(units[unit])"
    }
}
