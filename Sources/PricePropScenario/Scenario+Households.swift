import PricePropExpression

// MARK: - Households as firms making welfare

extension Scenario {
    /// The implicit numeraire of a scenario with households: the good their utility is counted in, price 1.
    public static let welfareGoodName = "welfare"

    /// Whether ``households`` have been turned into firm entries (see ``expandingHouseholds()``).
    public var householdsExpanded: Bool { householdFirmStart != nil || households.isEmpty }

    /// The scenario with each household as a firm entry whose output is the welfare good and whose
    /// production is its utility, and the welfare good (fixed price 1) appended to ``goods``.
    ///
    /// A price-taking firm making welfare at price 1 maximises `U(c) - sum p_g c_g`, exactly the household's
    /// problem, so the market, the engine and the comparator need no notion of a household. Applying it twice
    /// changes nothing.
    public func expandingHouseholds() -> Scenario {
        guard !householdsExpanded else { return self }
        var expanded = self
        expanded.householdFirmStart = firms.count
        // Appended even beside a declared good of that name, which validation then refuses.
        expanded.goods.append(Good(name: Self.welfareGoodName, price: 1))
        expanded.firms += households.map {
            Firm(name: $0.name, output: Self.welfareGoodName, production: $0.utility, parameters: $0.parameters)
        }
        // Later stages (building, running) then point at the household's own lines.
        for j in households.indices {
            let from = JSONPath() / "households" / j, to = JSONPath() / "firms" / (firms.count + j)
            expanded.sourceMap[to] = sourceMap[from]
            expanded.sourceMap[to / "name"] = sourceMap[from / "name"]
            expanded.sourceMap[to / "production"] = sourceMap[from / "utility"]
            expanded.sourceMap[to / "parameters"] = sourceMap[from / "parameters"]
            if sourceMap.escapedStrings.contains(from / "utility") { expanded.sourceMap.escapedStrings.insert(to / "production") }
        }
        return expanded
    }

    /// The file model again: the scenario without the firm entries and the welfare good
    /// ``expandingHouseholds()`` added, its households only in ``households``.
    public func collapsingHouseholds() -> Scenario {
        guard householdFirmStart != nil else { return self }
        var collapsed = self
        collapsed.firms.removeSubrange(householdFirms)
        if let last = collapsed.goods.lastIndex(where: { $0.name == Self.welfareGoodName }) { collapsed.goods.remove(at: last) }
        collapsed.householdFirmStart = nil
        return collapsed
    }

    /// The range of ``firms`` that are households, empty when there are none or they are not expanded.
    public var householdFirms: Range<Int> {
        guard let start = householdFirmStart else { return 0..<0 }
        return start..<min(firms.count, start + households.count)
    }

    /// Where in the file a path into an expanded household's firm entry lives: `firms[n].production` of the
    /// household `j` is `households[j].utility`; other paths are unchanged.
    func householdPath(_ path: JSONPath) -> JSONPath {
        let range = householdFirms
        guard !range.isEmpty, path.components.count >= 2, case .key("firms") = path.components[0],
              case let .index(i) = path.components[1], range.contains(i) else { return path }
        var components: [JSONPath.Component] = [.key("households"), .index(i - range.lowerBound)]
        for component in path.components.dropFirst(2) {
            if case .key("production") = component { components.append(.key("utility")) } else { components.append(component) }
        }
        return JSONPath(components)
    }
}

// MARK: - Household findings where the file has them

extension Scenario {
    /// The validator's findings on this expanded scenario, those about household entries moved to the
    /// `households` paths they come from, plus the checks only households have.
    func locatingHouseholds(_ diagnostics: [ScenarioDiagnostic]) -> [ScenarioDiagnostic] {
        // A utility naming welfare makes it a self-use cycle too; the one finding that matters is below.
        let namingWelfare = Set(households.indices.filter { j in
            (try? Expression(parsing: households[j].utility))?.identifiers.contains(Self.welfareGoodName) == true
        }.map { JSONPath() / "households" / $0 / "utility" })
        var result: [ScenarioDiagnostic] = []
        for diagnostic in diagnostics {
            guard let path = diagnostic.path else {
                result.append(diagnostic)
                continue
            }
            let moved = householdPath(path)
            // A household's output is always welfare; a declared `welfare` good is reported once, below.
            if moved.components.last == .key("output") { continue }
            if namingWelfare.contains(moved) { continue }
            var problem = diagnostic.problem
            if case let .duplicateFirm(name, first) = problem { problem = .duplicateFirm(name, first: householdPath(first)) }
            if case let .duplicateGood(name, first) = problem, name == Self.welfareGoodName {
                result.append(self.diagnostic(.welfareGoodDeclared, at: first / "name"))
                continue
            }
            if moved == path, problem == diagnostic.problem {
                result.append(diagnostic)
                continue
            }
            let column: Int? = switch problem {
            case let .unknownName(_, _, _, column): column
            case let .invalidExpression(error, _): error.column
            default: nil
            }
            result.append(self.diagnostic(problem, at: moved, diagnostic.severity, column: column))
        }
        // Self-use is a valid cycle for a firm, but welfare is the unit a utility is counted in.
        for path in namingWelfare.sorted(by: { $0.description < $1.description }) {
            result.append(self.diagnostic(.welfareInUtility, at: path))
        }
        return result
    }
}
