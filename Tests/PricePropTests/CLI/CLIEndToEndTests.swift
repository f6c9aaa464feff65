import Foundation
import Testing
@testable import PricePropCLI
import PriceProp
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite struct CLIEndToEndTests {
    @Test(arguments: Paths.scenarioNames.filter { !BundledScenarioTests.slowInDebug.contains($0) })
    func runJSONReportsConvergedMatchingPrices(name: String) throws {
        let result = priceprop("run", Paths.scenario(name), "--json")
        #expect(result.status == ExitCode.success)
        #expect(result.err.isEmpty)
        let report = try jsonObject(result.out)
        #expect(report["scenario"] as? String == name)
        #expect(report["converged"] as? Bool == true)
        #expect((report["ticks"] as? Int ?? 0) > 0)
        let goods = try #require(report["goods"] as? [[String: Any]])
        #expect(goods.count >= 3)
        for good in goods {
            let price = try #require(good["price"] as? Double), gradient = try #require(good["gradient"] as? Double)
            expectClose(price, gradient, relative: 1e-8)
            #expect((good["relativeError"] as? Double ?? 1) <= 1e-8)
        }
    }

    @Test func seedTableShowsTheEssayNumbers() throws {
        let result = priceprop()
        #expect(result.status == ExitCode.success)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("tupperware: converged after ") == true)
        let natgas = try #require(lines.first { $0.hasPrefix("natgas") })
        #expect(natgas.contains("0.04166666667"))
        let poly = try #require(lines.first { $0.hasPrefix("polyethylene") })
        #expect(poly.split(separator: " ").filter { $0 == "1.5" }.count == 2)
    }

    @Test func csvHasOneRowPerRecordedTickAndTheDocumentedColumns() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.csv"
        let result = priceprop("run", "tupperware", "--csv", path, "--every", "100", "--quiet")
        #expect(result.status == ExitCode.success)
        #expect(result.out.isEmpty)
        let table = try CSVReader.read(String(contentsOfFile: path, encoding: .utf8))
        var expectedHeader = ["tick"]
        for good in ["natgas", "ethylene", "polyethylene", "tupperware"] {
            expectedHeader += ["price", "supply", "demand", "gradient", "error", "status"].map { "\(good).\($0)" }
        }
        #expect(table.header == expectedHeader + ["value"])
        let column = try #require(table.header.firstIndex(of: "natgas.status"))
        #expect(table.rows.allSatisfy { $0[column] == "interior" })
        // The fixed-price good says so, in the same words as `solve`.
        let fixed = try #require(table.header.firstIndex(of: "tupperware.status"))
        #expect(table.rows.allSatisfy { $0[fixed] == "fixed" })
        let ticks = try table.doubles(inColumn: "tick").map { Int($0) }
        #expect(ticks.first == 0)
        #expect(ticks.dropFirst().dropLast().allSatisfy { $0 % 100 == 0 })
        #expect(ticks == ticks.sorted())
        let last = try #require(ticks.last)
        #expect(ticks.count == last / 100 + 1 + (last % 100 == 0 ? 0 : 1))
        let gas = try table.doubles(inColumn: "natgas.price")
        expectClose(try #require(gas.last), 1.0 / 24, relative: 1e-9)
        let value = try table.doubles(inColumn: "value")
        expectClose(try #require(value.last), log(2.0 / 3), relative: 1e-9)
        #expect(try table.doubles(inColumn: "natgas.supply").allSatisfy { $0 == 4 })
    }

    @Test func sameInputGivesByteIdenticalOutput() throws {
        let first = priceprop("run", "diamond", "--csv", "-", "--every", "7", "--quiet")
        let second = priceprop("run", "diamond", "--csv", "-", "--every", "7", "--quiet")
        #expect(first.status == ExitCode.success)
        #expect(first.out.count > 1000)
        #expect(first.out == second.out)
        let json1 = priceprop("run", "ces", "--json"), json2 = priceprop("run", "ces", "--json")
        #expect(json1.out == json2.out)
    }

    struct ExitCase: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var stderrContains: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        ExitCase(arguments: ["run", "tupperware", "--ticks", "5"], status: 1, stderrContains: ""),
        ExitCase(arguments: ["run", "tupperware", "--max-tick", "5"], status: 2, stderrContains: "did you mean '--max-ticks'?"),
        ExitCase(arguments: ["rnu"], status: 2, stderrContains: "did you mean 'run'?"),
        ExitCase(arguments: ["run", "tupperware", "--ticks", "5", "--max-ticks", "9"], status: 2, stderrContains: "--ticks"),
        ExitCase(arguments: ["run", "/nonexistent/x.json"], status: 4, stderrContains: "/nonexistent/x.json: error: cannot read scenario file"),
        ExitCase(arguments: ["run", "tupperwear"], status: 4, stderrContains: "did you mean the bundled scenario 'tupperware'?"),
        ExitCase(arguments: ["run", "tupperware", "--csv", "/nonexistent/dir/out.csv"], status: 4, stderrContains: "/nonexistent/dir/out.csv"),
        ExitCase(arguments: ["validate", "/nonexistent/x.json"], status: 4, stderrContains: "cannot read"),
    ])
    func exitCodes(_ c: ExitCase) {
        let out = TextBuffer(), err = TextBuffer()
        var io = CommandIO(out: out, err: err)
        let status = CommandLineTool.main(arguments: c.arguments, io: &io)
        #expect(status == c.status)
        if c.stderrContains.isEmpty {
            #expect(err.text.isEmpty)
        } else {
            #expect(err.text.contains(c.stderrContains), "stderr: \(err.text)")
        }
    }

    @Test func invalidScenarioExitsThreeWithALocatedMessage() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bad.json"
        try """
            {"name": "bad", "goods": [{"name": "gas", "endowment": 4}, {"name": "plastic", "price": 1}],
             "firms": [{"name": "A", "output": "plastic", "production": "sqrt(gaz)"}]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = priceprop("run", path)
        #expect(result.status == ExitCode.invalidScenario)
        #expect(result.out.isEmpty)
        let first = try #require(result.err.split(separator: "\n").first)
        #expect(first == "\(path):2:67: error: firms[0].production: unknown good 'gaz'; did you mean 'gas'?")
    }

    @Test func validateDescribesTheNetwork() {
        let result = priceprop("validate", Paths.scenario("diamond"))
        #expect(result.status == ExitCode.success)
        #expect(result.out.contains("valid"))
        #expect(result.out.contains("fuel     intermediate          refinery      chemicals, widget-maker"))
        #expect(result.out.contains("refinery"))
        #expect(result.out.contains("chemicals, widget-maker"))
    }

    @Test func listShowsEveryBundledScenario() {
        let result = priceprop("list")
        #expect(result.status == ExitCode.success)
        for name in Paths.scenarioNames { #expect(result.out.contains(name)) }
    }
}

extension CLIEndToEndTests {
    /// A series longer than one delivery batch streams to the file without losing or repeating a row.
    @Test func longSeriesStreamsEveryRow() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ces.csv"
        // The slowest bundled run: plain tatonnement on ces.
        let result = priceprop("run", "ces", "--mechanism", "tatonnement", "--csv", path, "--json")
        #expect(result.status == ExitCode.success)
        let ticks = try #require(try jsonObject(result.out)["ticks"] as? Int)
        #expect(ticks > Run.deliveryBatch)
        let table = try CSVReader.read(String(contentsOfFile: path, encoding: .utf8))
        #expect(try table.doubles(inColumn: "tick") == (0...ticks).map(Double.init))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["ces.csv"])
    }

    /// `run` reports its distance to the directly solved equilibrium, and the default market gets there
    /// sooner than plain tatonnement.
    @Test func runReportsDistanceToTheDirectSolution() throws {
        let tatonnement = try jsonObject(priceprop("run", "diamond", "--json", "--mechanism", "tatonnement").out)
        let predictive = try jsonObject(priceprop("run", "diamond", "--json").out)
        for report in [tatonnement, predictive] {
            #expect(report["converged"] as? Bool == true)
            let distance = try #require(report["solveDistance"] as? Double)
            #expect(distance < 1e-8)
        }
        let slow = try #require(tatonnement["ticks"] as? Int), fast = try #require(predictive["ticks"] as? Int)
        #expect(fast * 3 < slow)
    }
}
