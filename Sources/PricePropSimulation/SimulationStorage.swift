import PricePropEconomy

/// One complete market state: what a tick reads from (the current frame) or writes to (the next frame).
struct Frame {
    // Per good.
    let prices: UnsafeMutablePointer<Double>
    let demand: UnsafeMutablePointer<Double>
    let supply: UnsafeMutablePointer<Double>
    /// Fraction of each order filled.
    let fill: UnsafeMutablePointer<Double>
    // Per input slot.
    /// What each slot ordered; it received `plan × fill` of its good (see ``received(_:inputGood:)``).
    let plan: UnsafeMutablePointer<Double>
    /// `∂f/∂x` at the received bundle.
    let marginal: UnsafeMutablePointer<Double>
    /// The most each slot ever received, its firm's own scale for it (see ``FirmState/largestReceived``).
    let largestReceived: UnsafeMutablePointer<Double>
    /// Each slot's firm's estimate of its curvature (see ``FirmState/curvature``).
    let curvature: UnsafeMutablePointer<Double>
    /// Each slot's firm's relaxation of its proximal weight (see ``FirmState/stepScale``).
    let stepScale: UnsafeMutablePointer<Double>
    // Per firm.
    let output: UnsafeMutablePointer<Double>

    /// What slot `k`, buying good `inputGood`, received: its order filled at the good's fill ratio. Computed
    /// where needed rather than stored, the same product the produce phase takes, so the same bits; a stored
    /// copy would be one more array written every tick.
    @inline(__always)
    func received(_ k: Int, inputGood: Int32) -> Double { plan[k] * fill[Int(inputGood)] }

    fileprivate var arrays: [UnsafeMutablePointer<Double>] { [prices, demand, supply, fill, plan, marginal, largestReceived, curvature, stepScale, output] }
}

/// The engine's arrays, allocated once, in two frames: a tick reads the current one and writes the next, and
/// only a tick that completes swaps them, so a failed tick leaves the last complete state untouched.
/// Owned by one ``Simulation`` value at a time (copied on write).
final class SimulationStorage: @unchecked Sendable {
    let goodCount: Int, slotCount: Int, firmCount: Int
    private(set) var current: Frame
    private(set) var next: Frame
    /// Each good's ``TickContext/GoodKind`` and endowment, read from the economy at each tick (events may
    /// change them).
    let goodKind: UnsafeMutablePointer<UInt8>
    let endowment: UnsafeMutablePointer<Double>

    init(goods: Int, slots: Int, firms: Int) {
        func make(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
            p.initialize(repeating: 0, count: max(n, 1))
            return p
        }
        func frame() -> Frame {
            Frame(prices: make(goods), demand: make(goods), supply: make(goods), fill: make(goods),
                  plan: make(slots), marginal: make(slots), largestReceived: make(slots),
                  curvature: make(slots), stepScale: make(slots), output: make(firms))
        }
        goodCount = goods; slotCount = slots; firmCount = firms
        current = frame()
        next = frame()
        goodKind = .allocate(capacity: max(goods, 1))
        goodKind.initialize(repeating: 0, count: max(goods, 1))
        endowment = make(goods)
    }

    /// Copies each good's role into ``goodKind`` and ``endowment``.
    func readGoods(_ goods: [Good]) {
        for (g, good) in goods.enumerated() {
            switch good.role {
            case let .primary(e):
                goodKind[g] = TickContext.GoodKind.primary.rawValue
                endowment[g] = e
            case .intermediate:
                goodKind[g] = TickContext.GoodKind.intermediate.rawValue
            case .fixedPrice:
                goodKind[g] = TickContext.GoodKind.fixedPrice.rawValue
            }
        }
    }

    private var counts: [Int] { [goodCount, goodCount, goodCount, goodCount, slotCount, slotCount, slotCount, slotCount, slotCount, firmCount] }

    /// Makes the next frame current.
    func commit() { swap(&current, &next) }

    /// A copy of both frames: the next frame still holds the tick before the current one, which firms
    /// read as their last-but-one bundle, so a copy steps exactly as the original would.
    func copy() -> SimulationStorage {
        let c = SimulationStorage(goods: goodCount, slots: slotCount, firms: firmCount)
        for ((from, to), n) in zip(zip(current.arrays, c.current.arrays), counts) { to.update(from: from, count: n) }
        for ((from, to), n) in zip(zip(next.arrays, c.next.arrays), counts) { to.update(from: from, count: n) }
        return c
    }

    deinit {
        for p in current.arrays + next.arrays { p.deallocate() }
        goodKind.deallocate()
        endowment.deallocate()
    }
}
