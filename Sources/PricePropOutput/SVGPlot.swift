/// A line chart as a self-contained SVG document: a figure title over one or more stacked panels, each with
/// its own y axis, line series and legend.
///
/// ```swift
/// var panel = SVGPlot.Panel(title: "Prices", xLabel: "tick", yLabel: "price")
/// panel.series += SVGPlot.Series.marketAndTarget(
///     good: "plastic", color: SVGPlot.Palette.color(0), x: ticks, market: prices, target: adjoints)
/// panel.styleKey = SVGPlot.StyleKey.marketAndTarget
/// let plot = SVGPlot(title: "Seed chain", panels: [panel])
/// plot.write(to: &text)
/// ```
///
/// Rendering is deterministic (fixed coordinate precision, no dates or random ids) and needs no fonts or
/// scripts beyond a generic sans-serif. Points whose x or y is NaN or infinite, or not positive on a log
/// axis, are skipped and break the line. See `SVGPlot+Axis.swift` for how ticks are chosen and
/// `SVGPlot+Rendering.swift` for layout.
public struct SVGPlot: Sendable, Hashable {
    public var title: String?
    public var panels: [Panel]
    /// Width of the whole figure in SVG user units (pixels).
    public var width: Double
    /// Height of each panel's plotting area; a panel grows if its legend needs more room.
    public var panelHeight: Double
    /// Whether all panels use one x range (the union of their data), as for time series stacked by tick.
    /// The x axis title is then only drawn under the bottom panel.
    public var sharesXAxis: Bool
    /// Base font size for tick labels and legend; titles are larger.
    public var fontSize: Double

    public init(
        title: String? = nil, panels: [Panel] = [], width: Double = 960, panelHeight: Double = 300,
        sharesXAxis: Bool = true, fontSize: Double = 14
    ) {
        self.title = title
        self.panels = panels
        self.width = width
        self.panelHeight = panelHeight
        self.sharesXAxis = sharesXAxis
        self.fontSize = fontSize
    }
}

// MARK: - Panels and series

extension SVGPlot {
    /// How a panel's y axis maps values.
    public enum ScaleChoice: Sendable, Hashable {
        /// Log10 when every finite value is positive and they span more than two decades (max/min > 100);
        /// linear otherwise.
        case automatic
        case linear
        /// Log10; values that are not positive are skipped. Falls back to linear if no value is positive.
        case log
    }

    /// One chart area with axes, lines and a legend.
    public struct Panel: Sendable, Hashable {
        public var title: String?
        public var xLabel: String
        public var yLabel: String
        public var yScale: ScaleChoice
        public var series: [Series]
        /// Extra legend entries explaining line styles (e.g. solid = market, dashed = target), drawn in grey
        /// after the series entries.
        public var styleKey: [StyleKey]
        /// Vertical lines across the plotting area at given x values (e.g. the ticks of shocks).
        public var markers: [Marker]

        public init(
            title: String? = nil, xLabel: String = "", yLabel: String = "", yScale: ScaleChoice = .automatic,
            series: [Series] = [], styleKey: [StyleKey] = [], markers: [Marker] = []
        ) {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.yScale = yScale
            self.series = series
            self.styleKey = styleKey
            self.markers = markers
        }
    }

    /// A thin grey dashed vertical line at `x` across a panel, with an optional short `label` beside its top.
    /// Markers do not widen the x axis; one outside it is not drawn.
    public struct Marker: Sendable, Hashable {
        public var x: Double
        public var label: String?
        public init(x: Double, label: String? = nil) {
            self.x = x
            self.label = label
        }
    }

    /// How a line is stroked.
    public enum LineStyle: Sendable, Hashable {
        case solid
        case dashed
        case dotted
    }

    /// One line: points `(x[i], y[i])` for `i` below the shorter array's count.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var color: Color
        public var style: LineStyle
        public var x: [Double]
        public var y: [Double]
        /// Whether the series gets its own legend entry.
        public var showsInLegend: Bool
        /// Stroke width in pixels.
        public var lineWidth: Double

        public init(
            name: String, color: Color, style: LineStyle = .solid, x: [Double], y: [Double],
            showsInLegend: Bool = true, lineWidth: Double = 2
        ) {
            self.name = name
            self.color = color
            self.style = style
            self.x = x
            self.y = y
            self.showsInLegend = showsInLegend
            self.lineWidth = lineWidth
        }

        /// A good's market price (solid, in the legend under the good's name) and its backprop target
        /// (dashed, same colour, named `"<good> target"` but not in the legend; add
        /// ``StyleKey/marketAndTarget`` to the panel to explain the dashes once).
        public static func marketAndTarget(
            good: String, color: Color, x: [Double], market: [Double], target: [Double]
        ) -> [Series] {
            [
                Series(name: good, color: color, style: .solid, x: x, y: market),
                Series(name: "\(good) target", color: color, style: .dashed, x: x, y: target, showsInLegend: false,
                       lineWidth: 1.75),
            ]
        }
    }

    /// A legend entry for a line style rather than a series.
    public struct StyleKey: Sendable, Hashable {
        public var label: String
        public var style: LineStyle
        public init(label: String, style: LineStyle) {
            self.label = label
            self.style = style
        }

        /// "market price" solid and "backprop target" dashed.
        public static let marketAndTarget = [
            StyleKey(label: "market price", style: .solid),
            StyleKey(label: "backprop target", style: .dashed),
        ]
    }
}

// MARK: - Colours

extension SVGPlot {
    /// An sRGB colour.
    public struct Color: Sendable, Hashable {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8

        public init(red: UInt8, green: UInt8, blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }

        /// From `0xRRGGBB`.
        public init(hex: UInt32) {
            self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
        }

        /// `#rrggbb`.
        public var hexString: String {
            "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// Line colours that stay distinguishable on white for 20 series: the Tableau 10 hues, then 10 darker or
    /// shifted hues. Colour `i` and `i + 10` share a family but differ clearly in lightness. Beyond 20
    /// series the palette repeats.
    public enum Palette {
        public static let colors: [Color] = [
            0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
            0x0B3C6B, 0xA65200, 0x0E5E0E, 0x7A1414, 0x4B2A7B, 0x4E2E26, 0x9C2A7C, 0x2F2F2F, 0x6B6B00, 0x0A6E7A,
        ].map(Color.init(hex:))

        /// The colour for series (or good) number `index`, cycling after ``colors``.
        public static func color(_ index: Int) -> Color {
            colors[((index % colors.count) + colors.count) % colors.count]
        }
    }
}
