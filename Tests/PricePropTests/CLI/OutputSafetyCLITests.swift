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
import PriceProp
@testable import PricePropOutput
import PricePropTestSupport

/// No command overwrites its input, writes two outputs onto one file, or reports success for output that
/// was lost on standard output.
@Suite struct OutputSafetyCLITests {
    @Test func anOutputOntoTheScenarioIsRefusedBeforeAnyWork() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/in.json"
        let original = try String(contentsOfFile: Paths.scenario("tupperware"), encoding: .utf8)
        try AtomicFile.write(original, to: input)
        for option in ["--csv", "--plot", "--report"] {
            let result = priceprop("run", input, option, directory + "/./in.json")
            #expect(result.status == ExitCode.fileIO)
            #expect(result.out.isEmpty)
            #expect(result.err == "priceprop: error: \(directory)/./in.json: is the same file as the scenario file; refusing to overwrite it\n")
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == original)
        let sweep = priceprop("sweep", input, "--vary", "goods.natgas.endowment=1:2:2", "--csv", input)
        #expect(sweep.status == ExitCode.fileIO)
        let sensitivity = priceprop("sensitivity", input, "--csv", input)
        #expect(sensitivity.status == ExitCode.fileIO)
        let graph = priceprop("graph", input, "-o", input)
        #expect(graph.status == ExitCode.fileIO)
        #expect(try String(contentsOfFile: input, encoding: .utf8) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["in.json"])
    }

    @Test func twoOutputsOntoOneFileAreRefused() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = priceprop("run", "tupperware", "--csv", directory + "/x", "--plot", directory + "/x")
        #expect(result.status == ExitCode.fileIO)
        #expect(result.err == "priceprop: error: \(directory)/x: is the same file as the output of '--csv'; refusing to overwrite it\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        // A device may take both.
        #expect(priceprop("run", "tupperware", "--csv", "/dev/null", "--plot", "/dev/null", "--quiet").status == ExitCode.success)
    }

    @Test func plotRefusesToOverwriteItsCSV() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csv = directory + "/run.csv"
        #expect(priceprop("run", "tupperware", "--csv", csv, "--every", "100", "--quiet").status == ExitCode.success)
        let before = try String(contentsOfFile: csv, encoding: .utf8)
        let result = priceprop("plot", csv, "-o", csv)
        #expect(result.status == ExitCode.fileIO)
        #expect(result.err == "priceprop: error: \(csv): is the same file as the input CSV; refusing to overwrite it\n")
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == before)
    }

    /// A full device, a closed descriptor: exit 4 and one line, for the report, JSON and a generated network
    /// (also the largest `generate` makes, 10 million firms, which stops at its first block).
    @Test(arguments: [["run", "tupperware"], ["run", "tupperware", "--json"], ["solve", "diamond"],
                      ["generate", "layered", "--layers", "1", "--goods", "2", "--firms-per-good", "2", "--inputs", "1"],
                      FailedOutputTests.largestGenerate])
    func failedStandardOutputIsExitFour(_ arguments: [String]) throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let full = try Subprocess.run(arguments, in: directory, stdout: "/dev/full")
        #expect(full.status == ExitCode.fileIO)
        #expect(full.err == "priceprop: error: standard output: no space left on device\n")
        let closed = try Subprocess.run(arguments, in: directory, closeStandardOutput: true)
        #expect(closed.status == ExitCode.fileIO)
        #expect(closed.err.hasPrefix("priceprop: error: standard output: "))
        #expect(closed.err.split(separator: "\n").count == 1)
    }

    /// A reader that stops reading (`| head`) ends the run quietly but not successfully.
    @Test func aClosedPipeIsExitFourWithoutAMessage() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Thread {
            let descriptor = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 100)
            _ = read(descriptor, &buffer, buffer.count)
            close(descriptor)
        }
        reader.start()
        let result = try Subprocess.run(["run", "tupperware", "--ticks", "200000", "--csv", "-", "--quiet"],
                                        in: directory, stdout: fifo)
        #expect(result.status == ExitCode.fileIO)
        #expect(result.err.isEmpty)
    }
}
