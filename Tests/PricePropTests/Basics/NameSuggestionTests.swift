import Testing
import PriceProp
@testable import PricePropScenario
import PricePropTestSupport

/// A name refused as not an identifier can never be written in an expression, so an unknown name in an
/// expression is never told to use it: the hint is the name's identifier spelling, or nothing when that is
/// what was written.
@Suite struct NameSuggestionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var production: String
        var message: String
        var testDescription: String { production }
    }

    static let cases: [Case] = [
        Case(production: "2 * sqrt(natgas)", message: "unknown good 'natgas'; did you mean 'nat_gas'?"),
        Case(production: "2 * sqrt(nat_gas)", message: "unknown good or parameter 'nat_gas'"),
        Case(production: "2 * sqrt(crude_oi)", message: "unknown good 'crude_oi'; did you mean 'crude_oil'?"),
        Case(production: "2 * sqrt(crude_oil)", message: "unknown good or parameter 'crude_oil'"),
        Case(production: "alpha2 * sqrt(gas)", message: "unknown parameter 'alpha2'; did you mean 'alpha_2'?"),
        Case(production: "alpha_2 * sqrt(gas)", message: "unknown good or parameter 'alpha_2'"),
        Case(production: "2 * sqrt(gass)", message: "unknown good 'gass'; did you mean 'gas'?"),
    ]

    @Test(arguments: cases)
    func hintNamesOnlyWhatAnExpressionCanWrite(_ c: Case) throws {
        let text = """
            {"name": "t", "parameters": {"alpha 2": 0.5},
             "goods": [{"name": "nat gas", "endowment": 4}, {"name": "crude-oil", "endowment": 1},
                       {"name": "gas", "endowment": 2}, {"name": "plastic", "price": 1}],
             "firms": [{"name": "A", "output": "plastic", "production": "\(c.production)"}]}
            """
        let error = #expect(throws: ScenarioError.self) { try Scenario.decode(text, file: "t.json") }
        let description = error.map { "\($0)" } ?? ""
        #expect(description.contains("firms[0].production: \(c.message)\n"), "\(description)")
        #expect(!description.contains("did you mean 'nat gas'"))
        #expect(!description.contains("did you mean 'crude-oil'"))
        #expect(!description.contains("did you mean 'alpha 2'"))
    }
}
