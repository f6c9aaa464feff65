import Foundation
import PriceProp
@testable import PricePropScenario
import PricePropTestSupport
@testable import PricePropCLI

/// One input of the coverage-guided fuzzer (`scripts/fuzz.sh`) through the whole `priceprop` pipeline: the
/// first byte picks a command line, the rest is the scenario file it reads. ``FuzzRegressionTests`` replays
/// the kept corpus and every crasher through the same code.
enum FuzzCase {
    /// Command lines whose work stays small; `FILE` stands for the scenario.
    static let commandLines: [[String]] = [
        ["run", "FILE", "--ticks", "20"],
        ["run", "FILE", "--max-ticks", "30", "--json"],
        ["run", "FILE", "--ticks", "10", "--csv", "-", "--every", "3"],
        ["validate", "FILE"],
        ["solve", "FILE", "--max-iterations", "10"],
        ["sensitivity", "FILE", "--max-ticks", "20", "--threads", "1"],
        ["run", "FILE", "--ticks", "8", "--mechanism", "predictive", "--threads", "2"],
        ["plot", "FILE", "-o", "-"],
    ]

    /// Economies above this many firms are left out: large but legal, they are slow, not faulty (the size
    /// limits themselves are tested with fixtures).
    static let firmLimit = 1_000

    /// Runs `input` with its scenario written to `file`; returns what is wrong with the outcome, or `nil`
    /// when the command behaved (a documented status, no `nan`/`inf` or Swift names in its reports, machine
    /// output that parses). A crash never returns.
    static func problem(_ input: [UInt8], file: String) -> String? {
        guard let selector = input.first else { return nil }
        let document = Array(input.dropFirst())
        if let scenario = try? Scenario.decodeWithoutValidating(document, file: nil),
           scenario.firms.reduce(0, { ScenarioValidator.saturatingSum($0, max(0, $1.count)) }) > firmLimit {
            return nil
        }
        guard FileManager.default.createFile(atPath: file, contents: Data(document)) else { return "cannot write \(file)" }
        let arguments = commandLines[Int(selector) % commandLines.count].map { $0 == "FILE" ? file : $0 }
        let out = TextBuffer(), err = TextBuffer()
        var io = CommandIO(out: out, err: err)
        let status = CommandLineTool.main(arguments: arguments, io: &io)
        let shown = "priceprop \(arguments.joined(separator: " ")) exited \(status)"
        guard [ExitCode.success, ExitCode.failure, ExitCode.invalidScenario, ExitCode.fileIO].contains(status) else {
            return "\(shown)\n\(err.text)"
        }
        if status != ExitCode.success, (out.text + err.text).isEmpty { return "\(shown) without a word" }
        for text in [out.text, err.text] {
            if let spelling = MachineOutput.internalSpelling(in: text) { return "\(shown): '\(spelling)' in\n\(text)" }
            // Diagnostics of a refused file echo its bytes, which may spell anything.
            if status != ExitCode.invalidScenario, let token = MachineOutput.nonFiniteToken(in: text) {
                return "\(shown): '\(token)' in\n\(text)"
            }
        }
        guard status == ExitCode.success || status == ExitCode.failure, !out.text.isEmpty else { return nil }
        if arguments.contains("--json"), !MachineOutput.parsesAsJSON(out.text) { return "\(shown): stdout is not JSON\n\(out.text)" }
        if arguments.contains("--csv"), !MachineOutput.parsesAsCSV(out.text) { return "\(shown): stdout is not CSV\n\(out.text)" }
        return nil
    }
}
