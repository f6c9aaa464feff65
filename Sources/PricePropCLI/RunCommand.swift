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
        mechanism = arguments.string("mechanism")
        if let mechanism, ClearingMechanisms.make(named: mechanism) == nil {
            throw UsageError(.invalidValue(option: "--mechanism", value: mechanism,
                                           expected: "one of \(ClearingMechanisms.names.joined(separator: ", "))"
                                               + didYouMean(ClearingMechanisms.suggestion(for: mechanism))),
                             command: Self.configuration.name)
        }
        threads = try arguments.int("threads", default: ParallelRuns.defaultThreads, in: 1...4096)
        try arguments.requireAtMostOne(of: "ticks", "max-ticks")
        if json, csvPath == "-" {
            throw UsageError(.conflictingOptions("--json", "--csv -"), command: Self.configuration.name)
        }
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
        let scenario: Scenario
        switch ScenarioArgument.load(file, io: &io, showWarnings: !quiet, outputs: [("--csv", csvPath), ("--plot", plotPath), ("--report", reportPath)], threads: threads) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return status.code
        }
        var options = Run.Options(scenario: scenario)
        if let maxTicks { options.maxTicks = maxTicks }
        if let tolerance { options.tolerance = tolerance }
        options.exactTicks = ticks
        options.recordEvery = every
        options.record = csvPath != nil || plotPath != nil || reportPath != nil
        var run: Run
        do { run = try Run(scenario: scenario, options: options, mechanism: mechanism, threads: threads) } catch {
            io.error("\(scenario.file ?? scenario.name): \(error)")
            return ExitCode.failure
        }
        var series: TimeSeriesOutput?
        if let csvPath {
            do { series = try TimeSeriesOutput(path: csvPath, columns: run.columns, io: &io) } catch {
                io.error(error.description)
                return ExitCode.fileIO
            }
        }
        // The run's own columns always satisfy the plot.
        var plot = plotPath == nil && reportPath == nil ? nil : try? RunPlot(columns: run.columns)
        let shockTicks = run.shocks.map(\.tick)
        var status = ExitCode.success
        let report = Interruption.keepingResults { () -> Run.Report in
            let progress = TerminalProgress.reporter(quiet: quiet)
            let outputFailed = { [io] in io.outputFailed }
            let report = run.execute(progress: progress, deliver: { rows in
                series?.append(rows)
                plot?.append(rows)
            }, shouldStop: { Interruption.caught != nil || outputFailed() })
            TerminalProgress.finish(progress)
            status = report.converged ? ExitCode.success : ExitCode.failure
            if let failed = series?.finish(io: &io) { status = failed }
            let figure = plot?.figure(title: report.scenario, shockTicks: shockTicks.filter { $0 <= report.ticks })
            if let plotPath, let figure, let failed = io.write(figure.svg, toPath: plotPath) { status = failed }
            if let reportPath {
                let page = RunReportPage(scenario: scenario, run: run, report: report, convergence: figure)
                if let failed = io.write(page.html, toPath: reportPath) { status = failed }
            }
            return report
        }
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
        let groundTruth = GroundTruthCheck(run.simulation)
        if !quiet && plotPath != "-" && reportPath != "-" {
            if json {
                var json = report.json
                if case var .object(members) = json {
                    members.append(.init("solveDistance", .number(groundTruth.distance)))
                    if report.segments.count > 1 { members.append(.init("segments", report.segmentsJSON)) }
                    json = .object(members)
                }
                human.print(JSONWriter().string(json))
            } else {
                human.print(report.summary)
                human.print("")
                var text = ""
                let economy = run.simulation.economy
                if all || economy.goodCount <= Run.Report.summaryGoods {
                    report.table(economy: economy).write(to: &text)
                } else {
                    // A large network's full table is hundreds of thousands of lines: the counts, the first
                    // goods and the largest errors say what matters.
                    let (first, largest, fullRows) = report.summaryTables(economy: economy)
                    text += "\(counted(economy.goodCount, "good", "goods")), \(counted(economy.firmCount, "firm", "firms")); the first \(first.rows.count) goods:\n\n"
                    first.write(to: &text)
                    text += "\nthe \(largest.rows.count) largest relative errors:\n\n"
                    largest.write(to: &text)
                    text += "\n(\(fullRows) rows in full: --all prints them, --json or --csv gives them to a program)\n"
                }
                human.out.write(text)
                human.print("")
                human.print("V = \(NumberText.significant(report.comparison.value, digits: 10)) (net value traded at fixed prices)")
                if let distance = groundTruth.distance {
                    human.print("largest relative distance to the direct solution ('priceprop solve'): \(NumberText.significant(distance, digits: 3))")
                } else if let reason = groundTruth.reason {
                    human.print("distance to the direct solution not computed: \(reason)")
                }
                if report.segments.count > 1 {
                    human.print("")
                    human.print("Equilibrium between shocks:")
                    text = ""
                    report.segmentTable.write(to: &text)
                    human.out.write(text)
                }
            }
        }
        switch report.outcome {
        case let .diverged(fault):
            io.error("\(scenario.file ?? scenario.name): \(fault.message)")
        case .converged, .tickLimit, .interrupted:
            break
        }
        return status
    }
}
