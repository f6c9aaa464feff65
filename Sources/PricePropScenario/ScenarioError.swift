import PricePropExpression

/// A scenario that cannot be used: every problem found, errors and warnings, in file order.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [ScenarioDiagnostic]

    public init(diagnostics: [ScenarioDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The errors only.
    public var errors: [ScenarioDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Every diagnostic rendered compiler-style, one after another.
    public var description: String { diagnostics.map(\.rendered).joined(separator: "\n") }
}

/// Why ``Scenario/load(contentsOf:)`` failed: the file could not be read, or it is not a valid scenario.
public enum ScenarioLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read; `reason` is the system's explanation.
    case unreadable(path: String, reason: String)
    case invalid(ScenarioError)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return MessageText.line("\(path): error: cannot read scenario file: \(reason)")
        case let .invalid(error): return error.description
        }
    }
}
