import Foundation
import Testing
import PricePropTestSupport

/// The coverage-guided fuzzer's kept corpus and every input it found failing (`scripts/fuzz.sh`), replayed
/// through the same pipeline check it ran (``FuzzCase``): each must now behave.
@Suite struct FuzzRegressionTests {
    static let directory = Paths.root + "/Tests/Fixtures/fuzz"

    static let inputs: [String] = ["corpus", "crashers"].flatMap { folder in
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }

    @Test func corpusIsKept() {
        #expect(Self.inputs.filter { $0.hasPrefix("corpus/") }.count >= 50)
    }

    @Test func everyKeptInputBehaves() throws {
        let scratch = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for name in Self.inputs {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.directory + "/" + name)))
            if let problem = FuzzCase.problem(bytes, file: scratch + "/input.json") { Issue.record("\(name): \(problem)") }
        }
    }
}
