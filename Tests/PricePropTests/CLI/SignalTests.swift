#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropOutput
@testable import PricePropAnalysis
import PricePropTestSupport

/// SIGINT and SIGTERM sent to real `priceprop` processes at random (seeded) moments of each long command:
/// loading, building, ticking, sweeping, sensitivities, generating and writing. Whatever the moment, the
/// process ends with 130 or 143 (or 0/1 had it already finished), says it was interrupted, leaves no
/// temporary file, and any output file it leaves is complete.
@Suite struct SignalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        /// The output the command writes, relative to its directory.
        var output: String
        var seed: UInt64
        var testDescription: String { "\(name) (seed \(seed))" }
    }

    static let commands: [(String, [String], String)] = [
        ("run", ["run", "tupperware", "--tolerance", "1e-300", "--max-ticks", "1000000000", "--csv", "out.csv",
                 "--every", "50", "--quiet"], "out.csv"),
        ("sweep", ["sweep", "tupperware", "--vary", "goods.natgas.endowment=1:10:100000", "--threads", "2",
                   "--csv", "out.csv", "--quiet"], "out.csv"),
        ("sensitivity", ["sensitivity", "ces", "--threads", "2", "--csv", "out.csv", "--quiet"], "out.csv"),
        ("generate", ["generate", "layered", "--layers", "3", "--goods", "100", "--firms-per-good", "50",
                      "--inputs", "3", "-o", "net.json"], "net.json"),
    ]

    static let cases: [Case] = commands.flatMap { name, arguments, output in
        (1...3).map { Case(name: name, arguments: arguments, output: output, seed: UInt64(17 + $0)) }
    }

    @Test(arguments: cases)
    func signalAtARandomMoment(_ test: Case) throws {
        var random = SplitMix64(seed: test.seed &+ UInt64(test.name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        let signal = random.next() % 2 == 0 ? SIGINT : SIGTERM
        // Up to 0.6 s: from before the handlers exist (the signal then waits, blocked) to well into the work.
        let delay = Double(random.next() % 600) / 1000
        let second = random.next() % 3 == 0 ? Double(random.next() % 50) / 1000 : nil

        let directory = try Paths.temporaryDirectory()
        let logs = try Paths.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: logs)
        }
        let arguments = test.arguments.map { $0 == test.output ? directory + "/" + $0 : $0 }
        let process = try Subprocess.start(arguments, in: logs)
        Thread.sleep(forTimeInterval: delay)
        process.signal(signal)
        if let second {
            Thread.sleep(forTimeInterval: second)
            process.signal(signal)
        }
        let started = Date()
        let status = process.wait()
        let stopping = Date().timeIntervalSince(started)
        let context = "signal \(signal) after \(delay) s\(second.map { ", again after \($0) s" } ?? "")"

        #expect([0, 1, 128 + signal].contains(status), "exit status \(status); \(context)")
        #expect(stopping < 5, "stopped \(stopping) s after the signal; \(context)")
        if status == 128 + signal {
            #expect(process.standardError.contains("interrupted"), "\(process.standardError); \(context)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(left.allSatisfy { $0 == test.output }, "temporary files left: \(left); \(context)")
        guard left.contains(test.output) else { return }
        let path = directory + "/" + test.output
        if test.output.hasSuffix(".csv") {
            let table = try CSVReader.read(String(contentsOfFile: path, encoding: .utf8))
            #expect(!table.header.isEmpty, "\(context)")
            #expect(table.rows.allSatisfy { $0.count == table.header.count }, "every row complete; \(context)")
        } else {
            let scenario = try Scenario.load(contentsOf: path)
            #expect(scenario.firms.count == 100 * 50 * 3, "the whole network or none; \(context)")
        }
    }

    /// After a stop request the report is its summary line, not the table of every good (which for a large
    /// network runs to hundreds of thousands of lines).
    @Test func anInterruptedRunReportsOnlyItsSummary() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = try Subprocess.start(["run", "tupperware", "--tolerance", "1e-300", "--max-ticks", "1000000000",
                                            "--csv", output + "/out.csv", "--every", "1000"], in: directory)
        // Ticking has begun once the series' temporary file exists (however slow the machine is today).
        let deadline = Date().addingTimeInterval(30)
        while (try? FileManager.default.contentsOfDirectory(atPath: output))?.isEmpty ?? true, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        Thread.sleep(forTimeInterval: 0.2)
        process.signal(SIGINT)
        #expect(process.wait() == 130)
        let out = process.standardOutput, err = process.standardError
        let tick = err.hasPrefix("priceprop: error: interrupted at tick ") ? err.dropFirst(38).dropLast() : ""
        #expect(Int(tick) != nil, "\(err)")
        #expect(out == "tupperware: interrupted at tick \(tick)\n")
    }

    /// A signal that arrives while the scenario is still being read and checked ends the process at once with
    /// the message, before any output exists.
    @Test func signalDuringLoadingEndsAtOnce() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = try Subprocess.start(["run", "tupperware", "--csv", directory + "/out.csv"], in: directory)
        // Sent at once: blocked until the handlers are installed, so it lands in argument parsing or loading.
        process.signal(SIGTERM)
        #expect(process.wait() == 143)
        #expect(process.standardError == "priceprop: error: interrupted\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["stderr.txt", "stdout.txt"])
    }
}
