import Testing
import PriceProp
@testable import PricePropOutput

@Suite struct JSONWriterTests {
    @Test func escapesStrings() {
        #expect(JSONWriter.quoted("plain") == "\"plain\"")
        #expect(JSONWriter.quoted("quote \" backslash \\") == "\"quote \\\" backslash \\\\\"")
        #expect(JSONWriter.quoted("tab\tnewline\ncr\r") == "\"tab\\tnewline\\ncr\\r\"")
        #expect(JSONWriter.quoted("\u{01}\u{1F}\u{08}\u{0C}") == "\"\\u0001\\u001f\\b\\f\"")
        #expect(JSONWriter.quoted("line\u{2028}sep") == "\"line\\u2028sep\"")
        #expect(JSONWriter.quoted("ünï ✓ /") == "\"ünï ✓ /\"")
    }

    @Test func numbers() {
        #expect(JSONWriter.number(3) == "3")
        #expect(JSONWriter.number(-42) == "-42")
        #expect(JSONWriter.number(0.1) == "0.1")
        #expect(JSONWriter.number(1e-12) == "1e-12")
        #expect(JSONWriter.number(9_007_199_254_740_991) == "9007199254740991")
        #expect(JSONWriter.number(9_007_199_254_740_992) == "9007199254740992.0")
        #expect(JSONWriter.number(.nan) == "null")
        #expect(JSONWriter.number(.infinity) == "null")
    }

    @Test func prettyKeepsMemberOrder() {
        let value: JSONOutput = [
            "version": 1,
            "scenario": "seed \"chain\"",
            "converged": true,
            "prices": [0.5, 2, .number(.nan)],
            "goods": [["name": "plastic"], ["name": "ethylene"]],
            "empty": [],
            "none": [:],
            "missing": nil,
        ]
        let expected = """
            {
              "version": 1,
              "scenario": "seed \\"chain\\"",
              "converged": true,
              "prices": [0.5, 2, null],
              "goods": [
                {
                  "name": "plastic"
                },
                {
                  "name": "ethylene"
                }
              ],
              "empty": [],
              "none": {},
              "missing": null
            }

            """
        #expect(JSONWriter().string(value) == expected)
    }

    @Test func compactHasNoWhitespace() {
        let value = JSONOutput.object(["b": [1, 2.5], "a": ["x": false]])
        #expect(JSONWriter(style: .compact).string(value) == #"{"b":[1,2.5],"a":{"x":false}}"#)
    }

    @Test func outputParsesBackWithFoundation() throws {
        let value: JSONOutput = ["text": "a\u{0}b\"\\\n", "n": .numbers([1, 0.25, 1e300])]
        let text = JSONWriter().string(value)
        let parsed = try JSONSerializationRoundTrip.parse(text)
        #expect(parsed.text == "a\u{0}b\"\\\n")
        #expect(parsed.n == [1, 0.25, 1e300])
    }
}

import Foundation

/// Decodes the document of `outputParsesBackWithFoundation` with Foundation as an independent parser.
private struct JSONSerializationRoundTrip: Decodable {
    var text: String
    var n: [Double]
    static func parse(_ text: String) throws -> Self {
        try JSONDecoder().decode(Self.self, from: Data(text.utf8))
    }
}
