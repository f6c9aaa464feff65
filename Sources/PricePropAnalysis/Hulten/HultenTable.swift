import PricePropScenario
import PricePropEconomy
import PricePropComparator

/// Hulten's theorem, certified: for every industry, `d ln Y / dz` (log real GDP against the log of the
/// industry's productivity) three ways at the equilibrium the market's agents find (see `docs/hulten.md`).
///
///     backprop  = λ_out · y / GDP        λ the reverse pass's adjoint of the industry's output good
///     domar     = p_out · y / GDP        sales over GDP, from the equilibrium prices and quantities
///     measured  = (W(+h) − W(−h)) / (2h · GDP)   each W from the re-solved equilibrium
///
/// `y` is what the industry's firms make together. The first is the envelope theorem (the shock adds
/// `y · dz` of the output good, worth its adjoint), the second Hulten's formula; they agree exactly when the
/// prices are the gradient.
public struct HultenTable: Sendable, Equatable {
    /// One industry's row.
    public struct Sector: Sendable, Equatable {
        /// The firm entry's name.
        public var firm: String
        /// The good it makes.
        public var output: String
        /// Its sales over GDP.
        public var domar: Double
        /// The adjoint of its output times its output, over GDP.
        public var backprop: Double
        /// The central difference of re-equilibrated welfare, over GDP.
        public var measured: Double
    }

    /// How to compute the table.
    public struct Options: Sendable, Equatable {
        /// The shock `h` of the central difference.
        ///
        /// `10⁻³`: the quotient's truncation error is `h² W''' / 6`, about `10⁻⁷` of the derivative for
        /// curvatures of order one (0 for Cobb-Douglas networks, whose `ln Y` is linear in `z`), while each
        /// re-solve's clearing residual (its tolerance) enters `W` to first order, at most about
        /// `tolerance · W / (h · GDP · domar)` of the derivative (docs/hulten.md). A smaller `h` gains nothing
        /// and a larger one lets the curvature in.
        public var step: Double
        /// The tolerance of the market run and of the solver's re-solves.
        public var tolerance: Double
        /// The market run's tick limit.
        public var maxTicks: Int
        /// Threads for the re-solves; the table is the same bits for any count.
        public var threads: Int
        /// The industries (firm entry names) to measure, in the order given; `nil` for every industry, in file
        /// order. Each costs two re-solves, so on a large table a few can be checked without the rest.
        public var industries: [String]?

        public static let defaultStep = 1e-3

        public init(step: Double = Options.defaultStep, tolerance: Double = Equilibrium.Options.defaultTolerance,
                    maxTicks: Int = Run.Options.defaultMaxTicks, threads: Int = 1, industries: [String]? = nil) {
            self.step = step
            self.tolerance = tolerance
            self.maxTicks = maxTicks
            self.threads = threads
            self.industries = industries
        }
    }

    public var scenario: String
    /// Ticks the market took to the equilibrium.
    public var ticks: Int
    /// Nominal GDP in welfare units: the households' spending `Σ p_g c_g`.
    public var gdp: Double
    /// `W`, welfare at the equilibrium.
    public var welfare: Double
    /// The `h` of ``Sector/measured``.
    public var step: Double
    /// One row per industry, in file order (or in the order of ``Options/industries``).
    public var sectors: [Sector]

    /// Runs the market on `scenario` to its equilibrium, reads every industry's backprop (from the reverse pass
    /// at the market's allocation) and Domar weight (from the market's prices) there, and re-solves the
    /// economy directly (``Equilibrium``) with each industry shocked by `±h`, Newton's method started from the
    /// market's equilibrium.
    /// - Throws: ``HultenError``.
    public init(scenario: Scenario, options: Options = Options()) throws(HultenError) {
        let network = try ProductionNetwork(scenario)
        let industries = try Self.industries(options.industries, of: network)
        var run: Run
        do throws(RunSetupError) {
            run = try Run(scenario: network.scenario,
                          options: Run.Options(maxTicks: options.maxTicks, tolerance: options.tolerance, record: false))
        } catch { throw .run(error) }
        let report = run.execute()
        guard report.converged else { throw .marketNotConverged(outcome: report.outcome.label, ticks: report.ticks) }
        let economy = run.simulation.economy, allocation = run.simulation.allocation, prices = run.simulation.prices
        let adjoint = Adjoint(economy: economy, allocation: allocation)
        let gdp = try network.gdp(economy: economy, prices: prices, allocation: allocation)
        let h = options.step, tolerance = options.tolerance
        let start = Equilibrium.Start(prices: prices, allocation: allocation)
        let shocked = ParallelRuns.map(count: 2 * industries.count, threads: options.threads) { i -> Result<Double, HultenError> in
            let scenario = network.shocked(industries[i / 2], by: i % 2 == 0 ? h : -h)
            do throws(HultenError) { return .success(try ProductionNetwork.solve(scenario, tolerance: tolerance, from: start).equilibrium.value) }
            catch { return .failure(error) }
        }
        var sectors: [Sector] = []
        for (n, e) in industries.enumerated() {
            let up: Double, down: Double
            do { (up, down) = (try shocked[2 * n].get(), try shocked[2 * n + 1].get()) } catch { throw error }
            let out = Int(economy.firmOutput[Int(economy.entryFirstFirm[e])])
            var made = 0.0
            for f in economy.entryFirms(e) { made += allocation.output[f] }
            sectors.append(Sector(firm: network.scenario.firms[e].name, output: economy.goods[out].name,
                                  domar: prices[out] * made / gdp, backprop: adjoint.goods[out] * made / gdp,
                                  measured: (up - down) / (2 * h * gdp)))
        }
        self.scenario = scenario.name
        ticks = report.ticks
        self.gdp = gdp
        welfare = report.comparison.value
        step = h
        self.sectors = sectors
    }

    /// The entries of the industries named, in that order; every industry when `names` is `nil`.
    private static func industries(_ names: [String]?, of network: ProductionNetwork) throws(HultenError) -> [Int] {
        guard let names else { return network.industries }
        var chosen: [Int] = []
        for name in names { chosen.append(try network.industry(named: name)) }
        return chosen
    }
}
