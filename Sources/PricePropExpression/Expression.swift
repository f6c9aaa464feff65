/// A parsed arithmetic expression: a firm's production function.
///
/// Grammar (lowest to highest precedence):
/// ```
/// expression := term (("+" | "-") term)*
/// term       := unary (("*" | "/") unary)*
/// unary      := ("-" | "+") unary | power
/// power      := primary ("^" unary)?          // right-associative, binds tighter than unary minus
/// primary    := number | identifier | function "(" expression ("," expression)* ")" | "(" expression ")"
/// ```
/// So `-x^2` is `-(x^2)` and `2^3^2` is `2^9`. Functions are ``MathFunction``s; `log` and `ln` are both the
/// natural logarithm.
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// The text the expression was parsed from.
    public let source: String
    /// The syntax tree.
    public let root: ExpressionNode

    /// Parses `source`.
    /// - Throws: ``ExpressionError`` with the 1-based column of the fault.
    public init(parsing source: String) throws(ExpressionError) {
        self.source = source
        var parser = ExpressionParser(source)
        self.root = try parser.parseAll()
    }

    /// Wraps an already built tree; `source` is its canonical rendering.
    public init(_ root: ExpressionNode) {
        self.root = root
        self.source = root.description
    }

    /// Every identifier, once, in order of first appearance.
    public var identifiers: [String] {
        var seen = Set<String>()
        return identifierOccurrences.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }

    /// Every identifier occurrence with its 1-based column in ``source``, in source order.
    public var identifierOccurrences: [(name: String, column: Int)] {
        var found: [(name: String, column: Int)] = []
        root.visitIdentifiers { found.append(($0, $1)) }
        return found
    }

    public var description: String { source }
}

/// A node of an ``Expression``'s syntax tree.
public indirect enum ExpressionNode: Sendable, Hashable {
    case number(Double)
    /// A good or parameter name, with its 1-based column in the source (0 when built in code).
    case identifier(String, column: Int)
    case negate(ExpressionNode)
    case binary(BinaryOperator, ExpressionNode, ExpressionNode)
    case call(MathFunction, [ExpressionNode])

    func visitIdentifiers(_ body: (String, Int) -> Void) {
        switch self {
        case .number: break
        case let .identifier(name, column): body(name, column)
        case let .negate(operand): operand.visitIdentifiers(body)
        case let .binary(_, lhs, rhs):
            lhs.visitIdentifiers(body)
            rhs.visitIdentifiers(body)
        case let .call(_, arguments):
            for argument in arguments { argument.visitIdentifiers(body) }
        }
    }
}

/// An infix arithmetic operator.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
}

/// A function callable in an expression.
public enum MathFunction: String, Sendable, Hashable, CaseIterable {
    case sqrt, exp, log, pow

    /// Looks a function up by the name written in an expression; `ln` is `log`.
    public init?(named name: String) {
        if name == "ln" { self = .log; return }
        self.init(rawValue: name)
    }

    /// The names accepted in expressions, for messages and suggestions.
    public static let spellings = ["sqrt", "exp", "log", "ln", "pow"]

    /// How many arguments the function takes.
    public var arity: Int { self == .pow ? 2 : 1 }
}

// MARK: - Rendering

extension ExpressionNode: CustomStringConvertible {
    /// A rendering with only the parentheses the grammar needs; it parses back to the same tree.
    public var description: String {
        var text = ""
        render(context: 0, into: &text)
        return text
    }

    /// Binding strength: sums 1, products 2, unary minus 3, powers 4, atoms 5.
    private var precedence: Int {
        switch self {
        case let .number(value): return value < 0 || value.sign == .minus ? 3 : 5
        case .identifier, .call: return 5
        case .negate: return 3
        case let .binary(op, _, _): return op.precedence
        }
    }

    /// Appends the rendering to `text`: linear in the tree's size (no string is built per level).
    private func render(context: Int, into text: inout String) {
        let parenthesized = precedence < context
        if parenthesized { text += "(" }
        switch self {
        case let .number(value):
            text += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        case let .identifier(name, _):
            text += name
        case let .negate(operand):
            text += "-"
            operand.render(context: 3, into: &text)
        case let .call(function, arguments):
            text += function.rawValue + "("
            for (index, argument) in arguments.enumerated() {
                if index > 0 { text += ", " }
                argument.render(context: 0, into: &text)
            }
            text += ")"
        case let .binary(op, lhs, rhs):
            // `^` is right-associative and its left operand must be an atom; the others are left-associative,
            // so an operand of equal strength on the right keeps its parentheses.
            lhs.render(context: op == .power ? 5 : op.precedence, into: &text)
            text += op == .power ? "^" : " \(op.rawValue) "
            rhs.render(context: op == .power ? 3 : op.precedence + 1, into: &text)
        }
        if parenthesized { text += ")" }
    }
}

extension BinaryOperator {
    fileprivate var precedence: Int {
        switch self {
        case .add, .subtract: return 1
        case .multiply, .divide: return 2
        case .power: return 4
        }
    }
}
