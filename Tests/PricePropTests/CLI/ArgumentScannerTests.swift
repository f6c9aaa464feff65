import Testing
@testable import PricePropCLI

/// A configuration exercising every kind of option and positional.
let sampleConfiguration = CommandConfiguration(
    name: "run",
    abstract: "Simulate a scenario until prices settle.",
    options: [
        .option("max-ticks", short: "n", value: "n", help: "Stop after this many ticks.", default: "100000"),
        .option("vary", value: "spec", help: "Vary a parameter.", repeatable: true),
        .option("output", short: "o", value: "path", help: "Where to write the time series."),
        .option("shift", value: "x", help: "A shift."),
        .option("format", value: "format", help: "Output format."),
        .flag("verbose", short: "v", help: "Print progress."),
        .flag("quiet", short: "q", help: "Print nothing."),
    ],
    positionals: [
        PositionalSpec("scenario", help: "The scenario file."),
        PositionalSpec("extra", help: "More files.", isRequired: false, isRepeating: true),
    ])

private func scan(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
    try ArgumentScanner.scan(arguments, for: sampleConfiguration)
}

@Suite struct ArgumentScannerTests {
    @Test func longShortAndInlineForms() throws {
        let parsed = try scan(["seed.json", "--max-ticks", "500", "-o", "out.csv", "--shift=-0.5", "-v"])
        #expect(try parsed.int("max-ticks") == 500)
        #expect(parsed.string("output") == "out.csv")
        #expect(try parsed.double("shift") == -0.5)
        #expect(parsed.flag("verbose"))
        #expect(!parsed.flag("quiet"))
        #expect(parsed.positional("scenario") == "seed.json")
        #expect(parsed.positionals("extra").isEmpty)
    }

    @Test func attachedShortValuesAndBundledFlags() throws {
        let parsed = try scan(["-vqn250", "a.json", "-o=-"])
        #expect(parsed.flag("verbose") && parsed.flag("quiet"))
        #expect(try parsed.int("max-ticks") == 250)
        #expect(try parsed.path("output") == "-")
    }

    @Test func repeatedOptionsKeepOrder() throws {
        let parsed = try scan(["--vary", "plastic.a=1", "a.json", "--vary=natgas.b=2", "--vary", "c=3"])
        #expect(parsed.strings("vary") == ["plastic.a=1", "natgas.b=2", "c=3"])
        #expect(parsed.count("vary") == 3)
        #expect(parsed.strings("output").isEmpty)
    }

    @Test func terminatorMakesEverythingPositional() throws {
        let parsed = try scan(["--verbose", "--", "--not-an-option", "-v", "-"])
        #expect(parsed.positional("scenario") == "--not-an-option")
        #expect(parsed.positionals("extra") == ["-v", "-"])
        #expect(parsed.count("verbose") == 1)
    }

    @Test func negativeNumbersAndDashArePositionalsOrValues() throws {
        let parsed = try scan(["-", "-3", "--shift", "-1e-9", "--max-ticks", "-2"])
        #expect(parsed.positionals == ["-", "-3"])
        #expect(try parsed.double("shift") == -1e-9)
        #expect(try parsed.int("max-ticks") == -2)
        // A minus and a digit never starts an option, so the option's own check words the problem.
        #expect(try scan(["a", "--output", "-1/2"]).string("output") == "-1/2")
    }

    @Test func typedAccessors() throws {
        let parsed = try scan(["a.json", "--max-ticks", "1e6", "--shift", "2.5", "--format", "json"])
        #expect(try parsed.int("max-ticks", default: 10, in: 1...Int.max) == 1_000_000)
        #expect(try parsed.double("shift", default: 0, in: 0...10) == 2.5)
        #expect(try parsed.choice("format", among: ["csv", "json"]) == "json")
        #expect(try parsed.path(positional: "scenario") == "a.json")
        let defaults = try scan(["a.json"])
        #expect(try defaults.int("max-ticks", default: 10) == 10)
        #expect(try defaults.double("shift") == nil)
        #expect(try defaults.path("output") == nil)
        #expect(try scan(["a", "--max-ticks", "1_000"]).int("max-ticks") == 1000)
    }
}

// MARK: - Errors

extension ArgumentScannerTests {
    struct BadLine: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        BadLine(arguments: ["a.json", "--max-tick", "5"], message: "unknown option '--max-tick'; did you mean '--max-ticks'?"),
        BadLine(arguments: ["a.json", "-max-ticks", "5"], message: "unknown option '-max-ticks'; did you mean '--max-ticks'?"),
        BadLine(arguments: ["a.json", "--frobnicate"], message: "unknown option '--frobnicate'"),
        BadLine(arguments: ["a.json", "-x"], message: "unknown option '-x'"),
        BadLine(arguments: ["a.json", "--output"], message: "missing value for '--output <path>'"),
        BadLine(arguments: ["a.json", "--output", "--verbose"], message: "missing value for '--output <path>'"),
        BadLine(arguments: ["a.json", "-o"], message: "missing value for '-o <path>'"),
        BadLine(arguments: ["a.json", "--verbose=yes"], message: "flag '--verbose' does not take a value (got 'yes')"),
        BadLine(arguments: ["a.json", "-o", "x", "--output", "y"], message: "option '--output' given more than once"),
        BadLine(arguments: [], message: "missing argument <scenario>"),
        BadLine(arguments: ["--verbose"], message: "missing argument <scenario>"),
    ])
    func scanErrors(_ line: BadLine) {
        let error = #expect(throws: UsageError.self) { try scan(line.arguments) }
        #expect(error?.message == line.message)
        #expect(error?.hint == "see 'priceprop help run'")
    }

    struct BadValue: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        BadValue(arguments: ["a", "--max-ticks", "lots"], message: "invalid value 'lots' for '--max-ticks'; expected a decimal integer, found text that is not a decimal number"),
        BadValue(arguments: ["a", "--max-ticks", "1.5"], message: "invalid value '1.5' for '--max-ticks'; expected a decimal integer, found a number with a fractional part"),
        BadValue(arguments: ["a", "--max-ticks", "0x10"], message: "invalid value '0x10' for '--max-ticks'; expected a decimal integer, found a hexadecimal number (only decimal is read)"),
        BadValue(arguments: ["a", "--max-ticks", "99999999999999999999"], message: "invalid value '99999999999999999999' for '--max-ticks'; expected a decimal integer, found a number beyond ±9.2e18"),
        BadValue(arguments: ["a", "--max-ticks="], message: "invalid value '' for '--max-ticks'; expected a decimal integer, found an empty value"),
        BadValue(arguments: ["a", "--max-ticks", "-1/2"], message: "invalid value '-1/2' for '--max-ticks'; expected a decimal integer, found text that is not a decimal number"),
        BadValue(arguments: ["a", "--shift", "0x1p-3"], message: "invalid value '0x1p-3' for '--shift'; expected a finite decimal number, found a hexadecimal number (only decimal is read)"),
        BadValue(arguments: ["a", "--shift", "1e999"], message: "invalid value '1e999' for '--shift'; expected a finite decimal number, found a value that is not a finite number"),
        BadValue(arguments: ["a", "--shift", "1.2.3"], message: "invalid value '1.2.3' for '--shift'; expected a finite decimal number, found text that is not a decimal number"),
        BadValue(arguments: ["a", "--max-ticks", "0"], message: "invalid value '0' for '--max-ticks'; expected an integer of at least 1"),
        BadValue(arguments: ["a", "--shift", "nan"], message: "invalid value 'nan' for '--shift'; expected a finite decimal number, found a value that is not a finite number"),
        BadValue(arguments: ["a", "--shift", "11"], message: "invalid value '11' for '--shift'; expected a number in 0.0...10.0"),
        BadValue(arguments: ["a", "--format", "jsn"], message: "invalid value 'jsn' for '--format'; expected one of csv, json; did you mean 'json'?"),
        BadValue(arguments: ["a", "--output="], message: "invalid value '' for '--output'; expected a file path (or '-' for standard output)"),
        BadValue(arguments: ["a", "-v", "-q"], message: "'--verbose' cannot be used with '--quiet'"),
    ])
    func valueErrors(_ line: BadValue) throws {
        let parsed = try scan(line.arguments)
        let error = #expect(throws: UsageError.self) {
            _ = try parsed.int("max-ticks", default: 1, in: 1...Int.max)
            _ = try parsed.double("shift", default: 0, in: 0...10)
            _ = try parsed.choice("format", among: ["csv", "json"])
            _ = try parsed.path("output")
            try parsed.requireAtMostOne(of: "verbose", "quiet")
        }
        #expect(error?.message == line.message)
    }

    @Test func tooManyPositionalsWithoutRepeating() {
        let configuration = CommandConfiguration(
            name: "validate", abstract: "", positionals: [PositionalSpec("scenario", help: "")])
        let error = #expect(throws: UsageError.self) {
            try ArgumentScanner.scan(["a.json", "b.json"], for: configuration)
        }
        #expect(error?.message == "unexpected argument 'b.json'")
        #expect(error?.hint == "see 'priceprop help validate'")
    }
}
