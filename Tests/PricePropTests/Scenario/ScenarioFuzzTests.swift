import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropAnalysis

/// Random and mutated documents and expressions must each load or fail with diagnostics, never crash.
///
/// Seeded, so any failure reproduces; split over several seeds so the cases run in parallel.
@Suite struct ScenarioFuzzTests {
    static let base = Array("""
    {"version": 1, "name": "fuzz", "parameters": {"alpha": 0.3, "k": 2},
     "goods": [{"name": "natgas", "endowment": 4}, {"name": "ethylene", "initialPrice": 1.5}, {"name": "tupperware", "price": 1}],
     "firms": [{"name": "A", "output": "ethylene", "production": "k * natgas^alpha"},
               {"name": "C", "output": "tupperware", "production": "ln(ethylene + 1)", "count": 3, "parameters": {"k": 1}}],
     "market": {"mechanism": "tatonnement", "priceStep": 0.2}, "simulation": {"maxTicks": 100, "tolerance": 1e-9},
     "events": [{"tick": 5, "set": {"goods.natgas.endowment": 5, "firms.C.parameters.k": 2}}]}
    """.utf8)

    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "1e999", "-", "0", "01", "1.5", "null", "true",
        "é", "\n", " ", "(", ")", "sqrt(", "^", "natgas", "ethylene", "alpha", "\"name\"", "\"count\": 0", "\"price\": 1",
        "{\"name\": \"x\", \"output\": \"natgas\", \"production\": \"natgas\"}", "[[[[[[[[", "]]]]", "\"goods.x.price\": 1",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x00], [0xE2, 0x82]]

    static let expressionTokens = [
        "natgas", "ethylene", "tupperware", "alpha", "k", "x", "2", "0.5", "1e3", "+", "-", "*", "/", "^", "(", ")",
        "sqrt(", "ln(", "exp(", "pow(", ",", " ", "1e", "2x", "$", "é",
    ]

    @Test(arguments: 0..<4 as Range<UInt64>)
    func mutatedDocumentsNeverCrash(seed: UInt64) {
        var rng = SplitMix64(seed: 0xF00D + seed)
        var loaded = 0
        for _ in 0..<20_000 {
            var bytes = Self.base
            for _ in 0..<Int.random(in: 1...4, using: &rng) { mutate(&bytes, using: &rng) }
            if check(bytes) { loaded += 1 }
        }
        // Some mutations (inside a description, extra whitespace) leave a valid scenario.
        #expect(loaded > 0)
    }

    @Test(arguments: 0..<2 as Range<UInt64>)
    func randomExpressionsNeverCrash(seed: UInt64) {
        var rng = SplitMix64(seed: 0xBEEF + seed)
        let prefix = Array(#"{"name": "e", "parameters": {"alpha": 0.5}, "goods": [{"name": "natgas", "endowment": 1}, {"name": "ethylene"}, {"name": "tupperware", "price": 1}], "firms": [{"name": "A", "output": "ethylene", "production": "sqrt(natgas)"}, {"name": "B", "output": "tupperware", "production": ""#.utf8)
        let suffix = Array(#""}]}"#.utf8)
        for _ in 0..<10_000 {
            let expression = (0..<Int.random(in: 0...12, using: &rng)).map { _ in
                Self.expressionTokens.randomElement(using: &rng) ?? ""
            }.joined()
            check(prefix + Array(expression.utf8) + suffix)
        }
    }

    @Test(arguments: 0..<2 as Range<UInt64>)
    func randomBytesNeverCrash(seed: UInt64) {
        var rng = SplitMix64(seed: 0xCAFE + seed)
        for _ in 0..<10_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...24, using: &rng) {
                bytes += Self.tokens.randomElement(using: &rng) ?? []
            }
            check(bytes)
        }
    }

    /// Loads `bytes`; a failure must carry at least one error that renders. Returns whether it loaded.
    @discardableResult
    private func check(_ bytes: [UInt8]) -> Bool {
        do {
            let scenario = try Scenario.decode(bytes, file: "fuzz.json")
            #expect(!scenario.warnings.contains { $0.severity == .error })
            return true
        } catch {
            #expect(error.diagnostics.contains { $0.severity == .error })
            #expect(!error.description.isEmpty)
            return false
        }
    }

    private func mutate(_ bytes: inout [UInt8], using rng: inout SplitMix64) {
        guard !bytes.isEmpty else {
            bytes = Self.tokens.randomElement(using: &rng) ?? []
            return
        }
        let at = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
        case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &rng)))
        case 2: bytes.insert(contentsOf: Self.tokens.randomElement(using: &rng) ?? [], at: at)
        case 3:
            let end = min(bytes.count, at + Int.random(in: 1...40, using: &rng))
            bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &rng))
        default: bytes[at] = Self.tokens.randomElement(using: &rng)?.first ?? 0
        }
    }
}
