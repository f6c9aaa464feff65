import PricePropBasics
import PricePropExpression

// MARK: - Supply network: every good reachable (cycles are allowed: see `SupplyGraph`)

extension ScenarioValidator {
    mutating func checkSupplyNetwork() {
        for (i, good) in scenario.goods.enumerated() where goodIndex[good.name] == i && good.price == nil {
            let path = JSONPath([.key("goods"), .index(i)])
            if good.endowment == nil, !produced[i] {
                report(.unproducedIntermediate(good.name), at: path)
            } else if usageKnown, !used[i], good.endowment == nil {
                // An endowment nobody uses is a free good (price 0), which the market handles; only made
                // output nobody uses is waste worth a warning.
                report(.unusedGood(good.name), at: path, .warning)
            }
        }
    }
}
