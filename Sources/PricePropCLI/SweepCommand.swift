import PriceProp

/// `priceprop sweep FILE --vary PATH=LO:HI:N`: the equilibrium at every point of a grid.
struct SweepCommand: Command {
    static let configuration = CommandConfiguration(
        name: "sweep",
        abstract: "Run the market to equilibrium at every point of a grid of endowments, prices or parameters.",
        discussion: """
            Each --vary path=lower:upper:count varies one path over count evenly spaced values, both ends \
            included; several form a grid, the first varying slowest. Points are numbered from 0 in that order \
            and run in parallel on all cores; every point is a fresh run with its values set at tick 0. Rows \
            come out in point order and do not depend on the number of threads.
            Columns: point, the varied paths, then per good <good>.price, <good>.gradient, <good>.error, then \
            value, ticks and converged (1 or 0).
            --shard i/n runs only the points p with p % n = i - 1, so n processes or machines share a sweep; \
            recombine their CSV files by keeping one header and sorting on the point column (see docs/sweeps.md).
            Exit status: 0 every point converged, 1 otherwise, 2 bad command line, 3 invalid scenario, \
            4 a file could not be read or written, 130/143 interrupted (finished points are still written).
            """,
        options: [
            .option("vary", value: "path=lo:hi:n", help: "Vary a path over n values from lo to hi.",
                    repeatable: true),
            .option("shard", value: "i/n", help: "Run only shard i of n (points p with p % n = i - 1)."),
            ReportOptions.threads("Threads for the points.", default: "all cores"),
            .option("max-ticks", value: "n", help: "Tick limit of every point.", default: "100000"),
            .option("tolerance", value: "t", help: "Convergence tolerance of every point (relative).", default: "1e-10"),
            ReportOptions.csv("Write the table as CSV"),
            ReportOptions.plot("Draw prices, derivatives and V against the first varied path as SVG."),
            ReportOptions.json("Print the table as JSON instead of a table."),
            ReportOptions.quiet("Print nothing but errors, and no progress line."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.")],
        examples: ["sweep tupperware --vary goods.natgas.endowment=1:10:19 --csv natgas.csv",
                   "sweep ces --vary parameters.rho=0.2:0.8:7 --vary goods.capital.endowment=2:8:4",
                   "sweep tupperware --vary goods.natgas.endowment=1:100:1000 --shard 3/8 --csv part3.csv"])

    var reporting: ReportOptions
    var vary: [String]
    var shard: Shard?
    var maxTicks: Int?
    var tolerance: Double?

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        reporting = try ReportOptions(parsing: arguments, command: Self.configuration.name)
        vary = arguments.strings("vary")
        guard !vary.isEmpty else {
            throw UsageError(.other("missing '--vary path=lower:upper:count'"), command: Self.configuration.name)
        }
        if let text = arguments.string("shard") {
            do { shard = try Shard(parsing: text) } catch {
                throw UsageError(.invalidValue(option: "--shard", value: text, expected: "i/n with 1 <= i <= n, e.g. 3/8"),
                                 command: Self.configuration.name)
            }
        }
        maxTicks = arguments.isGiven("max-ticks") ? try arguments.int("max-ticks", default: 0, in: 1...Int.max) : nil
        tolerance = arguments.isGiven("tolerance")
            ? try arguments.double("tolerance", default: 0, in: Double.leastNonzeroMagnitude...1) : nil
    }

    func run(io: inout CommandIO) -> Int32 {
        let (scenario, threads): (Scenario, Int)
        switch reporting.load(io: &io) {
        case let .success(loaded): (scenario, threads) = loaded
        case let .failure(status): return status.code
        }
        let axes: [SweepAxis]
        do { axes = try SweepAxis.parsing(vary, in: scenario) } catch {
            return io.report(UsageError(.other("--vary \(error.description)"), command: Self.configuration.name))
        }
        var options = Run.Options(scenario: scenario)
        if let maxTicks { options.maxTicks = maxTicks }
        if let tolerance { options.tolerance = tolerance }
        options.record = false
        let sweep = Sweep(scenario: scenario, axes: axes, options: options, shard: shard, threads: threads)
        // A scenario that cannot run at all fails once here, not once per point.
        do { _ = try Run(scenario: scenario, options: options) } catch {
            io.error("\(scenario.file ?? scenario.name): \(error)")
            return ExitCode.failure
        }
        var status = ExitCode.success
        let table = Interruption.keepingResults { () -> SweepTable in
            let progress = TerminalProgress.reporter(quiet: reporting.quiet)
            let table = sweep.run(progress: progress) { Interruption.caught != nil }
            TerminalProgress.finish(progress)
            status = table.convergedCount == table.rows.count ? ExitCode.success : ExitCode.failure
            // What finished is still written; rows of points stopped midway say not converged.
            if let csvPath = reporting.csvPath {
                var text = ""
                table.writeCSV(to: &text)
                if let failed = io.write(text, toPath: csvPath) { status = failed }
            }
            if let plotPath = reporting.plotPath {
                let priced = scenario.goods.filter { $0.price == nil }.map(\.name)
                let plot = table.plot(title: "\(scenario.name): equilibrium across \(axes[0].path)", marketPricedGoods: priced)
                if let plot, let failed = io.write(plot.svg, toPath: plotPath) { status = failed }
            }
            return table
        }
        if Interruption.caught != nil {
            io.error("interrupted after \(table.rows.count) of \(sweep.points.count) points")
        }
        if reporting.printsReport, reporting.json {
            io.print(JSONWriter().string(table.json))
        } else if reporting.printsReport {
            let shardText = shard.map { " (shard \($0) of \(sweep.pointCount) points)" } ?? ""
            io.print("\(scenario.name): \(table.rows.count) points\(shardText), \(table.convergedCount) converged")
            if reporting.csvPath == nil {
                io.print("")
                var text = ""
                table.table.write(to: &text)
                io.out.write(text)
            }
        }
        if table.convergedCount < table.rows.count {
            io.error("\(table.rows.count - table.convergedCount) of \(table.rows.count) points did not converge")
        }
        return Interruption.caught != nil && status != ExitCode.fileIO ? Interruption.exitStatus : status
    }
}
