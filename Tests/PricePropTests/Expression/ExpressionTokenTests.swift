import Testing
import PriceProp
@testable import PricePropExpression

/// The byte-level token scan that validation and the economy builder share.
struct ExpressionTokenTests {
    /// Tokens rendered as text: `N:name@start`, `F:function`, `#number`, and symbols as themselves.
    func tokens(_ text: String) -> [String]? {
        var text = text
        var out: [String] = []
        let scanned = text.withUTF8 { bytes in
            ExpressionToken.scan(bytes) { token in
                switch token {
                case .name(let name, let start, let isFunction):
                    let word = String(decoding: name, as: UTF8.self)
                    out.append(isFunction ? "F:\(word)" : "N:\(word)@\(start)")
                case .number(let number): out.append("#" + String(decoding: number, as: UTF8.self))
                case .symbol(let c): out.append(String(UnicodeScalar(c)))
                }
                return true
            }
        }
        return scanned ? out : nil
    }

    @Test func readsNamesFunctionsNumbersAndSymbols() {
        #expect(tokens("2.5e-3*sqrt (natgas)+k_1") == [
            "#2.5e-3", "*", "F:sqrt", " ", "(", "N:natgas@13", ")", "+", "N:k_1@21",
        ])
    }

    @Test func keepsMalformedNumbersWhole() {
        #expect(tokens("1.2.3x+4E+") == ["#1.2.3x", "+", "#4E+"])
    }

    @Test(arguments: ["caf\u{e9}", "a\nb", "x\u{7f}"])
    func declinesBytesOutsidePrintableASCII(_ text: String) {
        #expect(tokens(text) == nil)
    }

    @Test func stopsWhenTheVisitorDeclines() {
        var text = "a + b + c"
        var seen = 0
        let scanned = text.withUTF8 { bytes in
            ExpressionToken.scan(bytes) { token in
                if case .name = token { seen += 1 }
                return seen < 2
            }
        }
        #expect(!scanned)
        #expect(seen == 2)
    }

    @Test func namesAreFoundByTheirBytes() {
        let table = NameTable(["natgas", "oil", "natgas2", "oil"])
        var text = "oil natgas2 coal"
        let found: [Int?] = text.withUTF8 { bytes in
            [table.find(UnsafeBufferPointer(rebasing: bytes[0..<3])),
             table.find(UnsafeBufferPointer(rebasing: bytes[4..<11])),
             table.find(UnsafeBufferPointer(rebasing: bytes[12..<16]))]
        }
        #expect(found == [3, 2, nil])
    }
}
