import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport
@testable import PricePropCLI

/// `solve --csv`: the per-good table a program reads, the same numbers as `--json`, with the report for a
/// person beside it (on standard error when the table takes standard output).
@Suite struct SolveCSVTests {
    @Test func tableHoldsEveryGoodWithTheNumbersOfTheJSON() throws {
        let result = PipelineFuzzTests.run(["solve", "tupperware", "--csv", "-"])
        #expect(result.status == ExitCode.success, "\(result.err)")
        let table = try CSVReader.read(result.out)
        #expect(table.header == Equilibrium.csvColumns)
        #expect(table.header == ["good", "price", "gradient", "relativeError", "supply", "demand", "status"])
        #expect(table.rows.map { $0[0] } == ["natgas", "ethylene", "polyethylene", "tupperware"])
        #expect(table.rows.map { $0[6] } == ["interior", "interior", "interior", "fixed"])
        let prices = try table.doubles(inColumn: "price"), gradients = try table.doubles(inColumn: "gradient")
        #expect(prices.count == 4)
        for (found, expected) in zip(prices, [1.0 / 24, 1.0 / 6, 1.5, 1]) { expectClose(found, expected) }
        for (price, gradient) in zip(prices, gradients) { expectClose(price, gradient) }
        // The supply of gas is its endowment; its demand clears it.
        #expect(try table.doubles(inColumn: "supply")[0] == 4)
        expectClose(try table.doubles(inColumn: "demand")[0], 4)
        let jsonText = PipelineFuzzTests.run(["solve", "tupperware", "--json"]).out
        for field in table.rows.flatMap({ [$0[1], $0[2], $0[4], $0[5]] }) {
            #expect(jsonText.contains(": \(field)"), "\(field) is not in the JSON")
        }
        #expect(result.err.contains("tupperware: solved in"), "\(result.err)")
        #expect(result.err.contains("V = -0.405465108"))
        #expect(!result.out.contains("solved"))
    }

    @Test func freeGoodIsPricedAtExactlyZero() throws {
        let table = try CSVReader.read(PipelineFuzzTests.run(["solve", "free-good", "--csv", "-"]).out)
        let straw = try #require(table.rows.first { $0[0] == "straw" })
        #expect(straw[1] == "0")
        #expect(straw[6] == "free")
    }

    @Test func csvToAFileKeepsTheReportOnStandardOutput() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/solved.csv"
        let result = PipelineFuzzTests.run(["solve", "diamond", "--csv", path])
        #expect(result.status == ExitCode.success)
        #expect(result.out.contains("diamond: solved in"))
        let table = try CSVReader.read(try String(contentsOfFile: path, encoding: .utf8))
        #expect(table.rows.count == 4)
        #expect(table.rows.map { $0[0] } == ["crude", "fuel", "plastic", "widgets"])
    }

    @Test func csvOnStandardOutputConflictsWithJSON() {
        let result = PipelineFuzzTests.run(["solve", "diamond", "--csv", "-", "--json"])
        #expect(result.status == ExitCode.usage)
        #expect(result.err.contains("'--json' cannot be used with '--csv -'"))
        #expect(result.out.isEmpty)
    }

    @Test func csvOntoItsOwnInputIsRefused() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/economy.json"
        let text = try #require(BundledScenarios.text(named: "diamond"))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = PipelineFuzzTests.run(["solve", path, "--csv", path])
        #expect(result.status == ExitCode.fileIO, "\(result.err)")
        #expect(result.err.contains("is the same file as the scenario file; refusing to overwrite it"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }
}
