/// What a firm revises its order from.
public enum FirmRevision: String, Sendable, Equatable {
    /// From last tick's order. Under rationing the firm receives `order × S/D`, so its marginal product no
    /// longer depends on its order, and the order grows every tick the price has not caught up: a second
    /// accumulator beside the price. The rule of the `tatonnement` and `predictive` markets.
    case fromOrder
    /// From what the firm actually received, with corners: an input whose marginal value stays below its
    /// price shrinks until it is a negligible fraction of the most the firm ever received of it, and is
    /// then exactly 0; an unused input whose marginal value at 0 exceeds its price is taken up again.
    /// Under rationing the order is then the received bundle times `1 + step · gap`: it reports the
    /// firm's marginal value to the market instead of accumulating. The rule of the default market.
    case fromReceived
}
