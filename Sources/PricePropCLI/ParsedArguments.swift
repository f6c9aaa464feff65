import PriceProp

/// The options and positionals of one command line, with typed accessors that turn bad values into
/// ``UsageError``s naming the option.
///
/// Names are long option names without dashes (`"max-ticks"`) or positional names (`"scenario"`). Asking for
/// a name the configuration does not declare is a programming error and stops the program.
struct ParsedArguments: Sendable {
    let configuration: CommandConfiguration
    /// Values by long option name, in command-line order; each flag occurrence is an empty string.
    var values: [String: [String]] = [:]
    /// Positional arguments in order.
    var positionals: [String] = []

    init(configuration: CommandConfiguration) {
        self.configuration = configuration
    }

    private var command: String { configuration.name }

    private func spec(_ name: String) -> OptionSpec {
        guard let spec = configuration.allOptions.first(where: { $0.long == name }) else {
            preconditionFailure("'\(configuration.name)' declares no option '--\(name)'")
        }
        return spec
    }

    // MARK: - Options

    /// Whether the option or flag was given at all.
    func isGiven(_ name: String) -> Bool { !(values[spec(name).long] ?? []).isEmpty }

    /// `--mechanism`, if given, checked against the known clearing mechanisms (with a suggestion when it is
    /// not one), so a misspelt name is a usage error before anything loads.
    func mechanism() throws(UsageError) -> String? {
        guard let name = string("mechanism") else { return nil }
        guard ClearingMechanisms.make(named: name) != nil else {
            throw UsageError(.invalidValue(option: "--mechanism", value: name,
                                           expected: "one of \(ClearingMechanisms.names.joined(separator: ", "))"
                                               + didYouMean(ClearingMechanisms.suggestion(for: name))),
                             command: command)
        }
        return name
    }

    /// Whether the command declares the option or flag `name`.
    func declares(_ name: String) -> Bool { configuration.allOptions.contains { $0.long == name } }

    /// Whether the flag was given.
    func flag(_ name: String) -> Bool { isGiven(name) }

    /// Refuses `--json` together with `--csv -`: both would write to standard output.
    func refuseJSONWithCSVOnStandardOutput(json: Bool, csvPath: String?, command: String) throws(UsageError) {
        if json, csvPath == "-" { throw UsageError(.conflictingOptions("--json", "--csv -"), command: command) }
    }

    /// How many times the option or flag was given (`-v -v` is 2).
    func count(_ name: String) -> Int { values[spec(name).long]?.count ?? 0 }

    /// The value of a single-valued option, if given.
    func string(_ name: String) -> String? { values[spec(name).long]?.last }

    /// Every value of a repeatable option, in order.
    func strings(_ name: String) -> [String] { values[spec(name).long] ?? [] }

    /// The option's value as an integer, if given. Accepts `1000`, `-3`, `1_000` and integral exponents
    /// like `1e6`; decimal only (see ``DecimalText``).
    func int(_ name: String) throws(UsageError) -> Int? {
        try string(name).map { text throws(UsageError) in try Self.parseInt(text, option: "--" + name, command: command) }
    }

    /// The option's integer value, or `defaultValue`; either must lie in `range`.
    func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws(UsageError) -> Int {
        guard let value = try int(name) else { return defaultValue }
        guard range.contains(value) else {
            throw invalid(name, string(name) ?? "", expected: Self.describe(range))
        }
        return value
    }

    /// The option's value as a finite number, if given.
    func double(_ name: String) throws(UsageError) -> Double? {
        try string(name).map { text throws(UsageError) in
            do throws(DecimalText.Problem) {
                return try DecimalText.double(text.trimmingCharacters(in: " "))
            } catch {
                throw invalid(name, text, expected: "a finite decimal number, found \(error.found)")
            }
        }
    }

    /// The option's number, or `defaultValue`; either must lie in `range`.
    func double(_ name: String, default defaultValue: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws(UsageError) -> Double {
        guard let value = try double(name) else { return defaultValue }
        guard range.contains(value) else {
            throw invalid(name, string(name) ?? "", expected: "a number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The option's value as a file path, if given: non-empty; `-` means standard input or output.
    func path(_ name: String) throws(UsageError) -> String? {
        guard let text = string(name) else { return nil }
        guard !text.isEmpty else { throw invalid(name, text, expected: "a file path (or '-' for standard output)") }
        return text
    }

    /// The option's value, which must be one of `choices` (with a suggestion when it is not), if given.
    func choice(_ name: String, among choices: [String]) throws(UsageError) -> String? {
        guard let text = string(name) else { return nil }
        guard choices.contains(text) else {
            let suggestion = didYouMean(text, among: choices)
            throw UsageError(
                .other("invalid value '\(text)' for '--\(name)'; expected one of \(choices.joined(separator: ", "))\(suggestion)"),
                command: command)
        }
        return text
    }

    /// Throws unless at most one of the named options was given.
    func requireAtMostOne(of names: String...) throws(UsageError) {
        let given = names.filter(isGiven)
        if given.count > 1 { throw UsageError(.conflictingOptions("--" + given[0], "--" + given[1]), command: command) }
    }

    // MARK: - Positionals

    /// The positional declared as `name`, if given; for a repeating one, its first value.
    func positional(_ name: String) -> String? { positionals(name).first }

    /// All values of the positional `name` (several only for a repeating positional).
    func positionals(_ name: String) -> [String] {
        guard let index = configuration.positionals.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("'\(configuration.name)' declares no positional <\(name)>")
        }
        guard index < positionals.count else { return [] }
        return configuration.positionals[index].isRepeating ? Array(positionals[index...]) : [positionals[index]]
    }

    /// A required path positional (the scanner has checked that it is present); must be non-empty.
    func path(positional name: String) throws(UsageError) -> String {
        guard let text = positional(name) else { throw UsageError(.missingArgument(name), command: command) }
        guard !text.isEmpty else { throw UsageError(.other("empty file path for <\(name)>"), command: command) }
        return text
    }

    // MARK: - Helpers

    private func invalid(_ name: String, _ value: String, expected: String) -> UsageError {
        UsageError(.invalidValue(option: "--" + name, value: value, expected: expected), command: command)
    }

    static func parseInt(_ text: String, option: String, command: String) throws(UsageError) -> Int {
        do throws(DecimalText.Problem) {
            return try DecimalText.integer(text.trimmingCharacters(in: " "))
        } catch {
            throw UsageError(.invalidValue(option: option, value: text, expected: "a decimal integer, found \(error.found)"),
                             command: command)
        }
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (Int.min, let upper): return "an integer at most \(upper)"
        case (let lower, Int.max): return "an integer of at least \(lower)"
        case let (lower, upper): return "an integer in \(lower)...\(upper)"
        }
    }
}

extension String {
    /// The string without leading and trailing occurrences of `character`.
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }
}
