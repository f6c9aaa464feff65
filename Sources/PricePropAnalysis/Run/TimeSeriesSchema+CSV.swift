import PricePropComparator
import PricePropOutput

// The one place a time series meets CSV: the header and cells written from the schema, and a header read
// back into a schema (only `priceprop plot` does that).

extension TimeSeriesSchema {
    /// Writes the header row.
    public func writeCSVHeader(to out: inout some TextOutputStream) {
        CSVWriter().write(header: names, to: &out)
    }

    /// Writes rows recorded with this schema as CSV lines (no header): the tick as an integer, each good's
    /// status by name, every other cell as a number.
    public func writeCSV(rows: [[Double]], to out: inout some TextOutputStream) {
        let writer = CSVWriter()
        for row in rows {
            var cells: [TableValue] = []
            cells.reserveCapacity(row.count)
            for (value, column) in zip(row, columns) { cells.append(Self.cell(value, column)) }
            writer.write(row: cells, to: &out)
        }
    }

    private static func cell(_ value: Double, _ column: Column) -> TableValue {
        switch column {
        case .tick: return .integer(Int(value))
        case .good(_, .status):
            if value.isFinite, let named = Comparison.Status(code: Int(value)) { return .text(named.rawValue) }
            return .number(value)
        default: return .number(value)
        }
    }

    /// The schema of a CSV header: each `<good>.price` column names a good, in column order; `<good>.<field>`
    /// of a known good and field, `tick` and `value` are typed; anything else is kept as ``Column/other(_:)``.
    /// Whether a good's price is fixed is not in a header: every good counts as market-priced.
    public init(csvHeader header: [String]) {
        var goods: [Good] = [], number: [String: Int] = [:]
        for name in header where name.hasSuffix(".price") {
            let good = String(name.dropLast(".price".count))
            guard number[good] == nil else { continue }
            number[good] = goods.count
            goods.append(Good(name: good, isFixedPrice: false))
        }
        let columns = header.map { name -> Column in
            if name == "tick" { return .tick }
            if name == "value" { return .value }
            if let dot = name.lastIndex(of: "."), let g = number[String(name[..<dot])],
               let field = Field(rawValue: String(name[name.index(after: dot)...])) {
                return .good(g, field)
            }
            return .other(name)
        }
        self.init(goods: goods, columns: columns)
    }
}
