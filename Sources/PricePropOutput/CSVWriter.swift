import PricePropBasics

/// Writes comma-separated values following RFC 4180.
///
/// - A field is quoted when it contains a comma, a double quote, CR or LF, or starts or ends with a space;
///   quotes inside are doubled (`say "hi"` becomes `"say ""hi"""`).
/// - Lines end with LF (`\n`), not the RFC's CRLF: the files are meant for Unix tools, spreadsheets accept
///   both, and ``CSVReader`` reads both.
/// - Numbers are written with ``NumberText/roundTrip(_:)``: reading the field back with `Double(_:)` gives
///   exactly the value written. NaN and infinities cannot be written as numbers; they become an empty field,
///   which ``CSVTable/doubles(inColumn:)`` reads back as NaN.
///
/// The writer does not check that rows have as many fields as the header; ``CSVTable`` does when reading.
public struct CSVWriter: Sendable {
    public init() {}

    /// Writes one line holding `fields` as text.
    public func write(fields: [String], to out: inout some TextOutputStream) {
        var line = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { line += "," }
            line += Self.escape(field)
        }
        line += "\n"
        out.write(line)
    }

    /// Writes the header row: column names.
    public func write(header: [String], to out: inout some TextOutputStream) {
        write(fields: header, to: &out)
    }

    /// Writes one row of cells.
    public func write(row: [TableValue], to out: inout some TextOutputStream) {
        write(fields: row.map(Self.field), to: &out)
    }

    /// Writes one row of numbers.
    public func write(row: [Double], to out: inout some TextOutputStream) {
        write(fields: row.map(Self.field), to: &out)
    }

    /// Writes a whole table: header, then rows.
    public func write(_ table: CSVTable, to out: inout some TextOutputStream) {
        write(header: table.header, to: &out)
        for row in table.rows { write(fields: row, to: &out) }
    }

    // MARK: - Fields

    /// The unquoted text of a number: round-trip digits, or empty for NaN and infinities.
    public static func field(_ x: Double) -> String { NumberText.roundTrip(x) ?? "" }

    /// The unquoted text of a cell.
    public static func field(_ value: TableValue) -> String {
        switch value {
        case let .text(text): return text
        case let .integer(n): return String(n)
        case let .number(x): return field(x)
        case .empty: return ""
        }
    }

    /// `field` quoted if RFC 4180 requires it (or surrounding spaces would be lost by lenient readers).
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        var quoted = "\""
        for character in field.unicodeScalars {
            if character == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(character) }
        }
        quoted += "\""
        return quoted
    }
}
