/// A good in the economy and how its price is formed.
public struct Good: Sendable, Equatable {
    /// How a good enters the economy.
    public enum Role: Sendable, Equatable {
        /// A fixed supply each tick (a primary input such as natural gas); the market prices it.
        case primary(endowment: Double)
        /// Traded with the outside world at this price in any amount; prices are measured in these units.
        case fixedPrice(Double)
        /// Made by firms and used by firms; the market prices it.
        case intermediate
    }

    public var name: String
    public var role: Role
    /// The market's starting price (fixed-price goods: their price).
    public var initialPrice: Double

    public init(name: String, role: Role, initialPrice: Double = 1) {
        self.name = name
        self.role = role
        if case let .fixedPrice(price) = role { self.initialPrice = price } else { self.initialPrice = initialPrice }
    }

    /// The fixed price, if the good has one.
    public var fixedPrice: Double? {
        if case let .fixedPrice(p) = role { return p }
        return nil
    }

    /// The endowment, if the good is primary.
    public var endowment: Double? {
        if case let .primary(e) = role { return e }
        return nil
    }
}
