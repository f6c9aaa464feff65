import PricePropExpression

/// The economy's fixed structure as plain pointers and counts: integer indices only, no reference counting
/// or bounds checks per firm, so that worker threads share it. The one view of the network that the tick
/// engine, the comparator's reverse and forward passes and the planner read.
///
/// Holds what an ``Economy`` never changes after building (the network and the tapes' kernels). What events
/// may change (endowments, fixed prices, parameter values) is read from the economy itself. Valid while the
/// ``Economy/Network`` that made it is alive.
package struct NetworkView: @unchecked Sendable {
    package let firmCount: Int, goodCount: Int, levelCount: Int
    /// Input slots of all firms, `inputStart[firmCount]`.
    package var slotCount: Int { Int(inputStart[firmCount]) }
    /// Per firm (`firmCount + 1` for the starts).
    package let inputStart: UnsafePointer<Int32>
    package let parameterStart: UnsafePointer<Int32>
    package let firmOutput: UnsafePointer<Int32>
    package let firmTape: UnsafePointer<Int32>
    /// Per input slot.
    package let inputGood: UnsafePointer<Int32>
    /// Per good, compressed rows.
    package let producerStart: UnsafePointer<Int32>
    package let producers: UnsafePointer<Int32>
    package let userStart: UnsafePointer<Int32>
    package let users: UnsafePointer<Int32>
    /// Per level.
    package let levelFirmStart: UnsafePointer<Int32>
    package let levelGoodStart: UnsafePointer<Int32>
    package let levelGoods: UnsafePointer<Int32>
    /// One kernel per tape.
    package let kernels: UnsafePointer<TapeKernel>
    /// Per good: whether it is carried (its supply is what was made of it the tick before).
    package let carried: UnsafePointer<Bool>

    /// Firms of level `l`.
    @inline(__always) package func firms(atLevel l: Int) -> Range<Int> { Int(levelFirmStart[l])..<Int(levelFirmStart[l + 1]) }
    /// Positions in ``levelGoods`` of the goods of level `l`.
    @inline(__always) package func goodPositions(atLevel l: Int) -> Range<Int> { Int(levelGoodStart[l])..<Int(levelGoodStart[l + 1]) }
    /// Input slots of firm `f`.
    @inline(__always) package func inputs(of f: Int) -> Range<Int> { Int(inputStart[f])..<Int(inputStart[f + 1]) }
    /// Producer firms of good `g`, as positions in ``producers``.
    @inline(__always) package func producerPositions(of g: Int) -> Range<Int> { Int(producerStart[g])..<Int(producerStart[g + 1]) }
    /// Input slots using good `g`, as positions in ``users``.
    @inline(__always) package func userPositions(of g: Int) -> Range<Int> { Int(userStart[g])..<Int(userStart[g + 1]) }
}

extension Economy {
    /// Owns the flat copies a ``NetworkView`` points into. Built once with the economy and shared by its
    /// copies and by every simulation, comparison and planner made from it.
    ///
    /// `@unchecked Sendable`: the buffers are written only in `init` and read-only afterwards.
    package final class Network: @unchecked Sendable {
        package let view: NetworkView
        /// Keeps the tapes, and so the memory their kernels point into, alive.
        private let tapes: [Tape]
        private let buffers: [UnsafeMutableRawPointer]

        init(_ e: Economy.Structure, tapes: [Tape]) {
            var buffers: [UnsafeMutableRawPointer] = []
            func copy<T>(_ array: [T]) -> UnsafePointer<T> {
                let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
                p.initialize(from: array, count: array.count)
                buffers.append(UnsafeMutableRawPointer(p))
                return UnsafePointer(p)
            }
            self.tapes = tapes
            view = NetworkView(
                firmCount: e.firmOutput.count, goodCount: e.producerStart.count - 1, levelCount: e.levelFirmStart.count - 1,
                inputStart: copy(e.inputStart), parameterStart: copy(e.parameterStart),
                firmOutput: copy(e.firmOutput), firmTape: copy(e.firmTape), inputGood: copy(e.inputGood),
                producerStart: copy(e.producerStart), producers: copy(e.producers),
                userStart: copy(e.userStart), users: copy(e.users),
                levelFirmStart: copy(e.levelFirmStart), levelGoodStart: copy(e.levelGoodStart),
                levelGoods: copy(e.levelGoods), kernels: copy(tapes.map(\.code.kernel)), carried: copy(e.carried))
            self.buffers = buffers
        }

        deinit {
            for buffer in buffers { buffer.deallocate() }
        }
    }

    /// The index arrays a ``Network`` copies, gathered while building.
    struct Structure {
        var inputStart: [Int32], parameterStart: [Int32], firmOutput: [Int32], firmTape: [Int32], inputGood: [Int32]
        var producerStart: [Int32], producers: [Int32], userStart: [Int32], users: [Int32]
        var levelFirmStart: [Int32], levelGoodStart: [Int32], levelGoods: [Int32]
        var carried: [Bool]
    }
}
