import Testing
import PriceProp
@testable import PricePropScenario
import PricePropTestSupport

@Suite struct ScenarioLoadingTests {
    static let seed = """
    {"name": "tupperware", "description": "Natural gas to ethylene to polyethylene to tupperware.", "parameters": {"alpha": 0.3},
     "goods": [{"name": "natgas", "endowment": 4}, {"name": "ethylene"}, {"name": "polyethylene"}, {"name": "tupperware", "price": 1}],
     "firms": [{"name": "A", "output": "ethylene", "production": "sqrt(natgas)"},
               {"name": "B", "output": "polyethylene", "production": "1 - 1/(ethylene + 1)"},
               {"name": "C", "output": "tupperware", "production": "ln(polyethylene)", "count": 1, "parameters": {}}]}
    """

    @Test func seedScenarioLoads() throws {
        let scenario = try Scenario.decode(Self.seed, file: "seed.json")
        #expect(scenario.name == "tupperware")
        #expect(scenario.version == 1)
        #expect(scenario.parameters == [.init(name: "alpha", value: 0.3)])
        #expect(scenario.goods.map(\.name) == ["natgas", "ethylene", "polyethylene", "tupperware"])
        #expect(scenario.goods[0].endowment == 4)
        #expect(scenario.goods[3].price == 1)
        #expect(scenario.firms.map(\.output) == ["ethylene", "polyethylene", "tupperware"])
        #expect(scenario.firms.map(\.count) == [1, 1, 1])
        #expect(scenario.firms[1].production == "1 - 1/(ethylene + 1)")
        #expect(scenario.warnings.isEmpty)
        #expect(scenario.file == "seed.json")
    }

    @Test func sourceMapPointsAtValues() throws {
        let scenario = try Scenario.decode(Self.seed)
        let map = scenario.sourceMap
        #expect(map[JSONPath()] == SourceLocation(line: 1, column: 1))
        #expect(map[JSONPath([.key("goods"), .index(1)])] == SourceLocation(line: 2, column: 48))
        #expect(map[JSONPath([.key("firms"), .index(0)])] == SourceLocation(line: 3, column: 12))
        #expect(map[JSONPath([.key("firms"), .index(1), .key("production")])] == SourceLocation(line: 4, column: 66))
        #expect(map[JSONPath([.key("parameters"), .key("alpha")])] == SourceLocation(line: 1, column: 121))
        #expect(map[JSONPath([.key("firms"), .index(3)])] == nil)
    }

    @Test func optionalSectionsDecode() throws {
        let text = """
        {"version": 1, "name": "x",
         "goods": [{"name": "labor", "endowment": 2}, {"name": "bread", "price": 1, "initialPrice": 2}],
         "firms": [{"name": "bakers", "output": "bread", "production": "k * labor^alpha", "count": 3, "parameters": {"k": 2}}],
         "parameters": {"alpha": 0.5},
         "market": {"mechanism": "tatonnement", "priceStep": 0.2, "firmStep": 0.1},
         "simulation": {"maxTicks": 500, "tolerance": 1e-9},
         "events": [{"tick": 10, "set": {"goods.labor.endowment": 3, "firms.bakers.parameters.k": 2.5,
                                        "firms.bakers.parameters.alpha": 0.4, "parameters.alpha": 0.6, "goods.bread.price": 2}}]}
        """
        let scenario = try Scenario.decode(text)
        #expect(scenario.firms[0].count == 3)
        #expect(scenario.firms[0].parameters == [.init(name: "k", value: 2)])
        #expect(scenario.market == .init(mechanism: "tatonnement", priceStep: 0.2, firmStep: 0.1))
        #expect(scenario.simulation == .init(maxTicks: 500, tolerance: 1e-9))
        #expect(scenario.events.count == 1)
        #expect(scenario.events[0].assignments.map(\.path) == [
            "goods.labor.endowment", "firms.bakers.parameters.k", "firms.bakers.parameters.alpha", "parameters.alpha", "goods.bread.price",
        ])
        #expect(scenario.goods[1].initialPrice == 2)
        let eventPath = JSONPath([.key("events"), .index(0), .key("set"), .key("parameters.alpha")])
        #expect(scenario.sourceMap[eventPath] != nil)
    }

    @Test func warningsAreKeptNotThrown() throws {
        let text = """
        {"name": "w", "goods": [{"name": "ore", "endowment": 1}, {"name": "slag"},                 {"name": "coin", "price": 1}],
         "firms": [{"name": "mint", "output": "coin", "production": "ore"}, {"name": "smelter", "output": "slag", "production": "ore"}]}
        """
        let scenario = try Scenario.decode(text, file: "w.json")
        #expect(scenario.warnings.map(\.rendered) == [
            "w.json:1:58: warning: goods[1]: good 'slag' is not an input of any firm and has no price; any output of it is wasted"
        ])
    }

    @Test func validationReportsEverythingInOnePass() {
        var scenario = Scenario(
            name: "code", goods: [.init(name: "a", endowment: -1), .init(name: "b"), .init(name: "a", price: 0)],
            firms: [.init(name: "f", output: "b", production: "a + zz", count: 0)])
        scenario.events = [.init(tick: -1, assignments: [.init(path: "goods.b.price", value: 1)])]
        let problems = scenario.validate().map(\.rendered)
        #expect(problems == [
            "error: goods[0].endowment: expected a number ≥ 0, found -1",
            "error: goods[2].name: duplicate good 'a' (first declared at goods[0])",
            "error: goods[2].price: expected a number > 0, found 0",
            "error: firms[0].count: expected a whole number ≥ 1, found 0",
            "error: firms[0].production: unknown good or parameter 'zz'\n    a + zz\n        ^",
            "error: events[0].tick: expected a whole number ≥ 0, found -1",
            "error: events[0].set.goods.b.price: good 'b' has no fixed price to change; only goods with a \"price\" have one",
        ])
    }

    @Test func unreadableFileIsItsOwnError() {
        #expect(throws: ScenarioLoadError.unreadable(path: "/nonexistent/x.json", reason: "No such file or directory")) {
            try Scenario.load(contentsOf: "/nonexistent/x.json")
        }
    }

    @Test func loadReadsAFile() throws {
        let scenario = try Scenario.load(contentsOf: Self.fixtures + "/valid/seed.json")
        #expect(scenario.firms.count == 3)
        #expect(scenario.file?.hasSuffix("seed.json") == true)
    }

    static let fixtures = Paths.root + "/Tests/Fixtures"
}
