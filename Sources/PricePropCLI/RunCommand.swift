import PriceProp

/// `priceprop run FILE`: simulate until prices settle and compare them with the backprop derivatives.
struct RunCommand: Command {
    static let configuration = CommandConfiguration(
        name: "run",
        abstract: "Simulate a scenario until prices settle and compare them with backprop derivatives.",
        discussion: """
            Firms adjust their input demand from their own prices each tick; markets move prices from excess \
            demand. The run stops when prices, quantities and excess demand have stopped moving and every market \
            price equals its backprop derivative dV/dgood, all within the tolerance, or at the tick limit.
            FILE is a scenario file or the name of a bundled scenario (see 'priceprop list'); without FILE the \
            seed scenario runs.
            Exit status: 0 converged and matching, 1 not converged or diverged, 2 usage error, 3 invalid \
            scenario, 4 a file could not be read or written, 130/143 interrupted.
            """,
        options: [
            .option("max-ticks", value: "n", help: "Stop after this many ticks if not converged.", default: "100000"),
            .option("ticks", value: "n", help: "Run exactly this many ticks, converged or not."),
            .option("tolerance", value: "t", help: "Convergence tolerance (relative).", default: "1e-10"),
            .option("csv", value: "path", help: "Write the time series as CSV ('-' for standard output)."),
            .option("plot", value: "path", help: "Draw prices against their derivatives, the error and V over ticks as SVG."),
            .option("report", value: "path", help: "Write one self-contained HTML page: description, network, convergence, table, settings."),
            .option("every", value: "k", help: "Record every k ticks (plus the first and last).", default: "1"),
            .option("mechanism", value: "name", help: "Clearing mechanism (see 'priceprop mechanisms'); overrides the scenario's."),
            .option("threads", value: "n", help: "Threads for loading and for each tick (default: all cores); results are identical for any count."),
            .flag("json", help: "Print the report as JSON instead of a table."),
            .flag("all", help: "Print every row of the table, however many goods (above 40 goods the table is summarised)."),
            .flag("quiet", short: "q", help: "Print nothing but errors (and the exit status)."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.", isRequired: false)],
        examples: ["run scenarios/tupperware.json", "run diamond --json", "run scenarios/ces.json --csv ces.csv --every 10",
                   "run scenarios/tupperware.json --plot tupperware.svg",
                   "run diamond --report diamond.html"])

    var file: String
    var maxTicks: Int?
    var ticks: Int?
    var tolerance: Double?
    var csvPath: String?
    var plotPath: String?
    var reportPath: String?
    var every: Int
    var json: Bool
    var quiet: Bool
    var all = false
    var mechanism: String?
    var threads: Int = ParallelRuns.defaultThreads

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional("file") ?? BundledScenarios.seedName
        maxTicks = arguments.isGiven("max-ticks") ? try arguments.int("max-ticks", default: 0, in: 1...Int.max) : nil
        ticks = arguments.isGiven("ticks") ? try arguments.int("ticks", default: 0, in: 0...Int.max) : nil
        tolerance = arguments.isGiven("tolerance") ? try arguments.double("tolerance", default: 0, in: Double.leastNonzeroMagnitude...1) : nil
        csvPath = arguments.string("csv")
        plotPath = arguments.string("plot")
        reportPath = arguments.string("report")
        every = try arguments.int("every", default: 1, in: 1...Int.max)
        json = arguments.flag("json")
        quiet = arguments.flag("quiet")
        all = arguments.flag("all")
        mechanism = try arguments.mechanism()
        threads = try arguments.int("threads", default: ParallelRuns.defaultThreads, in: 1...4096)
        try arguments.requireAtMostOne(of: "ticks", "max-ticks")
        try arguments.refuseJSONWithCSVOnStandardOutput(json: json, csvPath: csvPath, command: Self.configuration.name)
        if plotPath == "-", csvPath == "-" || json {
            throw UsageError(.conflictingOptions("--plot -", json ? "--json" : "--csv -"), command: Self.configuration.name)
        }
        if reportPath == "-", csvPath == "-" || json || plotPath == "-" {
            throw UsageError(.conflictingOptions("--report -", json ? "--json" : plotPath == "-" ? "--plot -" : "--csv -"),
                             command: Self.configuration.name)
        }
    }

    init(file: String) {
        self.file = file
        every = 1
        json = false
        quiet = false
    }

    func run(io: inout CommandIO) -> Int32 {
        let threads = ThreadCount.capped(self.threads, io: &io, quiet: quiet)
        // Taken apart so that no second copy of the run is held: a simulation copies its state on its next
        // step when it is not the only holder.
        var run: Run
        let label: String, pageScenario: Scenario?
        switch setUp(io: &io, threads: threads) {
        case let .success(made):
            run = made.run
            label = made.label
            pageScenario = made.pageScenario
        case let .failure(status): return status.code
        }
        var series: TimeSeriesOutput?
        if let csvPath {
            do { series = try TimeSeriesOutput(path: csvPath, schema: run.schema, io: &io) } catch {
                io.error(error.description)
                return ExitCode.fileIO
            }
        }
        var status = ExitCode.success
        let (report, solved) = execute(&run, scenario: pageScenario, series: series, status: &status, io: &io)
        // With the time series on standard output, the report is for a person: it goes to standard error so
        // the CSV stays one table.
        var human = AtomicFile.isStandardOutput(csvPath ?? "") ? CommandIO(out: io.err, err: io.err) : io
        if case .interrupted = report.outcome {
            // Stopped because standard output failed: the entry point reports that, once.
            if Interruption.caught == nil { return ExitCode.fileIO }
            // The per-good table of a large network runs to many lines; after a stop request only the summary.
            if !quiet && plotPath != "-" && reportPath != "-" && !json { human.print(report.summary) }
            io.error("interrupted at tick \(report.ticks)")
            return status == ExitCode.fileIO ? status : Interruption.exitStatus
        }
        if !quiet && plotPath != "-" && reportPath != "-" {
            // The direct solve only runs when its distance is shown, and once.
            let groundTruth = solved ?? GroundTruthCheck(run.simulation)
            if json {
                human.print(JSONWriter().string(report.json(solveDistance: groundTruth.distance)))
            } else {
                printReport(report, economy: run.simulation.economy, groundTruth: groundTruth, to: &human)
            }
        }
        if case let .diverged(fault) = report.outcome { io.error("\(label): \(fault.message)") }
        return status
    }

    /// A run set up from its scenario, with what the rest of the command needs of the scenario: its label for
    /// messages, and the scenario itself only for a report page, which shows its settings.
    private struct SetUp {
        var run: Run
        var label: String
        var pageScenario: Scenario?
    }

    /// Loads the scenario and sets up its run, or prints why not. The scenario is let go here unless a report
    /// page needs it: the run does not read it, and on a large network it holds a few hundred bytes per firm
    /// (the firms' entries, their parameter lists, the source map) beside the engine's own state.
    private func setUp(io: inout CommandIO, threads: Int) -> Result<SetUp, ExitStatus> {
        let scenario: Scenario
        switch ScenarioArgument.load(file, io: &io, showWarnings: !quiet, outputs: [("--csv", csvPath), ("--plot", plotPath), ("--report", reportPath)], threads: threads) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return .failure(status)
        }
        let label = scenario.file ?? scenario.name
        do {
            let run = try Run(scenario: scenario, options: options(scenario), mechanism: mechanism, threads: threads)
            return .success(SetUp(run: run, label: label, pageScenario: reportPath == nil ? nil : scenario))
        } catch {
            io.error("\(label): \(error)")
            return .failure(ExitStatus(ExitCode.failure))
        }
    }

    /// The scenario's run options with the command line's on top.
    private func options(_ scenario: Scenario) -> Run.Options {
        var options = Run.Options(scenario: scenario)
        if let maxTicks { options.maxTicks = maxTicks }
        if let tolerance { options.tolerance = tolerance }
        options.exactTicks = ticks
        options.recordEvery = every
        options.record = csvPath != nil || plotPath != nil || reportPath != nil
        return options
    }
}
