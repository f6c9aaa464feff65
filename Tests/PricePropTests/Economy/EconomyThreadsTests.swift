import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropAnalysis

/// Entries compile in chunks on several threads; the economy must not depend on the thread count or on where
/// the chunks fall.
@Suite struct EconomyThreadsTests {
    static let splits: [(threads: Int, grain: Int)] = [(1, 1), (2, 1), (3, 2), (2, 7), (4, 64)]

    /// Mixed CES and Cobb-Douglas entries, so chunks meet shapes in different orders.
    static let scenario: Scenario = (try? NetworkGenerator.randomDAG(.init(goods: 60, firms: 400, seed: 11)))
        ?? Scenario(name: "empty", goods: [], firms: [])

    static func entries(threads: Int, grain: Int) throws -> Economy.Entries {
        var goodIndex: [String: Int] = [:]
        for (g, good) in scenario.goods.enumerated() { goodIndex[good.name] = g }
        return try Economy.compileEntries(scenario, goodIndex: goodIndex, scenarioParameters: [:], threads: threads, grain: grain)
    }

    @Test(arguments: splits)
    func entriesDoNotDependOnThreads(threads: Int, grain: Int) throws {
        let reference = try Self.entries(threads: 1, grain: Int.max)
        let split = try Self.entries(threads: threads, grain: grain)
        #expect(reference.tapes.count >= 6)
        #expect(split.tapes.map(\.instructionText) == reference.tapes.map(\.instructionText))
        #expect(split.tapes.map(\.parameters) == reference.tapes.map(\.parameters))
        #expect(split.tape == reference.tape)
        #expect(split.output == reference.output)
        #expect(split.inputStart == reference.inputStart)
        #expect(split.inputGoods == reference.inputGoods)
        #expect(split.parameterStart == reference.parameterStart)
        #expect(split.parameterValues.map(\.bitPattern) == reference.parameterValues.map(\.bitPattern))
        #expect(split.parameterNames == reference.parameterNames)
        #expect(split.overrides == reference.overrides)
    }

    /// Tapes are numbered in order of first use, as one thread numbers them.
    @Test func tapesAreNumberedByFirstUse() throws {
        let entries = try Self.entries(threads: 3, grain: 5)
        var seen = -1
        for t in entries.tape where t > seen {
            #expect(t == seen + 1)
            seen = t
        }
        #expect(seen == entries.tapes.count - 1)
    }

    /// With faults in several chunks, every split reports the first entry's.
    @Test(arguments: splits)
    func firstFaultIsReportedWhateverTheSplit(threads: Int, grain: Int) throws {
        var scenario = Self.scenario
        scenario.firms[350].output = "nowhere"
        scenario.firms[123].production = "x +"
        scenario.firms[301].count = 0
        let economyError: EconomyError?
        do { _ = try Economy(scenario, threads: threads); economyError = nil } catch { economyError = error }
        #expect(economyError?.path == JSONPath() / "firms" / 123 / "production")
        var goodIndex: [String: Int] = [:]
        for (g, good) in scenario.goods.enumerated() { goodIndex[good.name] = g }
        let chunkedError = #expect(throws: EconomyError.self) {
            try Economy.compileEntries(scenario, goodIndex: goodIndex, scenarioParameters: [:], threads: threads, grain: grain)
        }
        #expect(chunkedError?.path == JSONPath() / "firms" / 123 / "production")
    }

    /// The same economy ticks to the same bits whichever thread count built it.
    @Test func economiesBuiltOnAnyThreadCountRunAlike() throws {
        let one = try Run(scenario: Self.scenario, options: Run.Options(maxTicks: 30), threads: 1)
        let three = try Run(scenario: Self.scenario, options: Run.Options(maxTicks: 30), threads: 3)
        #expect(Array(one.simulation.economy.firmTape) == Array(three.simulation.economy.firmTape))
        var a = one, b = three
        let ra = a.execute(), rb = b.execute()
        #expect(ra.ticks == 30)
        #expect(a.simulation.prices.map(\.bitPattern) == b.simulation.prices.map(\.bitPattern))
        #expect(ra.comparison == rb.comparison)
    }
}
