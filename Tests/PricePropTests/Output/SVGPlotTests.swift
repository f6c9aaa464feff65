import Foundation
import Testing
import PriceProp
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct SVGPlotTests {
    // MARK: - Ticks

    @Test func niceSteps() {
        #expect(SVGPlot.niceStep(atLeast: 0.29) == 0.5)
        #expect(SVGPlot.niceStep(atLeast: 0.2) == 0.2)
        #expect(SVGPlot.niceStep(atLeast: 1.1) == 2)
        #expect(SVGPlot.niceStep(atLeast: 3) == 5)
        #expect(SVGPlot.niceStep(atLeast: 7) == 10)
        expectClose(SVGPlot.niceStep(atLeast: 0.00031), 0.0005)
    }

    @Test func linearTicksForSmallPositiveRange() {
        let axis = SVGPlot.linearAxis(lower: 0.0417, upper: 1.5, maxTicks: 6)
        #expect(axis.scale == .linear)
        #expect(axis.majorValues == [0, 0.5, 1, 1.5])
        #expect(axis.ticks.compactMap(\.label?.plainText) == ["0.0", "0.5", "1.0", "1.5"])
        #expect(axis.lower == 0 && axis.upper == 1.5)
        let finer = SVGPlot.linearAxis(lower: 0.0417, upper: 1.5, maxTicks: 10)
        #expect(finer.ticks.compactMap(\.label?.plainText) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4", "1.6"])
    }

    @Test func linearTicksStayWithinBudgetAndCoverData() {
        for (lower, upper) in [(0.0, 1000.0), (-3.7, 12.2), (99.5, 100.25), (0.0, 7.0), (1e-6, 3e-6), (-5.0, -5.0)] {
            for maxTicks in 3...12 {
                let axis = SVGPlot.linearAxis(lower: lower, upper: upper, maxTicks: maxTicks)
                #expect(axis.ticks.count <= max(maxTicks, 2), "\(lower)...\(upper), \(maxTicks)")
                #expect(axis.lower <= lower && axis.upper >= upper)
            }
        }
    }

    @Test func largeAndTinyLinearLabelsUseExponents() {
        let large = SVGPlot.linearAxis(lower: 0, upper: 2_000_000, maxTicks: 5)
        #expect(large.ticks.compactMap(\.label?.plainText) == ["0", "0.5×10^6", "1.0×10^6", "1.5×10^6", "2.0×10^6"])
        let tiny = SVGPlot.linearAxis(lower: 0, upper: 3e-5, maxTicks: 4)
        #expect(tiny.ticks.compactMap(\.label?.plainText) == ["0", "1×10^-5", "2×10^-5", "3×10^-5"])
    }

    @Test func logTicksOverTwelveDecades() {
        let axis = SVGPlot.logAxis(lower: 1e-12, upper: 1, maxTicks: 7)
        #expect(axis.scale == .log10)
        #expect(axis.lower == 1e-12 && axis.upper == 1)
        #expect(axis.ticks.compactMap(\.label?.plainText) == ["10^-12", "10^-10", "10^-8", "10^-6", "10^-4", "10^-2", "10^0"])
        // Unlabelled decades remain as minor ticks.
        #expect(axis.ticks.count == 13)
        expectClose(axis.fraction(1e-6) ?? .nan, 0.5)
        #expect(axis.fraction(0) == nil)
        #expect(axis.fraction(-1) == nil)
    }

    @Test func logTicksOverFewDecadesAreInPlainNumbers() {
        let axis = SVGPlot.logAxis(lower: 0.2, upper: 30, maxTicks: 7)
        #expect(axis.ticks.compactMap(\.label?.plainText) == ["0.1", "1", "10", "100"])
        #expect(axis.ticks.count == 3 * 9 + 1)
        let four = SVGPlot.logAxis(lower: 0.05, upper: 30, maxTicks: 7)
        #expect(four.ticks.compactMap(\.label?.plainText) == ["0.01", "0.1", "1", "10", "100"])
        #expect(four.ticks.count == 5, "no minor ticks beyond three decades")
        let oneDecade = SVGPlot.logAxis(lower: 2, upper: 8, maxTicks: 7)
        #expect(oneDecade.ticks.compactMap(\.label?.plainText) == ["1", "2", "5", "10"])
    }

    @Test func automaticScale() {
        #expect(SVGPlot.resolvedScale(.automatic, values: [1e-12, 1]) == .log10)
        #expect(SVGPlot.resolvedScale(.automatic, values: [1, 99]) == .linear)
        #expect(SVGPlot.resolvedScale(.automatic, values: [0, 1e-12, 1]) == .linear)
        #expect(SVGPlot.resolvedScale(.automatic, values: [.nan, 1e-3, 1, .infinity]) == .log10)
        #expect(SVGPlot.resolvedScale(.log, values: [1, 2]) == .log10)
        #expect(SVGPlot.resolvedScale(.log, values: [-1, 0]) == .linear)
        #expect(SVGPlot.resolvedScale(.linear, values: [1e-12, 1]) == .linear)
    }

    // MARK: - Documents

    @Test func documentIsWellFormedXMLWithEverySeries() throws {
        let plot = Self.sampleFigure(goods: 12)
        let svg = plot.svg
        let summary = try SVGSummary(parsing: svg)
        #expect(summary.root == "svg")
        #expect(summary.texts.contains("Seed chain <& friends>"))
        // Series carry their names as <title>; each good has a market and a target line.
        for good in Self.goodNames(12) {
            #expect(summary.seriesTitles.contains(good))
            #expect(summary.seriesTitles.contains("\(good) target"))
        }
        #expect(summary.texts.contains("market price"))
        #expect(summary.texts.contains("backprop target"))
        #expect(summary.texts.contains("|gap|"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(svg == plot.svg, "rendering is deterministic")
    }

    @Test func nonFinitePointsBreakTheLine() throws {
        let series = SVGPlot.Series(
            name: "broken", color: SVGPlot.Palette.color(0), x: [0, 1, 2, 3, 4, 5],
            y: [1, 2, .nan, 3, .infinity, 4])
        let plot = SVGPlot(panels: [SVGPlot.Panel(yScale: .linear, series: [series])])
        let svg = plot.svg
        _ = try SVGSummary(parsing: svg)
        let line = try #require(svg.split(separator: "\n").first { $0.contains("<title>broken</title></path>") })
        #expect(line.components(separatedBy: "M").count - 1 == 1, "one two-point segment")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2, "the isolated points 3 and 4 are dots")
    }

    @Test func paletteHasTwentyDistinctColours() {
        #expect(Set(SVGPlot.Palette.colors).count == 20)
        #expect(SVGPlot.Palette.color(0) == SVGPlot.Palette.color(20))
        #expect(SVGPlot.Palette.color(0).hexString == "#1f77b4")
    }

    @Test func escapesMarkup() {
        #expect(escapeXML("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(escapeXML("bell\u{07}tab\t") == "belltab\t")
    }

    /// Writes the sample figures and reads them back; set `PRICEPROP_SAMPLE_PLOTS` to a directory to keep them
    /// for visual review (e.g. `rsvg-convert`).
    @Test func writeSampleFigures() throws {
        let kept = ProcessInfo.processInfo.environment["PRICEPROP_SAMPLE_PLOTS"]
        let directory = kept ?? NSTemporaryDirectory() + "/priceprop-samples-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let figures = [("sample-4", Self.sampleFigure(goods: 4)), ("sample-12", Self.sampleFigure(goods: 12)),
                       ("sample-edges", Self.edgeCaseFigure())]
        for (name, figure) in figures {
            let path = directory + "/\(name).svg"
            try AtomicFile.write(figure.svg, to: path)
            #expect(try AtomicFile.read(path) == figure.svg)
        }
    }
}

// MARK: - Fixtures

extension SVGPlotTests {
    static func goodNames(_ count: Int) -> [String] {
        let names = ["natgas", "ethylene", "polyethylene", "plastic", "naphtha", "propylene", "polypropylene",
                     "chlorine", "pvc", "styrene", "polystyrene", "benzene", "toluene", "xylene"]
        return Array(names.prefix(count))
    }

    /// Prices converging to targets over 400 ticks, with a log-scale error panel.
    static func sampleFigure(goods: Int) -> SVGPlot {
        let ticks = (0...400).map(Double.init)
        var prices = SVGPlot.Panel(title: "Prices", xLabel: "tick", yLabel: "price")
        var gaps = SVGPlot.Panel(title: "Distance to backprop target", xLabel: "tick", yLabel: "|gap|")
        for (index, good) in goodNames(goods).enumerated() {
            let target = 0.0417 + 1.46 * Double(index) / Double(max(goods - 1, 1))
            let start = target * (index.isMultiple(of: 2) ? 2.2 : 0.3)
            let rate = 0.02 + 0.004 * Double(index)
            let market = ticks.map { target + (start - target) * exp(-rate * $0) * cos(0.05 * $0) }
            let color = SVGPlot.Palette.color(index)
            prices.series += SVGPlot.Series.marketAndTarget(
                good: good, color: color, x: ticks, market: market, target: ticks.map { _ in target })
            gaps.series.append(SVGPlot.Series(
                name: good, color: color, x: ticks, y: zip(market, ticks).map { abs($0 - target) + 1e-13 * $1 }))
        }
        prices.styleKey = SVGPlot.StyleKey.marketAndTarget
        return SVGPlot(title: "Seed chain <& friends>", panels: [prices, gaps])
    }
}

extension SVGPlotTests {
    /// Large values, negative values, gaps, a forced log axis with zeros, and unshared x ranges.
    static func edgeCaseFigure() -> SVGPlot {
        let x = (0..<200).map { Double($0) * 5000 }
        let large = SVGPlot.Series(
            name: "output (units)", color: SVGPlot.Palette.color(3), x: x,
            y: x.map { 2e6 * sin($0 / 2e5) + ($0 > 4e5 && $0 < 5e5 ? .nan : 0) })
        let small = SVGPlot.Series(
            name: "excess demand", color: SVGPlot.Palette.color(4), style: .dotted, x: Array(0..<50).map(Double.init),
            y: (0..<50).map { $0 % 10 == 0 ? 0 : 1e-5 * Double($0) })
        return SVGPlot(
            title: "Edge cases", panels: [
                SVGPlot.Panel(title: "Large, signed, with a gap", xLabel: "tick", yLabel: "quantity", series: [large]),
                SVGPlot.Panel(xLabel: "tick", yLabel: "|excess|", yScale: .log, series: [small]),
            ], width: 720, panelHeight: 220, sharesXAxis: false)
    }
}

/// What an SVG document contains, as seen by Foundation's XML parser.
private final class SVGSummary: NSObject, XMLParserDelegate {
    var root: String?
    var texts: [String] = []
    var seriesTitles: [String] = []
    private var path: [String] = []
    private var text = ""

    init(parsing svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw parser.parserError ?? CocoaError(.coderReadCorrupt)
        }
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = element }
        path.append(element)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        if element == "text" || element == "title" { texts.append(text) }
        if element == "title", let parent = path.last, parent == "path" || parent == "circle" { seriesTitles.append(text) }
        text = ""
    }
}
