import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropAnalysis
import PricePropTestSupport

/// The README's library example, verbatim apart from `assert` becoming `#expect`.
@Suite struct ReadmeExampleTests {
    @Test func libraryExampleWorksAsDocumented() throws {
        let scenario = try Scenario.decode("""
            {"name": "chain", "goods": [{"name": "gas", "endowment": 4}, {"name": "plastic", "price": 1}],
             "firms": [{"name": "A", "output": "plastic", "production": "2 * sqrt(gas)"}]}
            """)
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        #expect(report.converged)
        let gas = report.comparison.goods[0]
        expectClose(gas.price, 0.5, relative: 1e-9)
        expectClose(gas.gradient, 0.5, relative: 1e-9)
        #expect(gas.relativeError <= 1e-10)
    }
}
