import PricePropEconomy
import PricePropOutput
import PricePropScenario

// MARK: - Reports of large economies, summarised

/// `1 firm`, `2 firms`, `1 firm entry`, `3 firm entries`.
public func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
    "\(count) \(count == 1 ? singular : plural)"
}

extension Run.Report {
    /// Goods above which the comparison is summarised unless every row is asked for.
    public static let summaryGoods = 40

    /// The comparison of a large economy in two short tables: the first `first` goods in order, and the
    /// `largest` goods with the largest relative error (ties in good order), neither with use rows. Also the
    /// number of rows the full ``table(economy:)`` would have.
    public func summaryTables(economy: Economy, first: Int = 10, largest: Int = 10)
        -> (first: TextTable, largest: TextTable, fullRows: Int) {
        let full = table(economy: economy)
        var goodRows: [Int] = []  // row index in `full` of each good's own line
        for (index, row) in full.rows.enumerated() {
            if case let .text(name)? = row.first, !name.hasPrefix("  ") { goodRows.append(index) }
        }
        var head = TextTable(header: full.header, significantDigits: full.significantDigits)
        for index in goodRows.prefix(first) { head.append(full.rows[index]) }
        let errors = comparison.relativeErrors
        let worst = errors.indices.sorted { (errors[$0].isNaN ? .infinity : errors[$0], -$0) > (errors[$1].isNaN ? .infinity : errors[$1], -$1) }
        var tail = TextTable(header: full.header, significantDigits: full.significantDigits)
        for g in worst.prefix(largest) where g < goodRows.count { tail.append(full.rows[goodRows[g]]) }
        return (head, tail, full.rows.count)
    }
}
