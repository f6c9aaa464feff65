import Foundation
import Testing
@testable import PricePropCLI
import PriceProp
@testable import PricePropAnalysis
import PricePropTestSupport

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

    /// The largest network `generate` makes: 10 million firms, about 1 GB.
    static let largestGenerate = ["generate", "layered", "--layers", "4", "--goods", "250", "--firms-per-good", "10000",
                                  "--inputs", "3"]

    /// That network onto a full device named by `-o`: one line and exit 4 after its first block, where it used
    /// to produce the whole gigabyte for nothing (standard output that fails: ``OutputSafetyCLITests``).
    @Test func theLargestGenerateOntoAFullDeviceIsExitFour() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let named = try Subprocess.run(Self.largestGenerate + ["-o", "/dev/full"], in: directory)
        #expect(named.status == ExitCode.fileIO)
        #expect(named.err == "priceprop: error: /dev/full: no space left on device\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["stderr.txt", "stdout.txt"])
    }
}
