import Foundation
import Testing
import PriceProp
import PricePropTestSupport

/// The US 2021 input-output table at 15 industries, calibrated by `import-io` (`scenarios/us-2021-15.json`):
/// every industry has constant returns and buys from itself, so the direct solver must find the market's
/// all-ones prices on a cyclic constant-returns network, and Hulten's theorem can be checked on a real economy.
@Suite struct USInputOutputTests {
    static let path = Paths.root + "/scenarios/us-2021-15.json"
    static func scenario() throws -> Scenario { try Scenario.load(contentsOf: path) }

    /// The table itself, read from the BEA files the scenario was calibrated from.
    static func table(industries: Int = 15) throws -> FlowTable {
        let data = Paths.root + "/data/bea"
        let use = try CSVReader.read(String(contentsOfFile: data + "/use_\(industries).csv", encoding: .utf8))
        let make = try CSVReader.read(String(contentsOfFile: data + "/make_\(industries).csv", encoding: .utf8))
        return try FlowTable.bea(use: use, useFile: "use_\(industries).csv", make: make, makeFile: "make_\(industries).csv")
    }

    /// `solve` finds every price 1 (products and primary inputs alike) and every industry's output the table's.
    @Test func solveFindsAllOnesPrices() throws {
        let scenario = try Self.scenario(), table = try Self.table()
        let economy = try Economy(scenario)
        let equilibrium = try Equilibrium(solving: economy)
        #expect(equilibrium.converged)
        #expect(equilibrium.residual <= Equilibrium.Options.defaultTolerance)
        for (g, good) in economy.goods.enumerated() {
            expectClose(equilibrium.prices[g], 1, relative: 1e-9, "\(good.name)")
        }
        let calibration = InputOutputCalibration(table: table)
        for (j, name) in calibration.goodNames.enumerated() {
            let g = try #require(economy.goods.firstIndex { $0.name == name })
            expectClose(equilibrium.allocation.supply[g], table.output(j), relative: 1e-9, "\(name)")
        }
    }

    /// Backprop and the Domar weight agree to 1e-9, the re-solved difference to 1e-6, and the Domar weights
    /// are the table's gross output over its GDP (its final demand summed), not numbers read from the run.
    @Test func hultenAgreesWithTheTable() throws {
        let table = try Self.table()
        let hulten = try HultenTable(scenario: Self.scenario())
        let calibration = InputOutputCalibration(table: table)
        expectClose(hulten.gdp, table.gdp, relative: 1e-9)
        #expect(hulten.sectors.count == 15)
        for sector in hulten.sectors {
            let j = try #require(calibration.goodNames.firstIndex(of: sector.output))
            #expect(sector.firm == table.industries[j])
            expectClose(sector.domar, table.output(j) / table.gdp, relative: 1e-9, "\(sector.firm)")
            expectClose(sector.backprop, sector.domar, relative: 1e-9, "\(sector.firm)")
            expectClose(sector.measured, sector.domar, relative: 1e-6, "\(sector.firm)")
        }
    }

    /// A Cobb-Douglas network with a log Cobb-Douglas household: the shock curve of the largest industry is the
    /// Hulten line, its Domar weight does not move.
    @Test func shockCurveOfFinanceIsTheHultenLine() throws {
        let table = try Self.table()
        let firm = "Finance, insurance, real estate, rental, and leasing"
        let curve = try ShockCurve(scenario: Self.scenario(), firm: firm, shocks: [-0.2, 0.1])
        let j = try #require(table.industries.firstIndex(of: firm))
        expectClose(curve.domar, table.output(j) / table.gdp, relative: 1e-9)
        #expect(abs(curve.domarSlope) <= 1e-9)
        for point in curve.points {
            expectClose(point.exact, curve.domar * point.z, relative: 1e-9, "z = \(point.z)")
            expectClose(point.secondOrder, point.hulten, relative: 1e-9, "z = \(point.z)")
        }
    }
}

/// The 71-industry table: every industry's block is singular along its scale (constant returns), so the
/// direct solver eliminates each along that direction and its reduced system is the 142 prices plus 71
/// scales. A 64 MB limit proves it: factoring the industries' 5,112 quantities instead would take 400 MB.
@Suite struct USInputOutput71Tests {
    @Test func solveFindsAllOnesPricesWithin64Megabytes() throws {
        let scenario = try Scenario.load(contentsOf: Paths.root + "/scenarios/us-2021-71.json")
        let economy = try Economy(scenario)
        let equilibrium = try Equilibrium(solving: economy, options: .init(memoryLimit: 64e6))
        #expect(equilibrium.converged)
        #expect(equilibrium.residual <= Equilibrium.Options.defaultTolerance)
        for (g, good) in economy.goods.enumerated() {
            expectClose(equilibrium.prices[g], 1, relative: 1e-9, "\(good.name)")
        }
    }

    /// Hulten's theorem on the 71-industry table for its two largest industries besides government: backprop
    /// and the re-solved difference equal the Domar weight, and the Domar weight is gross output over GDP
    /// from the table itself. (All 71 take 142 re-solves: `priceprop hulten us-2021-71`, docs/input-output.md.)
    @Test func hultenHoldsForHousingAndWholesaleTrade() throws {
        let scenario = try Scenario.load(contentsOf: Paths.root + "/scenarios/us-2021-71.json")
        let industries = ["Housing", "Wholesale trade"]
        let table = try HultenTable(scenario: scenario, options: .init(threads: 2, industries: industries))
        #expect(table.sectors.map(\.firm) == industries)
        let flows = try USInputOutputTests.table(industries: 71)
        expectClose(table.gdp, flows.gdp, relative: 1e-9)
        for sector in table.sectors {
            expectClose(sector.backprop, sector.domar, relative: 1e-9, "\(sector.firm)")
            expectClose(sector.measured, sector.domar, relative: 1e-6, "\(sector.firm)")
            let j = try #require(flows.industries.firstIndex(of: sector.firm))
            expectClose(sector.domar, flows.output(j) / flows.gdp, relative: 1e-9, "\(sector.firm)")
        }
    }
}
