import PricePropEconomy
import PricePropExpression
import PricePropMarket

/// The tick engine: firms decide, markets clear, firms produce, prices move.
///
/// A tick is a fixed sequence of named phases (see ``step()``). The engine knows nothing of gradients; the
/// comparator reads its state from outside. `Simulation` is a value: copying one forks the economy's state.
public struct Simulation: Sendable {
    /// The network being simulated, with current endowments, fixed prices and parameters.
    public internal(set) var economy: Economy
    /// Ticks completed; tick 0 is the initial allocation.
    public internal(set) var tick: Int = 0
    /// How firms revise their demand; its ``ProfitSeekingFirm/revision`` is the mechanism's
    /// ``ClearingMechanism/firmRevision``, since a price rule is designed for one kind of firm.
    public var firmRule: ProfitSeekingFirm
    /// How prices move.
    public var mechanism: any ClearingMechanism
    /// How far the last tick moved things, for convergence checks.
    public internal(set) var lastMove = Movement()

    /// Threads a tick runs on (at least 1). Results are the same bits for every thread count; more threads
    /// only pay on networks of thousands of firms. Copies of a simulation start their own threads.
    public var threads: Int {
        get { workers.threadCount }
        set {
            let count = max(1, newValue)
            if count != workers.threadCount { workers = Simulation.makeWorkers(threads: count, economy: economy) }
        }
    }

    var storage: SimulationStorage
    /// The economy's network as plain pointers, for the tick loop.
    let network: Economy.Network
    var workers: TickWorkers
    /// Chunk sizes of parallel phases; results do not depend on them (tests shrink them to get many chunks).
    var grains = Grains.default
    /// Goods the market prices, ascending.
    let pricedGoods: [Int32]
    /// Per good, whether the market prices it: what ``MarketBook/Prices`` lets a mechanism set.
    let isPriced: [Bool]

    /// How much the last tick changed the market, in relative terms.
    public struct Movement: Sendable, Equatable {
        /// Largest `|D − S| / max(D, S)` over market-priced goods, a free good (price 0, `D ≤ S`) counting 0.
        public var excessDemand = Double.infinity
        /// Largest relative price change.
        public var priceChange = Double.infinity
        /// Largest relative change of any firm's demand for an input.
        public var planChange = Double.infinity

        /// The largest of the three.
        public var largest: Double { max(excessDemand, priceChange, planChange) }
    }

    /// Sets up the initial state (tick 0): prices at their starting values, and a feasible allocation found
    /// by a forward pass that shares each good's supply equally among the firms using it.
    /// - Throws: ``SimulationFault`` if a production function is undefined at that allocation.
    public init(economy: Economy, firmRule: ProfitSeekingFirm = ProfitSeekingFirm(),
                mechanism: any ClearingMechanism = ClearingTatonnement()) throws(SimulationFault) {
        self.economy = economy
        var firmRule = firmRule
        firmRule.revision = mechanism.firmRevision
        self.firmRule = firmRule
        self.mechanism = mechanism
        storage = SimulationStorage(goods: economy.goodCount, slots: economy.inputSlotCount, firms: economy.firmCount)
        pricedGoods = economy.goods.indices.filter { economy.goods[$0].fixedPrice == nil }.map { Int32($0) }
        isPriced = economy.goods.map { $0.fixedPrice == nil }
        network = economy.network
        workers = Simulation.makeWorkers(threads: 1, economy: economy)
        for g in 0..<economy.goodCount { storage.current.prices[g] = economy.goods[g].initialPrice }
        try initialAllocation()
    }

    // MARK: - Reading the state

    /// Current price of good `g`.
    public func price(_ g: Int) -> Double { storage.current.prices[g] }
    /// Quantity of good `g` available in the last tick.
    public func supply(_ g: Int) -> Double { storage.current.supply[g] }
    /// Quantity of good `g` demanded in the last tick.
    public func demand(_ g: Int) -> Double { storage.current.demand[g] }
    /// What firm `f` made in the last tick.
    public func output(ofFirm f: Int) -> Double { storage.current.output[f] }
    /// What input slot `s` received in the last tick.
    public func received(slot s: Int) -> Double { storage.current.received(s, inputGood: network.view.inputGood[s]) }
    /// What input slot `s` plans to buy next.
    public func plan(slot s: Int) -> Double { storage.current.plan[s] }
    /// All prices, by good.
    public var prices: [Double] { Array(UnsafeBufferPointer(start: storage.current.prices, count: storage.goodCount)) }

    /// The allocation of the last tick, for the comparator: what each input slot received and what each firm made.
    public var allocation: Allocation {
        let frame = storage.current, inputGood = network.view.inputGood
        return Allocation(received: (0..<storage.slotCount).map { frame.received($0, inputGood: inputGood[$0]) },
                          output: Array(UnsafeBufferPointer(start: frame.output, count: storage.firmCount)),
                          supply: Array(UnsafeBufferPointer(start: frame.supply, count: storage.goodCount)))
    }

    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        if !isKnownUniquelyReferenced(&workers) {
            workers = Simulation.makeWorkers(threads: workers.threadCount, economy: economy)
        }
    }

    static func makeWorkers(threads: Int, economy: Economy) -> TickWorkers {
        TickWorkers(threads: threads, maxTapeSlots: economy.maxTapeSlots, maxInputs: economy.maxInputs)
    }
}

/// Quantities traded in one tick.
public struct Allocation: Sendable, Equatable {
    /// Per input slot: the quantity the firm received.
    public var received: [Double]
    /// Per firm: the quantity it made.
    public var output: [Double]
    /// Per good: the quantity available.
    public var supply: [Double]

    package init(received: [Double], output: [Double], supply: [Double]) {
        self.received = received
        self.output = output
        self.supply = supply
    }
}

/// A run that left the real numbers: a production function undefined at the allocation reached.
public struct SimulationFault: Error, Sendable, Equatable {
    public var tick: Int
    /// The firm whose production failed, by readable name; `nil` when a price failed.
    public var firm: String?
    /// Its production expression.
    public var production: String?
    /// The failing operation, if it could be located.
    public var fault: DomainFault?
    /// A quantity or price that became non-finite, when no single operation is to blame.
    public var detail: String?

    package init(tick: Int, firm: String?, production: String?, fault: DomainFault?, detail: String?) {
        self.tick = tick
        self.firm = firm
        self.production = production
        self.fault = fault
        self.detail = detail
    }

    public var message: String {
        let what = fault.map { $0.message } ?? detail ?? "a value is not finite"
        guard let firm, let production else { return "tick \(tick): \(what)" }
        return "tick \(tick): firm \(firm), production '\(production)': \(what)"
    }
}
