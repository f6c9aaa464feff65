import PricePropScenario
import PricePropBasics
import PricePropExpression

/// Turns a balanced ``FlowTable`` into a scenario whose equilibrium reproduces the table: one good per
/// industry, one primary good per industry (its primary input, endowment = the table's value), one firm per
/// industry with the technology its cost shares give, and one household whose log Cobb-Douglas weights are the
/// final-demand shares. At the base year every price is 1 and every flow is the table's.
public struct InputOutputCalibration: Sendable {
    /// How each industry combines its inputs.
    public enum Technology: Sendable, Equatable {
        /// `A · Π x_j^(a_j) · v^b`, the exponents the cost shares (they sum to 1).
        case cobbDouglas
        /// `A · (Σ a_j (x_j / Z_j)^ρ + b (v / V)^ρ)^(1/ρ)`, `ρ = (σ − 1) / σ`, the shares the cost shares.
        case ces(elasticity: Double)
    }

    public var table: FlowTable
    public var technology: Technology

    public init(table: FlowTable, technology: Technology = .cobbDouglas) {
        self.table = table
        self.technology = technology
    }

    /// Identifier names of the industries' goods (`manufacturing`), unique, in table order.
    public var goodNames: [String] {
        var used: Set<String> = [Scenario.welfareGoodName], names: [String] = []
        for industry in table.industries {
            let base = industry.identifierSlug()
            var name = base, k = 2
            while !used.insert(name).inserted { name = "\(base)_\(k)"; k += 1 }
            names.append(name)
        }
        return names
    }

    /// The primary good of industry `i`: `va_` and its good's name.
    public func primaryName(_ i: Int) -> String { "va_" + goodNames[i] }

    /// The calibrated scenario, named `name`.
    public func scenario(name: String, description: String) -> Scenario {
        let goods = goodNames, n = table.industries.count
        var scenarioGoods = goods.map { Scenario.Good(name: $0) }
        scenarioGoods += (0..<n).map { Scenario.Good(name: primaryName($0), endowment: table.valueAdded[$0]) }
        let firms = (0..<n).map { j in
            Scenario.Firm(name: table.industries[j].replacingDots(), output: goods[j], production: production(j),
                          parameters: [.init(name: "A", value: productivity(j))])
        }
        var scenario = Scenario(name: name, description: description, goods: scenarioGoods, firms: firms)
        scenario.households = [household()]
        return scenario
    }

    /// Industry `j`'s inputs with positive flows: (good name, flow, cost share), its primary input last.
    func inputs(of j: Int) -> [(name: String, flow: Double, share: Double)] {
        let output = table.output(j), goods = goodNames
        var result: [(String, Double, Double)] = []
        for i in table.industries.indices where table.flows[i][j] > 0 {
            result.append((goods[i], table.flows[i][j], table.flows[i][j] / output))
        }
        result.append((primaryName(j), table.valueAdded[j], table.valueAdded[j] / output))
        return result
    }

    /// `A` with which industry `j` makes exactly its output from the table's inputs.
    public func productivity(_ j: Int) -> Double {
        switch technology {
        case .cobbDouglas:
            // log A = log X − Σ a log Z, summed in logs so 71 factors cannot overflow.
            var logA = ElementaryFunctions.log(table.output(j))
            for input in inputs(of: j) { logA -= input.share * ElementaryFunctions.log(input.flow) }
            return ElementaryFunctions.exp(logA)
        case .ces: return table.output(j)
        }
    }

    func production(_ j: Int) -> String {
        let inputs = inputs(of: j)
        switch technology {
        case .cobbDouglas:
            return "A * " + inputs.map { "\($0.name)^\(Self.number($0.share))" }.joined(separator: " * ")
        case let .ces(elasticity):
            let rho = Self.number((elasticity - 1) / elasticity)
            let terms = inputs.map { "\(Self.number($0.share)) * (\($0.name) / \(Self.number($0.flow)))^\(rho)" }
            return "A * (\(terms.joined(separator: " + ")))^(1 / \(rho))"
        }
    }

    /// A finite number as expression text, negative ones in parentheses so they can follow `^`.
    static func number(_ x: Double) -> String {
        let text = NumberText.roundTrip(x) ?? "0"
        return x < 0 ? "(\(text))" : text
    }

    /// `B · Σ w_i log c_i` with `w_i` the final-demand shares and `B` GDP, so that at prices 1 the household
    /// buys exactly the table's final demand (`p_i = B w_i / c_i`) and spends GDP.
    func household() -> Scenario.Household {
        let gdp = table.gdp, goods = goodNames
        let terms = table.industries.indices.map { "\(Self.number(table.finalDemand[$0] / gdp)) * log(\(goods[$0]))" }
        return Scenario.Household(name: "final demand", utility: "B * (" + terms.joined(separator: " + ") + ")",
                                  parameters: [.init(name: "B", value: gdp)])
    }
}

extension String {
    /// `Agriculture, forestry, fishing, and hunting` → `agriculture_forestry_fishing_and_hunting`: the runs
    /// of ASCII letters and digits, lowercased, joined by `_`, with `_` first if it would start with a digit.
    func identifierSlug() -> String {
        var words: [String] = [], word = ""
        for c in lowercased() {
            if c.isASCII, c.isLetter || c.isNumber { word.append(c) } else if !word.isEmpty { words.append(word); word = "" }
        }
        if !word.isEmpty { words.append(word) }
        let slug = words.joined(separator: "_")
        if slug.isEmpty { return "industry" }
        return slug.first?.isNumber == true ? "_" + slug : slug
    }

    /// Firm names may not hold `.` (event paths split on it).
    fileprivate func replacingDots() -> String { String(map { $0 == "." ? "_" : $0 }) }
}
