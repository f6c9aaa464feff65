import PricePropBasics
import PricePropOutput
import PricePropScenario

/// A run as one self-contained HTML page: the scenario's description, the network picture, the convergence
/// figure, the comparison table and the run's settings, so that a run can be mailed or put on a course page.
///
/// The page needs nothing else to be read: styles are inline, both figures are inline SVG, and there are no
/// scripts. It is well-formed XML as well as HTML (every element closed, text escaped), so XML tools read it
/// too. Like every writer in the package it is deterministic: the same run gives the same bytes, whatever
/// the thread count.
public struct RunReportPage: Sendable {
    /// The scenario run: its name, description and settings.
    public var scenario: Scenario
    /// How the run ended, with the comparison at its last state.
    public var report: Run.Report
    /// The network at the run's last state.
    public var network: NetworkPicture
    /// The convergence figure (``RunPlot/figure(title:shockTicks:)``), when the run was recorded.
    public var convergence: SVGPlot?
    /// The comparison table (``Run/Report/table(economy:)``).
    public var comparison: TextTable
    /// Name and value of each setting, in order.
    public var settings: [(name: String, value: String)]
    /// The largest relative distance of the market's prices to the direct solution, when computed.
    public var solveDistance: Double?

    /// The page of `run` after it executed and produced `report`; `groundTruth`, if the caller has already
    /// solved the equilibrium directly, saves solving it again.
    public init(scenario: Scenario, run: Run, report: Run.Report, convergence: SVGPlot?, groundTruth: GroundTruthCheck? = nil) {
        self.scenario = scenario
        self.report = report
        let simulation = run.simulation
        network = NetworkPicture(economy: simulation.economy, comparison: report.comparison,
                                 allocation: simulation.allocation, title: scenario.name,
                                 state: NetworkPicture.stateText(report))
        self.convergence = convergence
        comparison = report.table(economy: simulation.economy)
        let options = run.options
        func number(_ x: Double?) -> String { x.map { NumberText.significant($0, digits: 10) } ?? "default" }
        settings = [
            ("scenario", scenario.file ?? scenario.name),
            ("goods, firm entries, firms", "\(simulation.economy.goodCount), \(simulation.economy.firmEntryNames.count), \(simulation.economy.firmCount)"),
            ("clearing mechanism", simulation.mechanism.name),
            ("market.priceStep", number(scenario.market.priceStep)),
            ("market.firmStep", number(scenario.market.firmStep)),
            ("tolerance", NumberText.significant(options.tolerance, digits: 3)),
            (options.exactTicks == nil ? "tick limit" : "ticks", String(options.exactTicks ?? options.maxTicks)),
            ("recorded every", !options.record ? "not recorded" : options.recordEvery == 1 ? "tick" : "\(options.recordEvery) ticks"),
            ("events", scenario.events.isEmpty ? "none" : scenario.events.map { "tick \($0.tick)" }.joined(separator: ", ")),
            ("outcome", "\(report.outcome.label) after \(report.ticks) ticks"),
        ]
        solveDistance = (groundTruth ?? GroundTruthCheck(simulation)).distance
    }

    /// The page as text.
    public var html: String {
        var text = ""
        write(to: &text)
        return text
    }

    /// Writes the page.
    public func write(to out: inout some TextOutputStream) {
        let e = escapeXML
        out.write("""
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>\(e(scenario.name)): PriceProp run</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 2em auto; max-width: 70em; padding: 0 1em; line-height: 1.45; }
            h1 { margin-bottom: 0.2em; }
            h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
            .summary { font-weight: bold; }
            .figure { overflow-x: auto; }
            .figure svg { max-width: 100%; height: auto; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            th, td { padding: 0.25em 0.8em; border-bottom: 1px solid #eee; text-align: left; }
            td.number { text-align: right; font-family: Menlo, Consolas, monospace; }
            tr.use td:first-child { padding-left: 2em; color: #555; }
            </style>
            </head>
            <body>
            <h1>\(e(scenario.name))</h1>

            """)
        if !scenario.description.isEmpty { out.write("<p>\(e(scenario.description))</p>\n") }
        out.write("<p class=\"summary\">\(e(report.summary))</p>\n")
        out.write("<h2>The network</h2>\n<div class=\"figure\">\n\(network.svgElement)</div>\n")
        if let convergence {
            var svg = ""
            convergence.write(to: &svg)
            // The figure's own XML declaration may not stand inside the page.
            if svg.hasPrefix("<?xml"), let end = svg.firstIndex(of: "\n") { svg = String(svg[svg.index(after: end)...]) }
            out.write("<h2>Convergence</h2>\n<div class=\"figure\">\n\(svg)</div>\n")
        }
        out.write("<h2>Market prices against backprop derivatives</h2>\n")
        writeTable(comparison, to: &out)
        out.write("<p>V = \(NumberText.significant(report.comparison.value, digits: 10)) (net value traded at fixed prices)")
        if let solveDistance {
            out.write("; largest relative distance to the direct solution: \(NumberText.significant(solveDistance, digits: 3))")
        }
        out.write(".</p>\n")
        if report.segments.count > 1 {
            out.write("<h2>Equilibrium between shocks</h2>\n")
            writeTable(report.segmentTable, to: &out)
        }
        out.write("<h2>Settings</h2>\n<table>\n")
        for setting in settings { out.write("<tr><th>\(e(setting.name))</th><td>\(e(setting.value))</td></tr>\n") }
        out.write("</table>\n</body>\n</html>\n")
    }

    /// A text table as an HTML table: numbers right-aligned, indented rows (a good's uses) marked.
    func writeTable(_ table: TextTable, to out: inout some TextOutputStream) {
        out.write("<table>\n<tr>")
        for name in table.header { out.write("<th>\(escapeXML(name))</th>") }
        out.write("</tr>\n")
        for row in table.rows {
            let isUse: Bool
            if case let .text(first)? = row.first { isUse = first.hasPrefix(" ") } else { isUse = false }
            out.write(isUse ? "<tr class=\"use\">" : "<tr>")
            for column in table.header.indices {
                let cell = column < row.count ? row[column] : .empty
                let text = table.text(cell).trimmingLeadingSpaces
                out.write(cell.isNumeric ? "<td class=\"number\">\(escapeXML(text))</td>" : "<td>\(escapeXML(text))</td>")
            }
            out.write("</tr>\n")
        }
        out.write("</table>\n")
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
