import PriceProp

/// `priceprop mechanisms`: the clearing mechanisms a scenario's `"market": {"mechanism": ...}` or
/// `run --mechanism` may name, one a line, the default first.
struct MechanismsCommand: Command {
    static let configuration = CommandConfiguration(
        name: "mechanisms",
        abstract: "List the clearing mechanisms, default first.",
        discussion: ClearingMechanisms.all.map { "\($0.name): \($0.summary); priceStep is the \($0.stepMeaning)." }
            .joined(separator: "\n"),
        options: [.flag("describe", help: "Follow each name with a tab and a one-line summary.")],
        examples: ["mechanisms", "mechanisms --describe"])

    var describe: Bool

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        describe = arguments.flag("describe")
    }

    func run(io: inout CommandIO) -> Int32 {
        for entry in ClearingMechanisms.all { io.print(describe ? "\(entry.name)\t\(entry.summary)" : entry.name) }
        return ExitCode.success
    }
}
