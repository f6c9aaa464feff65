#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PriceProp
import Synchronization

/// SIGINT and SIGTERM, handled so that the process always ends promptly, with a message and status 130 or
/// 143, and never leaves a temporary file behind.
///
/// Outside ``keepingResults(_:)`` (loading, building, generating, printing) nothing finished is worth
/// keeping, so the handler itself removes every temporary file, writes `priceprop: error: interrupted` and
/// ends the process. Inside it (ticking, sweeping, sensitivities, writing what they recorded) the first signal
/// only sets a flag that the work polls after every tick or point, so it stops and still writes, completely,
/// what it recorded; a second signal ends the process at once, again removing the temporary files.
enum Interruption {
    private static let received = Atomic<Int32>(0)
    /// 1 while the running work polls ``caught`` and keeps its results.
    private static let polling = Atomic<Int32>(0)
    private static let installed = Atomic<Bool>(false)

    /// Installs the handlers (once; later calls do nothing). The real entry point calls it before anything
    /// else, so a signal during argument parsing or loading is handled too.
    static func install() {
        guard !installed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        // Everything the handler touches is initialised here, so the handler never runs a lazy initialiser.
        TemporaryFiles.prepare()
        _ = received.load(ordering: .sequentiallyConsistent)
        _ = polling.load(ordering: .sequentiallyConsistent)
        let handler: @convention(c) (Int32) -> Void = { signal in
            let first = Interruption.received.exchange(signal, ordering: .sequentiallyConsistent) == 0
            if first, Interruption.polling.load(ordering: .sequentiallyConsistent) == 1 { return }
            Interruption.end(signal: signal, first: first)
        }
        _ = signal(SIGINT, handler)
        _ = signal(SIGTERM, handler)
        // A parent may have started us with these signals blocked (thread pools block signals on their
        // workers, and children inherit the mask); unblock them so a stop request is seen.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &mask, nil)
    }

    /// Runs `body` with signals turned into a request to stop (see ``caught``) rather than an immediate end,
    /// so that it can stop at the end of a tick or point and write what it has.
    static func keepingResults<T>(_ body: () throws -> T) rethrows -> T {
        install()
        polling.store(1, ordering: .sequentiallyConsistent)
        defer { polling.store(0, ordering: .sequentiallyConsistent) }
        return try body()
    }

    /// Removes every temporary file, says so and ends the process; async-signal-safe.
    private static func end(signal: Int32, first: Bool) -> Never {
        TemporaryFiles.removeAll()
        let message: StaticString = first
            ? "priceprop: error: interrupted\n"
            : "priceprop: error: interrupted again; stopped at once, unfinished files removed\n"
        _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
        _exit(128 + signal)
    }

    /// Runs `wait`, which may never return (opening a FIFO that nobody reads), as outside
    /// ``keepingResults(_:)``: a signal, including one already received, ends the process at once with the
    /// usual message and status, the outputs already in place kept and temporary files removed.
    static func waitingIndefinitely(_ wait: () -> Int32) -> Int32 {
        let previous = polling.exchange(0, ordering: .sequentiallyConsistent)
        defer { polling.store(previous, ordering: .sequentiallyConsistent) }
        // Read after polling is 0, so a signal is either seen here or handled by the handler itself.
        if let signal = caught { end(signal: signal, first: true) }
        return wait()
    }

    /// The signal received, if any.
    static var caught: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// The conventional exit status for the signal: 130 for SIGINT, 143 for SIGTERM.
    static var exitStatus: Int32 { 128 + (caught ?? SIGINT) }
}
