import PricePropExpression

/// What the validator can read off a production expression without evaluating it at any bundle: whether it
/// is homogeneous in the goods, of which degree, and, for a product of powers, each good's exponent.
///
/// Only expressions non-negative wherever the goods are positive are given a shape (products, quotients,
/// sums and powers of goods and positive constants; no subtraction, negation, `log`), so the output a firm
/// makes is never negative. Then at any allocation where the firm's inputs satisfy the first-order conditions
/// (`p_g = p_out · ∂f/∂x_g` for a used input, `x_g = 0` otherwise):
///
/// - homogeneous of degree `d` (Euler: `Σ_g x_g ∂f/∂x_g = d · f`): the firm spends `d` times its revenue on
///   its inputs, `Σ_g p_g x_g = d · p_out · y`;
/// - a product of powers `c · Π x_g^{a_g}` (constant elasticities): it spends `a_g` of its revenue on each
///   good, `p_g x_g = a_g · p_out · y`, whatever the prices and quantities.
package struct TechnologyShape: Sendable, Equatable {
    /// The degree of homogeneity in the goods (0 for a constant).
    package var degree: Double
    /// Each good's exponent when the expression is a product of powers of goods and constants; nil otherwise.
    package var exponents: [String: Double]?

    /// The shape of `node`, in which `isGood(name)` tells goods from parameters and `value(name)` gives a
    /// parameter's value; nil when the expression has none of the shapes above.
    package static func of(_ node: ExpressionNode, isGood: (String) -> Bool, value: (String) -> Double?) -> TechnologyShape? {
        withoutActuallyEscaping(isGood) { isGood in
            withoutActuallyEscaping(value) { value in Reader(isGood: isGood, value: value).shape(node) }
        }
    }

    private struct Reader {
        let isGood: (String) -> Bool
        let value: (String) -> Double?

        func shape(_ node: ExpressionNode) -> TechnologyShape? {
            switch node {
            case let .identifier(name, _) where isGood(name):
                return TechnologyShape(degree: 1, exponents: [name: 1])
            case .number, .identifier:
                guard let c = constant(node), c > 0 else { return nil }
                return TechnologyShape(degree: 0, exponents: [:])
            case .negate:
                return nil
            case let .binary(op, a, b):
                return binary(op, a, b)
            case let .call(function, arguments):
                return call(function, arguments)
            }
        }

        private func binary(_ op: BinaryOperator, _ a: ExpressionNode, _ b: ExpressionNode) -> TechnologyShape? {
            if op == .power {
                guard let base = shape(a), let e = constant(b), e.isFinite else { return nil }
                return base.raised(to: e)
            }
            guard op != .subtract, let x = shape(a), let y = shape(b) else { return nil }
            switch op {
            case .multiply: return x.times(y, sign: 1)
            case .divide: return x.times(y, sign: -1)
            case .add:
                guard abs(x.degree - y.degree) <= 1e-12 * max(1, abs(x.degree)) else { return nil }
                return TechnologyShape(degree: x.degree, exponents: x.degree == 0 ? [:] : nil)
            default: return nil
            }
        }

        private func call(_ function: MathFunction, _ arguments: [ExpressionNode]) -> TechnologyShape? {
            switch function {
            case .sqrt: return arguments.first.flatMap(shape)?.raised(to: 0.5)
            case .pow:
                guard arguments.count == 2 else { return nil }
                return binary(.power, arguments[0], arguments[1])
            case .exp:
                // exp of a constant is a positive constant; of a good, no homogeneity at all.
                guard let argument = arguments.first, constant(argument) != nil else { return nil }
                return TechnologyShape(degree: 0, exponents: [:])
            case .log:
                return nil
            }
        }

        /// `x^y` for a positive base (the package's own `exp` and `log`, as the tape evaluates); nil otherwise,
        /// which leaves the expression without a shape.
        private static func power(_ x: Double, _ y: Double) -> Double? {
            x > 0 ? ElementaryFunctions.exp(y * ElementaryFunctions.log(x)) : nil
        }

        /// The value of a subtree that names no good (numbers, parameters, arithmetic on them); nil otherwise.
        func constant(_ node: ExpressionNode) -> Double? {
            switch node {
            case let .number(v): return v
            case let .identifier(name, _): return isGood(name) ? nil : value(name)
            case let .negate(a): return constant(a).map { -$0 }
            case let .binary(op, a, b):
                guard let x = constant(a), let y = constant(b) else { return nil }
                switch op {
                case .add: return x + y
                case .subtract: return x - y
                case .multiply: return x * y
                case .divide: return x / y
                case .power: return Self.power(x, y)
                }
            case let .call(function, arguments):
                let values = arguments.compactMap(constant)
                guard values.count == arguments.count, let v = values.first else { return nil }
                switch function {
                case .sqrt: return v.squareRoot()
                case .exp: return ElementaryFunctions.exp(v)
                case .log: return ElementaryFunctions.log(v)
                case .pow: return values.count == 2 ? Self.power(v, values[1]) : nil
                }
            }
        }
    }

    private func raised(to e: Double) -> TechnologyShape {
        TechnologyShape(degree: degree * e, exponents: exponents?.mapValues { $0 * e })
    }

    private func times(_ other: TechnologyShape, sign: Double) -> TechnologyShape {
        var merged: [String: Double]?
        if let mine = exponents, let theirs = other.exponents {
            merged = mine.merging(theirs.mapValues { sign * $0 }, uniquingKeysWith: +)
        }
        return TechnologyShape(degree: degree + sign * other.degree, exponents: merged)
    }
}
