import Testing
import PriceProp
@testable import PricePropAnalysis
@testable import PricePropCLI

/// Every command taking `--threads` caps a count above the machine's cores with one note on standard error,
/// and prints exactly what it prints without the option.
@Suite struct ThreadCapTests {
    static let commands: [[String]] = [
        ["run", "tupperware"],
        ["solve", "diamond"],
        ["race", "tupperware"],
        ["sensitivity", "tupperware", "--path", "goods.natgas.endowment"],
        ["sweep", "tupperware", "--vary", "goods.natgas.endowment=3:5:2"],
        ["graph", "diamond", "--dot"],
    ]

    @Test(arguments: commands)
    func threadsBeyondTheCoresAreCappedWithANote(_ arguments: [String]) {
        let capped = PipelineFuzzTests.run(arguments + ["--threads", "4096"])
        let plain = PipelineFuzzTests.run(arguments)
        #expect(capped.status == plain.status, "\(capped.err)")
        #expect(capped.err.contains("note: --threads 4096 is more than the \(ParallelRuns.defaultThreads) core"), "\(capped.err)")
        #expect(capped.out == plain.out)
        #expect(!capped.out.isEmpty)
    }
}
