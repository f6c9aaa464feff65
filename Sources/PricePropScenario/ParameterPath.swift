import Foundation
import PricePropBasics
import PricePropExpression

/// Something in a scenario a shock, a sensitivity or a sweep can change, named by a dotted path:
///
/// | Path                            | Case                                   | What it sets                          |
/// |---------------------------------|----------------------------------------|---------------------------------------|
/// | `goods.natgas.endowment`        | ``endowment(good:)``                   | a primary good's supply per tick      |
/// | `goods.tupperware.price`        | ``price(good:)``                       | a fixed-price good's price            |
/// | `firms.B.parameters.k`          | ``firmParameter(firm:name:)``          | `k` for every firm of entry `B` only  |
/// | `parameters.alpha`              | ``scenarioParameter(_:)``              | `alpha` for every firm not overriding it |
///
/// Good, firm and parameter names may themselves contain dots, so the fixed parts are matched at the ends.
/// Setting a firm parameter that the firm takes from the scenario makes it the firm's own from then on: a later
/// change of the scenario parameter no longer reaches that firm.
public enum ParameterPath: Sendable, Hashable, CustomStringConvertible {
    case endowment(good: String)
    case price(good: String)
    case firmParameter(firm: String, name: String)
    case scenarioParameter(String)

    /// The path as written in scenario files and on the command line.
    public var description: String {
        switch self {
        case let .endowment(good): return "goods.\(good).endowment"
        case let .price(good): return "goods.\(good).price"
        case let .firmParameter(firm, name): return "firms.\(firm).parameters.\(name)"
        case let .scenarioParameter(name): return "parameters.\(name)"
        }
    }
}

/// Why a path names nothing that can be set. Carries the names involved; ``message`` renders the text.
public struct ParameterPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        /// Not of any of the four settable shapes.
        case malformed
        case unknownGood(String, suggestion: String?)
        /// `.endowment` of a good that has none.
        case notPrimary(good: String)
        /// `.price` of a good whose price the market sets.
        case notFixedPrice(good: String)
        case unknownFirm(String, suggestion: String?)
        case unknownParameter(String, suggestion: String?)
        /// Neither a parameter of the firm nor a scenario parameter its production uses.
        case unknownFirmParameter(firm: String, parameter: String, suggestion: String?)
    }

    /// The path as given.
    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// What is wrong, without the path: `unknown good 'natgs'; did you mean 'natgas'?`.
    public var message: String {
        switch problem {
        case .malformed:
            return "not a settable path; use goods.<good>.endowment, goods.<good>.price, "
                + "firms.<firm>.parameters.<name> or parameters.<name>"
        case let .unknownGood(name, suggestion): return "unknown good '\(name)'" + didYouMean(suggestion)
        case let .notPrimary(good): return "good '\(good)' has no endowment to change; only primary goods have one"
        case let .notFixedPrice(good):
            return "good '\(good)' has no fixed price to change; only goods with a \"price\" have one"
        case let .unknownFirm(name, suggestion): return "unknown firm '\(name)'" + didYouMean(suggestion)
        case let .unknownParameter(name, suggestion): return "unknown scenario parameter '\(name)'" + didYouMean(suggestion)
        case let .unknownFirmParameter(firm, parameter, suggestion):
            return "firm '\(firm)' has no parameter '\(parameter)' and uses no scenario parameter of that name"
                + didYouMean(suggestion)
        }
    }

    /// `'goods.natgs.endowment': unknown good 'natgs'; did you mean 'natgas'?`
    public var description: String { "'\(path)': \(message)" }
}

// MARK: - Parsing

extension ParameterPath {
    /// Parses `text` and checks that it names something settable in `scenario`.
    ///
    /// A firm parameter path is accepted when the firm declares the parameter or its production uses a scenario
    /// parameter of that name.
    /// - Throws: ``ParameterPathError`` naming the problem, with a "did you mean" suggestion for misspelt names.
    public init(parsing text: String, in scenario: Scenario) throws(ParameterPathError) {
        func fail(_ problem: ParameterPathError.Problem) -> ParameterPathError {
            ParameterPathError(path: text, problem: problem)
        }
        if let rest = text.droppingPrefix("goods.") {
            let isEndowment: Bool, name: String
            if let good = rest.droppingSuffix(".endowment") { (isEndowment, name) = (true, String(good)) }
            else if let good = rest.droppingSuffix(".price") { (isEndowment, name) = (false, String(good)) }
            else { throw fail(.malformed) }
            guard let good = scenario.goods.first(where: { $0.name == name }) else {
                throw fail(.unknownGood(name, suggestion: closestMatch(to: name, among: scenario.goods.map(\.name))))
            }
            if isEndowment {
                guard good.endowment != nil, good.price == nil else { throw fail(.notPrimary(good: name)) }
                self = .endowment(good: name)
            } else {
                guard good.price != nil else { throw fail(.notFixedPrice(good: name)) }
                self = .price(good: name)
            }
            return
        }
        if let rest = text.droppingPrefix("firms."), let (firmName, parameterName) = rest.splittingAtLast(".parameters.") {
            let name = String(firmName), parameter = String(parameterName)
            guard let firm = scenario.firms.first(where: { $0.name == name }) else {
                throw fail(.unknownFirm(name, suggestion: closestMatch(to: name, among: scenario.firms.map(\.name))))
            }
            let visible = firm.parameters.map(\.name) + scenario.usedScenarioParameters(of: firm)
            guard visible.contains(parameter) else {
                throw fail(.unknownFirmParameter(firm: name, parameter: parameter,
                                                 suggestion: closestMatch(to: parameter, among: visible)))
            }
            self = .firmParameter(firm: name, name: parameter)
            return
        }
        if let name = text.droppingPrefix("parameters.").map(String.init) {
            guard scenario.parameters.contains(where: { $0.name == name }) else {
                throw fail(.unknownParameter(name, suggestion: closestMatch(to: name, among: scenario.parameters.map(\.name))))
            }
            self = .scenarioParameter(name)
            return
        }
        throw fail(.malformed)
    }

    /// Every endowment, fixed price, scenario parameter and firm-declared parameter of `scenario`, in file
    /// order (goods, then scenario parameters, then firms): the paths a sensitivity report covers.
    public static func all(in scenario: Scenario) -> [ParameterPath] {
        var paths: [ParameterPath] = []
        for good in scenario.goods {
            if good.price != nil { paths.append(.price(good: good.name)) }
            else if good.endowment != nil { paths.append(.endowment(good: good.name)) }
        }
        for parameter in scenario.parameters { paths.append(.scenarioParameter(parameter.name)) }
        for firm in scenario.firms {
            for parameter in firm.parameters { paths.append(.firmParameter(firm: firm.name, name: parameter.name)) }
        }
        return paths
    }
}

extension Scenario {
    /// Names of scenario parameters that `firm`'s production mentions and the firm does not override.
    /// An unparsable production mentions none.
    package func usedScenarioParameters(of firm: Firm) -> [String] {
        guard let expression = try? Expression(parsing: firm.production) else { return [] }
        let own = Set(firm.parameters.map(\.name))
        let scenarioNames = Set(parameters.map(\.name))
        return expression.identifiers.filter { scenarioNames.contains($0) && !own.contains($0) }
    }
}

extension StringProtocol {
    fileprivate func droppingPrefix(_ prefix: String) -> SubSequence? {
        hasPrefix(prefix) ? self[index(startIndex, offsetBy: prefix.count)...] : nil
    }

    fileprivate func droppingSuffix(_ suffix: String) -> SubSequence? {
        hasSuffix(suffix) ? self[..<index(endIndex, offsetBy: -suffix.count)] : nil
    }

    /// The parts before and after the last occurrence of `separator`, if it occurs.
    fileprivate func splittingAtLast(_ separator: String) -> (SubSequence, SubSequence)? {
        guard let range = self.range(of: separator, options: .backwards) else { return nil }
        return (self[..<range.lowerBound], self[range.upperBound...])
    }
}
