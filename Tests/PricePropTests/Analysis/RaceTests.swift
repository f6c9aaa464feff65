import Testing
import Foundation
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropMarket
@testable import PricePropSimulation
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct RaceTests {
    /// Two firms share 2 units of gas; A makes `2·sqrt(gas)`, B `sqrt(gas)` of a good priced 1.
    /// The optimum gives A four times B's gas: `a = 1.6`, `b = 0.4`, `V* = 2·sqrt(1.6) + sqrt(0.4) = sqrt(10)`.
    static let twoUses = Scenario(
        name: "two-uses",
        goods: [.init(name: "gas", endowment: 2), .init(name: "cash", price: 1)],
        firms: [.init(name: "A", output: "cash", production: "2 * sqrt(gas)"),
                .init(name: "B", output: "cash", production: "sqrt(gas)")])

    /// Worked by hand. Tick 0 gives each firm 1 unit, so `u = (∂V/∂a, ∂V/∂b) = (1, ½)` and, gas fully used,
    /// the planner's direction is `u − mean(u) = (¼, −¼)`. In tick 1, at gas price 1, A's marginal value 1
    /// equals the price and it keeps its order; B's is ½, its gap `(½ − 1)/(½ + 1) = −⅓`, so it orders
    /// `1 − ½·⅓ = ⅚`. Demand `11/6 < 2` is filled, the move is `(0, −⅙)`, and the cosine is
    /// `(⅙·¼) / (⅙ · ¼√2) = 1/√2`.
    @Test func cosineOfTheFirstTickIsOneOverRootTwo() throws {
        let race = try Race(economy: Economy(Self.twoUses), options: .init(maxTicks: 3))
        #expect(race.ticks[0].cosine == nil)
        expectClose(try #require(race.ticks[1].cosine), 1 / 2.0.squareRoot(), relative: 1e-14)
        let direction = PlannerGradient.direction(economy: try Economy(Self.twoUses),
                                                  allocation: try Simulation(economy: Economy(Self.twoUses)).allocation)
        #expect(direction == [0.25, -0.25])
        expectClose(race.optimum, 10.0.squareRoot(), relative: 1e-14)
    }

    /// Both the market and the planner reach the solver's optimum; the planner never loses value.
    @Test(arguments: Fixtures.bundled + [twoUses])
    func bothReachTheOptimum(_ scenario: Scenario) throws {
        let race = try Race(economy: Economy(scenario), mechanism: PredictiveTatonnement())
        let scale = max(1, abs(race.optimum))
        #expect(abs(race.market.finalValue - race.optimum) <= 1e-9 * scale)
        #expect(abs(race.planner.finalValue - race.optimum) <= 1e-9 * scale)
        for (a, b) in zip(race.ticks, race.ticks.dropFirst()) { #expect(b.plannerValue >= a.plannerValue) }
        #expect(race.market.ticksTo.allSatisfy { $0 != nil })
        #expect(race.planner.ticksTo.allSatisfy { $0 != nil })
        #expect(race.ticks.allSatisfy { $0.marketGap >= -1e-12 * scale && $0.plannerGap >= -1e-12 * scale },
                "nothing feasible beats the optimum")
    }

    /// In a chain every good has one use, so the planner has nothing to reallocate: it starts at the optimum
    /// and stays. The market does not (its firms waste or ration while prices find their level), so its
    /// moves still have a cosine with the gradient, which points at using the slack.
    @Test func chainPlannerStartsAtTheOptimum() throws {
        let race = try Race(economy: Economy(Fixtures.tupperware))
        #expect(race.planner.ticksTo == [0, 0])
        #expect(race.ticks.allSatisfy { abs($0.plannerGap) <= 1e-15 })
        #expect(race.market.ticksTo.allSatisfy { ($0 ?? 0) > 0 })
        #expect(race.medianCosine != nil)
    }

    /// CSV columns, JSON shape and the plot's panels.
    @Test func outputs() throws {
        let race = try Race(economy: Economy(Self.twoUses), options: .init(maxTicks: 1))
        #expect(race.csvTable.header == Race.csvColumns)
        #expect(race.csvTable.rows.count == 2)
        #expect(race.csvTable.rows[0].last == "")
        #expect(race.csvTable.rows[1][0] == "1")
        let json = JSONWriter(style: .compact).string(race.json)
        #expect(json.contains(#""ticksTo":{"0.999":"#))
        #expect(json.contains(#""cosine":{"median":0.7071067811865"#))
        #expect(race.plot.panels.count == 3)
        var text = ""
        race.summaryTable.write(to: &text)
        #expect(text.contains("ticks to 99.9999% of V*"))
        #expect(text.contains("never"), "one tick is not enough to reach 99.9999%")
    }
}
