import PriceProp

/// The tick rule written as plainly as possible, on arrays, one firm and one good at a time: the reference the
/// engine must match bit for bit, whatever its layout and thread count.
///
/// Production functions are evaluated through the tape's array API, so the reference and the engine use the
/// same arithmetic for each firm; everything around it (decisions, orders, rationing, sums, prices) is
/// recomputed here in the documented order.
package struct ReferenceEngine {
    package let economy: Economy
    package let rule: ProfitSeekingFirm
    /// The `tatonnement` market (firms revising from their orders) when set; otherwise the default
    /// `clearing` market, written out below.
    package var mechanism: Tatonnement?
    /// The default market's memory: per slot, the tick before's received bundle and marginal products, the
    /// most ever received and the curvature estimate; per good, last `ln D` and the largest price.
    package var previousReceived: [Double]
    package var previousMarginal: [Double]
    package var largestReceived: [Double]
    package var curvature: [Double]
    package var stepScale: [Double]
    package var lastLogDemand: [Double]
    package var largestPrice: [Double]
    package var fullStep: [Double]
    package var prices: [Double]
    package var demand: [Double]
    package var supply: [Double]
    package var fill: [Double]
    package var plan: [Double]
    package var received: [Double]
    package var marginal: [Double]
    package var output: [Double]
    package var planChange = Double.infinity
    package var priceChange = Double.infinity

    package init(economy: Economy, rule: ProfitSeekingFirm = ProfitSeekingFirm(), mechanism: Tatonnement? = nil) {
        self.economy = economy
        self.rule = rule
        self.mechanism = mechanism
        let goods = economy.goodCount, slots = economy.inputSlotCount
        prices = economy.goods.map(\.initialPrice)
        previousReceived = Array(repeating: 0, count: slots)
        previousMarginal = Array(repeating: 0, count: slots)
        largestReceived = Array(repeating: 0, count: slots)
        curvature = Array(repeating: ProfitSeekingFirm.initialCurvature, count: slots)
        stepScale = Array(repeating: 1, count: slots)
        lastLogDemand = Array(repeating: .nan, count: goods)
        largestPrice = prices
        fullStep = Array(repeating: 0, count: goods)
        demand = Array(repeating: 0, count: goods)
        supply = Array(repeating: 0, count: goods)
        fill = Array(repeating: 1, count: goods)
        plan = Array(repeating: 0, count: slots)
        received = Array(repeating: 0, count: slots)
        marginal = Array(repeating: 0, count: slots)
        output = Array(repeating: 0, count: economy.firmCount)
        // Tick 0: each good's supply shared equally among its users, level by level, then a normal clearing.
        for level in 0..<economy.levelCount {
            for f in economy.firms(atLevel: level) {
                for k in economy.inputs(of: f) { plan[k] = received[k] }
                produce(f)
            }
            for g32 in economy.goods(atLevel: level) {
                let g = Int(g32)
                demand[g] = 0
                clear(g)
                let users = economy.users(of: g)
                let share = supply[g] > 0 && !users.isEmpty ? supply[g] / Double(users.count) : 1
                for k in users { received[Int(k)] = share }
            }
        }
        order()
        clearAndProduce()
    }

    package mutating func produce(_ f: Int) {
        let range = economy.inputs(of: f)
        for k in range { received[k] = plan[k] * fill[Int(economy.inputGood[k])] }
        let tape = economy.tapes[Int(economy.firmTape[f])]
        let (value, gradient) = tape.valueAndGradient(
            at: Array(received[range]), parameters: Array(economy.parameterValues[economy.parameterRange(of: f)]))
        output[f] = value
        for (k, d) in zip(range, gradient) { marginal[k] = d }
    }

    package mutating func clear(_ g: Int) {
        switch economy.goods[g].role {
        case let .primary(endowment):
            supply[g] = endowment
            fill[g] = Rationing.fillRatio(demand: demand[g], supply: endowment)
        case .intermediate, .fixedPrice:
            var total = 0.0
            for f in economy.producers(of: g) { total += output[Int(f)] }
            supply[g] = total
            fill[g] = economy.goods[g].fixedPrice == nil ? Rationing.fillRatio(demand: demand[g], supply: total) : 1
        }
    }

    package mutating func order() {
        for g in 0..<economy.goodCount {
            var total = 0.0
            for k in economy.users(of: g) { total += plan[Int(k)] }
            demand[g] = total
        }
    }

    package mutating func clearAndProduce() {
        for level in 0..<economy.levelCount {
            for f in economy.firms(atLevel: level) { produce(f) }
            for g in economy.goods(atLevel: level) { clear(Int(g)) }
        }
    }

    package mutating func step() {
        guard let mechanism else { return stepClearing() }
        // Decide from last tick's prices and marginal products.
        var largest = 0.0
        for f in 0..<economy.firmCount {
            for k in economy.inputs(of: f) {
                let value = prices[Int(economy.firmOutput[f])] * marginal[k]
                let price = prices[Int(economy.inputGood[k])]
                let scale = abs(value) + price
                let gap = scale > 0 ? min(1, max(-1, (value - price) / scale)) : 0
                let change = rule.step * gap
                plan[k] *= 1 + change
                largest = max(largest, abs(change))
            }
        }
        planChange = largest
        order()
        clearAndProduce()
        var change = 0.0
        for g in 0..<economy.goodCount where economy.goods[g].fixedPrice == nil {
            let z = mechanism.step * relativeExcessDemand(demand: demand[g], supply: supply[g])
            prices[g] *= 1 + z
            change = max(change, abs(z))
        }
        priceChange = change
    }

    /// A tick of the default market: firms revise from what they received, prices by `ClearingTatonnement`.
    package mutating func stepClearing() {
        var largest = 0.0
        let proximal = 1 / rule.step
        for f in 0..<economy.firmCount {
            for k in economy.inputs(of: f) {
                let x = received[k], m = marginal[k]
                largestReceived[k] = max(largestReceived[k], x)
                if x > 0, previousReceived[k] > 0, m > 0, previousMarginal[k] > 0 {
                    let logStep = ElementaryFunctions.log(x / previousReceived[k])
                    if abs(logStep) > 1e-3 {
                        let estimate = -ElementaryFunctions.log(m / previousMarginal[k]) / logStep
                        curvature[k] = min(ProfitSeekingFirm.largestCurvature, max(0, estimate))
                    }
                }
                let value = prices[Int(economy.firmOutput[f])] * m, price = prices[Int(economy.inputGood[k])]
                let total = abs(value) + price
                let gap = value.isNaN ? -2 : value == .infinity ? 2 : (total > 0 ? 2 * (value - price) / total : 0)
                let memory = stepScale[k]
                let same = (gap > 0 && memory > 0) || (gap < 0 && memory < 0)
                let boost = gap == 0 ? abs(memory)
                    : same ? min(ProfitSeekingFirm.largestBoost, abs(memory) * ProfitSeekingFirm.boostGrowth) : max(1, abs(memory) * 0.5)
                stepScale[k] = gap < 0 ? -boost : boost
                let logChange = min(1, max(-1, gap / (curvature[k] + proximal / boost)))
                let floor = ProfitSeekingFirm.negligibleShare * largestReceived[k]
                var order = x * ElementaryFunctions.exp(logChange)
                var size = abs(logChange)
                if logChange < 0, order < floor {
                    order = curvature[k] < ProfitSeekingFirm.corneringCurvature ? 0 : floor
                    size = x > 0 && order == 0 ? 1 : (x > 0 ? abs(ElementaryFunctions.log(order / x)) : 0)
                } else if logChange > 0, x < floor {
                    order = floor * ElementaryFunctions.exp(logChange)
                    size = 1
                }
                plan[k] = order
                largest = max(largest, size)
            }
        }
        planChange = largest
        previousReceived = received
        previousMarginal = marginal
        order()
        clearAndProduce()
        var change = 0.0
        for g in 0..<economy.goodCount where economy.goods[g].fixedPrice == nil {
            let d = demand[g], s = supply[g], p = prices[g]
            largestPrice[g] = max(largestPrice[g], p)
            let floor = ClearingTatonnement.negligibleShare * largestPrice[g]
            var next = p
            if p == 0 {
                lastLogDemand[g] = .nan
                if d > s { next = floor * ElementaryFunctions.exp(1) }
            } else if d > 0, s > 0 {
                let logDemand = ElementaryFunctions.log(d)
                let trend = lastLogDemand[g].isNaN ? 0 : logDemand - lastLogDemand[g]
                lastLogDemand[g] = logDemand
                let raw = ClearingTatonnement.defaultGain * (logDemand - ElementaryFunctions.log(s) + trend)
                next = p * ElementaryFunctions.exp(abs(raw) < 1 ? raw : full(g, up: raw > 0))
            } else {
                lastLogDemand[g] = .nan
                if d != s { next = p * ElementaryFunctions.exp(full(g, up: d > s)) }
            }
            if next < floor, d == 0, s > 0 { next = 0 }
            prices[g] = next
            change = max(change, p > 0 ? abs(next - p) / p : (next > 0 ? 1 : 0))
        }
        priceChange = change
    }

    /// A full-size log price step: 1, halved on each change of direction, doubled back up to 1 while it holds.
    package mutating func full(_ g: Int, up: Bool) -> Double {
        let last = fullStep[g]
        let size = last == 0 ? 1 : (last > 0) == up ? min(1, 2 * abs(last)) : 0.5 * abs(last)
        fullStep[g] = up ? size : -size
        return fullStep[g]
    }
}
