import PricePropBasics
import PricePropExpression

// MARK: - Checking a scenario as a whole

extension Scenario {
    /// Every problem in the scenario, errors and warnings, in file order (then in order found).
    ///
    /// Checks names (duplicates, unknown goods and parameters with suggestions), values (ranges of
    /// endowments, prices and settings), production expressions, the supply network (self-use, cycles,
    /// goods nobody makes or uses), the unit of prices, and event paths. Works on scenarios built in code
    /// as well as loaded ones; loaded ones get file locations from ``sourceMap``.
    ///
    /// Firms are checked on up to `threads` threads; the diagnostics are the same for every thread count.
    ///
    /// - Complexity: O(firms × expression size + goods + events), with each distinct production text
    ///   parsed at most once per thread.
    public func validate(threads: Int = 1) -> [ScenarioDiagnostic] {
        validate(threads: threads, firmGrain: FirmChecker.grain)
    }

    /// ``validate(threads:)`` with firms checked in chunks of `firmGrain`.
    func validate(threads: Int, firmGrain: Int) -> [ScenarioDiagnostic] {
        // Households are checked as the firms they become, with their findings pointed back at `households`.
        let checked = expandingHouseholds()
        var validator = ScenarioValidator(scenario: checked, threads: threads, firmGrain: firmGrain)
        validator.run()
        let diagnostics = checked.householdFirms.isEmpty ? validator.diagnostics : checked.locatingHouseholds(validator.diagnostics)
        return diagnostics.enumerated()
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

    /// A diagnostic at `path`, located at the value's place in the file or, when the value itself has no
    /// recorded location, at the nearest enclosing one; `column` (1-based, within a string) refines an exact
    /// location when the string is written without escapes.
    func diagnostic(
        _ problem: ScenarioDiagnostic.Problem, at path: JSONPath, _ severity: ScenarioDiagnostic.Severity = .error,
        column: Int? = nil
    ) -> ScenarioDiagnostic {
        var location = sourceMap[path]
        let exact = location != nil
        // Else the nearest enclosing value with a known location (firm parameters, for one, are not recorded).
        var enclosing = path
        while location == nil, !enclosing.components.isEmpty {
            enclosing.components.removeLast()
            location = sourceMap[enclosing]
        }
        if let column, exact, let start = location, !sourceMap.escapedStrings.contains(path) {
            location = SourceLocation(line: start.line, column: start.column + column)
        }
        return ScenarioDiagnostic(severity, problem, at: path, location: location, file: file)
    }
}

/// One pass over a scenario; see ``Scenario/validate(threads:)``.
package struct ScenarioValidator {
    /// Deepest estimated nesting of a production expression that is parsed; deeper ones are refused so
    /// recursive parsing and compiling cannot exhaust the stack.
    static let maximumExpressionDepth = 100

    let scenario: Scenario
    let threads: Int
    /// Firms per chunk of the firm checks (see ``FirmChecker/grain``).
    let firmGrain: Int
    private(set) var diagnostics: [ScenarioDiagnostic] = []
    private(set) var goodIndex: [String: Int] = [:]
    private var parameterIndex: [String: Int] = [:]
    /// Supply network edges (input good → output good), one per firm input naming a good, in firm order.
    private(set) var edgeInputs: [Int32] = [], edgeOutputs: [Int32] = [], edgeFirms: [Int32] = []
    /// Per firm, the slots each of its `count` firms holds (see ``FirmChecker/Findings/slotsPerFirm``).
    var slotsPerFirm: [Int32] = []
    private(set) var used: [Bool]
    /// Whether every production parsed and named only known things, so `used` is complete.
    private(set) var usageKnown = true
    private(set) var produced: [Bool]

    init(scenario: Scenario, threads: Int = 1, firmGrain: Int = FirmChecker.grain) {
        self.scenario = scenario
        self.threads = max(1, threads)
        self.firmGrain = max(1, firmGrain)
        used = Array(repeating: false, count: scenario.goods.count)
        produced = used
    }

    mutating func run() {
        checkNameLengths()
        checkGoods()
        checkParameters()
        checkSettings()
        checkFirms()
        checkLinearCycles()
        checkSizes()
        checkSupplyNetwork()
        checkEvents()
    }

    // MARK: - Reporting

    mutating func report(
        _ problem: ScenarioDiagnostic.Problem, at path: JSONPath, _ severity: ScenarioDiagnostic.Severity = .error,
        column: Int? = nil
    ) {
        diagnostics.append(scenario.diagnostic(problem, at: path, severity, column: column))
    }

    private mutating func require(_ value: Double, _ expectation: ScenarioDiagnostic.Expectation, at path: @autoclosure () -> JSONPath) {
        if !Self.meets(value, expectation) { report(.invalidValue(expected: expectation, found: .number(value)), at: path()) }
    }

    /// Whether `value` is in the range `expectation` describes.
    static func meets(_ value: Double, _ expectation: ScenarioDiagnostic.Expectation) -> Bool {
        switch expectation {
        case .nonNegativeNumber: return value >= 0 && value.isFinite
        case .positiveNumber: return value > 0 && value.isFinite
        case let .wholeNumber(least): return value >= Double(least)
        default: return value.isFinite
        }
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
            checkName(good.name, as: .good, at: path / "name")
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
            checkName(parameter.name, as: .parameter, at: path)
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

    /// Firms are checked in fixed chunks, on up to `threads` threads; each chunk's findings are merged in firm
    /// order, so the diagnostics are the same for every thread count.
    private mutating func checkFirms() {
        let firstFirm = firstOccurrences(of: scenario.firms)
        let (findings, checkers) = ChunkedWork.map(count: scenario.firms.count, grain: firmGrain, threads: threads) {
            FirmChecker(scenario: scenario, goodIndex: goodIndex, parameterIndex: parameterIndex, firstFirm: firstFirm)
        } _: { checker, range in
            checker.check(range)
        }
        // Which goods are made and used does not depend on the order it is learnt in.
        for checker in checkers {
            for g in used.indices {
                used[g] = used[g] || checker.used[g]
                produced[g] = produced[g] || checker.produced[g]
            }
        }
        for (chunk, _) in findings {
            diagnostics += chunk.diagnostics
            edgeInputs += chunk.edgeInputs
            edgeOutputs += chunk.edgeOutputs
            edgeFirms += chunk.edgeFirms
            slotsPerFirm += chunk.slotsPerFirm
            usageKnown = usageKnown && chunk.usageKnown
        }
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
