import PricePropBasics
import PricePropOutput
import PricePropComparator

extension HultenTable {
    /// `firm`, `output`, `domar`, `backprop`, `measured`, one row per industry.
    public var table: TextTable {
        var table = TextTable(header: ["firm", "output", "domar", "backprop", "measured"], significantDigits: 10)
        for s in sectors { table.append([.text(s.firm), .text(s.output), .number(s.domar), .number(s.backprop), .number(s.measured)]) }
        return table
    }

    /// `cd-network: GDP = 10 (welfare units), W = ...; 3 industries, largest relative difference 1.2e-11`.
    public var summary: String {
        "\(scenario): market converged after \(ticks) ticks; GDP = \(NumberText.significant(gdp, digits: 10)) (welfare units), W = "
            + "\(NumberText.significant(welfare, digits: 10)); \(sectors.count) industries; measured with h = "
            + "\(NumberText.significant(step, digits: 3)); largest relative difference from the Domar weight: backprop "
            + "\(NumberText.significant(largestDifference(\.backprop), digits: 3)), measured "
            + NumberText.significant(largestDifference(\.measured), digits: 3)
    }

    /// The largest `|x − domar| / max(|x|, |domar|)` over the industries for one column.
    public func largestDifference(_ column: KeyPath<Sector, Double>) -> Double {
        sectors.map { relativeDifference($0[keyPath: column], $0.domar) }.max() ?? 0
    }

    /// `{"scenario": ..., "gdp": x, "sectors": [{"firm": name, "domar": d, "backprop": b, "measured": m}]}`.
    public var json: JSONOutput {
        .object([
            .init("scenario", .string(scenario)),
            .init("gdp", .number(gdp)),
            .init("sectors", .array(sectors.map { s in
                .object([.init("firm", .string(s.firm)), .init("domar", .number(s.domar)),
                         .init("backprop", .number(s.backprop)), .init("measured", .number(s.measured))])
            })),
        ])
    }

    /// CSV with columns `firm,output,domar,backprop,measured`, numbers round-trip exact.
    public func writeCSV(to out: inout some TextOutputStream) {
        let writer = CSVWriter()
        writer.write(header: ["firm", "output", "domar", "backprop", "measured"], to: &out)
        for s in sectors {
            writer.write(row: [.text(s.firm), .text(s.output), .number(s.domar), .number(s.backprop), .number(s.measured)],
                         to: &out)
        }
    }
}
