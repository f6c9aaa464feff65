import Foundation
import Testing
import PricePropTestSupport

/// Holds the package to its layering: `Package.swift` lets a layer depend only on layers below it, no source
/// file imports a target its own target does not depend on, and `docs/architecture.md` draws the same graph.
/// Adding a forbidden arrow (the market importing the comparator, the simulation importing output, anything
/// importing the command line) fails here even when a stale build would still let it compile.
@Suite struct PackageGraphTests {
    /// The library layers, lowest first; a layer may depend only on layers before it.
    static let layers = [
        "PricePropBasics", "PricePropExpression", "PricePropScenario", "PricePropEconomy", "PricePropMarket",
        "PricePropSimulation", "PricePropComparator", "PricePropOutput", "PricePropAnalysis", "PriceProp",
    ]
    /// Layers that must not see output: they compute, they do not write.
    static let belowOutput = ["PricePropExpression", "PricePropScenario", "PricePropEconomy", "PricePropMarket",
                              "PricePropSimulation", "PricePropComparator"]

    /// Each target of `Package.swift` with the targets it depends on.
    static func declaredGraph() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: Paths.root + "/Package.swift", encoding: .utf8)
        var graph: [String: Set<String>] = [:]
        let declaration = /\.(?:target|executableTarget|testTarget)\(\s*name:\s*"(\w+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?/
        for match in text.matches(of: declaration) {
            let names = match.output.2.map { $0.matches(of: /"(\w+)"/).map { String($0.output.1) } } ?? []
            graph[String(match.output.1)] = Set(names)
        }
        return graph
    }

    @Test func layersDependOnlyOnLayersBelowThem() throws {
        let graph = try Self.declaredGraph()
        #expect(Set(graph.keys) == Set(Self.layers + ["PricePropCLI", "PricePropTestSupport", "PricePropTests"]))
        for (index, layer) in Self.layers.enumerated() {
            let below = Set(Self.layers[..<index])
            let upward = graph[layer, default: []].subtracting(below)
            #expect(upward.isEmpty, "\(layer) depends on \(upward.sorted()), which are not below it")
        }
        #expect(graph["PricePropOutput"] == ["PricePropBasics"], "output is format-only: it knows no domain layer")
        for layer in Self.belowOutput {
            #expect(graph[layer]?.contains("PricePropOutput") == false, "\(layer) must not depend on output")
        }
        #expect(graph["PricePropMarket"]?.contains("PricePropComparator") == false)
        for (target, dependencies) in graph where target != "PricePropTests" {
            #expect(!dependencies.contains("PricePropCLI"), "\(target) depends on the command line")
        }
    }

    @Test func everyImportIsADeclaredDependency() throws {
        let graph = try Self.declaredGraph()
        let sources = Paths.root + "/Sources"
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources).filter { graph[$0] != nil }
        #expect(targets.count == Self.layers.count + 1)
        for target in targets {
            let directory = sources + "/" + target
            let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
                for match in text.matches(of: /(?m)^(?:@\w+ )*import (PriceProp\w*)$/) {
                    let imported = String(match.output.1)
                    #expect(graph[target]?.contains(imported) == true,
                            "\(target)/\(file) imports \(imported), which \(target) does not depend on")
                }
            }
        }
    }

    /// The table in `docs/architecture.md` lists each target's dependencies; it must match `Package.swift`.
    @Test func architectureDocumentDrawsTheDeclaredGraph() throws {
        let graph = try Self.declaredGraph()
        let text = try String(contentsOfFile: Paths.root + "/docs/architecture.md", encoding: .utf8)
        var documented: [String: Set<String>] = [:]
        var rows: [String] = []
        for match in text.matches(of: /(?m)^\| `(PriceProp\w*)` \| ([^|]*) \|/) {
            let names = match.output.2.matches(of: /`(PriceProp\w*)`/).map { String($0.output.1) }
            documented[String(match.output.1)] = Set(names)
            rows.append(String(match.output.1))
        }
        let library = graph.filter { $0.key != "PricePropTests" && $0.key != "PricePropTestSupport" }
        #expect(documented == library)
        // One row per target: a second row would say what the target holds twice, and differently.
        #expect(rows.count == documented.count, "targets with more than one row: \(rows.filter { name in rows.filter { $0 == name }.count > 1 })")
    }
}
