import Foundation
import Testing
@testable import PricePropCLI
import PriceProp
@testable import PricePropExpression
@testable import PricePropScenario
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

/// What an input says is shown, never obeyed: no name can add a line, move the cursor or bury a message;
/// and no figure gets a NaN coordinate from extreme data.
@Suite struct SafeEchoTests {
    @Test func controlCharactersAreShownAsEscapes() {
        #expect(MessageText.line("a\nb\tc\rd\u{0}e\u{1B}[31mf\u{7F}g\u{202E}h") == "a\\nb\\tc\\rd\\0e\\e[31mf\\u{7F}g\\u{202E}h")
        #expect(MessageText.line("plain 'natgas' – ünïcode") == "plain 'natgas' – ünïcode")
        let long = String(repeating: "a", count: 300) + String(repeating: "z", count: 300)
        let shown = MessageText.line(long, limit: 100)
        #expect(shown == String(repeating: "a", count: 66) + "…(509 characters)…" + String(repeating: "z", count: 25))
    }

    @Test func aNameCannotForgeADiagnosticLine() throws {
        let forged = #"{"name": "t", "goods": [{"name": "gas", "endowment": 4}, {"name": "p", "price": 1}], "firms": [{"name": "A", "output": "p\nfake.json:1:1: error: forged\u001b[2J\u0000", "production": "sqrt(gas)"}]}"#
        let result = try withScenarioFile(forged) { path in priceprop("validate", path) }
        #expect(result.status == ExitCode.invalidScenario)
        let lines = result.err.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line: \(result.err)")
        #expect(result.err.contains(#"unknown good 'p\nfake.json:1:1: error: forged\e[2J\0'"#))
        #expect(!result.err.contains("\u{1B}") && !result.err.contains("\u{0}"))
    }

    @Test func commandLineValuesAreEscapedInUsageErrors() {
        let result = priceprop("run", "--mechanism", "x\nfake: error: forged")
        #expect(result.status == ExitCode.usage)
        #expect(result.err.hasPrefix(#"priceprop: error: invalid value 'x\nfake: error: forged' for '--mechanism'"#))
        #expect(result.err.split(separator: "\n").count == 2, "the message and the hint")
    }

    @Test func shardTakesANegativeLookingValueAndSaysWhatIsWrong() {
        let result = priceprop("sweep", "tupperware", "--vary", "goods.natgas.endowment=1:2:3", "--shard", "-1/2")
        #expect(result.status == ExitCode.usage)
        #expect(result.err.hasPrefix("priceprop: error: invalid value '-1/2' for '--shard'; expected i/n with 1 <= i <= n, e.g. 3/8"))
    }

    /// The three-row series with a subnormal derivative once drew `nan` coordinates.
    @Test func plotOfASubnormalDerivativeHasNoNaN() throws {
        let table = try CSVReader.read("tick,g.price,g.gradient,g.error,value\n0,1,2,0.5,1\n1,1,5e-324,0.5,1\n")
        let svg = try RunPlot(csv: table).figure(title: "t").svg
        #expect(!svg.lowercased().contains("nan"))
        #expect(!svg.contains("inf"))
        #expect(svg.hasSuffix("</svg>\n"))
        let axis = SVGPlot.logAxis(lower: Double.leastNonzeroMagnitude, upper: 2, maxTicks: 7)
        #expect(axis.lower > 0 && axis.upper.isFinite)
        #expect((axis.fraction(Double.leastNonzeroMagnitude) ?? .nan).isFinite)
    }

    /// A sensitivity stopped before it starts reports no rows rather than rows of unfinished runs.
    @Test func stoppedSensitivitiesKeepOnlyFinishedRows() throws {
        let scenario = try Scenario.decode(BundledScenarios.text(named: "tupperware") ?? "")
        let stopped = try SensitivityReport(scenario: scenario, shouldStop: { true })
        #expect(stopped.sensitivities.isEmpty)
        let full = try SensitivityReport(scenario: scenario)
        #expect(!full.sensitivities.isEmpty)
        #expect(full.sensitivities.allSatisfy { $0.converged })
    }

    private func withScenarioFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/forged.json"
        try AtomicFile.write(text, to: path)
        return try body(path)
    }
}
