import Testing
@testable import PricePropCLI

/// A command that echoes what it parsed, standing in for the real commands.
private struct EchoCommand: Command {
    static let configuration = CommandConfiguration(
        name: "echo",
        abstract: "Print the scanned arguments.",
        discussion: "Used to test the command-line machinery.",
        options: [
            .option("max-ticks", short: "n", value: "n", help: "Stop after this many ticks.", default: "100000"),
            .option("vary", value: "spec", help: "Vary a parameter of the scenario.", repeatable: true),
            .flag("fail", help: "Return the not-converged status."),
        ],
        positionals: [PositionalSpec("scenario", help: "The scenario file.")],
        examples: ["echo seed.json --max-ticks 500"])

    var scenario: String
    var maxTicks: Int
    var vary: [String]
    var fail: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        scenario = try arguments.path(positional: "scenario")
        maxTicks = try arguments.int("max-ticks", default: 100_000, in: 1...Int.max)
        vary = arguments.strings("vary")
        fail = arguments.flag("fail")
    }

    func run(io: inout CommandIO) -> Int32 {
        io.print("\(scenario) \(maxTicks) \(vary)")
        return fail ? ExitCode.failure : ExitCode.success
    }
}

private struct ValidateCommand: Command {
    static let configuration = CommandConfiguration(name: "validate", abstract: "Check a scenario file.")
    init(parsing arguments: ParsedArguments) throws(UsageError) {}
    func run(io: inout CommandIO) -> Int32 { ExitCode.success }
}

/// Runs the tool in-process and returns status, standard output and standard error.
private func run(_ arguments: String...) -> (status: Int32, out: String, err: String) {
    let out = TextBuffer(), err = TextBuffer()
    var io = CommandIO(out: out, err: err)
    let status = CommandLineTool.main(arguments: arguments, io: &io, commands: [EchoCommand.self, ValidateCommand.self])
    return (status, out.text, err.text)
}

@Suite struct CommandLineToolTests {
    @Test func runsTheCommand() {
        let result = run("echo", "seed.json", "-n", "500", "--vary", "a=1", "--vary", "b=2")
        #expect(result.status == ExitCode.success)
        #expect(result.out == "seed.json 500 [\"a=1\", \"b=2\"]\n")
        #expect(result.err.isEmpty)
        #expect(run("echo", "seed.json", "--fail").status == ExitCode.failure)
    }

    @Test func usageErrorsPrintOneLineAndAHint() {
        let result = run("echo", "seed.json", "--max-tick", "5")
        #expect(result.status == ExitCode.usage)
        #expect(result.out.isEmpty)
        #expect(result.err == """
            priceprop: error: unknown option '--max-tick'; did you mean '--max-ticks'?
            see 'priceprop help echo'

            """)
        let value = run("echo", "seed.json", "--max-ticks", "0")
        #expect(value.err.hasPrefix("priceprop: error: invalid value '0' for '--max-ticks'; expected an integer of at least 1\n"))
    }

    @Test func unknownCommandSuggestsTheNearest() {
        let result = run("valdate", "x.json")
        #expect(result.status == ExitCode.usage)
        #expect(result.err == "priceprop: error: unknown command 'valdate'; did you mean 'validate'?\nsee 'priceprop help'\n")
        #expect(run("help", "ech").err.hasPrefix("priceprop: error: unknown command 'ech'; did you mean 'echo'?\n"))
        #expect(run("--verison").err.hasPrefix("priceprop: error: unknown option '--verison'; did you mean '--version'?\n"))
    }

    @Test func versionAndToolHelp() {
        #expect(run("--version") == (ExitCode.success, "priceprop 0.1.0\n", ""))
        // After a command too, whatever else is on the line; after `--` it is an argument.
        #expect(run("echo", "seed.json", "--version") == (ExitCode.success, "priceprop 0.1.0\n", ""))
        #expect(run("echo", "--", "--version").out == "--version 100000 []\n")
        let help = run("--help")
        #expect(help.status == ExitCode.success)
        #expect(help.out.contains("USAGE: priceprop <command> [<options>]"))
        #expect(help.out.contains("  echo                    Print the scanned arguments.\n"))
        #expect(help.out.contains("  validate                Check a scenario file.\n"))
        #expect(run("help").out == help.out)
        #expect(help.out.contains("EXIT STATUS:\n  0 "))
        #expect(help.out.contains("\n  2                       Usage error"))
        // With no arguments at all the seed scenario runs, whatever commands are registered.
        let bare = run()
        #expect(bare.status == ExitCode.success)
        #expect(bare.out.hasPrefix("tupperware: converged after "))
    }

    @Test func commandHelpIsGeneratedFromTheSpec() {
        let expected = """
            OVERVIEW: Print the scanned arguments.

            Used to test the command-line machinery.

            USAGE: priceprop echo <scenario> [--max-ticks <n>] [--vary <spec> ...] [--fail]

            ARGUMENTS:
              <scenario>              The scenario file.

            OPTIONS:
              -n, --max-ticks <n>     Stop after this many ticks. (default: 100000)
              --vary <spec>           Vary a parameter of the scenario. (may be repeated)
              --fail                  Return the not-converged status.
              -h, --help              Show help information.

            EXIT STATUS:
              0                       Success; for a run, converged with prices matching
                                      their backprop derivatives.
              1                       Ran, but did not converge, diverged, or did not match.
              2                       Usage error: wrong options or arguments; nothing ran.
              3                       Invalid scenario file.
              4                       A file could not be read or written.
              130, 143                Interrupted (SIGINT, SIGTERM); what was recorded is
                                      still written.

            EXAMPLES:
              priceprop echo seed.json --max-ticks 500

            """
        #expect(run("help", "echo") == (ExitCode.success, expected, ""))
        #expect(run("echo", "--help") == (ExitCode.success, expected, ""))
        #expect(run("echo", "seed.json", "--bogus", "-h") == (ExitCode.success, expected, ""))
        // After `--`, `--help` is a positional, not a request for help.
        #expect(run("echo", "--", "--help").out == "--help 100000 []\n")
    }

    @Test func longHelpWrapsAndLongLabelsMoveToTheirOwnLine() {
        let entry = HelpGenerator.entry(
            "--a-rather-long-option-name <value>",
            "A description long enough that it has to be wrapped onto a second line by the help generator.")
        #expect(entry == """
              --a-rather-long-option-name <value>
                                      A description long enough that it has to be wrapped
                                      onto a second line by the help generator.

            """)
    }
}
