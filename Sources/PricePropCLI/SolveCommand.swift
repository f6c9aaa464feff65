import PriceProp

/// `priceprop solve FILE`: the equilibrium computed directly, without agents.
struct SolveCommand: Command {
    static let configuration = CommandConfiguration(
        name: "solve", abstract: "Compute the equilibrium directly (Newton's method on the KKT conditions), without agents.",
        discussion: "Solves every firm's first-order conditions and every market's clearing condition as a complementarity problem (unused inputs and free goods end at exactly 0) with exact derivatives, checks that every firm is at a profit maximum, and prints prices, the allocation and V. It is the ground truth a market run converges to. Exit status 1 when it does not converge or the point found is not an equilibrium.",
        options: [
            .option("tolerance", value: "t", help: "Largest relative violation of the equilibrium conditions accepted.", default: "1e-12"),
            .option("max-iterations", value: "n", help: "Newton iterations allowed.", default: "100"),
            .option("threads", value: "n", help: "Threads for loading and solving (default: all cores); results are identical for any count."),
            .option("memory-limit", value: "GB", help: "Memory the solver may use, in gigabytes; larger networks are refused before allocating (default: half the machine's memory)."),
            .option("csv", value: "path", help: "Write the per-good table as CSV: good, price, gradient (dV/dgood), relativeError, supply, demand, status ('-' for standard output, the rest then on standard error)."),
            .flag("json", help: "Print the answer as JSON."),
            .flag("quiet", short: "q", help: "Print nothing but errors; the exit status says whether it solved."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.", isRequired: false)],
        examples: ["solve scenarios/diamond.json", "solve ces --json", "solve diamond --csv diamond-solved.csv",
                   "solve net.json --threads 2"])

    var file: String
    var options: Equilibrium.Options
    var csvPath: String?
    var json: Bool
    var quiet = false

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional("file") ?? BundledScenarios.seedName
        let gigabytes = try arguments.double("memory-limit", default: Equilibrium.Options.defaultMemoryLimit / 1e9,
                                             in: 1e-9...1e9)
        options = Equilibrium.Options(
            tolerance: try arguments.double("tolerance", default: Equilibrium.Options.defaultTolerance,
                                            in: Double.leastNonzeroMagnitude...1),
            maxIterations: try arguments.int("max-iterations", default: 100, in: 1...10_000),
            threads: try arguments.int("threads", default: ParallelRuns.defaultThreads, in: 1...4096),
            memoryLimit: gigabytes * 1e9)
        csvPath = arguments.string("csv")
        json = arguments.flag("json")
        quiet = arguments.flag("quiet")
        try arguments.refuseJSONWithCSVOnStandardOutput(json: json, csvPath: csvPath, command: Self.configuration.name)
    }

    func run(io: inout CommandIO) -> Int32 {
        var options = self.options
        options.threads = ThreadCount.capped(options.threads, io: &io, quiet: quiet)
        let scenario: Scenario
        switch ScenarioArgument.load(file, io: &io, showWarnings: !quiet, outputs: [("--csv", csvPath)],
                                     threads: options.threads) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return status.code
        }
        let solution: Equilibrium
        do {
            solution = try Equilibrium(solving: try Economy(scenario, threads: options.threads), options: options)
        } catch let error as EquilibriumError {
            io.error("\(scenario.file ?? scenario.name): \(error.message)")
            return ExitCode.failure
        } catch {
            io.error("\(scenario.file ?? scenario.name): \(error)")
            return ExitCode.invalidScenario
        }
        var status = solution.converged ? ExitCode.success : ExitCode.failure
        if let csvPath {
            var text = ""
            solution.writeCSV(to: &text)
            if let failed = io.write(text, toPath: csvPath) { status = failed }
        }
        // With the table on standard output, the report is for a person: it goes to standard error so the CSV
        // stays one table.
        var human = AtomicFile.isStandardOutput(csvPath ?? "") ? CommandIO(out: io.err, err: io.err) : io
        if quiet {
        } else if json {
            io.print(JSONWriter().string(solution.json))
        } else {
            human.print("\(solution.scenario): \(solution.converged ? "solved" : "NOT solved") in \(solution.iterations) Newton iterations, residual \(NumberText.significant(solution.residual, digits: 3))")
            if let cycle = solution.unsustainableCycleMessage { human.print("\(solution.scenario): \(cycle)") }
            human.print("")
            var text = ""
            solution.goodsTable.write(to: &text)
            text += "\n"
            solution.allocationTable.write(to: &text)
            human.out.write(text)
            human.print("")
            human.print("V = \(NumberText.significant(solution.value, digits: 10)) (net value traded at fixed prices)")
        }
        return status
    }
}
