extension Simulation {
    /// Advances one tick through four phases, always in this order:
    ///
    /// 1. **decide**: every firm revises its input demand from the prices of its own output and inputs;
    /// 2. **order**: each good's demand is the sum of its buyers' plans;
    /// 3. **clear and produce**, level by level downstream: firms receive their orders (rationed
    ///    proportionally where demand exceeds supply) and produce; what they make is the supply of the next level;
    /// 4. **price**: the clearing mechanism moves each market price from its excess demand.
    ///
    /// The tick writes a fresh frame and swaps it in only when it completes.
    /// - Throws: ``SimulationFault`` when a production function is undefined at the bundle a firm received, or
    ///   a price stops being positive and finite; the state is then still that of the last completed tick.
    public mutating func step() throws(SimulationFault) {
        makeUnique()
        let from = storage.current, to = storage.next
        let planChange = decide(from: from, to: to)
        order(to)
        try clearAndProduce(to, tick: tick + 1)
        let excess = largestExcessDemand(to)
        for g in 0..<economy.goodCount { to.prices[g] = from.prices[g] }
        let priceChange = adjustPrices(to)
        try checkPrices(to)
        storage.commit()
        tick += 1
        lastMove = Movement(excessDemand: excess, priceChange: priceChange, planChange: planChange)
    }

    /// Runs `count` ticks.
    public mutating func step(times count: Int) throws(SimulationFault) {
        for _ in 0..<count { try step() }
    }

    // MARK: - Phases

    /// Phase 1. Each firm sees a ``PriceSignal`` built from its own goods only.
    func decide(from: Frame, to: Frame) -> Double {
        let economy = self.economy, rule = firmRule, scratch = storage.inputPriceScratch
        var largest = 0.0
        economy.inputStart.withUnsafeBufferPointer { start in
            economy.inputGood.withUnsafeBufferPointer { inputGood in
                economy.firmOutput.withUnsafeBufferPointer { output in
                    for f in 0..<output.count {
                        let lo = Int(start[f]), hi = Int(start[f + 1])
                        for k in lo..<hi {
                            scratch[k - lo] = from.prices[Int(inputGood[k])]
                            to.plan[k] = from.plan[k]
                        }
                        let signal = PriceSignal(
                            outputPrice: from.prices[Int(output[f])],
                            inputPrices: UnsafeBufferPointer(start: scratch, count: hi - lo))
                        let firm = FirmState(
                            plan: UnsafeMutableBufferPointer(start: to.plan + lo, count: hi - lo),
                            marginalProducts: UnsafeBufferPointer(start: from.marginal + lo, count: hi - lo))
                        largest = max(largest, rule.decide(signal, firm))
                    }
                }
            }
        }
        return largest
    }

    /// Phase 2. Demand for each good, summed over its buyers in firm order.
    func order(_ frame: Frame) {
        let economy = self.economy
        economy.userStart.withUnsafeBufferPointer { start in
            economy.users.withUnsafeBufferPointer { users in
                for g in 0..<economy.goodCount {
                    var total = 0.0
                    for k in Int(start[g])..<Int(start[g + 1]) { total += frame.plan[Int(users[k])] }
                    frame.demand[g] = total
                }
            }
        }
    }

    /// Phase 3. Level by level: the level's firms receive and produce, then the level's goods clear.
    func clearAndProduce(_ frame: Frame, tick: Int) throws(SimulationFault) {
        for level in 0..<economy.levelCount {
            for f in economy.firms(atLevel: level) {
                try produce(firm: f, in: frame, tick: tick)
            }
            for g in economy.goods(atLevel: level) { clear(good: Int(g), in: frame) }
        }
    }

    /// Firm `f` receives its orders, filled at each input's fill ratio, and produces.
    @inline(__always)
    func produce(firm f: Int, in frame: Frame, tick: Int) throws(SimulationFault) {
        let range = economy.inputs(of: f)
        for k in range { frame.received[k] = frame.plan[k] * frame.fill[Int(economy.inputGood[k])] }
        let tape = economy.tapes[Int(economy.firmTape[f])]
        let parameters = economy.parameterRange(of: f)
        let storage = self.storage
        let value = economy.parameterValues.withUnsafeBufferPointer { p in
            tape.valueAndGradient(
                inputs: frame.received + range.lowerBound,
                parameters: (p.baseAddress ?? .dummy) + parameters.lowerBound,
                gradient: frame.marginal + range.lowerBound,
                workspace: storage.workspace)
        }
        frame.output[f] = value
        var finite = value.isFinite
        for k in range { finite = finite && frame.marginal[k].isFinite }
        if !finite { throw fault(firm: f, in: frame, tick: tick) }
    }

    /// Good `g`'s supply for this tick and the fraction of each order it fills.
    @inline(__always)
    func clear(good g: Int, in frame: Frame) {
        switch economy.goods[g].role {
        case let .primary(endowment):
            frame.supply[g] = endowment
            frame.fill[g] = Rationing.fillRatio(demand: frame.demand[g], supply: endowment)
        case .intermediate:
            var total = 0.0
            for f in economy.producers(of: g) { total += frame.output[Int(f)] }
            frame.supply[g] = total
            frame.fill[g] = Rationing.fillRatio(demand: frame.demand[g], supply: total)
        case .fixedPrice:
            // Traded with the outside world: every order is filled and all output sold.
            var total = 0.0
            for f in economy.producers(of: g) { total += frame.output[Int(f)] }
            frame.supply[g] = total
            frame.fill[g] = 1
        }
    }

    func largestExcessDemand(_ frame: Frame) -> Double {
        var largest = 0.0
        for g32 in pricedGoods {
            let g = Int(g32)
            let d = frame.demand[g], s = frame.supply[g]
            let scale = max(abs(d), abs(s))
            if scale > 0 { largest = max(largest, abs(d - s) / scale) }
        }
        return largest
    }

    /// Phase 4.
    mutating func adjustPrices(_ frame: Frame) -> Double {
        let goodCount = economy.goodCount
        return pricedGoods.withUnsafeBufferPointer { priced in
            mechanism.adjustPrices(MarketBook(
                pricedGoods: priced, prices: UnsafeMutableBufferPointer(start: frame.prices, count: goodCount),
                demand: UnsafeBufferPointer(start: frame.demand, count: goodCount),
                supply: UnsafeBufferPointer(start: frame.supply, count: goodCount)))
        }
    }

    /// Prices outside this range, relative to the fixed prices' unit, mean the market has run away.
    public static let priceRange: ClosedRange<Double> = 1e-100...1e100

    func checkPrices(_ frame: Frame) throws(SimulationFault) {
        for g32 in pricedGoods {
            let p = frame.prices[Int(g32)]
            if !(p >= Simulation.priceRange.lowerBound && p <= Simulation.priceRange.upperBound) {
                throw SimulationFault(
                    tick: tick + 1, firm: nil, production: nil, fault: nil,
                    detail: "the price of \(economy.goods[Int(g32)].name) left the range \(Simulation.priceRange.lowerBound)...\(Simulation.priceRange.upperBound) (\(p)); the market diverged")
            }
        }
    }

    // MARK: - Start

    /// Tick 0: each good's supply shared equally among the firms that use it, level by level.
    mutating func initialAllocation() throws(SimulationFault) {
        let frame = storage.current
        for g in 0..<economy.goodCount { frame.fill[g] = 1 }
        for level in 0..<economy.levelCount {
            for f in economy.firms(atLevel: level) {
                for k in economy.inputs(of: f) { frame.plan[k] = frame.received[k] }
                try produce(firm: f, in: frame, tick: 0)
            }
            for g32 in economy.goods(atLevel: level) {
                let g = Int(g32)
                frame.demand[g] = 0
                clear(good: g, in: frame)
                let users = economy.users(of: g)
                let share = frame.supply[g] > 0 && !users.isEmpty ? frame.supply[g] / Double(users.count) : 1
                for k in users { frame.received[Int(k)] = share }
            }
        }
        order(frame)
        try clearAndProduce(frame, tick: 0)
        lastMove = Movement(excessDemand: largestExcessDemand(frame), priceChange: .infinity, planChange: .infinity)
    }

    // MARK: - Faults

    func fault(firm f: Int, in frame: Frame, tick: Int) -> SimulationFault {
        let range = economy.inputs(of: f)
        let inputs = range.map { frame.received[$0] }
        let parameters = Array(economy.parameterValues[economy.parameterRange(of: f)])
        let entry = Int(economy.firmEntry[f])
        var located = economy.tapes[Int(economy.firmTape[f])].firstDomainFault(inputs: inputs, parameters: parameters)
        if let operation = located?.operation { located?.operation = economy.sourceText(operation, entry: entry) }
        let bundle = zip(range, inputs).map { "\(economy.goods[Int(economy.inputGood[$0.0])].name) = \($0.1)" }
        let detail = located == nil
            ? "its output or a marginal product is not finite at \(bundle.joined(separator: ", "))" : nil
        return SimulationFault(tick: tick, firm: economy.firmName(f), production: economy.firmEntryProductions[entry],
                               fault: located, detail: detail)
    }
}
