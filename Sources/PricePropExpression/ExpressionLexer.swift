/// The one tokeniser of production expressions: the parser reads its tokens from the text's characters, and
/// the scans that find a text's names and shape without parsing it (``ExpressionToken/scan(_:_:)``) read the
/// same tokens from its UTF-8 bytes, so a name, a number or a symbol is the same span of text to both.
///
/// The text is a sequence of *units* (characters for the parser, bytes for the scans), each of which tells
/// the tokeniser what it is through ``ExpressionTextUnit/expressionCode``. Tokens:
/// - a **name**: an ASCII letter or `_`, then ASCII letters, digits and `_`;
/// - a **number**: `digits [. digits] [(e|E) [+-] digits]`, running on through any letters, digits, `.` and
///   `_` that follow, which make it malformed (`2x`, `1.2.3`, `1e5e`: a typo, not implicit multiplication);
/// - a **symbol**: one of `+ - * / ^ ( ) ,`;
/// - a **space**: one unit of white space;
/// - **other**: one unit of anything else, which no expression may hold.
enum ExpressionLexer {
    /// What a token is.
    enum Kind: Equatable {
        case name, number, symbol, space, other
        /// Past the last unit.
        case end
    }

    /// A token: its kind and its units `start..<end`.
    struct Token {
        var kind: Kind
        var start: Int, end: Int
        /// For a number, whether it follows the grammar (digits before or after the point, digits after an
        /// exponent sign, nothing running on); `true` for every other kind.
        var isWellFormed = true
    }

    /// The token starting at unit `start` of `units`.
    @inline(__always)
    static func token<Units: RandomAccessCollection>(in units: Units, at start: Int) -> Token
        where Units.Element: ExpressionTextUnit, Units.Index == Int {
        guard start < units.endIndex else { return Token(kind: .end, start: start, end: start) }
        let c = units[start].expressionCode
        if isLetter(c) {
            var end = start + 1
            while end < units.endIndex, isNameCode(units[end].expressionCode) { end += 1 }
            return Token(kind: .name, start: start, end: end)
        }
        if isDigit(c) || c == dot { return number(in: units, at: start) }
        switch c {
        case space: return Token(kind: .space, start: start, end: start + 1)
        case 0x2B, 0x2D, 0x2A, 0x2F, 0x5E, 0x28, 0x29, 0x2C: return Token(kind: .symbol, start: start, end: start + 1)
        default: return Token(kind: .other, start: start, end: start + 1)
        }
    }

    /// The number starting at `start` (a digit or `.`).
    @inline(__always)
    private static func number<Units: RandomAccessCollection>(in units: Units, at start: Int) -> Token
        where Units.Element: ExpressionTextUnit, Units.Index == Int {
        var p = start
        @inline(__always) func code() -> UInt8 { p < units.endIndex ? units[p].expressionCode : 0 }
        @inline(__always) func digits() -> Int {
            let first = p
            while isDigit(code()) { p += 1 }
            return p - first
        }
        var mantissaDigits = digits()
        if code() == dot {
            p += 1
            mantissaDigits += digits()
        }
        var valid = mantissaDigits > 0
        if code() | 0x20 == 0x65 {
            p += 1
            if code() == 0x2B || code() == 0x2D { p += 1 }
            if digits() == 0 { valid = false }
        }
        while isNameCode(code()) || code() == dot {
            p += 1
            valid = false
        }
        return Token(kind: .number, start: start, end: p, isWellFormed: valid)
    }

    /// Whether the first token after `end` that is not a space is `(`: the name ending there is called.
    @inline(__always)
    static func isCall<Units: RandomAccessCollection>(in units: Units, after end: Int) -> Bool
        where Units.Element: ExpressionTextUnit, Units.Index == Int {
        var p = end
        while p < units.endIndex, units[p].expressionCode == space { p += 1 }
        return p < units.endIndex && units[p].expressionCode == 0x28
    }

    /// The code of a white-space unit.
    static let space: UInt8 = 0x20
    private static let dot: UInt8 = 0x2E

    @inline(__always) private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 || c == 0x5F }
    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) private static func isNameCode(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) }
}

/// One unit of expression text as ``ExpressionLexer`` reads it.
protocol ExpressionTextUnit {
    /// The unit's ASCII code when it is one printable ASCII character, ``ExpressionLexer/space`` when it is
    /// white space, and 0 when it is anything else.
    var expressionCode: UInt8 { get }
}

extension Character: ExpressionTextUnit {
    /// Any white-space character is a space, `\r\n` included; an ASCII letter with a combining mark is one
    /// character that is not ASCII, so it is 0, not a letter.
    @inline(__always)
    var expressionCode: UInt8 {
        if isWhitespace { return ExpressionLexer.space }
        guard let ascii = asciiValue, ascii > 0x20, ascii < 0x7F else { return 0 }
        return ascii
    }
}

extension UInt8: ExpressionTextUnit {
    /// Only space and tab are spaces: other control bytes, and every byte of a character outside ASCII, are 0,
    /// so a scan declines them rather than count bytes where the parser counts characters.
    @inline(__always)
    var expressionCode: UInt8 {
        if self == 0x20 || self == 0x09 { return ExpressionLexer.space }
        return self > 0x20 && self < 0x7F ? self : 0
    }
}
