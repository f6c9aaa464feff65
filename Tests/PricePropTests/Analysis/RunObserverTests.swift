import Testing
import PriceProp
@testable import PricePropAnalysis
import PricePropTestSupport

/// The run loop tells an extra observer about every tick after its own observers, computes the comparison
/// only when asked, and ends the run with the first outcome an observer returns.
@Suite struct RunObserverTests {
    /// Notes what it is told; asks for the comparison every 100 ticks; stops the run at `stopAt`.
    struct Log: RunObserver {
        var stopAt: Int?
        var started: Int?
        var observed: [Int] = []
        var compared: [Int] = []
        var shocks: [Int] = []
        var finished: Int?

        mutating func start(_ simulation: Simulation) { started = simulation.tick }
        func needsComparison(after simulation: Simulation) -> Bool { simulation.tick % 100 == 0 }
        mutating func observe(_ simulation: Simulation, _ tick: Run.TickContext) -> Run.Outcome? {
            observed.append(simulation.tick)
            if simulation.tick % 100 == 0 {
                if tick.comparison != nil { compared.append(simulation.tick) }
            }
            return simulation.tick == stopAt ? .interrupted : nil
        }
        mutating func willApply(_ shock: Shock, at simulation: Simulation) { shocks.append(shock.tick) }
        mutating func finish(_ simulation: Simulation, comparison: Comparison) { finished = simulation.tick }
    }

    @Test func anObserverSeesEveryTickAndCanStopTheRun() throws {
        // A fixed tick count, so the run's own observers do not end it at convergence first.
        var run = try Run(scenario: Fixtures.tupperware, options: .init(exactTicks: 300, record: false))
        var log = Log(stopAt: 250)
        let report = run.execute(observer: &log)
        #expect(report.outcome == .interrupted)
        #expect(report.ticks == 250)
        #expect(log.started == 0)
        #expect(log.observed == Array(1...250))
        #expect(log.compared == [100, 200], "the comparison of each tick it asked for")
        #expect(log.finished == 250)
        #expect(log.shocks.isEmpty)
    }

    @Test func anObserverIsToldOfEachShockAndTheRunConvergesAsWithout() throws {
        var plain = try Run(scenario: Fixtures.shock, options: .init(record: false))
        let expected = plain.execute()
        var run = try Run(scenario: Fixtures.shock, options: .init(record: false))
        var log = Log()
        let report = run.execute(observer: &log)
        #expect(log.shocks == [2000, 4000])
        #expect(report.outcome == expected.outcome && report.ticks == expected.ticks)
        #expect(report.segments == expected.segments)
        // The tick the segment tracker ends the run at is not passed on: observers after it are not told.
        #expect(report.outcome == .converged)
        #expect(log.observed == Array(1..<report.ticks) && log.finished == report.ticks)
    }

    /// The report's JSON carries the distance to the direct solution and, with shocks, the segments.
    @Test func theReportBuildsItsWholeJSON() throws {
        var run = try Run(scenario: Fixtures.shock, options: .init(record: false))
        let text = JSONWriter().string(run.execute().json(solveDistance: 0.25))
        #expect(text.contains("\"solveDistance\": 0.25"))
        #expect(text.contains("\"segments\": ["))
        var plain = try Run(scenario: Fixtures.tupperware, options: .init(record: false))
        let quiet = JSONWriter().string(plain.execute().json(solveDistance: nil))
        #expect(quiet.contains("\"solveDistance\": null") && !quiet.contains("segments"))
    }
}
