import PriceProp

/// Splits a command's arguments into options and positionals according to its ``CommandConfiguration``.
///
/// Accepted forms:
/// - `--flag`; `--option value` and `--option=value`; `-o value`, `-ovalue`; bundled short flags `-vq`.
/// - A value may itself start with `-` only if it is `-` (standard input/output) or a number (`-0.5`);
///   otherwise the option is reported as missing its value.
/// - `-` alone, numbers like `-3`, and everything after `--` are positionals.
/// - Repeatable options collect every value in order; repeating any other option is an error; repeated
///   flags are harmless.
/// - Unknown options get the nearest known long name as a suggestion (`--max-tick` → `--max-ticks`; also
///   `-max-ticks` typed with one dash).
enum ArgumentScanner {
    static func scan(_ arguments: [String], for configuration: CommandConfiguration) throws(UsageError) -> ParsedArguments {
        var scan = Scan(arguments: arguments, configuration: configuration)
        var terminated = false
        while let argument = scan.next() {
            if terminated || argument == "-" || !argument.hasPrefix("-") || isNumber(argument) {
                scan.parsed.positionals.append(argument)
            } else if argument == "--" {
                terminated = true
            } else if argument.hasPrefix("--") {
                try scan.long(argument)
            } else {
                try scan.shortBundle(argument)
            }
        }
        try checkPositionals(scan.parsed.positionals, configuration.positionals, command: configuration.name)
        return scan.parsed
    }

    /// The arguments being read and what they have given so far.
    private struct Scan {
        let arguments: [String]
        let command: String
        let options: [OptionSpec]
        var parsed: ParsedArguments
        var index = 0

        init(arguments: [String], configuration: CommandConfiguration) {
            self.arguments = arguments
            command = configuration.name
            options = configuration.allOptions
            parsed = ParsedArguments(configuration: configuration)
        }

        mutating func next() -> String? {
            guard index < arguments.count else { return nil }
            index += 1
            return arguments[index - 1]
        }

        /// `--name`, `--name value` or `--name=value`.
        mutating func long(_ argument: String) throws(UsageError) {
            let body = argument.dropFirst(2)
            let name: Substring, inline: String?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals]
                inline = String(body[body.index(after: equals)...])
            } else {
                name = body
                inline = nil
            }
            guard let spec = options.first(where: { $0.long == name }) else {
                throw unknown("--" + name, options: options, command: command)
            }
            if spec.takesValue {
                if let inline { try record(spec, inline) } else { try record(spec, nextValue(for: spec, typedAs: spec.longName)) }
            } else if let inline {
                throw UsageError(.unexpectedValue(flag: spec.longName, value: inline), command: command)
            } else {
                try record(spec, nil)
            }
        }

        /// One dash: a bundle of short options; a value option takes the rest of the bundle or the next argument.
        mutating func shortBundle(_ argument: String) throws(UsageError) {
            var characters = Substring(argument.dropFirst())
            while let character = characters.first {
                characters = characters.dropFirst()
                guard let spec = options.first(where: { $0.short == character }) else {
                    // `-max-ticks` is likely a long option typed with one dash.
                    let typed = argument.count > 2 ? "-" + argument : "-\(character)"
                    let shown = argument.count > 2 ? argument : "-\(character)"
                    let suggestion = closestMatch(to: typed, among: options.map(\.longName))
                    throw UsageError(.unknownOption(shown, suggestion: suggestion), command: command)
                }
                guard spec.takesValue else {
                    try record(spec, nil)
                    continue
                }
                if characters.isEmpty {
                    try record(spec, nextValue(for: spec, typedAs: "-\(character)"))
                } else {
                    try record(spec, String(characters.hasPrefix("=") ? characters.dropFirst() : characters))
                }
                return
            }
        }

        private mutating func record(_ spec: OptionSpec, _ value: String?) throws(UsageError) {
            var values = parsed.values[spec.long] ?? []
            if spec.takesValue, !spec.isRepeatable, !values.isEmpty {
                throw UsageError(.repeatedOption(spec.longName), command: command)
            }
            values.append(value ?? "")
            parsed.values[spec.long] = values
        }

        /// The next argument as the value of `spec`, typed as `name`.
        private mutating func nextValue(for spec: OptionSpec, typedAs name: String) throws(UsageError) -> String {
            guard index < arguments.count, isValue(arguments[index]) else {
                guard case let .value(valueName) = spec.kind else { return "" }
                throw UsageError(.missingValue(option: name, valueName: valueName), command: command)
            }
            index += 1
            return arguments[index - 1]
        }
    }

    private static func unknown(_ typed: String, options: [OptionSpec], command: String) -> UsageError {
        UsageError(.unknownOption(typed, suggestion: closestMatch(to: typed, among: options.map(\.longName))),
                   command: command)
    }

    private static func checkPositionals(_ values: [String], _ specs: [PositionalSpec], command: String) throws(UsageError) {
        let repeats = specs.last?.isRepeating ?? false
        if !repeats, values.count > specs.count {
            throw UsageError(.unexpectedArgument(values[specs.count]), command: command)
        }
        for (position, spec) in specs.enumerated() where spec.isRequired && position >= values.count {
            throw UsageError(.missingArgument(spec.name), command: command)
        }
    }

    /// Whether an argument after an option can be its value: anything not starting with `-`, `-` itself,
    /// or a negative number.
    static func isValue(_ argument: String) -> Bool {
        !argument.hasPrefix("-") || argument == "-" || isNumber(argument)
    }

    /// `-3`, `-0.5`, `-1e-9`, `-.5`, and anything else starting with a minus and a digit or point (`-1/2`):
    /// no option is spelled that way, so it is a value, and the option's own check words what is wrong with it.
    static func isNumber(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), let first = argument.dropFirst().first else { return false }
        return first.isASCII && (first.isNumber || first == ".")
    }
}
