import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropComparator
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport
@testable import PricePropCLI

private func fixture(_ name: String) -> String { Paths.root + "/Tests/Fixtures/runtime/\(name).json" }

/// Every value in every data row is a finite number: nothing non-finite ever reaches a table.
private func expectCompleteFiniteCSV(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CSVTable {
    let table = try CSVReader.read(text)
    #expect(!table.rows.isEmpty, sourceLocation: sourceLocation)
    for row in table.rows {
        #expect(row.count == table.header.count, sourceLocation: sourceLocation)
        for (name, field) in zip(table.header, row) {
            if name.hasSuffix(".status") {
                #expect(Comparison.Status(rawValue: field) != nil, "status '\(field)'", sourceLocation: sourceLocation)
            } else {
                #expect(Double(field)?.isFinite == true, "field '\(field)'", sourceLocation: sourceLocation)
            }
        }
    }
    return table
}

@Suite struct RuntimeRobustnessTests {
    @Test func domainFaultNamesTickFirmAndExpression() throws {
        let scenario = try Scenario.load(contentsOf: fixture("domain-fault"))
        var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
        let report = run.execute()
        guard case let .diverged(fault) = report.outcome else {
            Issue.record("expected divergence, got \(report.outcome)")
            return
        }
        #expect(fault.tick == 1)
        #expect(fault.firm == "A")
        #expect(fault.production == "0.01 * log(gas - 3.9)")
        #expect(fault.fault?.operation == "log(gas - 3.9)")
        #expect(fault.message.hasPrefix("tick 1: firm A, production '0.01 * log(gas - 3.9)': log(gas - 3.9) with operand -"))
        // Ten significant digits, not a round trip's seventeen.
        #expect(fault.message.hasSuffix("with operand -1.821287095 is undefined"), "\(fault.message)")
        #expect(report.ticks == 0, "the report shows the last complete state")
        #expect(report.comparison.goods.allSatisfy { $0.price.isFinite && $0.gradient.isFinite })
    }

    @Test func domainFaultExitsOneAndLeavesFiniteCSV() throws {
        let result = priceprop("run", fixture("domain-fault"), "--csv", "-", "--quiet")
        #expect(result.status == ExitCode.failure)
        #expect(result.err.contains("tick 1: firm A"))
        #expect(!result.err.contains("nan"))
        let table = try expectCompleteFiniteCSV(result.out)
        #expect(try table.doubles(inColumn: "tick") == [0])
    }

    @Test func runawayPriceIsReportedAsDivergenceWithFiniteOutput() throws {
        let result = priceprop("run", fixture("runaway-price"), "--csv", "-", "--every", "50", "--quiet")
        #expect(result.status == ExitCode.failure)
        #expect(result.err.contains("left the range 1e-100...1e+100"))
        let table = try expectCompleteFiniteCSV(result.out)
        let ticks = try table.doubles(inColumn: "tick")
        #expect(ticks.count > 2)
        let json = priceprop("run", fixture("runaway-price"), "--json")
        #expect(json.status == ExitCode.failure)
        #expect(!json.out.contains("nan") && !json.out.contains("inf"))
        #expect(json.out.contains("\"outcome\": \"diverged\""))
    }

    @Test func stallDetectorFlagsOscillationOnly() {
        var oscillating = StallDetector(window: 100)
        var flagged: Int?
        for tick in 1...1000 where flagged == nil {
            if oscillating.observe(tick.isMultiple(of: 2) ? 0.3 : 0.2) != nil { flagged = tick }
        }
        #expect(flagged == 300, "the second and third windows show no progress over the ones before")

        // Slow convergence, oscillating on the way: its envelope falls by 0.1% per window of 100 ticks, and
        // it is never stopped.
        var converging = StallDetector(window: 100)
        var envelope = 0.5
        for tick in 1...100_000 {
            #expect(converging.observe(envelope * (tick.isMultiple(of: 3) ? 1 : 0.01)) == nil)
            envelope *= 0.99999
        }

        var atPrecisionFloor = StallDetector(window: 100)
        for _ in 1...1000 { #expect(atPrecisionFloor.observe(1e-9) == nil) }

        var shocked = StallDetector(window: 100)
        for _ in 1...150 { _ = shocked.observe(1e-3) }
        shocked.reset()
        for _ in 1...100 { #expect(shocked.observe(0.2) == nil, "a reset forgets the calm before a shock") }
    }

    /// SIGINT to a real `priceprop` process: it stops at the end of a tick, writes the whole time series and
    /// exits 130.
    @Test func interruptedRunLeavesCompleteCSV() throws {
        let binary = try #require(Self.executable(), "the priceprop executable is built next to the tests")
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csv = directory + "/run.csv"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        // A tolerance no run can meet, so only the signal ends it.
        process.arguments = ["run", "tupperware", "--tolerance", "1e-300", "--max-ticks", "1000000000", "--csv", csv, "--quiet"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        process.interrupt()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130)
        let table = try expectCompleteFiniteCSV(String(contentsOfFile: csv, encoding: .utf8))
        let ticks = try table.doubles(inColumn: "tick").map { Int($0) }
        #expect(ticks == Array(0...(ticks.last ?? 0)), "every tick recorded, none lost")
        #expect(stderr == "priceprop: error: interrupted at tick \(ticks.last ?? -1)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["run.csv"], "no temporary file left")
    }

    /// `priceprop` in the build directory that holds this test bundle.
    static func executable() -> String? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("priceprop").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }
}

extension RuntimeRobustnessTests {
    /// A mechanism name the build does not provide is a scenario error at its JSON path, exit 3.
    @Test func unknownMechanismIsAScenarioError() throws {
        let path = fixture("unknown-mechanism")
        let result = priceprop("run", path)
        #expect(result.status == ExitCode.invalidScenario)
        #expect(result.err == "\(path):1:39: error: market.mechanism: unknown market mechanism 'tatonemment'; did you mean 'tatonnement'? (known: clearing, tatonnement, predictive)\n")
        #expect(priceprop("validate", path).status == ExitCode.invalidScenario)
    }
}

extension RuntimeRobustnessTests {
    /// A real slow run: plain tatonnement with steps of 0.05 on `ces` converges after more than 50,000 ticks,
    /// ten windows of the stall detector, without being stopped.
    @Test func slowButConvergingRunIsNotStopped() throws {
        var scenario = Fixtures.ces
        scenario.market = .init(mechanism: "tatonnement", priceStep: 0.05, firmStep: 0.05)
        var run = try Run(scenario: scenario, options: .init(record: false))
        let report = run.execute()
        #expect(report.converged, "\(report.outcome)")
        #expect(report.ticks > 50_000)
    }
}
