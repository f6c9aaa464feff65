import Testing
import PriceProp
@testable import PricePropCLI

/// Every help page lists every exit status, and a command's own summary of its statuses leaves none of the
/// ones it can end with out.
@Suite struct HelpExitStatusTests {
    static let statuses = ["0", "1", "2", "3", "4", "130, 143"]

    @Test(arguments: [["--help"], ["help"], ["-h"]] + CommandLineTool.commands.map { ["help", $0.configuration.name] }
        + CommandLineTool.commands.map { [$0.configuration.name, "--help"] })
    func helpListsEveryExitStatus(_ arguments: [String]) throws {
        let help = PipelineFuzzTests.run(arguments)
        #expect(help.status == ExitCode.success)
        let section = try #require(help.out.split(separator: "\nEXIT STATUS:\n").last)
        for status in Self.statuses {
            #expect(section.contains("\n  \(status) ") || section.hasPrefix("  \(status) "), "\(arguments) lacks \(status)")
        }
    }

    /// A discussion that sums up its statuses says what an interrupt ends with, like the EXIT STATUS list.
    @Test func discussionsThatListStatusesIncludeInterruption() {
        for command in CommandLineTool.commands {
            let discussion = command.configuration.discussion
            guard let range = discussion.range(of: "Exit status: ") else { continue }
            #expect(discussion[range.upperBound...].contains("130/143 interrupted"), "\(command.configuration.name)")
        }
    }
}
