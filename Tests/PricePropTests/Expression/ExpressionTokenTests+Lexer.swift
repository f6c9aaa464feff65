import Testing
import PriceProp
@testable import PricePropExpression

/// The one tokeniser: the parser (on characters) and the byte scan read the same tokens.
extension ExpressionTokenTests {
    /// The names the byte scan finds (not functions) as `name@column`, or `nil` when it declines.
    private func scannedNames(_ text: String) -> [String]? {
        tokens(text)?.compactMap { token -> String? in
            guard token.hasPrefix("N:"), let at = token.lastIndex(of: "@"), let start = Int(token[token.index(after: at)...])
            else { return nil }
            return "\(token.dropFirst(2).prefix(upTo: at))@\(start + 1)"
        }
    }

    /// The names the parser finds, each occurrence with its column.
    private func parsedNames(_ text: String) throws -> [String] {
        try Expression(parsing: text).identifierOccurrences.map { "\($0.name)@\($0.column)" }
    }

    @Test(arguments: [
        "2.5e-3*sqrt (natgas)+k_1", "a^b^-c", "A * (w1 * x^r + w2 * y^r)^(s / r)", "\tln(x)*_k2 + .5*y",
        "pow(x, 1.e5) - exp (y)", "x*1.", "1E+3*x",
    ])
    func scanAndParserReadTheSameNamesAtTheSameColumns(_ text: String) throws {
        #expect(scannedNames(text) == (try parsedNames(text)))
    }

    /// A malformed number ends where the parser's does, so the name after it is a name to both.
    @Test func malformedNumbersEndWhereTheParserSaysTheyDo() throws {
        #expect(scannedNames("1.2.3e+x") == ["x@8"])
        #expect(throws: ExpressionError(.invalidNumber("1.2.3e"), column: 1)) { try Expression(parsing: "1.2.3e+x") }
    }

    /// The scan declines what the parser refuses, and bytes that are not one character each.
    @Test(arguments: ["x + $", "x # y", "a\u{301} + x", "x\r\n+ y", "x\u{A0}+ y"])
    func scanDeclinesWhatItCannotReadByteForCharacter(_ text: String) {
        #expect(scannedNames(text) == nil)
    }

    /// Columns count characters: white space outside ASCII and `\r\n` are one column each, and a letter with a
    /// combining mark is one character that no expression may hold.
    @Test func parserColumnsCountCharacters() {
        #expect(throws: ExpressionError(.unexpectedCharacter("$"), column: 10)) { try Expression(parsing: "natgas\u{A0}+ $") }
        #expect(throws: ExpressionError(.unexpectedCharacter("$"), column: 5)) { try Expression(parsing: "\r\nx +$") }
        #expect(throws: ExpressionError(.unexpectedCharacter("a\u{301}"), column: 3)) { try Expression(parsing: "x*a\u{301}") }
        #expect(throws: ExpressionError(.invalidNumber("1e"), column: 3)) { try Expression(parsing: "x*1e") }
    }
}
