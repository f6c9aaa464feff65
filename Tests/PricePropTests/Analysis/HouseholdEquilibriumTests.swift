import Foundation
import Testing
import PriceProp
@testable import PricePropComparator
@testable import PricePropAnalysis
import PricePropTestSupport

/// The bundled `households` scenario: with no fixed-price good, every equilibrium price is the marginal welfare
/// of its good, `p = dW/dgood`, for W the household's log Cobb-Douglas utility.
@Suite struct HouseholdEquilibriumTests {
    static func converged() throws -> (Run.Report, Simulation) {
        let scenario = try Scenario.load(contentsOf: Paths.scenario("households"))
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        return (report, run.simulation)
    }

    @Test func pricesAreTheAdjointAndTheMarginalUtilities() throws {
        let (report, simulation) = try Self.converged()
        #expect(report.outcome == .converged)
        let economy = simulation.economy
        let names = economy.goods.map(\.name)
        #expect(names == ["land", "labour", "grain", "bread", "wine", "welfare"])
        #expect(economy.welfareGood == 5)
        let adjoint = Adjoint(economy: economy, allocation: simulation.allocation)
        for g in 0..<economy.goodCount {
            expectClose(simulation.price(g), adjoint.goods[g], relative: 1e-8, "\(names[g])")
        }
        // dW/dc for W = B (a ln bread + (1 - a) ln wine), at what the household consumes: all of each.
        let b = 2.0, a = 0.6
        let bread = simulation.supply(3), wine = simulation.supply(4)
        expectClose(simulation.price(3), b * a / bread, relative: 1e-8, "bread")
        expectClose(simulation.price(4), b * (1 - a) / wine, relative: 1e-8, "wine")
        // Log utility: the household spends exactly B, whatever the prices.
        expectClose(simulation.price(3) * bread + simulation.price(4) * wine, b, relative: 1e-8)
        #expect(simulation.price(5) == 1)
    }

    /// The same prices, from the direct solution and by hand: vintners pay labour its marginal product in wine,
    /// wine worth B (1 - a) / wine, and labour is split so bakers pay the same.
    @Test func theDirectSolutionAgrees() throws {
        let scenario = try Scenario.load(contentsOf: Paths.scenario("households"))
        let solution = try Equilibrium(solving: Economy(scenario))
        #expect(solution.converged)
        let (report, _) = try Self.converged()
        for (g, row) in report.comparison.goods.enumerated() {
            expectClose(solution.prices[g], row.price, relative: 1e-8, "\(row.name)")
        }
        // Vintners: wine = 3 sqrt(Lw), wage = p_wine * 3 / (2 sqrt(Lw)) and p_wine * wine = 0.8, so wage * Lw = 0.4.
        // Bakers: bread = grain^0.5 labour^0.3, spending p_bread * bread = 1.2; labour's share 0.3 of it, 0.36.
        // Labour market: 0.4 / w + 0.36 / w = 9, so w = 0.76 / 9; grain's share 0.5 of 1.2 over its 4 units.
        expectClose(report.comparison.goods[1].price, 0.76 / 9, relative: 1e-8, "labour")
        expectClose(report.comparison.goods[2].price * 2 * 2, 0.6, relative: 1e-8, "grain")
        expectClose(report.comparison.goods[0].price * 4, 0.3, relative: 1e-8, "land: half of grain's revenue 0.6")
    }

    @Test func theTableNamesTheHousehold() throws {
        let (report, simulation) = try Self.converged()
        var text = ""
        report.table(economy: simulation.economy).write(to: &text)
        let welfare = text.split(separator: "\n").first { $0.hasPrefix("welfare ") }
        #expect(welfare?.split(separator: " ").prefix(4) == ["welfare", "household", "1", "1"])
    }

    /// CES in log form, `B / rho * ln(a x^rho + (1 - a) y^rho)`: prices are `B U_g / U` and spending is B.
    @Test func aCESHouseholdSpendsBAndPaysItsMarginalUtilities() throws {
        let scenario = try Scenario.decode("""
            {"name": "ces-household", "goods": [{"name": "labour", "endowment": 5}, {"name": "x"}, {"name": "y"}],
             "firms": [{"name": "fx", "output": "x", "production": "2 * sqrt(labour)"},
                       {"name": "fy", "output": "y", "production": "labour^0.7"}],
             "households": [{"name": "h", "utility": "B / rho * log(a * x^rho + (1 - a) * y^rho)",
                             "parameters": {"B": 3, "rho": 0.5, "a": 0.3}}]}
            """)
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        #expect(report.outcome == .converged)
        let simulation = run.simulation
        let b = 3.0, rho = 0.5, a = 0.3, x = simulation.supply(1), y = simulation.supply(2)
        let inner = a * pow(x, rho) + (1 - a) * pow(y, rho)
        expectClose(simulation.price(1), b * a * pow(x, rho - 1) / inner, relative: 1e-8, "x")
        expectClose(simulation.price(2), b * (1 - a) * pow(y, rho - 1) / inner, relative: 1e-8, "y")
        expectClose(simulation.price(1) * x + simulation.price(2) * y, b, relative: 1e-8)
        for row in report.comparison.goods { expectClose(row.price, row.gradient, relative: 1e-8, "\(row.name)") }
    }
}
