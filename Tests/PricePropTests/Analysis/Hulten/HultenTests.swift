import Testing
import PriceProp
import Foundation
import PricePropTestSupport

/// The example production networks with a household (`examples/*.json`): a `households` entry whose utility is
/// `B · ln U`, counted in the welfare numeraire.
enum HultenFixtures {
    /// `examples/NAME.json`.
    static func path(_ name: String) -> String { Paths.root + "/examples/\(name).json" }
    static func load(_ name: String) throws -> Scenario { try Scenario.load(contentsOf: path(name)) }

    /// Cobb-Douglas industries (the bakery with decreasing returns, a sector of three firms) and a log
    /// Cobb-Douglas household with `B = 10`.
    static func cobbDouglas() throws -> Scenario { try load("cd-network") }
    /// CES industries and household, elasticity 1/2 (`rho = -1`).
    static func ces() throws -> Scenario { try load("ces-network") }

    /// Sales over GDP of the Cobb-Douglas network, from the exponents alone: bread and wine take 0.4 and
    /// 0.6 of the household's spending B; steel sells 0.3 of bread's and 0.4 of wine's sales.
    static let cobbDouglasDomar = ["steelworks": 0.3 * 0.4 + 0.4 * 0.6, "bakery": 0.4, "winery": 0.6]
}

@Suite struct HultenTests {
    /// For a Cobb-Douglas network the adjoint and the Domar weight agree to 1e-9, the re-solved difference to
    /// 1e-6, both equal the weights the exponents give, and GDP is the household's `B`.
    @Test func cobbDouglasThreeWaysAgree() throws {
        let table = try HultenTable(scenario: HultenFixtures.cobbDouglas())
        expectClose(table.gdp, 10, relative: 1e-10)
        #expect(table.ticks > 0)
        #expect(table.sectors.map(\.firm) == ["steelworks", "bakery", "winery"])
        #expect(table.sectors.map(\.output) == ["steel", "bread", "wine"])
        for sector in table.sectors {
            let expected = try #require(HultenFixtures.cobbDouglasDomar[sector.firm])
            expectClose(sector.domar, expected, relative: 1e-9, "\(sector.firm)")
            expectClose(sector.backprop, sector.domar, relative: 1e-9, "\(sector.firm)")
            expectClose(sector.measured, sector.domar, relative: 1e-6, "\(sector.firm)")
        }
    }

    /// Hulten's theorem is first order for any technology: with CES everywhere the three still agree.
    @Test func cesFirstOrderStillAgrees() throws {
        let table = try HultenTable(scenario: HultenFixtures.ces())
        expectClose(table.gdp, 10, relative: 1e-10)
        for sector in table.sectors {
            expectClose(sector.backprop, sector.domar, relative: 1e-9, "\(sector.firm)")
            expectClose(sector.measured, sector.domar, relative: 1e-6, "\(sector.firm)")
        }
        // Steel is sold to both industries, so its weight is not one of the household's shares.
        #expect(table.sectors[0].domar > 0.5 && table.sectors[0].domar < 0.55)
    }

    /// A cyclic network: steel uses 0.3 of its own sales, so its Domar weight is the Leontief multiplier
    /// `0.5 / (1 − 0.3)` of the bakery's spending share; the three ways agree and the curve is the line.
    @Test func cyclicNetworkDomarIsTheLeontiefMultiplier() throws {
        let scenario = try Scenario.decode("""
            {"name": "cd-cycle",
             "goods": [{"name": "labour", "endowment": 10}, {"name": "steel"}, {"name": "bread"}],
             "firms": [{"name": "steelworks", "output": "steel", "production": "labour^0.6 * steel^0.3"},
                       {"name": "bakery", "output": "bread", "production": "labour^0.5 * steel^0.5"}],
             "households": [{"name": "household", "utility": "10 * log(bread)"}]}
            """)
        let table = try HultenTable(scenario: scenario)
        let steel = try #require(table.sectors.first)
        expectClose(steel.domar, 0.5 / 0.7, relative: 1e-9)
        expectClose(steel.backprop, steel.domar, relative: 1e-9)
        expectClose(steel.measured, steel.domar, relative: 1e-6)
        let curve = try ShockCurve(scenario: scenario, firm: "steelworks", shocks: [-0.2, 0.2])
        #expect(abs(curve.domarSlope) <= 1e-12)
        for point in curve.points { expectClose(point.exact, 0.5 / 0.7 * point.z, relative: 1e-9) }
    }

    /// The same bits whatever the thread count.
    @Test func sameTableOnAnyThreadCount() throws {
        let scenario = try HultenFixtures.ces()
        let one = try HultenTable(scenario: scenario, options: .init(threads: 1))
        let two = try HultenTable(scenario: scenario, options: .init(threads: 2))
        #expect(one == two)
    }

    /// With a log Cobb-Douglas household over Cobb-Douglas industries, `ln Y` is linear in `z`: the exact
    /// curve's slope is the Domar weight everywhere, and the Domar weight does not move.
    @Test func cobbDouglasCurveIsTheHultenLine() throws {
        let curve = try ShockCurve(scenario: HultenFixtures.cobbDouglas(), firm: "steelworks",
                                   shocks: ShockCurve.grid(lower: -0.3, upper: 0.3, count: 13))
        expectClose(curve.domar, 0.36, relative: 1e-10)
        #expect(abs(curve.domarSlope) <= 1e-12)
        for point in curve.points where point.z != 0 {
            expectClose(point.exact / point.z, curve.domar, relative: 1e-9, "z = \(point.z)")
        }
    }

    /// For CES the curves agree to first order at 0 and part beyond it; the second-order approximation is far
    /// closer than the Hulten line at z = ±0.1.
    @Test func cesSecondOrderBeatsTheHultenLine() throws {
        let scenario = try HultenFixtures.ces()
        let near = try ShockCurve(scenario: scenario, firm: "steelworks", shocks: [-1e-4, 1e-4])
        for point in near.points {
            // First order: the gap to the Hulten line is of order z², a thousandth of the line itself here.
            #expect(abs(point.exact - point.hulten) <= 1e-3 * abs(point.hulten))
            #expect(abs(point.exact - point.secondOrder) <= 1e-6 * abs(point.hulten))
        }
        let curve = try ShockCurve(scenario: scenario, firm: "steelworks", shocks: [-0.1, 0.1])
        #expect(curve.domarSlope < 0, "complements: a more productive supplier's share falls")
        for point in curve.points {
            let hultenError = abs(point.hulten - point.exact), secondError = abs(point.secondOrder - point.exact)
            #expect(hultenError > 1e-4, "the Hulten line is visibly off at z = \(point.z)")
            #expect(secondError < 0.01 * hultenError, "z = \(point.z)")
        }
    }

    /// dDomar/dz from the implicit function theorem equals the central difference of the Domar weights of
    /// re-solved, shocked economies.
    @Test func domarSlopeMatchesShockedDomarWeights() throws {
        let scenario = try HultenFixtures.ces()
        let network = try ProductionNetwork(scenario)
        for firm in ["steelworks", "bakery", "winery"] {
            let curve = try ShockCurve(scenario: scenario, firm: firm, shocks: [0])
            let e = try network.industry(named: firm)
            let h = 1e-4
            let weights = try [h, -h].map { z in
                let table = try HultenTable(scenario: network.shocked(e, by: z))
                return try #require(table.sectors.first { $0.firm == firm }).domar
            }
            expectClose(curve.domarSlope, (weights[0] - weights[1]) / (2 * h), relative: 1e-5, "\(firm)")
        }
    }

    /// A shock leaves the caller's scenario alone and names its scale so that nothing in the file collides.
    @Test func shockedCopyUsesAFreeParameterName() throws {
        var scenario = try HultenFixtures.cobbDouglas()
        scenario.parameters.append(.init(name: "productivity", value: 2))
        let network = try ProductionNetwork(scenario)
        #expect(network.scaleParameter == "productivity2")
        let shocked = network.shocked(0, by: 0.5)
        #expect(shocked.firms[0].production == "productivity2 * (labour^0.6 * capital^0.4)")
        #expect(shocked.firms[0].parameters.last?.value == exp(0.5))
        #expect(network.scenario.firms[0].production == "labour^0.6 * capital^0.4")
        #expect(network.households == [3] && network.industries == [0, 1, 2])
    }

    /// A symmetric range has an exact 0 in the middle and mirrored shocks.
    @Test func symmetricGrid() {
        let grid = ShockCurve.grid(lower: -0.3, upper: 0.3, count: 13)
        #expect(grid.count == 13 && grid[6] == 0 && grid.first == -0.3 && grid.last == 0.3)
        for i in 0..<13 { #expect(grid[i] == -grid[12 - i]) }
        #expect(ShockCurve.grid(lower: 0.2, upper: 1, count: 1) == [0.2])
    }

    /// A scenario without a household, a household named as the industry, and a misspelt industry are each
    /// a clear error.
    @Test func errorsNameWhatIsMissing() throws {
        #expect(throws: HultenError.noHousehold(scenario: "tupperware", byHand: nil)) {
            try HultenTable(scenario: Fixtures.tupperware)
        }
        // A household written as a firm entry making `welfare` is pointed at the `households` key.
        let byHand = try Scenario.decode("""
            {"name": "by-hand", "goods": [{"name": "labour", "endowment": 1}, {"name": "bread"}, {"name": "welfare", "price": 1}],
             "firms": [{"name": "bakery", "output": "bread", "production": "sqrt(labour)"},
                       {"name": "home", "output": "welfare", "production": "log(bread)"}]}
            """)
        #expect(throws: HultenError.noHousehold(scenario: "by-hand", byHand: "home")) { try HultenTable(scenario: byHand) }
        #expect(HultenError.noHousehold(scenario: "by-hand", byHand: "home").message
            == #"by-hand: firm 'home' makes 'welfare' itself; write the household as a "households" entry ({"name": "home", "utility": ...}) and drop the good 'welfare'"#)
        let scenario = try HultenFixtures.ces()
        #expect(throws: HultenError.unknownIndustry("household", suggestion: nil, household: true)) {
            try ShockCurve(scenario: scenario, firm: "household", shocks: [0.1])
        }
        #expect(throws: HultenError.unknownIndustry("bakey", suggestion: "bakery", household: false)) {
            try ShockCurve(scenario: scenario, firm: "bakey", shocks: [0.1])
        }
        #expect(HultenError.unknownIndustry("bakey", suggestion: "bakery", household: false).message
                == "unknown industry 'bakey'; did you mean 'bakery'?")
    }
}
