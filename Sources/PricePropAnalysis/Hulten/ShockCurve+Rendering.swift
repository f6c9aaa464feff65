import PricePropBasics
import PricePropOutput

extension ShockCurve {
    /// `z`, `exact`, `hulten`, `second order`, one row per shock.
    public var table: TextTable {
        var table = TextTable(header: ["z", "exact", "hulten", "second order"], significantDigits: 10)
        for p in points { table.append([.number(p.z), .number(p.exact), .number(p.hulten), .number(p.secondOrder)]) }
        return table
    }

    /// `ces-network, shock to steelworks: GDP = 10, Domar weight 0.5189, dDomar/dz -0.1225`.
    public var summary: String {
        "\(scenario), shock to \(firm): change in log real GDP; GDP = \(NumberText.significant(gdp, digits: 10)) "
            + "(welfare units), Domar weight \(NumberText.significant(domar, digits: 10)), dDomar/dz "
            + NumberText.significant(domarSlope, digits: 10)
    }

    /// `{"scenario", "firm", "gdp", "domar", "domarSlope", "points": [{"z", "exact", "hulten", "secondOrder"}]}`.
    public var json: JSONOutput {
        .object([
            .init("scenario", .string(scenario)), .init("firm", .string(firm)), .init("gdp", .number(gdp)),
            .init("domar", .number(domar)), .init("domarSlope", .number(domarSlope)),
            .init("points", .array(points.map { p in
                .object([.init("z", .number(p.z)), .init("exact", .number(p.exact)), .init("hulten", .number(p.hulten)),
                         .init("secondOrder", .number(p.secondOrder))])
            })),
        ])
    }

    /// CSV with columns `z,exact,hulten,secondOrder`, numbers round-trip exact.
    public func writeCSV(to out: inout some TextOutputStream) {
        let writer = CSVWriter()
        writer.write(header: ["z", "exact", "hulten", "secondOrder"], to: &out)
        for p in points { writer.write(row: [p.z, p.exact, p.hulten, p.secondOrder], to: &out) }
    }

    /// The three curves against `z`, and beneath them each approximation's error against the exact curve.
    public var plot: SVGPlot {
        let z = points.map(\.z)
        let exact = SVGPlot.Palette.color(0), hulten = SVGPlot.Palette.color(1), second = SVGPlot.Palette.color(2)
        let curves = SVGPlot.Panel(
            title: "Change in log real GDP after a shock to \(firm)", xLabel: "z (log productivity)", yLabel: "Δ ln GDP",
            yScale: .linear, series: [
                .init(name: "exact (re-solved)", color: exact, x: z, y: points.map(\.exact)),
                .init(name: "Hulten: domar · z", color: hulten, style: .dashed, x: z, y: points.map(\.hulten)),
                .init(name: "second order", color: second, style: .dotted, x: z, y: points.map(\.secondOrder)),
            ])
        let errors = SVGPlot.Panel(
            title: "Approximation error, |approximation − exact|", xLabel: "z (log productivity)", yLabel: "error",
            yScale: .log, series: [
                .init(name: "Hulten", color: hulten, style: .dashed, x: z, y: points.map { abs($0.hulten - $0.exact) }),
                .init(name: "second order", color: second, style: .dotted, x: z, y: points.map { abs($0.secondOrder - $0.exact) }),
            ])
        return SVGPlot(title: "\(scenario): beyond first order", panels: [curves, errors])
    }
}
