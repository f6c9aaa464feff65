import Foundation
import PriceProp

/// Where a command's scenario comes from: a file path, or the name of a bundled scenario when no such file
/// exists (so `priceprop run tupperware` works from any directory).
enum ScenarioArgument {
    /// Checks that every output path can be written and that none is the scenario file or another output
    /// (before any long work starts), then loads and validates the scenario on up to `threads` threads; on
    /// failure prints the problem(s) and returns the exit status.
    /// - Parameter outputs: each output path with the option that named it (`--csv`), for messages.
    static func load(
        _ argument: String, io: inout CommandIO, showWarnings: Bool = true, outputs: [(option: String, path: String?)] = [],
        otherInputs: [(option: String, path: String)] = [], threads: Int = ParallelRuns.defaultThreads
    ) -> Result<Scenario, ExitStatus> {
        let inputs = (fileExists(argument) ? [(path: argument, role: "the scenario file")] : [])
            + otherInputs.map { (path: $0.path, role: "the input of '\($0.option)'") }
        if let status = checkOutputs(outputs, inputs: inputs, io: &io) { return .failure(status) }
        let scenario: Scenario
        do {
            if !fileExists(argument), let text = BundledScenarios.text(named: argument) {
                scenario = try Scenario.decode(text, file: "\(argument) (bundled)", threads: threads)
            } else {
                scenario = try Scenario.load(contentsOf: argument, threads: threads)
            }
        } catch let error as ScenarioLoadError {
            switch error {
            case .unreadable:
                io.err.write(error.description + "\n")
                if BundledScenarios.text(named: argument) == nil, !argument.contains("/"),
                   let near = closestMatch(to: argument, among: BundledScenarios.all.map(\.name)) {
                    io.err.write("note: did you mean the bundled scenario '\(near)'? (priceprop list)\n")
                }
                return .failure(ExitStatus(ExitCode.fileIO))
            case let .invalid(invalid):
                io.err.write(invalid.description + "\n")
                return .failure(ExitStatus(ExitCode.invalidScenario))
            }
        } catch let error as ScenarioError {
            io.err.write(error.description + "\n")
            return .failure(ExitStatus(ExitCode.invalidScenario))
        } catch {
            io.err.write(MessageText.line("\(argument): error: \(error)") + "\n")
            return .failure(ExitStatus(ExitCode.invalidScenario))
        }
        if let diagnostic = scenario.mechanismDiagnostic {
            io.err.write(diagnostic.rendered + "\n")
            return .failure(ExitStatus(ExitCode.invalidScenario))
        }
        if showWarnings {
            for warning in scenario.warnings { io.err.write(warning.rendered + "\n") }
        }
        return .success(scenario)
    }

    /// Checks that each output can be written and is neither an input nor another output; reports the first
    /// problem and returns its status, else `nil`.
    static func checkOutputs(
        _ outputs: [(option: String, path: String?)], inputs: [(path: String, role: String)], io: inout CommandIO
    ) -> ExitStatus? {
        let given = outputs.compactMap { output in output.path.map { (path: $0, role: "the output of '\(output.option)'") } }
        do throws(FileError) {
            try AtomicFile.checkDistinct(inputs: inputs, outputs: given)
            for output in given { try AtomicFile.checkWritable(output.path) }
        } catch {
            io.error(error.description)
            return ExitStatus(ExitCode.fileIO)
        }
        return nil
    }

    private static func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}

/// An exit status carried as an error value.
struct ExitStatus: Error {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}
