import Testing
import PriceProp
@testable import PricePropEconomy
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct ShockTests {
    /// Analytic equilibrium prices of the tupperware chain with gas endowment `gas` and tupperware at `price`:
    /// ethylene `a = √gas`, polyethylene `b = 1 − 1/(a+1)`, then `p_b = price/b`, `p_a = p_b/(a+1)²`,
    /// `p_gas = p_a/(2√gas)`.
    static func tupperwarePrices(gas: Double, price: Double) -> [Double] {
        let a = gas.squareRoot(), b = 1 - 1 / (a + 1)
        let pb = price / b, pa = pb / ((a + 1) * (a + 1)), pg = pa / (2 * a)
        return [pg, pa, pb, price]
    }

    @Test func scenarioEventsBecomeShocksInTickOrder() throws {
        var scenario = Fixtures.shock
        scenario.events.reverse()
        let shocks = try Shock.schedule(scenario)
        #expect(shocks == [
            Shock(tick: 2000, assignments: [.init(path: .endowment(good: "natgas"), value: 9)]),
            Shock(tick: 4000, assignments: [.init(path: .price(good: "tupperware"), value: 2)]),
        ])
    }

    /// The market finds each new equilibrium after each shock: 1/24, 1/6, 3/2; then with 9 units of gas 1/72,
    /// 1/12, 4/3; then with tupperware at 2 all of them doubled.
    @Test func theMarketReconvergesAfterEachShock() throws {
        var run = try Run(scenario: Fixtures.shock, options: .init(recordEvery: 100))
        let report = run.execute()
        #expect(report.outcome == .converged)
        #expect(report.ticks > 4000)
        try #require(report.segments.count == 3)
        #expect(report.segments.map(\.startTick) == [0, 2000, 4000])
        #expect(report.segments.map(\.endTick) == [1999, 3999, report.ticks])
        #expect(report.segments.map(\.shock?.tick) == [nil, 2000, 4000])
        let expected = [Self.tupperwarePrices(gas: 4, price: 1), Self.tupperwarePrices(gas: 9, price: 1),
                        Self.tupperwarePrices(gas: 9, price: 2)]
        expectClose(expected[1][0], 1.0 / 72, relative: 1e-15)
        expectClose(expected[2][2], 8.0 / 3, relative: 1e-15)
        for (segment, prices) in zip(report.segments, expected) {
            #expect(segment.converged, "segment starting at tick \(segment.startTick)")
            #expect(segment.largestRelativeError <= 1e-10)
            let settled = try #require(segment.settledTick)
            #expect(settled > segment.startTick && settled <= segment.endTick)
            for (row, price) in zip(segment.comparison.goods, prices) {
                expectClose(row.price, price, relative: 1e-9, "price of \(row.name) from tick \(segment.startTick)")
                expectClose(row.gradient, price, relative: 1e-9, "gradient of \(row.name) from tick \(segment.startTick)")
            }
        }
        // V = p · ln(b): ln(2/3), then ln(3/4), then 2 ln(3/4).
        expectClose(report.segments[0].comparison.value, Foundation.log(2.0 / 3), relative: 1e-9)
        expectClose(report.segments[1].comparison.value, Foundation.log(3.0 / 4), relative: 1e-9)
        expectClose(report.segments[2].comparison.value, 2 * Foundation.log(3.0 / 4), relative: 1e-9)
    }

    /// The recorded series shows the economy leaving each equilibrium: the row before a shock is at the old
    /// prices, and the comparison error jumps right after it.
    @Test func theRecordShowsTheEconomyLeavingEquilibrium() throws {
        var run = try Run(scenario: Fixtures.shock, options: .init(recordEvery: 1))
        let report = run.execute()
        let recorder = try #require(report.recorder)
        let tick = try #require(recorder.schema.names.firstIndex(of: "tick"))
        let gas = try #require(recorder.schema.names.firstIndex(of: "natgas.price"))
        let error = try #require(recorder.schema.names.firstIndex(of: "natgas.error"))
        let rows = Dictionary(uniqueKeysWithValues: recorder.rows.map { (Int($0[tick]), $0) })
        let before = try #require(rows[1999]), after = try #require(rows[2001])
        expectClose(before[gas], 1.0 / 24, relative: 1e-9)
        #expect(before[error] < 1e-9)
        #expect(after[error] > 0.01)
    }

    /// A run with shocks pending does not stop at the first equilibrium, even with a tick limit beyond it.
    @Test func aPendingShockKeepsTheRunGoing() throws {
        var scenario = Fixtures.tupperware
        scenario.events = [.init(tick: 3000, assignments: [.init(path: "goods.natgas.endowment", value: 1)])]
        var run = try Run(scenario: scenario, options: .init(record: false))
        let report = run.execute()
        #expect(report.outcome == .converged)
        #expect(report.ticks > 3000)
        #expect(report.segments.count == 2)
        // gas 1: a = 1, b = 1/2, p_b = 2, p_a = 1/2, p_gas = 1/4.
        let prices = report.comparison.goods.map(\.price)
        for (price, expected) in zip(prices, [0.25, 0.5, 2, 1]) { expectClose(price, expected, relative: 1e-9) }
    }

    /// Two events at one tick both fire, in file order, and open one segment.
    @Test func eventsAtTheSameTickFormOneShock() throws {
        var scenario = Fixtures.tupperware
        scenario.events = [
            .init(tick: 1000, assignments: [.init(path: "goods.natgas.endowment", value: 1)]),
            .init(tick: 1000, assignments: [.init(path: "goods.natgas.endowment", value: 9)]),
            .init(tick: 1000, assignments: [.init(path: "goods.tupperware.price", value: 2)]),
        ]
        var run = try Run(scenario: scenario, options: .init(record: false))
        let report = run.execute()
        #expect(report.segments.count == 2)
        #expect(report.segments[1].shock?.assignments.map(\.value) == [1, 9, 2])
        for (row, price) in zip(report.comparison.goods, Self.tupperwarePrices(gas: 9, price: 2)) {
            expectClose(row.price, price, relative: 1e-9)
        }
    }

    /// A run that ends before a shock's tick leaves it pending and reports one segment.
    @Test func aShockAfterTheTickLimitNeverFires() throws {
        var run = try Run(scenario: Fixtures.shock, options: .init(maxTicks: 1500, record: false))
        let report = run.execute()
        #expect(report.outcome == .tickLimit)
        #expect(report.ticks == 1500)
        #expect(report.segments.count == 1)
        #expect(report.segments[0].converged)
        #expect(run.shocks.map(\.tick) == [2000, 4000])
    }

    /// A shock at tick 0 changes the scenario before the initial allocation.
    @Test func aShockAtTickZeroIsPartOfTheStart() throws {
        var scenario = Fixtures.tupperware
        scenario.events = [.init(tick: 0, assignments: [.init(path: "goods.natgas.endowment", value: 9)])]
        var run = try Run(scenario: scenario, options: .init(record: false))
        #expect(run.shocks.isEmpty)
        #expect(run.simulation.economy.goods[0].endowment == 9)
        let report = run.execute()
        #expect(report.segments.count == 1)
        expectClose(report.comparison.goods[0].price, 1.0 / 72, relative: 1e-9)
    }

    /// A parameter shock: firm B's own `k` and the scenario `k` that A and B share reach the right firms.
    @Test func parameterShocksReachTheFirmsThatUseThem() throws {
        var economy = try Economy(Fixtures.parameterised)
        func k(of firm: String) -> Double? { economy.value(at: .firmParameter(firm: firm, name: "k")) }
        #expect(k(of: "A") == 1.5 && k(of: "B") == 1.5 && k(of: "C") == 0.5)
        try economy.apply(.scenarioParameter("k"), value: 2)
        #expect(k(of: "A") == 2 && k(of: "B") == 2 && k(of: "C") == 0.5)
        try economy.apply(.firmParameter(firm: "B", name: "k"), value: 3)
        try economy.apply(.scenarioParameter("k"), value: 4)
        #expect(k(of: "A") == 4 && k(of: "B") == 3 && k(of: "C") == 0.5)
        // Both of B's firms changed.
        let bFirms = (0..<economy.firmCount).filter { economy.firmEntryNames[Int(economy.firmEntry[$0])] == "B" }
        #expect(bFirms.count == 2)
        for f in bFirms { #expect(economy.parameterValues[economy.parameterRange(of: f)] == [3]) }
        #expect(economy.value(at: .scenarioParameter("k")) == 4)
    }

    /// Changing the built economy and changing the scenario before building agree.
    @Test(arguments: [
        ParameterAssignment(path: .endowment(good: "gas"), value: 7),
        ParameterAssignment(path: .price(good: "boxes"), value: 1.25),
        ParameterAssignment(path: .scenarioParameter("k"), value: 1.1),
        ParameterAssignment(path: .firmParameter(firm: "A", name: "k"), value: 0.9),
        ParameterAssignment(path: .firmParameter(firm: "C", name: "m"), value: 2.5),
    ])
    func applyingToTheEconomyMatchesApplyingToTheScenario(assignment: ParameterAssignment) throws {
        var applied = try Economy(Fixtures.parameterised)
        try applied.apply(assignment.path, value: assignment.value)
        let rebuilt = try Economy(Fixtures.parameterised.setting(assignment.path, to: assignment.value))
        #expect(applied.goods == rebuilt.goods)
        #expect(applied.parameterValues == rebuilt.parameterValues)
        #expect(applied.value(at: assignment.path) == assignment.value)
        #expect(try Fixtures.parameterised.setting(assignment.path, to: assignment.value).value(at: assignment.path) == assignment.value)
    }
}

import Foundation
