import Testing
@testable import PricePropCLI

/// The report commands share one reading of the scenario argument and their outputs: two outputs on
/// standard output, or `--json` with one, are refused before anything runs, whichever command it is.
@Suite struct ReportOptionsTests {
    static let commands: [[String]] = [
        ["hulten", "examples/cd-network.json"],
        ["shock-curve", "examples/ces-network.json", "--firm", "steelworks"],
        ["race", "tupperware"],
        ["sensitivity", "tupperware"],
        ["sweep", "tupperware", "--vary", "goods.natgas.endowment=1:2:2"],
    ]

    @Test(arguments: commands) func jsonWithCSVOnStandardOutputIsRefused(command: [String]) {
        let result = priceprop(command + ["--json", "--csv", "-"])
        #expect(result.status == ExitCode.usage)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("'--json' cannot be used with '--csv -'"), "\(result.err)")
    }

    /// Only the commands that draw take `--plot`; there the CSV and the SVG cannot share standard output.
    @Test(arguments: commands.filter { ["shock-curve", "race", "sweep"].contains($0[0]) })
    func csvAndPlotOnStandardOutputAreRefused(command: [String]) {
        let both = priceprop(command + ["--csv", "-", "--plot", "-"])
        #expect(both.status == ExitCode.usage)
        #expect(both.err.contains("'--csv -' cannot be used with '--plot -'"), "\(both.err)")
        let json = priceprop(command + ["--json", "--plot", "-"])
        #expect(json.status == ExitCode.usage)
        #expect(json.err.contains("'--json' cannot be used with '--plot -'"), "\(json.err)")
    }

    @Test func racePlotsTheSeedScenarioWhenNoFileIsGiven() {
        let result = priceprop("race", "--plot", "-", "--max-ticks", "20")
        #expect(result.status == ExitCode.success, "\(result.err)")
        #expect(result.out.hasPrefix("<svg") || result.out.hasPrefix("<?xml"), "\(result.out.prefix(80))")
    }

    @Test(arguments: ["hulten", "shock-curve", "sensitivity", "sweep"])
    func theScenarioIsRequired(command: String) {
        let result = priceprop(command)
        #expect(result.status == ExitCode.usage)
        #expect(result.err.contains("file"), "\(result.err)")
    }

    @Test func threadsAreCheckedForEveryReportCommand() {
        for command in Self.commands {
            #expect(priceprop(command + ["--threads", "0"]).status == ExitCode.usage, "\(command[0])")
        }
    }
}
