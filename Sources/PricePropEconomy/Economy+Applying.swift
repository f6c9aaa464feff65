import PricePropBasics
import PricePropScenario

// MARK: - Changing a built economy

extension Economy {
    /// Sets `path` to `value` in the network: a primary good's endowment, a fixed-price good's price, or a
    /// parameter of the firms that use it.
    ///
    /// A scenario parameter reaches every firm entry whose production uses it and that does not override it;
    /// a firm parameter reaches every firm of that entry and from then on overrides the scenario parameter of
    /// the same name for it. A parameter the production functions do not mention changes nothing.
    /// - Throws: ``ParameterPathError`` when the path names no good, firm or parameter of this economy, or the
    ///   wrong kind of good (only for economies built from scenarios that were not validated).
    /// - Complexity: O(goods + firm entries + firms of the entries affected).
    public mutating func apply(_ path: ParameterPath, value: Double) throws(ParameterPathError) {
        func fail(_ problem: ParameterPathError.Problem) -> ParameterPathError {
            ParameterPathError(path: path.description, problem: problem)
        }
        switch path {
        case let .endowment(name):
            guard let g = goods.firstIndex(where: { $0.name == name }) else {
                throw fail(.unknownGood(name, suggestion: closestMatch(to: name, among: goods.map(\.name))))
            }
            guard goods[g].endowment != nil else { throw fail(.notPrimary(good: name)) }
            goods[g].role = .primary(endowment: value)
        case let .price(name):
            guard let g = goods.firstIndex(where: { $0.name == name }) else {
                throw fail(.unknownGood(name, suggestion: closestMatch(to: name, among: goods.map(\.name))))
            }
            guard goods[g].fixedPrice != nil else { throw fail(.notFixedPrice(good: name)) }
            goods[g] = Good(name: name, role: .fixedPrice(value))
        case let .firmParameter(firm, name):
            guard let entry = firmEntryNames.firstIndex(of: firm) else {
                throw fail(.unknownFirm(firm, suggestion: closestMatch(to: firm, among: firmEntryNames)))
            }
            guard let slot = entryParameterNames[entry].firstIndex(of: name) else {
                // Declared by the firm but unused by its production, or unknown: only the former is harmless.
                guard entryOverrides[entry].contains(name) else {
                    throw fail(.unknownFirmParameter(firm: firm, parameter: name,
                                                     suggestion: closestMatch(to: name, among: entryParameterNames[entry])))
                }
                return
            }
            entryOverrides[entry].insert(name)
            setParameter(entry: entry, slot: slot, to: value)
        case let .scenarioParameter(name):
            guard scenarioParameters[name] != nil else {
                throw fail(.unknownParameter(name, suggestion: closestMatch(to: name, among: scenarioParameters.keys.sorted())))
            }
            scenarioParameters[name] = value
            for entry in firmEntryNames.indices where !entryOverrides[entry].contains(name) {
                if let slot = entryParameterNames[entry].firstIndex(of: name) { setParameter(entry: entry, slot: slot, to: value) }
            }
        }
    }

    /// The current value at `path`, or `nil` if the path names nothing here. A firm parameter its production
    /// does not use reads as `nil`.
    public func value(at path: ParameterPath) -> Double? {
        switch path {
        case let .endowment(name): return goods.first { $0.name == name }?.endowment
        case let .price(name): return goods.first { $0.name == name }?.fixedPrice
        case let .firmParameter(firm, name):
            guard let entry = firmEntryNames.firstIndex(of: firm),
                  let slot = entryParameterNames[entry].firstIndex(of: name) else { return nil }
            return parameterValues[Int(parameterStart[Int(entryFirstFirm[entry])]) + slot]
        case let .scenarioParameter(name): return scenarioParameters[name]
        }
    }

    /// Sets parameter `slot` of every firm of `entry`.
    private mutating func setParameter(entry: Int, slot: Int, to value: Double) {
        let first = Int(entryFirstFirm[entry])
        for f in first..<first + Int(entryFirmCount[entry]) { parameterValues[Int(parameterStart[f]) + slot] = value }
    }
}
