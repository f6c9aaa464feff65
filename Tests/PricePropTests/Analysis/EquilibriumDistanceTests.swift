import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropComparator
@testable import PricePropAnalysis
import PricePropTestSupport

/// ``Equilibrium/distance(toPrices:in:)``: relative differences where a price is unique, the KKT inequalities
/// where a good is not traded at all.
@Suite struct EquilibriumDistanceTests {
    /// Gas goes to the plastic makers at 1/2 (`d(2 sqrt(gas))/d(gas)` at 4). Resin, made from gas by
    /// `0.5 log(1 + gas)` and bought only by toy makers (`0.3 log(1 + resin)`), is worth 0.3 a first unit to
    /// them and pays its makers `0.5 · p_resin` a first unit of gas: both stay shut for every resin price
    /// in [0.3, 1], and every such price is an equilibrium price.
    static let scenario = """
        {"name": "shut-branch",
         "goods": [{"name": "gas", "endowment": 4}, {"name": "resin"},
                   {"name": "plastic", "price": 1}, {"name": "toy", "price": 1}],
         "firms": [{"name": "plastics", "output": "plastic", "production": "2 * sqrt(gas)"},
                   {"name": "resins", "output": "resin", "production": "0.5 * log(1 + gas)"},
                   {"name": "toys", "output": "toy", "production": "0.3 * log(1 + resin)"}]}
        """

    static func solved() throws -> (Economy, Equilibrium) {
        let economy = try Economy(Scenario.decode(scenario))
        let solution = try Equilibrium(solving: economy)
        #expect(solution.converged)
        return (economy, solution)
    }

    @Test func anyPriceInAnUntradedGoodsIntervalIsAtDistanceZero() throws {
        let (economy, solution) = try Self.solved()
        let gas = 0, resin = 1
        expectClose(solution.prices[gas], 0.5, relative: 1e-12)
        #expect(solution.allocation.supply[resin] == 0 && solution.demand[resin] == 0)
        #expect(solution.prices[resin] >= 0.3 * (1 - 1e-12) && solution.prices[resin] <= 1 * (1 + 1e-12))
        for price in [0.3, 0.65, 1.0] {
            var prices = solution.prices
            prices[resin] = price
            #expect(solution.distance(toPrices: prices, in: economy) <= 1e-15, "resin at \(price)")
        }
    }

    @Test func aPriceOutsideTheIntervalIsAsFarAsItsViolatedInequality() throws {
        let (economy, solution) = try Self.solved()
        var prices = solution.prices
        // Below what the toy makers would pay for a first unit: (0.3 − 0.2) / 0.3.
        prices[1] = 0.2
        expectClose(solution.distance(toPrices: prices, in: economy), 1.0 / 3, relative: 1e-12)
        // Above what keeps the resin makers shut: a first unit of gas worth 2 · 0.5 = 1 against its price 1/2.
        prices[1] = 2
        expectClose(solution.distance(toPrices: prices, in: economy), 0.5, relative: 1e-12)
        // A traded good is compared by value.
        prices = solution.prices
        prices[0] *= 1 + 1e-6
        expectClose(solution.distance(toPrices: prices, in: economy), 1e-6 / (1 + 1e-6), relative: 1e-9)
        prices[0] = .nan
        #expect(solution.distance(toPrices: prices, in: economy) == .infinity)
    }

    /// The market settles somewhere in the interval, not necessarily where the solver does, and is at
    /// distance 0 there.
    @Test func theMarketLandsInTheInterval() throws {
        let (economy, solution) = try Self.solved()
        var run = Run(simulation: try Simulation(economy: economy), options: .init(record: false))
        let report = run.execute()
        #expect(report.converged)
        let price = run.simulation.price(1)
        #expect(price >= 0.3 && price <= 1, "resin at \(price)")
        #expect(solution.distance(toPrices: run.simulation.prices, in: economy) <= 1e-9)
    }
}

extension EquilibriumDistanceTests {
    /// A maker left exactly indifferent at the top of its untraded output's price interval buys exactly 0,
    /// not a rounding residue, so its input is reported unused, like the market's.
    @Test func anIndifferentMakerBuysExactlyNothing() throws {
        let economy = RandomEconomies.make(.shared, seed: 411437546221)
        let model = try Economy(economy.scenario)
        let solution = try Equilibrium(solving: model)
        #expect(solution.converged)
        let maker = try #require(solution.entries.first { $0.name == "f4" })
        #expect(maker.quantities == [0])
        let raw = try #require(solution.comparison.goods.first { $0.name == "g0" })
        let use = try #require(raw.uses.first { $0.firm == "f4" })
        #expect(use.status == .unused)
        #expect(use.relativeError == 0)
        #expect(solution.comparison.largestRelativeError <= 1e-12, "\(solution.comparison.largestRelativeError)")
    }
}

extension EquilibriumDistanceTests {
    /// The comparator holds an untraded good's price to both ends of its interval: above what keeps its
    /// makers shut is as much a KKT violation as below what its users would pay.
    @Test func theComparatorChecksBothEndsOfTheInterval() throws {
        let (economy, solution) = try Self.solved()
        func resinError(at price: Double) -> (Comparison.Status, Double) {
            var prices = solution.prices
            prices[1] = price
            let row = Comparison(economy: economy, allocation: solution.allocation, prices: prices, threads: 1).goods[1]
            return (row.status, row.relativeError)
        }
        for price in [0.3, 0.65, 1.0] {
            let (status, error) = resinError(at: price)
            #expect(status == .unused)
            #expect(error == 0, "resin at \(price): \(error)")
        }
        expectClose(resinError(at: 0.2).1, 1.0 / 3, relative: 1e-12)
        expectClose(resinError(at: 2).1, 0.5, relative: 1e-12)
    }

    /// `free` seed 2396955501433 (draw 903 of the 1,000-economy set): `g2` is made by `f0 = 0.643386 · log(1 + g0)`
    /// and bought by `f1 = 0.790908 · g2^0.867214`, whose marginal product is infinite at 0, so `g2` cannot be
    /// untraded: at any finite price `f1` buys some. The equilibrium trades a vanishing amount (about 7e-18 per
    /// firm) at `f0`'s break-even price `p_g0 / 0.643386 ≈ 41.77`, which the solver finds; it cannot clear
    /// quantities that small to a relative residual, and says so instead of reporting it solved. (The 10.43
    /// seen next to this economy is the market run's backprop `dV/dg2` at its own last state, not the solver's
    /// price.)
    @Test func aVanishingTradeIsFoundAndNotReportedSolved() throws {
        let draw = RandomEconomies.make(.free, seed: 2396955501433)
        let economy = try Economy(draw.scenario)
        let solved = try Equilibrium(solving: economy)
        #expect(!solved.converged)
        #expect(!(solved.residual <= solved.tolerance))
        let g0 = try #require(economy.goods.firstIndex { $0.name == "g0" })
        let g2 = try #require(economy.goods.firstIndex { $0.name == "g2" })
        let p0 = solved.prices[g0], p2 = solved.prices[g2]
        #expect(isApproximatelyEqual(p2 * 0.643386, p0, relative: 1e-5), "g2 \(p2), g0 \(p0)")
        #expect(abs(p2 - 41.77) < 0.01, "g2 \(p2)")
        // What f1 buys at that price, from its first-order condition p2 = p_g1 · 0.790908 · 0.867214 · x^−0.132786.
        let g1 = try #require(economy.goods.firstIndex { $0.name == "g1" })
        let demand = pow(solved.prices[g1] * 0.790908 * 0.867214 / p2, 1 / (1 - 0.867214))
        #expect(demand > 0 && demand < 1e-16, "\(demand)")
        let f1 = try #require(solved.entries.first { $0.name == "f1" })
        #expect(isApproximatelyEqual(f1.quantities[0], demand, relative: 1e-3), "\(f1.quantities[0]) against \(demand)")
    }
}
