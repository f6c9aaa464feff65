import PriceProp

/// `priceprop validate FILE`: check a scenario and describe its network.
struct ValidateCommand: Command {
    static let configuration = CommandConfiguration(
        name: "validate",
        abstract: "Check a scenario file and print its network: goods, firms, who feeds whom.",
        discussion: "Every problem is reported at once, each with its file, line, column and JSON path. Exit status: 0 valid, 2 usage error, 3 invalid, 4 unreadable, 130/143 interrupted.",
        options: [
            .flag("all", help: "Print every row of the network's tables and every name in a cell (above 40 rows each table is cut, and a cell lists eight names)."),
            .option("threads", value: "n", help: "Threads for loading and checking (default: all cores); the result is the same for any count."),
            .flag("quiet", short: "q", help: "Print nothing but errors; the exit status says whether the file is valid."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.")],
        examples: ["validate scenarios/diamond.json"])

    var file: String
    var all: Bool
    var threads: Int
    var quiet: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        file = try arguments.path(positional: "file")
        all = arguments.flag("all")
        threads = try arguments.int("threads", default: ParallelRuns.defaultThreads, in: 1...4096)
        quiet = arguments.flag("quiet")
    }

    func run(io: inout CommandIO) -> Int32 {
        let threads = ThreadCount.capped(self.threads, io: &io, quiet: quiet)
        let scenario: Scenario
        switch ScenarioArgument.load(file, io: &io, showWarnings: !quiet, threads: threads) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return status.code
        }
        let economy: Economy
        do { economy = try Economy(scenario, threads: threads) } catch {
            io.error("\(scenario.file ?? file): \(error)")
            return ExitCode.invalidScenario
        }
        if quiet { return ExitCode.success }
        io.print("\(scenario.file ?? file): valid")
        let large = max(economy.goodCount, scenario.firms.count) > Economy.summaryRows
        if all || !large {
            io.out.write(economy.networkDescription(scenario: scenario))
        } else {
            io.out.write(economy.networkDescription(scenario: scenario, limit: Economy.summaryRows))
            io.print("(--all prints every row)")
        }
        return ExitCode.success
    }
}
