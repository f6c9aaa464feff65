import Testing
import PriceProp
@testable import PricePropBasics
@testable import PricePropExpression
@testable import PricePropScenario
@testable import PricePropAnalysis

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONDocument { try JSONParser.parse(Array(text.utf8)) }

    @Test func scalarsAndContainers() throws {
        let document = try parse(#" {"a": [1, -2.5, true, false, null, "x\ty"], "b": {}} "#)
        #expect(document.kind(0) == .object)
        #expect(document.count(0) == 2)
        let members = Array(document.members(of: 0))
        #expect(members.map { document.string($0.key) } == ["a", "b"])
        let elements = Array(document.elements(of: members[0].value))
        #expect(elements.map { document.kind($0) } == [.number, .number, .true, .false, .null, .string])
        #expect(document.number(elements[1]) == -2.5)
        #expect(document.numberText(elements[1]) == "-2.5")
        #expect(document.string(elements[5]) == "x\ty")
        #expect(document.count(members[1].value) == 0)
    }

    @Test func locationsCountLinesAndUnicodeScalars() throws {
        let document = try parse("{\n  \"crème\": [\"é\", 2],\n\t\"b\": 3}")
        let members = Array(document.members(of: 0))
        #expect(document.location(members[0].key) == SourceLocation(line: 2, column: 3))
        let elements = Array(document.elements(of: members[0].value))
        #expect(document.location(elements[0]) == SourceLocation(line: 2, column: 13))
        #expect(document.location(elements[1]) == SourceLocation(line: 2, column: 18))
        #expect(document.location(members[1].value) == SourceLocation(line: 3, column: 7))
    }

    @Test func nodesPackToTwentyBytesAndKeepEveryField() {
        #expect(MemoryLayout<JSONDocument.Node>.stride == 20)
        let bits = Int(bitPattern: UInt(Double(-2.5e300).bitPattern))
        let kinds: [JSONDocument.Kind] = [.null, .false, .true, .number, .string, .array, .object]
        for (i, kind) in kinds.enumerated() {
            let node = JSONDocument.Node(a: bits, b: UInt32.max - UInt32(i), line: UInt32.max, column: 123_456_789,
                                         kind: kind, hasEscapes: i % 2 == 1)
            #expect(node.a == bits && node.b == UInt32.max - UInt32(i) && node.line == UInt32.max)
            #expect(node.kind == kind && node.hasEscapes == (i % 2 == 1) && node.column == 123_456_789)
        }
        var node = JSONDocument.Node(a: 7, b: 0, line: 1, column: 1 << 30, kind: .string, hasEscapes: true)
        #expect(node.column == JSONDocument.Node.maximumColumn && node.kind == .string && node.hasEscapes)
        node.a = 1 << 40
        #expect(node.a == 1 << 40 && node.kind == .string)
    }

    @Test(arguments: [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u00e9\u20AC""#, "é€"),
        (#""\ud83d\ude00 ok""#, "😀 ok"),
        ("\"naïve 日本\"", "naïve 日本"),
    ])
    func stringEscapes(_ json: String, _ expected: String) throws {
        #expect(try parse(json).string(0) == expected)
    }

    /// Every number must round exactly as the standard library's correctly rounded parser does.
    @Test func numbersAreCorrectlyRounded() throws {
        var rng = SplitMix64(seed: 42)
        var texts = ["0", "-0", "1e22", "1e23", "9007199254740993", "123456789012345678901234567890", "4.9e-324",
                     "2.2250738585072011e-308", "1.7976931348623157e308", "0.1", "0.30000000000000004", "1E-7",
                     "123.456e-5", "-0.0000", "100000000000000000000000"]
        for _ in 0..<20_000 {
            let digits = String((0..<Int.random(in: 1...20, using: &rng)).map { _ in "0123456789".randomElement(using: &rng)! })
            let fraction = Bool.random(using: &rng) ? "." + String(Int.random(in: 0...999_999, using: &rng)) : ""
            let exponent = Bool.random(using: &rng) ? "e" + String(Int.random(in: -320...300, using: &rng)) : ""
            let integer = digits.drop(while: { $0 == "0" })
            texts.append((integer.isEmpty ? "0" : String(integer)) + fraction + exponent)
        }
        for text in texts {
            let reference = try #require(Double(text))
            guard reference.isFinite else {
                #expect(throws: JSONSyntaxError(.numberOutOfRange(text), at: SourceLocation(line: 1, column: 1))) { try parse(text) }
                continue
            }
            let document = try parse(text)
            #expect(document.number(0).bitPattern == reference.bitPattern, "\(text)")
        }
    }

    struct Failure: Sendable, CustomStringConvertible {
        var json: String
        var kind: JSONSyntaxError.Kind
        var line: Int
        var column: Int
        var description: String { json }
    }

    @Test(arguments: [
        Failure(json: "", kind: .unexpected(found: nil, expected: .value), line: 1, column: 1),
        Failure(json: "{\"a\": 1\n \"b\": 2}", kind: .unexpected(found: "\"", expected: .commaOrObjectEnd), line: 2, column: 2),
        Failure(json: "[1 2]", kind: .unexpected(found: "2", expected: .commaOrArrayEnd), line: 1, column: 4),
        Failure(json: "{\"a\" 1}", kind: .unexpected(found: "1", expected: .colon), line: 1, column: 6),
        Failure(json: "{1: 2}", kind: .unexpected(found: "1", expected: .objectKey), line: 1, column: 2),
        Failure(json: "[1,]", kind: .trailingComma(before: "]"), line: 1, column: 3),
        Failure(json: "[-]", kind: .invalidNumber("-"), line: 1, column: 2),
        Failure(json: "[1.]", kind: .invalidNumber("1."), line: 1, column: 2),
        Failure(json: "[.5]", kind: .unexpected(found: ".", expected: .value), line: 1, column: 2),
        Failure(json: "[1e]", kind: .invalidNumber("1e"), line: 1, column: 2),
        Failure(json: "[-1e999]", kind: .numberOutOfRange("-1e999"), line: 1, column: 2),
        Failure(json: "\"abc", kind: .unterminatedString, line: 1, column: 1),
        Failure(json: "\"\\x\"", kind: .invalidEscape("\\x"), line: 1, column: 2),
        Failure(json: "\"\\u12\"", kind: .invalidEscape("\\u12"), line: 1, column: 2),
        Failure(json: "\"\\udc00\"", kind: .loneSurrogate("\\udc00"), line: 1, column: 2),
        Failure(json: "{\"a\": 1, \"a\": 2}", kind: .duplicateKey("a", firstAt: SourceLocation(line: 1, column: 2)), line: 1, column: 10),
        Failure(json: "{} x", kind: .trailingContent(found: "x"), line: 1, column: 4),
        Failure(json: "[nul]", kind: .unexpected(found: "nul", expected: .value), line: 1, column: 2),
        Failure(json: "[\"é\", x]", kind: .unexpected(found: "x", expected: .value), line: 1, column: 7),
    ])
    func malformedInputIsLocated(_ failure: Failure) {
        #expect(throws: JSONSyntaxError(failure.kind, at: SourceLocation(line: failure.line, column: failure.column))) {
            try parse(failure.json)
        }
    }

    @Test func invalidUTF8IsRefused() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82]] {
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test func nestingIsLimitedNotRecursive() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try parse(ok).nodes.count == 512)
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError(.tooDeep(limit: 512), at: SourceLocation(line: 1, column: 513))) { try parse(deep) }
    }

    @Test func largeObjectsStillCatchDuplicates() {
        let members = (0..<100).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(throws: JSONSyntaxError(.duplicateKey("k7", firstAt: SourceLocation(line: 1, column: 65)), at: SourceLocation(line: 1, column: 1082))) {
            try parse("{" + members + ", \"k\\u0037\": 1}")
        }
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let document = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8))
        #expect(document.location(0) == SourceLocation(line: 1, column: 1))
    }
}
