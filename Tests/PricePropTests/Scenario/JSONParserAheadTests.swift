import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropAnalysis

/// Long arrays parsed ahead on other threads must give the document, or the error, of a parse on one thread.
@Suite struct JSONParserAheadTests {
    /// A parse's outcome in comparable form: every node's fields, or the error.
    enum Outcome: Equatable {
        case document([[Int]])
        case failure(JSONSyntaxError)
    }

    static func outcome(_ bytes: [UInt8], threads: Int) -> (outcome: Outcome, segmentsTaken: Int) {
        do {
            let (document, taken) = try JSONParser.parseCountingSegments(bytes, threads: threads, minimumSplitBytes: 0)
            let nodes = document.nodes.map { node in
                [node.a, Int(node.b), Int(node.line), Int(node.column), Int(node.kind.rawValue), node.hasEscapes ? 1 : 0]
            }
            return (.document(nodes), taken)
        } catch {
            return (.failure(error), 0)
        }
    }

    /// The outcome on one thread, after checking that 2, 3, 4 and 7 threads give the same; returns the most
    /// segments any of them took.
    @discardableResult
    static func expectSameOnAnyThreads(_ bytes: [UInt8], _ comment: Comment? = nil) -> (outcome: Outcome, segmentsTaken: Int) {
        let one = outcome(bytes, threads: 1)
        var taken = 0
        for threads in [2, 3, 4, 7] {
            let many = outcome(bytes, threads: threads)
            #expect(many.outcome == one.outcome, comment)
            taken = max(taken, many.segmentsTaken)
        }
        return (one.outcome, taken)
    }

    /// A scenario file as the generator writes it: one firm per line.
    static let network: [UInt8] = {
        let scenario = (try? NetworkGenerator.randomDAG(.init(goods: 40, firms: 300, seed: 21)))
            ?? Scenario(name: "empty", goods: [], firms: [])
        var text = ""
        ScenarioWriter().write(scenario, to: &text)
        return Array(text.utf8)
    }()

    @Test func generatedNetworkIsSplitAndParsesAlike() throws {
        let (outcome, taken) = Self.expectSameOnAnyThreads(Self.network)
        guard case let .document(nodes) = outcome else {
            Issue.record("the generated network did not parse")
            return
        }
        #expect(nodes.count > 3000)
        #expect(taken >= 3)
        let scenario = try Scenario.decode(Self.network, threads: 4)
        #expect(scenario.firms.count == 300)
    }

    /// Elements of many kinds, on lines of their own, in nested arrays and with multi-byte text and CRLF.
    static let elements: [String] = [
        #"{"a": 1, "b": [1, 2, {"c": "d"}]}"#, #"[1, 2, 3]"#, #"{"name": "gás ∑ \u00e9", "x": -1.5e-3}"#,
        #"{"nested": [{"k": [[], {}]}, [true, false, null]]}"#, #"{}"#, #"[]"#, #"{"s": "a\\b\"c"}"#,
        #"{"deep": [[[[[[1]]]]]]}"#, "[{\"inner\": [1,\n  {\"x\": 2},\n  [3]]}]",
    ]

    static func document(_ lines: [String], separator: String = "\n") -> [UInt8] {
        Array(("{\"items\": [" + separator + lines.joined(separator: "," + separator) + separator + "], \"tail\": 1}").utf8)
    }

    @Test func mixedElementsParseAlike() {
        var lines: [String] = []
        for i in 0..<60 { lines.append(Self.elements[i % Self.elements.count]) }
        let (outcome, taken) = Self.expectSameOnAnyThreads(Self.document(lines))
        if case .failure(let error) = outcome { Issue.record("unexpected failure: \(error)") }
        #expect(taken >= 1)
        Self.expectSameOnAnyThreads(Self.document(lines, separator: "\r\n"), "CRLF")
        Self.expectSameOnAnyThreads([0xEF, 0xBB, 0xBF] + Self.document(lines), "byte order mark")
    }

    /// A change to one line of a long array: faults, and valid text shaped like a place to split.
    enum Fault: String, CaseIterable, Sendable {
        case trailingComma, badToken, duplicateKey, controlCharacter, unterminatedString, missingComma, tooDeep
        case objectOverLines, deepButAllowed

        var isValid: Bool { self == .objectOverLines || self == .deepButAllowed }

        func apply(to lines: inout [String]) {
            switch self {
            case .trailingComma: lines[lines.count - 1] += ","
            case .badToken: lines[50] = #"{"a": tru}"#
            case .duplicateKey: lines[45] = #"{"a": 1, "a": 2}"#
            case .controlCharacter: lines[40] = "{\"a\": \"x\ty\"}"
            case .unterminatedString: lines[55] = #"{"a": "open}"#
            case .missingComma: lines[30] += " 7"
            case .objectOverLines: lines[20] = "{\"a\": 1,\n\"b\": [1,\n[2]]}"
            case .tooDeep: lines[35] = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
            case .deepButAllowed: lines[35] = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
            }
        }
    }

    /// Faults anywhere (in parts parsed ahead included) are reported exactly as on one thread.
    @Test(arguments: Fault.allCases)
    func faultsAreReportedAlike(_ fault: Fault) {
        var lines = (0..<60).map { #"{"i": \#($0), "v": [\#($0), "x"]}"# }
        fault.apply(to: &lines)
        let outcome = Self.expectSameOnAnyThreads(Self.document(lines), "\(fault)").outcome
        if case .document = outcome, !fault.isValid { Issue.record("\(fault) was accepted") }
        if case .failure = outcome, fault.isValid { Issue.record("\(fault) was refused") }
    }

    /// Random byte changes to the generated network: whatever each makes of it, every thread count agrees.
    @Test func mutatedNetworksParseAlike() {
        var rng = SplitMix64(seed: 77)
        let replacements: [UInt8] = Array(#"{}[],:"\ 0a-.e"#.utf8) + [0x0A, 0xC3, 0x80]
        var failures = 0, documents = 0
        for _ in 0..<150 {
            var bytes = Self.network
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                let byte = replacements[Int(rng.next() % UInt64(replacements.count))]
                switch rng.next() % 3 {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            switch Self.expectSameOnAnyThreads(bytes).outcome {
            case .document: documents += 1
            case .failure: failures += 1
            }
        }
        // Both kinds of outcome are exercised.
        #expect(failures > 20)
        #expect(documents > 5)
    }
}
