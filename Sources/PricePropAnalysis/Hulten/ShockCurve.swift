import PricePropBasics
import PricePropExpression
import PricePropScenario
import PricePropEconomy

/// Log real GDP after a shock `z` to one industry's log productivity, exact and approximated (Baqaee and
/// Farhi 2019):
///
///     exact         (W(z) − W(0)) / GDP            W(z) from the re-solved equilibrium
///     hulten        domar · z                       first order: Hulten's theorem
///     secondOrder   domar · z + ½ · dDomar/dz · z²
///
/// `dDomar/dz = W''(0) / GDP` comes from second derivatives, not from differences: by the envelope theorem
/// `W'(z) = p_out(z) · Y(z)`, so `W''(0) = dp_out/dz · Y + p_out · dY/dz`, with `dp/dz` and `dx/dz` from the
/// implicit function theorem on the equilibrium conditions (``Equilibrium/productivityResponse(economy:entry:threads:)``,
/// the tapes' exact Hessians). For a Cobb-Douglas network with a log Cobb-Douglas household the Domar weight
/// does not move and all three curves are one line; with other elasticities they part.
public struct ShockCurve: Sendable, Equatable {
    /// One shock.
    public struct Point: Sendable, Equatable {
        public var z: Double
        public var exact: Double
        public var hulten: Double
        public var secondOrder: Double
    }

    public var scenario: String
    /// The shocked industry.
    public var firm: String
    /// GDP at `z = 0`, in welfare units.
    public var gdp: Double
    /// The industry's Domar weight at `z = 0`.
    public var domar: Double
    /// `dDomar/dz` at `z = 0`.
    public var domarSlope: Double
    /// One per shock, in the order asked for.
    public var points: [Point]

    /// `count` shocks evenly from `lower` to `upper` (one at `lower` when `count` is 1), each rounded to 12
    /// significant digits, so that `-0.3:0.3:13` gives 0.05, 0.1, ... as a person writes them, and a
    /// symmetric range mirrored shocks and an exact 0.
    public static func grid(lower: Double, upper: Double, count: Int) -> [Double] {
        guard count > 1 else { return [lower] }
        return (0..<count).map { i in
            if i == 0 { return lower }
            if i == count - 1 { return upper }
            let raw = lower + (upper - lower) * Double(i) / Double(count - 1)
            return (try? DecimalText.double(NumberText.significant(raw, digits: 12))) ?? raw
        }
    }

    /// Solves `scenario`, differentiates its equilibrium twice in industry `firm`'s productivity, and re-solves
    /// it at every shock in `shocks` (in parallel on `threads`; the same bits for any count).
    /// - Throws: ``HultenError``: no household, no such industry, or an equilibrium that cannot be found.
    public init(scenario: Scenario, firm: String, shocks: [Double], tolerance: Double = Equilibrium.Options.defaultTolerance,
                threads: Int = 1) throws(HultenError) {
        let network = try ProductionNetwork(scenario)
        let e = try network.industry(named: firm)
        let (economy, equilibrium) = try ProductionNetwork.solve(network.scenario, tolerance: tolerance, threads: threads)
        let gdp = try network.gdp(economy: economy, prices: equilibrium.prices, allocation: equilibrium.allocation)
        let response: (quantities: [Double], prices: [Double], production: Double, productionDerivative: Double)
        do { response = try equilibrium.productivityResponse(economy: economy, entry: e, threads: threads) }
        catch { throw .equilibrium(error) }
        let out = Int(economy.firmOutput[Int(economy.entryFirstFirm[e])])
        let n = Double(economy.entryFirmCount[e])
        let sales = equilibrium.prices[out] * n * response.production
        let curvature = response.prices[out] * n * response.production + equilibrium.prices[out] * n * response.productionDerivative
        let base = equilibrium.value, start = Equilibrium.Start(equilibrium)
        let values = ParallelRuns.map(count: shocks.count, threads: threads) { i -> Result<Double, HultenError> in
            if shocks[i] == 0 { return .success(base) }
            do throws(HultenError) {
                return .success(try ProductionNetwork.solve(network.shocked(e, by: shocks[i]), tolerance: tolerance,
                                                         from: start).equilibrium.value)
            } catch { return .failure(error) }
        }
        let domar = sales / gdp, slope = curvature / gdp
        var points: [Point] = []
        for (z, value) in zip(shocks, values) {
            let w: Double
            do { w = try value.get() } catch { throw error }
            points.append(Point(z: z, exact: (w - base) / gdp, hulten: domar * z, secondOrder: domar * z + 0.5 * slope * z * z))
        }
        self.scenario = scenario.name
        self.firm = firm
        self.gdp = gdp
        self.domar = domar
        domarSlope = slope
        self.points = points
    }
}
