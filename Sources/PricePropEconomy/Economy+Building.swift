import PricePropBasics
import PricePropExpression
import PricePropScenario

/// Why a scenario could not be turned into an economy. Scenario validation reports all of these with file
/// locations first; this is the last line of defence for scenarios built in code.
public struct EconomyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// JSON path of the fault, e.g. `firms[2].production`.
    public var path: JSONPath
    public var message: String
    public var description: String { "\(path): \(message)" }
}

extension Economy {
    /// Builds the network of a scenario, compiling its firms' production functions on up to `threads` threads
    /// (the economy is the same for every count).
    /// - Throws: ``EconomyError`` for unknown names or unparsable expressions.
    public init(_ scenario: Scenario, threads: Int = 1) throws(EconomyError) {
        let scenario = scenario.expandingHouseholds()
        name = scenario.name
        householdEntries = scenario.householdFirms
        let (goods, goodIndex) = try Economy.goods(of: scenario)
        self.goods = goods
        var scenarioParameters: [String: Double] = [:]
        for p in scenario.parameters { scenarioParameters[p.name] = p.value }
        self.scenarioParameters = scenarioParameters

        let entries = try Economy.compileEntries(scenario, goodIndex: goodIndex, scenarioParameters: scenarioParameters,
                                                 threads: threads)
        self.tapes = entries.tapes
        self.entryParameterNames = entries.parameterNames
        self.entryOverrides = entries.overrides
        self.firmEntryNames = scenario.firms.map(\.name)
        self.firmEntryProductions = PackedStrings(scenario.firms.lazy.map(\.production))

        let carried = Economy.carriedGoods(of: entries, goodCount: goods.count)
        self.isCarried = carried
        self.carriedGoods = carried.indices.filter { carried[$0] }.map { Int32($0) }
        let level = try Economy.levels(of: entries, goods: goods, carried: carried)
        self.goodLevel = level.map { Int32($0) }
        let firms = try FirmLayout(scenario, entries: entries, level: level)
        self.firmEntry = firms.firmEntry
        self.inputFirm = firms.inputFirm
        self.parameterValues = firms.parameterValues
        self.levelFirmStart = firms.levelFirmStart
        self.entryFirmCount = firms.entryFirmCount
        self.entryFirstFirm = firms.entryFirstFirm

        let goodCount = goods.count, levelCount = firms.levelFirmStart.count - 1
        let (producerStart, producers) = Economy.groups(count: goodCount, keys: firms.firmOutput)
        let (userStart, users) = Economy.groups(count: goodCount, keys: firms.inputGood)
        self.producerStart = producerStart
        self.userStart = userStart
        // A carried good's supply is known when the tick starts (what was made of it the tick before), so it
        // clears with the goods of level 0, before any firm uses it.
        let clearing = level.indices.map { carried[$0] ? 0 : level[$0] }
        let goodsByLevel = (0..<goodCount).sorted { (clearing[$0], $0) < (clearing[$1], $1) }
        (self.levelGoodStart, _) = Economy.groups(count: levelCount, keys: goodsByLevel.map { Int32(clearing[$0]) })
        self.levelGoods = goodsByLevel.map { Int32($0) }
        self.maxTapeSlots = tapes.map(\.slotCount).max() ?? 1
        self.maxInputs = tapes.map(\.inputs.count).max() ?? 0
        self.network = Network(Structure(
            inputStart: firms.inputStart, parameterStart: firms.parameterStart, firmOutput: firms.firmOutput,
            firmTape: firms.firmTape, inputGood: firms.inputGood, producerStart: producerStart, producers: producers, userStart: userStart,
            users: users, levelFirmStart: levelFirmStart, levelGoodStart: levelGoodStart, levelGoods: levelGoods,
            carried: carried),
            tapes: tapes)
    }

    /// The scenario's goods in order, and the index of each name.
    private static func goods(of scenario: Scenario) throws(EconomyError) -> ([Good], [String: Int]) {
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
        return (goods, goodIndex)
    }

    /// Whether each good is carried from one tick to the next: the input goods of the back edges of the supply
    /// network (``SupplyGraph``), none when it is acyclic.
    private static func carriedGoods(of entries: Entries, goodCount: Int) -> [Bool] {
        var edgeInputs: [Int32] = [], edgeOutputs: [Int32] = []
        for (e, output) in entries.output.enumerated() {
            for input in entries.inputs(e) {
                edgeInputs.append(input)
                edgeOutputs.append(Int32(output))
            }
        }
        return SupplyGraph(goodCount: goodCount, edgeInputs: edgeInputs, edgeOutputs: edgeOutputs).carried()
    }

    /// Each good's level: one above the highest input level of any of its producers (a topological order of
    /// the network without the carried goods' uses), a carried input counting as level 0.
    /// - Throws: ``EconomyError`` naming the goods on a cycle no carried good breaks (none can remain).
    private static func levels(of entries: Entries, goods: [Good], carried: [Bool]) throws(EconomyError) -> [Int] {
        let goodCount = goods.count
        var dependents = [[Int]](repeating: [], count: goodCount)   // input good -> goods made from it
        var pendingInputs = [Int](repeating: 0, count: goodCount)
        var level = [Int](repeating: 0, count: goodCount)
        for (e, output) in entries.output.enumerated() {
            for input in entries.inputs(e) {
                if carried[Int(input)] {
                    level[output] = max(level[output], 1)
                    continue
                }
                dependents[Int(input)].append(output)
                pendingInputs[output] += 1
            }
        }
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
        return level
    }

    /// Firms sorted by level, then entry order; an entry's firms stay together (a stable counting sort).
    private struct FirmLayout {
        var firmEntry: [Int32] = [], firmOutput: [Int32] = [], firmTape: [Int32] = []
        var inputStart: [Int32] = [0], inputGood: [Int32] = [], inputFirm: [Int32] = []
        var parameterStart: [Int32] = [0], parameterValues: [Double] = []
        var levelFirmStart: [Int32]
        var entryFirmCount: [Int32], entryFirstFirm: [Int32]

        init(_ scenario: Scenario, entries: Entries, level: [Int]) throws(EconomyError) {
            let levelCount = (level.max() ?? 0) + 1
            levelFirmStart = [Int32](repeating: 0, count: levelCount + 1)
            entryFirmCount = [Int32](repeating: 0, count: scenario.firms.count)
            entryFirstFirm = [Int32](repeating: 0, count: scenario.firms.count)
            let totalFirms = try entries.checkedFirmCount(scenario)
            firmEntry.reserveCapacity(totalFirms)
            firmOutput.reserveCapacity(totalFirms)
            firmTape.reserveCapacity(totalFirms)
            inputStart.reserveCapacity(totalFirms + 1)
            parameterStart.reserveCapacity(totalFirms + 1)
            let (_, entryByLevel) = Economy.groups(count: levelCount, keys: entries.output.map { Int32(level[$0]) })
            for e in entryByLevel.lazy.map({ Int($0) }) {
                let count = scenario.firms[e].count
                entryFirstFirm[e] = Int32(firmEntry.count)
                entryFirmCount[e] = Int32(count)
                levelFirmStart[level[entries.output[e]] + 1] += Int32(count)
                for _ in 0..<count { append(entry: e, of: entries) }
            }
            for l in 0..<levelCount { levelFirmStart[l + 1] += levelFirmStart[l] }
        }

        /// One firm of entry `e`.
        private mutating func append(entry e: Int, of entries: Entries) {
            let f = Int32(firmEntry.count)
            firmEntry.append(Int32(e))
            firmOutput.append(Int32(entries.output[e]))
            firmTape.append(Int32(entries.tape[e]))
            for g in entries.inputs(e) {
                inputGood.append(g)
                inputFirm.append(f)
            }
            inputStart.append(Int32(inputGood.count))
            parameterValues.append(contentsOf: entries.parameterValues[entries.parameterStart[e]..<entries.parameterStart[e + 1]])
            parameterStart.append(Int32(parameterValues.count))
        }
    }

    /// Groups indices `0..<keys.count` by key into compressed rows: members of key `k` are
    /// `members[start[k]..<start[k+1]]`, in increasing index order.
    package static func groups(count: Int, keys: [Int32]) -> (start: [Int32], members: [Int32]) {
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
    package func renamingIdentifiers(_ names: [String: String]) -> ExpressionNode {
        switch self {
        case .number: return self
        case let .identifier(name, _): return .identifier(names[name] ?? name, column: 0)
        case let .negate(a): return .negate(a.renamingIdentifiers(names))
        case let .binary(op, a, b): return .binary(op, a.renamingIdentifiers(names), b.renamingIdentifiers(names))
        case let .call(f, args): return .call(f, args.map { $0.renamingIdentifiers(names) })
        }
    }
}
