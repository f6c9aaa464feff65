import PriceProp

/// `priceprop graph FILE`: draw the supply network with each good's price and backprop derivative.
struct GraphCommand: Command {
    static let configuration = CommandConfiguration(
        name: "graph",
        abstract: "Draw the supply network with each good's price and backprop derivative, as SVG or DOT.",
        discussion: """
            Goods are boxes in columns by level, primary goods left and final goods right, each with its \
            market price, its backprop derivative dV/dgood and their relative error (green up to 1e-6, amber \
            up to 0.01, red above). Firm entries (or sectors of identical firms) sit between their inputs and \
            their output; a flow's width grows with the quantity traded, and where a good has several users \
            each of its flows carries that user's marginal value. Columns are ordered to cut crossings and no \
            two labels overlap. Large networks are drawn with less, and the picture says what it left out: \
            above 30 goods firms are not drawn one by one (each good's makers become the flows into it, the 3 \
            largest per good), above 40 marginal values each good's box gives their range, a good with more \
            than 3 maker entries gets one sector box, above 120 goods each level keeps those of most value \
            traded, and above 360 input flows the largest are kept.
            --at chooses the state drawn: equilibrium runs the market with the scenario's settings until it \
            converges (or stops), start is the starting allocation (tick 0), 'tick N' runs exactly N ticks \
            (also written tick:N, or --at tick with N as a second argument).
            Exit status: 0 written, 1 the market did not converge or diverged (the last state is drawn), \
            2 bad command line, 3 invalid scenario, 4 a file could not be read or written, 130/143 interrupted.
            """,
        options: [
            .option("output", short: "o", value: "path", help: "Where to write the picture ('-' for standard output).", default: "-"),
            .flag("dot", help: "Write Graphviz DOT instead of SVG, with the same labels as attributes."),
            .option("at", value: "state", help: "equilibrium, start, or tick N.", default: "equilibrium"),
            .option("mechanism", value: "name", help: "Clearing mechanism (see 'priceprop mechanisms'); overrides the scenario's."),
            .option("threads", value: "n", help: "Threads for loading and each tick; results are identical for any count."),
        ],
        positionals: [
            PositionalSpec("file", help: "Scenario file or bundled scenario name."),
            PositionalSpec("n", help: "With '--at tick': how many ticks.", isRequired: false),
        ],
        examples: ["graph tupperware -o tupperware.svg", "graph diamond --at start -o start.svg",
                   "graph scenarios/ces.json --at tick 50 -o ces.svg", "graph net.json --dot -o net.dot",
                   "graph diamond --dot | dot -Tpng -o diamond.png"])

    var file: String
    var outputPath: String
    var dot: Bool
    var moment: NetworkPicture.Moment
    var mechanism: String?
    var threads: Int

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        let name = Self.configuration.name
        file = try arguments.path(positional: "file")
        outputPath = arguments.string("output") ?? "-"
        dot = arguments.flag("dot")
        var at = arguments.string("at") ?? "equilibrium"
        let count = arguments.positional("n")
        if at == "tick" {
            guard let count else {
                throw UsageError(.other("'--at tick' needs a tick count: '--at tick N'"), command: name)
            }
            at += " " + count
        } else if let count {
            throw UsageError(.unexpectedArgument(count), command: name)
        }
        guard let moment = NetworkPicture.Moment(at) else {
            throw UsageError(.invalidValue(option: "--at", value: at, expected: "equilibrium, start, or tick N with N a whole number ≥ 0"),
                             command: name)
        }
        self.moment = moment
        mechanism = try arguments.mechanism()
        threads = try arguments.int("threads", default: ParallelRuns.defaultThreads, in: 1...4096)
    }

    func run(io: inout CommandIO) -> Int32 {
        let scenario: Scenario
        let threads = ThreadCount.capped(self.threads, io: &io, quiet: false)
        switch ScenarioArgument.load(file, io: &io, outputs: [("--output", outputPath)], threads: threads) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return status.code
        }
        Interruption.install()
        let drawing: NetworkPicture.Drawing
        do {
            drawing = try NetworkPicture.draw(scenario, at: moment, mechanism: mechanism, threads: threads,
                                              shouldStop: { Interruption.caught != nil })
        } catch {
            io.error("\(scenario.file ?? scenario.name): \(error)")
            return ExitCode.failure
        }
        let text = dot ? drawing.picture.dot : drawing.picture.svg
        if let failed = io.write(text, toPath: outputPath) { return failed }
        guard let report = drawing.report else { return ExitCode.success }
        switch report.outcome {
        case let .diverged(fault):
            io.error("\(scenario.file ?? scenario.name): \(fault.message)")
            return ExitCode.failure
        case .interrupted:
            io.error("interrupted at tick \(report.ticks)")
            return Interruption.exitStatus
        case .tickLimit:
            if moment == .equilibrium {
                io.error("\(report.summary); the picture shows the last state")
                return ExitCode.failure
            }
            return ExitCode.success
        case .converged:
            return ExitCode.success
        }
    }
}
