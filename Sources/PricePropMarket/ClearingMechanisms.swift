import PricePropBasics

/// The clearing mechanisms a scenario or the command line can name, default first.
public enum ClearingMechanisms {
    /// One selectable mechanism.
    public struct Entry: Sendable {
        public var name: String
        /// One line on how it moves prices.
        public var summary: String
        /// What a scenario's `"priceStep"` sets for it.
        public var stepMeaning: String
        /// Makes a fresh mechanism, with the scenario's `priceStep` or the mechanism's default when `nil`.
        public var make: @Sendable (_ priceStep: Double?) -> any ClearingMechanism
    }

    /// Every mechanism, the default (`clearing`) first.
    public static let all: [Entry] = [
        Entry(name: "clearing",
              summary: "firms revise from what they received; each log price moves by its predicted excess demand, down to exactly 0 for a free good",
              stepMeaning: "log price move per unit of predicted log excess demand (default \(ClearingTatonnement.defaultGain))",
              make: { ClearingTatonnement(gain: $0 ?? ClearingTatonnement.defaultGain) }),
        Entry(name: "tatonnement",
              summary: "each price moves in proportion to its good's relative excess demand; firms revise from their last order",
              stepMeaning: "relative price move per unit of relative excess demand (default \(Tatonnement.defaultStep))",
              make: { Tatonnement(step: $0 ?? Tatonnement.defaultStep) }),
        Entry(name: "predictive",
              summary: "each log price moves by the excess demand predicted for the next tick from its demand's trend; firms revise from their last order",
              stepMeaning: "log price move per unit of predicted log excess demand (default \(PredictiveTatonnement.defaultGain))",
              make: { PredictiveTatonnement(gain: $0 ?? PredictiveTatonnement.defaultGain) }),
    ]

    /// Names, default first.
    public static var names: [String] { all.map(\.name) }
    /// The mechanism used when none is named.
    public static var defaultName: String { all[0].name }

    /// The entry called `name` (exact, case-sensitive), if any.
    public static func entry(named name: String) -> Entry? { all.first { $0.name == name } }

    /// A fresh mechanism called `name`, or `nil` for an unknown name (see ``suggestion(for:)``).
    public static func make(named name: String, priceStep: Double? = nil) -> (any ClearingMechanism)? {
        entry(named: name)?.make(priceStep)
    }

    /// The known name closest to a misspelt one, for "did you mean" hints.
    public static func suggestion(for name: String) -> String? { closestMatch(to: name, among: names) }
}
