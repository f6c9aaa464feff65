import PriceProp

/// `priceprop import-io USE.csv [--make MAKE.csv] [--technology cobb-douglas|ces --elasticity E] -o FILE`.
struct ImportIOCommand: Command {
    static let configuration = CommandConfiguration(
        name: "import-io",
        abstract: "Calibrate a scenario from an input-output table.",
        discussion: """
            Reads a use table in the BEA layout (commodities by industries, value-added rows, final-use columns; \
            '---' cells are 0) with its supply table (--make), or a plain square industry-by-industry flow table \
            with 'value added' and 'final demand' rows, and writes a scenario: one good and one firm per industry, \
            its technology from its cost shares, its value added a primary good, and one household whose log \
            Cobb-Douglas weights are the final-demand shares. At the base year every price is 1 and every flow \
            is the table's. docs/input-output.md has the choices made.
            Exit status: 0 written, 2 bad command line, 3 the table is malformed or does not balance, 4 a file \
            could not be read or written, 130/143 interrupted.
            """,
        options: [
            .option("output", short: "o", value: "path", help: "Where to write the scenario ('-' for standard output)."),
            .option("make", value: "file", help: "The BEA supply (make) table that goes with the use table."),
            .option("technology", value: "name", help: "cobb-douglas or ces.", default: "cobb-douglas"),
            .option("elasticity", value: "number", help: "The CES elasticity of substitution (> 0, not 1)."),
            .option("name", value: "text", help: "The scenario's name.", default: "the use table's file name"),
        ],
        positionals: [PositionalSpec("use", help: "The use table (CSV).")],
        examples: ["import-io use_15.csv --make make_15.csv -o us-2021-15.json",
                   "import-io use_15.csv --make make_15.csv --technology ces --elasticity 0.5 -o ces.json"])

    var usePath: String
    var makePath: String?
    var outputPath: String
    var technology: InputOutputCalibration.Technology
    var name: String?

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        usePath = try arguments.path(positional: "use")
        makePath = try arguments.path("make")
        guard let output = arguments.string("output") else {
            throw UsageError(.other("missing '-o path' (where to write the scenario)"), command: Self.configuration.name)
        }
        outputPath = output
        name = arguments.string("name")
        let elasticity = try arguments.double("elasticity")
        switch try arguments.choice("technology", among: ["cobb-douglas", "ces"]) ?? "cobb-douglas" {
        case "ces":
            guard let elasticity, elasticity > 0, elasticity.isFinite, elasticity != 1 else {
                throw UsageError(.other("--technology ces needs --elasticity E, a number > 0 other than 1 (1 is cobb-douglas)"),
                                 command: Self.configuration.name)
            }
            technology = .ces(elasticity: elasticity)
        default:
            if elasticity != nil {
                throw UsageError(.other("--elasticity goes with --technology ces"), command: Self.configuration.name)
            }
            technology = .cobbDouglas
        }
    }

    func run(io: inout CommandIO) -> Int32 {
        let inputs = [(path: usePath, role: "the use table")] + (makePath.map { [(path: $0, role: "the supply table")] } ?? [])
        if let status = ScenarioArgument.checkOutputs([("--output", outputPath)], inputs: inputs, io: &io) {
            return status.code
        }
        let use: String, make: String?
        do {
            use = try AtomicFile.read(usePath)
            make = try makePath.map { path throws(FileError) in try AtomicFile.read(path) }
        } catch {
            io.error(error.description)
            return ExitCode.fileIO
        }
        let scenario: Scenario
        do {
            scenario = try InputOutputCalibration.importing(
                use: use, useFile: usePath, make: make, makeFile: makePath ?? "", technology: technology,
                name: name ?? PlotCommand.baseName(usePath))
        } catch {
            io.err.write(MessageText.line("\(error.file): error: \(error.message)") + "\n")
            return ExitCode.invalidScenario
        }
        var text = ""
        ScenarioWriter().write(scenario, to: &text)
        return io.write(text, toPath: outputPath) ?? ExitCode.success
    }
}
