import PricePropExpression

// MARK: - Cycles that cannot sustain themselves, where the file decides it

extension ScenarioValidator {
    /// The coefficient of a firm's own output `good` in `production` when the expression is that good times a
    /// number plus terms that do not mention it (`polyethylene + ethylene`, `0.5 * grain + labour^0.5`); nil
    /// for any other shape, which only the steady state can judge.
    ///
    /// A coefficient of at least 1 means each unit of the good returns at least one unit of it: the self-use
    /// cycle has no steady state with positive net output, whatever the prices.
    static func linearSelfUse(of good: String, in production: String) -> Double? {
        guard let expression = try? Expression(parsing: production) else { return nil }
        return linearCoefficient(of: good, in: expression)
    }

    /// The coefficient `a` when `expression` is `a * good` plus terms that do not mention `good` (so each unit
    /// of the good makes `a` units of the output, whatever else the firm buys); nil for any other shape.
    static func linearCoefficient(of good: String, in expression: Expression) -> Double? {
        var coefficient = 0.0, linear = false
        for term in additiveTerms(expression.root) {
            if let c = linearCoefficient(of: good, in: term) {
                coefficient += c
                linear = true
            } else if term.mentions(good) {
                return nil
            }
        }
        return linear ? coefficient : nil
    }

    /// The terms of a sum (a subtracted term negated), left to right.
    private static func additiveTerms(_ node: ExpressionNode) -> [ExpressionNode] {
        switch node {
        case let .binary(.add, a, b): return additiveTerms(a) + additiveTerms(b)
        case let .binary(.subtract, a, b): return additiveTerms(a) + additiveTerms(b).map { .negate($0) }
        default: return [node]
        }
    }

    /// `c` when `node` is `good`, `c * good` or `good * c` (a number `c`, possibly negated).
    private static func linearCoefficient(of good: String, in node: ExpressionNode) -> Double? {
        switch node {
        case let .identifier(name, _) where name == good: return 1
        case let .negate(a): return linearCoefficient(of: good, in: a).map { -$0 }
        case let .binary(.multiply, .number(c), a), let .binary(.multiply, a, .number(c)):
            return linearCoefficient(of: good, in: a).map { c * $0 }
        default: return nil
        }
    }
}

extension ExpressionNode {
    /// Whether the identifier `name` occurs anywhere in the tree.
    func mentions(_ name: String) -> Bool {
        switch self {
        case .number: return false
        case let .identifier(n, _): return n == name
        case let .negate(a): return a.mentions(name)
        case let .binary(_, a, b): return a.mentions(name) || b.mentions(name)
        case let .call(_, arguments): return arguments.contains { $0.mentions(name) }
        }
    }
}
