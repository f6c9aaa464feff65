import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
import PricePropTestSupport

/// Every file in `Tests/Fixtures/invalid` must be refused with exactly the diagnostics in its `.expected` file.
///
/// Set `PRICEPROP_RECORD_FIXTURES=1` to rewrite the `.expected` files from the current output (then review the
/// diff: the wording is part of the contract).
@Suite struct InvalidScenarioCorpusTests {
    static let directory = URL(fileURLWithPath: Paths.root).appendingPathComponent("Tests/Fixtures/invalid")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func corpusIsLarge() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases)
    func fileIsRefusedWithExpectedDiagnostics(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(name + ".json")))
        let expectedURL = Self.directory.appendingPathComponent(name + ".expected")
        let actual: String
        do {
            _ = try Scenario.decode(bytes, file: "invalid/\(name).json")
            Issue.record("\(name).json loaded without errors")
            return
        } catch {
            actual = error.description + "\n"
        }
        if ProcessInfo.processInfo.environment["PRICEPROP_RECORD_FIXTURES"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected)
    }
}
