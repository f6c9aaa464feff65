import PricePropBasics
import PricePropEconomy
import PricePropExpression
import PricePropScenario
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
    /// For a cyclic network whose adjoint system is singular or has a negative solution at the allocation,
    /// the cycle that cannot sustain itself there; nil otherwise.
    public var unsustainableCycle: CycleGain? = nil
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
        let pass = ReversePass(economy: economy, allocation: allocation, threads: max(1, threads))
        defer { pass.deallocate() }
        ChunkedWork.run(count: economy.firmCount, grain: firmGrain, threads: pass.workers) { _, firms, worker in
            pass.marginalProducts(firms: firms, worker: worker)
        }
        var cycle: CycleGain?
        if economy.isCyclic {
            cycle = pass.solveCycles(economy: economy)
        } else {
            pass.reverseByLevel(levelCount: economy.levelCount, firmGrain: firmGrain, goodGrain: goodGrain)
        }
        var value = 0.0
        for level in stride(from: economy.levelCount - 1, through: 0, by: -1) {
            for g32 in economy.goods(atLevel: level) where pass.isFixed[Int(g32)] { value += pass.contribution[Int(g32)] }
        }
        self.goods = Array(UnsafeBufferPointer(start: pass.adjoint, count: economy.goodCount))
        self.uses = Array(UnsafeBufferPointer(start: pass.uses, count: economy.inputSlotCount))
        self.marginalProducts = Array(UnsafeBufferPointer(start: pass.marginal, count: economy.inputSlotCount))
        self.value = value
        self.unsustainableCycle = cycle
    }
}

/// The reverse pass's inputs and workspace as plain pointers beside the economy's ``NetworkView``, so that
/// worker threads share them. Each buffer is written by one thread per item (a slot, a firm or a good).
///
/// `@unchecked Sendable`: the pointers are owned by the pass and freed by ``deallocate()`` after the last
/// parallel phase; no two threads write the same element.
struct ReversePass: @unchecked Sendable {
    let net: NetworkView
    let workers: Int, scratchSlots: Int
    /// Inputs, copied: parameter values, received bundles, supplies, and the fixed prices.
    let parameters: UnsafeMutablePointer<Double>, received: UnsafeMutablePointer<Double>
    let supply: UnsafeMutablePointer<Double>, fixedPrice: UnsafeMutablePointer<Double>
    let isFixed: UnsafeMutablePointer<Bool>
    /// Per slot: `∂f/∂x_k`, `u_k` and `x_k / S_g · u_k`; per good: its adjoint and, when fixed-price,
    /// `price · (produced − used)`.
    let marginal: UnsafeMutablePointer<Double>, uses: UnsafeMutablePointer<Double>, terms: UnsafeMutablePointer<Double>
    let adjoint: UnsafeMutablePointer<Double>, contribution: UnsafeMutablePointer<Double>
    /// Values and adjoints of a tape, per worker.
    let scratch: UnsafeMutablePointer<Double>

    init(economy: Economy, allocation: Allocation, threads: Int) {
        net = economy.network.view
        workers = threads
        scratchSlots = max(1, economy.maxTapeSlots)
        let slots = economy.inputSlotCount, goods = economy.goodCount
        parameters = Self.copy(economy.parameterValues)
        received = Self.copy(allocation.received)
        supply = Self.copy(allocation.supply)
        fixedPrice = Self.copy(economy.goods.map { $0.fixedPrice ?? .nan })
        isFixed = Self.copy(economy.goods.map { $0.fixedPrice != nil })
        marginal = Self.zeros(slots)
        uses = Self.zeros(slots)
        terms = Self.zeros(slots)
        adjoint = Self.zeros(goods)
        contribution = Self.zeros(goods)
        scratch = Self.zeros(2 * scratchSlots * threads)
    }

    private static func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        p.initialize(from: array, count: array.count)
        return p
    }

    private static func zeros(_ count: Int) -> UnsafeMutablePointer<Double> {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
        p.initialize(repeating: 0, count: max(1, count))
        return p
    }

    func deallocate() {
        for p in [parameters, received, supply, fixedPrice, marginal, uses, terms, adjoint, contribution, scratch] {
            p.deallocate()
        }
        isFixed.deallocate()
    }

    /// The acyclic pass: level by level from the most downstream, the level's goods' adjoints from their
    /// uses' terms, then the terms of the level's firms' input slots.
    func reverseByLevel(levelCount: Int, firmGrain: Int, goodGrain: Int) {
        for level in stride(from: levelCount - 1, through: 0, by: -1) {
            let goods = net.goodPositions(atLevel: level)
            ChunkedWork.run(count: goods.count, grain: goodGrain, threads: workers) { _, positions, _ in
                goodAdjoints(positions: (goods.lowerBound + positions.lowerBound)..<(goods.lowerBound + positions.upperBound))
            }
            let firms = net.firms(atLevel: level)
            ChunkedWork.run(count: firms.count, grain: firmGrain, threads: workers) { _, chunk, _ in
                slotTerms(firms: (firms.lowerBound + chunk.lowerBound)..<(firms.lowerBound + chunk.upperBound))
            }
        }
    }

    /// Marginal products of `firms` at their received bundles.
    func marginalProducts(firms: Range<Int>, worker: Int) {
        let values = scratch + 2 * scratchSlots * worker, adjoints = values + scratchSlots
        for f in firms {
            let lo = Int(net.inputStart[f]), hi = Int(net.inputStart[f + 1])
            guard hi > lo else { continue }
            _ = net.kernels[Int(net.firmTape[f])].valueAndGradient(
                inputs: received + lo, parameters: parameters + Int(net.parameterStart[f]),
                gradient: marginal + lo, values: values, adjoints: adjoints)
        }
    }

    /// The adjoints of the goods at `positions` of ``NetworkView/levelGoods``, from their uses' terms.
    func goodAdjoints(positions: Range<Int>) {
        for position in positions {
            let g = Int(net.levelGoods[position])
            let lo = Int(net.userStart[g]), hi = Int(net.userStart[g + 1])
            if isFixed[g] {
                let price = fixedPrice[g]
                adjoint[g] = price
                var used = 0.0
                for u in lo..<hi { used += received[Int(net.users[u])] }
                contribution[g] = price * (supply[g] - used)
                continue
            }
            var total = 0.0
            if supply[g] > 0 {
                for u in lo..<hi { total += terms[Int(net.users[u])] }
            } else if hi > lo {
                for u in lo..<hi { total += uses[Int(net.users[u])] }
                total /= Double(hi - lo)
            }
            adjoint[g] = total
        }
    }

    /// `u_k` and `x_k / S_g · u_k` for the input slots of `firms`, whose output goods' adjoints are known.
    func slotTerms(firms: Range<Int>) {
        for f in firms {
            let outputAdjoint = adjoint[Int(net.firmOutput[f])]
            for k in Int(net.inputStart[f])..<Int(net.inputStart[f + 1]) {
                let u = outputAdjoint * marginal[k]
                uses[k] = u
                terms[k] = received[k] / supply[Int(net.inputGood[k])] * u
            }
        }
    }
}
