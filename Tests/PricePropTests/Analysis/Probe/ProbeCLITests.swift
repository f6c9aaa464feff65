import Foundation
import Testing
@testable import PricePropCLI
import PriceProp
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct ProbeCLITests {
    @Test func sensitivityJSONHasBothColumnsAgreeing() throws {
        let result = priceprop("sensitivity", "tupperware", "--json")
        #expect(result.status == ExitCode.success)
        #expect(result.err.isEmpty)
        let report = try #require(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(report["scenario"] as? String == "tupperware")
        let rows = try #require(report["sensitivities"] as? [[String: Any]])
        #expect(rows.map { $0["path"] as? String } == ["goods.natgas.endowment", "goods.tupperware.price", "parameters.alpha"])
        for row in rows {
            let backprop = try #require(row["backprop"] as? Double), measured = try #require(row["measured"] as? Double)
            expectClose(backprop, measured, relative: 1e-5, absolute: 1e-12)
        }
        expectClose(rows[0]["backprop"] as? Double ?? 0, 1.0 / 24, relative: 1e-9)
    }

    @Test func sensitivityTableAndCSV() throws {
        let table = priceprop("sensitivity", "ces", "--path", "goods.capital.endowment", "--path", "parameters.rho")
        #expect(table.status == ExitCode.success)
        let lines = table.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ces: V = 8.45682704") == true)
        #expect(lines.contains { $0.hasPrefix("goods.capital.endowment") })
        #expect(lines.contains { $0.hasPrefix("parameters.rho") })

        let csv = priceprop("sensitivity", "tupperware", "--csv", "-")
        #expect(csv.status == ExitCode.success)
        let parsed = try CSVReader.read(csv.out)
        #expect(parsed.header == ["path", "value", "backprop", "measured", "step", "relativeError", "converged"])
        #expect(parsed.rows.count == 3)
    }

    @Test func badPathsAreUsageErrors() {
        let sensitivity = priceprop("sensitivity", "tupperware", "--path", "goods.natgs.endowment")
        #expect(sensitivity.status == ExitCode.usage)
        #expect(sensitivity.err.contains("unknown good 'natgs'; did you mean 'natgas'?"))
        let sweep = priceprop("sweep", "tupperware", "--vary", "goods.natgas.endowment=1:2")
        #expect(sweep.status == ExitCode.usage)
        #expect(sweep.err.contains("path=lower:upper:count"))
        #expect(priceprop("sweep", "tupperware").status == ExitCode.usage)
        #expect(priceprop("sweep", "tupperware", "--vary", "goods.natgas.endowment=1:2:2", "--shard", "3/2").status == ExitCode.usage)
    }

    /// Sharded CSV files recombined by keeping one header and sorting on `point` equal the unsharded file.
    @Test func sweepShardsRecombineIntoTheUnshardedCSV() throws {
        let vary = ["--vary", "goods.natgas.endowment=1:10:5", "--vary", "goods.tupperware.price=1:2:3"]
        let whole = priceprop("sweep", "tupperware", vary[0], vary[1], vary[2], vary[3], "--csv", "-")
        #expect(whole.status == ExitCode.success)
        var lines: [String] = []
        var header: String?
        for i in 1...4 {
            let part = priceprop("sweep", "tupperware", vary[0], vary[1], vary[2], vary[3], "--shard", "\(i)/4", "--csv", "-")
            #expect(part.status == ExitCode.success)
            let partLines = part.out.split(separator: "\n").map(String.init)
            header = partLines.first
            lines += partLines.dropFirst()
        }
        lines.sort { Int($0.prefix { $0 != "," }) ?? 0 < Int($1.prefix { $0 != "," }) ?? 0 }
        #expect(([header ?? ""] + lines).joined(separator: "\n") + "\n" == whole.out)
        let table = try CSVReader.read(whole.out)
        #expect(table.rows.count == 15)
        #expect(Array(table.header.prefix(3)) == ["point", "goods.natgas.endowment", "goods.tupperware.price"])
    }

    @Test func runOfAShockScenarioShowsEachEquilibrium() throws {
        let table = priceprop("run", "shock")
        #expect(table.status == ExitCode.success)
        #expect(table.out.contains("Equilibrium between shocks:"))
        #expect(table.out.contains("goods.natgas.endowment=9"))
        let json = priceprop("run", "shock", "--json")
        let report = try #require(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let segments = try #require(report["segments"] as? [[String: Any]])
        #expect(segments.map { $0["startTick"] as? Int } == [0, 2000, 4000])
        #expect(segments.allSatisfy { $0["converged"] as? Bool == true })
        let prices = try #require(segments[1]["prices"] as? [String: Double])
        expectClose(prices["natgas"] ?? 0, 1.0 / 72, relative: 1e-9)
    }
}
