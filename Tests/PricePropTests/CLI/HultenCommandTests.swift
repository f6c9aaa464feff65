import Foundation
import Testing
import PriceProp
@testable import PricePropCLI
import PricePropTestSupport

@Suite struct HultenCommandTests {
    /// `--json` has exactly the documented shape, with the Cobb-Douglas weights in it.
    @Test func jsonHasTheDocumentedShape() throws {
        let result = priceprop("hulten", HultenFixtures.path("cd-network"), "--json")
        #expect(result.status == ExitCode.success, "\(result.err)")
        let report = try jsonObject(result.out)
        #expect(Set(report.keys) == ["scenario", "gdp", "sectors"])
        #expect(report["scenario"] as? String == "cd-network")
        expectClose(try #require(report["gdp"] as? Double), 10, relative: 1e-10)
        let sectors = try #require(report["sectors"] as? [[String: Any]])
        #expect(sectors.map { $0["firm"] as? String } == ["steelworks", "bakery", "winery"])
        for (sector, expected) in zip(sectors, [0.36, 0.4, 0.6]) {
            #expect(Set(sector.keys) == ["firm", "domar", "backprop", "measured"])
            for key in ["domar", "backprop", "measured"] {
                expectClose(try #require(sector[key] as? Double), expected, relative: 1e-6, "\(key)")
            }
        }
    }

    /// The table and the CSV carry the same rows.
    @Test func tableAndCSV() throws {
        let table = priceprop("hulten", HultenFixtures.path("ces-network"))
        #expect(table.status == ExitCode.success, "\(table.err)")
        #expect(table.out.contains("ces-network: market converged after"))
        #expect(table.out.contains("firm        output         domar      backprop      measured"))
        let csv = priceprop("hulten", HultenFixtures.path("ces-network"), "--csv", "-")
        let parsed = try CSVReader.read(csv.out)
        #expect(parsed.header == ["firm", "output", "domar", "backprop", "measured"])
        #expect(parsed.rows.map { $0[0] } == ["steelworks", "bakery", "winery"])
        let domar = try parsed.doubles(inColumn: "domar"), backprop = try parsed.doubles(inColumn: "backprop")
        for (d, b) in zip(domar, backprop) { expectClose(d, b, relative: 1e-9) }
    }

    /// `--firm` measures only the industries named, in the order given, with the same numbers as the full
    /// table; an industry that does not exist is a usage error with a suggestion.
    @Test func firmChoosesTheIndustries() throws {
        let path = HultenFixtures.path("ces-network")
        let all = try CSVReader.read(priceprop("hulten", path, "--csv", "-").out)
        let chosen = priceprop("hulten", path, "--csv", "-", "--firm", "winery", "--firm", "steelworks")
        #expect(chosen.status == ExitCode.success, "\(chosen.err)")
        let rows = try CSVReader.read(chosen.out).rows
        #expect(rows.map { $0[0] } == ["winery", "steelworks"])
        #expect(rows == [all.rows[2], all.rows[0]])
        let wrong = priceprop("hulten", path, "--firm", "winnery")
        #expect(wrong.status == ExitCode.usage)
        #expect(wrong.err.contains("winery"), "\(wrong.err)")
    }

    /// A scenario without a household is refused as invalid, naming what is expected; an unknown industry is
    /// a usage error with a suggestion.
    @Test func refusals() {
        let none = priceprop("hulten", "tupperware")
        #expect(none.status == ExitCode.invalidScenario)
        #expect(none.err.contains(#"no household: add a "households" entry"#))
        let misspelt = priceprop("shock-curve", HultenFixtures.path("ces-network"), "--firm", "bakey")
        #expect(misspelt.status == ExitCode.usage)
        #expect(misspelt.err.contains("--firm: unknown industry 'bakey'; did you mean 'bakery'?"))
        let missing = priceprop("shock-curve", HultenFixtures.path("ces-network"))
        #expect(missing.status == ExitCode.usage)
        let range = priceprop("shock-curve", HultenFixtures.path("ces-network"), "--firm", "bakery", "--range", "-0.3:0.3")
        #expect(range.status == ExitCode.usage)
        #expect(range.err.contains("--range"))
    }

    /// `--quiet` prints nothing when everything agrees.
    @Test func quietPrintsNothing() {
        for arguments in [["hulten", HultenFixtures.path("cd-network"), "--quiet"],
                          ["shock-curve", HultenFixtures.path("cd-network"), "--firm", "bakery", "--quiet"]] {
            let result = priceprop(arguments)
            #expect(result.status == ExitCode.success, "\(arguments)")
            #expect(result.out.isEmpty && result.err.isEmpty, "\(arguments): \(result.out)\(result.err)")
        }
    }

    /// The curve as JSON, CSV and an SVG with the three curves.
    @Test func shockCurveOutputs() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csvPath = directory + "/curve.csv", plotPath = directory + "/curve.svg"
        let result = priceprop("shock-curve", HultenFixtures.path("ces-network"), "--firm", "steelworks", "--range", "-0.2:0.2:5",
                               "--json", "--csv", csvPath, "--plot", plotPath)
        #expect(result.status == ExitCode.success, "\(result.err)")
        let report = try jsonObject(result.out)
        #expect(report["firm"] as? String == "steelworks")
        let points = try #require(report["points"] as? [[String: Any]])
        #expect(points.map { $0["z"] as? Double } == [-0.2, -0.1, 0, 0.1, 0.2])
        let csv = try CSVReader.read(try String(contentsOfFile: csvPath, encoding: .utf8))
        #expect(csv.header == ["z", "exact", "hulten", "secondOrder"])
        #expect(try csv.doubles(inColumn: "z") == [-0.2, -0.1, 0, 0.1, 0.2])
        let svg = try String(contentsOfFile: plotPath, encoding: .utf8)
        for name in ["exact (re-solved)", "Hulten: domar · z", "second order"] { #expect(svg.contains(name)) }
        #expect(svg.hasSuffix("</svg>\n"))
    }
}
