import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropAnalysis

/// Firm checks run in chunks on several threads; the diagnostics must not depend on the thread count or on
/// where the chunks fall.
@Suite struct ValidationThreadsTests {
    /// Thread counts and chunk sizes, against one thread with all firms in one chunk.
    static let splits: [(threads: Int, grain: Int)] = [(1, 1), (2, 1), (3, 2), (2, 3), (4, 5)]

    /// A scenario whose firms repeat a few expression shapes and carry one of each firm problem, spread so that
    /// every chunk size above splits them differently.
    static let troubled: String = {
        var firms: [String] = []
        for i in 0..<24 {
            let input = ["gas", "oil", "coal"][i % 3]
            var firm = #"{"name": "f\#(i)", "output": "power", "production": "k * \#(input)^0.5", "parameters": {"k": 1}}"#
            switch i {
            case 3: firm = #"{"name": "f1", "output": "power", "production": "k * gas^0.5", "parameters": {"k": 1}}"#
            case 7: firm = #"{"name": "f7", "output": "powr", "production": "coal^0.5"}"#
            case 10: firm = #"{"name": "f10", "output": "power", "production": "k * gsa^0.5", "parameters": {"k": 1}}"#
            case 12: firm = #"{"name": "f12", "output": "power", "production": "k * (gas^0.5", "parameters": {"k": 1}}"#
            case 18: firm = #"{"name": "f18", "output": "gas", "production": "oil^0.5", "count": 0}"#
            case 21: firm = #"{"name": "f21", "output": "power", "production": "oil^k", "parameters": {"oil": 2, "k": 0.5}}"#
            default: break
            }
            firms.append(firm)
        }
        return """
        {"version": 1, "name": "troubled",
         "goods": [{"name": "gas", "endowment": 1}, {"name": "oil", "endowment": 1}, {"name": "coal", "endowment": 1},
                   {"name": "power", "price": 1}],
         "firms": [\(firms.joined(separator: ",\n  "))]}
        """
    }()

    @Test func troubledScenarioHasEveryFirmProblemInFirmOrder() throws {
        let scenario = try Scenario.decodeWithoutValidating(Array(Self.troubled.utf8), file: "troubled.json")
        let reference = scenario.validate(threads: 1, firmGrain: Int.max)
        let problems = reference.map { diagnostic -> String in
            switch diagnostic.problem {
            case .duplicateFirm: return "duplicate"
            case .unknownOutput: return "output"
            case .unknownName: return "name"
            case .invalidExpression: return "expression"
            case .outputIsPrimary: return "primary"
            case .invalidValue: return "value"
            case .parameterNamesGood: return "parameter"
            default: return "other"
            }
        }
        #expect(problems == ["duplicate", "output", "name", "expression", "primary", "value", "parameter"])
        #expect(reference.first?.path == JSONPath([.key("firms"), .index(3), .key("name")]))
        #expect(reference.last?.path == JSONPath([.key("firms"), .index(21), .key("parameters"), .key("oil")]))
    }

    @Test(arguments: splits)
    func troubledScenarioDiagnosticsDoNotDependOnThreads(threads: Int, grain: Int) throws {
        let scenario = try Scenario.decodeWithoutValidating(Array(Self.troubled.utf8), file: "troubled.json")
        let reference = scenario.validate(threads: 1, firmGrain: Int.max)
        #expect(scenario.validate(threads: threads, firmGrain: grain) == reference)
    }

    /// Every invalid fixture that decodes gets the same diagnostics from every split.
    @Test func invalidCorpusDiagnosticsDoNotDependOnThreads() throws {
        var compared = 0
        for name in InvalidScenarioCorpusTests.cases {
            let url = InvalidScenarioCorpusTests.directory.appendingPathComponent(name + ".json")
            let bytes = try [UInt8](Data(contentsOf: url))
            guard let scenario = try? Scenario.decodeWithoutValidating(bytes, file: name) else { continue }
            let reference = scenario.validate(threads: 1, firmGrain: Int.max)
            for (threads, grain) in Self.splits {
                #expect(scenario.validate(threads: threads, firmGrain: grain) == reference, "\(name): \(threads) threads, grain \(grain)")
            }
            compared += 1
        }
        #expect(compared >= 30)
    }

    /// A generated network large enough for several default-size chunks validates clean on any thread count.
    @Test func generatedNetworkValidatesCleanOnAnyThreadCount() throws {
        let scenario = try NetworkGenerator.randomDAG(.init(goods: 300, firms: 20_000, seed: 4))
        #expect(scenario.firms.count > 2 * FirmChecker.grain)
        for threads in [1, 2, 3] {
            #expect(scenario.validate(threads: threads).isEmpty)
        }
    }
}
