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

    /// A state to start Newton's method from: every good's price and the whole economy's allocation, such as
    /// an equilibrium of a slightly different economy or a market's state.
    public struct Start: Sendable {
        /// Per good (fixed-price goods' entries are not read).
        public var prices: [Double]
        public var allocation: Allocation

        public init(prices: [Double], allocation: Allocation) {
            self.prices = prices
            self.allocation = allocation
        }

        /// The equilibrium's own prices and allocation.
        public init(_ equilibrium: Equilibrium) {
            self.init(prices: equilibrium.prices, allocation: equilibrium.allocation)
        }
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
        var prices = simulation.prices
        for g in system.pricedGoods {
            let derivative = adjoint.goods[g]
            if derivative > 0 && derivative.isFinite { prices[g] = derivative }
        }
        return startingPoint(system, allocation: allocation, prices: prices)
    }

    /// `start`'s quantities and prices (a negative or non-finite price taken as 0), with the scales taken there.
    static func start(_ system: EquilibriumSystem, at start: Start) -> (EquilibriumSystem.Point, EquilibriumSystem.Scales) {
        startingPoint(system, allocation: start.allocation, prices: start.prices)
    }

    /// Iterations from the tick-0 start that may pass without the residual falling below its start value
    /// before the solver restarts from the market's settled state (``settledStart(_:)``); a line search that
    /// finds no descent restarts it at once.
    static let patience = 10

    /// Ticks and tolerance of the market run ``settledStart(_:)`` starts from.
    static let settleTicks = 10_000, settleTolerance = 1e-6

    /// The market's state once it has settled: the tick engine run from tick 0 with the default mechanism
    /// until its prices, quantities and excess demands are within ``settleTolerance`` (or for ``settleTicks``
    /// ticks), with the scales taken there; nil when the market diverges.
    ///
    /// Newton's method needs a start inside the region where its linear model points towards the answer.
    /// The tick-0 allocation is one for acyclic networks, but a cyclic network's carried goods start at one
    /// unit per use, whatever the network's size: on the US input-output scenarios a household starts with 2
    /// units of goods it buys by the million, and where every industry has constant returns its first-order
    /// conditions are homogeneous of degree one in the prices, so the linear model meets the household's
    /// marginal utility (far too high at 2 units) by sending every price towards 0, a region where every
    /// industry's conditions hold at any allocation. The market's state is an allocation of the right size
    /// with prices near their level; Newton then converges in a few iterations to the same equations' root.
    static func settledStart(_ system: EquilibriumSystem) throws(EquilibriumError)
        -> (EquilibriumSystem.Point, EquilibriumSystem.Scales)? {
        let simulation: Simulation
        do { simulation = try Simulation(economy: system.economy) } catch { throw .start(error) }
        var run = Run(simulation: simulation, options: .init(maxTicks: settleTicks, tolerance: settleTolerance, record: false))
        if case .diverged = run.execute().outcome { return nil }
        return startingPoint(system, allocation: run.simulation.allocation, prices: run.simulation.prices)
    }

    /// The point of `allocation` (each entry's first firm's inputs) and `prices` (market-priced goods; the
    /// others at their constant price), and the scales taken there: each slot's quantity, each good's price
    /// and the larger of its supply and demand (1 where those are 0).
    static func startingPoint(_ system: EquilibriumSystem, allocation: Allocation, prices given: [Double])
        -> (EquilibriumSystem.Point, EquilibriumSystem.Scales) {
        let economy = system.economy
        var quantities = [Double](repeating: 0, count: system.slotCount)
        for e in 0..<system.entryCount {
            for (i, k) in economy.inputs(of: system.firstFirm[e]).enumerated() {
                quantities[system.slotStart[e] + i] = allocation.received[k]
            }
        }
        var prices = system.constantPrice
        for g in system.pricedGoods where given[g].isFinite { prices[g] = max(given[g], 0) }
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
