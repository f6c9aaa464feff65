import Testing
@testable import PricePropScenario
import PricePropEconomy
import PricePropTestSupport

/// Households in the file model: decoded, checked at their own JSON paths, and expanded into firms making welfare.
@Suite struct HouseholdScenarioTests {
    static let text = """
        {"name": "h", "goods": [{"name": "labour", "endowment": 4}, {"name": "bread"}, {"name": "wine"}],
         "firms": [{"name": "bakers", "output": "bread", "production": "sqrt(labour)"},
                   {"name": "vintners", "output": "wine", "production": "2 * sqrt(labour)"}],
         "households": [{"name": "consumers", "utility": "B * (a * log(bread) + (1 - a) * log(wine))",
                         "parameters": {"B": 2, "a": 0.25}}]}
        """

    @Test func aLoadedScenarioHasItsHouseholdsAsFirmsMakingWelfare() throws {
        let scenario = try Scenario.decode(Self.text, file: "h.json")
        #expect(scenario.warnings.isEmpty)
        #expect(scenario.households == [.init(name: "consumers", utility: "B * (a * log(bread) + (1 - a) * log(wine))",
                                              parameters: [.init(name: "B", value: 2), .init(name: "a", value: 0.25)])])
        #expect(scenario.goods.map(\.name) == ["labour", "bread", "wine", "welfare"])
        #expect(scenario.goods[3].price == 1)
        #expect(scenario.householdFirms == 2..<3)
        #expect(scenario.firms[2] == .init(name: "consumers", output: "welfare",
                                           production: "B * (a * log(bread) + (1 - a) * log(wine))",
                                           parameters: scenario.households[0].parameters))
        // The household entry points at the household's lines in the file.
        #expect(scenario.sourceMap[JSONPath() / "firms" / 2 / "production"] == scenario.sourceMap[JSONPath() / "households" / 0 / "utility"])
        #expect(scenario.sourceMap[JSONPath() / "households" / 0 / "utility"]?.line == 4)
        // Expanding again, or validating the expanded scenario, changes nothing.
        #expect(scenario.expandingHouseholds() == scenario)
        #expect(scenario.validate().isEmpty)
    }

    @Test func theEconomyNamesTheHouseholdsAndTheirGood() throws {
        let scenario = try Scenario.decode(Self.text)
        let economy = try Economy(scenario)
        #expect(economy.householdEntries == 2..<3)
        #expect(economy.welfareGood == 3)
        #expect((0..<economy.goodCount).map { economy.roleName(of: $0) } == ["primary", "intermediate", "intermediate", "household"])
        // A scenario built in code is expanded by the economy itself, to the same network.
        var unexpanded = Scenario(name: "h", goods: Array(scenario.goods.prefix(3)), firms: Array(scenario.firms.prefix(2)))
        unexpanded.households = scenario.households
        #expect(unexpanded.validate().isEmpty)
        let built = try Economy(unexpanded)
        #expect(built.goods == economy.goods)
        #expect(built.firmEntryNames == economy.firmEntryNames)
        #expect(built.householdEntries == 2..<3)
    }

    @Test func aScenarioWithoutHouseholdsIsUnchanged() throws {
        let scenario = try Scenario.decode(BundledScenarios.text(named: "diamond") ?? "")
        #expect(scenario.expandingHouseholds() == scenario)
        #expect(scenario.householdFirms.isEmpty)
        #expect(try Economy(scenario).welfareGood == nil)
    }

    @Test func householdFaultsAreReportedAtTheirOwnPaths() {
        var scenario = Scenario(name: "code", goods: [.init(name: "labour", endowment: 1), .init(name: "bread")],
                                firms: [.init(name: "bakers", output: "bread", production: "sqrt(labour)")])
        scenario.households = [.init(name: "consumers", utility: "log(bred)"), .init(name: "bakers", utility: "log(bread)")]
        #expect(scenario.validate().map(\.rendered) == [
            "error: households[0].utility: unknown good 'bred'; did you mean 'bread'?\n    log(bred)\n        ^",
            "error: households[1].name: duplicate firm 'bakers' (first declared at firms[0])",
        ])
    }
}
