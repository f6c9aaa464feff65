// MARK: - Curves drawn on top of each other

extension SVGPlot.StyleKey {
    /// ``marketAndTarget``, saying so when every dashed target lies on its solid price (within a thousandth,
    /// closer than a line is wide), so a reader knows the dashes are there but hidden.
    public static func marketAndTarget(coinciding: Bool) -> [SVGPlot.StyleKey] {
        guard coinciding else { return marketAndTarget }
        return [marketAndTarget[0], SVGPlot.StyleKey(label: "backprop target (on the price, hidden)", style: .dashed)]
    }
}

extension SVGPlot.Panel {
    /// Whether every series named `"<good> target"` lies on the series named `<good>` at every point where both
    /// are numbers (and there is at least one such pair).
    public var targetsCoincide: Bool {
        var pairs = 0
        for target in series where target.name.hasSuffix(" target") {
            let good = String(target.name.dropLast(" target".count))
            guard let market = series.first(where: { $0.name == good }) else { return false }
            for (a, b) in zip(market.y, target.y) where a.isFinite && b.isFinite {
                guard abs(a - b) <= 1e-3 * max(abs(a), abs(b)) else { return false }
                pairs += 1
            }
        }
        return pairs > 0
    }
}
