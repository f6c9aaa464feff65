import PricePropScenario

extension Simulation {
    /// Shocks the running economy: sets `path` to `value` from the next tick on (see ``Economy/apply(_:value:)``).
    ///
    /// A new fixed price is also the current price at once, so the next tick's firms see it. Firms keep their
    /// plans and the market its other prices: the economy leaves its old equilibrium from where it stands.
    /// The last movement is reset to infinity so that no convergence check passes before a tick has run.
    /// - Throws: ``ParameterPathError`` when the path names nothing settable here; nothing is changed then.
    public mutating func apply(_ path: ParameterPath, value: Double) throws(ParameterPathError) {
        try economy.apply(path, value: value)
        if case let .price(name) = path, let g = economy.goods.firstIndex(where: { $0.name == name }) {
            makeUnique()
            storage.current.prices[g] = value
        }
        lastMove = Movement()
    }
}
