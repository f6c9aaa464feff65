import Synchronization
import Testing
import PriceProp
@testable import PricePropAnalysis
import PricePropTestSupport

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let now = Mutex(0.0)
    func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
    var read: @Sendable () -> Double { { self.now.withLock { $0 } } }
}

/// Collects what a reporter sends.
final class ProgressLog: Sendable {
    private let lines = Mutex<[Progress]>([])
    var all: [Progress] { lines.withLock { $0 } }
    var sink: @Sendable (Progress) -> Void { { progress in self.lines.withLock { $0.append(progress) } } }
}

@Suite struct ProgressTests {
    @Test func silentForTheFirstSecondThenEveryQuarterSecond() {
        let clock = ManualClock(), log = ProgressLog()
        let reporter = ProgressReporter(clock: clock.read, sink: log.sink)
        func tick(_ n: Int) { reporter.report(unit: .tick, completed: n, total: 1000, largestError: 0.5, remainingUnits: Double(1000 - n)) }
        clock.advance(0.9)
        #expect(!reporter.isDue())
        tick(90)
        #expect(log.all.isEmpty)
        clock.advance(0.1)
        #expect(reporter.isDue())
        tick(100)
        #expect(log.all.count == 1)
        clock.advance(0.2)
        tick(120)
        #expect(log.all.count == 1)
        clock.advance(0.05)
        tick(125)
        #expect(log.all.count == 2)
        #expect(reporter.linesReported == 2)
        // 125 ticks in 1.25 s is 100 ticks/s; 875 to go is 8.75 s.
        let last = log.all[1]
        #expect(last.completed == 125 && last.total == 1000)
        expectClose(last.rate, 100, relative: 1e-9)
        expectClose(last.remaining ?? 0, 8.75, relative: 1e-9)
    }

    @Test func theLineShowsTickErrorRateAndETA() {
        let progress = Progress(unit: .tick, completed: 41000, total: 100_000, largestError: 3.14e-7, elapsed: 0.2,
                                remaining: 125)
        #expect(progress.line == "tick 41000/100000  max error 3.1e-07  205k ticks/s  ETA 2m05s")
        let points = Progress(unit: .point, completed: 3, total: 19, largestError: nil, elapsed: 2, remaining: nil)
        #expect(points.line == "point 3/19  1.5 points/s  ETA ?")
        #expect(Progress.duration(7300) == "2h01m")
        #expect(Progress.count(3.2e6) == "3.2M")
        #expect(Progress.scientific(.infinity) == "—")
    }

    /// The tick estimate extends the error's geometric fall down to the tolerance.
    @Test func tickEstimateExtrapolatesTheErrorsFall() {
        var estimate = TickEstimate(tolerance: 1e-10, limit: 100_000)
        #expect(estimate.remainingTicks(tick: 100, error: 1e-2) == 99_900)
        // From 1e-2 to 1e-4 in 100 ticks: 6 more decades take 300 ticks.
        expectClose(estimate.remainingTicks(tick: 200, error: 1e-4), 300, relative: 1e-9)
        // Not falling: the ticks left to the limit.
        #expect(estimate.remainingTicks(tick: 300, error: 1) == 99_700)
    }

    /// A run reports ticks with the current error; a short run whose clock never passes a second says nothing.
    @Test func runsReportTicks() throws {
        let log = ProgressLog()
        let clock = ManualClock()
        // Every reading of the clock moves it half a second, so lines fall due while the run goes.
        let ticking: @Sendable () -> Double = { clock.advance(0.5); return clock.read() }
        // Plain tatonnement: long enough (441 ticks) for several lines.
        var run = try Run(scenario: Fixtures.tupperware, options: .init(record: false), mechanism: "tatonnement")
        let report = run.execute(progress: ProgressReporter(clock: ticking, sink: log.sink))
        #expect(report.converged)
        let lines = log.all
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.unit == .tick && $0.completed % 64 == 0 && $0.total == Run.Options.defaultMaxTicks })
        #expect(lines.allSatisfy { ($0.largestError ?? -1) >= 0 })

        let quiet = ProgressLog()
        var again = try Run(scenario: Fixtures.tupperware, options: .init(record: false))
        _ = again.execute(progress: ProgressReporter(clock: ManualClock().read, sink: quiet.sink))
        #expect(quiet.all.isEmpty)
    }

    /// Sweeps and sensitivities report points, counting up to the total.
    @Test func sweepsReportPoints() throws {
        let log = ProgressLog()
        let clock = ManualClock()
        let ticking: @Sendable () -> Double = { clock.advance(1); return clock.read() }
        let axes = try SweepAxis.parsing(["goods.natgas.endowment=1:4:4"], in: Fixtures.tupperware)
        _ = Sweep(scenario: Fixtures.tupperware, axes: axes, threads: 1).run(progress: ProgressReporter(clock: ticking, sink: log.sink))
        #expect(log.all.map(\.completed) == [1, 2, 3, 4])
        #expect(log.all.allSatisfy { $0.unit == .point && $0.total == 4 })
        #expect(log.all.last?.remaining == 0)
    }
}
