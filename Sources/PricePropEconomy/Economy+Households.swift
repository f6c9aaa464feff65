import PricePropScenario

extension Economy {
    /// The good households' utility is counted in (``Scenario/welfareGoodName``), when there are households.
    public var welfareGood: Int? {
        householdEntries.isEmpty ? nil : goods.lastIndex { $0.name == Scenario.welfareGoodName }
    }

    /// Whether firm entry `e` is a household (one of the scenario's `households`).
    public func isHousehold(entry e: Int) -> Bool { householdEntries.contains(e) }

    /// The firm entries that are not households, in file order: the industries.
    public var industryEntries: [Int] { firmEntryNames.indices.filter { !householdEntries.contains($0) } }

    /// In an economy without households, the firm entries making a fixed-price good named
    /// ``Scenario/welfareGoodName`` themselves: to this economy they are industries like any other, but they
    /// read as a household written by hand, which the analyses that need households point out.
    public var welfareMakersWithoutHouseholds: [Int] {
        guard householdEntries.isEmpty else { return [] }
        return firmEntryNames.indices.filter { e in
            guard entryFirmCount[e] > 0 else { return false }
            let good = Int(firmOutput[Int(entryFirstFirm[e])])
            return goods[good].name == Scenario.welfareGoodName && goods[good].fixedPrice != nil
        }
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
