import Foundation
import PricePropBasics
import PricePropEconomy
import PricePropExpression
import PricePropMarket

extension Simulation {
    /// Advances one tick through four phases, always in this order:
    ///
    /// 1. **decide**: every firm revises its input demand from the prices of its own output and inputs;
    /// 2. **order**: each good's demand is the sum of its buyers' plans;
    /// 3. **clear and produce**, level by level downstream: firms receive their orders (rationed
    ///    proportionally where demand exceeds supply) and produce; what they make is the supply of the next level,
    ///    except for a carried good (one closing a cycle of the network), whose supply is what was made of it
    ///    in the tick before;
    /// 4. **price**: the clearing mechanism moves each market price from its excess demand.
    ///
    /// The tick writes a fresh frame and swaps it in only when it completes.
    ///
    /// With ``threads`` above 1, the firms of phases 1 and 3 and the goods of phases 2 and 3 are split into
    /// fixed chunks run on several cores. Each firm and each good is computed by one thread from the same
    /// inputs, and each sum runs over one good's buyers or producers in index order, so the results are the
    /// same bits for every thread count.
    /// - Throws: ``SimulationFault`` when a production function is undefined at the bundle a firm received, or
    ///   a price stops being positive and finite; the state is then still that of the last completed tick.
    public mutating func step() throws(SimulationFault) {
        makeUnique()
        let from = storage.current, to = storage.next
        let workers = self.workers
        storage.readGoods(economy.goods)
        let grains = self.grains
        let (planChange, faultyFirm) = economy.parameterValues.withUnsafeBufferPointer { parameters in
            TickContext(network: network.view, parameters: parameters.baseAddress ?? .dummy,
                        goodKind: storage.goodKind, endowment: storage.endowment, rule: firmRule)
                .run(from: from, to: to, workers: workers, grains: grains)
        }
        if let f = faultyFirm { throw fault(firm: f, in: to, tick: tick + 1) }
        to.prices.update(from: from.prices, count: economy.goodCount)
        // At the prices the tick traded at.
        let excess = largestExcessDemand(to)
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

    /// Items per chunk of parallel work: enough that a chunk costs far more than taking it, few enough that
    /// the chunks spread evenly.
    struct Grains {
        var firms: Int
        var goods: Int
        static let `default` = Grains(firms: 1024, goods: 32)
    }

    // MARK: - Phases 3 and 4 helpers

    func largestExcessDemand(_ frame: Frame) -> Double {
        var largest = 0.0
        for g32 in pricedGoods {
            let g = Int(g32)
            let d = frame.demand[g], s = frame.supply[g]
            let scale = max(abs(d), abs(s))
            // Complementary slackness: supply left over is no excess at a price of 0.
            let free = frame.prices[g] == 0 && d <= s
            if scale > 0, !free { largest = max(largest, abs(d - s) / scale) }
        }
        return largest
    }

    /// Phase 4.
    mutating func adjustPrices(_ frame: Frame) -> Double {
        let goodCount = economy.goodCount
        return pricedGoods.withUnsafeBufferPointer { priced in
            isPriced.withUnsafeBufferPointer { isPriced in
                mechanism.adjustPrices(MarketBook(
                    pricedGoods: priced,
                    prices: MarketBook.Prices(UnsafeMutableBufferPointer(start: frame.prices, count: goodCount),
                                              isPriced: isPriced),
                    demand: UnsafeBufferPointer(start: frame.demand, count: goodCount),
                    supply: UnsafeBufferPointer(start: frame.supply, count: goodCount)))
            }
        }
    }

    /// Positive prices outside this range, relative to the fixed prices' unit, mean the market has run away;
    /// a price of exactly 0 is a free good.
    public static let priceRange: ClosedRange<Double> = 1e-100...1e100

    func checkPrices(_ frame: Frame) throws(SimulationFault) {
        for g32 in pricedGoods {
            let p = frame.prices[Int(g32)]
            if p != 0, !(p >= Simulation.priceRange.lowerBound && p <= Simulation.priceRange.upperBound) {
                throw SimulationFault(
                    tick: tick + 1, firm: nil, production: nil, fault: nil,
                    detail: "the price of \(economy.goods[Int(g32)].name) left the range \(Simulation.priceRange.lowerBound)...\(Simulation.priceRange.upperBound) (\(NumberText.words(p))); the market diverged")
            }
        }
    }

    // MARK: - Start

    /// Tick 0: each good's supply shared equally among the firms that use it, level by level.
    mutating func initialAllocation() throws(SimulationFault) {
        let frame = storage.current
        storage.readGoods(economy.goods)
        let view = network.view
        let scratch = workers.scratch[0]
        let faultyFirm: Int? = economy.parameterValues.withUnsafeBufferPointer { parameters in
            let tick = TickContext(network: view, parameters: parameters.baseAddress ?? .dummy,
                                   goodKind: storage.goodKind, endowment: storage.endowment, rule: firmRule)
            for g in 0..<view.goodCount { frame.fill[g] = 1 }
            for k in 0..<storage.slotCount {
                frame.curvature[k] = ProfitSeekingFirm.initialCurvature
                frame.stepScale[k] = 1
            }
            for level in 0..<view.levelCount {
                // With every fill at 1 each firm receives its plan: the shares set below.
                for f in view.firms(atLevel: level) {
                    if let faulty = tick.produce(firms: f..<f + 1, in: frame, scratch: scratch) { return faulty }
                }
                for position in view.goodPositions(atLevel: level) {
                    let g = Int(view.levelGoods[position])
                    frame.demand[g] = 0
                    // Nothing is made yet: a carried good's supply is 0, and each use starts with one unit.
                    tick.clear(goodPositions: position..<position + 1, in: frame, previousOutput: frame.output)
                    let users = Int(view.userStart[g])..<Int(view.userStart[g + 1])
                    let share = frame.supply[g] > 0 && !users.isEmpty ? frame.supply[g] / Double(users.count) : 1
                    for k in users { frame.plan[Int(view.users[k])] = share }
                }
            }
            tick.order(goods: 0..<view.goodCount, in: frame)
            // Carried goods: what the pass above made of them is their supply.
            return tick.clearAndProduce(frame, previous: frame, workers: workers, grains: grains)
        }
        if let f = faultyFirm { throw fault(firm: f, in: frame, tick: 0) }
        lastMove = Movement(excessDemand: largestExcessDemand(frame), priceChange: .infinity, planChange: .infinity)
    }

    // MARK: - Faults

    func fault(firm f: Int, in frame: Frame, tick: Int) -> SimulationFault {
        let range = economy.inputs(of: f)
        let inputs = range.map { frame.received($0, inputGood: network.view.inputGood[$0]) }
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

// MARK: - The phases on flat memory

/// What one tick's phases read: the network, this tick's parameter values and goods' roles, and the firms'
/// rule, as plain values and pointers so that worker threads share them without reference counting.
struct TickContext {
    let network: NetworkView
    let parameters: UnsafePointer<Double>
    /// ``GoodKind`` raw value per good.
    let goodKind: UnsafePointer<UInt8>
    let endowment: UnsafePointer<Double>
    let rule: ProfitSeekingFirm

    /// How a good's supply and fill are found.
    enum GoodKind: UInt8 {
        case primary, intermediate, fixedPrice
    }

    /// Runs phases 1 to 3 of a tick from `from` into `to`.
    /// - Returns: the largest relative change made to any plan, and the first firm, in level and index order,
    ///   whose output or marginal products are not finite (the phase stops at its level, as a sequential
    ///   pass would).
    func run(from: Frame, to: Frame, workers: TickWorkers, grains: Simulation.Grains) -> (planChange: Double, faultyFirm: Int?) {
        let maxima = WorkerMaxima(workers.threadCount)
        defer { maxima.deallocate() }
        if workers.threadCount == 1 {
            // One thread takes the chunks in order, so phase 2's sums can gather as phase 1 goes: each good's
            // buyers' plans added from 0 in slot order, the same additions as `order`, without a second pass
            // over the plans.
            for g in 0..<network.goodCount { to.demand[g] = 0 }
            workers.run(PhaseJob(kind: .decideAndOrder, tick: self, from: from, to: to, base: 0,
                                 count: network.firmCount, grain: grains.firms, maxima: maxima))
        } else {
            workers.run(PhaseJob(kind: .decide, tick: self, from: from, to: to, base: 0, count: network.firmCount,
                                 grain: grains.firms, maxima: maxima))
            workers.run(PhaseJob(kind: .order, tick: self, from: from, to: to, base: 0, count: network.goodCount,
                                 grain: grains.goods))
        }
        return (maxima.value, clearAndProduce(to, previous: from, workers: workers, grains: grains))
    }

    /// Phase 3. Level by level: the level's firms receive and produce, then the level's goods clear; the
    /// carried goods clear at level 0 from the outputs in `previous`.
    /// - Returns: the first firm, in level and index order, whose output or marginal products are not finite.
    func clearAndProduce(_ frame: Frame, previous: Frame, workers: TickWorkers, grains: Simulation.Grains) -> Int? {
        let minima = WorkerMinima(workers.threadCount)
        defer { minima.deallocate() }
        for level in 0..<network.levelCount {
            let firms = network.firms(atLevel: level)
            workers.run(PhaseJob(kind: .produce, tick: self, from: frame, to: frame, base: firms.lowerBound,
                                 count: firms.count, grain: grains.firms, minima: minima))
            // Later levels read this level's output: stop here, as a sequential pass would.
            if let f = minima.value { return f }
            let goods = network.goodPositions(atLevel: level)
            workers.run(PhaseJob(kind: .clear, tick: self, from: previous, to: frame, base: goods.lowerBound,
                                 count: goods.count, grain: grains.goods))
        }
        return nil
    }

    /// Phase 2 for `goods`: each one's demand summed over its buyers in input-slot order.
    @inline(__always)
    func order(goods: Range<Int>, in frame: Frame) {
        let net = network
        for g in goods {
            var total = 0.0
            for k in Int(net.userStart[g])..<Int(net.userStart[g + 1]) { total += frame.plan[Int(net.users[k])] }
            frame.demand[g] = total
        }
    }

    /// Firms `firms` receive their orders, filled at each input's fill ratio, and produce.
    ///
    /// Firms go in batches of up to ``TickWorkers/batchFirms`` whose input slots fit the scratch, each batch in
    /// passes: receive every slot; take the logarithm of every received quantity, two at a time; sum each
    /// product-of-powers firm's exponents times logarithms; take the exponentials, two at a time; compute each
    /// firm's value and the numerators `aᵢ · y` of its marginal products (those four passes in one call,
    /// ``ProductOfPowersBatch``, so that their `log` and `exp` are inlined); where the shortcut does not apply,
    /// its final marginal products by ``finishAlone(firm:kernel:exponential:inputs:in:scratch:)``; divide, two
    /// at a time; check that everything is finite. Within a pass the firms do not wait on each other, so the
    /// processor overlaps them, where one firm at a time would wait on its own chain of logarithms,
    /// exponential and divisions. Each firm's value and gradient are the same bits as
    /// ``TapeKernel/valueAndGradient(inputs:parameters:gradient:values:adjoints:)`` gives it alone, whatever
    /// the batch.
    /// - Returns: the first of them whose output or marginal products are not finite; the batches after its
    ///   own do not run.
    @inline(__always)
    func produce(firms: Range<Int>, in frame: Frame, scratch: TickWorkers.Scratch) -> Int? {
        let net = network
        var first = firms.lowerBound
        while first < firms.upperBound {
            let base = Int(net.inputStart[first])
            var end = first + 1
            while end < firms.upperBound && end - first < TickWorkers.batchFirms
                    && Int(net.inputStart[end + 1]) - base <= scratch.slotCapacity {
                end += 1
            }
            if let f = produceBatch(firms: first..<end, in: frame, scratch: scratch) { return f }
            first = end
        }
        return nil
    }

    /// One batch of ``produce(firms:in:scratch:)``; its input slots fit the scratch.
    @inline(__always)
    func produceBatch(firms: Range<Int>, in frame: Frame, scratch: TickWorkers.Scratch) -> Int? {
        let net = network
        let first = firms.lowerBound
        let base = Int(net.inputStart[first]), end = Int(net.inputStart[firms.upperBound])
        let marginal = frame.marginal
        let received = scratch.received, exponentials = scratch.exponentials
        // Receive (into scratch: `Frame/received(_:inputGood:)` gives the same product later).
        for k in base..<end { received[k &- base] = frame.received(k, inputGood: net.inputGood[k]) }
        // Logarithms, sums, exponentials, values and numerators, in one call for the batch.
        ProductOfPowersBatch(kernels: net.kernels, firmTape: net.firmTape, inputStart: net.inputStart,
                             parameterStart: net.parameterStart, parameters: parameters)
            .produce(firms: firms, received: received, logarithms: scratch.logarithms, exponentials: exponentials,
                     numerators: marginal, output: frame.output)
        // The firms the shortcut does not cover (their output NaN): their final marginal products.
        for f in firms where frame.output[f].isNaN {
            let kernel = net.kernels + Int(net.firmTape[f])
            let lo = Int(net.inputStart[f])
            let inputs = received + (lo &- base)
            frame.output[f] = finishAlone(firm: f, kernel: kernel, exponential: exponentials[f &- first],
                                          inputs: inputs, in: frame, scratch: scratch)
            // Divided by 1 below.
            for i in 0..<(Int(net.inputStart[f &+ 1]) &- lo) { inputs[i] = 1 }
        }
        // Divide numerators by quantities, two at a time; anything not finite turns `check` into NaN.
        var check = SIMD2<Double>(repeating: 0)
        var k = base
        while k &+ 1 < end {
            let quotient = SIMD2(marginal[k], marginal[k &+ 1]) / SIMD2(received[k &- base], received[k &- base &+ 1])
            marginal[k] = quotient.x
            marginal[k &+ 1] = quotient.y
            check += quotient * 0
            k &+= 2
        }
        if k < end {
            marginal[k] = marginal[k] / received[k &- base]
            check.x += marginal[k] * 0
        }
        for f in firms { check.y += frame.output[f] * 0 }
        guard check.x == 0 && check.y == 0 else { return firstFaulty(firms: firms, in: frame, allowingCorners: true) }
        return nil
    }

    /// The value and marginal products of a firm the batch's shortcut does not cover: a product of powers with
    /// a repeated input, one the shortcut declines, or any other tape.
    @inline(never)
    func finishAlone(firm f: Int, kernel: UnsafePointer<TapeKernel>, exponential: Double, inputs: UnsafePointer<Double>,
                     in frame: Frame, scratch: TickWorkers.Scratch) -> Double {
        let net = network
        let firmParameters = parameters + Int(net.parameterStart[f])
        let gradient = frame.marginal + Int(net.inputStart[f])
        if kernel.pointee.factorCount >= 0, let y = kernel.pointee.finishProductOfPowers(
            exponential: exponential, inputs: inputs, parameters: firmParameters, gradient: gradient) {
            return y
        }
        return kernel.pointee.sweptValueAndGradient(inputs: inputs, parameters: firmParameters, gradient: gradient,
                                                    values: scratch.values, adjoints: scratch.adjoints)
    }

    /// The first of `firms` whose output or a marginal product is not finite.
    ///
    /// With `allowingCorners`, an input received in quantity 0 may have a marginal product that is not finite
    /// (a power's at 0, or the 0/0 of its shortcut): it is set to +∞, which tells the firm to take the
    /// input up again, and is no fault.
    func firstFaulty(firms: Range<Int>, in frame: Frame, allowingCorners: Bool = false) -> Int? {
        let net = network
        for f in firms {
            var finite = frame.output[f].isFinite
            for k in Int(net.inputStart[f])..<Int(net.inputStart[f + 1]) where !frame.marginal[k].isFinite {
                if allowingCorners, frame.received(k, inputGood: net.inputGood[k]) == 0 {
                    frame.marginal[k] = .infinity
                } else {
                    finite = false
                }
            }
            if !finite { return f }
        }
        return nil
    }

    /// The goods at `goodPositions` of ``NetworkView/levelGoods``: this tick's supply and the fraction
    /// of each order it fills. A carried good's supply is its producers' `previousOutput`.
    @inline(__always)
    func clear(goodPositions: Range<Int>, in frame: Frame, previousOutput: UnsafePointer<Double>) {
        let net = network
        for position in goodPositions {
            let g = Int(net.levelGoods[position])
            let kind = GoodKind(rawValue: goodKind[g]) ?? .intermediate
            if kind == .primary {
                frame.supply[g] = endowment[g]
                frame.fill[g] = Rationing.fillRatio(demand: frame.demand[g], supply: endowment[g])
                continue
            }
            var total = 0.0
            let output = net.carried[g] ? previousOutput : UnsafePointer(frame.output)
            for k in Int(net.producerStart[g])..<Int(net.producerStart[g + 1]) { total += output[Int(net.producers[k])] }
            frame.supply[g] = total
            // Fixed-price goods trade with the outside world: every order is filled and all output sold.
            frame.fill[g] = kind == .fixedPrice ? 1 : Rationing.fillRatio(demand: frame.demand[g], supply: total)
        }
    }
}

