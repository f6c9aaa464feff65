import PricePropBasics
import PricePropOutput
import PricePropScenario

/// Writes scenarios as scenario-file JSON (see `docs/scenarios.md`), streaming: one good or firm per line,
/// written as it comes, so a network of a million firms never exists as one tree or one string.
///
/// Numbers print through ``NumberText/roundTrip(_:)``, so they read back to the same bits and the same
/// scenario always gives the same bytes. Keys are written in the order of `docs/scenarios.md`; defaults
/// (`count` 1, empty parameters, unset settings) are left out.
///
/// A whole scenario: ``write(_:to:)``. Piece by piece, for generators that make firms one at a time:
/// ``writeHead(of:to:)``, then ``writeFirm(_:first:to:)`` for each firm, then ``writeTail(of:to:)``.
public struct ScenarioWriter: Sendable {
    public init() {}

    /// Writes all of `scenario`.
    /// - Complexity: O(size of the text).
    public func write(_ scenario: Scenario, to out: inout some TextOutputStream) {
        // Households are written as households, not as the firms they run as.
        let scenario = scenario.collapsingHouseholds()
        writeHead(of: scenario, to: &out)
        for (i, firm) in scenario.firms.enumerated() { writeFirm(firm, first: i == 0, to: &out) }
        writeTail(of: scenario, to: &out)
    }

    /// Everything up to the firms: version, name, description, parameters and goods, then the opening of
    /// the firms array. `scenario.firms` is not read.
    public func writeHead(of scenario: Scenario, to out: inout some TextOutputStream) {
        var text = "{\"version\": \(scenario.version), \"name\": " + JSONWriter.quoted(scenario.name)
        if !scenario.description.isEmpty { text += ",\n \"description\": " + JSONWriter.quoted(scenario.description) }
        if !scenario.parameters.isEmpty {
            text += ",\n \"parameters\": "
            appendParameters(scenario.parameters, to: &text)
        }
        text += ",\n \"goods\": ["
        for (i, good) in scenario.goods.enumerated() {
            text += i == 0 ? "\n  {\"name\": " : ",\n  {\"name\": "
            text += JSONWriter.quoted(good.name)
            if let endowment = good.endowment { text += ", \"endowment\": " + JSONWriter.number(endowment) }
            if let price = good.price { text += ", \"price\": " + JSONWriter.number(price) }
            if let initial = good.initialPrice { text += ", \"initialPrice\": " + JSONWriter.number(initial) }
            text += "}"
            if text.utf8.count >= 1 << 16 { out.write(text); text = "" }
        }
        text += "],\n \"firms\": ["
        out.write(text)
    }

    /// One firm, on its own line; `first` for the first firm (no separating comma).
    public func writeFirm(_ firm: Scenario.Firm, first: Bool, to out: inout some TextOutputStream) {
        var text = first ? "\n  {\"name\": " : ",\n  {\"name\": "
        text += JSONWriter.quoted(firm.name)
        text += ", \"output\": "
        text += JSONWriter.quoted(firm.output)
        text += ", \"production\": "
        text += JSONWriter.quoted(firm.production)
        if firm.count != 1 { text += ", \"count\": \(firm.count)" }
        if !firm.parameters.isEmpty {
            text += ", \"parameters\": "
            appendParameters(firm.parameters, to: &text)
        }
        text += "}"
        out.write(text)
    }

    /// Closes the firms array and writes the households, the market and simulation settings and the events.
    /// Only those fields of `scenario` are read.
    public func writeTail(of scenario: Scenario, to out: inout some TextOutputStream) {
        var text = "]"
        if !scenario.households.isEmpty {
            text += ",\n \"households\": ["
            for (i, household) in scenario.households.enumerated() {
                text += (i == 0 ? "\n  " : ",\n  ") + "{\"name\": " + JSONWriter.quoted(household.name)
                text += ", \"utility\": " + JSONWriter.quoted(household.utility)
                if !household.parameters.isEmpty {
                    text += ", \"parameters\": "
                    appendParameters(household.parameters, to: &text)
                }
                text += "}"
            }
            text += "]"
        }
        let market = scenario.market
        var settings: [String] = []
        if let mechanism = market.mechanism { settings.append("\"mechanism\": " + JSONWriter.quoted(mechanism)) }
        if let step = market.priceStep { settings.append("\"priceStep\": " + JSONWriter.number(step)) }
        if let step = market.firmStep { settings.append("\"firmStep\": " + JSONWriter.number(step)) }
        if !settings.isEmpty { text += ",\n \"market\": {" + settings.joined(separator: ", ") + "}" }
        settings = []
        if let ticks = scenario.simulation.maxTicks { settings.append("\"maxTicks\": \(ticks)") }
        if let tolerance = scenario.simulation.tolerance { settings.append("\"tolerance\": " + JSONWriter.number(tolerance)) }
        if !settings.isEmpty { text += ",\n \"simulation\": {" + settings.joined(separator: ", ") + "}" }
        if !scenario.events.isEmpty {
            text += ",\n \"events\": ["
            for (i, event) in scenario.events.enumerated() {
                text += (i == 0 ? "\n  " : ",\n  ") + "{\"tick\": \(event.tick), \"set\": {"
                text += event.assignments.map { JSONWriter.quoted($0.path) + ": " + JSONWriter.number($0.value) }
                    .joined(separator: ", ")
                text += "}}"
            }
            text += "]"
        }
        text += "}\n"
        out.write(text)
    }

    /// `{"name": value, ...}` in the given order.
    private func appendParameters(_ parameters: [Scenario.Parameter], to text: inout String) {
        text += "{"
        for (i, parameter) in parameters.enumerated() {
            if i > 0 { text += ", " }
            text += JSONWriter.quoted(parameter.name)
            text += ": "
            text += JSONWriter.number(parameter.value)
        }
        text += "}"
    }
}
