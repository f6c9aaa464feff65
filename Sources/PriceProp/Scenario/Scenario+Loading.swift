#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Reading scenario files

extension Scenario {
    /// Reads, parses, decodes and validates the scenario file at `path`.
    ///
    /// Warnings are kept in ``warnings``; any error makes the whole load fail with every diagnostic found.
    /// - Throws: ``ScenarioLoadError/unreadable(path:reason:)`` when the file cannot be read,
    ///   ``ScenarioLoadError/invalid(_:)`` when it is not a valid scenario.
    public static func load(contentsOf path: String) throws(ScenarioLoadError) -> Scenario {
        let bytes: [UInt8]
        switch readFile(atPath: path) {
        case let .success(read): bytes = read
        case let .failure(reason): throw .unreadable(path: path, reason: reason.message)
        }
        do {
            return try decode(bytes, file: path)
        } catch {
            throw .invalid(error)
        }
    }

    /// Parses, decodes and validates a scenario from UTF-8 JSON; `file` names it in messages.
    /// - Throws: ``ScenarioError`` with every diagnostic when there is any error. JSON syntax and shape errors
    ///   are reported without validation, since the model would be incomplete.
    public static func decode(_ bytes: [UInt8], file: String? = nil) throws(ScenarioError) -> Scenario {
        let document: JSONDocument
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw ScenarioError(diagnostics: [
                ScenarioDiagnostic(.error, .syntax(error.kind), at: nil, location: error.location, file: file)
            ])
        }
        var decoder = ScenarioDecoder(document: document, file: file)
        guard var scenario = decoder.decode() else { throw ScenarioError(diagnostics: decoder.diagnostics) }
        let diagnostics = scenario.validate()
        if diagnostics.contains(where: { $0.severity == .error }) { throw ScenarioError(diagnostics: diagnostics) }
        scenario.warnings = diagnostics
        return scenario
    }

    /// Parses, decodes and validates a scenario from JSON text; see ``decode(_:file:)-(_:String?)``.
    public static func decode(_ text: String, file: String? = nil) throws(ScenarioError) -> Scenario {
        try decode(Array(text.utf8), file: file)
    }

    private struct ReadFailure: Error {
        var message: String
    }

    /// The whole file, read with POSIX calls so failures carry the system's reason.
    private static func readFile(atPath path: String) -> Result<[UInt8], ReadFailure> {
        func failure() -> Result<[UInt8], ReadFailure> { .failure(ReadFailure(message: String(cString: strerror(errno)))) }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return failure() }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return failure() }
        if info.st_mode & S_IFMT == S_IFDIR { return .failure(ReadFailure(message: "is a directory")) }
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 16))) }
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return failure()
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return .success(bytes)
    }
}
