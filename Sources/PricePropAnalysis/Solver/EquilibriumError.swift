import PricePropSimulation

/// Why the equilibrium could not be computed, as data; ``message`` renders the wording.
public enum EquilibriumError: Error, Sendable, Equatable {
    /// An intermediate good that no firm makes cannot meet a positive demand.
    case unsuppliedGood(String)
    /// The starting allocation could not be computed.
    case start(SimulationFault)
    /// The reduced system would need more memory than allowed: estimated before anything was allocated, or
    /// counted as the factorisation's fill-in arrives and stopped before allocating past the limit.
    case tooLarge(TooLarge)
    /// The first-order and clearing conditions hold, but a firm's profit is not at a maximum there.
    case notAMaximum(NotAMaximum)

    /// How much memory solving would take, and why.
    public struct TooLarge: Sendable, Equatable {
        /// Unknowns of the reduced system: market prices, plus the inputs of firms whose technology is linear
        /// in them.
        public var reducedUnknowns: Int
        /// Market prices among them.
        public var prices: Int
        /// Bytes the solve would need, estimated.
        public var bytes: Double
        /// Bytes allowed.
        public var limit: Double
        /// Nonzeros the sparse factorisation had stored when it outgrew the limit; nil when refused before it.
        public var fill: Int? = nil
    }

    /// A firm entry whose technology curves upward at the point where every price equals its marginal value,
    /// so the point is a profit minimum or saddle, not what a price-taking firm would choose.
    public struct NotAMaximum: Sendable, Equatable {
        /// The firm entry's name.
        public var firm: String
        /// The input along which the technology curves upward most, when one does on its own; `nil` when only a
        /// mix of inputs does.
        public var input: String?
        /// `∂²f/∂x²` along that input (positive), or the largest upward curvature found along a mix of inputs.
        public var curvature: Double
    }
}
