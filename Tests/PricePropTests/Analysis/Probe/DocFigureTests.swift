import Foundation
import Testing
import PriceProp
@testable import PricePropBasics
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The figures in docs/shocks.md, docs/sweeps.md and docs/sensitivity.md, built from real runs. Each must
/// parse as XML and hold the expected series; set `PRICEPROP_DOC_FIGURES` to a directory (e.g. `docs/images`)
/// to write them there.
@Suite struct DocFigureTests {
    /// Prices of the shock scenario (log scale: they span 1/72 to 8/3) with their targets, and the largest
    /// relative error, over all 4486 ticks.
    static func shockFigure() throws -> SVGPlot {
        var run = try Run(scenario: Fixtures.shock, options: .init(recordEvery: 10))
        let report = run.execute()
        let recorder = try #require(report.recorder)
        func column(_ name: String) throws -> [Double] {
            let c = try #require(recorder.schema.names.firstIndex(of: name))
            return recorder.rows.map { $0[c] }
        }
        let ticks = try column("tick")
        var prices = SVGPlot.Panel(title: "Prices: gas 4 → 9 at tick 2000, tupperware 1 → 2 at tick 4000",
                                   xLabel: "tick", yLabel: "price", yScale: .log,
                                   styleKey: SVGPlot.StyleKey.marketAndTarget)
        var errors = SVGPlot.Panel(title: "|price − dV/dgood| / price", xLabel: "tick", yLabel: "relative error", yScale: .log)
        for (i, good) in ["natgas", "ethylene", "polyethylene"].enumerated() {
            prices.series += SVGPlot.Series.marketAndTarget(
                good: good, color: SVGPlot.Palette.color(i), x: ticks,
                market: try column("\(good).price"), target: try column("\(good).gradient"))
            errors.series.append(SVGPlot.Series(name: good, color: SVGPlot.Palette.color(i), x: ticks,
                                                y: try column("\(good).error")))
        }
        return SVGPlot(title: "The shock scenario leaves and re-finds equilibrium", panels: [prices, errors])
    }

    static func sweepTable() throws -> SweepTable {
        let axes = try SweepAxis.parsing(["goods.natgas.endowment=1:10:19"], in: Fixtures.tupperware)
        return Sweep(scenario: Fixtures.tupperware, axes: axes).run()
    }

    static func sweepFigure() throws -> SVGPlot {
        try #require(try sweepTable().plot(title: "tupperware: equilibrium across goods.natgas.endowment",
                                           marketPricedGoods: ["natgas", "ethylene", "polyethylene"]))
    }

    /// V against the gas endowment, with the tangent at 4 whose slope is the backprop sensitivity (= the gas
    /// price 1/24); the title gives the measured central difference beside it.
    static func sensitivityFigure() throws -> SVGPlot {
        let table = try sweepTable()
        let x = table.rows.map { $0[1] }
        let v = table.rows.map { $0[table.columns.firstIndex(of: "value") ?? 0] }
        let report = try SensitivityReport(scenario: Fixtures.tupperware, options: .init(paths: [.endowment(good: "natgas")]))
        let s = report.sensitivities[0]
        let tangent = x.map { report.value + s.backprop * ($0 - 4) }
        let panel = SVGPlot.Panel(
            title: "dV/d(gas endowment) at 4: backprop \(NumberText.significant(s.backprop, digits: 8)), measured \(NumberText.significant(s.measured, digits: 8))",
            xLabel: "goods.natgas.endowment", yLabel: "V", yScale: .linear,
            series: [SVGPlot.Series(name: "V at equilibrium", color: SVGPlot.Palette.color(0), x: x, y: v),
                     SVGPlot.Series(name: "tangent with backprop slope", color: SVGPlot.Palette.color(1), style: .dashed,
                                    x: x, y: tangent)])
        return SVGPlot(title: "The envelope theorem: the slope of V is the equilibrium price", panels: [panel])
    }

    @Test(arguments: ["shock", "sweep", "sensitivity"])
    func figureParsesAndHasItsSeries(name: String) throws {
        let figure: SVGPlot
        let expected: [String]
        switch name {
        case "shock":
            figure = try Self.shockFigure()
            expected = ["natgas", "natgas target", "ethylene", "polyethylene target"]
        case "sweep":
            figure = try Self.sweepFigure()
            expected = ["natgas", "ethylene target", "polyethylene", "V"]
        default:
            figure = try Self.sensitivityFigure()
            expected = ["V at equilibrium", "tangent with backprop slope"]
        }
        let svg = figure.svg
        let titles = try SeriesTitles(parsing: svg)
        #expect(titles.root == "svg")
        for title in expected { #expect(titles.titles.contains(title), "\(name): missing series \(title)") }
        if let directory = ProcessInfo.processInfo.environment["PRICEPROP_DOC_FIGURES"] {
            try AtomicFile.write(svg, to: directory + "/\(name).svg")
        }
    }

    /// The sweep plot draws one price line per good and point set, skipping nothing that converged.
    @Test func sweepPlotMatchesTheTable() throws {
        let table = try Self.sweepTable()
        let plot = try Self.sweepFigure()
        let natgas = try #require(plot.panels[0].series.first { $0.name == "natgas" })
        #expect(natgas.x == table.rows.map { $0[1] })
        #expect(natgas.y == table.rows.map { $0[2] })
        for (x, y) in zip(natgas.x, natgas.y) {
            expectClose(y, ShockTests.tupperwarePrices(gas: x, price: 1)[0], relative: 1e-9)
        }
        #expect(SweepTable(columns: ["point", "value"], rows: []).plot(marketPricedGoods: []) == nil)
    }
}

/// The root element and every `<title>` text of an SVG document, read with Foundation's XML parser.
private final class SeriesTitles: NSObject, XMLParserDelegate {
    var root: String?
    var titles: [String] = []
    private var inTitle = false
    private var text = ""

    init(parsing svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        if name == "title" { inTitle = true; text = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inTitle { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" { inTitle = false; titles.append(text) }
    }
}
