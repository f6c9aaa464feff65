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
@testable import PriceProp

/// Output that cannot be written ends the work producing it: a generated network stops at the first
/// block once its destination has failed.
@Suite struct FailedOutputTests {
    /// Counts what reaches it, as a destination would see it.
    struct CountingSink: TextOutputStream {
        var writes = 0
        var bytes = 0
        mutating func write(_ string: String) {
            writes += 1
            bytes += string.utf8.count
        }
    }

    @Test func generationStopsAfterTheBlockThatFailed() throws {
        let shape = NetworkGenerator.Layered(layers: 4, goodsPerLayer: 250, firmsPerGood: 100, inputs: 3)
        var whole = CountingSink()
        try NetworkGenerator.writeLayered(shape, to: &whole)
        var failed = CountingSink()
        try NetworkGenerator.writeLayered(shape, to: &failed, while: { false })
        #expect(whole.writes > 100)
        #expect(failed.writes == 1)
        #expect(failed.bytes >= 1 << 16 && failed.bytes < 1 << 17)

        var random = CountingSink()
        try NetworkGenerator.writeRandomDAG(.init(goods: 1_000, firms: 100_000), to: &random, while: { false })
        #expect(random.writes == 1)
    }

    /// The largest network `generate` makes (10 million firms, about 1 GB) onto a full device, a closed
    /// standard output and a full device named by `-o`: each ends with one line and exit 4 after its first
    /// block, where it used to produce the whole gigabyte for nothing.
    @Test func theLargestGenerateOntoAFailedOutputIsExitFour() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["generate", "layered", "--layers", "4", "--goods", "250", "--firms-per-good", "10000", "--inputs", "3"]
        let full = try Subprocess.run(arguments, in: directory, stdout: "/dev/full")
        #expect(full.status == ExitCode.fileIO)
        #expect(full.err == "priceprop: error: standard output: no space left on device\n")
        let closed = try Subprocess.run(arguments, in: directory, closeStandardOutput: true)
        #expect(closed.status == ExitCode.fileIO)
        #expect(closed.err.hasPrefix("priceprop: error: standard output: "))
        let named = try Subprocess.run(arguments + ["-o", "/dev/full"], in: directory)
        #expect(named.status == ExitCode.fileIO)
        #expect(named.err.hasPrefix("priceprop: error: /dev/full: "))
        #expect(named.err.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["stderr.txt", "stdout.txt"])
    }
}
