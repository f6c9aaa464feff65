import PriceProp

/// What the report commands (`hulten`, `shock-curve`, `race`, `sensitivity`, `sweep`) share: the scenario
/// argument, `--threads`, `--csv`, `--plot`, `--json` and `--quiet`, and loading the scenario once the outputs
/// are known to be writable.
///
/// A command declares the options it takes with ``threads(_:default:)``, ``csv(_:)`` and the others, each with
/// its own help text, and reads them all with ``init(parsing:command:defaultFile:)``; an option it does not
/// declare reads as absent.
struct ReportOptions {
    /// The scenario file or bundled scenario name.
    var file: String
    /// Threads asked for; ``load(io:)`` caps them at the core count.
    var threads: Int
    var csvPath: String?
    var plotPath: String?
    var json: Bool
    var quiet: Bool

    /// Reads the shared options; without `defaultFile` the `file` positional is required. Two outputs on
    /// standard output, or `--json` with one, are a usage error: the texts would interleave.
    init(parsing arguments: ParsedArguments, command: String, defaultFile: String? = nil) throws(UsageError) {
        if let defaultFile {
            file = arguments.positional("file") ?? defaultFile
        } else {
            file = try arguments.path(positional: "file")
        }
        threads = try arguments.int("threads", default: ParallelRuns.defaultThreads, in: 1...4096)
        csvPath = arguments.declares("csv") ? arguments.string("csv") : nil
        plotPath = arguments.declares("plot") ? arguments.string("plot") : nil
        json = arguments.declares("json") && arguments.flag("json")
        quiet = arguments.flag("quiet")
        let onStandardOutput = outputs.filter { $0.path == "-" }.map { "\($0.option) -" }
        if onStandardOutput.count > 1 {
            throw UsageError(.conflictingOptions(onStandardOutput[0], onStandardOutput[1]), command: command)
        }
        if json, let output = onStandardOutput.first {
            throw UsageError(.conflictingOptions("--json", output), command: command)
        }
    }

    /// The output files asked for, with the option that named each.
    var outputs: [(option: String, path: String?)] { [("--csv", csvPath), ("--plot", plotPath)] }

    /// Whether the summary goes to standard output: not with `--quiet`, nor when a file is written there.
    var printsReport: Bool { !quiet && csvPath != "-" && plotPath != "-" }

    /// Caps the threads at the core count, checks the outputs and loads the scenario; a failure has been
    /// reported and carries the exit status.
    func load(io: inout CommandIO) -> Result<(scenario: Scenario, threads: Int), ExitStatus> {
        let threads = ThreadCount.capped(self.threads, io: &io, quiet: quiet)
        return ScenarioArgument.load(file, io: &io, showWarnings: !quiet, outputs: outputs, threads: threads)
            .map { (scenario: $0, threads: threads) }
    }
}

extension ReportOptions {
    /// `--threads`, its help saying what the threads do.
    static func threads(_ help: String, default defaultDescription: String? = nil) -> OptionSpec {
        .option("threads", value: "n", help: help, default: defaultDescription)
    }

    /// `--csv`, its help naming the columns.
    static func csv(_ help: String) -> OptionSpec {
        .option("csv", value: "path", help: help + " ('-' for standard output).")
    }

    /// `--plot`, its help saying what is drawn.
    static func plot(_ help: String) -> OptionSpec { .option("plot", value: "path", help: help) }

    /// `--json`, its help saying what is printed.
    static func json(_ help: String) -> OptionSpec { .flag("json", help: help) }

    /// `--quiet`, its help saying what is still printed.
    static func quiet(_ help: String = "Print nothing but errors.") -> OptionSpec {
        .flag("quiet", short: "q", help: help)
    }
}
