import PricePropBasics

// MARK: - From a JSON document to the file model

/// Turns a parsed document into a ``Scenario``, collecting every shape problem (wrong types, missing and
/// unknown keys) instead of stopping at the first, and recording where each value is.
///
/// Range checks (a count of 0, a negative endowment) are left to ``Scenario/validate(threads:)``, which also sees
/// scenarios built in code.
struct ScenarioDecoder {
    static let topLevelKeys = ["version", "name", "description", "parameters", "goods", "firms", "households", "market", "simulation", "events"]
    static let goodKeys = ["name", "endowment", "price", "initialPrice"]
    static let firmKeys = ["name", "output", "production", "count", "parameters"]
    static let householdKeys = ["name", "utility", "parameters"]
    static let marketKeys = ["mechanism", "priceStep", "firmStep"]
    static let simulationKeys = ["maxTicks", "tolerance"]
    static let eventKeys = ["tick", "set"]

    /// Firms per chunk of the firm decoding, by default.
    static let defaultFirmGrain = 8192

    let document: JSONDocument
    let file: String?
    /// Threads the firms are decoded on, in chunks of `firmGrain`.
    let threads: Int, firmGrain: Int
    private(set) var diagnostics: [ScenarioDiagnostic] = []
    private var sourceMap = SourceMap()

    init(document: JSONDocument, file: String?, threads: Int = 1, firmGrain: Int = ScenarioDecoder.defaultFirmGrain) {
        self.document = document
        self.file = file
        self.threads = max(1, threads)
        self.firmGrain = max(1, firmGrain)
    }

    /// The scenario, or `nil` when any error was found (see ``diagnostics``).
    mutating func decode() -> Scenario? {
        let root = document.root
        let rootPath = JSONPath()
        sourceMap[rootPath] = document.location(root)
        guard expect(root, .object, is: .object, at: rootPath) else { return nil }

        // The version comes first: a newer file may use keys this build does not know.
        var version = 1, versionNode = root
        for (key, value) in document.members(of: root) where document.string(key) == "version" {
            versionNode = value
            guard let found = wholeNumber(value, atLeast: 1, at: JSONPath([.key("version")])) else { return nil }
            guard found >= 1 else {
                fail(.invalidValue(expected: .wholeNumber(atLeast: 1), found: .number(document.numberText(value))),
                     at: JSONPath([.key("version")]), value)
                return nil
            }
            version = found
        }
        if version > Scenario.supportedVersion {
            fail(.unsupportedVersion(version, newestSupported: Scenario.supportedVersion), at: JSONPath([.key("version")]), versionNode)
            return nil
        }

        var scenario = Scenario(name: "", goods: [], firms: [])
        scenario.version = version
        var hasName = false
        for (key, value) in document.members(of: root) {
            let name = document.string(key)
            let path = JSONPath([.key(name)])
            sourceMap[path] = document.location(value)
            switch name {
            case "version": break
            case "name":
                hasName = true
                if let text = string(value, at: path) { scenario.name = text }
            case "description":
                if let text = string(value, at: path) { scenario.description = text }
            case "parameters": scenario.parameters = parameters(value, at: path)
            case "goods": scenario.goods = goods(value)
            case "firms": scenario.firms = firms(value)
            case "households": scenario.households = households(value)
            case "market": scenario.market = market(value)
            case "simulation": scenario.simulation = simulation(value)
            case "events": scenario.events = events(value)
            default: unknownKey(key, among: Self.topLevelKeys, in: rootPath)
            }
        }
        if !hasName { fail(.missingKey("name"), at: rootPath, root) }
        guard diagnostics.isEmpty else { return nil }
        scenario.file = file
        scenario.sourceMap = sourceMap
        return scenario
    }

    // MARK: - Sections

    private mutating func parameters(
        _ object: Int, at path: @autoclosure () -> JSONPath, recordLocations: Bool = true
    ) -> [Scenario.Parameter] {
        guard expect(object, .object, is: .object, at: path()) else { return [] }
        var result: [Scenario.Parameter] = []
        result.reserveCapacity(document.count(object))
        for (key, value) in document.members(of: object) {
            let name = document.string(key)
            if recordLocations { sourceMap[path() / name] = document.location(value) }
            if let number = number(value, .finiteNumber, at: path() / name) { result.append(.init(name: name, value: number)) }
        }
        return result
    }

    private mutating func goods(_ array: Int) -> [Scenario.Good] {
        let arrayPath = JSONPath([.key("goods")])
        guard expect(array, .array, is: .array, at: arrayPath) else { return [] }
        var result: [Scenario.Good] = []
        result.reserveCapacity(document.count(array))
        sourceMap.reservePacked(.goods, count: document.count(array))
        for (index, element) in document.elements(of: array).enumerated() {
            var path: JSONPath { arrayPath / index }
            sourceMap.setPacked(.goods, index: index, slot: 0, document.location(element))
            guard expect(element, .object, is: .object, at: path) else { continue }
            var good = Scenario.Good(name: "")
            var hasName = false
            for (key, value) in document.members(of: element) {
                let name = document.string(key)
                guard let slot = Self.goodKeys.firstIndex(of: name) else {
                    unknownKey(key, among: Self.goodKeys, in: path)
                    continue
                }
                sourceMap.setPacked(.goods, index: index, slot: slot + 1, document.location(value))
                switch name {
                case "name":
                    hasName = true
                    good.name = string(value, at: path / name) ?? ""
                case "endowment": good.endowment = number(value, .nonNegativeNumber, at: path / name)
                case "price": good.price = number(value, .positiveNumber, at: path / name)
                default: good.initialPrice = number(value, .positiveNumber, at: path / name)
                }
            }
            if !hasName { fail(.missingKey("name"), at: path, element) }
            result.append(good)
        }
        return result
    }

    /// Firms are decoded in fixed chunks on up to ``threads`` threads, each chunk by a decoder of its own whose
    /// diagnostics are merged in firm order, so the result does not depend on the thread count.
    private mutating func firms(_ array: Int) -> [Scenario.Firm] {
        guard expect(array, .array, is: .array, at: JSONPath([.key("firms")])) else { return [] }
        let elements = Array(document.elements(of: array))
        let stride = sourceMap.packedStride(.firms)
        var locations = [UInt64](repeating: 0, count: elements.count * stride)
        let document = self.document, file = self.file
        var chunks: [(diagnostics: [ScenarioDiagnostic], escapedStrings: Set<JSONPath>)] = []
        // Every element gets a firm (an empty one where it is not an object), so chunks write disjoint ranges.
        let result = [Scenario.Firm](unsafeUninitializedCapacity: elements.count) { firms, initialized in
            locations.withUnsafeMutableBufferPointer { locations in
                // Each chunk writes only its own elements' firms and locations (``UnsafeSendable``, reason 1).
                let firms = UnsafeSendable(firms), locations = UnsafeSendable(locations)
                chunks = ChunkedWork.map(count: elements.count, grain: firmGrain, threads: threads) {} _: { _, range in
                    var decoder = ScenarioDecoder(document: document, file: file)
                    for index in range {
                        let firm = decoder.firm(elements[index], index: index, locations: locations.value, stride: stride)
                        (firms.value.baseAddress.unsafelyUnwrapped + index).initialize(to: firm)
                    }
                    return (decoder.diagnostics, decoder.sourceMap.escapedStrings)
                }.results.map(\.result)
            }
            initialized = elements.count
        }
        sourceMap.setPackedSlots(.firms, locations)
        for chunk in chunks {
            diagnostics += chunk.diagnostics
            sourceMap.escapedStrings.formUnion(chunk.escapedStrings)
        }
        return result
    }

    /// Firm `index` of the file, at node `element`; its locations go to `locations[index * stride...]`.
    private mutating func firm(
        _ element: Int, index: Int, locations: UnsafeMutableBufferPointer<UInt64>, stride: Int
    ) -> Scenario.Firm {
        let arrayPath = JSONPath([.key("firms")])
        var firm = Scenario.Firm(name: "", output: "", production: "")
        locations[index * stride] = SourceMap.packed(document.location(element))
        guard expect(element, .object, is: .object, at: arrayPath / index) else { return firm }
        var seen = 0 as UInt8
        for (key, value) in document.members(of: element) {
            // Keys are matched as bytes and paths built only on error: this loop runs once per firm.
            let slot: Int
            if document.string(key, equals: "name") {
                slot = 0
                if let text = string(value, at: arrayPath / index / "name") { firm.name = text }
            } else if document.string(key, equals: "output") {
                slot = 1
                if let text = string(value, at: arrayPath / index / "output") { firm.output = text }
            } else if document.string(key, equals: "production") {
                slot = 2
                if let text = string(value, at: arrayPath / index / "production") { firm.production = text }
                if document.nodes[value].hasEscapes { sourceMap.escapedStrings.insert(arrayPath / index / "production") }
            } else if document.string(key, equals: "count") {
                slot = 3
                if let count = wholeNumber(value, atLeast: 1, at: arrayPath / index / "count") { firm.count = count }
            } else if document.string(key, equals: "parameters") {
                slot = 4
                // Locations of single firm parameters are not kept (a million firms would need a million
                // entries); messages about them point at the firm's parameters object.
                firm.parameters = parameters(value, at: arrayPath / index / "parameters", recordLocations: false)
            } else {
                unknownKey(key, among: Self.firmKeys, in: arrayPath / index)
                continue
            }
            seen |= 1 << slot
            locations[index * stride + slot + 1] = SourceMap.packed(document.location(value))
        }
        for (bit, required) in ["name", "output", "production"].enumerated() where seen & (1 << bit) == 0 {
            fail(.missingKey(required), at: arrayPath / index, element)
        }
        return firm
    }

    /// Households are few, so every value's location is kept, by path.
    private mutating func households(_ array: Int) -> [Scenario.Household] {
        let arrayPath = JSONPath([.key("households")])
        guard expect(array, .array, is: .array, at: arrayPath) else { return [] }
        var result: [Scenario.Household] = []
        for (index, element) in document.elements(of: array).enumerated() {
            let path = arrayPath / index
            sourceMap[path] = document.location(element)
            guard expect(element, .object, is: .object, at: path) else { continue }
            var household = Scenario.Household(name: "", utility: "")
            var seen: Set<String> = []
            for (key, value) in document.members(of: element) {
                let name = document.string(key)
                sourceMap[path / name] = document.location(value)
                switch name {
                case "name": household.name = string(value, at: path / name) ?? ""
                case "utility":
                    household.utility = string(value, at: path / name) ?? ""
                    if document.nodes[value].hasEscapes { sourceMap.escapedStrings.insert(path / name) }
                case "parameters": household.parameters = parameters(value, at: path / name)
                default:
                    unknownKey(key, among: Self.householdKeys, in: path)
                    continue
                }
                seen.insert(name)
            }
            for required in ["name", "utility"] where !seen.contains(required) { fail(.missingKey(required), at: path, element) }
            result.append(household)
        }
        return result
    }

    private mutating func market(_ object: Int) -> Scenario.MarketSettings {
        let path = JSONPath([.key("market")])
        var market = Scenario.MarketSettings()
        guard expect(object, .object, is: .object, at: path) else { return market }
        for (key, value) in document.members(of: object) {
            let name = document.string(key)
            sourceMap[path / name] = document.location(value)
            switch name {
            // Mechanism names are checked by whoever builds the market, which knows the mechanisms.
            case "mechanism": market.mechanism = string(value, at: path / name)
            case "priceStep": market.priceStep = number(value, .positiveNumber, at: path / name)
            case "firmStep": market.firmStep = number(value, .positiveNumber, at: path / name)
            default: unknownKey(key, among: Self.marketKeys, in: path)
            }
        }
        return market
    }

    private mutating func simulation(_ object: Int) -> Scenario.SimulationSettings {
        let path = JSONPath([.key("simulation")])
        var simulation = Scenario.SimulationSettings()
        guard expect(object, .object, is: .object, at: path) else { return simulation }
        for (key, value) in document.members(of: object) {
            let name = document.string(key)
            sourceMap[path / name] = document.location(value)
            switch name {
            case "maxTicks": simulation.maxTicks = wholeNumber(value, atLeast: 1, at: path / name)
            case "tolerance": simulation.tolerance = number(value, .positiveNumber, at: path / name)
            default: unknownKey(key, among: Self.simulationKeys, in: path)
            }
        }
        return simulation
    }

    private mutating func events(_ array: Int) -> [Scenario.Event] {
        let arrayPath = JSONPath([.key("events")])
        guard expect(array, .array, is: .array, at: arrayPath) else { return [] }
        var result: [Scenario.Event] = []
        for (index, element) in document.elements(of: array).enumerated() {
            let path = arrayPath / index
            sourceMap[path] = document.location(element)
            guard expect(element, .object, is: .object, at: path) else { continue }
            var event = Scenario.Event(tick: 0, assignments: [])
            var hasTick = false, hasSet = false
            for (key, value) in document.members(of: element) {
                let name = document.string(key)
                sourceMap[path / name] = document.location(value)
                switch name {
                case "tick":
                    hasTick = true
                    event.tick = wholeNumber(value, atLeast: 0, at: path / name) ?? 0
                case "set":
                    hasSet = true
                    guard expect(value, .object, is: .object, at: path / name) else { continue }
                    for (target, amount) in document.members(of: value) {
                        let targetPath = document.string(target)
                        sourceMap[path / name / targetPath] = document.location(amount)
                        if let number = number(amount, .finiteNumber, at: path / name / targetPath) {
                            event.assignments.append(.init(path: targetPath, value: number))
                        }
                    }
                default: unknownKey(key, among: Self.eventKeys, in: path)
                }
            }
            if !hasTick { fail(.missingKey("tick"), at: path, element) }
            if !hasSet { fail(.missingKey("set"), at: path, element) }
            result.append(event)
        }
        return result
    }

    // MARK: - Values

    private mutating func fail(_ problem: ScenarioDiagnostic.Problem, at path: JSONPath, _ node: Int) {
        diagnostics.append(ScenarioDiagnostic(.error, problem, at: path, location: document.location(node), file: file))
    }

    private mutating func unknownKey(_ key: Int, among allowed: [String], in path: JSONPath) {
        let name = document.string(key)
        fail(.unknownKey(name, suggestion: closestMatch(to: name, among: allowed)), at: path, key)
    }

    /// Whether `node` is of `kind`; if not, reports that `expectation` was not met.
    private mutating func expect(
        _ node: Int, _ kind: JSONDocument.Kind, is expectation: ScenarioDiagnostic.Expectation,
        at path: @autoclosure () -> JSONPath
    ) -> Bool {
        if document.kind(node) == kind { return true }
        fail(.invalidValue(expected: expectation, found: found(node)), at: path(), node)
        return false
    }

    private mutating func string(_ node: Int, at path: @autoclosure () -> JSONPath) -> String? {
        guard document.kind(node) == .string else {
            fail(.invalidValue(expected: .string, found: found(node)), at: path(), node)
            return nil
        }
        return document.string(node)
    }

    private mutating func number(
        _ node: Int, _ expectation: ScenarioDiagnostic.Expectation, at path: @autoclosure () -> JSONPath
    ) -> Double? {
        guard document.kind(node) == .number else {
            fail(.invalidValue(expected: expectation, found: found(node)), at: path(), node)
            return nil
        }
        return document.number(node)
    }

    /// An integral number that fits an `Int` exactly (`3` and `3.0` both qualify). The lower bound only words
    /// the message; ranges are checked by validation.
    private mutating func wholeNumber(_ node: Int, atLeast least: Int, at path: @autoclosure () -> JSONPath) -> Int? {
        if document.kind(node) == .number {
            let value = document.number(node)
            if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 { return Int(value) }
        }
        fail(.invalidValue(expected: .wholeNumber(atLeast: least), found: found(node)), at: path(), node)
        return nil
    }

    private func found(_ node: Int) -> ScenarioDiagnostic.FoundValue {
        switch document.kind(node) {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .number: return .number(document.numberText(node))
        case .string: return .string(document.string(node))
        case .array: return .array
        case .object: return .object
        }
    }
}
