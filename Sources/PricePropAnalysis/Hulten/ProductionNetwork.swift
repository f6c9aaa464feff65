import Foundation
import PricePropBasics
import PricePropScenario
import PricePropEconomy
import PricePropSimulation
import PricePropComparator

/// A scenario read as a production network with households, the object Hulten's theorem is about.
///
/// The households are the scenario's `households` entries, which the ``Economy`` turns into firm entries
/// making its welfare good (``Economy/householdEntries``, ``Economy/welfareGood``): a household's utility is
/// its production and its inputs are final consumption. Every other entry is an industry. Real GDP is the
/// household's consumption aggregate: with utility `W = B · ln U`, `U` of constant returns, spending
/// `Σ p_g c_g` is `B` at any prices (Euler's theorem), so GDP in welfare units is `B` and `Δ ln U = ΔW / GDP`.
///
/// A productivity shock `z` to an industry multiplies its production by `e^z`. It is applied to a copy of the
/// scenario, never to the file: the entry's production `f` becomes `s · (f)` with a firm parameter `s = e^z`
/// whose name no good or parameter of the scenario uses.
public struct ProductionNetwork: Sendable {
    /// The scenario without its events, its households expanded into firm entries.
    public var scenario: Scenario
    /// Indices into the scenario's firms of the households, in file order.
    public var households: [Int]
    /// Indices into the scenario's firms of the industries, in file order.
    public var industries: [Int]
    /// The firm parameter carrying `e^z` in shocked copies.
    public var scaleParameter: String

    /// Reads `scenario` as a network, its households and industries as its ``Economy`` sees them.
    /// - Throws: ``HultenError/noHousehold(scenario:byHand:)`` when the scenario has no `households` entry,
    ///   ``HultenError/noIndustry(scenario:)`` when every entry is a household, ``HultenError/economy(_:)``
    ///   when the economy cannot be built.
    public init(_ scenario: Scenario) throws(HultenError) {
        let base = Scenario.withoutEvents(scenario).expandingHouseholds()
        let economy: Economy
        do { economy = try Economy(base) } catch { throw .economy(error) }
        guard !economy.householdEntries.isEmpty else {
            let byHand = economy.welfareMakersWithoutHouseholds.first.map { base.firms[$0].name }
            throw .noHousehold(scenario: base.file ?? base.name, byHand: byHand)
        }
        households = Array(economy.householdEntries)
        industries = economy.industryEntries
        guard !industries.isEmpty else { throw .noIndustry(scenario: base.file ?? base.name) }
        var taken = Set(base.goods.map(\.name)).union(base.parameters.map(\.name))
        for firm in base.firms { taken.formUnion(firm.parameters.map(\.name)) }
        var name = "productivity", n = 1
        while taken.contains(name) {
            n += 1
            name = "productivity\(n)"
        }
        self.scenario = base
        scaleParameter = name
    }

    /// The industry named `name`.
    /// - Throws: ``HultenError/unknownIndustry(_:suggestion:household:)``.
    public func industry(named name: String) throws(HultenError) -> Int {
        if let i = industries.first(where: { scenario.firms[$0].name == name }) { return i }
        let isHousehold = households.contains { scenario.firms[$0].name == name }
        let suggestion = isHousehold ? nil : closestMatch(to: name, among: scenario.firms.map(\.name))
        throw .unknownIndustry(name, suggestion: suggestion, household: isHousehold)
    }

    /// The scenario with firm entry `firm`'s production multiplied by `e^z`.
    public func shocked(_ firm: Int, by z: Double) -> Scenario {
        var copy = scenario
        copy.firms[firm].production = "\(scaleParameter) * (\(copy.firms[firm].production))"
        copy.firms[firm].parameters.append(Scenario.Parameter(name: scaleParameter, value: exp(z)))
        return copy
    }

    /// The equilibrium of `scenario`, computed directly (``Equilibrium``), with its economy; Newton's method
    /// started from `start` when given (a shocked copy from the unshocked equilibrium: a few iterations).
    /// - Throws: ``HultenError`` when the economy cannot be built or the solver fails or does not converge.
    public static func solve(_ scenario: Scenario, tolerance: Double, threads: Int = 1,
                             from start: Equilibrium.Start? = nil) throws(HultenError)
        -> (economy: Economy, equilibrium: Equilibrium) {
        let economy: Economy
        do { economy = try Economy(scenario, threads: threads) } catch { throw .economy(error) }
        let equilibrium: Equilibrium
        do {
            let options = Equilibrium.Options(tolerance: tolerance, threads: threads)
            if let start {
                equilibrium = try Equilibrium(solving: economy, from: start, options: options)
            } else {
                equilibrium = try Equilibrium(solving: economy, options: options)
            }
        } catch { throw .equilibrium(error) }
        guard equilibrium.converged else { throw .notConverged(residual: equilibrium.residual) }
        return (economy, equilibrium)
    }

    /// GDP: the value of the households' consumption, `Σ p_g c_g` over their inputs, in welfare units.
    /// - Throws: ``HultenError/noSpending(gdp:)`` when it is not positive.
    public func gdp(economy: Economy, prices: [Double], allocation: Allocation) throws(HultenError) -> Double {
        var total = 0.0
        for e in households {
            for f in economy.entryFirms(e) {
                for k in economy.inputs(of: f) { total += prices[Int(economy.inputGood[k])] * allocation.received[k] }
            }
        }
        guard total > 0, total.isFinite else { throw .noSpending(gdp: total) }
        return total
    }
}

/// Why a scenario cannot be read as a production network, or its equilibrium not found. Carries the data;
/// ``message`` words it.
public enum HultenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `households` entry; `byHand` names a firm entry making a fixed-price good `welfare` itself, the
    /// way a household was written before scenarios had households.
    case noHousehold(scenario: String, byHand: String?)
    /// Every firm entry is a household.
    case noIndustry(scenario: String)
    /// `--firm` names no industry (a household, or nothing).
    case unknownIndustry(String, suggestion: String?, household: Bool)
    case economy(EconomyError)
    /// The market run could not start.
    case run(RunSetupError)
    /// The market run ended without converging.
    case marketNotConverged(outcome: String, ticks: Int)
    case equilibrium(EquilibriumError)
    /// The solver stopped with this residual above its tolerance.
    case notConverged(residual: Double)
    /// The households buy nothing at the equilibrium (or GDP is not a number), so no share of GDP exists.
    case noSpending(gdp: Double)

    public var description: String { message }
}

extension Economy {
    /// The firms of scenario entry `e`.
    func entryFirms(_ e: Int) -> Range<Int> {
        let first = Int(entryFirstFirm[e])
        return first..<first + Int(entryFirmCount[e])
    }
}
