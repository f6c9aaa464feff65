import Foundation
import Synchronization

/// Work a ``WorkerPool`` runs: `chunkCount` chunks, each run exactly once, by some worker.
///
/// A job is `Sendable` data that the workers only read (see ``UnsafeSendable``, reason 2); `run` writes only
/// what its chunk owns (reason 1) and per-worker scratch by its `worker` index (reason 3), through pointers
/// the job carries in ``UnsafeSendable``.
package protocol WorkerJob: Sendable {
    /// How many chunks the job has; they are numbered `0..<chunkCount`.
    var chunkCount: Int { get }
    /// Runs chunk `chunk` on worker `worker` (in `0..<threadCount`; no two chunks run at once on one worker).
    func run(chunk: Int, worker: Int)
}

/// The package's one set of worker threads: a fixed number of threads that run the chunks of one job at a
/// time, the calling thread taking part as worker 0.
///
/// The threads claim chunks one at a time until none is left; which thread runs a chunk varies, so a job's
/// results must not depend on it (each chunk writes its own items; reductions are exact in any order or kept
/// per chunk). The caller waits for the chunks to be done, not for the threads: a worker the system has not
/// scheduled simply finds nothing left to claim. Idle workers spin for a while, then sleep until the next job,
/// so a pool woken often (a tick's phases) pays no system call per phase and a pool left idle costs nothing.
///
/// A pool runs one job at a time; ``run(_:)`` from another thread while it is busy (or from inside one of its
/// own chunks) runs that job's chunks on the calling thread instead, in order, so nesting cannot deadlock.
package final class WorkerPool<Job: WorkerJob>: Sendable {
    /// Threads taking part, the caller included.
    package let threadCount: Int
    private let shared: Shared

    /// Most chunks one job may have (the claim counter has 20 bits); larger jobs run on the caller.
    package static var maxChunks: Int { 1 << 20 - 1 }

    /// Starts `threads - 1` threads (none for one thread); an idle worker spins `spins` times before it sleeps.
    package init(threads: Int, name: String, spins: Int = 100_000) {
        threadCount = max(1, threads)
        shared = Shared(spins: spins)
        for worker in 1..<threadCount {
            let shared = self.shared
            let thread = Thread { shared.workerLoop(worker: worker) }
            thread.name = "\(name)-\(worker)"
            thread.start()
        }
    }

    deinit { shared.stop() }

    /// Runs every chunk of `job` and returns when all are done. With one thread or one chunk, or while the
    /// pool is busy with another job, the caller runs the chunks itself, in order.
    package func run(_ job: Job) {
        let chunks = job.chunkCount
        guard chunks > 0 else { return }
        if threadCount == 1 || chunks == 1 || chunks > Self.maxChunks || !tryAcquire() {
            for c in 0..<chunks { job.run(chunk: c, worker: 0) }
            return
        }
        shared.runOnAll(job)
        shared.busy.store(false, ordering: .releasing)
    }

    /// Claims the pool for one job; `false` if another job has it.
    private func tryAcquire() -> Bool {
        shared.busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    /// State the worker threads share with the owner; lives until the threads have stopped.
    private final class Shared: Sendable {
        /// `generation << 40 | chunks << 20 | next chunk`: a claim succeeds only within the job it was meant for.
        let ticket = Atomic<UInt64>(0)
        let completed = Atomic<Int>(0)
        let busy = Atomic<Bool>(false)
        let stopping = Atomic<Bool>(false)
        /// The last generation published; written only by the thread holding `busy`.
        let generation = Atomic<UInt64>(0)
        let condition = NSCondition()
        let spins: Int
        /// The job of each generation parity: a job is published only when the one before it is done, so the
        /// slot it writes is not being read (``UnsafeSendable``, reason 2).
        let jobs: UnsafeSendable<UnsafeMutablePointer<Job>>

        init(spins: Int) {
            self.spins = spins
            jobs = UnsafeSendable(.allocate(capacity: 2))
        }

        deinit { jobs.value.deallocate() }

        func runOnAll(_ job: Job) {
            let generation = (self.generation.load(ordering: .relaxed) + 1) & 0xFF_FFFF
            self.generation.store(generation, ordering: .relaxed)
            let slot = jobs.value + Int(generation & 1)
            slot.initialize(to: job)
            completed.store(0, ordering: .relaxed)
            ticket.store(generation << 40 | UInt64(job.chunkCount) << 20, ordering: .releasing)
            condition.lock()
            condition.broadcast()
            condition.unlock()
            claimAndRun(generation: generation, worker: 0)
            var spins = 0
            while completed.load(ordering: .acquiring) < job.chunkCount {
                spins += 1
                if spins > 1000 { sched_yield() }
            }
            // Every chunk has completed, so no worker reads the slot any more.
            slot.deinitialize(count: 1)
        }

        /// Claims and runs chunks of job `generation` until none is left; returns at once for a stale job.
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
                jobs.value[Int(generation & 1)].run(chunk: Int(next), worker: worker)
                completed.add(1, ordering: .releasing)
                current = ticket.load(ordering: .acquiring)
            }
        }

        func workerLoop(worker: Int) {
            var seen: UInt64 = 0
            while true {
                var spun = 0
                var generation = ticket.load(ordering: .acquiring) >> 40
                while generation == seen && !stopping.load(ordering: .relaxed) {
                    spun += 1
                    if spun > spins {
                        condition.lock()
                        while ticket.load(ordering: .acquiring) >> 40 == seen && !stopping.load(ordering: .acquiring) {
                            condition.wait()
                        }
                        condition.unlock()
                    } else if spun > spins / 5 {
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
