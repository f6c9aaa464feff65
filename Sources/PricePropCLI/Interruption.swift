#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// SIGINT and SIGTERM turned into a flag that long runs poll at the end of each tick, so they stop cleanly
/// and still write what they recorded.
enum Interruption {
    private static let received = Atomic<Int32>(0)

    /// Installs the handlers; the first signal sets the flag, a second one ends the process at once.
    static func install() {
        let handler: @convention(c) (Int32) -> Void = { signal in
            if Interruption.received.exchange(signal, ordering: .relaxed) != 0 { _exit(128 + signal) }
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

    /// The signal received, if any.
    static var caught: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// The conventional exit status for the signal: 130 for SIGINT, 143 for SIGTERM.
    static var exitStatus: Int32 { 128 + (caught ?? SIGINT) }
}
