@testable import PriceProp

/// Scenarios built in code, independent of the file loader.
enum Fixtures {
    static let tupperware = Scenario(
        name: "tupperware",
        goods: [.init(name: "natgas", endowment: 4), .init(name: "ethylene"), .init(name: "polyethylene"),
                .init(name: "tupperware", price: 1)],
        firms: [.init(name: "A", output: "ethylene", production: "sqrt(natgas)"),
                .init(name: "B", output: "polyethylene", production: "1 - 1/(ethylene + 1)"),
                .init(name: "C", output: "tupperware", production: "ln(polyethylene)")])

    static let diamond = Scenario(
        name: "diamond",
        goods: [.init(name: "crude", endowment: 9), .init(name: "fuel"), .init(name: "plastic"),
                .init(name: "widgets", price: 1)],
        firms: [.init(name: "refinery", output: "fuel", production: "2 * sqrt(crude)"),
                .init(name: "chemicals", output: "plastic", production: "crude^0.4 * fuel^0.3"),
                .init(name: "widget-maker", output: "widgets", production: "3 * fuel^0.3 * plastic^0.5")])
}
