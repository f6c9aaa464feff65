import PricePropExpression
import PricePropEconomy

/// The economy's fixed structure copied into flat buffers for the tick loop: integer indices only, no
/// reference counting or bounds checks per firm. Built once per ``Simulation`` and shared by its copies.
///
/// Holds what ``Economy`` never changes after building (the network and the tapes). What events may change
/// (endowments, fixed prices, parameter values) is read from the economy at each tick.
final class TickNetwork: @unchecked Sendable {
    let view: View
    /// Keeps the tapes, and so the memory their kernels point into, alive.
    private let tapes: [Tape]
    private let buffers: [UnsafeMutableRawPointer]

    /// Plain pointers and counts; valid while the ``TickNetwork`` is alive.
    struct View {
        let firmCount: Int, goodCount: Int, levelCount: Int
        /// Per firm (`firmCount + 1` for the starts).
        let inputStart: UnsafePointer<Int32>
        let parameterStart: UnsafePointer<Int32>
        let firmOutput: UnsafePointer<Int32>
        let firmTape: UnsafePointer<Int32>
        /// Per input slot.
        let inputGood: UnsafePointer<Int32>
        /// Per good, compressed rows.
        let producerStart: UnsafePointer<Int32>
        let producers: UnsafePointer<Int32>
        let userStart: UnsafePointer<Int32>
        let users: UnsafePointer<Int32>
        /// Per level.
        let levelFirmStart: UnsafePointer<Int32>
        let levelGoodStart: UnsafePointer<Int32>
        let levelGoods: UnsafePointer<Int32>
        /// One kernel per tape.
        let kernels: UnsafePointer<TapeKernel>
        /// Goods the market prices, ascending.
        let pricedGoods: UnsafePointer<Int32>
        let pricedGoodCount: Int

        @inline(__always) func firms(atLevel l: Int) -> Range<Int> { Int(levelFirmStart[l])..<Int(levelFirmStart[l + 1]) }
        /// Positions in ``levelGoods`` of the goods of level `l`.
        @inline(__always) func goodPositions(atLevel l: Int) -> Range<Int> { Int(levelGoodStart[l])..<Int(levelGoodStart[l + 1]) }
    }

    init(_ economy: Economy, pricedGoods: [Int32]) {
        var buffers: [UnsafeMutableRawPointer] = []
        func copy<T>(_ array: [T]) -> UnsafePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
            p.initialize(from: array, count: array.count)
            buffers.append(UnsafeMutableRawPointer(p))
            return UnsafePointer(p)
        }
        tapes = economy.tapes
        view = View(
            firmCount: economy.firmCount, goodCount: economy.goodCount, levelCount: economy.levelCount,
            inputStart: copy(economy.inputStart), parameterStart: copy(economy.parameterStart),
            firmOutput: copy(economy.firmOutput), firmTape: copy(economy.firmTape), inputGood: copy(economy.inputGood),
            producerStart: copy(economy.producerStart), producers: copy(economy.producers),
            userStart: copy(economy.userStart), users: copy(economy.users),
            levelFirmStart: copy(economy.levelFirmStart), levelGoodStart: copy(economy.levelGoodStart),
            levelGoods: copy(economy.levelGoods), kernels: copy(economy.tapes.map(\.code.kernel)),
            pricedGoods: copy(pricedGoods), pricedGoodCount: pricedGoods.count)
        self.buffers = buffers
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }
}
