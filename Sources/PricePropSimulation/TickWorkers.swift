import PricePropBasics

/// The tick's workers: a ``WorkerPool`` that runs the chunks of one tick phase at a time, and each worker's
/// scratch memory.
///
/// A phase over `0..<count` items is cut into chunks of `grain` items whose bounds depend only on `count` and
/// `grain`; the pool's threads (the caller is worker 0) claim chunks one at a time until none is left. Which
/// thread runs a chunk varies, but every item's computation reads only the phase's inputs and writes only its
/// own outputs, and the only cross-chunk reductions are maxima and minima, which are exact in any order. So the
/// results are the same bits for every thread count. Each worker owns the scratch memory of one batch of firms
/// and one slot per reduction (``UnsafeSendable``, reason 3).
final class TickWorkers: Sendable {
    /// Threads taking part, the caller included.
    var threadCount: Int { pool.threadCount }
    private let pool: WorkerPool<Job>
    /// One ``Scratch`` per worker, freed with the workers.
    private let scratchMemory: UnsafeSendable<UnsafeMutableBufferPointer<Scratch>>
    /// Per-worker scratch.
    var scratch: UnsafeMutableBufferPointer<Scratch> { scratchMemory.value }

    /// One worker's scratch memory: for one firm's general sweep, and for one batch of firms' input slots.
    struct Scratch {
        let values: UnsafeMutablePointer<Double>
        let adjoints: UnsafeMutablePointer<Double>
        /// Input slots each per-slot buffer holds: at least the most inputs of any firm.
        let slotCapacity: Int
        /// Per slot of a batch, in the decide phase: the price of its good.
        let inputPrices: UnsafeMutablePointer<Double>
        /// Per slot of a batch, in the decide and the produce phase: the received quantity.
        let received: UnsafeMutablePointer<Double>
        /// Per slot of a batch, in the decide phase: the quantity received the tick before (one firm at a
        /// time) or the step in log space (a run at once); in the produce phase: the logarithm of the received
        /// quantity.
        let logarithms: UnsafeMutablePointer<Double>
        /// Per firm of a batch: the sum of its exponents times logarithms, then its exponential.
        let exponentials: UnsafeMutablePointer<Double>
        /// Two per slot of a batch, in the decide phase: in the first half every slot's bundle ratio of the
        /// curvature secant, then its logarithm, then the growth `exp(step)`; in the second, the marginal ratios
        /// of the slots whose bundle moved, then their logarithms.
        let secant: UnsafeMutablePointer<Double>

        init(maxTapeSlots: Int, maxInputs: Int) {
            func make(_ n: Int) -> UnsafeMutablePointer<Double> {
                // Padded so that workers never write the same cache line.
                let p = UnsafeMutablePointer<Double>.allocate(capacity: n + 8)
                p.initialize(repeating: 0, count: n + 8)
                return p
            }
            slotCapacity = max(TickWorkers.batchSlots, maxInputs)
            values = make(max(1, maxTapeSlots))
            adjoints = make(max(1, maxTapeSlots))
            inputPrices = make(slotCapacity)
            received = make(slotCapacity)
            logarithms = make(slotCapacity)
            exponentials = make(TickWorkers.batchFirms)
            secant = make(2 * slotCapacity)
        }

        func deallocate() {
            for p in [values, adjoints, inputPrices, received, logarithms, exponentials, secant] { p.deallocate() }
        }
    }

    /// Most firms in one batch of the produce phase.
    static let batchFirms = 64
    /// Most input slots in one batch of the decide and produce phases, unless one firm alone has more.
    static let batchSlots = 256

    init(threads: Int, maxTapeSlots: Int, maxInputs: Int) {
        pool = WorkerPool(threads: threads, name: "tick-worker")
        let scratch = UnsafeMutableBufferPointer<Scratch>.allocate(capacity: pool.threadCount)
        for w in scratch.indices { scratch.initializeElement(at: w, to: Scratch(maxTapeSlots: maxTapeSlots, maxInputs: maxInputs)) }
        scratchMemory = UnsafeSendable(scratch)
    }

    deinit {
        for s in scratch { s.deallocate() }
        scratch.deinitialize()
        scratch.deallocate()
    }

    /// Runs every chunk of `job` and returns when all are done; the results are in the job's reductions.
    /// With one thread or one chunk, or while another copy of the simulation is using the workers, the
    /// caller runs the same chunks itself, in order.
    func run(_ job: PhaseJob) {
        pool.run(Job(phase: UnsafeSendable(job), scratch: UnsafeSendable(UnsafePointer(scratch.baseAddress.unsafelyUnwrapped))))
    }

    /// A phase with the workers' scratch, as the pool runs it. The phase's pointers are read by every chunk
    /// and written only at the items a chunk owns, and each worker's scratch only by that worker
    /// (``UnsafeSendable``, reasons 1 to 3).
    struct Job: WorkerJob {
        let phase: UnsafeSendable<PhaseJob>
        let scratch: UnsafeSendable<UnsafePointer<Scratch>>
        var chunkCount: Int { phase.value.chunkCount }
        func run(chunk: Int, worker: Int) { phase.value.run(chunk: chunk, worker: worker, scratch: scratch.value[worker]) }
    }
}

/// One tick phase as plain data, so any worker can run any of its chunks without reference counting.
struct PhaseJob {
    enum Kind {
        /// Phase 1 over all firms; the largest plan change per worker into `maxima`.
        case decide
        /// Phases 1 and 2 together over all firms, for one thread taking the chunks in order: each good's demand
        /// (zeroed beforehand) sums its buyers' plans as they are decided.
        case decideAndOrder
        /// Phase 2 over all goods.
        case order
        /// Phase 3, firms `base..<base+count` of one level; the first faulty firm per worker into `minima`.
        case produce
        /// Phase 3, goods at positions `base..<base+count` of the level order.
        case clear
    }

    var kind: Kind
    var tick: TickContext
    var from: Frame
    var to: Frame
    var base: Int
    var count: Int
    var grain: Int
    var maxima: WorkerMaxima?
    var minima: WorkerMinima?

    var chunkCount: Int { count <= 0 ? 0 : (count + grain - 1) / grain }

    func run(chunk: Int, worker: Int, scratch: TickWorkers.Scratch) {
        let range = (base + chunk * grain)..<(base + min(count, (chunk + 1) * grain))
        switch kind {
        case .decide:
            let largest = tick.decide(firms: range, from: from, to: to, scratch: scratch)
            maxima?.update(worker, largest)
        case .decideAndOrder:
            let largest = tick.decide(firms: range, from: from, to: to, scratch: scratch, demand: to.demand)
            maxima?.update(worker, largest)
        case .order:
            tick.order(goods: range, in: to)
        case .produce:
            if let f = tick.produce(firms: range, in: to, scratch: scratch) { minima?.update(worker, f) }
        case .clear:
            tick.clear(goodPositions: range, in: to, previousOutput: from.output)
        }
    }
}

/// One running maximum per worker, on its own cache line, combined at the end; maxima are exact in any order.
struct WorkerMaxima {
    private let slots: UnsafeMutablePointer<Double>
    private let count: Int
    private static let stride = 8

    init(_ workers: Int) {
        count = workers
        slots = .allocate(capacity: workers * Self.stride)
        slots.initialize(repeating: 0, count: workers * Self.stride)
    }

    func update(_ worker: Int, _ value: Double) {
        slots[worker * Self.stride] = max(slots[worker * Self.stride], value)
    }

    var value: Double {
        var largest = 0.0
        for w in 0..<count { largest = max(largest, slots[w * Self.stride]) }
        return largest
    }

    func deallocate() { slots.deallocate() }
}

/// One running minimum of firm indices per worker, combined at the end.
struct WorkerMinima {
    private let slots: UnsafeMutablePointer<Int>
    private let count: Int
    private static let stride = 8

    init(_ workers: Int) {
        count = workers
        slots = .allocate(capacity: workers * Self.stride)
        slots.initialize(repeating: .max, count: workers * Self.stride)
    }

    func update(_ worker: Int, _ value: Int) {
        slots[worker * Self.stride] = min(slots[worker * Self.stride], value)
    }

    var value: Int? {
        var smallest = Int.max
        for w in 0..<count { smallest = min(smallest, slots[w * Self.stride]) }
        return smallest == .max ? nil : smallest
    }

    func deallocate() { slots.deallocate() }
}
