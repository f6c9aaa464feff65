#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PricePropBasics

// MARK: - Reading scenario files

extension Scenario {
    /// The largest scenario file read: 2 GiB, about nine million firms of three inputs each as
    /// `priceprop generate` writes them (every number with all 17 digits: 226 bytes per firm). Loading needs
    /// several times the file in memory, so the limit is what a large machine holds rather than a guard against
    /// mistakes; it keeps a device or FIFO, which states no size, from being read without end: those are read
    /// up to this many bytes and then refused.
    public static let maximumFileBytes = 2 << 30

    /// Reads, parses, decodes and validates the scenario file at `path`.
    ///
    /// Warnings are kept in ``warnings``; any error makes the whole load fail with every diagnostic found.
    /// Parsing and validation run on up to `threads` threads, with the same result for every count.
    /// - Throws: ``ScenarioLoadError/unreadable(path:reason:)`` when the file cannot be read,
    ///   ``ScenarioLoadError/invalid(_:)`` when it is not a valid scenario.
    public static func load(contentsOf path: String, threads: Int = 1) throws(ScenarioLoadError) -> Scenario {
        let bytes: [UInt8]
        switch BoundedRead.bytes(atPath: path, limit: maximumFileBytes) {
        case let .success(read): bytes = read
        case let .failure(.system(code)): throw .unreadable(path: path, reason: String(cString: strerror(code)))
        case .failure(.isADirectory): throw .unreadable(path: path, reason: "is a directory")
        case .failure(.notText): throw .unreadable(path: path, reason: "not a text file (it sent a NUL byte)")
        case let .failure(.tooLarge(limit)):
            let size = limit % (1 << 30) == 0 ? "\(limit >> 30) GiB" : "\(limit >> 20) MiB"
            throw .unreadable(path: path, reason: "larger than \(size), the most a scenario file may hold")
        }
        do {
            return try decode(bytes, file: path, threads: threads)
        } catch {
            throw .invalid(error)
        }
    }

    /// Parses, decodes and validates a scenario from UTF-8 JSON; `file` names it in messages.
    /// - Throws: ``ScenarioError`` with every diagnostic when there is any error. JSON syntax and shape errors
    ///   are reported without validation, since the model would be incomplete.
    public static func decode(_ bytes: [UInt8], file: String? = nil, threads: Int = 1) throws(ScenarioError) -> Scenario {
        var scenario = try decodeWithoutValidating(bytes, file: file, threads: threads)
        let diagnostics = scenario.validate(threads: threads)
        if diagnostics.contains(where: { $0.severity == .error }) { throw ScenarioError(diagnostics: diagnostics) }
        scenario.warnings = diagnostics
        scenario = scenario.expandingHouseholds()
        return scenario
    }

    /// Parse and decode only; a separate function so the document is freed before validation runs.
    static func decodeWithoutValidating(_ bytes: [UInt8], file: String?, threads: Int = 1) throws(ScenarioError) -> Scenario {
        let document: JSONDocument
        do {
            document = try JSONParser.parse(bytes, threads: threads)
        } catch {
            throw ScenarioError(diagnostics: [
                ScenarioDiagnostic(.error, .syntax(error.kind), at: nil, location: error.location, file: file)
            ])
        }
        var decoder = ScenarioDecoder(document: document, file: file, threads: threads)
        guard let scenario = decoder.decode() else { throw ScenarioError(diagnostics: decoder.diagnostics) }
        return scenario
    }

    /// Parses, decodes and validates a scenario from JSON text; see ``decode(_:file:threads:)-(_:String?,_)``.
    public static func decode(_ text: String, file: String? = nil, threads: Int = 1) throws(ScenarioError) -> Scenario {
        try decode(Array(text.utf8), file: file, threads: threads)
    }
}
