import PricePropOutput

// MARK: - The figure

extension RunPlot {
    /// The figure of the rows appended so far: `title` on top, then three panels sharing the tick axis.
    ///
    /// 1. **Prices**: each market-priced good's price (solid) and its backprop derivative `dV/dgood` (dashed,
    ///    same colour). Log scale when every value is positive and they span more than a factor of 10.
    /// 2. **Relative error** `|price − dV/dgood| / max(|price|, |dV/dgood|)` per good, on a log axis; values
    ///    below ``errorFloor`` (exact zeros included) are drawn at it.
    /// 3. **V**, the net value traded at fixed prices.
    ///
    /// Goods that carry no information are left out and named as fixed in the prices panel's title: the
    /// schema's fixed-price goods (a fixed price is its own derivative) and any good whose price equalled its
    /// derivative with zero error in every row (which a saved CSV, knowing no roles, relies on alone). If
    /// every good is left out, all are drawn.
    /// Each tick in `shockTicks` gets a dashed grey vertical line in every panel, labelled "shock" in the
    /// first.
    public func figure(title: String?, shockTicks: [Int] = []) -> SVGPlot {
        let goods = schema.goods.map(\.name)
        let leftOut = goods.indices.map { schema.goods[$0].isFixedPrice || staysOnTarget[$0] }
        var drawn = goods.indices.filter { !leftOut[$0] }
        let fixed = drawn.isEmpty ? [] : goods.indices.filter { leftOut[$0] }.map { goods[$0] }
        if drawn.isEmpty { drawn = Array(goods.indices) }

        let ticks = Array(Set(shockTicks)).sorted().map(Double.init)
        let labelled = ticks.map { SVGPlot.Marker(x: $0, label: "shock") }
        let unlabelled = ticks.map { SVGPlot.Marker(x: $0) }

        var pricesTitle = "Market prices (solid) converge to backprop dV/dgood (dashed)"
        if !fixed.isEmpty {
            pricesTitle += fixed.count <= 3 ? "; fixed: \(fixed.joined(separator: ", "))" : "; \(fixed.count) fixed prices not shown"
        }
        var prices = SVGPlot.Panel(title: pricesTitle, xLabel: "tick", yLabel: "price",
                                   styleKey: SVGPlot.StyleKey.marketAndTarget, markers: labelled)
        var errors = SVGPlot.Panel(title: "Relative error |price − dV/dgood| / max(|price|, |dV/dgood|)",
                                   xLabel: "tick", yLabel: "relative error", yScale: .log, markers: unlabelled)
        for (colour, g) in drawn.enumerated() {
            let color = SVGPlot.Palette.color(colour)
            let price = points(ofLine: 3 * g), gradient = points(ofLine: 3 * g + 1), error = points(ofLine: 3 * g + 2)
            prices.series.append(SVGPlot.Series(name: goods[g], color: color, x: price.x, y: price.y))
            prices.series.append(SVGPlot.Series(name: "\(goods[g]) target", color: color, style: .dashed,
                                                x: gradient.x, y: gradient.y, showsInLegend: false, lineWidth: 1.75))
            errors.series.append(SVGPlot.Series(name: goods[g], color: color, x: error.x, y: error.y, lineWidth: 1.5))
        }
        prices.yScale = Self.priceScale(prices.series.flatMap(\.y))

        let v = points(ofLine: 3 * goods.count)
        let value = SVGPlot.Panel(
            title: "Net value V traded at fixed prices", xLabel: "tick", yLabel: "V", yScale: .linear,
            series: [SVGPlot.Series(name: "V", color: SVGPlot.Color(hex: 0x333333), x: v.x, y: v.y, showsInLegend: false)],
            markers: unlabelled)
        return SVGPlot(title: title, panels: [prices, errors, value], panelHeight: 240)
    }

    /// Log when every finite value is positive and the largest is more than 10 times the smallest: prices of
    /// goods early and late in a chain often differ by that much, and a linear axis flattens the small ones.
    static func priceScale(_ values: [Double]) -> SVGPlot.ScaleChoice {
        var low = Double.infinity, high = -Double.infinity
        for value in values where value.isFinite {
            if value <= 0 { return .linear }
            low = min(low, value)
            high = max(high, value)
        }
        return low.isFinite && high / low > 10 ? .log : .linear
    }
}

// MARK: - From CSV

extension RunPlot {
    /// Reads every row of a CSV table written by `priceprop run --csv` (only the columns the plot draws need
    /// be numbers; empty fields are NaN, drawn as gaps). The header becomes a schema
    /// (``TimeSeriesSchema/init(csvHeader:)``), which knows no fixed prices.
    /// - Throws: ``RunPlotError`` for a missing column or a table without rows, or ``RunPlotError/data(_:)``
    ///   naming the line of a field that is not a number.
    public init(csv table: CSVTable, maxBuckets: Int = RunPlot.defaultMaxBuckets) throws(RunPlotError) {
        try self.init(schema: TimeSeriesSchema(csvHeader: table.header), maxBuckets: maxBuckets)
        guard !table.rows.isEmpty else { throw .noRows }
        var columns: [Int: [Double]] = [:]
        for column in columnsRead where columns[column] == nil {
            do { columns[column] = try table.doubles(inColumn: column) } catch { throw .data(error) }
        }
        var row = Array(repeating: Double.nan, count: table.header.count)
        for r in table.rows.indices {
            for (column, values) in columns { row[column] = values[r] }
            append(row: row)
        }
    }
}
