import Foundation
import Testing
import PriceProp
import PricePropTestSupport

/// `priceprop solve` on economies with corners and on ones it must refuse: one line, exit 1, never a crash.
@Suite struct SolveCommandTests {
    /// Writes `json` to a fresh file and runs `solve` on it with `extra` arguments.
    static func solve(_ json: String, _ extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
        let directory = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/economy.json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return MechanismsCommandTests.run(["solve", path] + extra)
    }

    @Test func profitMinimumIsNotAnEquilibrium() throws {
        let result = try Self.solve("""
            {"name": "convex", "goods": [{"name": "gas", "endowment": 1}, {"name": "plastic", "price": 1}],
             "firms": [{"name": "A", "output": "plastic", "production": "exp(10 * gas)"}]}
            """)
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err.hasSuffix("economy.json: not an equilibrium: where every price equals its marginal value, firm 'A' is at a profit minimum or saddle, not a maximum: its technology curves upward along 'gas' (second derivative 2.2e+06 > 0)\n"), "\(result.err)")
    }

    @Test func tooLargeIsOneLine() throws {
        let result = MechanismsCommandTests.run(["solve", "diamond", "--memory-limit", "1e-6"])
        #expect(result.status == 1)
        #expect(result.err == "priceprop: error: diamond (bundled): too large to solve directly: about 2.62 kB needed for the sparse reduced system of 3 unknowns (3 market prices), more than the limit of 1 kB; raise --memory-limit if the machine has the memory\n", "\(result.err)")
    }

    /// Stopped before the tolerance: says so first, prints the last iterate, exits 1.
    @Test func notSolvedWithinTheIterationsExitsOne() {
        let result = MechanismsCommandTests.run(["solve", "diamond", "--max-iterations", "1"])
        #expect(result.status == 1)
        #expect(result.out.hasPrefix("diamond: NOT solved in 1 Newton iterations, residual "), "\(result.out)")
        #expect(result.err.isEmpty)
    }

    @Test func freeGoodAndUnusedInputShowInTheTables() throws {
        let result = try Self.solve("""
            {"name": "corners", "goods": [{"name": "a", "endowment": 4}, {"name": "b", "endowment": 9},
               {"name": "water", "endowment": 10}, {"name": "out", "price": 1}],
             "firms": [{"name": "M", "output": "out", "production": "2 * a + 0.1 * b"},
                       {"name": "S", "output": "out", "production": "sqrt(b)"},
                       {"name": "farm", "output": "out", "production": "6 * water - water^2"}]}
            """, ["--json"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains(#""status": "free""#))
        #expect(result.out.contains(#""b": 0"#))
    }
}
