import PriceProp

/// `priceprop race FILE`: the market against a central planner doing gradient ascent on V.
struct RaceCommand: Command {
    static let configuration = CommandConfiguration(
        name: "race", abstract: "Race the market against a planner climbing the backprop gradient of V.",
        discussion: "Both start from the market's tick-0 allocation. Per tick: V for both, their distance to the optimum, and the cosine between the market's allocation change and the planner's gradient.",
        options: [
            .option("mechanism", value: "name", help: "Clearing mechanism for the market (priceprop mechanisms)."),
            .option("max-ticks", value: "n", help: "Stop after this many ticks.", default: "10000"),
            .option("csv", value: "path", help: "Write every tick as CSV ('-' for standard output)."),
            .option("plot", value: "path", help: "Write an SVG of both V curves and the cosine."),
            .flag("json", help: "Print the summary as JSON."),
            .flag("quiet", short: "q", help: "Print nothing but errors, and no progress line."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.", isRequired: false)],
        examples: ["race scenarios/diamond.json --plot diamond.svg", "race ces --mechanism predictive --json"])

    var file: String
    var mechanism: String?
    var maxTicks: Int
    var csvPath: String?
    var plotPath: String?
    var json: Bool
    var quiet = false

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional("file") ?? BundledScenarios.seedName
        mechanism = arguments.string("mechanism")
        maxTicks = try arguments.int("max-ticks", default: 10_000, in: 1...Race.maximumTicks)
        csvPath = arguments.string("csv")
        plotPath = arguments.string("plot")
        json = arguments.flag("json")
        quiet = arguments.flag("quiet")
        if json, csvPath == "-" {
            throw UsageError(.conflictingOptions("--json", "--csv -"), command: Self.configuration.name)
        }
    }

    func run(io: inout CommandIO) -> Int32 {
        let scenario: Scenario
        switch ScenarioArgument.load(file, io: &io, showWarnings: !quiet, outputs: [("--csv", csvPath), ("--plot", plotPath)]) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return status.code
        }
        let where_ = scenario.file ?? scenario.name
        let name = mechanism ?? scenario.market.mechanism ?? ClearingMechanisms.defaultName
        guard let clearing = ClearingMechanisms.make(named: name, priceStep: scenario.market.priceStep) else {
            let hint = ClearingMechanisms.suggestion(for: name).map { "; did you mean '\($0)'?" } ?? ""
            io.error("unknown market mechanism '\(name)'\(hint) (known: \(ClearingMechanisms.names.joined(separator: ", ")))")
            return ExitCode.usage
        }
        let race: Race
        let progress = TerminalProgress.reporter(quiet: quiet)
        let options = Race.Options(maxTicks: maxTicks)
        var recorded = 0.0
        do {
            let economy = try Economy(scenario, threads: ParallelRuns.defaultThreads)
            try Race.checkSize(of: economy, options: options)
            recorded = Race.recordedBytes(of: economy, maxTicks: maxTicks)
            race = try Race(economy: economy, mechanism: clearing,
                            firmRule: ProfitSeekingFirm(step: scenario.market.firmStep ?? ProfitSeekingFirm.defaultStep),
                            options: options, progress: progress)
        } catch let error as EquilibriumError {
            TerminalProgress.finish(progress)
            if let size = RaceSizeError(error, recorded: recorded) {
                io.error("\(where_): \(size.message)")
                return ExitCode.usage
            }
            io.error("\(where_): \(error.message)")
            return ExitCode.failure
        } catch let error as RaceSizeError {
            TerminalProgress.finish(progress)
            io.error("\(where_): \(error.message)")
            return ExitCode.usage
        } catch {
            TerminalProgress.finish(progress)
            io.error("\(where_): \(error)")
            return ExitCode.invalidScenario
        }
        TerminalProgress.finish(progress)
        var status = ExitCode.success
        if let csvPath {
            var text = ""
            CSVWriter().write(race.csvTable, to: &text)
            if let failed = io.write(text, toPath: csvPath) { status = failed }
        }
        if let plotPath {
            var text = ""
            race.plot.write(to: &text)
            if let failed = io.write(text, toPath: plotPath) { status = failed }
        }
        if quiet {
        } else if json {
            io.print(JSONWriter().string(race.json))
        } else if csvPath != "-" {
            io.print("\(race.scenario): optimum V* = \(NumberText.significant(race.optimum, digits: 10)), \(race.ticks.count - 1) ticks")
            io.print("")
            var text = ""
            race.summaryTable.write(to: &text)
            io.out.write(text)
            io.print("")
            io.print("median cosine of the market's move with the planner's gradient: \(race.medianCosine.map { NumberText.significant($0, digits: 3) } ?? "undefined (the market never moved off the gradient's null space)")")
        }
        return status
    }
}
