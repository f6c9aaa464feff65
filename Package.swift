// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PriceProp",
    products: [
        .library(name: "PriceProp", targets: ["PriceProp"]),
        .executable(name: "priceprop", targets: ["PricePropCLI"]),
    ],
    dependencies: [],
    targets: [
        // MARK: - Library: all simulation, comparison and output logic
        .target(name: "PriceProp"),

        // MARK: - Command-line face: argument parsing and printing only
        .executableTarget(
            name: "PricePropCLI",
            dependencies: ["PriceProp"]
        ),

        // MARK: - Tests
        .testTarget(
            name: "PricePropTests",
            dependencies: ["PriceProp", "PricePropCLI"]
        ),
    ]
)
