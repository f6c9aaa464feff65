import PriceProp

/// `priceprop shock-curve FILE --firm NAME`: log real GDP after shocks to one industry, exact against the
/// Hulten line and the second-order approximation.
struct ShockCurveCommand: Command {
    static let configuration = CommandConfiguration(
        name: "shock-curve",
        abstract: "Log real GDP after shocks to one industry's productivity: exact, Hulten's line and second order.",
        discussion: """
            Multiplies the industry's production by exp(z) for every z of --range, re-solves the equilibrium, and \
            prints the change in log real GDP (welfare change over GDP) beside Hulten's first-order line \
            domar · z and the second-order approximation domar · z + ½ dDomar/dz · z², dDomar/dz from the \
            implicit function theorem with exact second derivatives (docs/hulten.md). The scenario needs a \
            household, as for 'hulten'.
            Exit status: 0 done, 1 an equilibrium cannot be found, 2 usage error (an unknown --firm included), 3 \
            invalid scenario or no household, 4 a file could not be read or written, 130/143 interrupted.
            """,
        options: [
            .option("firm", value: "name", help: "The industry (firm entry) whose productivity is shocked."),
            .option("range", value: "lo:hi:n", help: "n shocks evenly from lo to hi, in log productivity.", default: "-0.3:0.3:13"),
            ReportOptions.threads("Threads for the re-solves (default: all cores); results are identical for any count."),
            ReportOptions.csv("Write the curves as CSV: z, exact, hulten, secondOrder"),
            ReportOptions.plot("Write an SVG of the three curves and the approximations' errors."),
            ReportOptions.json("Print the curves as JSON."),
            ReportOptions.quiet(),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.")],
        examples: ["shock-curve examples/ces-network.json --firm steelworks",
                   "shock-curve examples/ces-network.json --firm steelworks --range -0.5:0.5:21 --plot curve.svg"])

    var firm: String
    var shocks: [Double]
    var reporting: ReportOptions

    /// Most shocks one curve takes.
    static let maximumShocks = 10_000

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        reporting = try ReportOptions(parsing: arguments, command: Self.configuration.name)
        guard let firm = arguments.string("firm") else {
            throw UsageError(.missingArgument("--firm"), command: Self.configuration.name)
        }
        self.firm = firm
        let text = arguments.string("range") ?? "-0.3:0.3:13"
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let lower = try? DecimalText.double(parts[0]), let upper = try? DecimalText.double(parts[1]),
              abs(lower) <= 10, abs(upper) <= 10,
              let count = try? DecimalText.integer(parts[2]), (1...Self.maximumShocks).contains(count) else {
            throw UsageError(.invalidValue(option: "--range", value: text,
                                           expected: "lo:hi:n with |lo|, |hi| ≤ 10 and n from 1 to \(Self.maximumShocks)"),
                             command: Self.configuration.name)
        }
        shocks = ShockCurve.grid(lower: lower, upper: upper, count: count)
    }

    func run(io: inout CommandIO) -> Int32 {
        let (scenario, threads): (Scenario, Int)
        switch reporting.load(io: &io) {
        case let .success(loaded): (scenario, threads) = loaded
        case let .failure(status): return status.code
        }
        let curve: ShockCurve
        do {
            curve = try ShockCurve(scenario: scenario, firm: firm, shocks: shocks, threads: threads)
        } catch {
            return HultenCommand.report(error, scenario: scenario, io: &io)
        }
        var status = ExitCode.success
        io.writeOutput(to: reporting.csvPath, status: &status) { curve.writeCSV(to: &$0) }
        io.writeOutput(to: reporting.plotPath, status: &status) { curve.plot.write(to: &$0) }
        if reporting.printsReport {
            io.printReport(asJSON: reporting.json, json: curve.json, summary: curve.summary, table: curve.table)
        }
        return status
    }
}
