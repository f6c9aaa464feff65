import PricePropBasics
import PricePropEconomy
import PricePropOutput
import PricePropScenario

extension Economy {
    /// A readable description of the network: each good with its role and who makes and uses it, then each
    /// firm entry with its production function, in scenario order.
    public func networkDescription(scenario: Scenario) -> String {
        var text = "scenario \(name): \(counted(goodCount, "good", "goods")), \(counted(firmEntryNames.count, "firm entry", "firm entries")), \(counted(firmCount, "firm", "firms")), \(counted(levelCount, "level", "levels"))\n\ngoods:\n"
        var goodTable = TextTable(header: ["good", "role", "made by", "used by"])
        for (g, good) in goods.enumerated() {
            let role: String
            switch good.role {
            case _ where g == welfareGood: role = "household numeraire, price 1"
            case let .primary(endowment): role = "primary, endowment \(NumberText.significant(endowment, digits: 10))"
            case let .fixedPrice(price): role = "fixed price \(NumberText.significant(price, digits: 10))"
            case .intermediate: role = "intermediate"
            }
            goodTable.append([.text(good.name), .text(role),
                              .text(entryNames(producers(of: g).map { Int(firmEntry[Int($0)]) })),
                              .text(entryNames(users(of: g).map { Int(firmEntry[Int(inputFirm[Int($0)])]) }))])
        }
        goodTable.write(to: &text)
        text += "\nfirms:\n"
        var firmTable = TextTable(header: ["firm", "count", "makes", "from", "production"])
        for (e, firm) in scenario.firms.enumerated() {
            let inputs = entryInputNames(e).isEmpty ? "-" : entryInputNames(e).joined(separator: ", ")
            firmTable.append([.text(firm.name), .integer(firm.count), .text(firm.output), .text(inputs), .text(firm.production)])
        }
        firmTable.write(to: &text)
        return text
    }

    /// Distinct entry names in first-seen order, comma separated; `-` for none.
    private func entryNames(_ entries: [Int]) -> String {
        var seen = Set<Int>(), names: [String] = []
        for e in entries where seen.insert(e).inserted { names.append(firmEntryNames[e]) }
        return names.isEmpty ? "-" : names.joined(separator: ", ")
    }
}
