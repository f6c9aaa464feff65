import PricePropMarket
import PricePropScenario

extension Scenario {
    /// The scenario's `market.mechanism` checked against the mechanisms this build provides, as a diagnostic
    /// at that JSON path; `nil` when it names a known mechanism or none.
    ///
    /// This check lives here rather than in the scenario validator because the file format comes before the
    /// market in the library's layering: the format names mechanisms, the market provides them.
    public var mechanismDiagnostic: ScenarioDiagnostic? {
        guard let name = market.mechanism, ClearingMechanisms.make(named: name) == nil else { return nil }
        let path = JSONPath() / "market" / "mechanism"
        return ScenarioDiagnostic(
            .error, .unknownMechanism(name, known: ClearingMechanisms.names, suggestion: ClearingMechanisms.suggestion(for: name)),
            at: path, location: sourceMap[path], file: file)
    }
}
