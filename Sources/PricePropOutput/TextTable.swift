import PricePropBasics

/// A plain-text table with aligned columns, for terminal output.
///
/// ```
/// good          price  adjoint
/// ------------  -----  -------
/// plastic         1.5      1.5
/// polyethylene  0.375  0.37501
/// ```
///
/// Columns are separated by two spaces; a rule of dashes follows the header. A column whose filled cells
/// are all numbers is right-aligned (header included); other columns are left-aligned. Real numbers print
/// with ``significantDigits`` significant digits via ``NumberText/significant(_:digits:)``, so the text is
/// the same in every locale; NaN and infinities print as `—`. Widths count characters, so
/// wide (East Asian) characters may misalign. Lines carry no trailing spaces.
public struct TextTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[TableValue]]
    /// Significant digits for real numbers.
    public var significantDigits: Int

    public init(header: [String], rows: [[TableValue]] = [], significantDigits: Int = 6) {
        self.header = header
        self.rows = rows
        self.significantDigits = significantDigits
    }

    /// Adds a row; missing trailing cells are empty and extra cells are ignored.
    public mutating func append(_ row: [TableValue]) { rows.append(row) }

    /// The text of one cell.
    public func text(_ value: TableValue) -> String {
        switch value {
        case let .text(text): return text
        case let .integer(n): return String(n)
        case let .number(x): return NumberText.significant(x, digits: significantDigits)
        case .empty: return ""
        }
    }

    /// Writes the table, one line per row, each ending in `\n`.
    public func write(to out: inout some TextOutputStream) {
        let columnCount = header.count
        let cells = rows.map { row in (0..<columnCount).map { $0 < row.count ? row[$0] : .empty } }
        let texts = cells.map { $0.map(text) }
        var widths = header.map(\.count)
        var numeric = [Bool](repeating: true, count: columnCount)
        for (row, rowTexts) in zip(cells, texts) {
            for column in 0..<columnCount {
                widths[column] = max(widths[column], rowTexts[column].count)
                if case .text = row[column] { numeric[column] = false }
            }
        }
        // A column with no numbers at all (only empty cells) reads better left-aligned.
        for column in 0..<columnCount where !cells.contains(where: { $0[column].isNumeric }) {
            numeric[column] = false
        }

        // Spaces are owed, not written, until text follows them: a wide last column (a list of names) would
        // otherwise pad every other line to its width only for the padding to be cut again.
        func line(_ fields: [String]) -> String {
            var line = "", owed = 0
            for (column, field) in fields.enumerated() {
                if column > 0 { owed += 2 }
                let padding = widths[column] - field.count
                if numeric[column] { owed += padding }
                if !field.isEmpty {
                    line += String(repeating: " ", count: owed) + field
                    owed = 0
                }
                if !numeric[column] { owed += padding }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line + "\n"
        }

        out.write(line(header))
        out.write(line(widths.map { String(repeating: "-", count: $0) }))
        for rowTexts in texts { out.write(line(rowTexts)) }
    }

    /// The whole table as a string.
    public var rendered: String {
        var text = ""
        write(to: &text)
        return text
    }
}
