import PricePropOutput

extension FlowTable {
    /// An industry-by-industry table from a BEA use table (commodities by industries, then value-added rows
    /// and final-use columns) and, optionally, its supply ("make") table (commodities by industries, imports
    /// and total supply in the last column).
    ///
    /// With the supply table, the industry-technology assumption: industry `i` makes the share
    /// `make[c][i] / Σ make[c]` of commodity `c`, so industry `j`'s use of `c` is bought from the makers of `c`
    /// in those shares; and import proportionality: only the domestic share `Σ make[c] / total supply[c]` of
    /// each use is bought at home. Negative use cells (sales of scrap) count as 0. Each industry's primary
    /// input is the rest of its output, `output − domestic intermediate purchases` (value added, imported
    /// intermediates, taxes); its final demand is the rest of its sales, `output − sales to industries`. Output
    /// is the row starting `Total industry output`. See `docs/input-output.md`.
    public static func bea(use: CSVTable, useFile: String, make: CSVTable?, makeFile: String) throws(InputOutputError) -> FlowTable {
        guard let end = use.header.firstIndex(where: { $0 == "Total Intermediate" || $0 == "T001" }), end > 1 else {
            throw InputOutputError(file: useFile, "header: expected industry columns followed by 'Total Intermediate' (or 'T001')")
        }
        let n = end - 1
        guard let commodityEnd = use.rows.firstIndex(where: { $0.first == "Total Intermediate" }), commodityEnd >= n else {
            throw InputOutputError(file: useFile, "expected at least \(n) commodity rows followed by a 'Total Intermediate' row")
        }
        let commodities = use.rows[0..<commodityEnd].map { $0.first ?? "" }
        let industries = Array(commodities.prefix(n))
        guard let outputRow = use.rows.first(where: { $0.first?.hasPrefix("Total industry output") == true }) else {
            throw InputOutputError(file: useFile, "expected a row 'Total industry output (basic prices)'")
        }
        var output: [Double] = []
        for j in 0..<n { output.append(try cell(at: outputRow, j + 1, file: useFile, column: use.header[j + 1])) }

        let (makers, domestic) = try commodityMakers(commodities, industries: n, make: make, makeFile: makeFile,
                                                     useFile: useFile)
        var flows = try domesticFlows(use: use, useFile: useFile, rows: commodityEnd, makers: makers,
                                      domestic: domestic, industries: n)
        let finalUse = try finalUses(use: use, useFile: useFile, rows: commodityEnd, firstColumn: end + 1,
                                     makers: makers, domestic: domestic, industries: n)
        let finalDemand = leaveFinalDemand(&flows, output: output, finalUse: finalUse)
        var valueAdded: [Double] = []
        for j in 0..<n {
            var bought = 0.0
            for i in 0..<n { bought += flows[i][j] }
            valueAdded.append(output[j] - bought)
        }
        let table = FlowTable(industries: industries, flows: flows, valueAdded: valueAdded, finalDemand: finalDemand)
        try table.checkBalance(file: useFile)
        return table
    }

    /// The smallest final demand an industry is left with, as a share of its output, where its sales to
    /// industries would leave less (and the table's own final uses of its product are smaller still).
    public static let minimumFinalDemandShare = 0.01

    /// For each commodity: who makes it (shares by industry, from the supply table, else commodity `i` is
    /// industry `i`'s) and the domestic share of its supply.
    private static func commodityMakers(_ commodities: [String], industries n: Int, make: CSVTable?, makeFile: String,
                                        useFile: String) throws(InputOutputError) -> (makers: [[Double]], domestic: [Double]) {
        var makers: [[Double]] = [], domestic: [Double] = []
        for (c, name) in commodities.enumerated() {
            if let make {
                guard let row = make.rows.first(where: { $0.first == name }), row.count == make.header.count, row.count >= n + 2 else {
                    throw InputOutputError(file: makeFile, "expected a row '\(name)' with \(make.header.count) cells, as in \(useFile)")
                }
                var made: [Double] = []
                for i in 0..<n { made.append(max(0, try cell(at: row, i + 1, file: makeFile, column: make.header[i + 1]))) }
                let domesticOutput = made.reduce(0, +)
                let supply = try cell(at: row, row.count - 1, file: makeFile, column: make.header[row.count - 1])
                makers.append(domesticOutput > 0 ? made.map { $0 / domesticOutput } : made)
                domestic.append(supply > 0 ? min(1, domesticOutput / supply) : 0)
            } else {
                // Without a supply table commodity i is industry i's, and scrap and the like are primary.
                makers.append((0..<n).map { $0 == c ? 1 : 0 })
                domestic.append(c < n ? 1 : 0)
            }
        }
        return (makers, domestic)
    }

    /// `flows[i][j]`: what industry `j` buys from industry `i`, each use of a commodity (negative cells as 0)
    /// bought at home in its domestic share, from its makers in their shares.
    private static func domesticFlows(use: CSVTable, useFile: String, rows: Int, makers: [[Double]], domestic: [Double],
                                      industries n: Int) throws(InputOutputError) -> [[Double]] {
        var flows = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for (c, row) in use.rows[0..<rows].enumerated() where domestic[c] > 0 {
            for j in 0..<n {
                let used = max(0, try cell(at: row, j + 1, file: useFile, column: use.header[j + 1])) * domestic[c]
                guard used > 0 else { continue }
                for i in 0..<n where makers[c][i] > 0 { flows[i][j] += makers[c][i] * used }
            }
        }
        return flows
    }

    /// Each industry's final demand, the rest of its output after its sales to industries; sales that leave
    /// less than the floor for final users (purchasers' prices against output at basic prices) are scaled
    /// down first, and what the buyers lose they import.
    private static func leaveFinalDemand(_ flows: inout [[Double]], output: [Double], finalUse: [Double]) -> [Double] {
        let n = output.count
        var finalDemand: [Double] = []
        for i in 0..<n {
            let sold = flows[i].reduce(0, +)
            let floor = max(finalUse[i], minimumFinalDemandShare * output[i])
            if output[i] - sold < floor, sold > 0 {
                let scale = max(0, output[i] - floor) / sold
                for j in 0..<n { flows[i][j] *= scale }
            }
            finalDemand.append(output[i] - flows[i].reduce(0, +))
        }
        return finalDemand
    }

    /// Per industry, the table's final uses (every column between the total intermediate and the total use
    /// column, negative cells such as inventory draw-downs included) of the commodities it makes, domestic
    /// share only.
    private static func finalUses(
        use: CSVTable, useFile: String, rows: Int, firstColumn: Int, makers: [[Double]], domestic: [Double], industries n: Int
    ) throws(InputOutputError) -> [Double] {
        let lastColumn = use.header.count - 1
        var result = [Double](repeating: 0, count: n)
        for c in 0..<rows where firstColumn < lastColumn {
            var total = 0.0
            for k in firstColumn..<lastColumn { total += try cell(at: use.rows[c], k, file: useFile, column: use.header[k]) }
            for i in 0..<n { result[i] += makers[c][i] * total * domestic[c] }
        }
        return result
    }

    private static func cell(at row: [String], _ index: Int, file: String, column: String) throws(InputOutputError) -> Double {
        guard index < row.count else {
            throw InputOutputError(file: file, "row '\(row.first ?? "")': expected a cell in column '\(column)'")
        }
        return try cell(row[index], file: file, row: row.first ?? "", column: column)
    }
}
