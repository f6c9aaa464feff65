import Foundation
import Testing
import PriceProp
@testable import PricePropScenario

/// Firms decode in chunks on several threads; the scenario, its source map and the diagnostics must not depend
/// on the thread count or on where the chunks fall.
@Suite struct DecodingThreadsTests {
    static let splits: [(threads: Int, grain: Int)] = [(1, 1), (2, 1), (3, 2), (2, 3), (4, 5)]

    struct Decoded: Equatable {
        var scenario: Scenario?
        var diagnostics: [ScenarioDiagnostic]
    }

    static func decode(_ bytes: [UInt8], threads: Int, grain: Int) throws -> Decoded {
        let document = try JSONParser.parse(bytes)
        var decoder = ScenarioDecoder(document: document, file: "f.json", threads: threads, firmGrain: grain)
        let scenario = decoder.decode()
        return Decoded(scenario: scenario, diagnostics: decoder.diagnostics)
    }

    static func file(_ firms: [String]) -> [UInt8] {
        Array("""
        {"version": 1, "name": "firms", "goods": [{"name": "a", "endowment": 1}, {"name": "b", "price": 1}],
         "firms": [\(firms.joined(separator: ",\n  "))]}
        """.utf8)
    }

    /// A well-formed firm whose production is written with an escape.
    static func firm(_ i: Int) -> String { #"{"name": "f\#(i)", "output": "b", "production": "\u0061^0.5", "count": 2}"# }

    /// Firms with every decoding fault, spread over chunks.
    static let faulty: [UInt8] = file((0..<20).map { i in
        switch i {
        case 2: return "7"
        case 5: return #"{"name": "f5", "output": "b", "production": "a", "colour": "red"}"#
        case 9: return #"{"output": "b", "production": "a"}"#
        case 13: return #"{"name": 13, "output": "b", "production": "a", "count": 1.5}"#
        case 17: return #"{"name": "f17", "output": "b", "production": "a", "parameters": {"k": "one"}}"#
        default: return firm(i)
        }
    })

    @Test(arguments: splits)
    func faultsAreFoundAlikeOnAnyThreads(threads: Int, grain: Int) throws {
        let reference = try Self.decode(Self.faulty, threads: 1, grain: Int.max)
        #expect(reference.scenario == nil)
        #expect(reference.diagnostics.count == 6)
        #expect(reference.diagnostics.first?.path == JSONPath([.key("firms"), .index(2)]))
        #expect(try Self.decode(Self.faulty, threads: threads, grain: grain) == reference)
    }

    @Test(arguments: splits)
    func scenariosAndSourceMapsAreAlikeOnAnyThreads(threads: Int, grain: Int) throws {
        let bytes = Self.file((0..<20).map(Self.firm))
        let reference = try Self.decode(bytes, threads: 1, grain: Int.max)
        #expect(reference.diagnostics.isEmpty)
        let scenario = try #require(reference.scenario)
        #expect(scenario.firms.count == 20)
        #expect(scenario.firms[19].production == "a^0.5")
        #expect(scenario.sourceMap.escapedStrings.count == 20)
        #expect(scenario.sourceMap[JSONPath([.key("firms"), .index(19), .key("production")])]?.line == 21)
        #expect(try Self.decode(bytes, threads: threads, grain: grain) == reference)
    }

    /// Every invalid fixture that parses decodes alike on any split.
    @Test func invalidCorpusDecodesAlikeOnAnyThreads() throws {
        var compared = 0
        for name in InvalidScenarioCorpusTests.cases {
            let url = InvalidScenarioCorpusTests.directory.appendingPathComponent(name + ".json")
            let bytes = try [UInt8](Data(contentsOf: url))
            guard let reference = try? Self.decode(bytes, threads: 1, grain: Int.max) else { continue }
            for (threads, grain) in Self.splits {
                #expect(try Self.decode(bytes, threads: threads, grain: grain) == reference, "\(name)")
            }
            compared += 1
        }
        #expect(compared >= 40)
    }
}
