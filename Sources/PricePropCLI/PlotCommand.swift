import PriceProp

/// `priceprop plot data.csv -o out.svg`: draw a time series saved by `priceprop run --csv`.
struct PlotCommand: Command {
    static let configuration = CommandConfiguration(
        name: "plot",
        abstract: "Draw a time series saved by 'priceprop run --csv' as an SVG figure.",
        discussion: """
            The figure is the one 'priceprop run --plot' draws: each market-priced good's price converging onto \
            its backprop derivative (dashed), the relative error on a log axis, and V, over ticks. The CSV needs \
            the columns tick, <good>.price, <good>.gradient, <good>.error and value; others are ignored. Goods \
            whose price equals their derivative in every row are fixed prices and are left out.
            --scenario names the scenario the CSV came from: its name becomes the title and its events are \
            marked at their ticks, so the figure matches 'priceprop run FILE --plot'.
            Exit status: 0 written, 2 bad command line, 3 the CSV (or scenario) is malformed or lacks a column, \
            4 a file could not be read or written, 130/143 interrupted (nothing half-written is left).
            """,
        options: [
            .option("output", short: "o", value: "path", help: "Where to write the SVG ('-' for standard output)."),
            .option("title", value: "text", help: "Figure title.", default: "the scenario name, else the file name"),
            .option("scenario", value: "file", help: "The scenario of the run: its name titles the figure, its events are marked."),
        ],
        positionals: [PositionalSpec("csv", help: "A time series written by 'priceprop run --csv'.")],
        examples: ["plot tupperware.csv -o tupperware.svg", "plot shock.csv --scenario shock -o shock.svg"])

    var csvPath: String
    var outputPath: String
    var title: String?
    var scenarioFile: String?

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        csvPath = try arguments.path(positional: "csv")
        guard let output = arguments.string("output") else {
            throw UsageError(.other("missing '-o path' (where to write the SVG)"), command: Self.configuration.name)
        }
        outputPath = output
        title = arguments.string("title")
        scenarioFile = arguments.string("scenario")
    }

    func run(io: inout CommandIO) -> Int32 {
        let inputs = [(path: csvPath, role: "the input CSV")]
            + (scenarioFile.map { [(path: $0, role: "the input of '--scenario'")] } ?? [])
        if let status = ScenarioArgument.checkOutputs([("--output", outputPath)], inputs: inputs, io: &io) {
            return status.code
        }
        var title = self.title
        var shockTicks: [Int] = []
        if let scenarioFile {
            let scenario: Scenario
            switch ScenarioArgument.load(scenarioFile, io: &io, showWarnings: false) {
            case let .success(loaded): scenario = loaded
            case let .failure(status): return status.code
            }
            title = title ?? scenario.name
            do { shockTicks = try Shock.schedule(scenario).map(\.tick).filter { $0 > 0 } } catch {
                io.error("\(scenario.file ?? scenario.name): \(error)")
                return ExitCode.invalidScenario
            }
        }
        let text: String
        do { text = try AtomicFile.read(csvPath) } catch {
            io.error(error.description)
            return ExitCode.fileIO
        }
        let plot: RunPlot
        do throws(RunPlotError) {
            let table: CSVTable
            do { table = try CSVReader.read(text) } catch { throw RunPlotError.data(error) }
            plot = try RunPlot(csv: table)
        } catch {
            io.err.write(MessageText.line("\(csvPath):\(error.line): error: \(error.message)") + "\n")
            return ExitCode.invalidScenario
        }
        // Events after the last recorded tick never happened in this run.
        let lastTick = plot.lastTick.map { Int($0) } ?? 0
        let figure = plot.figure(title: title ?? Self.baseName(csvPath), shockTicks: shockTicks.filter { $0 <= lastTick })
        return io.write(figure.svg, toPath: outputPath) ?? ExitCode.success
    }

    /// `runs/tupperware.csv` → `tupperware`.
    static func baseName(_ path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".csv") { name.removeLast(4) }
        return name
    }
}
