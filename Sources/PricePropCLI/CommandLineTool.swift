import PriceProp

/// The `priceprop` command line: dispatches to a subcommand and turns usage errors into messages and exit
/// statuses. Never exits the process; see ``EntryPoint``.
enum CommandLineTool {
    static let name = "priceprop"
    static let version = "0.1.0"
    static let abstract = "Simulate markets of firm agents and check that equilibrium prices equal backprop derivatives."

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    ///
    /// - `priceprop`: runs the bundled seed scenario (`priceprop run tupperware`).
    /// - `priceprop --help`, `priceprop help`: the tool overview.
    /// - `priceprop --version`: the version.
    /// - `priceprop help COMMAND`, `priceprop COMMAND --help`: the command's help.
    /// - `priceprop COMMAND ARGS...`: scan and check the arguments, then run the command.
    static func main(arguments: [String], io: inout CommandIO, commands: [any Command.Type] = commands) -> Int32 {
        guard let first = arguments.first else {
            return RunCommand(file: BundledScenarios.seedName).run(io: &io)
        }
        switch first {
        case "--help", "-h":
            io.out.write(HelpGenerator.toolHelp(commands))
            return ExitCode.success
        case "--version":
            io.print("\(name) \(version)")
            return ExitCode.success
        case "help":
            guard arguments.count > 1 else {
                io.out.write(HelpGenerator.toolHelp(commands))
                return ExitCode.success
            }
            do throws(UsageError) {
                if arguments.count > 2 { throw UsageError(.unexpectedArgument(arguments[2])) }
                let command = try find(arguments[1], in: commands)
                io.out.write(HelpGenerator.help(command.configuration))
                return ExitCode.success
            } catch {
                return io.report(error)
            }
        default:
            break
        }
        do throws(UsageError) {
            if first.hasPrefix("-") {
                throw UsageError(.unknownOption(first, suggestion: closestMatch(to: first, among: ["--help", "--version"])))
            }
            let command = try find(first, in: commands)
            let rest = Array(arguments.dropFirst())
            if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
                io.out.write(HelpGenerator.help(command.configuration))
                return ExitCode.success
            }
            if rest.prefix(while: { $0 != "--" }).contains("--version") {
                io.print("\(name) \(version)")
                return ExitCode.success
            }
            return try run(command, arguments: rest, io: &io)
        } catch {
            return io.report(error)
        }
    }

    private static func run<C: Command>(_ command: C.Type, arguments: [String], io: inout CommandIO) throws(UsageError) -> Int32 {
        let parsed = try ArgumentScanner.scan(arguments, for: command.configuration)
        let instance = try C(parsing: parsed)
        return instance.run(io: &io)
    }

    /// The command called `name`, or an error suggesting the nearest name.
    static func find(_ name: String, in commands: [any Command.Type]) throws(UsageError) -> any Command.Type {
        var names: [String] = []
        for command in commands {
            let configuration = command.configuration
            if configuration.name == name { return command }
            names.append(configuration.name)
        }
        throw UsageError(.unknownCommand(name, suggestion: closestMatch(to: name, among: names)))
    }
}
