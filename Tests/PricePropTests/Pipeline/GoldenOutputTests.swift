import Foundation
import Testing
import PricePropTestSupport

/// The bytes every command prints and writes, compared with files recorded from an earlier build.
///
/// A change of internal shape must leave every output byte-identical; a change of behaviour re-records the files
/// (`PRICEPROP_RECORD_GOLDEN=1 swift test --filter GoldenOutputTests`) in the same commit, so the diff shows it.
@Suite struct GoldenOutputTests {
    /// One command line and the name of the file holding what it printed (and, for `--csv`, what it wrote).
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        /// Whether the command writes a CSV file (at `CSV` in `arguments`) whose bytes are compared too.
        let writesCSV: Bool
        var testDescription: String { name }
    }

    static let generatedNetwork = "generated-layered"

    /// The bundled scenarios calibrated from the BEA tables have no golden files: their bytes are the import of
    /// the shipped tables (`InputOutputCalibrationTests`), their prices are checked by value (every price 1,
    /// `BundledScenarioTests`), and a time series of 143 goods would be megabytes of fixture.
    static let calibratedScenarios: Set<String> = ["us-2021-15", "us-2021-71"]

    static let cases: [Case] = {
        var cases: [Case] = []
        for name in Paths.scenarioNames where !calibratedScenarios.contains(name) {
            let file = Paths.scenario(name)
            cases.append(Case(name: "run-\(name)", arguments: ["run", file, "--json", "--threads", "1"], writesCSV: false))
            cases.append(Case(name: "run-\(name)-csv", arguments: ["run", file, "--quiet", "--csv", "CSV", "--every", "5", "--threads", "2"], writesCSV: true))
            cases.append(Case(name: "table-\(name)", arguments: ["run", file, "--threads", "2"], writesCSV: false))
            cases.append(Case(name: "solve-\(name)", arguments: ["solve", file, "--json"], writesCSV: false))
        }
        for threads in ["1", "2"] {
            cases.append(Case(
                name: "run-\(generatedNetwork)-threads\(threads)",
                arguments: ["run", "GENERATED", "--ticks", "60", "--every", "20", "--csv", "CSV", "--json", "--threads", threads],
                writesCSV: true))
        }
        cases.append(Case(name: "solve-\(generatedNetwork)", arguments: ["solve", "GENERATED", "--json"], writesCSV: false))
        return cases
    }()

    /// The generated network every `GENERATED` stands for: 3 layers of 20 goods, 3 firms each, 4 inputs.
    static let generatorArguments = [
        "generate", "layered", "--layers", "3", "--goods", "20", "--firms-per-good", "3", "--inputs", "4", "--seed", "7",
    ]

    static var recording: Bool { ProcessInfo.processInfo.environment["PRICEPROP_RECORD_GOLDEN"] == "1" }

    static func goldenPath(_ name: String) -> String { Paths.root + "/Tests/Fixtures/golden/\(name)" }

    /// Compares `text` with the golden file `name`, or writes it when recording.
    func check(_ text: String, golden name: String) throws {
        let path = Self.goldenPath(name)
        if Self.recording {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if text != expected {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record("""
                \(name) differs from its golden file at line \(line + 1):
                  got:      \(line < got.count ? String(got[line]) : "<end>")
                  expected: \(line < want.count ? String(want[line]) : "<end>")
                """)
        }
    }

    @Test func generatedNetworkIsTheRecordedOne() throws {
        let generated = priceprop(Self.generatorArguments)
        #expect(generated.status == 0, "\(generated.err)")
        try check(generated.out, golden: "\(Self.generatedNetwork).json")
    }

    @Test(arguments: cases) func outputIsByteIdentical(_ testCase: Case) throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csvPath = directory + "/series.csv"
        let networkPath = directory + "/network.json"
        if testCase.arguments.contains("GENERATED") {
            let generated = priceprop(Self.generatorArguments + ["-o", networkPath])
            #expect(generated.status == 0, "\(generated.err)")
        }
        let arguments = testCase.arguments.map { $0 == "CSV" ? csvPath : $0 == "GENERATED" ? networkPath : $0 }
        let result = priceprop(arguments)
        // Paths to temporary files would differ between runs; the golden files name them by role.
        let scrub = { (text: String) in
            text.replacingOccurrences(of: networkPath, with: "GENERATED")
                .replacingOccurrences(of: csvPath, with: "CSV")
                .replacingOccurrences(of: Paths.root + "/", with: "")
        }
        try check("status \(result.status)\n--- out\n\(scrub(result.out))--- err\n\(scrub(result.err))", golden: testCase.name + ".txt")
        if testCase.writesCSV {
            try check(try String(contentsOfFile: csvPath, encoding: .utf8), golden: testCase.name + ".csv")
        }
    }
}
