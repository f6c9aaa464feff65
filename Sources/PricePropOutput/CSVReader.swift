import PricePropBasics

/// A table read from CSV: a header row and rows of text fields, each as long as the header.
public struct CSVTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The index of the column called `name`, or an error that suggests the nearest name.
    public func columnIndex(named name: String) throws(CSVError) -> Int {
        if let index = header.firstIndex(of: name) { return index }
        throw CSVError(.unknownColumn(name, suggestion: closestMatch(to: name, among: header)), line: 1)
    }

    /// Every row's field in `column` as a number; an empty field is NaN.
    ///
    /// - Throws: ``CSVError/Kind-swift.enum/notANumber(column:value:)`` with the 1-based file line (the header
    ///   is line 1, so row `i` is line `i + 2`) when a field is not a number.
    public func doubles(inColumn column: Int) throws(CSVError) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let field = row[column].trimmingSpaces()
            if field.isEmpty {
                values.append(.nan)
            } else if let value = Double(field) {
                values.append(value)
            } else {
                throw CSVError(.notANumber(column: header[column], value: row[column]), line: index + 2)
            }
        }
        return values
    }

    /// The column called `name` as numbers; see ``doubles(inColumn:)``.
    public func doubles(inColumn name: String) throws(CSVError) -> [Double] {
        try doubles(inColumn: columnIndex(named: name))
    }
}

/// Why CSV text could not be read, and on which 1-based line.
public struct CSVError: Error, Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The input has no header row.
        case empty
        /// A quoted field is still open at the end of the input; the line is where it opened.
        case unterminatedQuote
        /// A closing quote is followed by something other than a comma or a line break.
        case characterAfterQuote(Character)
        /// A quote appears inside an unquoted field.
        case quoteInUnquotedField
        case wrongFieldCount(expected: Int, found: Int)
        case duplicateColumn(String)
        case unknownColumn(String, suggestion: String?)
        case notANumber(column: String, value: String)
    }

    public var kind: Kind
    /// 1-based line of the input (a quoted field spanning lines counts each line).
    public var line: Int

    public init(_ kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    /// One line describing the problem, without location.
    public var message: String {
        switch kind {
        case .empty: return "no header row"
        case .unterminatedQuote: return "quoted field is never closed"
        case let .characterAfterQuote(c): return "unexpected '\(c)' after closing quote; expected ',' or end of line"
        case .quoteInUnquotedField: return "'\"' inside an unquoted field; quote the whole field and double the quote"
        case let .wrongFieldCount(expected, found):
            return "expected \(expected) field\(expected == 1 ? "" : "s") like the header, found \(found)"
        case let .duplicateColumn(name): return "column '\(name)' appears twice in the header"
        case let .unknownColumn(name, suggestion):
            return "no column '\(name)'" + didYouMean(suggestion)
        case let .notANumber(column, value): return "'\(value)' in column '\(column)' is not a number"
        }
    }
}

extension CSVError: CustomStringConvertible {
    /// `line 3: message`; prefix a file name for a compiler-style diagnostic.
    public var description: String { "line \(line): \(message)" }
}

/// Reads RFC 4180 comma-separated values: quoted fields with doubled quotes and embedded line breaks,
/// LF or CRLF line endings, and an optional final line break.
///
/// The first record is the header; every later record must have as many fields. Blank lines between
/// records are skipped (a one-column file cannot hold empty fields that way, which a time series never needs).
/// Fields are returned exactly as written apart from quoting; no spaces are trimmed.
///
/// - Complexity: O(n) in the length of the text.
public enum CSVReader {
    public static func read(_ text: String) throws(CSVError) -> CSVTable {
        var records = try records(in: text)
        guard !records.isEmpty else { throw CSVError(.empty, line: 1) }
        let (headerLine, header) = records.removeFirst()
        var seen: Set<String> = []
        for name in header where !seen.insert(name).inserted {
            throw CSVError(.duplicateColumn(name), line: headerLine)
        }
        var rows: [[String]] = []
        rows.reserveCapacity(records.count)
        for (line, fields) in records {
            guard fields.count == header.count else {
                throw CSVError(.wrongFieldCount(expected: header.count, found: fields.count), line: line)
            }
            rows.append(fields)
        }
        return CSVTable(header: header, rows: rows)
    }

    /// Splits text into records, each with the 1-based line it starts on.
    static func records(in text: String) throws(CSVError) -> [(line: Int, fields: [String])] {
        var scanner = RecordScanner()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if scanner.inQuotes {
                // A doubled quote is a quote; a single one ends the field, and what follows is read as usual.
                guard scalar == "\"" else { scanner.appendQuoted(scalar); continue }
                let next = scalars.next()
                if next == "\"" { scanner.field.append("\"") } else { scanner.closeQuote(); pending = next }
                continue
            }
            if scalar == "\r" {
                let next = scalars.next()
                if next != "\n" { pending = next }
            }
            try scanner.appendUnquoted(scalar)
        }
        return try scanner.finish()
    }

    /// The state of the record split between two characters.
    private struct RecordScanner {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var inQuotes = false
        /// Just closed a quoted field.
        var afterQuote = false
        /// The current record has any content.
        var fieldStarted = false

        mutating func appendQuoted(_ scalar: Unicode.Scalar) {
            if scalar == "\n" { line += 1 }
            field.append(scalar)
        }

        mutating func closeQuote() {
            inQuotes = false
            afterQuote = true
        }

        /// A character outside quotes; a `\r\n` pair arrives as its `\r` alone.
        mutating func appendUnquoted(_ scalar: Unicode.Scalar) throws(CSVError) {
            switch scalar {
            case ",":
                endField()
                afterQuote = false
                fieldStarted = true
            case "\r", "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !afterQuote else {
                    if afterQuote { throw CSVError(.characterAfterQuote("\""), line: line) }
                    throw CSVError(.quoteInUnquotedField, line: line)
                }
                inQuotes = true
                quoteLine = line
                fieldStarted = true
            default:
                if afterQuote { throw CSVError(.characterAfterQuote(Character(scalar)), line: line) }
                field.append(scalar)
                fieldStarted = true
            }
        }

        mutating func finish() throws(CSVError) -> [(line: Int, fields: [String])] {
            if inQuotes { throw CSVError(.unterminatedQuote, line: quoteLine) }
            if fieldStarted || !field.isEmpty || !fields.isEmpty { endRecord() }
            return records
        }

        private mutating func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }

        /// Ends the record; a blank line is no record.
        private mutating func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !fieldStarted) { records.append((recordLine, fields)) }
            fields = []
            afterQuote = false
            fieldStarted = false
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
