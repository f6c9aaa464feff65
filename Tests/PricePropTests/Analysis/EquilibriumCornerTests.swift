import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropSimulation
@testable import PricePropAnalysis
import PricePropTestSupport

/// Corners of the complementarity problem, refusals, and the Newton direction against finite differences.
@Suite struct EquilibriumCornerTests {
    /// `exp(10 · gas)` from 1 unit of gas: a convex technology, so no competitive equilibrium.
    static let convex = Scenario(
        name: "convex",
        goods: [.init(name: "gas", endowment: 1), .init(name: "plastic", price: 1)],
        firms: [.init(name: "A", output: "plastic", production: "exp(10 * gas)")])

    /// The seed with a good nobody uses and a firm that makes it from natural gas: the good is free (price
    /// exactly 0), its maker shuts down (buys exactly 0), and everything else is the seed's equilibrium.
    @Test func unusedGoodIsFreeAndItsMakerShutsDown() throws {
        var scenario = Fixtures.tupperware
        scenario.goods.append(.init(name: "scrap"))
        scenario.firms.append(.init(name: "D", output: "scrap", production: "sqrt(natgas)"))
        let solution = try Equilibrium(solving: Economy(scenario))
        #expect(solution.converged)
        #expect(solution.prices[4] == 0)
        #expect(solution.status(ofGood: 4) == "free")
        #expect(solution.entries[3].quantities == [0])
        #expect(solution.entries[3].production == 0)
        for (price, expected) in zip(solution.prices, [1.0 / 24, 1.0 / 6, 3.0 / 2, 1]) { expectClose(price, expected) }
        expectClose(solution.value, -0.40546510810816438)
    }

    /// Linear technologies: `M` makes the final good as `2a + 0.1b` and `Z` as `0.1b`, while `S` makes it as
    /// `√b`. With all 9 units of `b`, `S` values `b` at `0.5/√9 = 1/6 > 0.1`, so `b`'s price is 1/6, `M` buys
    /// none of `b` (an unused input), `Z` shuts down, and `a` (4 units, used only by `M`) is priced at its
    /// constant marginal value 2. `V = 2 · 4 + √9 = 11`.
    @Test func linearTechnologyLeavesAnUnprofitableInputUnused() throws {
        let scenario = Scenario(
            name: "linear",
            goods: [.init(name: "a", endowment: 4), .init(name: "b", endowment: 9), .init(name: "out", price: 1)],
            firms: [.init(name: "M", output: "out", production: "2 * a + 0.1 * b"),
                    .init(name: "S", output: "out", production: "sqrt(b)"),
                    .init(name: "Z", output: "out", production: "0.1 * b")])
        let solution = try Equilibrium(solving: Economy(scenario))
        #expect(solution.converged)
        #expect(solution.residual <= 1e-12)
        expectClose(solution.prices[0], 2)
        expectClose(solution.prices[1], 1.0 / 6)
        #expect(solution.entries[0].quantities[1] == 0)
        expectClose(solution.entries[0].quantities[0], 4)
        expectClose(solution.entries[1].quantities[0], 9)
        #expect(solution.entries[2].quantities == [0])
        #expect(solution.entries[2].production == 0)
        expectClose(solution.value, 11)
    }

    /// A free primary good: the farm's technology `6w − w²` has marginal product `6 − 2w`, zero at 3 units, so
    /// of 10 units of water it uses 3 at any price and the rest is left over: water's price is exactly 0 and
    /// `V = 6 · 3 − 9 = 9`.
    @Test func goodLeftOverIsFree() throws {
        let scenario = Scenario(
            name: "flood",
            goods: [.init(name: "water", endowment: 10), .init(name: "crop", price: 1)],
            firms: [.init(name: "farm", output: "crop", production: "6 * water - water^2")])
        let solution = try Equilibrium(solving: Economy(scenario))
        #expect(solution.converged)
        #expect(solution.prices[0] == 0)
        #expect(solution.status(ofGood: 0) == "free")
        expectClose(solution.entries[0].quantities[0], 3)
        expectClose(solution.value, 9)
    }

    /// `exp(10 · gas)` is convex: the point where the gas price equals its marginal value is where profit is
    /// smallest, so the solver refuses it and names the firm and the input.
    @Test func profitMinimumIsRefused() throws {
        let economy = try Economy(Self.convex)
        #expect {
            try Equilibrium(solving: economy)
        } throws: { error in
            guard let error = error as? EquilibriumError, case let .notAMaximum(failure) = error else { return false }
            return failure.firm == "A" && failure.input == "gas" && failure.curvature > 0
                && error.message.hasPrefix("not an equilibrium: ") && !error.message.contains("\n")
        }
    }

    /// `a^0.8 · b^0.8` curves downward along each input alone but upward along both together (returns to scale
    /// 1.6): a saddle of profit, refused as a mix of inputs. At `a = b = 1` the Hessian is
    /// `[[−0.16, 0.64], [0.64, −0.16]]`; `LDLᵀ` of its negative leaves the pivot `0.16 − 0.64²/0.16 = −2.4`.
    @Test func saddleIsRefusedAsAMixOfInputs() throws {
        let scenario = Scenario(
            name: "saddle",
            goods: [.init(name: "a", endowment: 1), .init(name: "b", endowment: 1), .init(name: "out", price: 1)],
            firms: [.init(name: "F", output: "out", production: "a^0.8 * b^0.8")])
        let economy = try Economy(scenario)
        var refusal: EquilibriumError.NotAMaximum?
        do { _ = try Equilibrium(solving: economy) } catch { if case let .notAMaximum(failure) = error { refusal = failure } }
        let failure = try #require(refusal)
        #expect(failure.firm == "F" && failure.input == nil)
        expectClose(failure.curvature, 2.4, relative: 1e-9)
    }

    /// A run's distance to the direct solution says in words why it has none, never with internal names.
    @Test func groundTruthReasonIsWords() throws {
        let check = GroundTruthCheck(try Simulation(economy: Economy(Self.convex)))
        #expect(check.distance == nil)
        let reason = try #require(check.reason)
        #expect(reason.hasPrefix("the direct solver failed: not an equilibrium: "), "\(reason)")
        #expect(!reason.contains("notAMaximum") && !reason.contains("NotAMaximum("))
    }

    /// A memory limit below the estimate is refused before anything is allocated, with the numbers in one line.
    @Test func tooLargeIsRefusedBeforeAllocating() throws {
        let scenario = try NetworkGenerator.layered(.init(layers: 3, goodsPerLayer: 50, firmsPerGood: 2, inputs: 2))
        let economy = try Economy(scenario)
        #expect {
            try Equilibrium(solving: economy, options: .init(memoryLimit: 100_000))
        } throws: { error in
            guard let error = error as? EquilibriumError, case let .tooLarge(size) = error else { return false }
            return size.prices == 150 && size.bytes > 150 * 150 * 8 && size.limit == 100_000
                && error.message.hasPrefix("too large to solve directly: about ") && error.message.contains("100 kB")
                && !error.message.contains("tooLarge") && !error.message.contains("\n")
        }
    }

    /// The Newton direction solves the linearised system: along it, the central difference of every equation
    /// `(φ(z + h d) − φ(z − h d)) / 2h` equals `−φ(z)` (diamond, from the start, Fischer-Burmeister form).
    @Test func directionSolvesTheLinearisedSystem() throws {
        let economy = try Economy(Fixtures.diamond)
        let system = try EquilibriumSystem(economy: economy, threads: 1)
        let (point, scales) = try Equilibrium.start(system)
        let evaluation = system.evaluate(point, scales: scales, ncp: .fischerBurmeister)
        let step = try system.direction(point, evaluation, scales: scales, ncp: .fischerBurmeister, memoryLimit: 1e9)
        let h = 1e-6
        func shifted(_ t: Double) -> [Double] {
            var moved = point
            for s in moved.quantities.indices { moved.quantities[s] += t * step.quantities[s] }
            for g in moved.prices.indices { moved.prices[g] += t * step.prices[g] }
            return system.evaluate(moved, scales: scales, ncp: .fischerBurmeister).residual
        }
        let plus = shifted(h), minus = shifted(-h)
        #expect(evaluation.residual.contains { abs($0) > 1e-3 }, "the start is not already the answer")
        for (j, phi) in evaluation.residual.enumerated() {
            expectClose((plus[j] - minus[j]) / (2 * h), -phi, relative: 1e-6, absolute: 1e-9, "equation \(j)")
        }
    }

    /// Messages carry names and numbers, never the solver's internal case names.
    @Test func messagesAreWords() {
        let unsupplied = EquilibriumError.unsuppliedGood("q").message
        #expect(unsupplied == "good 'q' has neither an endowment, a fixed price nor a producer")
        let mix = EquilibriumError.notAMaximum(.init(firm: "F", input: nil, curvature: 2)).message
        #expect(mix == "not an equilibrium: where every price equals its marginal value, firm 'F' is at a profit minimum or saddle, not a maximum: its technology curves upward along a mix of its inputs (curvature 2 > 0)")
        #expect(EquilibriumError.bytesText(80e9) == "80 GB")
        #expect(EquilibriumError.bytesText(512) == "512 bytes")
    }
}
