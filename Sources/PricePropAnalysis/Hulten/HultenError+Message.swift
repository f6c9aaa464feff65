import PricePropBasics
import PricePropScenario

// MARK: - Wording of the production-network errors (one line each)

extension HultenError {
    /// The error as one line for people.
    public var message: String {
        switch self {
        case let .noHousehold(scenario, byHand?):
            return "\(scenario): firm '\(byHand)' makes '\(Scenario.welfareGoodName)' itself; "
                + "write the household as a \"households\" entry ({\"name\": \"\(byHand)\", \"utility\": ...}) and drop the good '\(Scenario.welfareGoodName)'"
        case let .noHousehold(scenario, nil):
            return "\(scenario): no household: add a \"households\" entry ({\"name\": ..., \"utility\": ...}), "
                + "whose utility over final goods is what GDP and welfare are measured by"
        case let .noIndustry(scenario):
            return "\(scenario): every firm entry is a household; an industry to shock is expected"
        case let .unknownIndustry(name, suggestion, household):
            if household { return "firm '\(name)' is a household (a \"households\" entry), not an industry" }
            return "unknown industry '\(name)'" + didYouMean(suggestion)
        case let .economy(error): return error.description
        case let .run(error): return error.description
        case let .marketNotConverged(outcome, ticks):
            return "the market did not converge (\(outcome) after \(ticks) ticks); raise --max-ticks"
        case let .equilibrium(error): return "the equilibrium: \(error.message)"
        case let .noSpending(gdp):
            return "the households spend \(NumberText.significant(gdp, digits: 3)) at the equilibrium; GDP must be positive to take shares of it"
        case let .notConverged(residual):
            return "the equilibrium solver did not converge (residual \(NumberText.significant(residual, digits: 3)))"
        }
    }
}
