import PriceProp

/// A mistake on the command line, found before anything runs; exits with ``ExitCode/usage``.
///
/// The kind carries the offending text; ``message`` words it and ``hint`` points at the relevant help.
struct UsageError: Error, Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case missingCommand
        case unknownCommand(String, suggestion: String?)
        /// An option the command does not accept, as typed (`--max-tick`), with the nearest known option.
        case unknownOption(String, suggestion: String?)
        case missingValue(option: String, valueName: String)
        case unexpectedValue(flag: String, value: String)
        /// A value that does not parse or is out of range; `expected` describes what would be accepted.
        case invalidValue(option: String, value: String, expected: String)
        case repeatedOption(String)
        case missingArgument(String)
        case unexpectedArgument(String)
        case conflictingOptions(String, String)
        /// Anything else, already worded.
        case other(String)
    }

    var kind: Kind
    /// The subcommand being parsed, for the hint; `nil` at the top level.
    var commandName: String?

    init(_ kind: Kind, command commandName: String? = nil) {
        self.kind = kind
        self.commandName = commandName
    }

    /// One line without the `priceprop: error:` prefix.
    var message: String {
        switch kind {
        case .missingCommand:
            return "missing command"
        case let .unknownCommand(name, suggestion):
            return "unknown command '\(name)'" + didYouMean(suggestion)
        case let .unknownOption(option, suggestion):
            return "unknown option '\(option)'" + didYouMean(suggestion)
        case let .missingValue(option, valueName):
            return "missing value for '\(option) <\(valueName)>'"
        case let .unexpectedValue(flag, value):
            return "flag '\(flag)' does not take a value (got '\(value)')"
        case let .invalidValue(option, value, expected):
            return "invalid value '\(value)' for '\(option)'; expected \(expected)"
        case let .repeatedOption(option):
            return "option '\(option)' given more than once"
        case let .missingArgument(name):
            return "missing argument <\(name)>"
        case let .unexpectedArgument(value):
            return "unexpected argument '\(value)'"
        case let .conflictingOptions(a, b):
            return "'\(a)' cannot be used with '\(b)'"
        case let .other(message):
            return message
        }
    }

    /// Where to read more: `see 'priceprop help run'`, or `see 'priceprop help'` at the top level.
    var hint: String {
        "see '\(CommandLineTool.name) help\(commandName.map { " " + $0 } ?? "")'"
    }
}
