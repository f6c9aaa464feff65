import Testing
import PriceProp
@testable import PricePropBasics
@testable import PricePropOutput

@Suite struct CSVTests {
    @Test func quotesOnlyWhenNeeded() {
        #expect(CSVWriter.escape("plastic") == "plastic")
        #expect(CSVWriter.escape("a,b") == "\"a,b\"")
        #expect(CSVWriter.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.escape("cr\rlf") == "\"cr\rlf\"")
        #expect(CSVWriter.escape(" padded") == "\" padded\"")
        #expect(CSVWriter.escape("") == "")
    }

    @Test func numbersRoundTripAndNonFiniteIsEmpty() {
        #expect(CSVWriter.field(2.0) == "2")
        #expect(CSVWriter.field(-0.0) == "0")
        #expect(CSVWriter.field(0.1) == "0.1")
        #expect(CSVWriter.field(1e-12) == "1e-12")
        #expect(CSVWriter.field(.nan) == "")
        #expect(CSVWriter.field(.infinity) == "")
        #expect(CSVWriter.field(-.infinity) == "")
        for x in [1.0 / 3.0, 2.0 / 3.0, 1e300, Double.leastNonzeroMagnitude, 123_456_789.123_456_78, 9_007_199_254_740_993.0, -7.25] {
            #expect(Double(CSVWriter.field(x)) == x)
        }
    }

    @Test func writesHeaderAndRowsWithLF() {
        var text = ""
        let writer = CSVWriter()
        writer.write(header: ["tick", "price.plastic"], to: &text)
        writer.write(row: [0, 0.5], to: &text)
        writer.write(row: [.integer(10), .number(.nan)], to: &text)
        #expect(text == "tick,price.plastic\n0,0.5\n10,\n")
    }

    @Test func awkwardFieldsRoundTripThroughTheReader() throws {
        let header = ["name", "note, with comma", "\"quoted\"", "multi\nline", "crlf\r\nend"]
        let rows = [
            ["plastic", "a,b,c", "he said \"no\"", "x\ny", ""],
            ["", " lead", "trail ", "\"", "ünïcödé ✓"],
        ]
        var text = ""
        CSVWriter().write(CSVTable(header: header, rows: rows), to: &text)
        let table = try CSVReader.read(text)
        #expect(table.header == header)
        #expect(table.rows == rows)
    }

    @Test func numericColumnsRoundTripExactly() throws {
        let values = [0.0, 1.0 / 3.0, -2.5e-9, 1e22, .nan]
        var text = ""
        let writer = CSVWriter()
        writer.write(header: ["tick", "price"], to: &text)
        for (tick, value) in values.enumerated() { writer.write(row: [Double(tick), value], to: &text) }
        let table = try CSVReader.read(text)
        let read = try table.doubles(inColumn: "price")
        #expect(read.count == values.count)
        for (a, b) in zip(read, values) { #expect(a == b || (a.isNaN && b.isNaN)) }
        #expect(try table.doubles(inColumn: 0) == [0, 1, 2, 3, 4])
    }

    @Test func readerAcceptsCRLFAndMissingFinalNewline() throws {
        let table = try CSVReader.read("a,b\r\n1,2\r\n\r\n3,\"4\"")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1", "2"], ["3", "4"]])
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var text: String
        var error: CSVError
        var testDescription: String { error.description }
    }

    @Test(arguments: [
        BadInput(text: "", error: CSVError(.empty, line: 1)),
        BadInput(text: "a,b\n1,2\n3\n", error: CSVError(.wrongFieldCount(expected: 2, found: 1), line: 3)),
        BadInput(text: "a,b\n1,\"2\n3,4\n", error: CSVError(.unterminatedQuote, line: 2)),
        BadInput(text: "a,b\n\"1\"x,2\n", error: CSVError(.characterAfterQuote("x"), line: 2)),
        BadInput(text: "a,b\n1\"2,3\n", error: CSVError(.quoteInUnquotedField, line: 2)),
        BadInput(text: "a,a\n1,2\n", error: CSVError(.duplicateColumn("a"), line: 1)),
        BadInput(text: "a,\"multi\nline\"\n1,2\n1,2,3\n", error: CSVError(.wrongFieldCount(expected: 2, found: 3), line: 4)),
    ])
    func readerReportsLine(_ input: BadInput) {
        #expect(throws: input.error) { try CSVReader.read(input.text) }
    }

    @Test func columnErrorsNameTheProblem() throws {
        let table = try CSVReader.read("tick,price.plastic\n0,1.5\n1,abc\n")
        #expect(throws: CSVError(.unknownColumn("price.plastik", suggestion: "price.plastic"), line: 1)) {
            try table.doubles(inColumn: "price.plastik")
        }
        let error = #expect(throws: CSVError.self) { try table.doubles(inColumn: "price.plastic") }
        #expect(error?.description == "line 3: 'abc' in column 'price.plastic' is not a number")
    }
}

@Suite struct NumberTextTests {
    @Test func significantDigits() {
        #expect(NumberText.significant(1.0 / 3.0, digits: 6) == "0.333333")
        #expect(NumberText.significant(1.5, digits: 10) == "1.5")
        #expect(NumberText.significant(123_456_789, digits: 4) == "1.235e+08")
        #expect(NumberText.significant(1e-12, digits: 6) == "1e-12")
        #expect(NumberText.significant(.nan, digits: 6) == "—")
        #expect(NumberText.significant(-.infinity, digits: 6) == "—")
    }

    @Test func fixedDecimals() {
        #expect(NumberText.fixed(12.5, decimals: 2) == "12.5")
        #expect(NumberText.fixed(12.0, decimals: 2) == "12")
        #expect(NumberText.fixed(-0.001, decimals: 2) == "0")
        #expect(NumberText.fixed(1234.5678, decimals: 2) == "1234.57")
        #expect(NumberText.fixed(100, decimals: 0) == "100")
        #expect(NumberText.fixed(1, decimals: 1, trimmingZeros: false) == "1.0")
        #expect(NumberText.fixed(-0.01, decimals: 1, trimmingZeros: false) == "0.0")
    }
}
