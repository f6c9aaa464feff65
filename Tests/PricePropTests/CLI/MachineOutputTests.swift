import Foundation
import Testing
import PriceProp
import PricePropTestSupport
@testable import PricePropCLI

/// Every command's `--json` and `--csv -` output is machine output alone: standard output holds one JSON value
/// or one CSV table, read by the package's own readers and, when `python3` is installed, by Python's `json`
/// and `csv` modules with no options. Human text goes to standard error.
@Suite struct MachineOutputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var format: Format
        /// Not converged after a fixed tick count is exit 1, with output as clean.
        var status: Int32 = ExitCode.success
        var testDescription: String { arguments.joined(separator: " ") }
    }

    enum Format: Sendable { case json, csv }

    static let cases: [Case] = [
        Case(arguments: ["run", "tupperware", "--json"], format: .json),
        Case(arguments: ["run", "tupperware", "--csv", "-", "--every", "50"], format: .csv),
        Case(arguments: ["run", "shock", "--csv", "-", "--every", "100"], format: .csv),
        Case(arguments: ["run", "tupperware", "--ticks", "0", "--csv", "-"], format: .csv, status: ExitCode.failure),
        Case(arguments: ["solve", "diamond", "--json"], format: .json),
        Case(arguments: ["solve", "diamond", "--csv", "-"], format: .csv),
        Case(arguments: ["solve", "free-good", "--csv", "-", "--quiet"], format: .csv),
        Case(arguments: ["race", "tupperware", "--max-ticks", "300", "--json"], format: .json),
        Case(arguments: ["race", "tupperware", "--max-ticks", "300", "--csv", "-"], format: .csv),
        Case(arguments: ["sensitivity", "tupperware", "--path", "goods.natgas.endowment", "--json"], format: .json),
        Case(arguments: ["sensitivity", "tupperware", "--path", "goods.natgas.endowment", "--csv", "-"], format: .csv),
        Case(arguments: ["sweep", "tupperware", "--vary", "goods.natgas.endowment=3:5:2", "--csv", "-"], format: .csv),
        Case(arguments: ["generate", "layered", "--layers", "1", "--goods", "2", "--firms-per-good", "1", "--inputs", "1"], format: .json),
    ]

    @Test(arguments: cases)
    func standardOutputIsMachineOutputAlone(_ c: Case) throws {
        let result = PipelineFuzzTests.run(c.arguments)
        #expect(result.status == c.status, "\(result.err)")
        #expect(MachineOutput.nonFiniteToken(in: result.out) == nil)
        switch c.format {
        case .json:
            #expect(MachineOutput.parsesAsJSON(result.out), "not one JSON value:\n\(result.out.prefix(1000))")
        case .csv:
            #expect(MachineOutput.parsesAsCSV(result.out), "not one CSV table:\n\(result.out.prefix(1000))")
        }
        if let python = try Self.python(reading: result.out, as: c.format) {
            #expect(python == "ok", "python3 could not read it: \(python)")
        }
    }

    /// `run --csv -` keeps its report, for a person, on standard error.
    @Test func runReportGoesToStandardErrorBesideCSV() {
        let result = PipelineFuzzTests.run(["run", "tupperware", "--csv", "-", "--every", "100"])
        #expect(result.err.contains("tupperware: converged after"))
        #expect(result.err.contains("market price") && result.err.contains("gradient"))
        #expect(!result.out.contains("converged"))
    }

    /// What `python3` says on reading `text` (`ok`, or its error), or `nil` without `python3`.
    static func python(reading text: String, as format: Format) throws -> String? {
        guard let python = Subprocess.onPath("python3") else { return nil }
        let script = format == .json
            ? "import json,sys; json.load(sys.stdin); print('ok')"
            : "import csv,sys; rows=list(csv.reader(sys.stdin)); assert rows and all(len(r)==len(rows[0]) for r in rows), 'ragged rows'; print('ok')"
        let (_, out, err) = try Subprocess.pipe(python, ["-c", script], input: text)
        return (out + err).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
