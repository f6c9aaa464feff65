import Foundation
import Testing
@testable import PricePropCLI
import PriceProp
@testable import PricePropBasics
@testable import PricePropExpression
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropAnalysis
import PricePropTestSupport

/// Small inputs that once meant unbounded work (stack overflows, quadratic time, huge allocations) are
/// clear errors naming the limit, and what is accepted is handled in linear time.
@Suite struct BoundedWorkTests {
    private func scenario(production: String, output: String = "p", goods: [String] = ["gas", "p"]) -> String {
        let goodsText = goods.enumerated().map { i, name in
            i == 0 ? "{\"name\": \"\(name)\", \"endowment\": 4}" : "{\"name\": \"\(name)\", \"price\": 1}"
        }.joined(separator: ", ")
        return "{\"name\": \"t\", \"goods\": [\(goodsText)], \"firms\": [{\"name\": \"A\", \"output\": \"\(output)\", \"production\": \"\(production)\"}]}"
    }

    private func firstError(_ text: String) -> String? {
        do { _ = try Scenario.decode(text, file: "x.json"); return nil } catch {
            return error.diagnostics.first.map(\.rendered)
        }
    }

    @Test func everyBinaryOperatorCountsTowardsTheDepthLimit() throws {
        let limit = ExpressionParser.maximumHeight
        // 60,000 terms are over the length limit; 2,000 are within it but 1,999 levels of '+'.
        #expect(throws: ExpressionError(.tooLong(limit: 100_000), column: 100_001)) {
            try Expression(parsing: Array(repeating: "n", count: 60_000).joined(separator: "+"))
        }
        // k operators make a chain k + 1 levels tall: the 1,024th operator (column 2,048) is one too many.
        for op in ["+", "-", "*", "/"] {
            let chain = Array(repeating: "n", count: 2_000).joined(separator: op)
            #expect(throws: ExpressionError(.tooTall(limit: limit), column: 2 * limit)) { try Expression(parsing: chain) }
        }
        let powers = Array(repeating: "n", count: 2_000).joined(separator: "^")
        #expect(throws: ExpressionError.self) { try Expression(parsing: powers) }
        // Exactly at the limit parses, renders and reparses to the same tree.
        let atLimit = try Expression(parsing: Array(repeating: "n", count: limit).joined(separator: " + "))
        #expect(try Expression(parsing: atLimit.root.description).root == atLimit.root)
        #expect(throws: ExpressionError(.tooTall(limit: limit), column: 4 * limit - 1)) {
            try Expression(parsing: Array(repeating: "n", count: limit + 1).joined(separator: " + "))
        }
        // The generator's largest technologies fit.
        _ = try Expression(parsing: NetworkGenerator.cesText(inputs: 1_000).replacingOccurrences(of: "#", with: "g"))
        _ = try Expression(parsing: NetworkGenerator.cobbDouglasText(inputs: 1_000).replacingOccurrences(of: "#", with: "g"))
    }

    @Test func aLongChainIsAValidationErrorNotACrash() throws {
        let chain = Array(repeating: "gas", count: 16_000).joined(separator: "+")
        let message = try #require(firstError(scenario(production: chain)))
        #expect(message.hasPrefix("x.json:1:"))
        #expect(message.contains("firms[0].production: more than 1024 levels of operators (every operator, call and sign is a level)"))
        // The expression is shown as the stretch around the fault, not all 64,000 characters.
        let lines = message.split(separator: "\n").map { Array($0) }
        #expect(lines.count == 3)
        #expect(lines[1].count < 140)
        let caret = try #require(lines[2].firstIndex(of: "^"))
        #expect(lines[1][caret] == "+", "the caret stands under the operator that went too deep")
    }

    @Test func longNamesAreRefusedAndSuggestionsStayLinear() throws {
        let name = String(repeating: "q", count: 60_000)
        let typo = String(name.dropLast()) + "r"
        let messages: [String]
        do {
            _ = try Scenario.decode(scenario(production: "sqrt(gas)", output: typo, goods: ["gas", name]), file: "x.json")
            messages = []
        } catch {
            messages = error.diagnostics.map(\.rendered)
        }
        #expect(messages.first?.contains("error: goods[1].name: name of 60000 bytes is longer than the limit of 1000") == true)
        #expect(messages.contains { $0.contains("firms[0].output: unknown good 'qqq") })
        #expect(messages.allSatisfy { $0.count <= MessageText.defaultLimit + 40 }, "names shortened in the middle")

        // Beyond the longest name nothing is suggested; within it, the band finds a typo without a full table.
        #expect(closestMatch(to: typo, among: [name]) == nil)
        let long = String(repeating: "q", count: 999)
        #expect(closestMatch(to: String(long.dropLast()) + "r", among: ["natgas", long]) == long)
        #expect(closestMatch(to: String(long.dropLast(9)) + String(repeating: "r", count: 9), among: [long]) == nil, "9 edits: beyond the bound")
        #expect(closestMatch(to: "natgs", among: ["natgas", "ethylene"]) == "natgas")
        #expect(closestMatch(to: "ethyelne", among: ["natgas", "ethylene"]) == "ethylene")
        #expect(closestMatch(to: String(repeating: "ab", count: 50) + "x", among: [String(repeating: "ab", count: 50) + "y"]) != nil)
    }

    /// The banded distance agrees with the full table wherever it answers, on seeded random strings.
    @Test func boundedEditDistanceMatchesTheFullOne() {
        var random = SplitMix64(seed: 2024)
        func word() -> [Character] {
            (0..<Int(random.next() % 9)).map { _ in Character(Unicode.Scalar(UInt8(97 + random.next() % 3))) }
        }
        for _ in 0..<2_000 {
            let a = word(), b = word(), limit = Int(random.next() % 5)
            let full = editDistance(String(a), String(b))
            #expect(boundedEditDistance(a, b, limit: limit) == (full <= limit ? full : nil), "\(String(a)) / \(String(b)) within \(limit)")
        }
    }

    @Test func sweepGridsAreBoundedWithOverflowCheckedProducts() throws {
        let scenario = try Scenario.decode(BundledScenarios.text(named: "tupperware") ?? "")
        let huge = "goods.natgas.endowment=1:2:9223372036854775807"
        #expect(throws: SweepSpecError.tooManyPoints(points: Int.max, limit: SweepAxis.maximumPoints)) {
            try SweepAxis.parsing([huge], in: scenario)
        }
        let three = ["goods.natgas.endowment=1:2:3000000000", "goods.tupperware.price=1:2:3000000000",
                     "parameters.alpha=0.1:0.2:3000000000"]
        #expect(throws: SweepSpecError.tooManyPoints(points: nil, limit: SweepAxis.maximumPoints)) {
            try SweepAxis.parsing(three, in: scenario)
        }
        #expect(throws: SweepSpecError.tooManyPoints(points: 10_000_000_000, limit: SweepAxis.maximumPoints)) {
            try SweepAxis.parsing(["goods.natgas.endowment=1:2:100000", "goods.tupperware.price=1:2:100000"], in: scenario)
        }
        // Within the point limit, the table's size is checked too: 17 columns of 9 million rows.
        #expect(throws: SweepSpecError.tableTooLarge(cells: 153_000_000, limit: SweepAxis.maximumCells)) {
            try SweepAxis.parsing(["goods.natgas.endowment=1:2:9000000"], in: scenario)
        }
        let result = priceprop("sweep", "tupperware", "--vary", huge)
        #expect(result.status == ExitCode.usage)
        #expect(result.err.hasPrefix("priceprop: error: --vary the grid has 9223372036854775807 points; a sweep runs at most 10000000"))
        #expect(throws: SweepSpecError.invalidBound(axis: "goods.natgas.endowment=0x1:2:3", bound: "0x1")) {
            try SweepAxis.parsing(["goods.natgas.endowment=0x1:2:3"], in: scenario)
        }
    }

    @Test func generatedNetworksAreBoundedWithOverflowCheckedProducts() {
        let limit = NetworkGenerator.maximumCount
        let huge = NetworkGenerator.Layered(layers: Int(Int32.max), goodsPerLayer: Int(Int32.max),
                                            firmsPerGood: Int(Int32.max), inputs: 1)
        #expect(huge.firmCount == Int.max)
        #expect(throws: NetworkGenerator.ShapeError.tooLarge(name: "goods", value: 2_147_483_648 * 2_147_483_647, limit: limit)) {
            try NetworkGenerator.layered(huge)
        }
        #expect(throws: NetworkGenerator.ShapeError.tooLarge(name: "firms", value: 100_000_000, limit: limit)) {
            try NetworkGenerator.layered(.init(layers: 4, goodsPerLayer: 250, firmsPerGood: 100_000, inputs: 1))
        }
        #expect(throws: NetworkGenerator.ShapeError.tooLarge(name: "firms", value: Int(Int32.max), limit: limit)) {
            try NetworkGenerator.randomDAG(.init(goods: 100, firms: Int(Int32.max)))
        }
        let result = priceprop("generate", "random-dag", "--goods", "2147483647", "--firms", "2147483647")
        #expect(result.status == ExitCode.usage)
        #expect(result.err == "priceprop: error: the network would have 2147483647 goods; at most 10000000 are generated\n")
    }

    /// The race's limit is the solver's own memory estimate plus what the race records, not a count of
    /// unknowns: a network of 4,000 firms on 500 goods, refused when the solver was dense, is accepted.
    @Test func raceRefusesWhatTheSolverEstimatesTooLargeForMemory() throws {
        let shape = NetworkGenerator.RandomDAG(goods: 500, firms: 4_000, minInputs: 1, maxInputs: 3, cesShare: 0.5, seed: 5)
        var text = ""
        try NetworkGenerator.writeRandomDAG(shape, to: &text)
        try Race.checkSize(of: try Economy(try Scenario.decode(text)), options: Race.Options())

        let diamond = try Economy(try Scenario.decode(BundledScenarios.text(named: "diamond") ?? ""))
        let solveBytes = Equilibrium.estimatedBytes(try EquilibriumSystem(economy: diamond, threads: 1))
        let recorded = Race.recordedBytes(of: diamond, maxTicks: 1_000_000)
        #expect(recorded > 400e6 && recorded < 500e6)
        let small = Race.Options(maxTicks: 1_000_000, memoryLimit: 100e6)
        let expected = RaceSizeError(solve: .init(reducedUnknowns: 3, prices: 3, bytes: solveBytes, limit: 100e6), recorded: recorded)
        #expect(throws: expected) { try Race.checkSize(of: diamond, options: small) }
        #expect(expected.message.hasSuffix("more than the limit of 100 MB; record fewer ticks (--max-ticks)"))
        try Race.checkSize(of: diamond, options: Race.Options(maxTicks: 10_000, memoryLimit: 100e6))

        // The solver's own refusal inside a race is given the memory left after the record, and restated.
        let tight = Race.Options(maxTicks: 10, memoryLimit: Race.recordedBytes(of: diamond, maxTicks: 10) + solveBytes / 2)
        let left = tight.memoryLimit - Race.recordedBytes(of: diamond, maxTicks: 10)
        #expect(throws: EquilibriumError.tooLarge(.init(reducedUnknowns: 3, prices: 3, bytes: solveBytes, limit: left))) {
            try Race(economy: diamond, options: tight)
        }
        let restated = RaceSizeError(.tooLarge(.init(reducedUnknowns: 3, prices: 3, bytes: solveBytes, limit: left)),
                                     recorded: Race.recordedBytes(of: diamond, maxTicks: 10))
        #expect(restated?.solve.limit == tight.memoryLimit)
        #expect(RaceSizeError(.unsuppliedGood("g"), recorded: 0) == nil)
    }

    /// On the command line: a network whose reduced system is larger than half the machine's memory is
    /// refused with one line and exit 2 before anything large is allocated. Each firm of 1,000 inputs ties
    /// its 1,001 goods to each other, about 56 MB of blocks and reduced nonzeros.
    @Test func raceOnTooManyMarketPricesIsExitTwo() throws {
        let prices = Int(Equilibrium.Options.defaultMemoryLimit / 56e6 * 1.2 + 1) * 1_000
        var goods = (0..<prices).map { "{\"name\": \"g\($0)\", \"endowment\": 1}" }
        goods.append("{\"name\": \"out\", \"price\": 1}")
        let firms = (0..<prices / 1_000).map { j in
            "{\"name\": \"f\(j)\", \"output\": \"out\", \"production\": \"sqrt(\((j * 1_000..<(j + 1) * 1_000).map { "g\($0)" }.joined(separator: "+")))\"}"
        }
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/wide.json"
        try "{\"name\": \"wide\", \"goods\": [\(goods.joined(separator: ","))], \"firms\": [\(firms.joined(separator: ","))]}"
            .write(toFile: path, atomically: false, encoding: .utf8)
        let result = priceprop("race", path, "--quiet")
        #expect(result.status == ExitCode.usage)
        #expect(result.err.hasPrefix("priceprop: error: \(path): a race first solves for the equilibrium directly: about "))
        #expect(result.err.contains("for the sparse reduced system of \(prices) unknowns, plus "))
        #expect(result.err.hasSuffix("; use 'priceprop run' for networks this large\n"))
        #expect(result.err.split(separator: "\n").count == 1)
    }

    @Test func raceRecordsAtMostAMillionTicks() {
        let ticks = priceprop("race", "--max-ticks", "2000000")
        #expect(ticks.status == ExitCode.usage)
        #expect(ticks.err.hasPrefix("priceprop: error: invalid value '2000000' for '--max-ticks'; expected an integer in 1...1000000"))
    }
}
