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
            .option("step", value: "h", help: "The shock of the central difference, in log productivity.", default: "1e-3"),
            .option("agree", value: "r", help: "Largest relative difference from the Domar weight counted as agreement.", default: "1e-6"),
            .option("max-ticks", value: "n", help: "Tick limit of the market run to the equilibrium.", default: "100000"),
            .option("threads", value: "n", help: "Threads for the re-solves (default: all cores); results are identical for any count."),
            .option("csv", value: "path", help: "Write the table as CSV: firm, output, domar, backprop, measured ('-' for standard output)."),
            .flag("json", help: "Print the table as JSON."),
            .flag("quiet", short: "q", help: "Print nothing but errors."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.")],
        examples: ["hulten examples/cd-network.json", "hulten examples/ces-network.json --json",
                   "hulten examples/cd-network.json --csv hulten.csv"])

    var file: String
    var step: Double
    var agree: Double
    var maxTicks: Int
    var threads: Int
    var csvPath: String?
    var json: Bool
    var quiet: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        file = try arguments.path(positional: "file")
        step = try arguments.double("step", default: HultenTable.Options.defaultStep, in: 1e-9...0.5)
        agree = try arguments.double("agree", default: 1e-6, in: 0...1)
        maxTicks = try arguments.int("max-ticks", default: Run.Options.defaultMaxTicks, in: 1...Int.max)
        threads = try arguments.int("threads", default: ParallelRuns.defaultThreads, in: 1...4096)
        csvPath = arguments.string("csv")
        json = arguments.flag("json")
        quiet = arguments.flag("quiet")
        try arguments.refuseJSONWithCSVOnStandardOutput(json: json, csvPath: csvPath, command: Self.configuration.name)
    }

    func run(io: inout CommandIO) -> Int32 {
        let threads = ThreadCount.capped(self.threads, io: &io, quiet: quiet)
        let scenario: Scenario
        switch ScenarioArgument.load(file, io: &io, showWarnings: !quiet, outputs: [("--csv", csvPath)], threads: threads) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return status.code
        }
        let table: HultenTable
        do {
            table = try HultenTable(scenario: scenario, options: .init(step: step, maxTicks: maxTicks, threads: threads))
        } catch {
            return HultenCommand.report(error, scenario: scenario, io: &io)
        }
        var status = ExitCode.success
        io.writeOutput(to: csvPath, status: &status) { table.writeCSV(to: &$0) }
        if !quiet && csvPath != "-" {
            io.printReport(asJSON: json, json: table.json, summary: table.summary, table: table.table)
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
