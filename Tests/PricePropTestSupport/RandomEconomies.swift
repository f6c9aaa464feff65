import Foundation
import PriceProp

/// Well-posed economies nobody wrote by hand: acyclic networks of concave, increasing technologies drawn from a
/// seeded ``SplitMix64``, in families that each stress one thing the market must cope with.
///
/// Every economy has an equilibrium. ``Family/corner`` and ``Family/free`` always have corners (an unused
/// input, a free good); ``Family/shared`` and ``Family/layered`` sometimes do (an industry outbid for a raw
/// good); the others are interior (every input used, every market price positive).
package enum RandomEconomies {
    /// What an economy was drawn to test.
    package enum Family: String, CaseIterable, Sendable {
        /// Chains of 2–10 stages mixing `sqrt`, `x^a`, `log(1+x)`, `1-exp(-x)` and `x/(1+x)`, sectors of 1–3 firms.
        case chain
        /// Cobb-Douglas with 2–6 inputs, returns 0.5–0.95, its inputs endowed or made upstream.
        case cobbDouglas
        /// CES with rho in [−2, 0.9] and returns 0.5–0.99, sometimes nested through an intermediate bundle.
        case ces
        /// Raw goods each used by 2–4 industries making different final goods priced 0.1–100.
        case shared
        /// Layered networks of 3–6 levels, sectors of 1–50 firms, 1–3 inputs each.
        case layered
        /// Chains with a linear stage, and two-input linear technologies whose inputs no one else uses.
        case linear
        /// An input a firm does not use at equilibrium (linear or `log(1+x)` technology, outbid by another use).
        case corner
        /// Any interior economy plus raw goods nobody uses, whose price must fall to exactly 0.
        case free

        /// Whether every equilibrium input is used and every market price positive, whatever the draw.
        package var isInterior: Bool { ![.corner, .free, .shared, .layered].contains(self) }
    }

    /// One generated economy.
    package struct Case: Sendable, CustomStringConvertible {
        package var family: Family
        var seed: UInt64
        package var scenario: Scenario
        /// Known equilibrium prices, by good name, where the family pins them in closed form.
        package var knownPrices: [String: Double] = [:]

        package var description: String { "\(family.rawValue) #\(seed)" }
    }

    /// `count` economies from `seed`, the families in turn.
    package static func cases(count: Int, seed: UInt64 = 2026) -> [Case] {
        (0..<count).map { i in
            let family = Family.allCases[i % Family.allCases.count]
            return make(family, seed: seed &+ UInt64(i) &* 0x9E37_79B9)
        }
    }

    package static func make(_ family: Family, seed: UInt64) -> Case {
        var draw = Draw(rng: SplitMix64(seed: seed))
        var builder = Builder(name: "\(family.rawValue)-\(seed)")
        var known: [String: Double] = [:]
        switch family {
        case .chain: draw.chain(&builder, stages: 2 + draw.int(9))
        case .cobbDouglas: draw.cobbDouglas(&builder)
        case .ces: draw.ces(&builder)
        case .shared: draw.shared(&builder)
        case .layered: draw.layered(&builder)
        case .linear: draw.linear(&builder)
        case .corner: known = draw.corner(&builder)
        case .free:
            let base: [Family] = [.chain, .cobbDouglas, .ces, .shared]
            switch base[draw.int(base.count)] {
            case .chain: draw.chain(&builder, stages: 2 + draw.int(4))
            case .cobbDouglas: draw.cobbDouglas(&builder)
            case .ces: draw.ces(&builder)
            default: draw.shared(&builder)
            }
            for _ in 0..<(1 + draw.int(2)) {
                let name = builder.raw(endowment: draw.uniform(1, 10))
                known[name] = 0
            }
        }
        return Case(family: family, seed: seed, scenario: builder.scenario, knownPrices: known)
    }

    // MARK: - Building

    package struct Builder {
        var name: String
        var goods: [Scenario.Good] = []
        var firms: [Scenario.Firm] = []

        var scenario: Scenario { Scenario(name: name, goods: goods, firms: firms) }

        mutating func raw(endowment: Double) -> String {
            let good = "g\(goods.count)"
            goods.append(.init(name: good, endowment: endowment))
            return good
        }

        mutating func intermediate() -> String {
            let good = "g\(goods.count)"
            goods.append(.init(name: good))
            return good
        }

        mutating func final(price: Double) -> String {
            let good = "g\(goods.count)"
            goods.append(.init(name: good, price: price))
            return good
        }

        mutating func firm(_ output: String, _ production: String, count: Int = 1) {
            firms.append(.init(name: "f\(firms.count)", output: output, production: production, count: count))
        }
    }

    /// Draws from the seeded generator, and the families' recipes.
    package struct Draw {
        var rng: SplitMix64

        mutating func uniform(_ lower: Double, _ upper: Double) -> Double { rng.uniform(lower, upper) }
        mutating func int(_ bound: Int) -> Int { rng.index(below: bound) }
        /// Log-uniform in `[lower, upper)`.
        mutating func logUniform(_ lower: Double, _ upper: Double) -> Double {
            Foundation.exp(uniform(Foundation.log(lower), Foundation.log(upper)))
        }
        mutating func finalPrice() -> Double { logUniform(0.1, 100) }

        /// One concave increasing function of one input.
        mutating func stage(_ x: String) -> String {
            let k = number(uniform(0.5, 2))
            switch int(5) {
            case 0: return "\(k) * sqrt(\(x))"
            case 1: return "\(k) * \(x)^\(number(uniform(0.2, 0.9)))"
            case 2: return "\(k) * log(1 + \(x))"
            case 3: return "\(k) * (1 - exp(-\(x)))"
            default: return "\(k) * \(x) / (1 + \(x))"
            }
        }

        /// `A · Π xᵢ^aᵢ` with the exponents summing to `returns`.
        mutating func cobbDouglasText(_ inputs: [String], returns: Double) -> String {
            let weights = inputs.map { _ in uniform(0.2, 1) }
            let total = weights.reduce(0, +)
            let factors = zip(inputs, weights).map { "\($0)^\(number(returns * $1 / total))" }
            return "\(number(uniform(0.5, 2))) * " + factors.joined(separator: " * ")
        }

        /// `(Σ wᵢ xᵢ^ρ)^(r/ρ)`.
        mutating func cesText(_ inputs: [String], rho: Double, returns: Double) -> String {
            let sum = inputs.map { "\(number(uniform(0.2, 1))) * \($0)^\(number(rho))" }.joined(separator: " + ")
            return "(\(sum))^\(number(returns / rho))"
        }

        /// A rho in [−2, 0.9] away from 0, where the formula degenerates into Cobb-Douglas.
        mutating func rho() -> Double {
            let r = uniform(-2, 0.9)
            return abs(r) < 0.1 ? (r < 0 ? -0.1 : 0.1) : r
        }

        mutating func chain(_ b: inout Builder, stages: Int) {
            var good = b.raw(endowment: uniform(1, 10))
            for stage in 0..<stages {
                let next = stage == stages - 1 ? b.final(price: finalPrice()) : b.intermediate()
                b.firm(next, self.stage(good), count: 1 + int(3))
                good = next
            }
        }

        mutating func cobbDouglas(_ b: inout Builder) {
            let inputs = (0..<(2 + int(5))).map { _ in
                let raw = b.raw(endowment: uniform(1, 10))
                guard int(2) == 0 else { return raw }
                let made = b.intermediate()
                b.firm(made, stage(raw), count: 1 + int(3))
                return made
            }
            let final = b.final(price: finalPrice())
            b.firm(final, cobbDouglasText(inputs, returns: uniform(0.5, 0.95)), count: 1 + int(5))
        }

        mutating func ces(_ b: inout Builder) {
            let inputs = (0..<(2 + int(3))).map { _ in b.raw(endowment: uniform(1, 10)) }
            let final = b.final(price: finalPrice())
            if int(2) == 0 || inputs.count < 3 {
                b.firm(final, cesText(inputs, rho: rho(), returns: uniform(0.5, 0.99)), count: 1 + int(3))
            } else {
                let bundle = b.intermediate()
                b.firm(bundle, cesText(Array(inputs.prefix(2)), rho: rho(), returns: uniform(0.5, 0.99)), count: 1 + int(3))
                b.firm(final, cesText([bundle] + inputs.dropFirst(2), rho: rho(), returns: uniform(0.5, 0.99)),
                       count: 1 + int(3))
            }
        }

        mutating func shared(_ b: inout Builder) {
            let raws = (0..<(1 + int(2))).map { _ in b.raw(endowment: uniform(1, 10)) }
            for _ in 0..<(2 + int(3)) {
                let final = b.final(price: finalPrice())
                let first = raws[int(raws.count)]
                if raws.count > 1, int(2) == 0 {
                    b.firm(final, cobbDouglasText(raws, returns: uniform(0.5, 0.9)), count: 1 + int(3))
                } else if int(2) == 0 {
                    let made = b.intermediate()
                    b.firm(made, stage(first), count: 1 + int(3))
                    b.firm(final, stage(made), count: 1 + int(3))
                } else {
                    b.firm(final, stage(first), count: 1 + int(3))
                }
            }
        }

        mutating func layered(_ b: inout Builder) {
            let levels = 3 + int(4)
            var previous = (0..<(1 + int(3))).map { _ in b.raw(endowment: uniform(1, 10)) }
            for level in 1..<levels {
                let last = level == levels - 1
                let goods = (0..<(last ? 1 + int(2) : 1 + int(3))).map { _ in
                    last ? b.final(price: finalPrice()) : b.intermediate()
                }
                // Every good of the level below feeds some good of this level.
                var inputs = goods.map { _ in [previous[int(previous.count)]] }
                for (i, good) in previous.enumerated() where !inputs.joined().contains(good) {
                    inputs[i % goods.count].append(good)
                }
                for (good, own) in zip(goods, inputs) {
                    var chosen = own
                    while chosen.count < min(previous.count, 1 + int(3)) {
                        let extra = previous[int(previous.count)]
                        if !chosen.contains(extra) { chosen.append(extra) }
                    }
                    let production = chosen.count == 1 ? stage(chosen[0])
                        : cobbDouglasText(chosen, returns: uniform(0.5, 0.9))
                    b.firm(good, production, count: 1 + int(50))
                }
                previous = goods
            }
        }

        mutating func linear(_ b: inout Builder) {
            if int(2) == 0 {
                // raw -> (linear) -> made -> (concave) -> final
                let raw = b.raw(endowment: uniform(1, 10))
                let made = b.intermediate()
                b.firm(made, "\(number(uniform(0.5, 3))) * \(raw)", count: 1 + int(3))
                let final = b.final(price: finalPrice())
                b.firm(final, stage(made), count: 1 + int(3))
            } else {
                // Two raw goods only a linear firm uses: each priced at its marginal product times the output price.
                let a = b.raw(endowment: uniform(1, 10)), c = b.raw(endowment: uniform(1, 10))
                let made = b.intermediate()
                b.firm(made, "\(number(uniform(0.5, 3))) * \(a) + \(number(uniform(0.5, 3))) * \(c)")
                let final = b.final(price: finalPrice())
                b.firm(final, stage(made), count: 1 + int(3))
            }
        }

        /// A raw good used fully by a concave firm and not at all by a second firm that values it less at any
        /// quantity (linear, or `log(1+x)` whose marginal product is largest at 0).
        /// - Returns: the equilibrium prices, which do not depend on the second firm.
        mutating func corner(_ b: inout Builder) -> [String: Double] {
            let endowment = uniform(1, 10)
            let grain = b.raw(endowment: endowment)
            let breadPrice = finalPrice()
            let bread = b.final(price: breadPrice)
            let k = rounded(uniform(0.5, 2))
            let bakers = 1 + int(3)
            b.firm(bread, "\(number(k)) * sqrt(\(grain))", count: bakers)
            // The bakers' marginal value with the endowment shared among them, which is the grain price.
            let grainPrice = breadPrice * k / (2 * Foundation.sqrt(endowment / Double(bakers)))
            let fuelPrice = finalPrice()
            // The second firm's marginal value of grain is at most 40-80% of its price.
            let coefficient = number(uniform(0.4, 0.8) * grainPrice / fuelPrice)
            let fuel = b.final(price: fuelPrice)
            var known = [grain: grainPrice]
            if int(2) == 0 {
                let corn = b.raw(endowment: uniform(1, 10))
                let c = rounded(uniform(0.5, 2))
                b.firm(fuel, "\(number(c)) * \(corn) + \(coefficient) * \(grain)")
                known[corn] = c * fuelPrice
            } else {
                b.firm(fuel, "\(coefficient) * log(1 + \(grain))", count: 1 + int(3))
            }
            return known
        }

        /// A number as plain decimal digits (the expression parser reads no exponents), to 6
        /// significant digits; a negative one in parentheses.
        func number(_ value: Double) -> String {
            let decimals = max(0, 5 - Int(Foundation.floor(Foundation.log10(abs(value)))))
            let digits = String(format: "%.\(decimals)f", abs(value))
            return value < 0 ? "(-\(digits))" : digits
        }

        /// `value` as ``number(_:)`` writes it, so closed-form prices use the coefficient the economy has.
        func rounded(_ value: Double) -> Double { Double(number(abs(value))).map { value < 0 ? -$0 : $0 } ?? value }
    }
}
