import PricePropBasics

/// Why an expression could not be parsed, and where.
///
/// The wording is rendered separately (``message``) so callers can place the error in a file.
public struct ExpressionError: Error, Sendable, Hashable {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        case empty
        case unexpectedCharacter(Character)
        case invalidNumber(String)
        /// A token stood where something else was expected.
        case unexpected(found: String, expected: String)
        /// The text ended where something was expected.
        case unexpectedEnd(expected: String)
        case unknownFunction(String, suggestion: String?)
        case wrongArgumentCount(function: String, expected: Int, found: Int)
        case trailingInput(String)
        case unclosedParenthesis
        /// Parentheses, calls and signs nested beyond the parser's limit.
        case tooDeep(limit: Int)
        /// A tree taller than the limit, every operator, sign and call being a level (so a chain
        /// `n + n + … + n` is as tall as it has operators).
        case tooTall(limit: Int)
        /// More characters than the parser reads.
        case tooLong(limit: Int)
    }

    public var kind: Kind
    /// 1-based column (in characters) of the fault within the expression.
    public var column: Int

    public init(_ kind: Kind, column: Int) {
        self.kind = kind
        self.column = column
    }

    /// One line describing the problem, without location.
    public var message: String {
        switch kind {
        case .empty: return "empty expression"
        case let .unexpectedCharacter(c): return "unexpected character '\(c)'"
        case let .invalidNumber(text): return "invalid number '\(text)'"
        case let .unexpected(found, expected): return "expected \(expected), found '\(found)'"
        case let .unexpectedEnd(expected): return "expected \(expected), found end of expression"
        case let .unknownFunction(name, suggestion):
            let hint = suggestion == nil ? " (known: \(MathFunction.spellings.joined(separator: ", ")))" : didYouMean(suggestion)
            return "unknown function '\(name)'\(hint)"
        case let .wrongArgumentCount(function, expected, found):
            return "\(function) takes \(expected) argument\(expected == 1 ? "" : "s"), found \(found)"
        case let .trailingInput(text): return "unexpected '\(text)' after the end of the expression"
        case .unclosedParenthesis: return "'(' is never closed"
        case let .tooDeep(limit): return "nested more than \(limit) levels deep"
        case let .tooTall(limit): return "more than \(limit) levels of operators (every operator, call and sign is a level)"
        case let .tooLong(limit): return "longer than \(limit) characters"
        }
    }

    /// The source line with a caret under the fault, for compiler-style diagnostics.
    public static func caretLine(source: String, column: Int) -> String {
        String(repeating: " ", count: max(0, column - 1)) + "^"
    }
}
