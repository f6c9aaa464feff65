import PricePropBasics

// MARK: - Names expressions and event paths can use

extension Scenario {
    /// What a name is, for ``ScenarioDiagnostic/Problem/invalidName(_:_:reason:)``.
    public enum NameRole: String, Sendable, Hashable {
        case good, parameter, firm
    }

    /// Why a name cannot be used.
    public enum NameFault: Sendable, Hashable {
        case empty
        /// Goods and parameters are written bare in expressions, so they must be identifiers.
        case startsWithDigit
        /// A character an identifier may not hold (goods and parameters), or a control character or `.`
        /// (firms, whose names are written in event paths such as `firms.NAME.parameters.k`).
        case character(Character)
    }

    /// Why `name` cannot name something in `role`, or `nil` when it can.
    ///
    /// Goods and parameters appear bare in production expressions, so they must be identifiers: an ASCII letter
    /// or `_`, then ASCII letters, digits or `_` (`nat_gas`, `k2`). Firms appear only in event paths, so any
    /// text without control characters or `.` will do (`cracker-large`, `Firm A`).
    public static func nameFault(_ name: String, as role: NameRole) -> NameFault? {
        guard let first = name.first else { return .empty }
        if role == .firm {
            return name.first { $0 == "." || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
                .map { .character($0) }
        }
        if first.isASCII, first.isNumber { return .startsWithDigit }
        return name.first { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }.map { .character($0) }
    }

    /// `name` with every character an identifier may not hold replaced by `_` (and a leading `_` before a
    /// digit), for suggestions: `nat gas` → `nat_gas`.
    static func identifierSuggestion(for name: String) -> String {
        var text = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if text.first?.isNumber == true { text = "_" + text }
        return text.isEmpty ? "_" : text
    }

    /// The good (else parameter) an unknown name in an expression was probably meant to be, spelt as an
    /// expression can write it.
    ///
    /// A name refused as not an identifier (`nat gas`) can never appear in an expression, so suggesting it
    /// would send the reader in a circle; its identifier spelling (`nat_gas`) is what the rename its own
    /// error asks for leads to. When that spelling is exactly what was written, the expression is already
    /// right and only the name needs fixing, so there is nothing to suggest.
    static func expressionSuggestion(for name: String, goods: [String], parameters: [String])
        -> ScenarioDiagnostic.NameSuggestion? {
        func closest(_ names: [String], as role: NameRole) -> String? {
            closestMatch(to: name, among: names.map { nameFault($0, as: role) == nil ? $0 : identifierSuggestion(for: $0) })
        }
        if let good = closest(goods, as: .good) { return good == name ? nil : .good(good) }
        if let parameter = closest(parameters, as: .parameter) { return parameter == name ? nil : .parameter(parameter) }
        return nil
    }
}

extension ScenarioValidator {
    /// Reports `name` at `path` if it cannot name something in `role`.
    mutating func checkName(_ name: String, as role: Scenario.NameRole, at path: @autoclosure () -> JSONPath) {
        if let fault = Scenario.nameFault(name, as: role) { report(.invalidName(role, name, reason: fault), at: path()) }
    }
}
