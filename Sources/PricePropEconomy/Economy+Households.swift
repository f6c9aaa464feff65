import PricePropScenario

extension Economy {
    /// The good households' utility is counted in (``Scenario/welfareGoodName``), when there are households.
    public var welfareGood: Int? {
        householdEntries.isEmpty ? nil : goods.lastIndex { $0.name == Scenario.welfareGoodName }
    }

    /// The word output tables use for good `g`'s role: `primary`, `intermediate`, `fixed price`, or
    /// `household` for the welfare good households make.
    public func roleName(of g: Int) -> String {
        if g == welfareGood { return "household" }
        switch goods[g].role {
        case .primary: return "primary"
        case .fixedPrice: return "fixed price"
        case .intermediate: return "intermediate"
        }
    }
}
