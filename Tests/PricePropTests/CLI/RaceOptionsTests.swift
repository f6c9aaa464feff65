import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropMarket
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport
@testable import PricePropCLI

/// `race` speaks the other commands' options: `--threads` (the same bits for any count), `--tolerance` (when
/// both runners count as settled), `--every` (thinning the CSV only) and run's `--max-ticks` default.
@Suite struct RaceOptionsTests {
    /// A network of 90 goods and 180 firms, so that ticks and the direct solution are cut into several chunks.
    static func layered(in directory: String) throws -> String {
        let net = directory + "/net.json"
        let made = PipelineFuzzTests.run(["generate", "layered", "--layers", "2", "--goods", "30", "--firms-per-good", "3",
                                          "--inputs", "2", "-o", net])
        #expect(made.status == ExitCode.success, "\(made.err)")
        return net
    }

    @Test func sameBitsForAnyThreadCount() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let net = try Self.layered(in: directory)
        for file in [net, "competitive"] {
            let one = PipelineFuzzTests.run(["race", file, "--max-ticks", "60", "--csv", "-", "--threads", "1"])
            #expect(one.status == ExitCode.success, "\(one.err)")
            #expect(try CSVReader.read(one.out).rows.count == 61)
            for threads in ["2", "3"] {
                let other = PipelineFuzzTests.run(["race", file, "--max-ticks", "60", "--csv", "-", "--threads", threads])
                #expect(other.out == one.out, "\(file) --threads \(threads)")
            }
        }
        // The library on more threads than the machine has, uncapped.
        let economy = try Economy(try Scenario.load(contentsOf: net))
        let single = try Race(economy: economy, mechanism: ClearingTatonnement(), options: .init(maxTicks: 40), threads: 1)
        let many = try Race(economy: economy, mechanism: ClearingTatonnement(), options: .init(maxTicks: 40), threads: 5)
        #expect(single.ticks.count == 41)
        #expect(single.ticks == many.ticks)
        #expect(single.optimum == many.optimum)
        #expect(single.medianCosine == many.medianCosine)
        #expect(PipelineFuzzTests.run(["race", "tupperware", "--threads", "0"]).status == ExitCode.usage)
    }

    @Test func everyThinsTheCSVAndNothingElse() throws {
        let unsettled = ["race", "tupperware", "--tolerance", "1e-300", "--max-ticks", "95"]
        let full = try CSVReader.read(PipelineFuzzTests.run(unsettled + ["--csv", "-"]).out)
        let thin = try CSVReader.read(PipelineFuzzTests.run(unsettled + ["--csv", "-", "--every", "10"]).out)
        #expect(full.rows.count == 96)
        #expect(thin.header == full.header)
        #expect(thin.rows.map { $0[0] } == ["0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "95"])
        #expect(thin.rows == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95].map { full.rows[$0] })
        #expect(PipelineFuzzTests.run(unsettled + ["--json", "--every", "10"]).out == PipelineFuzzTests.run(unsettled + ["--json"]).out)
        #expect(PipelineFuzzTests.run(unsettled + ["--every", "0"]).status == ExitCode.usage)
    }

    /// The race stops at the first tick that ends ten in a row with both gaps within the tolerance of
    /// `max(1, |V*|)`; never, at a tolerance nothing reaches.
    @Test func toleranceDecidesWhenTheRaceSettles() throws {
        let defaultRows = try CSVReader.read(PipelineFuzzTests.run(["race", "tupperware", "--csv", "-"]).out).rows.count
        let loose = try CSVReader.read(PipelineFuzzTests.run(["race", "tupperware", "--tolerance", "1e-4", "--csv", "-"]).out)
        #expect(loose.rows.count < defaultRows)
        let optimum = PipelineFuzzTests.run(["race", "tupperware", "--json"]).out
        #expect(optimum.contains("\"optimum\": -0.405465108"), "\(optimum)")
        let settled = 1e-4 * max(1, 0.4054651081)
        let market = try loose.doubles(inColumn: "market.gap"), planner = try loose.doubles(inColumn: "planner.gap")
        func within(_ i: Int) -> Bool { abs(market[i]) <= settled && abs(planner[i]) <= settled }
        let last = loose.rows.count - 1
        #expect((last - 9...last).allSatisfy(within))
        #expect(!(last - 10...last - 1).allSatisfy(within))
        let never = try CSVReader.read(PipelineFuzzTests.run(["race", "tupperware", "--tolerance", "1e-300", "--max-ticks", "150",
                                                              "--csv", "-"]).out)
        #expect(never.rows.count == 151)
        #expect(PipelineFuzzTests.run(["race", "tupperware", "--tolerance", "0"]).status == ExitCode.usage)
    }

    @Test func maxTicksDefaultIsRuns() throws {
        let race = try RaceCommand(parsing: ArgumentScanner.scan(["tupperware"], for: RaceCommand.configuration))
        #expect(race.maxTicks == Run.Options.defaultMaxTicks)
        #expect(race.maxTicks == 100_000)
        #expect(race.tolerance == Race.Options().settledGap)
        func shownDefault(_ configuration: CommandConfiguration) -> String? {
            configuration.options.first { $0.long == "max-ticks" }?.defaultDescription
        }
        #expect(shownDefault(RaceCommand.configuration) == shownDefault(RunCommand.configuration))
        #expect(RaceCommand.configuration.discussion.contains("default 100,000 ticks with --csv take about 110 MB"))
    }
}
