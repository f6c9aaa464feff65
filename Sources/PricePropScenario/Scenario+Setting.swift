// The settable values of a scenario, addressed by the same ``ParameterPath`` an economy applies.

extension Scenario {
    /// The scenario with `path` set to `value`, as if the file had said so: what a sweep point or a
    /// sensitivity re-run starts from.
    ///
    /// Setting a firm parameter the firm takes from the scenario adds it to the firm's own parameters.
    /// - Throws: ``ParameterPathError`` when the path names nothing settable in this scenario.
    public func setting(_ path: ParameterPath, to value: Double) throws(ParameterPathError) -> Scenario {
        // Re-parse to check the path against this scenario with the same rules and messages as files.
        _ = try ParameterPath(parsing: path.description, in: self)
        var copy = self
        switch path {
        case let .endowment(name):
            if let g = copy.goods.firstIndex(where: { $0.name == name }) { copy.goods[g].endowment = value }
        case let .price(name):
            if let g = copy.goods.firstIndex(where: { $0.name == name }) { copy.goods[g].price = value }
        case let .firmParameter(firm, name):
            for e in copy.firms.indices where copy.firms[e].name == firm {
                if let p = copy.firms[e].parameters.firstIndex(where: { $0.name == name }) {
                    copy.firms[e].parameters[p].value = value
                } else {
                    copy.firms[e].parameters.append(Parameter(name: name, value: value))
                }
            }
        case let .scenarioParameter(name):
            if let p = copy.parameters.firstIndex(where: { $0.name == name }) { copy.parameters[p].value = value }
        }
        return copy
    }

    /// The value at `path` as the file gives it, or `nil` if the path names nothing settable. A firm parameter
    /// taken from the scenario reads as the scenario's value.
    public func value(at path: ParameterPath) -> Double? {
        switch path {
        case let .endowment(name): return goods.first { $0.name == name }?.endowment
        case let .price(name): return goods.first { $0.name == name }?.price
        case let .firmParameter(firm, name):
            guard let entry = firms.first(where: { $0.name == firm }) else { return nil }
            if let own = entry.parameters.first(where: { $0.name == name }) { return own.value }
            return usedScenarioParameters(of: entry).contains(name) ? parameters.first { $0.name == name }?.value : nil
        case let .scenarioParameter(name): return parameters.first { $0.name == name }?.value
        }
    }
}
