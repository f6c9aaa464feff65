import Foundation
import Testing
import PriceProp
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport
@testable import PricePropCLI

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct RunPlotTests {
    /// The seed scenario's figure, from a real run, every tick recorded.
    static func seedFigure() throws -> SVGPlot {
        var run = try Run(scenario: Fixtures.tupperware, options: Run.Options(scenario: Fixtures.tupperware))
        var plot = try RunPlot(schema: run.schema)
        let report = run.execute(deliver: { plot.append($0) })
        #expect(report.converged)
        return plot.figure(title: report.scenario)
    }

    @Test func seedFigureHasEveryMarketGoodWithADashedTarget() throws {
        let figure = try Self.seedFigure()
        let svg = figure.svg
        let document = try SVGDocument(parsing: svg)
        #expect(document.root == "svg")
        #expect(document.texts.first == "tupperware", "the scenario name is the title")
        for good in ["natgas", "ethylene", "polyethylene"] {
            let prices = document.paths.filter { $0.title == good }
            #expect(prices.count == 2, "\(good): a price line and an error line")
            #expect(prices.allSatisfy { $0.dashes == nil })
            let target = try #require(document.paths.first { $0.title == "\(good) target" }, "\(good) target")
            #expect(target.dashes != nil, "the target is dashed")
            #expect(target.stroke == prices[0].stroke, "the target has its good's colour")
        }
        #expect(!document.paths.contains { $0.title.hasPrefix("tupperware") }, "a fixed price is not drawn")
        #expect(document.texts.contains { $0.contains("fixed: tupperware") })
        #expect(document.texts.contains("market price") && document.texts.contains("backprop target"))
        #expect(document.paths.contains { $0.title == "V" })
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    /// The example in docs/plots.md and the README is the current figure of the seed run
    /// (`scripts/render-plots.sh` regenerates it).
    @Test func documentedExampleIsCurrent() throws {
        let committed = try String(contentsOfFile: Paths.root + "/docs/images/tupperware-run.svg", encoding: .utf8)
        #expect(committed == (try Self.seedFigure()).svg, "run scripts/render-plots.sh")
    }

    @Test func errorPanelIsLogScaled() throws {
        let figure = try Self.seedFigure()
        #expect(figure.panels.count == 3)
        #expect(figure.panels[1].yScale == .log)
        // Errors fall from about 1 to about 1e-11: the labels are powers of ten.
        let document = try SVGDocument(parsing: figure.svg)
        #expect(document.texts.contains("10-10") || document.texts.contains("10-12"), "\(document.texts)")
        // The prices span 1/24 to 3/2 and more: a log axis too.
        #expect(figure.panels[0].yScale == .log)
        #expect(figure.panels[2].yScale == .linear)
    }

    @Test func zeroErrorsSitOnTheFloor() throws {
        var plot = try RunPlot(schema: Self.schema(market: ["gas"]))
        for tick in 0..<5 {
            // tick, price, supply, demand, gradient, error, status, value
            plot.append(row: [Double(tick), 2, 1, 1, tick == 0 ? 1 : 2, tick == 0 ? 0.5 : 0, 0, 3])
        }
        let errors = try #require(plot.figure(title: nil).panels[1].series.first)
        #expect(errors.y == [0.5] + Array(repeating: RunPlot.errorFloor, count: 4))
    }

    /// The run's schema for market-priced goods `market` and fixed-price goods `fixed`.
    static func schema(market: [String], fixed: [String] = []) -> TimeSeriesSchema {
        TimeSeriesSchema(goods: market.map { .init(name: $0, isFixedPrice: false) }
                         + fixed.map { .init(name: $0, isFixedPrice: true) })
    }

    @Test func fixedPricesOfTheSchemaAreLeftOut() throws {
        var plot = try RunPlot(schema: Self.schema(market: ["gas"], fixed: ["box"]))
        for tick in 0..<3 {
            let gas = [1.0 + Double(tick), 0, 0, 2, abs(Double(tick) - 1) / 2, 0]
            // The fixed price is left out by its role, whatever its row says.
            plot.append(row: [Double(tick)] + gas + [1, 0, 0, 1.5, 1.0 / 3, 0] + [0])
        }
        let prices = plot.figure(title: nil).panels[0]
        #expect(prices.series.map(\.name) == ["gas", "gas target"])
        #expect(prices.title?.hasSuffix("; fixed: box") == true)
    }

    /// A CSV does not say which prices are fixed: a good whose price equals its derivative with zero error in
    /// every row is left out as one.
    @Test func fixedPricesAreRecognisedInACSV() throws {
        let table = try CSVReader.read("""
            tick,gas.price,gas.gradient,gas.error,box.price,box.gradient,box.error,pot.price,pot.gradient,pot.error,value
            0,1,2,0.5,1,1,0,3,3,0,0
            1,2,2,0,1,1,0,3,3,1e-9,0

            """)
        let plot = try RunPlot(csv: table)
        #expect(plot.schema.goods.map(\.isFixedPrice) == [false, false, false], "a header knows no roles")
        #expect(plot.figure(title: nil).panels[0].series.map(\.name) == ["gas", "gas target", "pot", "pot target"])
    }
}

// MARK: - Downsampling

extension RunPlotTests {
    /// A long series with a spike and a gap, for one good.
    static func longRows(_ count: Int) -> [[Double]] {
        (0..<count).map { i in
            let t = Double(i)
            let price = i == 7_777 ? 50 : 1 + exp(-t / 2000)
            let error = i == 12_345 ? .nan : exp(-t / 1000)
            return [t, price, 0, 0, 1, error, 0, -t]
        }
    }

    @Test func longRunsAreBoundedAndKeepEndsAndExtremes() throws {
        let rows = Self.longRows(40_001)
        var plot = try RunPlot(schema: Self.schema(market: ["gas"]), maxBuckets: 300)
        plot.append(rows)
        let figure = plot.figure(title: "long")
        let price = figure.panels[0].series[0]
        #expect(price.x.count <= 4 * 300)
        #expect(price.x.first == 0 && price.x.last == 40_000)
        #expect(price.y.contains(50), "the spike survives")
        #expect(zip(price.x, price.x.dropFirst()).allSatisfy { $0 < $1 }, "points stay in tick order")
        let error = figure.panels[1].series[0]
        #expect(error.y.contains { $0.isNaN }, "the gap survives")
        #expect(error.x.last == 40_000)
    }

    @Test(arguments: [1, 7, 4096, 40_001])
    func batchingDoesNotChangeTheFigure(batch: Int) throws {
        let rows = Self.longRows(40_001)
        var whole = try RunPlot(schema: Self.schema(market: ["gas"]), maxBuckets: 300)
        whole.append(rows)
        var batched = try RunPlot(schema: Self.schema(market: ["gas"]), maxBuckets: 300)
        for start in stride(from: 0, to: rows.count, by: batch) {
            batched.append(Array(rows[start..<min(start + batch, rows.count)]))
        }
        // Compared as SVG: the gap's NaN is not equal to itself.
        #expect(whole.figure(title: "x").svg == batched.figure(title: "x").svg)
    }

    @Test func shortRunsKeepEveryRow() throws {
        var plot = try RunPlot(schema: Self.schema(market: ["gas"]), maxBuckets: 300)
        plot.append(Array(Self.longRows(300)))
        #expect(plot.figure(title: nil).panels[0].series[0].x == (0..<300).map(Double.init))
    }
}

// MARK: - Columns and CSV

extension RunPlotTests {
    struct BadHeader: Sendable, CustomTestStringConvertible {
        var columns: [String]
        var expected: RunPlotError
        var testDescription: String { columns.joined(separator: ",") }
    }

    static let badHeaders = [
        BadHeader(columns: ["tik", "gas.price", "gas.gradient", "gas.error", "value"],
                  expected: .missingColumn("tick", suggestion: "tik")),
        BadHeader(columns: ["tick", "gas.price", "gas.gradient", "value"],
                  expected: .missingColumn("gas.error", suggestion: nil)),
        BadHeader(columns: ["tick", "gas.price", "gas.gradient", "gas.error"],
                  expected: .missingColumn("value", suggestion: nil)),
        BadHeader(columns: ["tick", "gas.endowment", "value"], expected: .noGoods),
    ]

    @Test(arguments: badHeaders)
    func missingColumnsAreNamed(_ bad: BadHeader) {
        #expect(throws: bad.expected) { try RunPlot(schema: TimeSeriesSchema(csvHeader: bad.columns)) }
    }

    @Test func notANumberNamesTheLine() throws {
        let table = try CSVReader.read("tick,gas.price,gas.gradient,gas.error,value,note\n0,1,1,0,1,ok\n1,x,1,0,1,fine\n")
        #expect(throws: RunPlotError.data(CSVError(.notANumber(column: "gas.price", value: "x"), line: 3))) {
            try RunPlot(csv: table)
        }
    }

    @Test func plotOfRunCSVEqualsRunPlot() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = priceprop("run", "tupperware", "--csv", directory + "/run.csv", "--plot", directory + "/run.svg", "-q")
        #expect(run.status == ExitCode.success && run.err.isEmpty, "\(run.err)")
        let plot = priceprop("plot", directory + "/run.csv", "-o", directory + "/plot.svg", "--title", "tupperware")
        #expect(plot.status == ExitCode.success && plot.err.isEmpty && plot.out.isEmpty, "\(plot.err)")
        let fromRun = try String(contentsOfFile: directory + "/run.svg", encoding: .utf8)
        let fromCSV = try String(contentsOfFile: directory + "/plot.svg", encoding: .utf8)
        #expect(fromRun == fromCSV)
        #expect(fromRun == (try Self.seedFigure()).svg)
        _ = try SVGDocument(parsing: fromRun)
    }

    @Test func shockedRunsMarkTheirShocksAlikeFromCSV() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = priceprop("run", "shock", "--every", "10", "--csv", directory + "/run.csv", "--plot", directory + "/run.svg", "-q")
        #expect(run.status == ExitCode.success, "\(run.err)")
        let plot = priceprop("plot", directory + "/run.csv", "--scenario", "shock", "-o", directory + "/plot.svg")
        #expect(plot.status == ExitCode.success, "\(plot.err)")
        let fromRun = try String(contentsOfFile: directory + "/run.svg", encoding: .utf8)
        #expect(fromRun == (try String(contentsOfFile: directory + "/plot.svg", encoding: .utf8)))
        let document = try SVGDocument(parsing: fromRun)
        #expect(document.texts.first == "shock")
        #expect(document.texts.filter { $0 == "shock" }.count == 3, "the title and one label per shock")
    }

    @Test func plotCommandErrors() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csv = directory + "/sweep.csv"
        try "point,goods.natgas.endowment,natgas.price,natgas.gradient,value\n0,1,1,1,1\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        let missing = priceprop("plot", csv, "-o", directory + "/out.svg")
        #expect(missing.status == ExitCode.invalidScenario)
        #expect(missing.err.hasPrefix("\(csv):1: error: no column 'tick'"), "\(missing.err)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.svg"))

        try "tick,gas.price,gas.gradient,gas.error,value\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let empty = priceprop("plot", csv, "-o", directory + "/out.svg")
        #expect(empty.status == ExitCode.invalidScenario)
        #expect(empty.err == "\(csv):2: error: no rows after the header: nothing to draw\n")

        let unreadable = priceprop("plot", directory + "/absent.csv", "-o", directory + "/out.svg")
        #expect(unreadable.status == ExitCode.fileIO)
        #expect(unreadable.err.contains("absent.csv"))

        let noOutput = priceprop("plot", csv)
        #expect(noOutput.status == ExitCode.usage)
        #expect(noOutput.err.contains("-o"))

        let unwritable = priceprop("plot", csv, "-o", directory + "/no/such/dir/out.svg")
        #expect(unwritable.status == ExitCode.fileIO)

        let conflict = priceprop("run", "tupperware", "--plot", "-", "--csv", "-")
        #expect(conflict.status == ExitCode.usage)
    }
}

// MARK: - Reading SVG

/// What an SVG document holds, as read by Foundation's XML parser: every text and title, and every `<path>`
/// that has a `<title>` (a series) with its stroke and dash pattern.
private final class SVGDocument: NSObject, XMLParserDelegate {
    struct Path {
        var title = ""
        var stroke: String?
        var dashes: String?
    }

    var root: String?
    var texts: [String] = []
    var paths: [Path] = []
    private var stack: [String] = []
    private var open: Path?
    private var text = ""

    init(parsing svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = element }
        stack.append(element)
        if element == "path" { open = Path(stroke: attributes["stroke"], dashes: attributes["stroke-dasharray"]) }
        if element == "text" || element == "title" { text = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        if element == "text" { texts.append(text) }
        if element == "title", stack.last == "path" { open?.title = text }
        if element == "path", let path = open {
            if !path.title.isEmpty { paths.append(path) }
            open = nil
        }
    }
}
