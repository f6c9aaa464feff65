import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropComparator
@testable import PricePropAnalysis
@testable import PricePropCLI
import PricePropTestSupport

/// Cycles that cannot sustain themselves found at run time, where the validator cannot judge the technologies:
/// the fixed-point adjoint's matrix `M` has a cycle or block whose gain reaches 1, named by its goods.
@Suite struct CycleGainTests {
    static let runaway = Paths.root + "/Tests/Fixtures/runtime/cycle-runaway.json"
    static let runawayCycle = "the cycle steel -> machines -> steel returns"

    /// A self-use `2 * steel + labour^0.5` (refused by validation, built here directly) at an allocation where
    /// the mill receives half the steel: `M` is exactly 1 on steel, `I − M` singular, the solve fails, and
    /// the adjoint names the cycle instead of overflowing.
    @Test func aSingularAdjointNamesItsCycle() throws {
        let scenario = Scenario(
            name: "singular", goods: [.init(name: "labour", endowment: 1), .init(name: "steel"), .init(name: "widgets", price: 1)],
            firms: [.init(name: "mill", output: "steel", production: "2 * steel + labour^0.5"),
                    .init(name: "maker", output: "widgets", production: "steel^0.5")])
        #expect(scenario.validate().map(\.problem) == [.unsustainableCycle(["steel"])])
        let economy = try Economy(scenario)
        // Every slot receives 1: the mill half the steel and all the labour, the maker the other half.
        let allocation = Allocation(received: [Double](repeating: 1, count: economy.inputSlotCount),
                                    output: [Double](repeating: 1, count: economy.firmCount), supply: [1, 2, 1])
        let adjoint = Adjoint(economy: economy, allocation: allocation)
        #expect(adjoint.goods[1].isNaN)
        #expect(adjoint.unsustainableCycle == CycleGain(goods: [1], gain: 1, isOneCycle: true))
        let comparison = Comparison(economy: economy, allocation: allocation, prices: [1, 1, 1])
        let fault = try #require(comparison.nonFiniteFault(tick: 3))
        #expect(fault.message == "tick 3: the adjoint of the steady state is undefined (I - M is singular): at this state the cycle steel -> steel returns 1 of each unit it takes, so there is no steady state with positive net output")
    }

    /// A ring whose gain at the allocation passes 1 without making `I − M` singular gives negative adjoints
    /// (no non-negative solution exists), and the same diagnosis; at a gain below 1 there is none.
    @Test func aGainAboveOneIsFoundFromTheNegativeAdjoint() throws {
        let scenario = try Scenario.load(contentsOf: Self.runaway)
        #expect(scenario.validate().isEmpty, "increasing returns beside labour: only the run can judge")
        let economy = try Economy(scenario)
        // The mill and the shop receive s of the cycle's good and 2 of labour, the maker s of machines.
        func gain(atScale s: Double) -> Adjoint {
            let received = (0..<economy.inputSlotCount).map { economy.inputGood[$0] == 0 ? 2 : s }
            let allocation = Allocation(received: received, output: [Double](repeating: s, count: economy.firmCount),
                                        supply: [4, s, 2 * s, 1])
            return Adjoint(economy: economy, allocation: allocation)
        }
        // All the steel goes to the shop, half the machines to the mill: M_steel→machines = 1.5 √s and
        // M_machines→steel = 0.5 · 1.5 √s, so the ring returns 1.125 s: 4.5 at s = 4, 0.28 at s = 1/4.
        let large = gain(atScale: 4)
        let cycle = try #require(large.unsustainableCycle)
        #expect(cycle.goods == [1, 2] && cycle.isOneCycle)
        expectClose(cycle.gain, 4.5, relative: 1e-12)
        #expect(large.goods[1] < 0 || large.goods[2] < 0)
        #expect(gain(atScale: 0.25).unsustainableCycle == nil)
        #expect(gain(atScale: 0.25).goods.allSatisfy { $0 > 0 })
    }

    /// The market runs away on the fixture; the run's message, its JSON and `solve` name the cycle whose gain
    /// passed 1, and nothing non-finite reaches the JSON.
    @Test func aRunawayCycleIsNamedByRunSolveAndJSON() throws {
        let run = priceprop("run", Self.runaway)
        #expect(run.status == ExitCode.failure)
        #expect(run.err.contains("the market diverged; at that state \(Self.runawayCycle)"))
        #expect(run.err.contains("so there is no steady state with positive net output"))
        let json = priceprop("run", Self.runaway, "--json")
        #expect(json.status == ExitCode.failure)
        #expect(json.out.contains("\"unsustainableCycle\": {\n    \"goods\": [\"steel\", \"machines\"]"))
        #expect(json.out.contains("\"oneCycle\": true"))
        #expect(!json.out.contains("nan") && !json.out.contains("inf"))
        let solve = priceprop("solve", Self.runaway)
        #expect(solve.status == ExitCode.failure)
        #expect(solve.out.contains("runaway-ring: at the last iterate \(Self.runawayCycle)"))
        let solveJSON = priceprop("solve", Self.runaway, "--json")
        #expect(solveJSON.out.contains("\"unsustainableCycle\": {\n    \"goods\": [\"steel\", \"machines\"]"))
    }

    /// A settled cyclic run carries no diagnosis: the bundled `cycle` scenario's gains stay below 1.
    @Test func aSustainableCycleCarriesNone() throws {
        let scenario = try Scenario.decode(try #require(BundledScenarios.text(named: "cycle")), file: "cycle")
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        #expect(report.converged)
        #expect(report.comparison.unsustainableCycle == nil)
        #expect(Adjoint.unsustainableCycle(economy: run.simulation.economy, allocation: run.simulation.allocation) == nil)
    }
}
