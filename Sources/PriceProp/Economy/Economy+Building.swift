/// Why a scenario could not be turned into an economy. Scenario validation reports all of these with file
/// locations first; this is the last line of defence for scenarios built in code.
public struct EconomyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// JSON path of the fault, e.g. `firms[2].production`.
    public var path: JSONPath
    public var message: String
    public var description: String { "\(path): \(message)" }
}

extension Economy {
    /// Builds the network of a scenario.
    /// - Throws: ``EconomyError`` for unknown names, unparsable expressions or a cyclic network.
    public init(_ scenario: Scenario) throws(EconomyError) {
        name = scenario.name
        var goodIndex: [String: Int] = [:]
        var goods: [Good] = []
        for (g, spec) in scenario.goods.enumerated() {
            guard goodIndex[spec.name] == nil else {
                throw EconomyError(path: JSONPath() / "goods" / g / "name", message: "duplicate good '\(spec.name)'")
            }
            goodIndex[spec.name] = g
            let role: Good.Role
            if let price = spec.price { role = .fixedPrice(price) }
            else if let endowment = spec.endowment { role = .primary(endowment: endowment) }
            else { role = .intermediate }
            goods.append(Good(name: spec.name, role: role, initialPrice: spec.initialPrice ?? 1))
        }
        self.goods = goods
        var scenarioParameters: [String: Double] = [:]
        for p in scenario.parameters { scenarioParameters[p.name] = p.value }
        self.scenarioParameters = scenarioParameters

        // Compile each entry's production function in a canonical form (identifiers replaced by their
        // position), so entries with the same shape share one tape. A byte-level scan of the text finds the
        // shape of most entries without parsing (see `ShapeScanner`); each new shape is parsed and compiled once.
        var tapes: [Tape] = []
        var tapeIndex: [String: Int] = [:]
        var shapeTape: [ShapeKey: Int] = [:]
        let entryCount = scenario.firms.count
        var entryTape: [Int] = [], entryOutput: [Int] = []
        var entryInputStart: [Int] = [0], entryInputGoods: [Int32] = []
        var entryParameterStart: [Int] = [0], entryParameterFlat: [Double] = []
        var entryParameterNames: [[String]] = [], entryOverrides: [Set<String>] = []
        entryTape.reserveCapacity(entryCount)
        entryOutput.reserveCapacity(entryCount)
        entryInputStart.reserveCapacity(entryCount + 1)
        entryParameterStart.reserveCapacity(entryCount + 1)
        entryParameterNames.reserveCapacity(entryCount)
        entryOverrides.reserveCapacity(entryCount)
        // Entries usually repeat the names of the entry before: share those arrays instead of allocating.
        var lastParameterNames: [String] = [], lastLocalNames: [String] = [], lastOverrides = Set<String>()
        var scanner = ShapeScanner(goods: scenario.goods.map(\.name), parameters: scenario.parameters)
        for (e, firm) in scenario.firms.enumerated() {
            var path: JSONPath { JSONPath() / "firms" / e }
            guard let output = goodIndex[firm.output] else {
                throw EconomyError(path: path / "output", message: "unknown good '\(firm.output)'")
            }
            guard firm.count >= 1 else { throw EconomyError(path: path / "count", message: "count must be at least 1") }
            var parameterNames: [String]
            if scanner.scan(firm.production, local: firm.parameters),
               let t = shapeTape[scanner.key] {
                entryTape.append(t)
                for g in scanner.inputGoods { entryInputGoods.append(Int32(g)) }
                entryParameterFlat.append(contentsOf: scanner.parameterValues)
                parameterNames = scanner.parameterNames
            } else {
                let expression: Expression
                do { expression = try Expression(parsing: firm.production) } catch {
                    throw EconomyError(path: path / "production", message: "column \(error.column): \(error.message)")
                }
                var local: [String: Double] = [:]
                for p in firm.parameters { local[p.name] = p.value }
                var inputs: [String] = [], parameterValues: [Double] = []
                parameterNames = []
                for name in expression.identifiers {
                    if goodIndex[name] != nil { inputs.append(name) }
                    else if let value = local[name] ?? scenarioParameters[name] {
                        parameterNames.append(name)
                        parameterValues.append(value)
                    } else {
                        throw EconomyError(path: path / "production", message: "unknown name '\(name)'")
                    }
                }
                var rename: [String: String] = [:]
                for (i, name) in inputs.enumerated() { rename[name] = "$x\(i)" }
                for (i, name) in parameterNames.enumerated() { rename[name] = "$p\(i)" }
                let canonical = expression.root.renamingIdentifiers(rename)
                let key = canonical.description
                let t: Int
                if let existing = tapeIndex[key] {
                    t = existing
                } else {
                    let tape: Tape
                    do {
                        tape = try Tape(compiling: Expression(canonical), inputs: inputs.indices.map { "$x\($0)" },
                                        parameters: parameterNames.indices.map { "$p\($0)" })
                    } catch {
                        throw EconomyError(path: path / "production", message: "unknown name '\(error.name)'")
                    }
                    t = tapes.count
                    tapeIndex[key] = t
                    tapes.append(tape)
                }
                // The scan agreed with the parse on names; later entries of this shape skip the parse.
                if scanner.isValid, scanner.inputGoods == inputs.map({ goodIndex[$0] ?? -1 }), scanner.parameterNames == parameterNames {
                    shapeTape[scanner.key] = t
                }
                entryTape.append(t)
                // `goodIndex` holds every input name: they were sorted into `inputs` by that test.
                for name in inputs { entryInputGoods.append(Int32(goodIndex[name] ?? 0)) }
                entryParameterFlat.append(contentsOf: parameterValues)
            }
            entryInputStart.append(entryInputGoods.count)
            entryParameterStart.append(entryParameterFlat.count)
            if parameterNames != lastParameterNames { lastParameterNames = parameterNames }
            entryParameterNames.append(lastParameterNames)
            if !firm.parameters.elementsEqual(lastLocalNames, by: { $0.name == $1 }) {
                lastLocalNames = firm.parameters.map(\.name)
                lastOverrides = Set(lastLocalNames)
            }
            entryOverrides.append(lastOverrides)
            entryOutput.append(output)
        }
        func entryInputs(_ e: Int) -> ArraySlice<Int32> { entryInputGoods[entryInputStart[e]..<entryInputStart[e + 1]] }
        self.tapes = tapes
        self.entryParameterNames = entryParameterNames
        self.entryOverrides = entryOverrides
        self.firmEntryNames = scenario.firms.map(\.name)
        self.firmEntryProductions = scenario.firms.map(\.production)

        // Levels: a good's level is one above the highest input level of any of its producers.
        let goodCount = goods.count
        var dependents = [[Int]](repeating: [], count: goodCount)   // input good -> goods made from it
        var pendingInputs = [Int](repeating: 0, count: goodCount)
        for (e, output) in entryOutput.enumerated() {
            for input in entryInputs(e) {
                dependents[Int(input)].append(output)
                pendingInputs[output] += 1
            }
        }
        var level = [Int](repeating: 0, count: goodCount)
        var queue = (0..<goodCount).filter { pendingInputs[$0] == 0 }
        var head = 0
        while head < queue.count {
            let g = queue[head]
            head += 1
            for d in dependents[g] {
                level[d] = max(level[d], level[g] + 1)
                pendingInputs[d] -= 1
                if pendingInputs[d] == 0 { queue.append(d) }
            }
        }
        guard queue.count == goodCount else {
            let stuck = (0..<goodCount).filter { pendingInputs[$0] > 0 }.map { goods[$0].name }
            throw EconomyError(path: JSONPath() / "firms", message: "the supply network has a cycle through \(stuck.joined(separator: ", "))")
        }
        let levelCount = (level.max() ?? 0) + 1
        self.goodLevel = level.map { Int32($0) }

        // Firms sorted by level, then entry order; an entry's firms stay together (a stable counting sort).
        let (entryLevelStart, entryByLevel) = Economy.groups(count: levelCount, keys: entryOutput.map { Int32(level[$0]) })
        _ = entryLevelStart
        let entryOrder = entryByLevel.lazy.map { Int($0) }
        var firmEntry: [Int32] = [], firmOutput: [Int32] = [], firmTape: [Int32] = []
        var inputStart: [Int32] = [0], inputGood: [Int32] = [], inputFirm: [Int32] = []
        var parameterStart: [Int32] = [0], parameterValues: [Double] = []
        var levelFirmStart = [Int32](repeating: 0, count: levelCount + 1)
        var entryFirmCount = [Int32](repeating: 0, count: scenario.firms.count)
        var entryFirstFirm = [Int32](repeating: 0, count: scenario.firms.count)
        let totalFirms = scenario.firms.reduce(0) { $0 + $1.count }
        firmEntry.reserveCapacity(totalFirms)
        firmOutput.reserveCapacity(totalFirms)
        firmTape.reserveCapacity(totalFirms)
        inputStart.reserveCapacity(totalFirms + 1)
        parameterStart.reserveCapacity(totalFirms + 1)
        for e in entryOrder {
            entryFirstFirm[e] = Int32(firmEntry.count)
            entryFirmCount[e] = Int32(scenario.firms[e].count)
            levelFirmStart[level[entryOutput[e]] + 1] += Int32(scenario.firms[e].count)
            for _ in 0..<scenario.firms[e].count {
                let f = Int32(firmEntry.count)
                firmEntry.append(Int32(e))
                firmOutput.append(Int32(entryOutput[e]))
                firmTape.append(Int32(entryTape[e]))
                for g in entryInputs(e) {
                    inputGood.append(g)
                    inputFirm.append(f)
                }
                inputStart.append(Int32(inputGood.count))
                parameterValues.append(contentsOf: entryParameterFlat[entryParameterStart[e]..<entryParameterStart[e + 1]])
                parameterStart.append(Int32(parameterValues.count))
            }
        }
        for l in 0..<levelCount { levelFirmStart[l + 1] += levelFirmStart[l] }
        self.firmEntry = firmEntry
        self.firmOutput = firmOutput
        self.firmTape = firmTape
        self.inputStart = inputStart
        self.inputGood = inputGood
        self.inputFirm = inputFirm
        self.parameterStart = parameterStart
        self.parameterValues = parameterValues
        self.levelFirmStart = levelFirmStart
        self.entryFirmCount = entryFirmCount
        self.entryFirstFirm = entryFirstFirm

        (self.producerStart, self.producers) = Economy.groups(count: goodCount, keys: firmOutput)
        (self.userStart, self.users) = Economy.groups(count: goodCount, keys: inputGood)
        let goodsByLevel = (0..<goodCount).sorted { (level[$0], $0) < (level[$1], $1) }
        (self.levelGoodStart, _) = Economy.groups(count: levelCount, keys: goodsByLevel.map { Int32(level[$0]) })
        self.levelGoods = goodsByLevel.map { Int32($0) }
        self.maxTapeSlots = tapes.map(\.slotCount).max() ?? 1
        self.maxInputs = tapes.map(\.inputs.count).max() ?? 0
    }

    /// Groups indices `0..<keys.count` by key into compressed rows: members of key `k` are
    /// `members[start[k]..<start[k+1]]`, in increasing index order.
    static func groups(count: Int, keys: [Int32]) -> (start: [Int32], members: [Int32]) {
        var start = [Int32](repeating: 0, count: count + 1)
        for k in keys { start[Int(k) + 1] += 1 }
        for k in 0..<count { start[k + 1] += start[k] }
        var next = start
        var members = [Int32](repeating: 0, count: keys.count)
        for (i, k) in keys.enumerated() {
            members[Int(next[Int(k)])] = Int32(i)
            next[Int(k)] += 1
        }
        return (start, members)
    }
}

extension ExpressionNode {
    /// The same tree with identifiers renamed by `names` (others unchanged) and columns dropped.
    func renamingIdentifiers(_ names: [String: String]) -> ExpressionNode {
        switch self {
        case .number: return self
        case let .identifier(name, _): return .identifier(names[name] ?? name, column: 0)
        case let .negate(a): return .negate(a.renamingIdentifiers(names))
        case let .binary(op, a, b): return .binary(op, a.renamingIdentifiers(names), b.renamingIdentifiers(names))
        case let .call(f, args): return .call(f, args.map { $0.renamingIdentifiers(names) })
        }
    }
}
