import Foundation
import Testing
@testable import PriceProp

/// Times loading a large scenario file named by `PRICEPROP_BENCHMARK_SCENARIO`; skipped otherwise.
/// Run it in a release build: `swift test -c release --filter ScenarioLoadBenchmark`.
@Suite struct ScenarioLoadBenchmark {
    static let path = ProcessInfo.processInfo.environment["PRICEPROP_BENCHMARK_SCENARIO"]

    @Test(.enabled(if: path != nil)) func loadLargeScenario() throws {
        let clock = ContinuousClock()
        if ProcessInfo.processInfo.environment["PRICEPROP_BENCHMARK_LOAD_ONLY"] != nil {
            let start = clock.now
            let scenario = try Scenario.load(contentsOf: Self.path ?? "")
            print("Scenario.load: \(clock.now - start) for \(scenario.firms.count) firms")
            return
        }
        let start = clock.now
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path ?? "")))
        let read = clock.now
        let document = try JSONParser.parse(bytes)
        let parsed = clock.now
        var decoder = ScenarioDecoder(document: document, file: Self.path)
        let decodedScenario = decoder.decode()
        let scenario = try #require(decodedScenario)
        let decoded = clock.now
        let diagnostics = scenario.validate()
        let validated = clock.now
        print("read \(read - start), parse \(parsed - read) (\(document.nodes.count) values), decode \(decoded - parsed), validate \(validated - decoded); \(scenario.firms.count) firms, \(diagnostics.count) diagnostics")
        let full = clock.now
        _ = try Scenario.load(contentsOf: Self.path ?? "")
        print("Scenario.load: \(clock.now - full)")
    }
}
