import Foundation
import Synchronization

/// A fixed set of threads that run the chunks of one tick phase at a time.
///
/// A phase over `0..<count` items is cut into chunks of `grain` items whose bounds depend only on `count` and
/// `grain`; the threads (the caller is worker 0) claim chunks one at a time until none is left. Which thread
/// runs a chunk varies, but every item's computation reads only the phase's inputs and writes only its own
/// outputs, and the only cross-chunk reductions are maxima and minima, which are exact in any order. So the
/// results are the same bits for every thread count.
///
/// The caller waits for the chunks to be done, not for the threads: a worker the system has not scheduled
/// simply finds nothing left to claim. Idle workers spin briefly, then sleep until the next phase. Each
/// worker owns the scratch memory of one batch of firms and one slot per reduction.
final class TickWorkers: @unchecked Sendable {
    /// Threads taking part, the caller included.
    let threadCount: Int
    private let shared: Shared
    /// Per-worker scratch.
    let scratch: [Scratch]

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
        /// Per slot of a batch, in the decide phase: the quantity received the tick before; in the produce
        /// phase: the logarithm of the received quantity.
        let logarithms: UnsafeMutablePointer<Double>
        /// Per firm of a batch: the sum of its exponents times logarithms, then its exponential.
        let exponentials: UnsafeMutablePointer<Double>

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
        }

        func deallocate() {
            for p in [values, adjoints, inputPrices, received, logarithms, exponentials] { p.deallocate() }
        }
    }

    /// Most firms in one batch of the produce phase.
    static let batchFirms = 64
    /// Most input slots in one batch of the decide and produce phases, unless one firm alone has more.
    static let batchSlots = 256

    /// Most chunks one phase may have (the claim counter has 20 bits).
    static let maxChunks = 1 << 20 - 1

    init(threads: Int, maxTapeSlots: Int, maxInputs: Int) {
        threadCount = max(1, threads)
        scratch = (0..<threadCount).map { _ in Scratch(maxTapeSlots: maxTapeSlots, maxInputs: maxInputs) }
        shared = Shared(scratch: scratch)
        for worker in 1..<threadCount {
            let shared = self.shared
            let thread = Thread { shared.workerLoop(worker: worker) }
            thread.name = "tick-worker-\(worker)"
            thread.start()
        }
    }

    deinit {
        shared.stop()
        for s in scratch { s.deallocate() }
    }

    /// Runs every chunk of `job` and returns when all are done; the results are in the job's reductions.
    /// With one thread or one chunk, or while another copy of the simulation is using the workers, the
    /// caller runs the same chunks itself, in order.
    func run(_ job: PhaseJob) {
        let chunks = job.chunkCount
        guard chunks > 0 else { return }
        if threadCount == 1 || chunks == 1 || chunks > Self.maxChunks
            || !shared.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            for c in 0..<chunks { job.run(chunk: c, worker: 0, scratch: scratch[0]) }
            return
        }
        shared.runOnAll(job)
        shared.busy.store(false, ordering: .releasing)
    }

    /// State the worker threads share with the owner; lives until the threads have stopped.
    private final class Shared: @unchecked Sendable {
        /// `generation << 40 | chunks << 20 | next chunk`: a claim succeeds only within the phase it was meant for.
        let ticket = Atomic<UInt64>(0)
        let completed = Atomic<Int>(0)
        let busy = Atomic<Bool>(false)
        let stopping = Atomic<Bool>(false)
        let condition = NSCondition()
        /// The job of each generation parity: a phase is published only when the one before it is done, so the
        /// slot it writes is not being read.
        let jobs: UnsafeMutablePointer<PhaseJob>
        let scratch: [Scratch]
        /// Touched only by the publishing thread.
        nonisolated(unsafe) var generation: UInt64 = 0

        init(scratch: [Scratch]) {
            self.scratch = scratch
            jobs = .allocate(capacity: 2)
        }

        deinit { jobs.deallocate() }

        func runOnAll(_ job: PhaseJob) {
            generation = (generation + 1) & 0xFF_FFFF
            let chunks = UInt64(job.chunkCount)
            (jobs + Int(generation & 1)).initialize(to: job)
            completed.store(0, ordering: .relaxed)
            ticket.store(generation << 40 | chunks << 20, ordering: .releasing)
            condition.lock()
            condition.broadcast()
            condition.unlock()
            claimAndRun(generation: generation, worker: 0)
            var spins = 0
            while completed.load(ordering: .acquiring) < job.chunkCount {
                spins += 1
                if spins > 1000 { sched_yield() }
            }
        }

        /// Claims and runs chunks of phase `generation` until none is left; returns at once for a stale phase.
        func claimAndRun(generation: UInt64, worker: Int) {
            var current = ticket.load(ordering: .acquiring)
            while true {
                let next = current & 0xF_FFFF, chunks = (current >> 20) & 0xF_FFFF
                guard current >> 40 == generation, next < chunks else { return }
                let (exchanged, original) = ticket.compareExchange(
                    expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
                guard exchanged else {
                    current = original
                    continue
                }
                jobs[Int(generation & 1)].run(chunk: Int(next), worker: worker, scratch: scratch[worker])
                completed.add(1, ordering: .releasing)
                current = ticket.load(ordering: .acquiring)
            }
        }

        func workerLoop(worker: Int) {
            var seen: UInt64 = 0
            while true {
                var spins = 0
                var generation = ticket.load(ordering: .acquiring) >> 40
                while generation == seen && !stopping.load(ordering: .relaxed) {
                    spins += 1
                    if spins > 100_000 {
                        condition.lock()
                        while ticket.load(ordering: .acquiring) >> 40 == seen && !stopping.load(ordering: .acquiring) {
                            condition.wait()
                        }
                        condition.unlock()
                    } else if spins > 20_000 {
                        sched_yield()
                    }
                    generation = ticket.load(ordering: .acquiring) >> 40
                }
                if stopping.load(ordering: .acquiring) { return }
                seen = generation
                claimAndRun(generation: generation, worker: worker)
            }
        }

        func stop() {
            condition.lock()
            stopping.store(true, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
        }
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
            let largest = tick.decide(firms: range, from: from, to: to, prices: scratch.inputPrices,
                                      received: scratch.received,
                                      previousReceived: scratch.logarithms, capacity: scratch.slotCapacity)
            maxima?.update(worker, largest)
        case .decideAndOrder:
            let largest = tick.decide(firms: range, from: from, to: to, prices: scratch.inputPrices,
                                      received: scratch.received,
                                      previousReceived: scratch.logarithms, capacity: scratch.slotCapacity, demand: to.demand)
            maxima?.update(worker, largest)
        case .order:
            tick.order(goods: range, in: to)
        case .produce:
            if let f = tick.produce(firms: range, in: to, scratch: scratch) { minima?.update(worker, f) }
        case .clear:
            tick.clear(goodPositions: range, in: to)
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
