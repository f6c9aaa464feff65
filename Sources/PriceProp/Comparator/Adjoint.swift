/// The backprop derivatives of the economy's net value at an allocation: the gradient the market's prices
/// are judged against.
///
/// Read the allocation as a program. Each good's supply `S_g` is split among the input slots that use it in
/// fixed shares `s_k = x_k / S_g`; each firm computes `y = f(x)`; a produced good's supply is the sum of its
/// producers' outputs; and the program returns the net value traded at fixed prices,
///
///     V = Σ_{g fixed-price} p_g · (produced_g − used_g).
///
/// The reverse pass seeds every fixed-price good with its price and walks the goods from the most downstream
/// level back, each good's adjoint combining its uses:
///
///     ∂V/∂y_f = ∂V/∂S_{out(f)}             (a firm's output adds to its good's supply)
///     u_k     = ∂V/∂y_f · ∂f/∂x_k           (marginal value of input slot k of firm f)
///     ∂V/∂S_g = Σ_{k uses g} (x_k / S_g) · u_k
///
/// For a primary good this is `dV/d(endowment)`. At a competitive equilibrium each `u_k` equals the price of
/// good `g`, so each good's adjoint does too.
public struct Adjoint: Sendable, Equatable {
    /// `∂V/∂S_g` for every good (fixed-price goods: their price).
    public var goods: [Double]
    /// `u_k`, the marginal value of each input slot.
    public var uses: [Double]
    /// `V`, the net value traded at fixed prices.
    public var value: Double
}

extension Adjoint {
    /// Runs the reverse pass through `economy` at `allocation`, with fixed-price goods at `prices`.
    ///
    /// Marginal products are recomputed from the production functions at the received bundles, independent of
    /// anything the firms stored. Where a good's supply is not positive, its uses are weighted equally.
    /// - Complexity: O(firms · tape length + input slots).
    public init(economy: Economy, allocation: Allocation, prices: [Double]) {
        let slotCount = economy.inputSlotCount
        var marginal = [Double](repeating: 0, count: slotCount)
        let workspace = Tape.Workspace(capacity: economy.maxTapeSlots)
        allocation.received.withUnsafeBufferPointer { received in
            economy.parameterValues.withUnsafeBufferPointer { parameters in
                marginal.withUnsafeMutableBufferPointer { marginal in
                    for f in 0..<economy.firmCount {
                        let range = economy.inputs(of: f)
                        guard !range.isEmpty else { continue }
                        let tape = economy.tapes[Int(economy.firmTape[f])]
                        _ = tape.valueAndGradient(
                            inputs: (received.baseAddress ?? .dummy) + range.lowerBound,
                            parameters: (parameters.baseAddress ?? .dummy) + economy.parameterRange(of: f).lowerBound,
                            gradient: (marginal.baseAddress ?? .dummyMutable) + range.lowerBound,
                            workspace: workspace)
                    }
                }
            }
        }

        var adjoint = [Double](repeating: 0, count: economy.goodCount)
        var uses = [Double](repeating: 0, count: slotCount)
        var value = 0.0
        for level in stride(from: economy.levelCount - 1, through: 0, by: -1) {
            for g32 in economy.goods(atLevel: level) {
                let g = Int(g32)
                let users = economy.users(of: g)
                for k32 in users {
                    let k = Int(k32)
                    let firm = Int(economy.inputFirm[k])
                    uses[k] = adjoint[Int(economy.firmOutput[firm])] * marginal[k]
                }
                if let price = economy.goods[g].fixedPrice {
                    adjoint[g] = price
                    var used = 0.0
                    for k in users { used += allocation.received[Int(k)] }
                    value += price * (allocation.supply[g] - used)
                    continue
                }
                let supply = allocation.supply[g]
                var total = 0.0
                if supply > 0 {
                    for k in users { total += allocation.received[Int(k)] / supply * uses[Int(k)] }
                } else if !users.isEmpty {
                    for k in users { total += uses[Int(k)] }
                    total /= Double(users.count)
                }
                adjoint[g] = total
            }
        }
        self.goods = adjoint
        self.uses = uses
        self.value = value
    }
}
