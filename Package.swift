// swift-tools-version:6.0
import PackageDescription

// Each layer is a target and may import only the layers listed as its dependencies, so an arrow the other
// way (the market seeing the comparator, the simulation writing output, anything importing the command line)
// does not compile. docs/architecture.md draws this graph; PackageGraphTests holds it to this file.
let package = Package(
    name: "PriceProp",
    products: [
        .library(name: "PriceProp", targets: ["PriceProp"]),
        .executable(name: "priceprop", targets: ["PricePropCLI"]),
    ],
    dependencies: [],
    targets: [
        // MARK: - Library layers, lowest first
        .target(name: "PricePropBasics"),
        .target(name: "PricePropExpression", dependencies: ["PricePropBasics"]),
        .target(name: "PricePropScenario", dependencies: ["PricePropBasics", "PricePropExpression"]),
        .target(name: "PricePropEconomy", dependencies: ["PricePropBasics", "PricePropExpression", "PricePropScenario"]),
        .target(
            name: "PricePropMarket",
            dependencies: ["PricePropBasics", "PricePropExpression", "PricePropScenario", "PricePropEconomy"]
        ),
        .target(
            name: "PricePropSimulation",
            dependencies: ["PricePropBasics", "PricePropExpression", "PricePropScenario", "PricePropEconomy",
                           "PricePropMarket"]
        ),
        .target(
            name: "PricePropComparator",
            dependencies: ["PricePropBasics", "PricePropExpression", "PricePropScenario", "PricePropEconomy",
                           "PricePropMarket", "PricePropSimulation"]
        ),
        .target(name: "PricePropOutput", dependencies: ["PricePropBasics"]),
        .target(
            name: "PricePropAnalysis",
            dependencies: ["PricePropBasics", "PricePropExpression", "PricePropScenario", "PricePropEconomy",
                           "PricePropMarket", "PricePropSimulation", "PricePropComparator", "PricePropOutput"]
        ),

        // MARK: - The library product: re-exports every layer, so users write `import PriceProp`
        .target(
            name: "PriceProp",
            dependencies: ["PricePropBasics", "PricePropExpression", "PricePropScenario", "PricePropEconomy",
                           "PricePropMarket", "PricePropSimulation", "PricePropComparator", "PricePropOutput",
                           "PricePropAnalysis"]
        ),

        // MARK: - Command-line face: argument parsing and printing only
        .executableTarget(
            name: "PricePropCLI",
            dependencies: ["PriceProp"]
        ),

        // MARK: - Tests
        .target(
            name: "PricePropTestSupport",
            dependencies: ["PriceProp"],
            path: "Tests/PricePropTestSupport"
        ),
        .testTarget(
            name: "PricePropTests",
            dependencies: ["PriceProp", "PricePropCLI", "PricePropTestSupport"]
        ),
    ]
)
