import PricePropBasics
import PricePropEconomy
import PricePropOutput
import PricePropScenario

extension Economy {
    /// Goods or firm entries above which ``networkDescription(scenario:limit:)`` is cut when a limit is given.
    public static let summaryRows = 40

    /// Names a cut description lists in one "made by" or "used by" cell before counting the rest.
    static let summaryNames = 8

    /// A readable description of the network: each good with its role and who makes and uses it, then each
    /// firm entry with its production function, in scenario order.
    ///
    /// With a `limit`, each table stops after `limit` rows with a line saying how many were left out, and a
    /// cell lists at most ``summaryNames`` entries (a good every industry uses would otherwise make one line
    /// of every name, and every other row as wide).
    public func networkDescription(scenario: Scenario, limit: Int? = nil) -> String {
        var text = "scenario \(name): \(counted(goodCount, "good", "goods")), \(counted(firmEntryNames.count, "firm entry", "firm entries")), \(counted(firmCount, "firm", "firms")), \(counted(levelCount, "level", "levels"))\n\ngoods:\n"
        let names = limit == nil ? Int.max : Self.summaryNames
        var goodTable = TextTable(header: ["good", "role", "made by", "used by"])
        for (g, good) in goods.enumerated().prefix(limit ?? goods.count) {
            goodTable.append([.text(good.name), .text(role(of: g, good)),
                              .text(entryNames(producers(of: g).map { Int(firmEntry[Int($0)]) }, most: names)),
                              .text(entryNames(users(of: g).map { Int(firmEntry[Int(inputFirm[Int($0)])]) }, most: names))])
        }
        goodTable.write(to: &text)
        text += Self.cutLine(shown: goodTable.rows.count, of: goods.count)
        text += "\nfirms:\n"
        var firmTable = TextTable(header: ["firm", "count", "makes", "from", "production"])
        for (e, firm) in scenario.firms.enumerated().prefix(limit ?? scenario.firms.count) {
            let inputs = entryInputNames(e)
            let from = inputs.isEmpty ? "-" : Self.listed(inputs, most: names)
            firmTable.append([.text(firm.name), .integer(firm.count), .text(firm.output), .text(from), .text(firm.production)])
        }
        firmTable.write(to: &text)
        text += Self.cutLine(shown: firmTable.rows.count, of: scenario.firms.count)
        return text
    }

    private func role(of g: Int, _ good: Good) -> String {
        switch good.role {
        case _ where g == welfareGood: return "household numeraire, price 1"
        case let .primary(endowment): return "primary, endowment \(NumberText.significant(endowment, digits: 10))"
        case let .fixedPrice(price): return "fixed price \(NumberText.significant(price, digits: 10))"
        case .intermediate: return "intermediate"
        }
    }

    /// `… 50 more rows` after a cut table, else nothing.
    private static func cutLine(shown: Int, of total: Int) -> String {
        total > shown ? "… \(total - shown) more rows\n" : ""
    }

    /// Distinct entry names in first-seen order, comma separated; `-` for none.
    private func entryNames(_ entries: [Int], most: Int) -> String {
        var seen = Set<Int>(), names: [String] = []
        for e in entries where seen.insert(e).inserted { names.append(firmEntryNames[e]) }
        return names.isEmpty ? "-" : Self.listed(names, most: most)
    }

    /// The first `most` names, comma separated, and how many more.
    private static func listed(_ names: [String], most: Int) -> String {
        guard names.count > most else { return names.joined(separator: ", ") }
        return names.prefix(most).joined(separator: ", ") + ", … \(names.count - most) more"
    }
}
