import Testing
import PriceProp
@testable import PricePropEconomy
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct SVGPlotBandTests {
    /// A series flipping between -1 and 1 every tick draws as a solid block; banded, it is a median line inside
    /// the pale edges at -1 and 1.
    @Test func longOscillationBecomesMedianAndBand() {
        let x = (0..<1000).map(Double.init)
        let y = x.map { Int($0) % 2 == 0 ? 1.0 : -1.0 + $0 / 10_000 }
        let series = SVGPlot.Series.banded(name: "cosine", color: SVGPlot.Palette.color(2), x: x, y: y, buckets: 100)
        #expect(series.map(\.name) == ["cosine maximum", "cosine minimum", "cosine"])
        #expect(series.map(\.showsInLegend) == [false, false, true])
        #expect(series.allSatisfy { $0.x.count == 100 })
        #expect(series[0].y.allSatisfy { $0 == 1 })
        #expect(series[1].y.first == -1 + 1.0 / 10_000)
        // Ten points per bucket, five of each sign: the median is the mean of the middle two.
        expectClose(series[2].y[0], 0.5 * (1 + (-1 + 9 / 10_000)), relative: 1e-12)
        #expect(series[0].color == SVGPlot.Palette.color(2).lightened(0.6))
        #expect(SVGPlot.Series.bandNote(points: 1000, buckets: 100) == " (medians per 10 ticks, pale: min–max)")
    }

    @Test func shortSeriesStayAsTheyAre() {
        let series = SVGPlot.Series.banded(name: "V", color: SVGPlot.Palette.color(0), x: [0, 1, 2], y: [3, 4, 5])
        #expect(series.count == 1)
        #expect(series[0].y == [3, 4, 5])
        #expect(SVGPlot.Series.bandNote(points: 3) == "")
        #expect(SVGPlot.Color(hex: 0x000000).lightened(0.5) == SVGPlot.Color(red: 128, green: 128, blue: 128))
    }

    /// The race's optimum is drawn last, so nothing hides it, and a curve on it says from when.
    @Test func raceLegendSaysWhenACurveReachesTheOptimum() throws {
        let economy = try Economy(Fixtures.tupperware)
        let race = try Race(economy: economy, options: .init(maxTicks: 400))
        let panel = race.plot.panels[0]
        #expect(panel.series.last?.name == "optimum V*")
        #expect(panel.series.contains { $0.name.hasPrefix("planner, on V* ") })
    }
}

extension SVGPlotBandTests {
    /// A sweep at equilibrium has every target on its price: the legend says the dashes are hidden there.
    @Test func coincidingTargetsAreNamedInTheLegend() {
        var panel = SVGPlot.Panel(title: nil, xLabel: "x", yLabel: "price")
        panel.series = SVGPlot.Series.marketAndTarget(good: "gas", color: SVGPlot.Palette.color(0), x: [1, 2],
                                                      market: [0.5, 0.25], target: [0.5000001, 0.25])
        #expect(panel.targetsCoincide)
        #expect(SVGPlot.StyleKey.marketAndTarget(coinciding: true)[1].label == "backprop target (on the price, hidden)")
        panel.series = SVGPlot.Series.marketAndTarget(good: "gas", color: SVGPlot.Palette.color(0), x: [1, 2],
                                                      market: [0.5, 0.25], target: [0.4, 0.25])
        #expect(!panel.targetsCoincide)
        #expect(SVGPlot.StyleKey.marketAndTarget(coinciding: false) == SVGPlot.StyleKey.marketAndTarget)
    }
}

extension SVGPlotBandTests {
    /// Two varied paths: one colour per good whatever the second path's value, one line style per value,
    /// named once in the style key rather than in twelve labels.
    @Test func twoAxisSweepGroupsLinesByGood() throws {
        let columns = ["point", "goods.a.endowment", "goods.b.endowment", "x.price", "x.gradient", "x.error",
                       "y.price", "y.gradient", "y.error", "value", "ticks", "converged"]
        let rows: [[Double]] = [
            [0, 1, 2, 0.5, 0.5, 0, 0.7, 0.7, 0, 1, 10, 1], [1, 2, 2, 0.4, 0.4, 0, 0.6, 0.6, 0, 1.5, 10, 1],
            [2, 1, 4, 0.3, 0.3, 0, 0.5, 0.5, 0, 2, 10, 1], [3, 2, 4, 0.2, 0.2, 0, 0.4, 0.4, 0, 2.5, 10, 1],
        ]
        let plot = try #require(SweepTable(columns: columns, rows: rows).plot(marketPricedGoods: ["x", "y"]))
        let prices = plot.panels[0].series.filter { !$0.name.contains("target") }
        #expect(prices.map(\.name) == ["x", "y", "x (goods.b.endowment=4)", "y (goods.b.endowment=4)"])
        #expect(prices.map(\.color) == [0, 1, 0, 1].map(SVGPlot.Palette.color))
        #expect(prices.map(\.style) == [.solid, .solid, .dashed, .dashed])
        #expect(prices.map(\.showsInLegend) == [true, true, false, false])
        #expect(plot.panels[0].styleKey.map(\.label) == ["goods.b.endowment=2", "goods.b.endowment=4"])
        #expect(plot.panels[1].series.map(\.style) == [.solid, .dashed])
    }
}
