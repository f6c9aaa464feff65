import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct SensitivityTests {
    static let scenarios = [Fixtures.tupperware, Fixtures.diamond, Fixtures.parameterised, Fixtures.ces]

    /// For every endowment, fixed price and parameter, backprop at equilibrium and central differences of the
    /// re-run market agree to 1e-5.
    @Test(arguments: scenarios)
    func backpropAgreesWithRerunningTheMarket(scenario: Scenario) throws {
        let report = try SensitivityReport(scenario: scenario)
        #expect(report.converged)
        #expect(report.sensitivities.map(\.path) == ParameterPath.all(in: scenario))
        for s in report.sensitivities {
            #expect(s.agrees(within: 1e-5, scale: 1e-9 * max(1, abs(report.value))),
                    "\(scenario.name) \(s.path): backprop \(s.backprop), measured \(s.measured)")
        }
        #expect(report.largestRelativeError < 1e-7)
    }

    /// For an endowment the backprop side is the good's equilibrium price (the envelope theorem); for a fixed
    /// price it is the net output sold at it; for a multiplicative constant `m` of the only final producer it is
    /// `V / m`.
    @Test func backpropSideHasTheClosedForms() throws {
        let seed = try SensitivityReport(scenario: Fixtures.tupperware)
        let prices = seed.equilibrium.comparison.goods.map(\.price)
        expectClose(seed.sensitivities[0].backprop, prices[0], relative: 1e-9)
        expectClose(seed.sensitivities[0].backprop, 1.0 / 24, relative: 1e-9)
        expectClose(seed.sensitivities[1].backprop, Foundation.log(2.0 / 3), relative: 1e-9)
        expectClose(seed.sensitivities[1].measured, Foundation.log(2.0 / 3), relative: 1e-9)

        let report = try SensitivityReport(scenario: Fixtures.parameterised)
        let m = try #require(report.sensitivities.first { $0.path == .firmParameter(firm: "C", name: "m") })
        expectClose(m.backprop, report.value / 3, relative: 1e-12)
        let gas = try #require(report.sensitivities.first { $0.path == .endowment(good: "gas") })
        expectClose(gas.backprop, report.equilibrium.comparison.goods[0].price, relative: 1e-9)
        let unused = try #require(report.sensitivities.first { $0.path == .scenarioParameter("unused") })
        #expect(unused.backprop == 0 && unused.measured == 0)
    }

    /// The measuring runs give the same bits on one thread or several.
    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let one = try SensitivityReport(scenario: Fixtures.parameterised, options: .init(threads: 1))
        let many = try SensitivityReport(scenario: Fixtures.parameterised, options: .init(threads: 3))
        #expect(one.sensitivities == many.sensitivities)
    }

    /// Only the paths asked for, in that order; a bad one is a setup error.
    @Test func chosenPaths() throws {
        let paths: [ParameterPath] = [.firmParameter(firm: "C", name: "m"), .endowment(good: "gas")]
        let report = try SensitivityReport(scenario: Fixtures.parameterised, options: .init(paths: paths))
        #expect(report.sensitivities.map(\.path) == paths)
        #expect(throws: RunSetupError.path(ParameterPathError(path: "goods.resin.endowment", problem: .notPrimary(good: "resin")))) {
            try SensitivityReport(scenario: Fixtures.parameterised, options: .init(paths: [.endowment(good: "resin")]))
        }
    }

    /// A scenario's events play no part: the report is about the economy as first written.
    @Test func eventsAreLeftOut() throws {
        let report = try SensitivityReport(scenario: Fixtures.shock, options: .init(paths: [.endowment(good: "natgas")]))
        expectClose(report.sensitivities[0].backprop, 1.0 / 24, relative: 1e-9)
        expectClose(report.sensitivities[0].measured, 1.0 / 24, relative: 1e-7)
    }
}

extension Scenario: CustomTestStringConvertible {
    public var testDescription: String { name }
}
