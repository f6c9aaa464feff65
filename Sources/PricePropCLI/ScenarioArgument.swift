import Foundation
import PriceProp

/// Where a command's scenario comes from: a file path, or the name of a bundled scenario when no such file
/// exists (so `priceprop run tupperware` works from any directory).
enum ScenarioArgument {
    /// Checks that every output path can be written (before any long work starts), then loads and validates
    /// the scenario on up to `threads` threads; on failure prints the problem(s) and returns the exit status.
    static func load(
        _ argument: String, io: inout CommandIO, showWarnings: Bool = true, outputs: [String?] = [],
        threads: Int = ParallelRuns.defaultThreads
    ) -> Result<Scenario, ExitStatus> {
        for path in outputs.compactMap({ $0 }) {
            do { try AtomicFile.checkWritable(path) } catch {
                io.error(error.description)
                return .failure(ExitStatus(ExitCode.fileIO))
            }
        }
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
            io.err.write("\(argument): error: \(error)\n")
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

    private static func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}

/// An exit status carried as an error value.
struct ExitStatus: Error {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}
