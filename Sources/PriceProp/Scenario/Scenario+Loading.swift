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
    /// Parsing and validation run on up to `threads` threads, with the same result for every count.
    /// - Throws: ``ScenarioLoadError/unreadable(path:reason:)`` when the file cannot be read,
    ///   ``ScenarioLoadError/invalid(_:)`` when it is not a valid scenario.
    public static func load(contentsOf path: String, threads: Int = 1) throws(ScenarioLoadError) -> Scenario {
        let bytes: [UInt8]
        switch readFile(atPath: path) {
        case let .success(read): bytes = read
        case let .failure(reason): throw .unreadable(path: path, reason: reason.message)
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
        // Read into uninitialized storage of the stated size (no zero-filling 100 MB first); a chunk that comes
        // back full means the file grew, so read on.
        var failed = false
        func readChunk(_ capacity: Int) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                while initialized < capacity {
                    let count = read(descriptor, base + initialized, capacity - initialized)
                    if count < 0, errno == EINTR { continue }
                    if count < 0 { failed = true }
                    if count <= 0 { return }
                    initialized += count
                }
            }
        }
        var capacity = max(Int(info.st_size), 0) + 1
        var chunk = readChunk(capacity)
        var bytes = chunk
        while !failed, chunk.count == capacity {
            capacity = 1 << 20
            chunk = readChunk(capacity)
            bytes += chunk
        }
        if failed { return failure() }
        return .success(bytes)
    }
}
