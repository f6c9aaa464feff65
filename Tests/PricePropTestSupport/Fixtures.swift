import PriceProp

/// Scenarios built in code, independent of the file loader.
package enum Fixtures {
    package static let tupperware = Scenario(
        name: "tupperware",
        goods: [.init(name: "natgas", endowment: 4), .init(name: "ethylene"), .init(name: "polyethylene"),
                .init(name: "tupperware", price: 1)],
        firms: [.init(name: "A", output: "ethylene", production: "sqrt(natgas)"),
                .init(name: "B", output: "polyethylene", production: "1 - 1/(ethylene + 1)"),
                .init(name: "C", output: "tupperware", production: "ln(polyethylene)")])

    package static let diamond = Scenario(
        name: "diamond",
        goods: [.init(name: "crude", endowment: 9), .init(name: "fuel"), .init(name: "plastic"),
                .init(name: "widgets", price: 1)],
        firms: [.init(name: "refinery", output: "fuel", production: "2 * sqrt(crude)"),
                .init(name: "chemicals", output: "plastic", production: "crude^0.4 * fuel^0.3"),
                .init(name: "widget-maker", output: "widgets", production: "3 * fuel^0.3 * plastic^0.5")])

    /// Every route the produce phase takes, side by side in one batch: products of powers with literal and
    /// parameter exponents and coefficients, bare inputs, a repeated input, general expressions, and a
    /// product of powers whose input runs dry (zero), which the shortcut declines.
    package static let mixedBatch = Scenario(
        name: "mixed-batch",
        goods: [.init(name: "ore", endowment: 10), .init(name: "water", endowment: 5), .init(name: "dust", endowment: 0),
                .init(name: "metal"), .init(name: "parts"), .init(name: "goods", price: 1)],
        firms: [.init(name: "smelter", output: "metal", production: "2 * ore^0.3 * water^0.4"),
                .init(name: "twice", output: "metal", production: "ore^0.2 * ore^0.3 * water^0.1"),
                .init(name: "general", output: "metal", production: "sqrt(ore) + water^0.5"),
                .init(name: "dry", output: "metal", production: "ore^0.5 * dust"),
                .init(name: "fitter", output: "parts", production: "K * metal^k * water^j", count: 3,
                      parameters: [.init(name: "K", value: 1.5), .init(name: "k", value: 0.35), .init(name: "j", value: 0.25)]),
                .init(name: "bare", output: "parts", production: "metal * water"),
                .init(name: "assembler", output: "goods", production: "metal^0.4 * parts^0.5"),
                .init(name: "pool", output: "goods", production: "(metal + parts)^0.5")])
}
