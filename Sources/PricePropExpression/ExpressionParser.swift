import PricePropBasics

/// Recursive-descent parser for ``Expression``; see its grammar.
struct ExpressionParser {
    private enum Token: Equatable {
        case number(Double)
        case identifier(String)
        case symbol(Character)
        case end
    }

    private let characters: [Character]
    private var position = 0
    private var token: Token = .end
    /// 1-based column where `token` starts.
    private var tokenColumn = 1
    private var tokenText = ""
    /// Current nesting of parentheses, calls and unary signs; bounded so no input can exhaust the stack.
    private var depth = 0
    static let maximumDepth = 200
    /// Height of the tree last parsed: every operator, sign and call is a level, so a chain `n+n+...+n` is as
    /// tall as it is long. Bounded because compiling and rendering walk the tree recursively.
    private var height = 0
    /// The tallest tree accepted: room for the generator's largest technologies (1,000 inputs: 1,003 levels).
    static let maximumHeight = 1_024
    /// The longest expression accepted, in characters.
    static let maximumLength = 100_000

    init(_ source: String) {
        characters = Array(source.prefix(Self.maximumLength + 1))
    }

    mutating func parseAll() throws(ExpressionError) -> ExpressionNode {
        if characters.count > Self.maximumLength {
            throw ExpressionError(.tooLong(limit: Self.maximumLength), column: Self.maximumLength + 1)
        }
        try advance()
        if token == .end { throw ExpressionError(.empty, column: max(1, tokenColumn)) }
        let node = try parseExpression()
        if token != .end {
            if token == .symbol(")") {
                throw ExpressionError(.unexpected(found: ")", expected: "an operator or end of expression (unbalanced ')')"), column: tokenColumn)
            }
            throw ExpressionError(.trailingInput(tokenText), column: tokenColumn)
        }
        return node
    }

    // MARK: - Grammar

    private mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        var node = try parseTerm()
        while case let .symbol(c) = token, c == "+" || c == "-" {
            let column = tokenColumn, left = height
            try advance()
            let rhs = try parseTerm()
            try grow(from: left, at: column)
            node = .binary(c == "+" ? .add : .subtract, node, rhs)
        }
        return node
    }

    private mutating func parseTerm() throws(ExpressionError) -> ExpressionNode {
        var node = try parseUnary()
        while case let .symbol(c) = token, c == "*" || c == "/" {
            let column = tokenColumn, left = height
            try advance()
            let rhs = try parseUnary()
            try grow(from: left, at: column)
            node = .binary(c == "*" ? .multiply : .divide, node, rhs)
        }
        return node
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw ExpressionError(.tooDeep(limit: Self.maximumDepth), column: tokenColumn) }
        if case let .symbol(c) = token, c == "-" || c == "+" {
            let column = tokenColumn
            try advance()
            let operand = try parseUnary()
            if c == "+" { return operand }
            try grow(from: 0, at: column)
            return .negate(operand)
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(ExpressionError) -> ExpressionNode {
        let base = try parsePrimary()
        if token == .symbol("^") {
            let column = tokenColumn, left = height
            try advance()
            let exponent = try parseUnary()
            try grow(from: left, at: column)
            return .binary(.power, base, exponent)
        }
        return base
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let column = tokenColumn
        switch token {
        case let .number(value):
            try advance()
            height = 1
            return .number(value)
        case let .identifier(name):
            try advance()
            height = 1
            guard token == .symbol("(") else { return .identifier(name, column: column) }
            guard let function = MathFunction(named: name) else {
                let suggestion = closestMatch(to: name, among: MathFunction.spellings)
                throw ExpressionError(.unknownFunction(name, suggestion: suggestion), column: column)
            }
            let openColumn = tokenColumn
            try advance()
            var arguments: [ExpressionNode] = []
            var tallest = 0
            if token != .symbol(")") {
                arguments.append(try parseExpression())
                tallest = height
                while token == .symbol(",") {
                    try advance()
                    arguments.append(try parseExpression())
                    tallest = max(tallest, height)
                }
            }
            try expectClosing(openedAt: openColumn)
            height = 0
            try grow(from: tallest, at: column)
            guard arguments.count == function.arity else {
                throw ExpressionError(
                    .wrongArgumentCount(function: name, expected: function.arity, found: arguments.count), column: column)
            }
            return .call(function, arguments)
        case .symbol("("):
            try advance()
            let inner = try parseExpression()
            try expectClosing(openedAt: column)
            return inner
        case .end:
            throw ExpressionError(.unexpectedEnd(expected: "a number, name or '('"), column: column)
        case .symbol:
            throw ExpressionError(.unexpected(found: tokenText, expected: "a number, name or '('"), column: column)
        }
    }

    /// Makes ``height`` that of a node over operands of heights `left` and ``height``; throws past the limit.
    private mutating func grow(from left: Int, at column: Int) throws(ExpressionError) {
        height = max(left, height) + 1
        if height > Self.maximumHeight { throw ExpressionError(.tooTall(limit: Self.maximumHeight), column: column) }
    }

    private mutating func expectClosing(openedAt column: Int) throws(ExpressionError) {
        switch token {
        case .symbol(")"): try advance()
        case .end: throw ExpressionError(.unclosedParenthesis, column: column)
        default: throw ExpressionError(.unexpected(found: tokenText, expected: "')' or an operator"), column: tokenColumn)
        }
    }

    // MARK: - Tokens

    /// Reads the next token from ``ExpressionLexer``, skipping white space.
    private mutating func advance() throws(ExpressionError) {
        var lexeme = ExpressionLexer.token(in: characters, at: position)
        while lexeme.kind == .space { lexeme = ExpressionLexer.token(in: characters, at: lexeme.end) }
        tokenColumn = lexeme.start + 1
        let text = String(characters[lexeme.start..<lexeme.end])
        switch lexeme.kind {
        case .end:
            token = .end
        case .number:
            guard lexeme.isWellFormed, let value = Double(text), value.isFinite else {
                throw ExpressionError(.invalidNumber(text), column: tokenColumn)
            }
            token = .number(value)
        case .name:
            token = .identifier(text)
        case .symbol:
            token = .symbol(characters[lexeme.start])
        case .space, .other:
            throw ExpressionError(.unexpectedCharacter(characters[lexeme.start]), column: tokenColumn)
        }
        position = lexeme.end
        tokenText = text
    }
}
