#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PricePropBasics
import Synchronization

/// The temporary files this process has open, so that a signal handler can remove them before the process
/// ends at once.
///
/// Each path is kept as a C string in one of a fixed number of atomic slots, so ``removeAll()`` needs no lock
/// and no allocation and is safe to call from a signal handler. A path the handler takes is never freed (the
/// process is ending); one that ``unregister(_:)`` takes back is freed there. When every slot is taken the file
/// is simply not registered: it is still removed on every ordinary path, and a later run removes it as stale.
package enum TemporaryFiles {
    /// Slots for files open at the same time; a command writes at most a few.
    static let capacity = 64

    // Allocated once and never freed; the pointer itself never changes after initialisation, and the slots
    // it points to are touched only through atomics (``UnsafeSendable``).
    private static let sharedSlots: UnsafeSendable<UnsafeMutablePointer<Atomic<UInt>>> = {
        let slots = UnsafeMutablePointer<Atomic<UInt>>.allocate(capacity: capacity)
        for index in 0..<capacity { (slots + index).initialize(to: Atomic<UInt>(0)) }
        return UnsafeSendable(slots)
    }()
    private static var slots: UnsafeMutablePointer<Atomic<UInt>> { sharedSlots.value }

    /// Sets up the slots; call before installing a signal handler that calls ``removeAll()``, so the handler
    /// never runs the one-time initialisation.
    package static func prepare() { _ = slots }

    /// A registered path, to hand back to ``unregister(_:)``.
    struct Registration {
        fileprivate let address: UInt
    }

    /// Records `path` for removal on a signal; `nil` when every slot is taken.
    static func register(_ path: String) -> Registration? {
        guard let copy = strdup(path) else { return nil }
        let address = UInt(bitPattern: copy)
        for index in 0..<capacity where slots[index].compareExchange(
            expected: 0, desired: address, ordering: .sequentiallyConsistent).exchanged {
            return Registration(address: address)
        }
        free(copy)
        return nil
    }

    /// Forgets a path once its file has been renamed into place or removed.
    static func unregister(_ registration: Registration?) {
        guard let registration else { return }
        for index in 0..<capacity where slots[index].compareExchange(
            expected: registration.address, desired: 0, ordering: .sequentiallyConsistent).exchanged {
            free(UnsafeMutableRawPointer(bitPattern: registration.address))
            return
        }
        // A signal handler took it (and removed the file); the process is ending, so it is not freed.
    }

    /// Removes every registered file. Async-signal-safe: only atomic exchanges and `unlink`.
    package static func removeAll() {
        for index in 0..<capacity {
            let address = slots[index].exchange(0, ordering: .sequentiallyConsistent)
            if let path = UnsafePointer<CChar>(bitPattern: address) { unlink(path) }
        }
    }

    /// Whether `path` is registered now (for tests).
    static func contains(_ path: String) -> Bool {
        (0..<capacity).contains { index in
            let address = slots[index].load(ordering: .sequentiallyConsistent)
            return UnsafePointer<CChar>(bitPattern: address).map { String(cString: $0) == path } ?? false
        }
    }
}
