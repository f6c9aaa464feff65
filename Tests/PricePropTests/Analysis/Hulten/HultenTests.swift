import Testing
import PriceProp
import PricePropTestSupport

/// Production networks with a household, written out by hand: a good `welfare` priced 1 and a firm entry
/// making it whose production is the household's utility `B · ln U`.
enum HultenFixtures {
    /// Cobb-Douglas industries (one with decreasing returns, one a sector of three firms) and a log
    /// Cobb-Douglas household with `B = 10`.
    static let cobbDouglas = """
        {"name": "cd-network",
         "goods": [{"name": "labour", "endowment": 10}, {"name": "capital", "endowment": 5}, {"name": "steel"},
                   {"name": "bread"}, {"name": "wine"}, {"name": "welfare", "price": 1}],
         "firms": [
           {"name": "steelworks", "output": "steel", "production": "labour^0.6 * capital^0.4"},
           {"name": "bakery", "output": "bread", "production": "labour^0.5 * steel^0.3", "count": 3},
           {"name": "winery", "output": "wine", "production": "2 * labour^0.4 * steel^0.4 * capital^0.2"},
           {"name": "household", "output": "welfare", "production": "B * (0.4 * log(bread) + 0.6 * log(wine))",
            "parameters": {"B": 10}}]}
        """

    /// CES industries (elasticity 1/2) and a CES household (elasticity 1/2) of the form `B · ln U`, `U` of
    /// constant returns.
    static let ces = """
        {"name": "ces-network",
         "parameters": {"rho": -1},
         "goods": [{"name": "labour", "endowment": 10}, {"name": "capital", "endowment": 5}, {"name": "steel"},
                   {"name": "bread"}, {"name": "wine"}, {"name": "welfare", "price": 1}],
         "firms": [
           {"name": "steelworks", "output": "steel", "production": "(0.6 * labour^rho + 0.4 * capital^rho)^(1 / rho)"},
           {"name": "bakery", "output": "bread", "production": "(0.5 * labour^rho + 0.5 * steel^rho)^(0.9 / rho)"},
           {"name": "winery", "output": "wine", "production": "2 * (0.3 * labour^rho + 0.5 * steel^rho + 0.2 * capital^rho)^(1 / rho)"},
           {"name": "household", "output": "welfare", "production": "B / rho * log(0.4 * bread^rho + 0.6 * wine^rho)",
            "parameters": {"B": 10}}]}
        """

    static func scenario(_ text: String) throws -> Scenario { try Scenario.decode(text) }
}

@Suite struct HultenTests {
    /// For a Cobb-Douglas network the adjoint and the Domar weight agree to rounding, the re-solved
    /// difference to 1e-6, and GDP is the household's `B`.
    @Test func cobbDouglasThreeWaysAgree() throws {
        let table = try HultenTable(scenario: HultenFixtures.scenario(HultenFixtures.cobbDouglas))
        expectClose(table.gdp, 10, relative: 1e-10)
        #expect(table.sectors.map(\.firm) == ["steelworks", "bakery", "winery"])
        for sector in table.sectors {
            expectClose(sector.backprop, sector.domar, relative: 1e-9)
            expectClose(sector.measured, sector.domar, relative: 1e-6)
        }
        print(table.sectors)
    }

    @Test func cesCurve() throws {
        let curve = try ShockCurve(scenario: HultenFixtures.scenario(HultenFixtures.ces), firm: "steelworks",
                                   shocks: ShockCurve.grid(lower: -0.3, upper: 0.3, count: 13))
        print(curve)
        let cd = try ShockCurve(scenario: HultenFixtures.scenario(HultenFixtures.cobbDouglas), firm: "steelworks",
                                   shocks: ShockCurve.grid(lower: -0.3, upper: 0.3, count: 13))
        print(cd)
    }
}
