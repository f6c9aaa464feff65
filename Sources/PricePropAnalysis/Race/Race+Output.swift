import PricePropBasics
import PricePropOutput

// MARK: - Tables, JSON and plots of a race (written by the Output writers; nothing printed here)

extension Race {
    /// Column names of ``csvTable``.
    public static let csvColumns = ["tick", "market.value", "planner.value", "market.gap", "planner.gap",
                                    "market.distance", "planner.distance", "cosine"]

    /// Every tick, one row each; an undefined cosine is an empty field.
    public var csvTable: CSVTable { csvTable(every: 1) }

    /// Every `k`-th tick (ticks 0, k, 2k, ...) and the last, one row each, as ``csvTable``; `k` below 1 counts
    /// as 1. Only the table is thinned: the summary, the median cosine and the plot use every tick.
    public func csvTable(every k: Int) -> CSVTable {
        let k = max(1, k)
        let kept = ticks.indices.filter { $0 % k == 0 || $0 == ticks.count - 1 }
        return CSVTable(header: Self.csvColumns, rows: kept.map { ticks[$0] }.map { t in
            [String(t.tick)] + [t.marketValue, t.plannerValue, t.marketGap, t.plannerGap, t.marketDistance,
                                t.plannerDistance].map(CSVWriter.field) + [t.cosine.map(CSVWriter.field) ?? ""]
        })
    }

    /// `runner`, final V, and the first tick at each target fraction of `V*` (empty when never reached).
    public var summaryTable: TextTable {
        var table = TextTable(header: ["runner", "final V"] + targets.map { "ticks to \(Self.percent($0)) of V*" })
        for (label, runner) in [("market (\(mechanism))", market), ("planner", planner)] {
            table.append([.text(label), .number(runner.finalValue)]
                + runner.ticksTo.map { $0.map(TableValue.integer) ?? .text("never") })
        }
        return table
    }

    /// `{"optimum": V*, "market": {"finalValue", "ticksTo": {"0.999": n, ...}}, "planner": {...},
    /// "cosine": {"median": c}}`; a target never reached is `null`.
    public var json: JSONOutput {
        func runner(_ r: Runner) -> JSONOutput {
            .object([JSONOutput.Member("finalValue", .number(r.finalValue)),
                     JSONOutput.Member("ticksTo", .object(zip(targets, r.ticksTo).map {
                         JSONOutput.Member(JSONWriter.number($0.0), .number($0.1.map(Double.init)))
                     }))])
        }
        return [
            "scenario": .string(scenario),
            "mechanism": .string(mechanism),
            "optimum": .number(optimum),
            "ticks": .number(Double(ticks.count - 1)),
            "market": runner(market),
            "planner": runner(planner),
            "cosine": ["median": .number(medianCosine)],
        ]
    }

    /// Three stacked panels over ticks: `V` of both with the optimum dotted; the gap `V* − V` on a log
    /// scale; and the cosine between the market's move and the planner's gradient.
    public var plot: SVGPlot {
        let x = ticks.map { Double($0.tick) }
        let market = SVGPlot.Palette.color(0), planner = SVGPlot.Palette.color(1), ink = SVGPlot.Color(hex: 0x222222)
        let marketName = "market (\(mechanism))"
        // A curve that sits on the optimum would hide it: the legend says from when, and the optimum is drawn
        // last, on top, in a colour of its own.
        func onOptimum(_ values: [Double]) -> String {
            let close = 1e-9 * max(1, abs(optimum))
            guard let last = values.lastIndex(where: { !(abs($0 - optimum) <= close) }) else { return ", on V* throughout" }
            return last + 1 < values.count ? ", on V* from tick \(last + 1)" : ""
        }
        let marketValues = ticks.map(\.marketValue), plannerValues = ticks.map(\.plannerValue)
        let note = SVGPlot.Series.bandNote(points: x.count)
        let values = SVGPlot.Panel(title: "Net value V" + note, xLabel: "tick", yLabel: "V", yScale: .linear, series:
            SVGPlot.Series.banded(name: marketName + onOptimum(marketValues), color: market, x: x, y: marketValues)
            + SVGPlot.Series.banded(name: "planner" + onOptimum(plannerValues), color: planner, x: x, y: plannerValues)
            + [.init(name: "optimum V*", color: ink, style: .dashed, x: [x.first ?? 0, x.last ?? 0],
                     y: [optimum, optimum], lineWidth: 1.5)])
        // Exact zeros vanish from the log panel; they mean "at the optimum to rounding".
        let gaps = SVGPlot.Panel(title: "Distance to the optimum, V* − V" + note, xLabel: "tick", yLabel: "V* − V",
                                 yScale: .log, series:
            SVGPlot.Series.banded(name: marketName, color: market, x: x, y: ticks.map(\.marketGap))
            + SVGPlot.Series.banded(name: "planner", color: planner, x: x, y: ticks.map(\.plannerGap)))
        let cosine = SVGPlot.Panel(title: "Cosine of the market's move with the planner's gradient" + note, xLabel: "tick",
                                   yLabel: "cosine", yScale: .linear, series:
            SVGPlot.Series.banded(name: "cosine", color: SVGPlot.Palette.color(2), x: x, y: ticks.map { $0.cosine ?? .nan },
                                  lineWidth: 1.5))
        return SVGPlot(title: "\(scenario): market versus central gradient ascent", panels: [values, gaps, cosine])
    }

    static func percent(_ q: Double) -> String {
        var text = NumberText.significant(q * 100, digits: 8)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text + "%"
    }
}
