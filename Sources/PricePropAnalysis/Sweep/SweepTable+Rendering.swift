import PricePropBasics
import PricePropOutput

extension SweepTable {
    /// The table as CSV: the header, then one line per row, numbers round-trip exact (NaN as an empty field).
    /// Shards written this way recombine by keeping one header and sorting the rest on `point`.
    public func writeCSV(to out: inout some TextOutputStream, header: Bool = true) {
        let writer = CSVWriter()
        if header { writer.write(header: columns, to: &out) }
        for row in rows { writer.write(row: row, to: &out) }
    }

    /// For the terminal: `point`, the varied paths, each good's price and error, `value` and `converged`.
    public var table: TextTable {
        let keep = columns.indices.filter { i in
            let name = columns[i]
            return !name.hasSuffix(".gradient") && name != "ticks"
        }
        var table = TextTable(header: keep.map { columns[$0] }, significantDigits: 8)
        for row in rows {
            table.append(keep.map { i in
                let name = columns[i]
                if name == "point" || name == "converged" { return row[i].isFinite ? .integer(Int(row[i])) : .empty }
                if name.hasSuffix(".error") { return .text(NumberText.significant(row[i], digits: 3)) }
                return .number(row[i])
            })
        }
        return table
    }

    /// How many rows converged.
    public var convergedCount: Int {
        guard let c = columns.firstIndex(of: "converged") else { return 0 }
        return rows.filter { $0[c] == 1 }.count
    }
}
