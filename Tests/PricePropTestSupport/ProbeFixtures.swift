import PriceProp

extension Fixtures {
    /// `scenarios/shock.json` built in code: the tupperware chain with gas going 4 → 9 at tick 2000 and
    /// tupperware's price 1 → 2 at tick 4000.
    package static let shock: Scenario = {
        var scenario = tupperware
        scenario.name = "shock"
        scenario.events = [
            .init(tick: 2000, assignments: [.init(path: "goods.natgas.endowment", value: 9)]),
            .init(tick: 4000, assignments: [.init(path: "goods.tupperware.price", value: 2)]),
        ]
        return scenario
    }()

    /// A chain with parameters at both levels: `k` is a scenario parameter used by A and B, which C overrides;
    /// C also has its own `m`.
    package static let parameterised: Scenario = {
        var scenario = Scenario(
            name: "parameterised", parameters: [.init(name: "k", value: 1.5), .init(name: "unused", value: 2)],
            goods: [.init(name: "gas", endowment: 4), .init(name: "resin"), .init(name: "boxes", price: 1)],
            firms: [.init(name: "A", output: "resin", production: "k * gas^0.5"),
                    .init(name: "B", output: "resin", production: "k * gas^0.25", count: 2),
                    .init(name: "C", output: "boxes", production: "m * resin^k", parameters: [.init(name: "k", value: 0.5), .init(name: "m", value: 3)])])
        return scenario
    }()
}
