import PriceProp

/// `priceprop validate FILE`: check a scenario and describe its network.
struct ValidateCommand: Command {
    static let configuration = CommandConfiguration(
        name: "validate",
        abstract: "Check a scenario file and print its network: goods, firms, who feeds whom.",
        discussion: "Every problem is reported at once, each with its file, line, column and JSON path. Exit status: 0 valid, 3 invalid, 4 unreadable.",
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.")],
        examples: ["validate scenarios/diamond.json"])

    var file: String

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        file = try arguments.path(positional: "file")
    }

    func run(io: inout CommandIO) -> Int32 {
        let scenario: Scenario
        switch ScenarioArgument.load(file, io: &io) {
        case let .success(loaded): scenario = loaded
        case let .failure(status): return status.code
        }
        let economy: Economy
        do { economy = try Economy(scenario, threads: ParallelRuns.defaultThreads) } catch {
            io.error("\(scenario.file ?? file): \(error)")
            return ExitCode.invalidScenario
        }
        io.print("\(scenario.file ?? file): valid")
        io.out.write(economy.networkDescription(scenario: scenario))
        return ExitCode.success
    }
}
