import PricePropBasics

// MARK: - Layout
//
// The figure is laid out top to bottom: padding, figure title, then for each panel its title, the plotting
// area (legend to its right), tick labels and, where shown, the x axis title. All panels share one left
// margin (the widest y tick labels) and one legend column, so their plotting areas line up. Text widths are
// estimated from the character count (0.6 em per character, generous for common sans-serif fonts), so the
// layout does not depend on installed fonts.

extension SVGPlot {
    /// The SVG document as a string.
    public var svg: String {
        var text = ""
        write(to: &text)
        return text
    }

    /// Writes the SVG document (with XML declaration, ending in a newline).
    public func write(to out: inout some TextOutputStream) {
        var svg = SVGText()
        render(into: &svg)
        out.write(svg.text)
    }

    /// A legend row: a series, or a style key drawn in grey.
    struct LegendEntry {
        var label: String
        var color: Color
        var style: LineStyle
        var lineWidth: Double
        var isStyleKey = false
    }

    struct PanelLayout {
        var panel: Panel
        var top: Double
        var plotHeight: Double
        var yAxis: Axis
        var xAxis: Axis
        var legend: [LegendEntry]
        var showsXTitle: Bool
    }

    static let keyGrey = Color(hex: 0x444444)

    private var padding: Double { 20 }
    private var legendLineHeight: Double { fontSize * 1.5 }
    private var legendSampleWidth: Double { 30 }

    func textWidth(_ text: String, size: Double? = nil) -> Double {
        Double(text.count) * (size ?? fontSize) * 0.6
    }

    func labelWidth(_ label: TickLabel) -> Double {
        textWidth(label.text) + textWidth(label.exponent ?? "", size: fontSize * 0.75)
    }

    func legendEntries(_ panel: Panel) -> [LegendEntry] {
        panel.series.filter(\.showsInLegend).map {
            LegendEntry(label: $0.name, color: $0.color, style: $0.style, lineWidth: $0.lineWidth)
        } + panel.styleKey.map {
            LegendEntry(label: $0.label, color: Self.keyGrey, style: $0.style, lineWidth: 2, isStyleKey: true)
        }
    }

    /// Rows of series entries, then half a row of space before any style key rows.
    func legendRowOffsets(_ entries: [LegendEntry]) -> [Double] {
        var offset = 0.0, offsets: [Double] = []
        for (index, entry) in entries.enumerated() {
            if entry.isStyleKey, index > 0, !entries[index - 1].isStyleKey { offset += 0.5 }
            offsets.append(offset)
            offset += 1
        }
        return offsets
    }

    func legendHeight(_ entries: [LegendEntry]) -> Double {
        ((legendRowOffsets(entries).last ?? -1) + 1) * legendLineHeight + 8
    }

    /// The x values of a panel's drawable points.
    private static func xValues(_ panel: Panel) -> [Double] {
        panel.series.flatMap { $0.x.prefix(min($0.x.count, $0.y.count)) }
    }

    private static func yValues(_ panel: Panel) -> [Double] {
        panel.series.flatMap { $0.y.prefix(min($0.x.count, $0.y.count)) }
    }

    /// Chooses an x axis whose labels fit side by side in `plotWidth`.
    func xAxis(covering values: [Double], plotWidth: Double) -> Axis {
        var maxTicks = max(2, Int(plotWidth / 80))
        while true {
            let axis = Self.axis(.linear, covering: values, maxTicks: maxTicks)
            let labels = axis.ticks.compactMap(\.label)
            let spacing = plotWidth / Double(max(1, labels.count - 1))
            let widest = labels.map(labelWidth).max() ?? 0
            if widest + 2 * fontSize <= spacing || maxTicks <= 2 { return axis }
            maxTicks -= 1
        }
    }

    func render(into svg: inout SVGText) {
        // Horizontal layout: left margin fits the widest y labels of any panel.
        var yAxes: [Axis] = []
        var plotHeights: [Double] = []
        for panel in panels {
            let legendHeight = legendHeight(legendEntries(panel))
            let plotHeight = max(panelHeight, legendHeight)
            let values = Self.yValues(panel)
            let scale = Self.resolvedScale(panel.yScale, values: values)
            yAxes.append(Self.axis(scale, covering: values, maxTicks: max(3, Int(plotHeight / (fontSize * 2.6)))))
            plotHeights.append(plotHeight)
        }
        let yLabelWidth = yAxes.flatMap { $0.ticks.compactMap(\.label) }.map(labelWidth).max() ?? 0
        let hasYTitle = panels.contains { !$0.yLabel.isEmpty }
        let left = padding + (hasYTitle ? fontSize * 1.2 + 12 : 0) + yLabelWidth + 12
        let legendLabelWidth = panels.flatMap(legendEntries).map { textWidth($0.label) }.max()
        let legendWidth = legendLabelWidth.map { 20 + legendSampleWidth + 8 + $0 } ?? 0
        let plotWidth = max(240, width - left - legendWidth - padding)
        let figureWidth = left + plotWidth + legendWidth + padding

        // Vertical layout.
        let sharedX = sharesXAxis ? xAxis(covering: panels.flatMap(Self.xValues), plotWidth: plotWidth) : nil
        var y = padding
        if title != nil { y += fontSize * 1.45 + 16 }
        var layouts: [PanelLayout] = []
        for (index, panel) in panels.enumerated() {
            if panel.title != nil { y += fontSize * 1.1 + 10 }
            let showsXTitle = !panel.xLabel.isEmpty && (!sharesXAxis || index == panels.count - 1)
            let layout = PanelLayout(
                panel: panel, top: y, plotHeight: plotHeights[index], yAxis: yAxes[index],
                xAxis: sharedX ?? xAxis(covering: Self.xValues(panel), plotWidth: plotWidth),
                legend: legendEntries(panel), showsXTitle: showsXTitle)
            layouts.append(layout)
            y += layout.plotHeight + 10 + fontSize
            if showsXTitle { y += fontSize + 12 }
            if index < panels.count - 1 { y += 24 }
        }
        let figureHeight = y + padding

        // Drawing.
        svg.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        svg.line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(figureWidth))\" height=\"\(n(figureHeight))\" "
                + "viewBox=\"0 0 \(n(figureWidth)) \(n(figureHeight))\" "
                + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"\(n(fontSize))\">")
        if let title { svg.line("<title>\(escapeXML(title))</title>") }
        svg.line("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        if let title {
            svg.line(
                "<text x=\"\(n(figureWidth / 2))\" y=\"\(n(padding + fontSize * 1.45 * 0.8))\" text-anchor=\"middle\" "
                    + "font-size=\"\(n(fontSize * 1.45))\" font-weight=\"bold\" fill=\"#222222\">\(escapeXML(title))</text>")
        }
        for (index, layout) in layouts.enumerated() {
            renderPanel(layout, index: index, left: left, plotWidth: plotWidth, into: &svg)
        }
        svg.line("</svg>")
    }

    // MARK: - Panels

    /// Where a panel's plot area lies in the figure, and how values map into it.
    private struct PanelFrame {
        let left: Double, top: Double, width: Double, height: Double
        let xAxis: Axis, yAxis: Axis
        var right: Double { left + width }
        var bottom: Double { top + height }
        func px(_ value: Double) -> Double? { xAxis.fraction(value).map { left + $0 * width } }
        func py(_ value: Double) -> Double? { yAxis.fraction(value).map { bottom - $0 * height } }
    }

    private func renderPanel(_ layout: PanelLayout, index: Int, left: Double, plotWidth: Double, into svg: inout SVGText) {
        let frame = PanelFrame(left: left, top: layout.top, width: plotWidth, height: layout.plotHeight,
                               xAxis: layout.xAxis, yAxis: layout.yAxis)
        let clipID = "panel-\(index + 1)-clip"

        svg.line("<g class=\"panel\">")
        svg.line(
            "<clipPath id=\"\(clipID)\"><rect x=\"\(n(left - 2))\" y=\"\(n(frame.top - 2))\" width=\"\(n(plotWidth + 4))\" "
                + "height=\"\(n(frame.height + 4))\"/></clipPath>")
        if let title = layout.panel.title {
            svg.line(
                "<text x=\"\(n(left))\" y=\"\(n(frame.top - 10))\" font-size=\"\(n(fontSize * 1.1))\" font-weight=\"bold\" "
                    + "fill=\"#222222\">\(escapeXML(title))</text>")
        }
        renderGrid(frame, into: &svg)
        renderTickLabels(frame, into: &svg)
        renderAxisTitles(layout, frame, into: &svg)
        renderMarkers(layout.panel.markers, frame, into: &svg)
        renderSeries(layout.panel.series, frame, clipID: clipID, into: &svg)
        if !layout.legend.isEmpty { renderLegend(layout.legend, frame, into: &svg) }
        svg.line("</g>")
    }

    private func renderGrid(_ frame: PanelFrame, into svg: inout SVGText) {
        var grid = "", marks = ""
        for tick in frame.yAxis.ticks {
            guard let y = frame.py(tick.value) else { continue }
            if tick.isMajor { grid += "M\(n(frame.left)) \(n(y))H\(n(frame.right))" }
            marks += "M\(n(frame.left)) \(n(y))h\(tick.isMajor ? -6 : -3)"
        }
        for tick in frame.xAxis.ticks {
            guard let x = frame.px(tick.value) else { continue }
            if tick.isMajor { grid += "M\(n(x)) \(n(frame.top))V\(n(frame.bottom))" }
            marks += "M\(n(x)) \(n(frame.bottom))v\(tick.isMajor ? 6 : 3)"
        }
        svg.line("<path d=\"\(grid)\" fill=\"none\" stroke=\"#e3e3e3\" stroke-width=\"1\"/>")
        svg.line(
            "<path d=\"M\(n(frame.left)) \(n(frame.top))V\(n(frame.bottom))H\(n(frame.right))\(marks)\" fill=\"none\" "
                + "stroke=\"#555555\" stroke-width=\"1\"/>")
    }

    private func renderTickLabels(_ frame: PanelFrame, into svg: inout SVGText) {
        svg.line("<g fill=\"#333333\">")
        for tick in frame.yAxis.ticks {
            guard let label = tick.label, let y = frame.py(tick.value) else { continue }
            svg.line(
                "<text x=\"\(n(frame.left - 10))\" y=\"\(n(y + fontSize * 0.35))\" text-anchor=\"end\">\(labelMarkup(label))</text>")
        }
        for tick in frame.xAxis.ticks {
            guard let label = tick.label, let x = frame.px(tick.value) else { continue }
            svg.line(
                "<text x=\"\(n(x))\" y=\"\(n(frame.bottom + 8 + fontSize * 0.9))\" text-anchor=\"middle\">\(labelMarkup(label))</text>")
        }
        svg.line("</g>")
    }

    private func renderAxisTitles(_ layout: PanelLayout, _ frame: PanelFrame, into svg: inout SVGText) {
        if !layout.panel.yLabel.isEmpty {
            let x = padding + fontSize * 0.9, y = frame.top + frame.height / 2
            svg.line(
                "<text x=\"\(n(x))\" y=\"\(n(y))\" transform=\"rotate(-90 \(n(x)) \(n(y)))\" text-anchor=\"middle\" "
                    + "fill=\"#222222\">\(escapeXML(layout.panel.yLabel))</text>")
        }
        if layout.showsXTitle {
            svg.line(
                "<text x=\"\(n(frame.left + frame.width / 2))\" y=\"\(n(frame.bottom + 8 + fontSize * 2.1 + 10))\" "
                    + "text-anchor=\"middle\" fill=\"#222222\">\(escapeXML(layout.panel.xLabel))</text>")
        }
    }

    /// Markers go under the series.
    private func renderMarkers(_ markers: [Marker], _ frame: PanelFrame, into svg: inout SVGText) {
        for marker in markers {
            guard let x = frame.px(marker.x), x >= frame.left - 0.5, x <= frame.right + 0.5 else { continue }
            svg.line(
                "<path d=\"M\(n(x)) \(n(frame.top))V\(n(frame.bottom))\" fill=\"none\" stroke=\"#888888\" stroke-width=\"1.25\" "
                    + "stroke-dasharray=\"6 4\"/>")
            if let label = marker.label {
                svg.line(
                    "<text x=\"\(n(x + 5))\" y=\"\(n(frame.top + fontSize))\" font-size=\"\(n(fontSize * 0.85))\" fill=\"#555555\" "
                        + "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\(escapeXML(label))</text>")
            }
        }
    }

    private func renderSeries(_ allSeries: [Series], _ frame: PanelFrame, clipID: String, into svg: inout SVGText) {
        svg.line("<g clip-path=\"url(#\(clipID))\" fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\">")
        for series in allSeries {
            var path = "", dots: [(Double, Double)] = []
            var segment: [(Double, Double)] = []
            func flush() {
                if segment.count == 1 { dots.append(segment[0]) }
                if segment.count > 1 {
                    path += "M" + segment.map { "\(n($0.0)) \(n($0.1))" }.joined(separator: "L")
                }
                segment = []
            }
            for i in 0..<min(series.x.count, series.y.count) {
                guard let x = frame.px(series.x[i]), let y = frame.py(series.y[i]) else { flush(); continue }
                // Drop points that land on the previous one at a quarter-pixel resolution.
                if let last = segment.last, abs(last.0 - x) < 0.25, abs(last.1 - y) < 0.25 { continue }
                segment.append((x, y))
            }
            flush()
            let name = escapeXML(series.name)
            if !path.isEmpty {
                svg.line(
                    "<path d=\"\(path)\" stroke=\"\(series.color.hexString)\" stroke-width=\"\(n(series.lineWidth))\""
                        + "\(dashAttribute(series.style, width: series.lineWidth))><title>\(name)</title></path>")
            }
            for dot in dots {
                svg.line(
                    "<circle cx=\"\(n(dot.0))\" cy=\"\(n(dot.1))\" r=\"\(n(series.lineWidth * 1.25))\" "
                        + "fill=\"\(series.color.hexString)\"><title>\(name)</title></circle>")
            }
        }
        svg.line("</g>")
    }

    private func renderLegend(_ legend: [LegendEntry], _ frame: PanelFrame, into svg: inout SVGText) {
        let x0 = frame.right + 20
        svg.line("<g class=\"legend\">")
        for (entry, row) in zip(legend, legendRowOffsets(legend)) {
            let y = frame.top + 4 + (row + 0.5) * legendLineHeight
            svg.line(
                "<path d=\"M\(n(x0)) \(n(y))h\(n(legendSampleWidth))\" fill=\"none\" "
                    + "stroke=\"\(entry.color.hexString)\" stroke-width=\"\(n(max(entry.lineWidth, 2)))\""
                    + "\(dashAttribute(entry.style, width: entry.lineWidth))/>")
            let fill = entry.isStyleKey ? "#555555" : "#222222"
            svg.line(
                "<text x=\"\(n(x0 + legendSampleWidth + 8))\" y=\"\(n(y + fontSize * 0.35))\" "
                    + "fill=\"\(fill)\">\(escapeXML(entry.label))</text>")
        }
        svg.line("</g>")
    }

    private func dashAttribute(_ style: LineStyle, width: Double) -> String {
        switch style {
        case .solid: return ""
        case .dashed: return " stroke-dasharray=\"\(n(4 * width)) \(n(2.5 * width))\" stroke-linecap=\"butt\""
        case .dotted: return " stroke-dasharray=\"0.01 \(n(2.2 * width))\" stroke-linecap=\"round\""
        }
    }

    private func labelMarkup(_ label: TickLabel) -> String {
        var markup = escapeXML(label.text)
        if let exponent = label.exponent {
            markup += "<tspan dy=\"-0.45em\" font-size=\"\(n(fontSize * 0.75))\">\(escapeXML(exponent))</tspan>"
        }
        return markup
    }
}

// MARK: - Text

/// An SVG document under construction.
package struct SVGText {
    package var text = ""
    package init() {}
    package mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}

/// A coordinate or size with at most two decimals.
private func n(_ value: Double) -> String { NumberText.fixed(value, decimals: 2) }

/// `text` made safe for XML character data and attribute values: `& < > " '` become entities and characters
/// XML 1.0 forbids (C0 controls other than tab, LF and CR) are dropped.
package func escapeXML(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&apos;"
        case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped
}
