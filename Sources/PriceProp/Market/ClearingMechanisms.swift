/// The clearing mechanisms selectable by name, default first.
public enum ClearingMechanisms {
    /// The mechanism used when a scenario names none.
    public static let defaultName = "tatonnement"

    /// Every name, default first.
    public static var names: [String] { ["tatonnement"] }

    /// A fresh mechanism called `name`, with `step` as its price step when given; `nil` for an unknown name.
    public static func make(_ name: String, step: Double? = nil) -> (any ClearingMechanism)? {
        switch name {
        case "tatonnement": return Tatonnement(step: step ?? Tatonnement.defaultStep)
        default: return nil
        }
    }
}
