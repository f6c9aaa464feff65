import Foundation

/// Locations in the repository, found from this file's path so tests run from any directory.
package enum Paths {
    /// The repository root.
    package static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // PricePropTestSupport, Tests, root
        return url.path
    }()

    /// `scenarios/NAME.json`.
    package static func scenario(_ name: String) -> String { root + "/scenarios/\(name).json" }

    /// Every bundled scenario file's name without extension, sorted.
    package static let scenarioNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root + "/scenarios")) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// A fresh temporary directory for one test.
    package static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "/priceprop-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
