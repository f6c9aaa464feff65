import Foundation
import Testing
import PriceProp
@testable import PricePropBasics
@testable import PricePropExpression
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropAnalysis
import PricePropTestSupport
@testable import PricePropCLI

private func fixture(_ name: String) -> String { Paths.root + "/Tests/Fixtures/runtime/\(name).json" }

/// Sizes, non-finite values and small parameters: each ends in a clear message, never a trap, `nan` or `inf`.
@Suite struct RobustnessLimitsTests {
    // MARK: Counts

    /// A scenario built in code skips file validation; the economy refuses it before expanding any firm.
    @Test(arguments: [2_147_483_648, 9_007_199_254_740_992, Int.max])
    func economyRefusesCountsPastTheLimit(count: Int) {
        let scenario = Scenario(name: "big", goods: [.init(name: "gas", endowment: 4), .init(name: "plastic", price: 1)],
                                firms: [.init(name: "A", output: "plastic", production: "sqrt(gas)", count: count)])
        #expect(scenario.validate().map(\.message) == ["count asks for more than 10,000,000 firms, the most a scenario may hold"])
        #expect(throws: EconomyError(path: JSONPath() / "firms" / 0 / "count", message: "more than 10000000 firms in all")) {
            try Economy(scenario)
        }
    }

    /// Counts each within the limit whose sum is not, and sums that would overflow a 64-bit integer.
    @Test func sumsOfCountsAreBoundedWithoutOverflow() {
        let firm = Scenario.Firm(name: "A", output: "plastic", production: "sqrt(gas)", count: 6_000_000)
        var scenario = Scenario(name: "big", goods: [.init(name: "gas", endowment: 4), .init(name: "plastic", price: 1)],
                                firms: [firm, Scenario.Firm(name: "B", output: "plastic", production: "sqrt(gas)", count: 6_000_000)])
        let diagnostics = scenario.validate()
        #expect(diagnostics.map(\.path?.description) == ["firms[1].count"])
        #expect(diagnostics.first?.message.hasPrefix("the counts up to this firm add up to more than 10,000,000 firms") == true)
        scenario.firms = (0..<3).map { Scenario.Firm(name: "F\($0)", output: "plastic", production: "sqrt(gas)", count: Int.max / 2) }
        #expect(scenario.validate().count == 1)
        #expect(throws: EconomyError.self) { try Economy(scenario) }
    }

    @Test func cliRefusesAHugeCountWithExitThree() {
        let result = PipelineFuzzTests.run(["run", Paths.root + "/Tests/Fixtures/invalid/firms-count-too-large.json"])
        #expect(result.status == ExitCode.invalidScenario)
        #expect(result.err.contains("firms[0].count: count asks for more than 10,000,000 firms"))
        #expect(result.out.isEmpty)
    }

    // MARK: Non-finite values

    @Test func eventOverflowIsAFaultAtTickFirmAndExpression() throws {
        let result = PipelineFuzzTests.run(["run", fixture("event-overflow")])
        #expect(result.status == ExitCode.failure)
        #expect(result.err.contains("tick 5: firm A, production 'k * sqrt(gas)': k * sqrt(gas) with operands 1e+308, "))
        #expect(result.err.contains("overflows past the largest finite number (1.8e308)"))
        for text in [result.out, result.err] {
            #expect(MachineOutput.nonFiniteToken(in: text) == nil, "\(text)")
            #expect(MachineOutput.internalSpelling(in: text) == nil, "\(text)")
        }
    }

    /// Every firm's output is finite, but `V` at a price of 1e308 is not: the run ends naming it. (Left to
    /// run, this market's price of `mid` also runs away later.)
    @Test func overflowingValueEndsTheRunAsAFault() throws {
        let scenario = try Scenario.load(contentsOf: fixture("value-overflow"))
        var options = Run.Options(scenario: scenario)
        options.exactTicks = 20
        var run = try Run(scenario: scenario, options: options)
        let report = run.execute()
        guard case let .diverged(fault) = report.outcome else {
            Issue.record("expected a fault, got \(report.outcome)")
            return
        }
        #expect(fault.tick >= 1 && fault.tick <= 20, "at the first comparison that sees it")
        #expect(fault.message.hasPrefix("tick \(fault.tick): V, the net value traded at fixed prices, overflowed past the largest finite number"))
        let text = PipelineFuzzTests.run(["run", fixture("value-overflow"), "--ticks", "20"])
        #expect(text.status == ExitCode.failure)
        #expect(MachineOutput.nonFiniteToken(in: text.out + text.err) == nil, "\(text.out)\(text.err)")
        let json = PipelineFuzzTests.run(["run", fixture("value-overflow"), "--ticks", "20", "--json"])
        #expect(MachineOutput.parsesAsJSON(json.out))
        #expect(json.out.contains("\"outcome\": \"diverged\""))
    }

    @Test func numbersInWordsNeverSayNanOrInf() {
        #expect(NumberText.words(.nan) == "undefined")
        #expect(NumberText.words(.infinity) == "overflowed past the largest finite number")
        #expect(NumberText.words(-.infinity) == "overflowed below the most negative finite number")
        #expect(NumberText.words(0.25) == "0.25")
        #expect(DomainFault(operation: "exp(x)", operands: [.infinity], result: .infinity).message
            == "exp(x) with operand an overflowed value overflows past the largest finite number (1.8e308)")
    }

    @Test func zeroTicksSayNoTickRan() {
        let result = PipelineFuzzTests.run(["run", "tupperware", "--ticks", "0"])
        #expect(result.out.hasPrefix("tupperware: not converged after 0 ticks (no tick run, largest price error "))
        #expect(MachineOutput.nonFiniteToken(in: result.out) == nil)
    }

    // MARK: Sensitivity steps

    /// The step is relative to the value: a price of 0.0001 moves by 3e-8 (the default relative step 3e-4), not past zero.
    @Test func smallPriceIsMeasuredWithARelativeStep() throws {
        let scenario = try Scenario.load(contentsOf: fixture("tiny-price"))
        let report = try SensitivityReport(scenario: scenario, options: .init(threads: 1))
        let price = try #require(report.sensitivities.first { $0.path == .price(good: "plastic") })
        expectClose(price.step, 0.0001 * SensitivityReport.Options.defaultRelativeStep, relative: 1e-12)
        expectClose(price.step, 3e-8, relative: 1e-12)
        #expect(price.difference == .central)
        expectClose(price.backprop, 4, relative: 1e-9)
        expectClose(price.measured, 4, relative: 1e-6)
        #expect(PipelineFuzzTests.run(["sensitivity", fixture("tiny-price"), "--quiet"]).status == ExitCode.success)
    }

    /// `ln(j)` at j = 0.0001 steps inside the domain; `k` at 0 steps by the relative step itself.
    @Test func stepsStayInsideTheDomain() throws {
        let scenario = try Scenario.load(contentsOf: fixture("edge-of-domain"))
        let report = try SensitivityReport(scenario: scenario, options: .init(threads: 1))
        let j = try #require(report.sensitivities.first { $0.path == .firmParameter(firm: "B", name: "j") })
        expectClose(j.step, 3e-8, relative: 1e-12)
        expectClose(j.measured, j.backprop, relative: 1e-5)
        let k = try #require(report.sensitivities.first { $0.path == .firmParameter(firm: "A", name: "k") })
        expectClose(k.step, 3e-4, relative: 1e-12)
        #expect(Sensitivity.step(relative: 1e-4, at: -250) == 2.5e-2)
    }

    @Test func disagreementSaysWhy() {
        let oneSided = Sensitivity(path: .scenarioParameter("a"), value: 0, backprop: 1, measured: 1.01, step: 1e-4,
                                   converged: true, difference: .forward)
        #expect(oneSided.disagreement(within: 1e-5, scale: 1e-12, value: 1, runTolerance: 1e-12)?
            .hasPrefix("measured one-sided because V is undefined at 0 − 0.0001") == true)
        let noisy = Sensitivity(path: .scenarioParameter("a"), value: 1, backprop: 1, measured: 1.01, step: 1e-9, converged: true)
        #expect(noisy.disagreement(within: 1e-5, scale: 1e-12, value: 100, runTolerance: 1e-6)?
            .contains("use a larger --step or a smaller --tolerance") == true)
        let unconverged = Sensitivity(path: .scenarioParameter("a"), value: 1, backprop: 1, measured: 2, step: 1e-4, converged: false)
        #expect(unconverged.disagreement(within: 1e-5, scale: 1e-12, value: 1, runTolerance: 1e-12)?.contains("raise --max-ticks") == true)
        #expect(Sensitivity(path: .scenarioParameter("a"), value: 1, backprop: 1, measured: 1, step: 1e-4, converged: true)
            .disagreement(within: 1e-5, scale: 1e-12, value: 1, runTolerance: 1e-12) == nil)
    }

    // MARK: Names

    struct NameCase: Sendable {
        var name: String
        var role: Scenario.NameRole
        var fault: Scenario.NameFault?
    }

    @Test(arguments: [
        NameCase(name: "nat gas", role: .good, fault: .character(" ")),
        NameCase(name: "crude-oil", role: .good, fault: .character("-")),
        NameCase(name: "a.b", role: .good, fault: .character(".")),
        NameCase(name: "2x", role: .parameter, fault: .startsWithDigit),
        NameCase(name: "", role: .good, fault: .empty),
        NameCase(name: "crème", role: .good, fault: .character("è")),
        NameCase(name: "nat_gas2", role: .good, fault: nil),
        NameCase(name: "cracker-large", role: .firm, fault: nil),
        NameCase(name: "Firm A", role: .firm, fault: nil),
        NameCase(name: "a.b", role: .firm, fault: .character(".")),
        NameCase(name: "tab\there", role: .firm, fault: .character("\t")),
    ])
    func namesExpressionsAndPathsCanUse(_ c: NameCase) {
        #expect(Scenario.nameFault(c.name, as: c.role) == c.fault)
    }
}
