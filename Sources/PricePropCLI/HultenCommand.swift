import PriceProp

/// `priceprop hulten FILE`: every industry's effect on log real GDP, by backprop, by its Domar weight, and by
/// re-solving the economy.
struct HultenCommand: Command {
    static let configuration = CommandConfiguration(
        name: "hulten",
        abstract: "Hulten's theorem, certified: d ln GDP / d ln productivity per industry, by backprop, Domar weight and re-solving.",
        discussion: """
            Runs the market to its equilibrium first: the prices the agents find are the ones judged. The \
            scenario needs a household: a "households" entry, whose utility B · ln U is counted in welfare, the \
            numeraire; every firm entry is an industry. GDP is the \
            households' spending at equilibrium, in welfare units. For each industry: backprop is the reverse \
            pass's adjoint of its output times its output, over GDP; domar its sales over GDP; measured the \
            central difference of re-solved welfare with its production multiplied by exp(±h), over GDP \
            (docs/hulten.md).
            Exit status: 0 both columns agree with the Domar weight within --agree, 1 otherwise or when an \
            equilibrium cannot be found, 2 usage error, 3 invalid scenario or no household, 4 a file could not be \
            read or written, 130/143 interrupted.
            """,
        options: [
            .option("firm", value: "name", help: "Measure only this industry (firm entry); repeat for several, in the order given.", repeatable: true),
            .option("step", value: "h", help: "The shock of the central difference, in log productivity.", default: "1e-3"),
            .option("agree", value: "r", help: "Largest relative difference from the Domar weight counted as agreement.", default: "1e-6"),
            .option("max-ticks", value: "n", help: "Tick limit of the market run to the equilibrium.", default: "100000"),
            ReportOptions.threads("Threads for the re-solves (default: all cores); results are identical for any count."),
            ReportOptions.csv("Write the table as CSV: firm, output, domar, backprop, measured"),
            ReportOptions.json("Print the table as JSON."),
            ReportOptions.quiet(),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.")],
        examples: ["hulten examples/cd-network.json", "hulten examples/ces-network.json --json",
                   "hulten examples/cd-network.json --csv hulten.csv",
                   "hulten us-2021-71 --firm Housing --firm 'Wholesale trade'"])

    var step: Double
    var agree: Double
    var maxTicks: Int
    var industries: [String]
    var reporting: ReportOptions

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        reporting = try ReportOptions(parsing: arguments, command: Self.configuration.name)
        step = try arguments.double("step", default: HultenTable.Options.defaultStep, in: 1e-9...0.5)
        agree = try arguments.double("agree", default: 1e-6, in: 0...1)
        maxTicks = try arguments.int("max-ticks", default: Run.Options.defaultMaxTicks, in: 1...Int.max)
        industries = arguments.strings("firm")
    }

    func run(io: inout CommandIO) -> Int32 {
        let (scenario, threads): (Scenario, Int)
        switch reporting.load(io: &io) {
        case let .success(loaded): (scenario, threads) = loaded
        case let .failure(status): return status.code
        }
        let table: HultenTable
        do {
            table = try HultenTable(scenario: scenario, options: .init(step: step, maxTicks: maxTicks, threads: threads,
                                                                     industries: industries.isEmpty ? nil : industries))
        } catch {
            return HultenCommand.report(error, scenario: scenario, io: &io)
        }
        var status = ExitCode.success
        io.writeOutput(to: reporting.csvPath, status: &status) { table.writeCSV(to: &$0) }
        if reporting.printsReport {
            io.printReport(asJSON: reporting.json, json: table.json, summary: table.summary, table: table.table)
        }
        let columns: [(name: String, difference: Double)] = [
            ("backprop", table.largestDifference(\.backprop)), ("measured", table.largestDifference(\.measured))]
        for (name, difference) in columns where !(difference <= agree) {
            let text = NumberText.significant(difference, digits: 3), limit = NumberText.significant(agree, digits: 3)
            io.error("\(scenario.file ?? scenario.name): \(name) differs from the Domar weight by \(text), more than --agree \(limit)")
            if status == ExitCode.success { status = ExitCode.failure }
        }
        return status
    }

    /// Prints a production-network error and returns its exit status: 3 for a scenario that is not a network
    /// with a household, 2 for an industry that does not exist, 1 for an equilibrium not found.
    static func report(_ error: HultenError, scenario: Scenario, io: inout CommandIO) -> Int32 {
        switch error {
        case .noHousehold, .noIndustry:
            io.error(error.message)
            return ExitCode.invalidScenario
        case .unknownIndustry:
            io.error("--firm: \(error.message)")
            return ExitCode.usage
        case .economy, .run, .marketNotConverged, .equilibrium, .notConverged, .noSpending:
            io.error("\(scenario.file ?? scenario.name): \(error.message)")
            return ExitCode.failure
        }
    }
}
