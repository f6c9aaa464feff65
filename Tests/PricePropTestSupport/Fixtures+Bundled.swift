import PriceProp

/// The other two bundled scenarios, built in code to mirror `scenarios/competitive.json` and `scenarios/ces.json`.
extension Fixtures {
    package static let competitive = Scenario(
        name: "competitive",
        parameters: [.init(name: "k", value: 1)],
        goods: [.init(name: "natgas", endowment: 40), .init(name: "ethylene"), .init(name: "polyethylene"),
                .init(name: "tupperware", price: 1)],
        firms: [.init(name: "cracker-small", output: "ethylene", production: "k * sqrt(natgas)", count: 5),
                .init(name: "cracker-mid", output: "ethylene", production: "k * sqrt(natgas)", count: 3,
                      parameters: [.init(name: "k", value: 1.5)]),
                .init(name: "cracker-large", output: "ethylene", production: "k * sqrt(natgas)", count: 2,
                      parameters: [.init(name: "k", value: 2)]),
                .init(name: "polymer-old", output: "polyethylene", production: "k * (1 - 1/(ethylene + 1))", count: 4),
                .init(name: "polymer-new", output: "polyethylene", production: "k * (1 - 1/(ethylene + 1))", count: 4,
                      parameters: [.init(name: "k", value: 1.3)]),
                .init(name: "moulder", output: "tupperware", production: "k * ln(polyethylene)", count: 4),
                .init(name: "moulder-fast", output: "tupperware", production: "k * ln(polyethylene)", count: 2,
                      parameters: [.init(name: "k", value: 1.4)])])

    package static let ces = Scenario(
        name: "ces",
        parameters: [.init(name: "rho", value: 0.5), .init(name: "returns", value: 0.9)],
        goods: [.init(name: "labour", endowment: 10), .init(name: "capital", endowment: 4), .init(name: "parts"),
                .init(name: "machines", price: 1)],
        firms: [.init(name: "parts-maker", output: "parts",
                      production: "(0.6 * labour^rho + 0.4 * capital^rho)^(returns / rho)", count: 3),
                .init(name: "machine-builder", output: "machines", production: "A * parts^0.6 * labour^0.3", count: 2,
                      parameters: [.init(name: "A", value: 2)])])

    /// The four bundled scenarios, seed first.
    package static let bundled: [Scenario] = [tupperware, competitive, diamond, ces]
}
