import Foundation
import Testing
import PriceProp
@testable import PricePropAnalysis
import PricePropTestSupport
@testable import PricePropCLI

/// Mutated scenario files and mutated command lines (option values, scenario and output paths) through the
/// whole `priceprop` pipeline, in process:
/// decode, validate, build the economy, tick, compare, solve and write. Each case must end with a documented
/// exit status, print no `nan`/`inf` and no Swift type names, explain every failure on standard error, and
/// keep machine output (`--json`, `--csv -`) readable. A trap would end the test process, so reaching the end
/// means no case crashed. Seeded, so a failure reproduces from the seed and case number it prints.
///
/// Two seeds at a time, each pair in order: four at once would crowd out the other suites' threads for tens
/// of seconds on a two-core machine, one at a time would make this the suite's longest wait.
@Suite struct PipelineFuzzTests {
    static let documents: [[UInt8]] = [
        ScenarioFuzzTests.base,
        Array("""
        {"name": "chain", "parameters": {"a": 0.5},
         "goods": [{"name": "gas", "endowment": 4}, {"name": "mid"}, {"name": "plastic", "price": 1}],
         "firms": [{"name": "A", "output": "mid", "production": "sqrt(gas) + a", "count": 2},
                   {"name": "B", "output": "plastic", "production": "1 - 1/(mid + 1)"}],
         "simulation": {"maxTicks": 50}}
        """.utf8),
    ]

    /// Pieces spliced into documents: numbers at and past every limit, names that are not identifiers,
    /// expressions that overflow.
    static let tokens: [[UInt8]] = [
        "2147483648", "9007199254740992", "10000001", "1e308", "-1e308", "1e-320", "0", "-1", "0.0001", "1e999",
        "\"count\": 4", "\"nat gas\"", "\"crude-oil\"", "\"a.b\"", "\"1e308/(gas + 1)\"", "\"exp(mid * 1e3)\"",
        "\"ln(gas - 4)\"", "\"gas^1e308\"", ",", ":", "{", "}", "[", "]", "\"", "null", "true", "é",
        "{\"tick\": 2, \"set\": {\"parameters.a\": 1e308}}", "\"mechanism\": \"predictive\"",
    ].map { Array($0.utf8) } + [[0xFF], [0x00]]

    /// Option values, good and bad.
    static let values = ["0", "1", "2", "3", "7", "-1", "1e9", "abc", "", "-", "nan", "inf", "1e-300", "0.5",
                         "99999999999999999999", "1/2", "2/1", "predictive", "tatonnement", "x=1:2:2"]

    /// Per seed; four seeds make 20,000 cases.
    static let cases = 5_000

    @Test(.serialized, arguments: [0, 1] as [UInt64])
    func mutatedScenariosAndCommandLines(seed: UInt64) throws {
        try fuzz(seed: seed)
    }

    @Test(.serialized, arguments: [2, 3] as [UInt64])
    func moreMutatedScenariosAndCommandLines(seed: UInt64) throws {
        try fuzz(seed: seed)
    }

    private func fuzz(seed: UInt64) throws {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/fuzz.json", csv = directory + "/series.csv"
        var rng = SplitMix64(seed: 0x5EED_0000 + seed)
        var statuses: [Int32: Int] = [:]
        for number in 0..<Self.cases {
            var bytes = Self.documents.randomElement(using: &rng) ?? []
            for _ in 0..<Int.random(in: 0...3, using: &rng) { mutate(&bytes, using: &rng) }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            if number.isMultiple(of: 16) { try Data(bytes).write(to: URL(fileURLWithPath: csv)) }
            let arguments = commandLine(file: file, csv: csv, using: &rng)
            let result = Self.run(arguments)
            statuses[result.status, default: 0] += 1
            check(result, arguments: arguments, context: "seed \(seed), case \(number) on\n\(String(decoding: bytes, as: UTF8.self))\n")
        }
        // The mix must reach past decoding: some cases run to an outcome, some fail validation.
        #expect(statuses[ExitCode.success, default: 0] + statuses[ExitCode.failure, default: 0] > Self.cases / 20)
        #expect(statuses[ExitCode.invalidScenario, default: 0] > Self.cases / 20)
        #expect(statuses[ExitCode.usage, default: 0] > 0)
    }

    static func run(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
        let out = TextBuffer(), err = TextBuffer()
        var io = CommandIO(out: out, err: err)
        let status = CommandLineTool.main(arguments: arguments, io: &io)
        return (status, out.text, err.text)
    }

    /// A command line whose work stays small: every run is capped at a few dozen ticks. Each option value is
    /// good three times in four, else drawn from ``values``.
    private func commandLine(file: String, csv: String, using rng: inout SplitMix64) -> [String] {
        func value(_ good: String...) -> String {
            Int.random(in: 0..<4, using: &rng) > 0 ? good.randomElement(using: &rng) ?? "1"
                : Self.values.randomElement(using: &rng) ?? "1"
        }
        // Bad tick counts, never large ones: a run that does not converge would run all of them.
        func ticks() -> String {
            Int.random(in: 0..<4, using: &rng) > 0 ? String(Int.random(in: 0...30, using: &rng))
                : ["-1", "abc", "", "nan", "1e-300", "0.5", "99999999999999999999"].randomElement(using: &rng) ?? "0"
        }
        var line: [String]
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1: line = ["run", file, "--ticks", ticks()]
        case 2: line = ["run", file, "--max-ticks", ticks(), "--json"]
        case 3: line = ["run", file, "--ticks", ticks(), "--csv", "-", "--every", value("1", "2", "7")]
        case 4: line = ["validate", file]
        case 5: line = ["solve", file, "--max-iterations", String(Int.random(in: 1...20, using: &rng))]
        case 6: line = ["sensitivity", file, "--max-ticks", String(Int.random(in: 1...20, using: &rng)), "--threads", "1",
                        "--path", value("goods.gas.endowment", "parameters.a", "goods.natgas.endowment", "parameters.alpha")]
        case 7: line = ["plot", csv, "-o", "-"]
        case 8: line = ["run", file, "--max-ticks", ticks(), "--mechanism", value("predictive", "tatonnement"),
                        "--threads", value("1", "2", "3")]
        default: line = ["run", file, "--ticks", ticks(), "--tolerance", value("1e-6", "0.5", "1e-300"), "--json"]
        }
        // Now and then the scenario path, or an output path, is one no command can use.
        if Int.random(in: 0..<16, using: &rng) == 0 {
            let paths = ["", "/", "/nonexistent/dir/x.json", directory(of: file), "-", file + "/x", "tupperwar", "diamond"]
            line[1] = paths.randomElement(using: &rng) ?? file
        } else if Int.random(in: 0..<16, using: &rng) == 0 {
            line += ["--csv", ["/nonexistent/dir/x.csv", directory(of: file), "", file + "/x.csv"].randomElement(using: &rng) ?? ""]
        }
        // Now and then a stray option or value, to exercise the scanner on every command.
        if Int.random(in: 0..<8, using: &rng) == 0 {
            let junk = ["--json", "--quiet", "--", "-q", "--every", "--csv", "--ticks=3", "-x", value()]
            line.insert(junk.randomElement(using: &rng) ?? "", at: Int.random(in: 1...line.count, using: &rng))
        }
        return line
    }

    private func directory(of file: String) -> String {
        String(file[..<(file.lastIndex(of: "/") ?? file.endIndex)])
    }

    private func check(_ result: (status: Int32, out: String, err: String), arguments: [String], context: String) {
        let known: Set<Int32> = [ExitCode.success, ExitCode.failure, ExitCode.usage, ExitCode.invalidScenario, ExitCode.fileIO]
        let shown = "\(context): priceprop \(arguments.joined(separator: " "))"
        #expect(known.contains(result.status), "\(shown): exit \(result.status)")
        if result.status != ExitCode.success {
            let explained = result.status == ExitCode.failure ? !(result.err + result.out).isEmpty : !result.err.isEmpty
            #expect(explained || arguments.contains("--quiet") || arguments.contains("-q"),
                    "\(shown): exit \(result.status) without a message")
        }
        // Diagnostics echo the damaged file and the bad option values, which may spell anything; the reports
        // of commands that ran are the program's own words.
        if result.status == ExitCode.success || result.status == ExitCode.failure {
            for text in [result.out, result.err] {
                if let token = MachineOutput.nonFiniteToken(in: text) { Issue.record("\(shown): '\(token)' in\n\(text.prefix(2000))") }
            }
        }
        for text in [result.out, result.err] {
            if let spelling = MachineOutput.internalSpelling(in: text) { Issue.record("\(shown): '\(spelling)' in\n\(text.prefix(2000))") }
        }
        guard result.status == ExitCode.success || result.status == ExitCode.failure, !arguments.contains("--") else { return }
        if arguments.contains("--json"), !arguments.contains("--quiet"), !arguments.contains("-q"), !result.out.isEmpty {
            #expect(MachineOutput.parsesAsJSON(result.out), "\(shown): stdout is not one JSON value:\n\(result.out.prefix(2000))")
        }
        if arguments.first == "run", let i = arguments.firstIndex(of: "--csv"), arguments.indices.contains(i + 1), arguments[i + 1] == "-",
           !result.out.isEmpty {
            #expect(MachineOutput.parsesAsCSV(result.out), "\(shown): stdout is not a CSV table:\n\(result.out.prefix(2000))")
        }
    }

    private func mutate(_ bytes: inout [UInt8], using rng: inout SplitMix64) {
        guard !bytes.isEmpty else { return }
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: bytes[at] = UInt8.random(in: 0x20...0x7E, using: &rng)
        case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...6, using: &rng)))
        case 2: bytes.insert(contentsOf: Self.tokens.randomElement(using: &rng) ?? [], at: at)
        default:
            // Replace a number where one starts, so limits and overflow are hit more often than by chance.
            guard let start = bytes[at...].firstIndex(where: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return }
            let end = bytes[start...].firstIndex { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) && $0 != UInt8(ascii: ".") } ?? bytes.count
            bytes.replaceSubrange(start..<end, with: Self.tokens[Int.random(in: 0..<10, using: &rng)])
        }
    }
}
