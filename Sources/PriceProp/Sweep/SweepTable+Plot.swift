extension SweepTable {
    /// The sweep as a figure against its first varied path: a panel of each market-priced good's equilibrium
    /// price (solid) with its backprop derivative (dashed), and a panel of `V`.
    ///
    /// With several varied paths, each combination of the other paths' values is its own line, named by
    /// those values. Rows that did not converge are left out (a gap in the line).
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
        var colour = 0
        for (key, groupRows) in groups {
            let xs = column(x, in: groupRows)
            let suffix = key.isEmpty ? "" : " (\(label(key)))"
            for good in goods {
                prices.series += SVGPlot.Series.marketAndTarget(
                    good: good + suffix, color: SVGPlot.Palette.color(colour), x: xs,
                    market: column("\(good).price", in: groupRows), target: column("\(good).gradient", in: groupRows))
                colour += 1
            }
            value.series.append(SVGPlot.Series(name: key.isEmpty ? "V" : label(key),
                                               color: SVGPlot.Palette.color(groups.count == 1 ? 0 : colour - goods.count),
                                               x: xs, y: column("value", in: groupRows)))
        }
        prices.styleKey = SVGPlot.StyleKey.marketAndTarget(coinciding: prices.targetsCoincide)
        return SVGPlot(title: title, panels: [prices, value])
    }
}
