import Foundation
import Testing
import PriceProp
@testable import PricePropEconomy
@testable import PricePropMarket
@testable import PricePropSimulation
@testable import PricePropComparator
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

/// Computes the tables behind `docs/mechanisms.md` and `docs/optimizer-view.md` and checks their claims on
/// every run. With `PRICEPROP_RECORD_DOCS=1` it also re-records the figures
/// (`docs/images/race-<scenario>-<mechanism>.svg`) and prints the tables as Markdown:
/// `PRICEPROP_RECORD_DOCS=1 swift test --filter DocumentationFigures`.
@Suite struct DocumentationFigures {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["PRICEPROP_RECORD_DOCS"] == "1" }
    static let docs = URL(fileURLWithPath: Paths.root).appendingPathComponent("docs")

    @Test func tablesHoldTheirClaims() throws {
        let figures: URL? = Self.isRecording ? Self.docs.appendingPathComponent("images") : nil
        var mechanisms = "| scenario | clearing ticks | tatonnement ticks | predictive ticks | clearing / tatonnement | largest price difference |\n|---|--:|--:|--:|--:|--:|\n"
        var solve = "| scenario | unknowns | iterations | residual ‖F‖∞ | V* | largest price vs dV/dgood |\n|---|--:|--:|--:|--:|--:|\n"
        var races = "| scenario | market | market 99.9% | market 99.9999% | planner 99.9% | planner 99.9999% | median cosine | cosine ticks 1–10 |\n|---|---|--:|--:|--:|--:|--:|---|\n"
        for scenario in Fixtures.bundled + [RaceTests.twoUses] {
            let economy = try Economy(scenario)
            if scenario.name == RaceTests.twoUses.name { try raceRows(economy, into: &races, figures: nil); continue }
            var ticks: [Int] = [], prices: [[Double]] = []
            for name in ClearingMechanisms.names {
                var run = Run(simulation: try Simulation(economy: economy, mechanism: try #require(ClearingMechanisms.make(named: name))),
                              options: .init(record: false))
                let report = run.execute()
                #expect(report.converged)
                ticks.append(report.ticks)
                prices.append(run.simulation.prices)
            }
            let difference = prices.dropFirst().flatMap { zip(prices[0], $0).map { relativeDifference($0, $1) } }.max() ?? 0
            // The documented claims: all three reach the same prices, the default (first) in under half of
            // plain tatonnement's ticks.
            #expect(difference < 1e-8, "\(scenario.name): mechanisms disagree by \(difference)")
            #expect(Double(ticks[0]) < 0.5 * Double(ticks[1]), "\(scenario.name): \(ticks)")
            mechanisms += "| \(scenario.name) | \(ticks[0]) | \(ticks[1]) | \(ticks[2]) | \(String(format: "%.2f", Double(ticks[0]) / Double(ticks[1]))) | \(String(format: "%.1e", difference)) |\n"

            let solution = try Equilibrium(solving: economy)
            #expect(solution.converged)
            #expect(solution.comparison.largestRelativeError < 1e-12)
            let unknowns = solution.entries.reduce(0) { $0 + $1.inputs.count } + solution.comparison.goods.filter(\.isMarketPriced).count
            solve += "| \(scenario.name) | \(unknowns) | \(solution.iterations) | \(String(format: "%.1e", solution.residual)) | \(solution.value) | \(String(format: "%.1e", solution.comparison.largestRelativeError)) |\n"

            try raceRows(economy, into: &races, figures: figures)
        }
        if Self.isRecording { print("MECHANISMS\n" + mechanisms + "\nSOLVE\n" + solve + "\nRACES\n" + races) }
    }

    func raceRows(_ economy: Economy, into races: inout String, figures: URL?) throws {
        for name in ClearingMechanisms.names {
            let race = try Race(economy: economy, mechanism: try #require(ClearingMechanisms.make(named: name)))
            func n(_ t: Int?) -> String { t.map(String.init) ?? "never" }
            let early = race.ticks.prefix(11).map { $0.cosine.map { String(format: "%.2f", $0) } ?? "–" }.dropFirst()
                .joined(separator: " ")
            races += "| \(economy.name) | \(name) | \(n(race.market.ticksTo[0])) | \(n(race.market.ticksTo[1])) | \(n(race.planner.ticksTo[0])) | \(n(race.planner.ticksTo[1])) | \(race.medianCosine.map { String(format: "%.3f", $0) } ?? "–") | \(early) |\n"
            if let figures {
                var svg = ""
                race.plot.write(to: &svg)
                try svg.write(to: figures.appendingPathComponent("race-\(economy.name)-\(name).svg"), atomically: true, encoding: .utf8)
            }
        }
    }
}
