#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import PricePropCLI
import PricePropTestSupport

/// An output FIFO that nobody reads would hold the process in `open` for ever; there, as while loading, the
/// first SIGINT or SIGTERM ends it with the usual message and status, whether it arrived while the work ran
/// (the stop request then reaches the open) or while the open already waited.
@Suite struct FIFOSignalTests {
    /// The exit status once the process ends, or `nil` (after killing it) if it is still running `limit`
    /// seconds after the signal: it would otherwise wait for a reader for ever.
    private func status(of process: Subprocess, within limit: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(limit)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(process.pid, &status, WNOHANG) == process.pid {
                let signal = status & 0x7F
                return signal == 0 ? (status >> 8) & 0xFF : 1000 + signal
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.signal(SIGKILL)
        _ = process.wait()
        return nil
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        /// Seconds before the signal: into the work, or after it, with the open already waiting.
        var delay: Double
        var signal: Int32
        /// A regular output written before the FIFO's, which must be complete.
        var kept: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "run --plot FIFO, SIGINT while ticking",
             arguments: ["run", "tupperware", "--tolerance", "1e-300", "--max-ticks", "1000000000", "--every", "50",
                         "--csv", "out.csv", "--plot", "fifo", "--quiet"], delay: 0.5, signal: SIGINT, kept: "out.csv"),
        Case(name: "sweep --csv FIFO, SIGTERM while the open waits",
             arguments: ["sweep", "tupperware", "--vary", "goods.natgas.endowment=1:10:3", "--csv", "fifo", "--quiet"],
             delay: 1.5, signal: SIGTERM, kept: nil),
        Case(name: "sensitivity --csv FIFO, SIGINT",
             arguments: ["sensitivity", "tupperware", "--csv", "fifo", "--quiet"], delay: 1.5, signal: SIGINT, kept: nil),
    ]

    @Test(arguments: cases)
    func theFirstSignalEndsAWaitForAReader(_ test: Case) throws {
        let directory = try Paths.temporaryDirectory()
        let logs = try Paths.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: logs)
        }
        let fifo = directory + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let arguments = test.arguments.map { $0 == "fifo" ? fifo : $0 == "out.csv" ? directory + "/out.csv" : $0 }
        let process = try Subprocess.start(arguments, in: logs)
        Thread.sleep(forTimeInterval: test.delay)
        process.signal(test.signal)
        let status = status(of: process, within: 2)
        #expect(status == 128 + test.signal)
        #expect(process.standardError == "priceprop: error: interrupted\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ([test.kept, "fifo"].compactMap { $0 }).sorted())
        if let kept = test.kept {
            let lines = try String(contentsOfFile: directory + "/" + kept, encoding: .utf8).split(separator: "\n")
            #expect(lines.count > 2)
            #expect(lines.first?.hasPrefix("tick,") == true)
            let width = lines.first.map { $0.split(separator: ",", omittingEmptySubsequences: false).count }
            #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == width })
        }
    }
}
