import PricePropEconomy
import PricePropSimulation

extension Adjoint {
    /// `V` recomputed forward from `allocation` with `delta` added to the supply of good `good`, holding each
    /// input slot's share of its good's supply fixed: the program whose derivative the reverse pass computes.
    ///
    /// With `delta = 0` this is the allocation's own `V`. Central differences of it check ``goods``.
    /// Fixed-price inputs are bought from the outside world, so their quantities stay as received.
    public static func value(economy: Economy, allocation: Allocation, addingToSupplyOf good: Int, delta: Double) -> Double {
        var supply = allocation.supply
        var output = allocation.output
        var received = allocation.received
        var used = [Double](repeating: 0, count: economy.goodCount)
        for level in 0..<economy.levelCount {
            for f in economy.firms(atLevel: level) {
                let range = economy.inputs(of: f)
                let tape = economy.tapes[Int(economy.firmTape[f])]
                let parameters = Array(economy.parameterValues[economy.parameterRange(of: f)])
                output[f] = tape.value(at: Array(received[range]), parameters: parameters)
            }
            for g32 in economy.goods(atLevel: level) {
                let g = Int(g32)
                let old = allocation.supply[g]
                var new: Double
                switch economy.goods[g].role {
                case let .primary(endowment): new = endowment
                case .intermediate, .fixedPrice:
                    new = 0
                    for f in economy.producers(of: g) { new += output[Int(f)] }
                }
                if g == good { new += delta }
                supply[g] = new
                for k32 in economy.users(of: g) {
                    let k = Int(k32)
                    if economy.goods[g].fixedPrice == nil, old > 0 { received[k] = allocation.received[k] / old * new }
                    used[g] += received[k]
                }
            }
        }
        var value = 0.0
        for (g, item) in economy.goods.enumerated() {
            if let price = item.fixedPrice { value += price * (supply[g] - used[g]) }
        }
        return value
    }
}
