import Foundation
import Testing
@testable import PricePropCLI
import PriceProp
@testable import PricePropScenario
@testable import PricePropAnalysis
import PricePropTestSupport

/// The file model of a scenario, without where it was read from.
private func content(_ scenario: Scenario) -> Scenario {
    var copy = scenario
    copy.file = nil
    copy.sourceMap = SourceMap()
    copy.warnings = []
    return copy
}

@Suite struct GeneratorWritingTests {
    static let layered = NetworkGenerator.Layered(layers: 3, goodsPerLayer: 6, firmsPerGood: 4, inputs: 3, seed: 11)
    static let randomDAG = NetworkGenerator.RandomDAG(goods: 25, firms: 60, minInputs: 1, maxInputs: 4, seed: 3)

    @Test func writtenLayeredNetworkLoadsBackToTheGeneratedScenario() throws {
        var text = ""
        try NetworkGenerator.writeLayered(Self.layered, to: &text)
        let loaded = try Scenario.decode(text, file: "layered.json")
        #expect(loaded.validate().isEmpty)
        #expect(content(loaded) == (try NetworkGenerator.layered(Self.layered)))
    }

    @Test func writtenRandomNetworkLoadsBackToTheGeneratedScenario() throws {
        var text = ""
        try NetworkGenerator.writeRandomDAG(Self.randomDAG, to: &text)
        let loaded = try Scenario.decode(text, file: "random.json")
        #expect(loaded.validate().isEmpty)
        #expect(content(loaded) == (try NetworkGenerator.randomDAG(Self.randomDAG)))
    }

    @Test(arguments: Paths.scenarioNames)
    func bundledScenariosRoundTripThroughTheWriter(name: String) throws {
        let original = try Scenario.load(contentsOf: Paths.scenario(name))
        var text = ""
        ScenarioWriter().write(original, to: &text)
        #expect(content(try Scenario.decode(text)) == content(original))
    }

    @Test func generateWritesTheSameBytesForTheSameSeedToAFile() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["generate", "layered", "--layers", "2", "--goods", "5", "--firms-per-good", "3", "--inputs", "2"]
        for (file, seed) in [("a", "4"), ("b", "4"), ("c", "5")] {
            let result = priceprop(arguments + ["--seed", seed, "-o", directory + "/\(file).json"])
            #expect(result.status == ExitCode.success, "\(result.err)")
            #expect(result.out.isEmpty)
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: directory + "/a.json"))
        let b = try Data(contentsOf: URL(fileURLWithPath: directory + "/b.json"))
        let c = try Data(contentsOf: URL(fileURLWithPath: directory + "/c.json"))
        #expect(a == b)
        #expect(a != c)
        let loaded = try Scenario.load(contentsOf: directory + "/a.json")
        #expect(loaded.firms.count == 2 * 5 * 3)
        // Standard output gets the same text.
        #expect(priceprop(arguments + ["--seed", "4"]).out == String(decoding: a, as: UTF8.self))
    }

    @Test func generatedNetworkConvergesWithRun() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/net.json"
        let generated = priceprop("generate", "random-dag", "--goods", "12", "--firms", "30", "--seed", "8", "-o", path)
        #expect(generated.status == ExitCode.success, "\(generated.err)")
        let run = priceprop("run", path, "--quiet")
        #expect(run.status == ExitCode.success, "\(run.err)")
    }

    @Test func oneAndTwoThreadsWriteIdenticalCSVAndJSON() throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/net.json"
        #expect(priceprop("generate", "layered", "--layers", "3", "--goods", "8", "--firms-per-good", "40",
                          "--inputs", "3", "-o", path).status == ExitCode.success)
        var outputs: [(csv: Data, json: String)] = []
        for threads in ["1", "2"] {
            let csv = directory + "/threads\(threads).csv"
            let result = priceprop("run", path, "--ticks", "300", "--every", "7", "--threads", threads, "--csv", csv, "--json")
            #expect(result.err.isEmpty)
            outputs.append((try Data(contentsOf: URL(fileURLWithPath: csv)), result.out))
        }
        #expect(outputs[0].csv.count > 1000)
        #expect(outputs[0].csv == outputs[1].csv)
        #expect(outputs[0].json == outputs[1].json)
    }

    @Test func generateRefusesOptionsOfTheOtherNetworkAndMissingSizes() {
        let foreign = priceprop("generate", "layered", "--layers", "2", "--goods", "3", "--firms-per-good", "1",
                                "--inputs", "1", "--firms", "9")
        #expect(foreign.status == ExitCode.usage)
        #expect(foreign.err.contains("'--firms' does not apply to layered networks"))
        let missing = priceprop("generate", "random-dag", "--goods", "10")
        #expect(missing.status == ExitCode.usage)
        #expect(missing.err.contains("random-dag networks need '--firms'"))
        let unknown = priceprop("generate", "layerd")
        #expect(unknown.status == ExitCode.usage)
        #expect(unknown.err.contains("did you mean 'layered'?"))
        let impossible = priceprop("generate", "layered", "--layers", "2", "--goods", "3", "--firms-per-good", "1", "--inputs", "4")
        #expect(impossible.status == ExitCode.usage)
        #expect(impossible.err.contains("4 distinct inputs but only 3 goods"))
    }
}

@Suite struct ShapeValidationTests {
    /// Firms of one shape share a parse, but each one's own names are still checked.
    @Test func laterFirmsOfAShapeAreCheckedOnTheirOwnNames() throws {
        let k = [Scenario.Parameter(name: "k", value: 1)]
        let scenario = Scenario(
            name: "shapes",
            goods: [.init(name: "a", endowment: 1), .init(name: "b"), .init(name: "c", price: 1)],
            firms: [.init(name: "F", output: "b", production: "k * a^0.5", parameters: k),
                    .init(name: "G", output: "c", production: "k * b^0.5", parameters: k),
                    .init(name: "H", output: "b", production: "k * b^0.5", parameters: k),
                    .init(name: "I", output: "c", production: "k * b^0.5 + q", parameters: k)])
        let messages = scenario.validate().map { $0.problem }
        #expect(messages.count == 1, "a firm using its own output is valid")
        #expect(messages.contains { if case .unknownName("q", _, _, _) = $0 { true } else { false } })
    }
}
