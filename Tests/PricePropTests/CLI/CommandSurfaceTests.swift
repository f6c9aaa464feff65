import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropAnalysis
import PricePropTestSupport
@testable import PricePropCLI

/// One surface across commands: the same flags mean the same thing, large networks are summarised, and
/// messages read as sentences.
@Suite struct CommandSurfaceTests {
    @Test func quietCommandsPrintNothing() {
        for arguments in [["solve", "diamond", "--quiet"], ["race", "tupperware", "--max-ticks", "50", "--quiet"],
                          ["validate", "diamond", "--quiet"], ["run", "tupperware", "--quiet"]] {
            let result = PipelineFuzzTests.run(arguments)
            #expect(result.out.isEmpty, "\(arguments): \(result.out)")
            #expect(result.err.isEmpty, "\(arguments): \(result.err)")
        }
    }

    @Test func sweepPrintsJSON() throws {
        let result = PipelineFuzzTests.run(["sweep", "tupperware", "--vary", "goods.natgas.endowment=3:5:2", "--json"])
        #expect(result.status == ExitCode.success)
        let document = try JSONParser.parse(Array(result.out.utf8))
        #expect(document.kind(0) == .object)
        #expect(result.out.contains("\"goods.natgas.endowment\": 3"))
        #expect(result.out.contains("\"goods.natgas.endowment\": 5"))
        #expect(result.out.contains("\"converged\": true"))
        #expect(PipelineFuzzTests.run(["sweep", "tupperware", "--vary", "goods.natgas.endowment=3:5:2", "--json", "--csv", "-"]).status
            == ExitCode.usage)
    }

    @Test func solveTablesCarryTenDigitsLikeRun() {
        let result = PipelineFuzzTests.run(["solve", "tupperware"])
        #expect(result.out.contains("0.04166666667"), "\(result.out)")
    }

    @Test func plotOfASweepTableSaysWhatItIs() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csv = directory + "/sweep.csv"
        #expect(PipelineFuzzTests.run(["sweep", "tupperware", "--vary", "goods.natgas.endowment=3:5:2", "--csv", csv, "--quiet"]).status
            == ExitCode.success)
        let result = PipelineFuzzTests.run(["plot", csv, "-o", directory + "/out.svg"])
        #expect(result.err.contains("this is a sweep's table"), "\(result.err)")
        #expect(!result.err.contains("did you mean 'ticks'"))
    }

    /// Above 40 goods the table is the counts, the first goods and the largest errors; `--all` prints it whole.
    @Test func largeNetworksAreSummarised() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let net = directory + "/net.json"
        #expect(PipelineFuzzTests.run(["generate", "layered", "--layers", "2", "--goods", "30", "--firms-per-good", "3",
                                       "--inputs", "2", "-o", net]).status == ExitCode.success)
        let summary = PipelineFuzzTests.run(["run", net, "--ticks", "3"])
        #expect(summary.out.contains("90 goods, 180 firms; the first 10 goods:"))
        #expect(summary.out.contains("the 10 largest relative errors:"))
        #expect(summary.out.contains("rows in full: --all prints them"))
        let all = PipelineFuzzTests.run(["run", net, "--ticks", "3", "--all"])
        #expect(all.out.split(separator: "\n").count > summary.out.split(separator: "\n").count + 300)
        let validate = PipelineFuzzTests.run(["validate", net])
        #expect(validate.out.contains("… 50 more rows"))
        #expect(PipelineFuzzTests.run(["validate", net, "--all"]).out.split(separator: "\n").count
            > validate.out.split(separator: "\n").count + 100)
    }

    /// A cut description lists at most eight names a cell: labour, which all 300 industries of a cyclic
    /// network use, is one short line, and no line is padded to a long one's width.
    @Test func summarisedCellsListEightNames() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let net = directory + "/cyclic.json"
        #expect(PipelineFuzzTests.run(["generate", "cyclic", "--goods", "300", "--inputs", "3", "-o", net]).status
            == ExitCode.success)
        let validate = PipelineFuzzTests.run(["validate", net])
        let labour = try #require(validate.out.split(separator: "\n").first { $0.hasPrefix("labour ") })
        #expect(labour.hasSuffix("industry0, industry1, industry2, industry3, industry4, industry5, industry6, industry7, … 292 more"))
        #expect(validate.out.split(separator: "\n").allSatisfy { $0.count < 200 && !$0.hasSuffix(" ") })
        let all = PipelineFuzzTests.run(["validate", net, "--all"])
        let everyUser = try #require(all.out.split(separator: "\n").first { $0.hasPrefix("labour ") })
        #expect(everyUser.hasSuffix("industry298, industry299"))
        #expect(!all.out.contains("more rows"))
    }

    @Test func threadsBeyondTheCoresAreCappedWithANote() {
        let result = PipelineFuzzTests.run(["run", "tupperware", "--threads", "4096"])
        #expect(result.status == ExitCode.success)
        #expect(result.err.contains("note: --threads 4096 is more than the \(ParallelRuns.defaultThreads) core"))
        #expect(result.out == PipelineFuzzTests.run(["run", "tupperware"]).out)
    }

    @Test func everyHelpListsEveryExitStatusAndVersionWorksAnywhere() {
        for command in CommandLineTool.commands {
            let name = command.configuration.name
            let help = PipelineFuzzTests.run(["help", name]).out
            for status in ["0", "1", "2", "3", "4", "130, 143"] {
                #expect(help.contains("\n  \(status) "), "help \(name) lacks exit status \(status)")
            }
            #expect(PipelineFuzzTests.run([name, "--version"]).out == "priceprop 0.1.0\n")
        }
    }

    @Test func countsAgreeWithTheirNouns() {
        let scenario = PipelineFuzzTests.run(["validate", "tupperware"]).out
        #expect(scenario.contains("4 goods, 3 firm entries, 3 firms, 4 levels"))
        #expect(counted(1, "firm entry", "firm entries") == "1 firm entry")
        #expect(counted(1, "firm", "firms") == "1 firm")
        #expect(counted(0, "firm", "firms") == "0 firms")
    }
}
