import PricePropExpression

/// One problem found in a scenario: what, where, and how serious.
///
/// This is data only; ``message`` and ``rendered`` word it (see `ScenarioDiagnostic+Rendering.swift`).
public struct ScenarioDiagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        /// The scenario cannot be run.
        case error
        /// The scenario runs, but probably not as its author meant.
        case warning
    }

    public var severity: Severity
    public var problem: Problem
    /// The value at fault; `nil` when the file is not valid JSON.
    public var path: JSONPath?
    /// Where the fault is in the file, if known.
    public var location: SourceLocation?
    /// The file, for messages; `nil` for scenarios built in code.
    public var file: String?

    public init(_ severity: Severity, _ problem: Problem, at path: JSONPath?, location: SourceLocation? = nil, file: String? = nil) {
        self.severity = severity
        self.problem = problem
        self.path = path
        self.location = location
        self.file = file
    }
}

extension ScenarioDiagnostic {
    /// What is wrong. Associated values carry the names and values involved, never wording.
    public enum Problem: Sendable, Hashable {
        // MARK: File and shape
        /// The file is not well-formed JSON.
        case syntax(JSONSyntaxError.Kind)
        case unsupportedVersion(Int, newestSupported: Int)
        /// A value of the wrong type or outside its range.
        case invalidValue(expected: Expectation, found: FoundValue)
        case missingKey(String)
        case unknownKey(String, suggestion: String?)

        // MARK: Goods and firms
        case duplicateGood(String, first: JSONPath)
        case duplicateFirm(String, first: JSONPath)
        case endowmentAndPrice(good: String)
        /// A firm's output names no good.
        case unknownOutput(String, suggestion: String?)
        case outputIsPrimary(good: String)
        case invalidExpression(ExpressionError, expression: String)
        /// The expression nests deeper than checks allow, so it is refused before parsing.
        case expressionTooDeep(expression: String, limit: Int)
        /// A name (of the scenario, a good, a firm or a parameter) longer than names may be, in UTF-8 bytes.
        case nameTooLong(length: Int, limit: Int)
        /// A name in a production expression that is neither a good nor a parameter visible to the firm.
        case unknownName(String, suggestion: NameSuggestion?, expression: String, column: Int)
        case parameterNamesGood(String)
        /// A name expressions (goods, parameters) or event paths (firms) could never use.
        case invalidName(Scenario.NameRole, String, reason: Scenario.NameFault)
        /// The firms, or their input and parameter slots, would exceed ``Scenario/Limits``.
        case tooLarge(Scenario.SizeMeasure, limit: Int)
        /// Goods in order, each an input of a firm making the next, the last an input of a firm making the first,
        /// around which each unit of a good returns at least one unit of it: the cycle has no steady state with
        /// positive net output.
        case unsustainableCycle([String])
        /// Goods of a cycle whose technologies are products of powers spending, at any prices, at least what
        /// the cycle earns on its own goods: one cycle in cycle order whose exponents multiply to `gain` ≥ 1
        /// (`isOneCycle`), or a block's goods, the least exponents among them having spectral radius `gain` ≥ 1.
        case selfAmplifyingCycle([String], gain: Double, isOneCycle: Bool)
        /// The goods of a cycle whose firms buy nothing from outside it, every technology homogeneous of degree
        /// at least 1 (`degree` the lowest): the cycle spends all it earns on itself.
        case closedCycle([String], degree: Double)
        /// A good with no endowment and no price that no firm makes.
        case unproducedIntermediate(String)
        /// A good no firm uses and that has no price: whatever is made of it is wasted.
        case unusedGood(String)
        /// No good has a fixed price, so nothing gives prices a unit.
        case noFixedPriceGood
        /// A good named `welfare` in a scenario with households, whose implicit numeraire has that name.
        case welfareGoodDeclared
        /// A household's utility names the welfare good it is counted in.
        case welfareInUtility
        case invalidEventPath(String, ParameterPathError.Problem)
        /// `market.mechanism` names no mechanism this build provides.
        case unknownMechanism(String, known: [String], suggestion: String?)
    }

    /// What kind of value a key takes, for "expected ..., found ..." messages.
    public enum Expectation: Sendable, Hashable {
        case object, array, string, number
        case finiteNumber
        case nonNegativeNumber
        case positiveNumber
        case wholeNumber(atLeast: Int)
    }

    /// The value that was found instead, as written.
    public enum FoundValue: Sendable, Hashable {
        case null, bool(Bool), number(String), string(String), array, object

        /// A number from code, written as a reader would type it.
        public static func number(_ value: Double) -> FoundValue {
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return .number(String(Int(value))) }
            return .number("\(value)")
        }
    }

    /// The closest known name to an unknown one in an expression.
    public enum NameSuggestion: Sendable, Hashable {
        case good(String)
        case parameter(String)
    }
}
