import Foundation
import PricePropComparator
import PricePropSimulation

// MARK: - Memory estimate, starting point, and the allocation at the answer

extension Equilibrium {
    /// Bytes the solve needs beyond the economy itself, before any fill-in: the reduced system's nonzeros as
    /// the first Newton step writes them, the firms' blocks, and a few arrays per slot, entry and good for the
    /// point, its trial and their evaluations. Fill-in and entries kept in the reduced system (constant
    /// marginal products) add to it; those are counted as they arrive and checked against the same limit.
    static func estimatedBytes(_ system: EquilibriumSystem) -> Double {
        workingBytes(system) + EntryBlocks.bytes(system) + EquilibriumSystem.reducedOverhead(size: system.pricedGoods.count)
            + Double(system.pendingEntriesWithoutKept) * SparseLU.bytesPerEntry
    }

    /// Bytes of the arrays per slot, entry and good that the iteration keeps throughout.
    static func workingBytes(_ system: EquilibriumSystem) -> Double {
        let perSlot = 12.0, perEntry = 6.0, perGood = 12.0
        return 8 * (perSlot * Double(system.slotCount) + perEntry * Double(system.entryCount)
            + perGood * Double(system.economy.goodCount))
    }

    /// The tick-0 allocation (each good's supply shared equally among its users) with each market price at
    /// `∂V/∂S_g` there, and the scales taken from it: each slot's quantity, each good's price and the larger of
    /// its supply and demand (1 where those are 0).
    static func start(_ system: EquilibriumSystem) throws(EquilibriumError)
        -> (EquilibriumSystem.Point, EquilibriumSystem.Scales) {
        let economy = system.economy
        let simulation: Simulation
        do { simulation = try Simulation(economy: economy) } catch { throw .start(error) }
        let allocation = simulation.allocation
        let adjoint = Adjoint(economy: economy, allocation: allocation, threads: system.threads)
        var quantities = [Double](repeating: 0, count: system.slotCount)
        for e in 0..<system.entryCount {
            for (i, k) in economy.inputs(of: system.firstFirm[e]).enumerated() {
                quantities[system.slotStart[e] + i] = allocation.received[k]
            }
        }
        var prices = system.constantPrice
        for g in system.pricedGoods {
            let derivative = adjoint.goods[g]
            prices[g] = derivative > 0 && derivative.isFinite ? derivative : max(simulation.prices[g], 0)
        }
        var demand = [Double](repeating: 0, count: economy.goodCount)
        for s in 0..<system.slotCount { demand[system.slotGood[s]] += quantities[s] }
        let supply = allocation.supply
        func positive(_ v: Double) -> Double { v > 0 && v.isFinite ? v : 1 }
        let scales = EquilibriumSystem.Scales(
            quantity: quantities.map(positive),
            price: prices.map(positive),
            supply: (0..<economy.goodCount).map { positive(max(supply[$0], demand[$0])) })
        return (EquilibriumSystem.Point(quantities: quantities, prices: prices), scales)
    }
}

extension EquilibriumSystem {
    /// The whole economy's allocation at a point: every firm of an entry receives and makes the same.
    func allocation(_ point: Point, _ evaluation: Evaluation) -> Allocation {
        var received = [Double](repeating: 0, count: economy.inputSlotCount)
        var made = [Double](repeating: 0, count: economy.firmCount)
        for f in 0..<economy.firmCount {
            let e = Int(economy.firmEntry[f])
            for (i, k) in economy.inputs(of: f).enumerated() { received[k] = point.quantities[slotStart[e] + i] }
            made[f] = evaluation.production[e]
        }
        return Allocation(received: received, output: made, supply: evaluation.supply)
    }
}
