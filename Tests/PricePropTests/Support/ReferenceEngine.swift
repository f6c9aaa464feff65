@testable import PriceProp

/// The tick rule written as plainly as possible, on arrays, one firm and one good at a time: the reference the
/// engine must match bit for bit, whatever its layout and thread count.
///
/// Production functions are evaluated through the tape's array API, so the reference and the engine use the
/// same arithmetic for each firm; everything around it (decisions, orders, rationing, sums, prices) is
/// recomputed here in the documented order.
struct ReferenceEngine {
    let economy: Economy
    let rule: ProfitSeekingFirm
    var mechanism: Tatonnement
    var prices: [Double]
    var demand: [Double]
    var supply: [Double]
    var fill: [Double]
    var plan: [Double]
    var received: [Double]
    var marginal: [Double]
    var output: [Double]
    var planChange = Double.infinity
    var priceChange = Double.infinity

    init(economy: Economy, rule: ProfitSeekingFirm = ProfitSeekingFirm(), mechanism: Tatonnement = Tatonnement()) {
        self.economy = economy
        self.rule = rule
        self.mechanism = mechanism
        let goods = economy.goodCount, slots = economy.inputSlotCount
        prices = economy.goods.map(\.initialPrice)
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

    mutating func produce(_ f: Int) {
        let range = economy.inputs(of: f)
        for k in range { received[k] = plan[k] * fill[Int(economy.inputGood[k])] }
        let tape = economy.tapes[Int(economy.firmTape[f])]
        let (value, gradient) = tape.valueAndGradient(
            at: Array(received[range]), parameters: Array(economy.parameterValues[economy.parameterRange(of: f)]))
        output[f] = value
        for (k, d) in zip(range, gradient) { marginal[k] = d }
    }

    mutating func clear(_ g: Int) {
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

    mutating func order() {
        for g in 0..<economy.goodCount {
            var total = 0.0
            for k in economy.users(of: g) { total += plan[Int(k)] }
            demand[g] = total
        }
    }

    mutating func clearAndProduce() {
        for level in 0..<economy.levelCount {
            for f in economy.firms(atLevel: level) { produce(f) }
            for g in economy.goods(atLevel: level) { clear(Int(g)) }
        }
    }

    mutating func step() {
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
}
