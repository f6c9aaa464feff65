// MARK: - Checking a scenario as a whole

extension Scenario {
    /// Every problem in the scenario, errors and warnings, in file order (then in order found).
    ///
    /// Checks names (duplicates, unknown goods and parameters with suggestions), values (ranges of
    /// endowments, prices and settings), production expressions, the supply network (self-use, cycles,
    /// goods nobody makes or uses), the unit of prices, and event paths. Works on scenarios built in code
    /// as well as loaded ones; loaded ones get file locations from ``sourceMap``.
    ///
    /// - Complexity: O(firms × expression size + goods + events), with each distinct production text
    ///   parsed once.
    public func validate() -> [ScenarioDiagnostic] {
        var validator = ScenarioValidator(scenario: self)
        validator.run()
        return validator.diagnostics.enumerated()
            .sorted { a, b in
                switch (a.element.location, b.element.location) {
                case let (x?, y?) where x != y: return x < y
                case (_?, nil): return true
                case (nil, _?): return false
                default: return a.offset < b.offset
                }
            }
            .map(\.element)
    }
}

/// One pass over a scenario; see ``Scenario/validate()``.
struct ScenarioValidator {
    /// Deepest estimated nesting of a production expression that is parsed; deeper ones are refused so
    /// recursive parsing and compiling cannot exhaust the stack.
    static let maximumExpressionDepth = 100

    /// What a production text yields, computed once per distinct text or, for texts the name scan reads,
    /// once per shape (see ``NameScan``).
    private struct Analysis {
        var problem: ScenarioDiagnostic.Problem?
        /// Distinct names with the column of their first use, and the good each names, if any.
        var names: [(name: String, column: Int, good: Int?)] = []
    }

    /// Whether texts of one shape parse, learnt from the first text of that shape.
    private enum ShapeVerdict {
        /// It parses, to the names the scan found: later texts of the shape take the scan's names.
        case parses
        /// It does not parse, or not to the scanned names: each text of the shape is parsed on its own.
        case parseEachText
    }

    let scenario: Scenario
    private(set) var diagnostics: [ScenarioDiagnostic] = []
    private var goodIndex: [String: Int] = [:]
    private var parameterIndex: [String: Int] = [:]
    private var analyses: [String: Analysis] = [:]
    private var shapeVerdicts: [ShapeKey: ShapeVerdict] = [:]
    private var nameScan: NameScan
    /// Supply network edges (input good → output good), one per firm input naming a good, in firm order.
    private var edgeInputs: [Int32] = [], edgeOutputs: [Int32] = [], edgeFirms: [Int32] = []
    private var used: [Bool]
    /// Whether every production parsed and named only known things, so `used` is complete.
    private var usageKnown = true
    private var produced: [Bool]

    init(scenario: Scenario) {
        self.scenario = scenario
        used = Array(repeating: false, count: scenario.goods.count)
        produced = used
        nameScan = NameScan(goods: scenario.goods.map(\.name))
    }

    mutating func run() {
        checkGoods()
        checkParameters()
        checkSettings()
        checkFirms()
        checkSupplyNetwork()
        checkEvents()
    }

    // MARK: - Reporting

    private mutating func report(
        _ problem: ScenarioDiagnostic.Problem, at path: JSONPath, _ severity: ScenarioDiagnostic.Severity = .error,
        column: Int? = nil
    ) {
        var location = scenario.sourceMap[path]
        let exact = location != nil
        // Else the nearest enclosing value with a known location (firm parameters, for one, are not recorded).
        var enclosing = path
        while location == nil, !enclosing.components.isEmpty {
            enclosing.components.removeLast()
            location = scenario.sourceMap[enclosing]
        }
        if let column, exact, let start = location, !scenario.sourceMap.escapedStrings.contains(path) {
            location = SourceLocation(line: start.line, column: start.column + column)
        }
        diagnostics.append(ScenarioDiagnostic(severity, problem, at: path, location: location, file: scenario.file))
    }

    private mutating func require(_ value: Double, _ expectation: ScenarioDiagnostic.Expectation, at path: @autoclosure () -> JSONPath) {
        let ok: Bool
        switch expectation {
        case .nonNegativeNumber: ok = value >= 0 && value.isFinite
        case .positiveNumber: ok = value > 0 && value.isFinite
        case let .wholeNumber(least): ok = value >= Double(least)
        default: ok = value.isFinite
        }
        if !ok { report(.invalidValue(expected: expectation, found: .number(value)), at: path()) }
    }

    // MARK: - Goods, parameters, settings

    private mutating func checkGoods() {
        goodIndex.reserveCapacity(scenario.goods.count)
        var hasFixedPrice = false
        for (i, good) in scenario.goods.enumerated() {
            let path = JSONPath([.key("goods"), .index(i)])
            if let first = goodIndex[good.name] {
                report(.duplicateGood(good.name, first: JSONPath([.key("goods"), .index(first)])), at: path / "name")
            } else {
                goodIndex[good.name] = i
            }
            if good.endowment != nil, good.price != nil { report(.endowmentAndPrice(good: good.name), at: path) }
            if let endowment = good.endowment { require(endowment, .nonNegativeNumber, at: path / "endowment") }
            if let price = good.price {
                hasFixedPrice = true
                require(price, .positiveNumber, at: path / "price")
            }
            if let initial = good.initialPrice { require(initial, .positiveNumber, at: path / "initialPrice") }
        }
        if !hasFixedPrice { report(.noFixedPriceGood, at: JSONPath([.key("goods")])) }
    }

    private mutating func checkParameters() {
        for (i, parameter) in scenario.parameters.enumerated() {
            let path = JSONPath([.key("parameters"), .key(parameter.name)])
            if parameterIndex[parameter.name] == nil { parameterIndex[parameter.name] = i }
            require(parameter.value, .finiteNumber, at: path)
            if goodIndex[parameter.name] != nil { report(.parameterNamesGood(parameter.name), at: path) }
        }
    }

    private mutating func checkSettings() {
        let market = JSONPath([.key("market")]), simulation = JSONPath([.key("simulation")])
        if let step = scenario.market.priceStep { require(step, .positiveNumber, at: market / "priceStep") }
        if let step = scenario.market.firmStep { require(step, .positiveNumber, at: market / "firmStep") }
        if let ticks = scenario.simulation.maxTicks { require(Double(ticks), .wholeNumber(atLeast: 1), at: simulation / "maxTicks") }
        if let tolerance = scenario.simulation.tolerance { require(tolerance, .positiveNumber, at: simulation / "tolerance") }
    }

    // MARK: - Firms

    private mutating func checkFirms() {
        let firstFirm = firstOccurrences(of: scenario.firms)
        var lastParameterNames: [String] = [], lastParameterIsGood: [Bool] = []
        for (i, firm) in scenario.firms.enumerated() {
            var path: JSONPath { JSONPath([.key("firms"), .index(i)]) }
            let first = Int(firstFirm[i])
            if first != i {
                report(.duplicateFirm(firm.name, first: JSONPath([.key("firms"), .index(first)])), at: path / "name")
            }
            if firm.count < 1 { report(.invalidValue(expected: .wholeNumber(atLeast: 1), found: .number("\(firm.count)")), at: path / "count") }
            // Firms usually repeat the parameter names of the firm before: look those up once.
            if !firm.parameters.elementsEqual(lastParameterNames, by: { $0.name == $1 }) {
                lastParameterNames = firm.parameters.map(\.name)
                lastParameterIsGood = lastParameterNames.map { goodIndex[$0] != nil }
            }
            for (j, parameter) in firm.parameters.enumerated() {
                require(parameter.value, .finiteNumber, at: path / "parameters" / parameter.name)
                if lastParameterIsGood[j] { report(.parameterNamesGood(parameter.name), at: path / "parameters" / parameter.name) }
            }

            let output = goodIndex[firm.output]
            if let output {
                produced[output] = true
                if scenario.goods[output].endowment != nil { report(.outputIsPrimary(good: firm.output), at: path / "output") }
            } else {
                report(.unknownOutput(firm.output, suggestion: closestMatch(to: firm.output, among: scenario.goods.map(\.name))),
                       at: path / "output")
            }
            checkProduction(of: firm, at: path / "production", output: output, firmNumber: i)
        }
    }

    private mutating func checkProduction(
        of firm: Scenario.Firm, at path: @autoclosure () -> JSONPath, output: Int?, firmNumber: Int
    ) {
        let analysis = analyze(firm.production, parameters: firm.parameters)
        if let problem = analysis.problem {
            usageKnown = false
            let column: Int? = if case let .invalidExpression(error, _) = problem { error.column } else { nil }
            report(problem, at: path(), column: column)
            return
        }
        for (name, column, good) in analysis.names {
            if let input = good {
                used[input] = true
                if input == output {
                    report(.ownOutputAsInput(good: name), at: path(), column: column)
                } else if let output {
                    edgeInputs.append(Int32(input))
                    edgeOutputs.append(Int32(output))
                    edgeFirms.append(Int32(firmNumber))
                }
            } else if parameterIndex[name] == nil, !firm.parameters.contains(where: { $0.name == name }) {
                usageKnown = false
                let suggestion: ScenarioDiagnostic.NameSuggestion? =
                    if let good = closestMatch(to: name, among: scenario.goods.map(\.name)) { .good(good) }
                    else { closestMatch(to: name, among: scenario.parameters.map(\.name) + firm.parameters.map(\.name)).map { .parameter($0) } }
                report(.unknownName(name, suggestion: suggestion, expression: firm.production, column: column), at: path(), column: column)
            }
        }
    }

    /// The analysis of `production`. Texts the name scan reads are parsed once per shape: the first text of
    /// a shape is parsed, and if it parses to the names the scan found, later texts of that shape take their
    /// names from the scan alone. Other texts are parsed, once per distinct text.
    private mutating func analyze(_ production: String, parameters: [Scenario.Parameter]) -> Analysis {
        guard nameScan.scan(production) else { return analyze(production) }
        let key = nameScan.key
        switch shapeVerdicts[key] {
        case .parses?:
            return Analysis(problem: nil, names: nameScan.names)
        case .parseEachText?:
            return analyze(production)
        case nil:
            let analysis = analyze(production)
            let agrees = analysis.problem == nil && analysis.names.elementsEqual(nameScan.names) { a, b in
                a.name == b.name && a.column == b.column && a.good == b.good
            }
            shapeVerdicts[key] = agrees ? .parses : .parseEachText
            return analysis
        }
    }

    /// The analysis of `production` by parsing it, once per distinct text.
    private mutating func analyze(_ production: String) -> Analysis {
        if let known = analyses[production] { return known }
        var analysis = Analysis()
        if Self.estimatedDepth(production) > Self.maximumExpressionDepth {
            analysis.problem = .expressionTooDeep(expression: production, limit: Self.maximumExpressionDepth)
        } else {
            do {
                let expression = try Expression(parsing: production)
                var seen = Set<String>()
                analysis.names = expression.identifierOccurrences.filter { seen.insert($0.name).inserted }
                    .map { ($0.name, $0.column, goodIndex[$0.name]) }
            } catch {
                analysis.problem = .invalidExpression(error, expression: production)
            }
        }
        analyses[production] = analysis
        return analysis
    }

    /// An upper bound on how deeply the expression parser recurses: parentheses, plus runs of unary signs and
    /// `^` (which nest) not broken by a binary operator or comma (which loop).
    static func estimatedDepth(_ text: String) -> Int {
        var chains: [Int] = [0]
        var deepest = 0, total = 0
        var previous: UInt8 = UInt8(ascii: "(")
        for byte in text.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
            let afterOperand = !"(,+-*/^".utf8.contains(previous)
            switch byte {
            case UInt8(ascii: "("):
                chains.append(0)
                total += 1
            case UInt8(ascii: ")"):
                if chains.count > 1 { total -= 1 + chains.removeLast() }
            case UInt8(ascii: "^"):
                chains[chains.count - 1] += 1
                total += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                if afterOperand {
                    total -= chains[chains.count - 1]
                    chains[chains.count - 1] = 0
                } else {
                    chains[chains.count - 1] += 1
                    total += 1
                }
            case UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: ","):
                total -= chains[chains.count - 1]
                chains[chains.count - 1] = 0
            default: break
            }
            deepest = max(deepest, total)
            previous = byte
        }
        return deepest
    }

    // MARK: - Supply network

    private mutating func checkSupplyNetwork() {
        for (i, good) in scenario.goods.enumerated() where goodIndex[good.name] == i && good.price == nil {
            let path = JSONPath([.key("goods"), .index(i)])
            if good.endowment == nil, !produced[i] {
                report(.unproducedIntermediate(good.name), at: path)
            } else if usageKnown, !used[i] {
                report(.unusedGood(good.name), at: path, .warning)
            }
        }
        for cycle in supplyCycles() {
            let (from, to) = (Int32(cycle[0]), Int32(cycle[1 % cycle.count]))
            let edge = edgeInputs.indices.first { edgeInputs[$0] == from && edgeOutputs[$0] == to }
            let firm = edge.map { Int(edgeFirms[$0]) } ?? 0
            report(.supplyCycle(cycle.map { scenario.goods[$0].name }), at: JSONPath([.key("firms"), .index(firm), .key("production")]))
        }
    }

    /// One cycle per back edge of a depth-first search over goods, in good order; each cycle starts at the
    /// good where the search entered it. Iterative, so a long chain of goods cannot overflow the stack.
    private func supplyCycles() -> [[Int]] {
        let n = scenario.goods.count
        // Each good's distinct successors, ascending: counted into rows, then each row sorted.
        var rowStart = [Int](repeating: 0, count: n + 1)
        for input in edgeInputs { rowStart[Int(input) + 1] += 1 }
        for g in 0..<n { rowStart[g + 1] += rowStart[g] }
        var filled = rowStart
        var flat = [Int](repeating: 0, count: edgeInputs.count)
        for (input, output) in zip(edgeInputs, edgeOutputs) {
            flat[filled[Int(input)]] = Int(output)
            filled[Int(input)] += 1
        }
        var successors = Array(repeating: [Int](), count: n)
        for g in 0..<n where rowStart[g] < rowStart[g + 1] {
            var row = flat[rowStart[g]..<rowStart[g + 1]].sorted()
            var unique = 1
            for i in 1..<row.count where row[i] != row[unique - 1] {
                row[unique] = row[i]
                unique += 1
            }
            row.removeSubrange(unique...)
            successors[g] = row
        }
        enum Mark { case unvisited, onPath, done }
        var marks = Array(repeating: Mark.unvisited, count: n)
        var cycles: [[Int]] = []
        for start in 0..<n where marks[start] == .unvisited {
            var path: [(good: Int, next: Int)] = [(start, 0)]
            marks[start] = .onPath
            while let (good, next) = path.last {
                guard next < successors[good].count else {
                    marks[good] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let successor = successors[good][next]
                switch marks[successor] {
                case .unvisited:
                    marks[successor] = .onPath
                    path.append((successor, 0))
                case .onPath:
                    if let entry = path.firstIndex(where: { $0.good == successor }) { cycles.append(path[entry...].map(\.good)) }
                case .done: break
                }
            }
        }
        return cycles
    }

    // MARK: - Events

    private mutating func checkEvents() {
        for (i, event) in scenario.events.enumerated() {
            let path = JSONPath([.key("events"), .index(i)])
            if event.tick < 0 { report(.invalidValue(expected: .wholeNumber(atLeast: 0), found: .number("\(event.tick)")), at: path / "tick") }
            for assignment in event.assignments {
                let target = path / "set" / assignment.path
                switch resolve(assignment.path) {
                case let .invalid(problem): report(.invalidEventPath(assignment.path, problem), at: target)
                case let .settable(expectation): require(assignment.value, expectation, at: target)
                }
            }
        }
    }

    private enum Resolution {
        /// The path names something whose new value must meet the expectation.
        case settable(ScenarioDiagnostic.Expectation)
        case invalid(ParameterPathError.Problem)
    }

    /// What an event path sets, as the range its value must be in.
    private func resolve(_ path: String) -> Resolution {
        do {
            switch try ParameterPath(parsing: path, in: scenario) {
            case .endowment: return .settable(.nonNegativeNumber)
            case .price: return .settable(.positiveNumber)
            case .firmParameter, .scenarioParameter: return .settable(.finiteNumber)
            }
        } catch {
            return .invalid(error.problem)
        }
    }
}

// MARK: - Names by scanning

/// Reads a production text's names without parsing it, and its *shape*: the text with each good's name
/// replaced by its position among the goods it names. Texts of one shape differ only in the goods they name,
/// so they parse alike; the validator parses one text per shape and takes the others' names from the scan.
///
/// The scan reads ``ExpressionToken``s: functions, numbers and names other than goods are kept in the shape
/// as written. When it declines (see ``ExpressionToken/scan(_:_:)``) the validator parses.
struct NameScan {
    private let goods: NameTable
    private let goodNames: [String]
    private var shape: [UInt8] = []
    /// Distinct names in order of first use, each with its 1-based column and good; valid after a scan that
    /// succeeded.
    private(set) var names: [(name: String, column: Int, good: Int?)] = []

    init(goods: [String]) {
        self.goods = NameTable(goods)
        goodNames = goods
    }

    /// The last scanned text's shape.
    var key: ShapeKey { ShapeKey(shape) }

    /// Scans `text`; returns whether it could.
    mutating func scan(_ text: String) -> Bool {
        shape.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
        var text = text
        let goods = self.goods, goodNames = self.goodNames
        var shape = self.shape, names = self.names
        self.shape = []
        self.names = []
        defer {
            self.shape = shape
            self.names = names
        }
        return text.withUTF8 { bytes in
            var goodPositions: [Int] = []
            return ExpressionToken.scan(bytes) { token in
                switch token {
                case .name(let name, _, isFunction: true):
                    shape.append(contentsOf: name)
                case .name(let name, let start, isFunction: false):
                    if let g = goods.find(name) {
                        let position = goodPositions.firstIndex(of: g) ?? goodPositions.count
                        if position == goodPositions.count {
                            goodPositions.append(g)
                            names.append((goodNames[g], start + 1, g))
                        }
                        shape.append(ShapeKey.inputMarker)
                        ShapeKey.append(position: position, to: &shape)
                    } else {
                        shape.append(contentsOf: name)
                        if !names.contains(where: { $0.good == nil && sameBytes($0.name, name) }) {
                            names.append((String(decoding: name, as: UTF8.self), start + 1, nil))
                        }
                    }
                case .number(let number):
                    shape.append(contentsOf: number)
                case .symbol(let c):
                    shape.append(c)
                    return true
                }
                shape.append(ShapeKey.endMarker)
                return true
            }
        }
    }
}

/// For each firm, the index of the first firm with its name (its own index when it is the first): an open
/// addressing table over the names' bytes, which costs far less than a dictionary of strings over a million
/// firms.
func firstOccurrences(of firms: [Scenario.Firm]) -> [Int32] {
    var capacity = 16
    while capacity < 2 * firms.count { capacity *= 2 }
    let mask = capacity - 1
    var slots = [Int32](repeating: -1, count: capacity)
    var hashes = [UInt64](repeating: 0, count: firms.count)
    var first = [Int32](repeating: 0, count: firms.count)
    for i in firms.indices {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in firms[i].name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        h ^= h >> 29
        hashes[i] = h
        var slot = Int(truncatingIfNeeded: h) & mask
        first[i] = Int32(i)
        while slots[slot] >= 0 {
            let j = Int(slots[slot])
            if hashes[j] == h && firms[j].name == firms[i].name {
                first[i] = Int32(j)
                break
            }
            slot = (slot + 1) & mask
        }
        if first[i] == Int32(i) { slots[slot] = Int32(i) }
    }
    return first
}
