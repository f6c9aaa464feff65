import PricePropBasics
import PricePropExpression
import PricePropScenario
import PricePropEconomy
import PricePropSimulation

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
    /// `∂f/∂x_k`, the marginal product of each input slot at its firm's received bundle.
    public var marginalProducts: [Double]
    /// `V`, the net value traded at fixed prices.
    public var value: Double
}

extension Adjoint {
    /// Runs the reverse pass through `economy` at `allocation`. It reads the fixed prices from the economy and
    /// no market price at all: the judge does not see the prices it judges.
    ///
    /// Marginal products are recomputed from the production functions at the received bundles, independent of
    /// anything the firms stored. Where a good's supply is not positive, its uses are weighted equally.
    /// - Complexity: O(firms · tape length + input slots).
    public init(economy: Economy, allocation: Allocation) {
        self.init(economy: economy, allocation: allocation, threads: 1)
    }

    /// Items per chunk of parallel work in the reverse pass.
    static let firmGrain = 2048, goodGrain = 16

    /// The same pass on up to `threads` threads, with the same bits for every thread count.
    ///
    /// Level by level from the most downstream: first the adjoints of the level's goods, each summed over
    /// its uses in slot order; then, walking the level's firms and their input slots in memory order, each
    /// slot's `u_k` and its term `x_k / S_g · u_k` of its good's sum. A firm's level is above every level of
    /// the goods it uses, so each sum reads only terms already written.
    package init(economy: Economy, allocation: Allocation, threads: Int,
         firmGrain: Int = Adjoint.firmGrain, goodGrain: Int = Adjoint.goodGrain) {
        let slotCount = economy.inputSlotCount, goodCount = economy.goodCount
        var marginal = [Double](repeating: 0, count: slotCount)
        var uses = [Double](repeating: 0, count: slotCount)
        var terms = [Double](repeating: 0, count: slotCount)
        var adjoint = [Double](repeating: 0, count: goodCount)
        // Per fixed-price good, `price · (produced − used)`; summed in level order at the end.
        var contribution = [Double](repeating: 0, count: goodCount)
        let kernels = economy.tapes.map(\.code.kernel)
        let workers = max(1, threads)
        let scratchSlots = max(1, economy.maxTapeSlots)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * scratchSlots * workers)
        scratch.initialize(repeating: 0, count: 2 * scratchSlots * workers)
        defer { scratch.deallocate() }
        var fixedPrice = [Double](repeating: .nan, count: goodCount)
        var isFixed = [Bool](repeating: false, count: goodCount)
        for g in 0..<goodCount {
            if let price = economy.goods[g].fixedPrice { fixedPrice[g] = price; isFixed[g] = true }
        }

        withPointers(economy, allocation, kernels, fixedPrice, isFixed) { net in
            marginal.withUnsafeMutableBufferPointer { marginalBuffer in
            uses.withUnsafeMutableBufferPointer { usesBuffer in
            terms.withUnsafeMutableBufferPointer { termsBuffer in
            adjoint.withUnsafeMutableBufferPointer { adjointBuffer in
            contribution.withUnsafeMutableBufferPointer { contributionBuffer in
                let marginal = marginalBuffer.baseAddress ?? .dummyMutable, uses = usesBuffer.baseAddress ?? .dummyMutable
                let terms = termsBuffer.baseAddress ?? .dummyMutable, adjoint = adjointBuffer.baseAddress ?? .dummyMutable
                let contribution = contributionBuffer.baseAddress ?? .dummyMutable
                // Marginal products of every firm at its received bundle.
                ChunkedWork.run(count: economy.firmCount, grain: firmGrain, threads: workers) { _, firms, worker in
                    let values = scratch + 2 * scratchSlots * worker, adjoints = values + scratchSlots
                    for f in firms {
                        let lo = Int(net.inputStart[f]), hi = Int(net.inputStart[f + 1])
                        guard hi > lo else { continue }
                        _ = net.kernels[Int(net.firmTape[f])].valueAndGradient(
                            inputs: net.received + lo, parameters: net.parameters + Int(net.parameterStart[f]),
                            gradient: marginal + lo, values: values, adjoints: adjoints)
                    }
                }
                for level in stride(from: economy.levelCount - 1, through: 0, by: -1) {
                    let goodBase = Int(net.levelGoodStart[level])
                    let goodCount = Int(net.levelGoodStart[level + 1]) - goodBase
                    ChunkedWork.run(count: goodCount, grain: goodGrain, threads: workers) { _, positions, _ in
                        for position in positions {
                            let g = Int(net.levelGoods[goodBase + position])
                            let lo = Int(net.userStart[g]), hi = Int(net.userStart[g + 1])
                            if net.isFixed[g] {
                                let price = net.fixedPrice[g]
                                adjoint[g] = price
                                var used = 0.0
                                for u in lo..<hi { used += net.received[Int(net.users[u])] }
                                contribution[g] = price * (net.supply[g] - used)
                                continue
                            }
                            var total = 0.0
                            if net.supply[g] > 0 {
                                for u in lo..<hi { total += terms[Int(net.users[u])] }
                            } else if hi > lo {
                                for u in lo..<hi { total += uses[Int(net.users[u])] }
                                total /= Double(hi - lo)
                            }
                            adjoint[g] = total
                        }
                    }
                    let firmBase = Int(net.levelFirmStart[level])
                    let firmCount = Int(net.levelFirmStart[level + 1]) - firmBase
                    ChunkedWork.run(count: firmCount, grain: firmGrain, threads: workers) { _, firms, _ in
                        for f in (firmBase + firms.lowerBound)..<(firmBase + firms.upperBound) {
                            let outputAdjoint = adjoint[Int(net.firmOutput[f])]
                            for k in Int(net.inputStart[f])..<Int(net.inputStart[f + 1]) {
                                let u = outputAdjoint * marginal[k]
                                uses[k] = u
                                terms[k] = net.received[k] / net.supply[Int(net.inputGood[k])] * u
                            }
                        }
                    }
                }
            }}}}}
        }
        var value = 0.0
        for level in stride(from: economy.levelCount - 1, through: 0, by: -1) {
            for g32 in economy.goods(atLevel: level) where isFixed[Int(g32)] { value += contribution[Int(g32)] }
        }
        self.goods = adjoint
        self.uses = uses
        self.marginalProducts = marginal
        self.value = value
    }
}

/// The arrays the reverse pass reads, as plain pointers that worker threads share.
private struct AdjointNetwork: @unchecked Sendable {
    let inputStart: UnsafePointer<Int32>, inputGood: UnsafePointer<Int32>, firmOutput: UnsafePointer<Int32>
    let firmTape: UnsafePointer<Int32>, parameterStart: UnsafePointer<Int32>
    let userStart: UnsafePointer<Int32>, users: UnsafePointer<Int32>
    let levelFirmStart: UnsafePointer<Int32>, levelGoodStart: UnsafePointer<Int32>, levelGoods: UnsafePointer<Int32>
    let kernels: UnsafePointer<TapeKernel>, parameters: UnsafePointer<Double>
    let received: UnsafePointer<Double>, supply: UnsafePointer<Double>
    let fixedPrice: UnsafePointer<Double>, isFixed: UnsafePointer<Bool>
}

private func withPointers<R>(_ economy: Economy, _ allocation: Allocation, _ kernels: [TapeKernel],
                             _ fixedPrice: [Double], _ isFixed: [Bool], _ body: (AdjointNetwork) -> R) -> R {
    func p<T>(_ a: [T], _ f: (UnsafePointer<T>) -> R) -> R {
        a.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { return f(base) }
            let dummy = UnsafeMutablePointer<T>.allocate(capacity: 1)
            defer { dummy.deallocate() }
            return f(UnsafePointer(dummy))
        }
    }
    return p(economy.inputStart) { inputStart in p(economy.inputGood) { inputGood in p(economy.firmOutput) { firmOutput in
    p(economy.firmTape) { firmTape in p(economy.parameterStart) { parameterStart in
    p(economy.userStart) { userStart in p(economy.users) { users in
    p(economy.levelFirmStart) { levelFirmStart in p(economy.levelGoodStart) { levelGoodStart in p(economy.levelGoods) { levelGoods in
    p(kernels) { kernels in p(economy.parameterValues) { parameters in
    p(allocation.received) { received in p(allocation.supply) { supply in
    p(fixedPrice) { fixedPrice in p(isFixed) { isFixed in
        body(AdjointNetwork(
            inputStart: inputStart, inputGood: inputGood, firmOutput: firmOutput, firmTape: firmTape,
            parameterStart: parameterStart, userStart: userStart, users: users, levelFirmStart: levelFirmStart,
            levelGoodStart: levelGoodStart, levelGoods: levelGoods, kernels: kernels, parameters: parameters,
            received: received, supply: supply, fixedPrice: fixedPrice, isFixed: isFixed))
    }}}}}}}}}}}}}}}}
}
