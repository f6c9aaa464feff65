import Foundation
import Synchronization
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct SweepTests {
    @Test func axesAreEvenlySpacedAndInclusive() throws {
        let axis = try SweepAxis(parsing: "goods.natgas.endowment=1:10:19", in: Fixtures.tupperware)
        #expect(axis.path == .endowment(good: "natgas"))
        #expect(axis.values == stride(from: 1.0, through: 10, by: 0.5).map { $0 })
        #expect(try SweepAxis(parsing: "goods.natgas.endowment=2:2:1", in: Fixtures.tupperware).values == [2])
        #expect(try SweepAxis(parsing: "goods.natgas.endowment=3:1:3", in: Fixtures.tupperware).values == [3, 2, 1])
        // 0.1 steps land on the upper bound exactly.
        #expect(try SweepAxis(parsing: "goods.natgas.endowment=0.1:0.7:7", in: Fixtures.tupperware).values.last == 0.7)
    }

    struct BadSpec: Sendable, CustomTestStringConvertible {
        var text: String
        var error: SweepSpecError
        var testDescription: String { text }
    }

    @Test(arguments: [
        BadSpec(text: "goods.natgas.endowment", error: .malformedAxis("goods.natgas.endowment")),
        BadSpec(text: "goods.natgas.endowment=1:2", error: .malformedAxis("goods.natgas.endowment=1:2")),
        BadSpec(text: "goods.natgas.endowment=a:2:3", error: .invalidBound(axis: "goods.natgas.endowment=a:2:3", bound: "a")),
        BadSpec(text: "goods.natgas.endowment=1:inf:3", error: .invalidBound(axis: "goods.natgas.endowment=1:inf:3", bound: "inf")),
        BadSpec(text: "goods.natgas.endowment=1:2:0", error: .invalidCount(axis: "goods.natgas.endowment=1:2:0", count: "0")),
        BadSpec(text: "goods.natgas.endowment=1:2:2.5", error: .invalidCount(axis: "goods.natgas.endowment=1:2:2.5", count: "2.5")),
        BadSpec(text: "goods.ethylene.endowment=1:2:3",
                error: .path(ParameterPathError(path: "goods.ethylene.endowment", problem: .notPrimary(good: "ethylene")))),
    ])
    func badAxes(_ spec: BadSpec) {
        #expect(throws: spec.error) { try SweepAxis(parsing: spec.text, in: Fixtures.tupperware) }
    }

    @Test func aPathVariedTwiceIsRefused() {
        #expect(throws: SweepSpecError.repeatedPath("goods.natgas.endowment")) {
            try SweepAxis.parsing(["goods.natgas.endowment=1:2:2", "goods.natgas.endowment=3:4:2"], in: Fixtures.tupperware)
        }
    }

    @Test(arguments: ["0/3", "4/3", "1/0", "1", "a/b", "1/2/3", ""])
    func badShards(_ text: String) {
        #expect(throws: SweepSpecError.malformedShard(text)) { try Shard(parsing: text) }
    }

    /// Points are numbered with the first axis slowest, and shard i/n takes every n-th point from i − 1.
    @Test func pointOrderAndShards() throws {
        let axes = try SweepAxis.parsing(["goods.natgas.endowment=1:3:3", "goods.tupperware.price=1:2:2"], in: Fixtures.tupperware)
        let sweep = Sweep(scenario: Fixtures.tupperware, axes: axes)
        #expect(sweep.pointCount == 6)
        #expect((0..<6).map(sweep.values(ofPoint:)) == [[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2]])
        var sharded = sweep
        sharded.shard = try Shard(parsing: "2/4")
        #expect(sharded.points == [1, 5])
    }

    /// Every row equals a single run of the scenario with the point's values, bit for bit, and its prices are
    /// the analytic equilibrium (``ShockTests/tupperwarePrices(gas:price:)``) with `V = p · ln(1 − 1/(√E + 1))`.
    @Test func rowsMatchSingleRunsPointByPoint() throws {
        let axes = try SweepAxis.parsing(["goods.natgas.endowment=1:10:4", "goods.tupperware.price=1:2:2"], in: Fixtures.tupperware)
        let table = Sweep(scenario: Fixtures.tupperware, axes: axes).run()
        #expect(table.columns == ["point", "goods.natgas.endowment", "goods.tupperware.price",
                                  "natgas.price", "natgas.gradient", "natgas.error",
                                  "ethylene.price", "ethylene.gradient", "ethylene.error",
                                  "polyethylene.price", "polyethylene.gradient", "polyethylene.error",
                                  "tupperware.price", "tupperware.gradient", "tupperware.error",
                                  "value", "ticks", "converged"])
        #expect(table.rows.count == 8)
        for (p, row) in table.rows.enumerated() {
            #expect(row[0] == Double(p))
            let (gas, price) = (row[1], row[2])
            let scenario = try Fixtures.tupperware.setting(.endowment(good: "natgas"), to: gas)
                .setting(.price(good: "tupperware"), to: price)
            var run = try Run(scenario: scenario, options: .init(record: false))
            let report = run.execute()
            var expected = [Double(p), gas, price]
            for good in report.comparison.goods { expected += [good.price, good.gradient, good.relativeError] }
            expected += [report.comparison.value, Double(report.ticks), 1]
            #expect(row == expected, "point \(p)")
            for (g, analytic) in ShockTests.tupperwarePrices(gas: gas, price: price).enumerated() {
                expectClose(row[3 + 3 * g], analytic, relative: 1e-9, "point \(p) good \(g)")
            }
            let a = gas.squareRoot()
            expectClose(row[15], price * Foundation.log(1 - 1 / (a + 1)), relative: 1e-9)
        }
    }

    /// Shards run separately and merged give the unsharded table, bit for bit, on any thread count.
    @Test func shardsRecombineIntoTheWholeSweep() throws {
        let axes = try SweepAxis.parsing(["goods.crude.endowment=4:16:5", "goods.widgets.price=0.5:1.5:3"], in: Fixtures.diamond)
        let whole = Sweep(scenario: Fixtures.diamond, axes: axes, threads: 2).run()
        #expect(whole.rows.count == 15)
        #expect(whole.rows.allSatisfy { $0.last == 1 })
        let serial = Sweep(scenario: Fixtures.diamond, axes: axes, threads: 1).run()
        #expect(serial == whole)
        let shards = try (1...4).map { i in
            try Sweep(scenario: Fixtures.diamond, axes: axes, shard: Shard(parsing: "\(i)/4"), threads: 3).run()
        }
        #expect(shards.map(\.rows.count) == [4, 4, 4, 3])
        #expect(SweepTable.merging(shards) == whole)
    }

    /// With two threads, two points really run at the same time: each waits (up to 10 s) for the other to start.
    @Test func pointsRunConcurrently() {
        let started = Atomic<Int>(0)
        let sawBoth = ParallelRuns.map(count: 2, threads: 2) { _ -> Bool in
            started.add(1, ordering: .relaxed)
            let deadline = ContinuousClock.now + .seconds(10)
            while started.load(ordering: .relaxed) < 2 && ContinuousClock.now < deadline { usleep(100) }
            return started.load(ordering: .relaxed) == 2
        }
        #expect(sawBoth == [true, true])
        #expect(ParallelRuns.map(count: 5, threads: 3) { $0 * $0 } == [0, 1, 4, 9, 16])
        #expect(ParallelRuns.map(count: 0) { $0 }.isEmpty)
    }

    /// Once told to stop, a sweep starts no more points.
    @Test func aStoppedSweepStartsNoMorePoints() throws {
        let axes = try SweepAxis.parsing(["goods.natgas.endowment=1:10:10"], in: Fixtures.tupperware)
        let table = Sweep(scenario: Fixtures.tupperware, axes: axes).run { true }
        #expect(table.rows.isEmpty)
        #expect(table.columns.first == "point")
    }

    /// No axes: one point, the scenario as written.
    @Test func noAxesIsOnePoint() {
        let table = Sweep(scenario: Fixtures.tupperware, axes: []).run()
        #expect(table.rows.count == 1)
        expectClose(table.rows[0][1], 1.0 / 24, relative: 1e-9)
    }

    /// A point where the economy cannot start still has its row, marked not converged.
    @Test func aPointThatCannotStartIsARowOfNaN() throws {
        // ln of zero polyethylene: production undefined at the initial allocation.
        let axes = try SweepAxis.parsing(["goods.natgas.endowment=0:4:2"], in: Fixtures.tupperware)
        let table = Sweep(scenario: Fixtures.tupperware, axes: axes).run()
        #expect(table.rows.count == 2)
        #expect(table.rows[0][2].isNaN && table.rows[0].last == 0)
        #expect(table.rows[1].last == 1)
    }
}
