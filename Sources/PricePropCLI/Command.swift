/// A subcommand of `priceprop`: one small type per command, in its own file (`RunCommand.swift`, ...), listed
/// in ``CommandLineTool/commands``.
///
/// The shape follows swift-argument-parser: a static ``configuration`` describes the name, help text and
/// accepted options; ``init(parsing:)`` reads the scanned arguments into typed stored properties and checks
/// option combinations (throwing ``UsageError`` before anything runs); ``run(io:)`` does the work by calling
/// the library, prints through ``CommandIO`` and returns an exit status from ``ExitCode``.
///
/// Options shared by several commands live in their own struct with a static `options: [OptionSpec]` to
/// concatenate into each configuration and an `init(_ arguments: ParsedArguments) throws(UsageError)`:
///
/// ```swift
/// struct RunCommand: Command {
///     static let configuration = CommandConfiguration(
///         name: "run", abstract: "Simulate a scenario until prices settle.",
///         options: [.option("max-ticks", value: "n", help: "Stop after this many ticks.", default: "100000")]
///             + OutputOptions.options,
///         positionals: [PositionalSpec("scenario", help: "The scenario file.")])
///
///     var scenarioPath: String
///     var maxTicks: Int
///     var output: OutputOptions
///
///     init(parsing arguments: ParsedArguments) throws(UsageError) {
///         scenarioPath = try arguments.path(positional: "scenario")
///         maxTicks = try arguments.int("max-ticks", default: 100_000, in: 1...Int.max)
///         output = try OutputOptions(arguments)
///     }
///
///     func run(io: inout CommandIO) -> Int32 { ... }
/// }
/// ```
protocol Command {
    static var configuration: CommandConfiguration { get }
    /// Reads and checks the scanned arguments; throws for bad values or conflicting options.
    init(parsing arguments: ParsedArguments) throws(UsageError)
    /// Runs the command and returns its exit status (see ``ExitCode``).
    func run(io: inout CommandIO) -> Int32
}

/// What a command is called, what it accepts, and the text of its help.
struct CommandConfiguration: Sendable {
    /// The subcommand name, e.g. `run`.
    var name: String
    /// One line for the command list and the help's OVERVIEW.
    var abstract: String
    /// Paragraphs printed after the overview in `priceprop help NAME`.
    var discussion: String
    var options: [OptionSpec]
    var positionals: [PositionalSpec]
    /// Example invocations printed at the end of the help, without the leading `priceprop`.
    var examples: [String]

    init(
        name: String, abstract: String, discussion: String = "", options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [], examples: [String] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
        self.examples = examples
    }

    /// The declared options plus `-h, --help`, which every command accepts.
    var allOptions: [OptionSpec] { options + [OptionSpec.help] }
}

/// A named option: a flag (`--verbose`) or an option taking a value (`--max-ticks 500`, `--max-ticks=500`,
/// `-n 500`, `-n500`).
struct OptionSpec: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case flag
        /// Takes a value, shown as `<valueName>` in help.
        case value(valueName: String)
    }

    /// The long name without dashes: `max-ticks`.
    var long: String
    var short: Character?
    var kind: Kind
    var help: String
    /// Whether it may be given several times (`--vary a --vary b`); otherwise a repeat is a usage error.
    /// Repeated flags are always accepted.
    var isRepeatable: Bool
    /// The default shown in help, e.g. `100000`.
    var defaultDescription: String?

    /// A flag: present or absent.
    static func flag(_ long: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, kind: .flag, help: help, isRepeatable: true, defaultDescription: nil)
    }

    /// An option taking a value.
    static func option(
        _ long: String, short: Character? = nil, value valueName: String = "value", help: String,
        default defaultDescription: String? = nil, repeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            long: long, short: short, kind: .value(valueName: valueName), help: help, isRepeatable: repeatable,
            defaultDescription: defaultDescription)
    }

    static let help = OptionSpec.flag("help", short: "h", help: "Show help information.")

    var takesValue: Bool { kind != .flag }

    /// `--max-ticks`.
    var longName: String { "--" + long }
}

/// A positional argument, in declaration order.
struct PositionalSpec: Sendable, Hashable {
    var name: String
    var help: String
    var isRequired: Bool
    /// Whether it takes all remaining positionals (only the last one may).
    var isRepeating: Bool

    init(_ name: String, help: String, isRequired: Bool = true, isRepeating: Bool = false) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
        self.isRepeating = isRepeating
    }
}

/// Process exit statuses of `priceprop`.
enum ExitCode {
    /// The command succeeded (and, for a run, prices matched their targets).
    static let success: Int32 = 0
    /// The command ran but the market did not converge or prices did not match the backprop derivatives.
    static let failure: Int32 = 1
    /// The command line was wrong; nothing ran.
    static let usage: Int32 = 2
    /// The scenario file is malformed or inconsistent.
    static let invalidScenario: Int32 = 3
    /// A file could not be read or written.
    static let fileIO: Int32 = 4
}
