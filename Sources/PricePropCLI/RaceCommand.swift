import PriceProp

/// `priceprop race FILE`: the market against a central planner doing gradient ascent on V.
struct RaceCommand: Command {
    static let configuration = CommandConfiguration(
        name: "race", abstract: "Race the market against a planner climbing the backprop gradient of V.",
        discussion: """
            Both start from the market's tick-0 allocation. Per tick: V for both, their distance to the optimum, \
            and the cosine between the market's allocation change and the planner's gradient.
            The race ends when both are within --tolerance of the optimum for 10 ticks in a row, or at \
            --max-ticks (the same default as run's). A tick's row is eight numbers whatever the network, so the \
            default 100,000 ticks with --csv take about 110 MB; at most 1,000,000 ticks are accepted.
            """,
        options: [
            .option("mechanism", value: "name", help: "Clearing mechanism for the market (priceprop mechanisms)."),
            .option("max-ticks", value: "n", help: "Stop after this many ticks if not settled.", default: "\(Run.Options.defaultMaxTicks)"),
            .option("tolerance", value: "t", help: "Settled when both V are within this fraction of max(1, |V*|) of the optimum V* (a gap in V, not run's price tolerance, hence the tighter default).", default: "1e-12"),
            ReportOptions.csv("Write the ticks as CSV"),
            .option("every", value: "k", help: "Write every k-th tick to the CSV (plus the first and last); the summary, the median cosine and the plot still use every tick.", default: "1"),
            ReportOptions.threads("Threads for loading, the direct solution and each market tick (default: all cores); results are identical for any count."),
            ReportOptions.plot("Write an SVG of both V curves and the cosine."),
            ReportOptions.json("Print the summary as JSON."),
            ReportOptions.quiet("Print nothing but errors, and no progress line."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.", isRequired: false)],
        examples: ["race scenarios/diamond.json --plot diamond.svg", "race ces --mechanism predictive --json",
                   "race competitive --csv race.csv --every 10 --threads 2"])

    var reporting: ReportOptions
    var mechanism: String?
    var maxTicks: Int
    var tolerance: Double
    var every: Int

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        reporting = try ReportOptions(parsing: arguments, command: Self.configuration.name,
                                      defaultFile: BundledScenarios.seedName)
        mechanism = try arguments.mechanism()
        maxTicks = try arguments.int("max-ticks", default: Run.Options.defaultMaxTicks, in: 1...Race.maximumTicks)
        tolerance = try arguments.double("tolerance", default: Race.Options().settledGap, in: Double.leastNonzeroMagnitude...1)
        every = try arguments.int("every", default: 1, in: 1...Int.max)
    }

    func run(io: inout CommandIO) -> Int32 {
        let (scenario, threads): (Scenario, Int)
        switch reporting.load(io: &io) {
        case let .success(loaded): (scenario, threads) = loaded
        case let .failure(status): return status.code
        }
        let race: Race
        switch self.race(of: scenario, threads: threads, io: &io) {
        case let .success(done): race = done
        case let .failure(status): return status.code
        }
        let status = writeFiles(of: race, io: &io)
        if reporting.printsReport {
            if reporting.json {
                io.print(JSONWriter().string(race.json))
            } else {
                printSummary(of: race, io: &io)
            }
        }
        return status
    }

    /// The race of `scenario`'s market against the planner; a failure has been reported.
    private func race(of scenario: Scenario, threads: Int, io: inout CommandIO) -> Result<Race, ExitStatus> {
        let where_ = scenario.file ?? scenario.name
        let name = mechanism ?? scenario.market.mechanism ?? ClearingMechanisms.defaultName
        guard let clearing = ClearingMechanisms.make(named: name, priceStep: scenario.market.priceStep) else {
            // The option was checked when parsed and the scenario's mechanism when loaded; this is their message.
            io.error("\(where_): \(RunSetupError.unknownMechanism(name, known: ClearingMechanisms.names))")
            return .failure(ExitStatus(ExitCode.usage))
        }
        let progress = TerminalProgress.reporter(quiet: reporting.quiet)
        let options = Race.Options(maxTicks: maxTicks, settledGap: tolerance)
        var recorded = 0.0
        do {
            let economy = try Economy(scenario, threads: threads)
            try Race.checkSize(of: economy, options: options)
            recorded = Race.recordedBytes(of: economy, maxTicks: maxTicks)
            let race = try Race(economy: economy, mechanism: clearing,
                                firmRule: ProfitSeekingFirm(step: scenario.market.firmStep ?? ProfitSeekingFirm.defaultStep),
                                options: options, threads: threads, progress: progress)
            TerminalProgress.finish(progress)
            return .success(race)
        } catch let error as EquilibriumError {
            TerminalProgress.finish(progress)
            if let size = RaceSizeError(error, recorded: recorded) {
                io.error("\(where_): \(size.message)")
                return .failure(ExitStatus(ExitCode.usage))
            }
            io.error("\(where_): \(error.message)")
            return .failure(ExitStatus(ExitCode.failure))
        } catch let error as RaceSizeError {
            TerminalProgress.finish(progress)
            io.error("\(where_): \(error.message)")
            return .failure(ExitStatus(ExitCode.usage))
        } catch {
            TerminalProgress.finish(progress)
            io.error("\(where_): \(error)")
            return .failure(ExitStatus(ExitCode.invalidScenario))
        }
    }

    /// Writes the CSV and the plot asked for; the status of the last write that failed, else success.
    private func writeFiles(of race: Race, io: inout CommandIO) -> Int32 {
        var status = ExitCode.success
        if let csvPath = reporting.csvPath {
            var text = ""
            CSVWriter().write(race.csvTable(every: every), to: &text)
            if let failed = io.write(text, toPath: csvPath) { status = failed }
        }
        if let plotPath = reporting.plotPath {
            var text = ""
            race.plot.write(to: &text)
            if let failed = io.write(text, toPath: plotPath) { status = failed }
        }
        return status
    }

    private func printSummary(of race: Race, io: inout CommandIO) {
        io.print("\(race.scenario): optimum V* = \(NumberText.significant(race.optimum, digits: 10)), \(race.ticks.count - 1) ticks")
        io.print("")
        var text = ""
        race.summaryTable.write(to: &text)
        io.out.write(text)
        io.print("")
        io.print("median cosine of the market's move with the planner's gradient: \(race.medianCosine.map { NumberText.significant($0, digits: 3) } ?? "undefined (the market never moved off the gradient's null space)")")
    }
}
