import PricePropBasics
import PricePropOutput

extension SweepTable {
    /// The sweep as a figure against its first varied path: a panel of each market-priced good's equilibrium
    /// price (solid) with its backprop derivative (dashed), and a panel of `V`.
    ///
    /// With several varied paths, each combination of the other paths' values is its own line: one colour per
    /// good, one line style per combination (named in the legend), the backprop target a thin pale line in the
    /// good's colour and the combination's style. Rows that did not converge are left out (a gap in the line).
    /// - Returns: `nil` when nothing was varied.
    public func plot(title: String? = nil, marketPricedGoods goods: [String]) -> SVGPlot? {
        guard columns.count > 1, columns[1] != "value", !columns[1].hasSuffix(".price") else { return nil }
        let axisColumns = Array(columns[1...].prefix { !$0.hasSuffix(".price") })
        let x = axisColumns[0]
        let converged = columns.firstIndex(of: "converged")
        // Groups of rows sharing the other axes' values, in first-seen order.
        var groups: [(key: [Double], rows: [[Double]])] = []
        for row in rows {
            let key = (2..<(1 + axisColumns.count)).map { row[$0] }
            if let g = groups.firstIndex(where: { $0.key == key }) { groups[g].rows.append(row) }
            else { groups.append((key, [row])) }
        }
        func label(_ key: [Double]) -> String {
            zip(axisColumns.dropFirst(), key).map { "\($0)=\(NumberText.significant($1, digits: 4))" }
                .joined(separator: ", ")
        }
        func column(_ name: String, in rows: [[Double]]) -> [Double] {
            guard let c = columns.firstIndex(of: name) else { return [] }
            return rows.map { row in converged.map { row[$0] == 1 } ?? true ? row[c] : .nan }
        }
        var prices = SVGPlot.Panel(title: "Equilibrium prices", xLabel: x, yLabel: "price",
                                   styleKey: SVGPlot.StyleKey.marketAndTarget)
        var value = SVGPlot.Panel(title: "V, net value traded at fixed prices", xLabel: x, yLabel: "V")
        if groups.count > 1 {
            return groupedPlot(title: title, goods: goods, x: x, groups: groups, label: label, column: column)
        }
        for (key, groupRows) in groups {
            let xs = column(x, in: groupRows)
            for (colour, good) in goods.enumerated() {
                prices.series += SVGPlot.Series.marketAndTarget(
                    good: good, color: SVGPlot.Palette.color(colour), x: xs,
                    market: column("\(good).price", in: groupRows), target: column("\(good).gradient", in: groupRows))
            }
            value.series.append(SVGPlot.Series(name: key.isEmpty ? "V" : label(key), color: SVGPlot.Palette.color(0),
                                               x: xs, y: column("value", in: groupRows)))
        }
        prices.styleKey = SVGPlot.StyleKey.marketAndTarget(coinciding: prices.targetsCoincide)
        return SVGPlot(title: title, panels: [prices, value])
    }

    /// The figure of a sweep over several paths (see ``plot(title:marketPricedGoods:)``).
    private func groupedPlot(
        title: String?, goods: [String], x: String, groups: [(key: [Double], rows: [[Double]])],
        label: ([Double]) -> String, column: (String, [[Double]]) -> [Double]
    ) -> SVGPlot {
        let styles: [SVGPlot.LineStyle] = [.solid, .dashed, .dotted]
        var prices = SVGPlot.Panel(title: "Equilibrium prices (pale: backprop targets)", xLabel: x, yLabel: "price")
        var value = SVGPlot.Panel(title: "V, net value traded at fixed prices", xLabel: x, yLabel: "V")
        for (g, group) in groups.enumerated() {
            let style = styles[g % styles.count], width = g < styles.count ? 2.0 : 1.25
            let xs = column(x, group.rows)
            for (colour, good) in goods.enumerated() {
                let color = SVGPlot.Palette.color(colour)
                // The good's name once in the legend; the combinations are named by the style key.
                prices.series.append(SVGPlot.Series(name: g == 0 ? good : "\(good) (\(label(group.key)))", color: color,
                                                    style: style, x: xs, y: column("\(good).price", group.rows),
                                                    showsInLegend: g == 0, lineWidth: width))
                prices.series.append(SVGPlot.Series(name: "\(good) target (\(label(group.key)))", color: color.lightened(0.55),
                                                    style: style, x: xs, y: column("\(good).gradient", group.rows),
                                                    showsInLegend: false, lineWidth: 1))
            }
            prices.styleKey.append(SVGPlot.StyleKey(label: label(group.key), style: style))
            value.series.append(SVGPlot.Series(name: label(group.key), color: SVGPlot.Color(hex: 0x222222), style: style,
                                               x: xs, y: column("value", group.rows), lineWidth: width))
        }
        return SVGPlot(title: title, panels: [prices, value])
    }
}
