import PricePropBasics
import PricePropExpression

// MARK: - Checking firms, a chunk at a time

/// Checks a run of firms: names, counts, parameters, outputs and production expressions.
///
/// One checker serves one thread. It keeps what it has learnt about production texts (one parse per shape or
/// per distinct text) across the chunks it is given; what a chunk yields depends only on the chunk's firms,
/// since a text's analysis depends only on the text, and texts of one shape parse alike (see ``NameScan``).
struct FirmChecker {
    /// Firms per chunk: large enough that a chunk's setup and merge cost nothing next to its checks.
    static let grain = 8192

    /// What a chunk of firms yields, in firm order.
    struct Findings {
        var diagnostics: [ScenarioDiagnostic] = []
        /// Supply network edges (input good → output good), one per firm input naming a good.
        var edgeInputs: [Int32] = [], edgeOutputs: [Int32] = [], edgeFirms: [Int32] = []
        /// Whether every production parsed and named only known things.
        var usageKnown = true
        /// Per firm, the distinct names its production uses (inputs and parameters; 0 when it does not parse):
        /// each of its `count` firms holds one slot per name.
        var slotsPerFirm: [Int32] = []
    }

    /// What a production text yields, computed once per distinct text or, for texts the name scan reads,
    /// once per shape.
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

    private let scenario: Scenario
    private let goodIndex: [String: Int]
    private let parameterIndex: [String: Int]
    /// For each firm, the first firm with its name.
    private let firstFirm: [Int32]
    private var analyses: [String: Analysis] = [:]
    private var shapeVerdicts: [ShapeKey: ShapeVerdict] = [:]
    private var nameScan: NameScan
    /// Goods some checked firm uses or makes.
    private(set) var used: [Bool]
    private(set) var produced: [Bool]
    private var findings = Findings()

    init(scenario: Scenario, goodIndex: [String: Int], parameterIndex: [String: Int], firstFirm: [Int32]) {
        self.scenario = scenario
        self.goodIndex = goodIndex
        self.parameterIndex = parameterIndex
        self.firstFirm = firstFirm
        used = Array(repeating: false, count: scenario.goods.count)
        produced = used
        nameScan = NameScan(goods: scenario.goods.map(\.name))
    }

    /// Checks the firms in `range`.
    mutating func check(_ range: Range<Int>) -> Findings {
        defer { findings = Findings() }
        // Firms usually repeat the parameter names of the firm before: look those up once.
        var lastParameterNames: [String] = [], lastParameterIsGood: [Bool] = []
        for i in range {
            let firm = scenario.firms[i]
            var path: JSONPath { JSONPath([.key("firms"), .index(i)]) }
            let first = Int(firstFirm[i])
            if let fault = Scenario.nameFault(firm.name, as: .firm) {
                report(.invalidName(.firm, firm.name, reason: fault), at: path / "name")
            }
            if first != i {
                report(.duplicateFirm(firm.name, first: JSONPath([.key("firms"), .index(first)])), at: path / "name")
            }
            if firm.count < 1 { report(.invalidValue(expected: .wholeNumber(atLeast: 1), found: .number("\(firm.count)")), at: path / "count") }
            if !firm.parameters.elementsEqual(lastParameterNames, by: { $0.name == $1 }) {
                lastParameterNames = firm.parameters.map(\.name)
                lastParameterIsGood = lastParameterNames.map { goodIndex[$0] != nil }
                for name in lastParameterNames where Scenario.nameFault(name, as: .parameter) != nil {
                    report(.invalidName(.parameter, name, reason: Scenario.nameFault(name, as: .parameter) ?? .empty),
                           at: path / "parameters" / name)
                }
            }
            for (j, parameter) in firm.parameters.enumerated() {
                if !ScenarioValidator.meets(parameter.value, .finiteNumber) {
                    report(.invalidValue(expected: .finiteNumber, found: .number(parameter.value)), at: path / "parameters" / parameter.name)
                }
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
        return findings
    }

    private mutating func report(_ problem: ScenarioDiagnostic.Problem, at path: JSONPath, column: Int? = nil) {
        findings.diagnostics.append(scenario.diagnostic(problem, at: path, column: column))
    }

    private mutating func checkProduction(
        of firm: Scenario.Firm, at path: @autoclosure () -> JSONPath, output: Int?, firmNumber: Int
    ) {
        let analysis = analyze(firm.production)
        findings.slotsPerFirm.append(Int32(clamping: analysis.names.count))
        if let problem = analysis.problem {
            findings.usageKnown = false
            let column: Int? = if case let .invalidExpression(error, _) = problem { error.column } else { nil }
            report(problem, at: path(), column: column)
            return
        }
        for (name, column, good) in analysis.names {
            if let input = good {
                used[input] = true
                if input == output, let c = ScenarioValidator.linearSelfUse(of: name, in: firm.production), c >= 1 {
                    report(.unsustainableCycle([name]), at: path(), column: column)
                }
                if let output {
                    findings.edgeInputs.append(Int32(input))
                    findings.edgeOutputs.append(Int32(output))
                    findings.edgeFirms.append(Int32(firmNumber))
                }
            } else if parameterIndex[name] == nil, !firm.parameters.contains(where: { $0.name == name }) {
                findings.usageKnown = false
                let suggestion = Scenario.expressionSuggestion(
                    for: name, goods: scenario.goods.map(\.name),
                    parameters: scenario.parameters.map(\.name) + firm.parameters.map(\.name))
                report(.unknownName(name, suggestion: suggestion, expression: firm.production, column: column), at: path(), column: column)
            }
        }
    }

    /// The analysis of `production`. Texts the name scan reads are parsed once per shape: the first text of
    /// a shape is parsed, and if it parses to the names the scan found, later texts of that shape take their
    /// names from the scan alone. Other texts are parsed, once per distinct text.
    private mutating func analyze(_ production: String) -> Analysis {
        guard nameScan.scan(production) else { return parse(production) }
        let key = nameScan.key
        switch shapeVerdicts[key] {
        case .parses?:
            return Analysis(problem: nil, names: nameScan.names)
        case .parseEachText?:
            return parse(production)
        case nil:
            let analysis = parse(production)
            let agrees = analysis.problem == nil && analysis.names.elementsEqual(nameScan.names) { a, b in
                a.name == b.name && a.column == b.column && a.good == b.good
            }
            shapeVerdicts[key] = agrees ? .parses : .parseEachText
            return analysis
        }
    }

    /// The analysis of `production` by parsing it, once per distinct text.
    private mutating func parse(_ production: String) -> Analysis {
        if let known = analyses[production] { return known }
        var analysis = Analysis()
        if ScenarioValidator.estimatedDepth(production) > ScenarioValidator.maximumExpressionDepth {
            analysis.problem = .expressionTooDeep(expression: production, limit: ScenarioValidator.maximumExpressionDepth)
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
}
