import PricePropBasics
import PricePropExpression
import PricePropScenario

// MARK: - Compiling the scenario's firm entries

extension Economy {
    /// Every firm entry's output, inputs, parameters and tape, in entry order.
    struct Entries {
        var tapes: [Tape] = []
        var tape: [Int] = [], output: [Int] = []
        /// Input goods of entry `e`: `inputGoods[inputStart[e]..<inputStart[e + 1]]`; parameters likewise.
        var inputStart: [Int] = [0], inputGoods: [Int32] = []
        var parameterStart: [Int] = [0], parameterValues: [Double] = []
        var parameterNames: [[String]] = [], overrides: [Set<String>] = []

        func inputs(_ e: Int) -> ArraySlice<Int32> { inputGoods[inputStart[e]..<inputStart[e + 1]] }
    }

    /// Compiles the entries in fixed chunks on up to `threads` threads. Each thread numbers the tapes it
    /// compiles itself; the merge walks the entries in order and numbers each tape at its first use, as one
    /// thread would, so the result is the same for every thread count (and so is the error: the first entry's).
    static func compileEntries(
        _ scenario: Scenario, goodIndex: [String: Int], scenarioParameters: [String: Double], threads: Int,
        grain: Int = EntryCompiler.grain
    ) throws(EconomyError) -> Entries {
        let count = scenario.firms.count
        let (chunks, compilers) = ChunkedWork.map(count: count, grain: grain, threads: threads) {
            EntryCompiler(scenario: scenario, goodIndex: goodIndex, scenarioParameters: scenarioParameters)
        } _: { compiler, range in
            compiler.compile(range)
        }

        var entries = Entries()
        entries.tape.reserveCapacity(count)
        entries.output.reserveCapacity(count)
        entries.inputStart.reserveCapacity(count + 1)
        entries.parameterStart.reserveCapacity(count + 1)
        entries.parameterNames.reserveCapacity(count)
        entries.overrides.reserveCapacity(count)
        // Each worker's tape numbers, renumbered at first use across all entries; -1 until then.
        var renumbered = compilers.map { [Int](repeating: -1, count: $0.tapes.count) }
        var tapeIndex: [String: Int] = [:]
        for (chunk, worker) in chunks {
            if let error = chunk.error { throw error }
            let compiler = compilers[worker]
            for local in chunk.tape {
                var t = renumbered[worker][local]
                if t < 0 {
                    let key = compiler.tapeKeys[local]
                    if let existing = tapeIndex[key] {
                        t = existing
                    } else {
                        t = entries.tapes.count
                        tapeIndex[key] = t
                        entries.tapes.append(compiler.tapes[local])
                    }
                    renumbered[worker][local] = t
                }
                entries.tape.append(t)
            }
            let inputBase = entries.inputGoods.count, parameterBase = entries.parameterValues.count
            entries.inputStart += chunk.inputEnd.lazy.map { $0 + inputBase }
            entries.parameterStart += chunk.parameterEnd.lazy.map { $0 + parameterBase }
            entries.inputGoods += chunk.inputGoods
            entries.parameterValues += chunk.parameterValues
            entries.output += chunk.output
            entries.parameterNames += chunk.parameterNames
            entries.overrides += chunk.overrides
        }
        return entries
    }
}

/// Compiles runs of firm entries for one thread: each entry's production function in a canonical form
/// (identifiers replaced by their position), so entries with the same shape share one tape. A byte-level scan
/// of the text finds the shape of most entries without parsing (see ``ShapeScanner``); each new shape is parsed
/// and compiled once per thread.
struct EntryCompiler {
    /// Entries per chunk.
    static let grain = 8192

    /// What a run of entries compiles to; tapes are numbered by the worker that compiled them.
    struct Chunk {
        var tape: [Int] = [], output: [Int] = []
        /// Where each entry's inputs and parameters end, counted from the chunk's start.
        var inputEnd: [Int] = [], inputGoods: [Int32] = []
        var parameterEnd: [Int] = [], parameterValues: [Double] = []
        var parameterNames: [[String]] = [], overrides: [Set<String>] = []
        /// The first entry of the chunk that cannot be built; the chunk stops there.
        var error: EconomyError?
    }

    private let scenario: Scenario
    private let goodIndex: [String: Int]
    private let scenarioParameters: [String: Double]
    private var scanner: ShapeScanner
    /// The tapes this worker compiled, each with its canonical text.
    private(set) var tapes: [Tape] = []
    private(set) var tapeKeys: [String] = []
    private var tapeIndex: [String: Int] = [:]
    private var shapeTape: [ShapeKey: Int] = [:]

    init(scenario: Scenario, goodIndex: [String: Int], scenarioParameters: [String: Double]) {
        self.scenario = scenario
        self.goodIndex = goodIndex
        self.scenarioParameters = scenarioParameters
        scanner = ShapeScanner(goods: scenario.goods.map(\.name), parameters: scenario.parameters)
    }

    mutating func compile(_ range: Range<Int>) -> Chunk {
        var chunk = Chunk()
        chunk.tape.reserveCapacity(range.count)
        chunk.output.reserveCapacity(range.count)
        chunk.inputEnd.reserveCapacity(range.count)
        chunk.parameterEnd.reserveCapacity(range.count)
        chunk.parameterNames.reserveCapacity(range.count)
        chunk.overrides.reserveCapacity(range.count)
        // Entries usually repeat the names of the entry before: share those arrays instead of allocating.
        var lastParameterNames: [String] = [], lastLocalNames: [String] = [], lastOverrides = Set<String>()
        for e in range {
            do {
                let parameterNames = try compile(entry: e, into: &chunk)
                if parameterNames != lastParameterNames { lastParameterNames = parameterNames }
            } catch {
                chunk.error = error
                return chunk
            }
            chunk.inputEnd.append(chunk.inputGoods.count)
            chunk.parameterEnd.append(chunk.parameterValues.count)
            chunk.parameterNames.append(lastParameterNames)
            let local = scenario.firms[e].parameters
            if !local.elementsEqual(lastLocalNames, by: { $0.name == $1 }) {
                lastLocalNames = local.map(\.name)
                lastOverrides = Set(lastLocalNames)
            }
            chunk.overrides.append(lastOverrides)
        }
        return chunk
    }

    /// Appends entry `e`'s output, tape, inputs and parameter values to `chunk`; returns its parameter names.
    private mutating func compile(entry e: Int, into chunk: inout Chunk) throws(EconomyError) -> [String] {
        let firm = scenario.firms[e]
        var path: JSONPath { JSONPath() / "firms" / e }
        guard let output = goodIndex[firm.output] else {
            throw EconomyError(path: path / "output", message: "unknown good '\(firm.output)'")
        }
        guard firm.count >= 1 else { throw EconomyError(path: path / "count", message: "count must be at least 1") }
        chunk.output.append(output)
        if scanner.scan(firm.production, local: firm.parameters), let t = shapeTape[scanner.key] {
            chunk.tape.append(t)
            for g in scanner.inputGoods { chunk.inputGoods.append(Int32(g)) }
            chunk.parameterValues.append(contentsOf: scanner.parameterValues)
            return scanner.parameterNames
        }
        let (inputs, parameterNames, parameterValues, expression) = try parseProduction(of: firm, at: path)
        let t = try tape(for: expression, inputs: inputs, parameters: parameterNames, at: path)
        // The scan agreed with the parse on names; later entries of this shape skip the parse.
        if scanner.isValid, scanner.inputGoods == inputs.map({ goodIndex[$0] ?? -1 }), scanner.parameterNames == parameterNames {
            shapeTape[scanner.key] = t
        }
        chunk.tape.append(t)
        // `goodIndex` holds every input name: they were sorted into `inputs` by that test.
        for name in inputs { chunk.inputGoods.append(Int32(goodIndex[name] ?? 0)) }
        chunk.parameterValues.append(contentsOf: parameterValues)
        return parameterNames
    }

    /// `firm`'s production parsed, its names sorted into inputs (goods) and parameters with their values, the
    /// firm's own before the scenario's, in order of first use.
    private func parseProduction(of firm: Scenario.Firm, at path: JSONPath) throws(EconomyError)
        -> (inputs: [String], parameterNames: [String], parameterValues: [Double], expression: Expression) {
        let expression: Expression
        do { expression = try Expression(parsing: firm.production) } catch {
            throw EconomyError(path: path / "production", message: "column \(error.column): \(error.message)")
        }
        var local: [String: Double] = [:]
        for p in firm.parameters { local[p.name] = p.value }
        var inputs: [String] = [], parameterNames: [String] = [], parameterValues: [Double] = []
        for name in expression.identifiers {
            if goodIndex[name] != nil { inputs.append(name) }
            else if let value = local[name] ?? scenarioParameters[name] {
                parameterNames.append(name)
                parameterValues.append(value)
            } else {
                throw EconomyError(path: path / "production", message: "unknown name '\(name)'")
            }
        }
        return (inputs, parameterNames, parameterValues, expression)
    }

    /// The index of the tape of `expression` with its inputs and parameters renamed to positions, compiled
    /// on its first use: entries that differ only in names share it.
    private mutating func tape(for expression: Expression, inputs: [String], parameters parameterNames: [String],
                               at path: JSONPath) throws(EconomyError) -> Int {
        var rename: [String: String] = [:]
        for (i, name) in inputs.enumerated() { rename[name] = "$x\(i)" }
        for (i, name) in parameterNames.enumerated() { rename[name] = "$p\(i)" }
        let canonical = expression.root.renamingIdentifiers(rename)
        let key = canonical.description
        if let existing = tapeIndex[key] { return existing }
        let tape: Tape
        do {
            tape = try Tape(compiling: Expression(canonical), inputs: inputs.indices.map { "$x\($0)" },
                            parameters: parameterNames.indices.map { "$p\($0)" })
        } catch {
            throw EconomyError(path: path / "production", message: "unknown name '\(error.name)'")
        }
        tapeIndex[key] = tapes.count
        tapes.append(tape)
        tapeKeys.append(key)
        return tapes.count - 1
    }
}
