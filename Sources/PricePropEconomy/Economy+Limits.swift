import PricePropScenario

// MARK: - Size, checked before firms are expanded

extension Economy.Entries {
    /// The number of firms the entries expand into, after checking that firms and their slots stay within
    /// ``Scenario/Limits`` (and so within the economy's 32-bit indices). Validation reports the same with file
    /// locations; this guards scenarios built in code.
    func checkedFirmCount(_ scenario: Scenario) throws(EconomyError) -> Int {
        var firms = 0, slots = 0
        for (e, firm) in scenario.firms.enumerated() {
            let path = JSONPath() / "firms" / e / "count"
            let perFirm = (inputStart[e + 1] - inputStart[e]) + (parameterStart[e + 1] - parameterStart[e])
            let (entrySlots, overflow) = firm.count.multipliedReportingOverflow(by: perFirm)
            firms = ScenarioValidator.saturatingSum(firms, firm.count)
            slots = overflow ? Int.max : ScenarioValidator.saturatingSum(slots, entrySlots)
            if firms > Scenario.Limits.firms {
                throw EconomyError(path: path, message: "more than \(Scenario.Limits.firms) firms in all")
            }
            if slots > Scenario.Limits.slots {
                throw EconomyError(path: path, message: "more than \(Scenario.Limits.slots) input and parameter slots in all")
            }
        }
        return firms
    }
}
