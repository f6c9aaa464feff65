// MARK: - Long oscillating series, drawn as a band

extension SVGPlot.Color {
    /// This colour mixed with white: `fraction` 0 is the colour, 1 is white.
    public func lightened(_ fraction: Double) -> SVGPlot.Color {
        func mix(_ c: UInt8) -> UInt8 { UInt8((Double(c) + (255 - Double(c)) * min(max(fraction, 0), 1)).rounded()) }
        return SVGPlot.Color(red: mix(red), green: mix(green), blue: mix(blue))
    }
}

extension SVGPlot.Series {
    /// Points above which ``banded(name:color:x:y:buckets:)`` summarises a series.
    public static let bandThreshold = 600

    /// A series a reader can follow however much it oscillates: up to ``bandThreshold`` points, the line itself;
    /// beyond, per run of `x.count / buckets` consecutive points, the median as the line and the minimum and
    /// maximum as a pale band's edges (two thin lines in a lighter shade, not in the legend: say so in the
    /// panel's title with ``bandNote(points:buckets:)``). Points that are not finite are left out of a bucket; a
    /// bucket with none breaks the lines.
    public static func banded(name: String, color: SVGPlot.Color, x: [Double], y: [Double], buckets: Int = 200,
                              lineWidth: Double = 2) -> [SVGPlot.Series] {
        let count = min(x.count, y.count)
        guard count > bandThreshold, buckets > 0 else {
            return [SVGPlot.Series(name: name, color: color, x: x, y: y, lineWidth: lineWidth)]
        }
        var centre: [Double] = [], low: [Double] = [], high: [Double] = [], median: [Double] = []
        for b in 0..<buckets {
            let range = (b * count / buckets)..<((b + 1) * count / buckets)
            guard !range.isEmpty else { continue }
            let values = y[range].filter(\.isFinite).sorted()
            centre.append(0.5 * (x[range.lowerBound] + x[range.upperBound - 1]))
            if values.isEmpty {
                low.append(.nan); high.append(.nan); median.append(.nan)
                continue
            }
            low.append(values[0])
            high.append(values[values.count - 1])
            let mid = values.count / 2
            median.append(values.count % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]))
        }
        let pale = color.lightened(0.6)
        return [
            SVGPlot.Series(name: "\(name) maximum", color: pale, x: centre, y: high, showsInLegend: false, lineWidth: 1),
            SVGPlot.Series(name: "\(name) minimum", color: pale, x: centre, y: low, showsInLegend: false, lineWidth: 1),
            SVGPlot.Series(name: name, color: color, x: centre, y: median, lineWidth: lineWidth),
        ]
    }

    /// ` (medians per 33 ticks, pale: min–max)` when a series of `points` is banded, else empty.
    public static func bandNote(points: Int, buckets: Int = 200) -> String {
        points > bandThreshold ? " (medians per \(max(1, points / buckets)) ticks, pale: min–max)" : ""
    }
}
