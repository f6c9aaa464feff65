/// A scenario file's content: the goods, the firms and how to run the market.
///
/// This is the file model only; ``Scenario/validate(threads:)`` checks it and ``Economy`` turns a valid one into a
/// network. The JSON shape is documented in `docs/scenarios.md`.
public struct Scenario: Sendable, Equatable {
    /// The newest file format version this build reads. A missing `"version"` means 1.
    public static let supportedVersion = 1

    public var version: Int = 1
    public var name: String
    public var description: String = ""
    /// Scenario-wide named constants usable in production expressions.
    public var parameters: [Parameter] = []
    /// Goods in file order; that order is the order of output columns.
    public var goods: [Good]
    public var firms: [Firm]
    /// Price-taking consumers, each maximising its utility less its spending (see `docs/theory.md`).
    /// ``expandingHouseholds()`` turns them into firms making the ``welfareGoodName`` numeraire.
    public var households: [Household] = []
    /// Where the households' firm entries start in ``firms`` once expanded; `nil` before.
    public var householdFirmStart: Int?
    public var market: MarketSettings = MarketSettings()
    public var simulation: SimulationSettings = SimulationSettings()
    /// Shocks applied at given ticks.
    public var events: [Event] = []
    /// Where the scenario was read from (a path, or a bundled name), for messages; `nil` when built in code.
    public var file: String?
    /// Line and column of values in the file, by JSON path, so later stages can point at the source.
    public var sourceMap: SourceMap = SourceMap()
    /// Warnings found when the scenario was loaded; errors are thrown instead. Empty when built in code.
    public var warnings: [ScenarioDiagnostic] = []

    public init(name: String, description: String = "", parameters: [Parameter] = [], goods: [Good], firms: [Firm]) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.goods = goods
        self.firms = firms
    }
}

extension Scenario {
    /// A named constant.
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var value: Double
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    /// A good. With `endowment` it is primary (fixed supply each tick); with `price` it trades with the outside
    /// world at that price in any amount (the numeraire is such a good); otherwise the market sets its price.
    public struct Good: Sendable, Equatable {
        public var name: String
        public var endowment: Double?
        public var price: Double?
        /// Where the market starts this good's price (default 1); ignored for fixed-price goods.
        public var initialPrice: Double?
        public init(name: String, endowment: Double? = nil, price: Double? = nil, initialPrice: Double? = nil) {
            self.name = name
            self.endowment = endowment
            self.price = price
            self.initialPrice = initialPrice
        }
    }

    /// A firm, or with `count > 1` a sector of identical independent firms.
    public struct Firm: Sendable, Equatable {
        public var name: String
        /// The good it makes.
        public var output: String
        /// Production function text; the good names it mentions are the firm's inputs.
        public var production: String
        public var count: Int
        /// Firm-level constants; they override scenario parameters of the same name.
        public var parameters: [Parameter]
        public init(name: String, output: String, production: String, count: Int = 1, parameters: [Parameter] = []) {
            self.name = name
            self.output = output
            self.production = production
            self.count = count
            self.parameters = parameters
        }
    }

    /// A household: a price taker maximising `utility(c) - sum p_g c_g`, prices counted in welfare.
    public struct Household: Sendable, Equatable {
        public var name: String
        /// Utility text over goods and parameters; strictly concave for a price taker to have one best basket.
        public var utility: String
        /// Household constants; they override scenario parameters of the same name.
        public var parameters: [Parameter]
        public init(name: String, utility: String, parameters: [Parameter] = []) {
            self.name = name
            self.utility = utility
            self.parameters = parameters
        }
    }

    /// How prices are formed: `"market": {"mechanism": "tatonnement", "priceStep": 0.2}`.
    public struct MarketSettings: Sendable, Equatable {
        /// Name of the clearing mechanism; `nil` means the default.
        public var mechanism: String?
        /// Scale of each tick's relative price move per unit of relative excess demand.
        public var priceStep: Double?
        /// Scale of each tick's relative change in a firm's input demand per unit of relative profit gap.
        public var firmStep: Double?
        public init(mechanism: String? = nil, priceStep: Double? = nil, firmStep: Double? = nil) {
            self.mechanism = mechanism
            self.priceStep = priceStep
            self.firmStep = firmStep
        }
    }

    /// Run defaults a scenario may carry; command-line options override them.
    public struct SimulationSettings: Sendable, Equatable {
        public var maxTicks: Int?
        public var tolerance: Double?
        public init(maxTicks: Int? = nil, tolerance: Double? = nil) {
            self.maxTicks = maxTicks
            self.tolerance = tolerance
        }
    }

    /// A shock: at `tick`, set each path (`goods.natgas.endowment`, `firms.B.parameters.k`,
    /// `goods.tupperware.price`, `parameters.alpha`) to its value.
    public struct Event: Sendable, Equatable {
        public var tick: Int
        public var assignments: [Assignment]
        public init(tick: Int, assignments: [Assignment]) {
            self.tick = tick
            self.assignments = assignments
        }

        public struct Assignment: Sendable, Equatable {
            public var path: String
            public var value: Double
            public init(path: String, value: Double) {
                self.path = path
                self.value = value
            }
        }
    }
}
