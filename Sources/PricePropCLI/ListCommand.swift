import PriceProp

/// `priceprop list`: the bundled scenarios.
struct ListCommand: Command {
    static let configuration = CommandConfiguration(
        name: "list",
        abstract: "List the bundled scenarios; run one with 'priceprop run NAME'.",
        examples: ["list", "run competitive"])

    init(parsing arguments: ParsedArguments) throws(UsageError) {}

    func run(io: inout CommandIO) -> Int32 {
        var table = TextTable(header: ["scenario", "goods", "firms", "description"])
        for (name, text) in BundledScenarios.all {
            guard let scenario = try? Scenario.decode(text, file: name) else {
                io.error("bundled scenario '\(name)' does not load")
                return ExitCode.failure
            }
            let firms = scenario.firms.reduce(0) { $0 + $1.count }
            table.append([.text(name), .integer(scenario.goods.count), .integer(firms), .text(Self.firstSentence(scenario.description))])
        }
        var text = ""
        table.write(to: &text)
        io.out.write(text)
        return ExitCode.success
    }

    /// The description up to its first full stop, so the table stays one line per scenario.
    static func firstSentence(_ text: String) -> String {
        guard let end = text.range(of: ". ") else { return text }
        return String(text[..<end.lowerBound]) + "."
    }
}
