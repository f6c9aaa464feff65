import PriceProp

/// `priceprop solve FILE`: the equilibrium computed directly by Newton's method, without agents.
struct SolveCommand: Command {
    static let configuration = CommandConfiguration(
        name: "solve", abstract: "Compute the equilibrium directly (Newton's method), without agents.",
        discussion: "Solves each firm's first-order conditions and every market's clearing condition with exact derivatives, and prints prices, the allocation and V. It is the ground truth a market run converges to.",
        options: [
            .option("tolerance", value: "t", help: "Largest relative first-order gap or excess demand accepted.", default: "1e-12"),
            .option("max-iterations", value: "n", help: "Newton iterations allowed.", default: "100"),
            .flag("json", help: "Print the answer as JSON."),
            .flag("quiet", short: "q", help: "Print nothing but errors; the exit status says whether it solved."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.", isRequired: false)],
        examples: ["solve scenarios/diamond.json", "solve ces --json"])

    var file: String
    var options: Equilibrium.Options
    var json: Bool
    var quiet = false

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        file = arguments.positional("file") ?? BundledScenarios.seedName
        options = Equilibrium.Options(
            tolerance: try arguments.double("tolerance", default: Equilibrium.Options.defaultTolerance,
                                            in: Double.leastNonzeroMagnitude...1),
            maxIterations: try arguments.int("max-iterations", default: 100, in: 1...10_000))
        json = arguments.flag("json")
        quiet = arguments.flag("quiet")
    }

    func run(io: inout CommandIO) -> Int32 {
        let scenario: Scenario
        switch ScenarioArgument.load(file, io: &io, showWarnings: !quiet) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return status.code
        }
        let solution: Equilibrium
        do {
            solution = try Equilibrium(solving: try Economy(scenario, threads: ParallelRuns.defaultThreads), options: options)
        } catch let error as EquilibriumError {
            io.error("\(scenario.file ?? scenario.name): \(error.message)")
            return ExitCode.failure
        } catch {
            io.error("\(scenario.file ?? scenario.name): \(error)")
            return ExitCode.invalidScenario
        }
        if quiet {
        } else if json {
            io.print(JSONWriter().string(solution.json))
        } else {
            io.print("\(solution.scenario): \(solution.converged ? "solved" : "NOT solved") in \(solution.iterations) Newton iterations, residual \(NumberText.significant(solution.residual, digits: 3))")
            io.print("")
            var text = ""
            solution.goodsTable.write(to: &text)
            text += "\n"
            solution.allocationTable.write(to: &text)
            io.out.write(text)
            io.print("")
            io.print("V = \(NumberText.significant(solution.value, digits: 10)) (net value traded at fixed prices)")
        }
        return solution.converged ? ExitCode.success : ExitCode.failure
    }
}
