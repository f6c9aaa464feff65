import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropScenario
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct ParameterPathTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: Expected
        var testDescription: String { text }
    }

    enum Expected: Sendable {
        case success(ParameterPath)
        case failure(ParameterPathError.Problem)
    }

    @Test(arguments: [
        Case(text: "goods.gas.endowment", expected: .success(.endowment(good: "gas"))),
        Case(text: "goods.boxes.price", expected: .success(.price(good: "boxes"))),
        Case(text: "firms.C.parameters.m", expected: .success(.firmParameter(firm: "C", name: "m"))),
        // A scenario parameter A uses may be set for A alone.
        Case(text: "firms.A.parameters.k", expected: .success(.firmParameter(firm: "A", name: "k"))),
        Case(text: "parameters.k", expected: .success(.scenarioParameter("k"))),
        Case(text: "goods.gass.endowment", expected: .failure(.unknownGood("gass", suggestion: "gas"))),
        Case(text: "goods.resin.endowment", expected: .failure(.notPrimary(good: "resin"))),
        Case(text: "goods.gas.price", expected: .failure(.notFixedPrice(good: "gas"))),
        Case(text: "goods.gas.supply", expected: .failure(.malformed)),
        Case(text: "firms.D.parameters.k", expected: .failure(.unknownFirm("D", suggestion: "A"))),
        Case(text: "firms.A.parameters.m", expected: .failure(.unknownFirmParameter(firm: "A", parameter: "m", suggestion: "k"))),
        Case(text: "parameters.kk", expected: .failure(.unknownParameter("kk", suggestion: "k"))),
        Case(text: "natgas", expected: .failure(.malformed)),
        Case(text: "firms.A.k", expected: .failure(.malformed)),
    ])
    func parsing(_ example: Case) {
        let parsed = Result { () throws(ParameterPathError) in try ParameterPath(parsing: example.text, in: Fixtures.parameterised) }
        switch (parsed, example.expected) {
        case let (.success(path), .success(expected)):
            #expect(path == expected)
            #expect(path.description == example.text)
        case let (.failure(error), .failure(expected)):
            #expect(error.problem == expected)
            #expect(error.path == example.text)
        default:
            Issue.record("\(example.text): got \(parsed), expected \(example.expected)")
        }
    }

    @Test func messagesQuoteTheNameAndSuggestOne() {
        let error = ParameterPathError(path: "goods.natgs.endowment", problem: .unknownGood("natgs", suggestion: "natgas"))
        #expect(error.description == "'goods.natgs.endowment': unknown good 'natgs'; did you mean 'natgas'?")
    }

    @Test func aBadEventPathFailsTheRunSetup() {
        var scenario = Fixtures.tupperware
        scenario.events = [.init(tick: 5, assignments: [.init(path: "goods.ethylene.endowment", value: 1)])]
        #expect(throws: RunSetupError.path(ParameterPathError(path: "goods.ethylene.endowment", problem: .notPrimary(good: "ethylene")))) {
            try Run(scenario: scenario, options: .init())
        }
    }

    @Test func everySettablePathOfAScenario() {
        #expect(ParameterPath.all(in: Fixtures.parameterised).map(\.description) == [
            "goods.gas.endowment", "goods.boxes.price", "parameters.k", "parameters.unused",
            "firms.C.parameters.k", "firms.C.parameters.m",
        ])
    }
}
